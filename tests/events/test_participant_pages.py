"""What a participant reads before signing up: whether the event is full (and that new sign-ups
go to the waitlist), on the event page and on the registration form; and the programme, where
talks and speakers' biographies come in the reader's language and each talk appears once."""

from datetime import timedelta

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from django.utils import timezone, translation

from events.forms import EventForm, SpeakerForm, TalkForm
from events.models import EventStatus, Speaker, Talk
from registration.models import RegistrationStatus, Role
from tests.factories import AgendaItemFactory, EventFactory, RegistrationFactory, SpeakerFactory, TalkFactory
from tests.support import event_data, make_user

pytestmark = pytest.mark.django_db

FULL = "The event is full."
WAITLIST = "new sign-ups go to the waitlist"


def _page(client, url) -> str:
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    return " ".join(response.content.decode().split())


def _fill(event, count: int, **extra):
    for _ in range(count):
        RegistrationFactory(event=event, **extra)


# ---------------------------------------------------------------- full events and the waitlist


def test_event_page_says_a_full_event_sends_new_sign_ups_to_the_waitlist(client):
    event = EventFactory(capacity=3)
    _fill(event, 3)

    page = _page(client, event.get_absolute_url())

    assert FULL in page and WAITLIST in page
    assert page.index(FULL) < page.index(reverse("registration:register", args=[event.slug]))
    assert "Join the waitlist" in page


def test_registration_form_says_the_event_is_full_before_it_is_filled_in(client):
    event = EventFactory(capacity=2)
    _fill(event, 2)

    page = _page(client, reverse("registration:register", args=[event.slug]))

    assert FULL in page
    assert "If you sign up now, you go on the waitlist" in page
    assert page.index(FULL) < page.index('name="full_name"')
    assert ">Join the waitlist</button>" in page


def test_event_with_room_says_nothing_of_a_waitlist_and_few_places_are_counted(client):
    roomy, nearly = EventFactory(capacity=100), EventFactory(capacity=12)
    _fill(roomy, 3)
    _fill(nearly, 9)

    roomy_page, nearly_page = _page(client, roomy.get_absolute_url()), _page(client, nearly.get_absolute_url())

    assert FULL not in roomy_page and "places left" not in roomy_page
    assert FULL not in nearly_page
    assert "Only 3 places left." in nearly_page


def test_only_confirmed_participants_fill_an_event(client):
    event = EventFactory(capacity=2)
    _fill(event, 1)
    RegistrationFactory(event=event, role=Role.SPEAKER)
    RegistrationFactory(event=event, status=RegistrationStatus.CANCELLED)
    RegistrationFactory(event=event, status=RegistrationStatus.WAITLISTED)

    page = _page(client, event.get_absolute_url())

    assert FULL not in page
    assert "Only 1 place left." in page


def test_event_without_a_capacity_is_never_full(client):
    event = EventFactory(capacity=None)
    _fill(event, 5)

    assert FULL not in _page(client, event.get_absolute_url())


def test_full_notice_only_while_registration_is_open(client):
    closed = EventFactory(capacity=1, registration_closes_at=timezone.now() - timedelta(hours=1))
    start = timezone.now() - timedelta(days=14)
    held = EventFactory(capacity=1, start_at=start, end_at=start + timedelta(hours=2), status=EventStatus.FINISHED)
    _fill(closed, 1)
    _fill(held, 1)

    closed_page, held_page = _page(client, closed.get_absolute_url()), _page(client, held.get_absolute_url())

    assert FULL not in closed_page and "Registration is closed for this event." in closed_page
    assert FULL not in held_page and WAITLIST not in held_page


def test_event_page_in_kazakh_says_it_is_full(client):
    event = EventFactory(capacity=1)
    _fill(event, 1)

    page = client.get(event.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="kk").content.decode()

    assert "Іс-шарада бос орын жоқ." in page
    assert "Күту парағына жазылу" in page


# ---------------------------------------------------------------- the programme


def test_a_talk_on_the_agenda_appears_once(client):
    event = EventFactory()
    speaker = SpeakerFactory(full_name="Әлия Сейітқызы")
    talk = TalkFactory(event=event, speaker=speaker, title_kk="Бюджет және қоғам", title_en="Budget and society")
    item = AgendaItemFactory(event=event, talk=talk, title_kk="Бюджет және қоғам", title_en="Budget and society")
    item.speakers.add(speaker)
    TalkFactory(event=event, title_kk="Тағы бір баяндама", title_en="Another talk")

    page = _page(client, event.get_absolute_url())

    assert page.count("Budget and society") == 1
    assert page.count("Another talk") == 1  # a talk off the agenda is listed under the talks
    assert page.count("Әлия Сейітқызы") == 2  # on the agenda line and among the speakers


