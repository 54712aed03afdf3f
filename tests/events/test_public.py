import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from events.models import Event, EventKind, EventStatus
from tests.factories import AgendaItemFactory, EventFactory, SpeakerFactory, TalkFactory

pytestmark = pytest.mark.django_db

LIST_URL = "/events/"
LANGUAGES = ["kk", "ru", "en"]
TITLES = {"kk": "Жергілікті бюджет семинары", "ru": "Семинар о местном бюджете", "en": "Local budget seminar"}


def _html_lang(response) -> str:
    match = re.search(r'<html lang="([^"]+)">', response.content.decode())
    assert match, "no <html lang> attribute"
    return match.group(1)


def _slugs(response) -> list[str]:
    return [event.slug for event in response.context["events"]]


def _past(**kwargs):
    start = timezone.now() - timedelta(days=kwargs.pop("days_ago", 10))
    return EventFactory(start_at=start, end_at=start + timedelta(hours=2), **kwargs)


@pytest.fixture
def seminar():
    return EventFactory(
        slug="budget-seminar",
        kind=EventKind.BUDGET_SEMINAR,
        title_kk=TITLES["kk"],
        title_ru=TITLES["ru"],
        title_en=TITLES["en"],
    )


# ---------------------------------------------------------------- languages


@pytest.mark.parametrize("language", LANGUAGES)
def test_list_renders_in_each_language_from_cookie(client, seminar, language):
    client.cookies["django_language"] = language

    response = client.get(LIST_URL)

    assert response.status_code == 200
    assert _html_lang(response) == language
    assert TITLES[language] in response.content.decode()


@pytest.mark.parametrize("language", LANGUAGES)
def test_detail_renders_in_each_language_from_accept_language(client, seminar, language):
    response = client.get(seminar.get_absolute_url(), HTTP_ACCEPT_LANGUAGE=language)

    assert response.status_code == 200
    assert _html_lang(response) == language
    assert f"<h1>{TITLES[language]}</h1>" in response.content.decode()


def test_kazakh_is_the_default_language(client, seminar):
    response = client.get(LIST_URL)

    assert _html_lang(response) == "kk"
    assert TITLES["kk"] in response.content.decode()


def test_missing_translation_shows_the_kazakh_title(client):
    event = EventFactory(title_kk="Жастар форумы", title_ru="", title_en="")

    response = client.get(event.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en")

    assert _html_lang(response) == "en"
    assert "<h1>Жастар форумы</h1>" in response.content.decode()


def test_unsupported_language_falls_back_to_kazakh(client, seminar):
    response = client.get(LIST_URL, HTTP_ACCEPT_LANGUAGE="de")

    assert _html_lang(response) == "kk"


def test_language_switcher_changes_the_language(seminar):
    client = Client(enforce_csrf_checks=True)
    page = client.get(seminar.get_absolute_url()).content.decode()
    form = re.search(r'<form action="([^"]+)" method="post" class="langs">(.*?)</form>', page, re.S)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.group(2)).group(1)
    next_url = re.search(r'name="next" type="hidden" value="([^"]+)"', form.group(2)).group(1)
    offered = re.findall(r'name="language" value="([^"]+)"', form.group(2))

    response = client.post(
        form.group(1), {"language": "ru", "next": next_url, "csrfmiddlewaretoken": token}, follow=True
    )

    assert form.group(1) == "/i18n/setlang/"
    assert offered == ["kk", "ru", "en"]
    assert next_url == seminar.get_absolute_url()
    assert response.redirect_chain == [(seminar.get_absolute_url(), 302)]
    assert response.status_code == 200
    assert _html_lang(response) == "ru"
    assert f"<h1>{TITLES['ru']}</h1>" in response.content.decode()
    assert client.cookies["django_language"].value == "ru"
    assert _html_lang(client.get(LIST_URL)) == "ru"


def test_language_switcher_ignores_unknown_language(client, seminar):
    response = client.post("/i18n/setlang/", {"language": "xx", "next": LIST_URL}, follow=True)

    assert response.redirect_chain == [(LIST_URL, 302)]
    assert _html_lang(response) == "kk"
    assert "django_language" not in client.cookies


# ---------------------------------------------------------------- who sees what


def test_anonymous_list_shows_only_published_upcoming_events(client):
    EventFactory(slug="draft", status=EventStatus.DRAFT)
    EventFactory(slug="cancelled", status=EventStatus.CANCELLED)
    EventFactory(slug="later", start_at=timezone.now() + timedelta(days=20))
    EventFactory(slug="sooner", start_at=timezone.now() + timedelta(days=2))
    _past(slug="old")

    response = client.get(LIST_URL)

    assert response.status_code == 200
    assert _slugs(response) == ["sooner", "later"]


