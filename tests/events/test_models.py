from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation

from events.models import AgendaItem, Event, EventStatus, Speaker, SpeakerApproval
from tests.factories import AgendaItemFactory, EventFactory, SpeakerFactory

pytestmark = pytest.mark.django_db


def _refused_by_db(action):
    with pytest.raises(IntegrityError), transaction.atomic():
        action()


# ---------------------------------------------------------------- constraints at the database


def test_db_refuses_event_ending_when_it_starts():
    start = timezone.now() + timedelta(days=3)

    _refused_by_db(lambda: EventFactory(slug="same-time", start_at=start, end_at=start))

    assert not Event.objects.filter(slug="same-time").exists()


def test_db_refuses_event_ending_before_it_starts():
    start = timezone.now() + timedelta(days=3)

    _refused_by_db(lambda: EventFactory(slug="backwards", start_at=start, end_at=start - timedelta(minutes=1)))

    assert not Event.objects.filter(slug="backwards").exists()


def test_db_refuses_moving_end_before_start_via_update():
    event = EventFactory()

    _refused_by_db(lambda: Event.objects.filter(pk=event.pk).update(end_at=event.start_at - timedelta(hours=1)))

    event.refresh_from_db()
    assert event.end_at == event.start_at + timedelta(hours=2)


def test_db_accepts_event_ending_one_second_after_start():
    start = timezone.now() + timedelta(days=3)

    event = EventFactory(start_at=start, end_at=start + timedelta(seconds=1))

    assert Event.objects.get(pk=event.pk).end_at == start + timedelta(seconds=1)


def test_db_refuses_negative_capacity():
    event = EventFactory(capacity=10)

    _refused_by_db(lambda: Event.objects.filter(pk=event.pk).update(capacity=-1))

    event.refresh_from_db()
    assert event.capacity == 10


def test_db_accepts_zero_and_empty_capacity():
    zero = EventFactory(capacity=0)
    unlimited = EventFactory(capacity=None)

    assert Event.objects.get(pk=zero.pk).capacity == 0
    assert Event.objects.get(pk=unlimited.pk).capacity is None


def test_db_refuses_duplicate_slug():
    EventFactory(slug="budget-day")

    _refused_by_db(lambda: EventFactory(slug="budget-day"))

    assert Event.objects.filter(slug="budget-day").count() == 1


def test_db_refuses_registration_closing_before_it_opens():
    event = EventFactory()
    opens = event.start_at - timedelta(days=2)

    _refused_by_db(
        lambda: Event.objects.filter(pk=event.pk).update(
            registration_opens_at=opens, registration_closes_at=opens - timedelta(hours=1)
        )
    )

    event.refresh_from_db()
    assert (event.registration_opens_at, event.registration_closes_at) == (None, None)


def test_db_refuses_registration_closing_when_it_opens():
    event = EventFactory()
    opens = event.start_at - timedelta(days=2)

    _refused_by_db(
        lambda: Event.objects.filter(pk=event.pk).update(registration_opens_at=opens, registration_closes_at=opens)
    )

    event.refresh_from_db()
    assert (event.registration_opens_at, event.registration_closes_at) == (None, None)


def test_db_refuses_registration_closing_after_the_event_ends():
    start = timezone.now() + timedelta(days=3)

    _refused_by_db(
        lambda: EventFactory(
            slug="late-close",
            start_at=start,
            end_at=start + timedelta(hours=2),
            registration_closes_at=start + timedelta(hours=2, seconds=1),
        )
    )

    assert not Event.objects.filter(slug="late-close").exists()


def test_db_accepts_registration_closing_exactly_at_the_end():
    start = timezone.now() + timedelta(days=3)

    event = EventFactory(
        start_at=start,
        end_at=start + timedelta(hours=2),
        registration_opens_at=start - timedelta(days=5),
        registration_closes_at=start + timedelta(hours=2),
    )

    assert Event.objects.get(pk=event.pk).registration_closes_at == start + timedelta(hours=2)


@pytest.mark.parametrize("minutes", [0, -15])
def test_db_refuses_agenda_item_not_ending_after_start(minutes):
    event = EventFactory()

    _refused_by_db(
        lambda: AgendaItem.objects.create(
            event=event, title_kk="Ашылу", starts_at=event.start_at, ends_at=event.start_at + timedelta(minutes=minutes)
        )
    )

    assert AgendaItem.objects.filter(event=event).count() == 0


def test_db_refuses_approved_speaker_without_date():
    _refused_by_db(lambda: Speaker.objects.create(full_name="Асқар Бекұлы", approval=SpeakerApproval.APPROVED))

    assert not Speaker.objects.filter(full_name="Асқар Бекұлы").exists()


