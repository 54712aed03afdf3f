from datetime import timedelta

import factory
from django.utils import timezone

from events.models import AgendaItem, Event, EventKind, EventStatus, Speaker, Talk, Venue
from registration.models import Registration, RegistrationStatus, Role


class VenueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Venue

    name = factory.Sequence(lambda n: f"Зал {n}")
    address = "Тәуке хан даңғылы, 1"


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    slug = factory.Sequence(lambda n: f"event-{n}")
    kind = EventKind.YOUTH_SESSION
    title_kk = factory.Sequence(lambda n: f"Ақпараттық сессия {n}")
    title_ru = factory.Sequence(lambda n: f"Информационная сессия {n}")
    title_en = factory.Sequence(lambda n: f"Information session {n}")
    start_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=7))
    end_at = factory.LazyAttribute(lambda o: o.start_at + timedelta(hours=2))
    venue = factory.SubFactory(VenueFactory)
    capacity = 100
    status = EventStatus.PUBLISHED
    # The door is open from eight days before the start, so a test may check people in now at an
    # event a week ahead; tests of the check-in window set it (or the times) themselves.
    checkin_opens_minutes_before = 8 * 24 * 60


class SpeakerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Speaker

    full_name = factory.Sequence(lambda n: f"Спикер {n}")
    position = "Аким аппаратының маманы"
    organisation = "Шымкент қаласының әкімдігі"
    email = factory.Sequence(lambda n: f"speaker{n}@example.kz")
    phone = "+77010000000"


class TalkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Talk

    event = factory.SubFactory(EventFactory)
    speaker = factory.SubFactory(SpeakerFactory)
    title_kk = factory.Sequence(lambda n: f"Баяндама {n}")


class AgendaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgendaItem

    event = factory.SubFactory(EventFactory)
    starts_at = factory.LazyAttribute(lambda o: o.event.start_at)
    ends_at = factory.LazyAttribute(lambda o: o.event.start_at + timedelta(minutes=30))
    title_kk = factory.Sequence(lambda n: f"Бағдарлама тармағы {n}")


class RegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Registration

    event = factory.SubFactory(EventFactory)
    full_name = factory.Sequence(lambda n: f"Қатысушы {n}")
    phone = factory.Sequence(lambda n: f"+7701{n:07d}")
    role = Role.PARTICIPANT
    status = RegistrationStatus.CONFIRMED
    consent_text = "Келісемін"
    consent_at = factory.LazyFunction(timezone.now)