def test_an_agenda_item_with_its_own_title_shows_the_talks_title_beneath(client):
    event = EventFactory()
    talk = TalkFactory(event=event, title_kk="Ашық деректер", title_en="Open data")
    AgendaItemFactory(event=event, talk=talk, title_kk="Бірінші сессия", title_en="First session")

    page = _page(client, event.get_absolute_url())

    assert page.count("Open data") == 1 and "First session" in page
    assert "<h2>Talks</h2>" not in page


@pytest.mark.parametrize(
    ("language", "title", "bio"),
    [
        ("kk", "Жергілікті бюджет", "Экономист, он жыл тәжірибесі бар."),
        ("ru", "Местный бюджет", "Экономист с десятилетним опытом."),
        ("en", "The local budget", "An economist with ten years of experience."),
    ],
)
def test_talks_and_biographies_follow_the_readers_language(client, language, title, bio):
    event = EventFactory()
    speaker = SpeakerFactory(
        bio_kk="Экономист, он жыл тәжірибесі бар.",
        bio_ru="Экономист с десятилетним опытом.",
        bio_en="An economist with ten years of experience.",
    )
    TalkFactory(
        event=event,
        speaker=speaker,
        title_kk="Жергілікті бюджет",
        title_ru="Местный бюджет",
        title_en="The local budget",
        abstract_kk="Қысқаша",
        abstract_ru="Кратко",
        abstract_en="In short",
    )

    page = client.get(event.get_absolute_url(), HTTP_ACCEPT_LANGUAGE=language).content.decode()

    assert title in page and bio in page
    assert {"kk": "Қысқаша", "ru": "Кратко", "en": "In short"}[language] in page


def test_a_missing_translation_falls_back_to_kazakh(client):
    event = EventFactory()
    TalkFactory(event=event, title_kk="Тек қазақша", speaker=SpeakerFactory(bio_kk="Қазақша өмірбаян"))

    page = client.get(event.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="ru").content.decode()

    assert "Тек қазақша" in page and "Қазақша өмірбаян" in page


def test_the_organisers_forms_take_every_language():
    assert {"title_kk", "title_ru", "title_en", "abstract_kk", "abstract_ru", "abstract_en"} <= set(
        TalkForm.base_fields
    )
    assert {"bio_kk", "bio_ru", "bio_en"} <= set(SpeakerForm.base_fields)


def test_organiser_saves_a_talk_in_three_languages(client):
    event = EventFactory()
    speaker = SpeakerFactory()
    client.force_login(make_user("org", "organiser"))

    client.post(
        reverse("manage:talk_create", args=[event.slug]),
        {"title_kk": "Бюджет", "title_ru": "Бюджет города", "title_en": "The city budget", "speaker": speaker.pk},
    )

    assert list(Talk.objects.values_list("title_kk", "title_ru", "title_en")) == [
        ("Бюджет", "Бюджет города", "The city budget")
    ]


def test_an_event_cannot_take_the_speakers_pages_address():
    with translation.override("en"):
        form = EventForm(data=event_data(slug="speakers"))

        assert form.errors["slug"] == ["“speakers” is the address of another page; choose another one."]


@pytest.mark.django_db(transaction=True)
def test_migration_keeps_existing_titles_and_biographies_in_the_kazakh_fields():
    executor = MigrationExecutor(connection)
    before, after = [("events", "0003_event_checkin_window")], [("events", "0004_talk_speaker_translations")]
    try:
        executor.migrate(before)
        old = executor.loader.project_state(before).apps
        event = old.get_model("events", "Event").objects.create(
            slug="old", title_kk="Ескі", start_at="2030-01-01T10:00Z", end_at="2030-01-01T12:00Z"
        )
        speaker = old.get_model("events", "Speaker").objects.create(full_name="Ескі спикер", bio="Ескі өмірбаян")
        old.get_model("events", "Talk").objects.create(
            event=event, speaker=speaker, title="Ескі баяндама", abstract="Аннотация"
        )

        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(after)

        talk = Talk.objects.get()
        assert (talk.title_kk, talk.title_ru, talk.title_en, talk.abstract_kk) == ("Ескі баяндама", "", "", "Аннотация")
        assert Speaker.objects.values_list("bio_kk", "bio_ru", "bio_en").get() == ("Ескі өмірбаян", "", "")
    finally:
        # Back to the latest schema, whatever happened: the tests after this one in this process need it.
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())