def test_db_refuses_clearing_the_approval_date_of_an_approved_speaker():
    speaker = SpeakerFactory(approval=SpeakerApproval.APPROVED, approved_on=date(2026, 3, 1))

    _refused_by_db(lambda: Speaker.objects.filter(pk=speaker.pk).update(approved_on=None))

    speaker.refresh_from_db()
    assert speaker.approved_on == date(2026, 3, 1)


@pytest.mark.parametrize("approval", [SpeakerApproval.PENDING, SpeakerApproval.REJECTED])
def test_db_accepts_unapproved_speaker_without_date(approval):
    speaker = SpeakerFactory(approval=approval, approved_on=None)

    assert Speaker.objects.get(pk=speaker.pk).approval == approval


# ---------------------------------------------------------------- full_clean() messages


def _errors(instance) -> dict:
    with translation.override("en"), pytest.raises(ValidationError) as info:
        instance.full_clean()
    with translation.override("en"):
        return {field: [str(m) for m in messages] for field, messages in info.value.message_dict.items()}


@pytest.mark.parametrize("minutes", [0, -30])
def test_full_clean_explains_event_end_before_start(minutes):
    start = timezone.now() + timedelta(days=3)
    event = EventFactory.build(venue=None, start_at=start, end_at=start + timedelta(minutes=minutes))

    assert _errors(event) == {"__all__": ["The event must end after it starts."]}


def test_full_clean_explains_negative_capacity_on_the_field():
    event = EventFactory.build(venue=None, capacity=-1)

    assert _errors(event) == {"capacity": ["Ensure this value is greater than or equal to 0."]}


def test_capacity_constraint_message():
    event = EventFactory.build(venue=None, capacity=-1)

    # The constraint fills its message in when it raises, so the language must be active by then.
    with translation.override("en"), pytest.raises(ValidationError) as info:
        event.validate_constraints()

    assert [str(m) for m in info.value.messages] == ["Capacity cannot be negative."]


def test_full_clean_explains_duplicate_slug():
    EventFactory(slug="youth-day")
    event = EventFactory.build(venue=None, slug="youth-day")

    assert _errors(event) == {"slug": ["Event with this Public address already exists."]}


def test_full_clean_refuses_the_address_of_another_page_as_a_slug():
    # The model refuses it, so the admin (which makes the slug from the title) cannot take it either.
    event = EventFactory.build(venue=None, slug="speakers")

    assert _errors(event) == {"slug": ["“speakers” is the address of another page; choose another one."]}


def test_the_admin_cannot_give_an_event_the_speakers_pages_address(admin_client):
    start = timezone.now() + timedelta(days=3)
    data = {
        "slug": "speakers",
        "kind": "other",
        "title_kk": "Спикерлер",
        "start_at_0": start.strftime("%Y-%m-%d"),
        "start_at_1": "10:00:00",
        "end_at_0": start.strftime("%Y-%m-%d"),
        "end_at_1": "12:00:00",
        "checkin_opens_minutes_before": "120",
        "status": "draft",
        "primary_colour": "#0b5394",
        "accent_colour": "#f1c232",
        **{f"{prefix}-{key}": value for prefix in ("talks", "agenda_items") for key, value in _EMPTY_INLINE.items()},
    }

    response = admin_client.post(reverse("admin:events_event_add"), data)

    assert response.status_code == 200
    assert not Event.objects.filter(slug="speakers").exists()
    errors = response.context["adminform"].form.errors.as_data()
    assert {field: [error.code for error in found] for field, found in errors.items()} == {"slug": ["reserved_slug"]}


_EMPTY_INLINE = {"TOTAL_FORMS": "0", "INITIAL_FORMS": "0", "MIN_NUM_FORMS": "0", "MAX_NUM_FORMS": "1000"}


def test_full_clean_explains_registration_window_order():
    event = EventFactory.build(venue=None)
    event.registration_opens_at = event.start_at - timedelta(days=1)
    event.registration_closes_at = event.start_at - timedelta(days=2)

    assert _errors(event) == {"__all__": ["Registration must close after it opens."]}


def test_full_clean_explains_registration_closing_after_end():
    event = EventFactory.build(venue=None)
    event.registration_closes_at = event.end_at + timedelta(minutes=1)

    assert _errors(event) == {"__all__": ["Registration cannot close after the event ends."]}


def test_full_clean_explains_agenda_item_order():
    event = EventFactory()
    item = AgendaItemFactory.build(event=event, starts_at=event.start_at, ends_at=event.start_at)

    assert _errors(item) == {"__all__": ["An agenda item must end after it starts."]}