def test_organiser_list_hides_drafts_too(organiser_client):
    EventFactory(slug="draft", status=EventStatus.DRAFT)
    EventFactory(slug="published")

    response = organiser_client.get(LIST_URL)

    assert _slugs(response) == ["published"]


def test_past_events_latest_first_without_drafts_or_cancelled(client):
    _past(slug="long-ago", days_ago=30)
    _past(slug="finished", days_ago=5, status=EventStatus.FINISHED)
    _past(slug="recent", days_ago=2)
    _past(slug="past-draft", status=EventStatus.DRAFT)
    _past(slug="past-cancelled", status=EventStatus.CANCELLED)
    EventFactory(slug="upcoming")

    response = client.get(LIST_URL, {"when": "past"})

    assert response.status_code == 200
    assert _slugs(response) == ["recent", "finished", "long-ago"]
    assert response.context["past"] is True


def test_empty_list_says_so(client):
    EventFactory(slug="draft", status=EventStatus.DRAFT)

    response = client.get(LIST_URL, HTTP_ACCEPT_LANGUAGE="en")

    assert _slugs(response) == []
    assert "No events here yet." in response.content.decode()


def test_kind_filter_shows_only_that_kind(client):
    EventFactory(slug="seminar-1", kind=EventKind.BUDGET_SEMINAR)
    EventFactory(slug="youth-1", kind=EventKind.YOUTH_SESSION)
    EventFactory(slug="seminar-2", kind=EventKind.BUDGET_SEMINAR, start_at=timezone.now() + timedelta(days=30))
    EventFactory(slug="conference", kind=EventKind.CONFERENCE)

    response = client.get(LIST_URL, {"kind": "budget_seminar"})

    assert _slugs(response) == ["seminar-1", "seminar-2"]
    assert response.context["kind"] == "budget_seminar"


def test_kind_filter_combines_with_past(client):
    _past(slug="old-seminar", kind=EventKind.BUDGET_SEMINAR)
    _past(slug="old-youth", kind=EventKind.YOUTH_SESSION)
    EventFactory(slug="new-seminar", kind=EventKind.BUDGET_SEMINAR)

    response = client.get(LIST_URL, {"kind": "budget_seminar", "when": "past"})

    assert _slugs(response) == ["old-seminar"]


def test_unknown_kind_is_ignored(client):
    EventFactory(slug="seminar", kind=EventKind.BUDGET_SEMINAR)
    EventFactory(slug="youth", kind=EventKind.YOUTH_SESSION, start_at=timezone.now() + timedelta(days=9))

    response = client.get(LIST_URL, {"kind": "nonsense"})

    assert response.status_code == 200
    assert _slugs(response) == ["seminar", "youth"]


@pytest.mark.parametrize("status", [EventStatus.DRAFT, EventStatus.CANCELLED])
def test_anonymous_gets_404_for_hidden_event(client, status):
    event = EventFactory(status=status)

    response = client.get(event.get_absolute_url())

    assert response.status_code == 404


@pytest.mark.parametrize("who", ["volunteer_client", "grantor_client"])
def test_volunteer_and_grantor_get_404_for_draft(request, who):
    event = EventFactory(status=EventStatus.DRAFT)

    response = request.getfixturevalue(who).get(event.get_absolute_url())

    assert response.status_code == 404


def test_unknown_slug_is_404(client):
    assert client.get("/events/no-such-event/").status_code == 404


def test_organiser_can_open_a_draft(organiser_client):
    event = EventFactory(status=EventStatus.DRAFT, title_kk="Жоба")

    response = organiser_client.get(event.get_absolute_url())

    assert response.status_code == 200
    assert response.context["event"] == event
    assert "<h1>Жоба</h1>" in response.content.decode()
    assert response.context["registration_open"] is False


def test_finished_event_detail_is_public(client):
    event = _past(status=EventStatus.FINISHED)

    response = client.get(event.get_absolute_url())

    assert response.status_code == 200
    assert response.context["registration_open"] is False


def test_detail_offers_registration_when_open(client):
    event = EventFactory()

    response = client.get(event.get_absolute_url())

    assert response.context["registration_open"] is True
    assert f'<a class="btn big" href="/events/{event.slug}/register/">' in response.content.decode()


def test_detail_says_registration_is_closed(client):
    event = EventFactory(registration_opens_at=timezone.now() + timedelta(days=1))

    response = client.get(event.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en")

    assert response.context["registration_open"] is False
    assert "Registration is closed for this event." in response.content.decode()


# ---------------------------------------------------------------- programme


def test_detail_lists_agenda_and_speakers_without_duplicates(client):
    event = EventFactory()
    aliya = SpeakerFactory(full_name="Әлия Сейітқызы")
    erlan = SpeakerFactory(full_name="Ерлан Тұрсынұлы")
    gulnar = SpeakerFactory(full_name="Гүлнар Әбдірахманова")
    aliya_talk = TalkFactory(event=event, speaker=aliya, title_kk="Өзін-өзі басқару")
    TalkFactory(event=event, speaker=erlan, title_kk="Тарих")
    opening = AgendaItemFactory(
        event=event, title_kk="Ашылу", starts_at=event.start_at, ends_at=event.start_at + timedelta(minutes=20)
    )
    panel = AgendaItemFactory(
        event=event,
        title_kk="Пікірталас",
        talk=aliya_talk,
        starts_at=event.start_at + timedelta(minutes=30),
        ends_at=event.start_at + timedelta(minutes=60),
    )
    panel.speakers.add(aliya, gulnar)
    other_event_speaker = TalkFactory(speaker=SpeakerFactory(full_name="Басқа адам")).speaker

    response = client.get(event.get_absolute_url())

    html = response.content.decode()
    assert response.status_code == 200
    assert list(response.context["event"].agenda_items.all()) == [opening, panel]
    assert response.context["speakers"] == [aliya, erlan, gulnar]
    assert html.count('class="speaker card"') == 3
    assert "<strong>Ашылу</strong>" in html and "<strong>Пікірталас</strong>" in html
    assert other_event_speaker.full_name not in html


def test_speaker_only_in_agenda_talk_is_listed(client):
    event = EventFactory()
    other = EventFactory()
    speaker = SpeakerFactory(full_name="Мәдина Жақсылықова")
    talk = TalkFactory(event=other, speaker=speaker)
    AgendaItemFactory(event=event, talk=talk)

    response = client.get(event.get_absolute_url())

    assert response.context["speakers"] == [speaker]


def test_detail_without_programme_has_no_agenda_or_speakers(client):
    event = EventFactory()

    response = client.get(event.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en")

    html = response.content.decode()
    assert response.context["speakers"] == []
    assert "<h2>Agenda</h2>" not in html and "<h2>Speakers</h2>" not in html


# ---------------------------------------------------------------- phones and query counts

PHONE_UA = (
    "Mozilla/5.0 (Linux; Android 13; SM-A145F) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Mobile Safari/537.36"
)


@pytest.mark.parametrize("path", ["list", "detail"])
def test_pages_have_the_viewport_meta_for_phones(client, seminar, path):
    url = LIST_URL if path == "list" else seminar.get_absolute_url()

    response = client.get(url, HTTP_USER_AGENT=PHONE_UA)

    assert response.status_code == 200
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in response.content.decode()


LIST_QUERY_BOUND = 1  # the events with their venues, in one query


@pytest.mark.parametrize("count", [1, 5])
def test_list_queries_do_not_grow_with_events(client, django_assert_max_num_queries, count):
    for n in range(count):
        EventFactory(start_at=timezone.now() + timedelta(days=n + 1), venue__name=f"Зал {n}")

    with django_assert_max_num_queries(LIST_QUERY_BOUND):
        response = client.get(LIST_URL)

    assert len(response.context["events"]) == count


@pytest.mark.parametrize("count", [1, 5])
def test_list_queries_for_organiser_do_not_grow(organiser_client, django_assert_max_num_queries, count):
    for n in range(count):
        EventFactory(start_at=timezone.now() + timedelta(days=n + 1))

    # session, user, roles, the user's and the groups' permissions (menu links), events
    with django_assert_max_num_queries(6):
        response = organiser_client.get(LIST_URL)

    assert len(response.context["events"]) == count


@pytest.mark.parametrize("count", [1, 3])
def test_detail_queries_do_not_grow_with_programme(client, django_assert_max_num_queries, count):
    event = EventFactory()
    for n in range(count):
        talk = TalkFactory(event=event)
        item = AgendaItemFactory(
            event=event,
            talk=talk,
            starts_at=event.start_at + timedelta(minutes=30 * n),
            ends_at=event.start_at + timedelta(minutes=30 * n + 20),
        )
        item.speakers.add(SpeakerFactory())

    # event+venue, agenda+talks, agenda speakers, talks+speakers, places taken
    with django_assert_max_num_queries(5):
        response = client.get(event.get_absolute_url())

    assert len(response.context["speakers"]) == 2 * count


def test_an_event_marked_finished_before_its_end_is_on_the_past_list(client):
    """Found reading the change again: it was on neither list until its end."""
    now = timezone.now()
    EventFactory(slug="closed-early", start_at=now - timedelta(hours=1), end_at=now + timedelta(hours=2))
    Event.objects.filter(slug="closed-early").update(status=EventStatus.FINISHED)

    past = client.get(LIST_URL, {"when": "past"})
    upcoming = client.get(LIST_URL)

    assert _slugs(past) == ["closed-early"]
    assert _slugs(upcoming) == []