def test_full_clean_explains_approved_speaker_without_date():
    speaker = SpeakerFactory.build(approval=SpeakerApproval.APPROVED, approved_on=None)

    assert _errors(speaker) == {"__all__": ["An approved speaker needs the date of approval."]}


def test_full_clean_accepts_a_valid_event():
    event = EventFactory.build(venue=None)
    event.registration_opens_at = event.start_at - timedelta(days=5)
    event.registration_closes_at = event.start_at

    event.full_clean()

    assert event.registration_window() == (event.start_at - timedelta(days=5), event.start_at)


# ---------------------------------------------------------------- translations


def test_title_and_description_in_the_active_language():
    event = EventFactory.build(
        title_kk="Жастар күні",
        title_ru="День молодёжи",
        title_en="Youth day",
        description_kk="Сипаттама",
        description_ru="Описание",
        description_en="Description",
    )

    with translation.override("kk"):
        kk = (event.title, event.description)
    with translation.override("ru"):
        ru = (event.title, event.description)
    with translation.override("en"):
        en = (event.title, event.description)

    assert kk == ("Жастар күні", "Сипаттама")
    assert ru == ("День молодёжи", "Описание")
    assert en == ("Youth day", "Description")


@pytest.mark.parametrize("language", ["ru", "en"])
def test_empty_translation_falls_back_to_kazakh(language):
    event = EventFactory.build(
        title_kk="Жастар күні",
        title_ru="",
        title_en="",
        description_kk="Сипаттама",
        description_ru="",
        description_en="",
    )

    with translation.override(language):
        assert (event.title, event.description, str(event)) == ("Жастар күні", "Сипаттама", "Жастар күні")


def test_agenda_item_title_falls_back_to_kazakh():
    item = AgendaItemFactory.build(event=EventFactory.build(), title_kk="Ашылу", title_ru="Открытие", title_en="")

    with translation.override("en"):
        en = item.title
    with translation.override("ru"):
        ru = item.title

    assert (en, ru) == ("Ашылу", "Открытие")


# ---------------------------------------------------------------- is_registration_open


def _event(**kwargs) -> Event:
    start = timezone.now() + timedelta(days=10)
    defaults = {"start_at": start, "end_at": start + timedelta(hours=2)}
    return EventFactory.build(**{**defaults, **kwargs})


@pytest.mark.parametrize(
    "status, expected",
    [
        (EventStatus.DRAFT, False),
        (EventStatus.PUBLISHED, True),
        (EventStatus.CANCELLED, False),
        (EventStatus.FINISHED, False),
    ],
)
def test_registration_is_open_only_for_published_events(status, expected):
    event = _event(status=status)

    assert event.is_registration_open() is expected


def test_registration_is_closed_before_it_opens():
    event = _event(registration_opens_at=timezone.now() + timedelta(days=1))

    assert event.is_registration_open() is False
    assert event.is_registration_open(now=event.registration_opens_at) is True
    assert event.is_registration_open(now=event.registration_opens_at - timedelta(seconds=1)) is False


def test_registration_is_closed_after_it_closes():
    event = _event()
    event.registration_opens_at = event.start_at - timedelta(days=5)
    event.registration_closes_at = event.start_at - timedelta(days=1)

    assert event.is_registration_open(now=event.registration_closes_at - timedelta(seconds=1)) is True
    assert event.is_registration_open(now=event.registration_closes_at) is False
    assert event.is_registration_open(now=event.start_at - timedelta(hours=1)) is False


def test_registration_closes_at_the_start_by_default():
    event = _event()

    assert event.registration_window() == (None, event.start_at)
    assert event.is_registration_open(now=event.start_at - timedelta(seconds=1)) is True
    assert event.is_registration_open(now=event.start_at) is False
    assert event.is_registration_open(now=event.start_at + timedelta(minutes=30)) is False


def test_db_refuses_a_door_opening_more_than_30_days_before_the_start():
    """Found reading the change again: a huge value overflowed the window's date (a 500 at every scan)."""
    event = EventFactory()

    _refused_by_db(lambda: Event.objects.filter(pk=event.pk).update(checkin_opens_minutes_before=2_000_000_000))

    event.refresh_from_db()
    assert event.checkin_opens_minutes_before == 8 * 24 * 60


def test_full_clean_explains_a_door_opening_too_early_on_the_field():
    event = EventFactory.build(venue=None, checkin_opens_minutes_before=30 * 24 * 60 + 1)

    assert _errors(event) == {"checkin_opens_minutes_before": ["Ensure this value is less than or equal to 43200."]}
