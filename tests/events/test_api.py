from datetime import timedelta

import pytest
from django.utils import timezone

from events.models import EventKind, EventStatus
from tests.factories import AgendaItemFactory, EventFactory, SpeakerFactory, TalkFactory

pytestmark = pytest.mark.django_db


def _past(**kwargs):
    start = timezone.now() - timedelta(days=kwargs.pop("days_ago", 10))
    return EventFactory(start_at=start, end_at=start + timedelta(hours=2), **kwargs)


def _slugs(response) -> list[str]:
    return [event["slug"] for event in response.json()]


def test_list_returns_published_upcoming_events_only(client):
    EventFactory(slug="later", start_at=timezone.now() + timedelta(days=20))
    EventFactory(slug="sooner", start_at=timezone.now() + timedelta(days=2))
    EventFactory(slug="draft", status=EventStatus.DRAFT)
    EventFactory(slug="cancelled", status=EventStatus.CANCELLED)
    _past(slug="past")
    _past(slug="finished", status=EventStatus.FINISHED)

    response = client.get("/api/events")

    assert response.status_code == 200
    assert _slugs(response) == ["sooner", "later"]


def test_list_item_shape(client):
    start = (timezone.now() + timedelta(days=3)).replace(microsecond=0)
    event = EventFactory(
        slug="seminar",
        kind=EventKind.BUDGET_SEMINAR,
        title_en="Budget seminar",
        description_en="About the budget",
        start_at=start,
        end_at=start + timedelta(hours=3),
        capacity=30,
        venue__name="Мәслихат",
        venue__address="Әл-Фараби алаңы, 2",
    )

    response = client.get("/api/events", HTTP_ACCEPT_LANGUAGE="en")

    [item] = response.json()
    assert item == {
        "slug": "seminar",
        "kind": "budget_seminar",
        "title": "Budget seminar",
        "description": "About the budget",
        "start_at": item["start_at"],
        "end_at": item["end_at"],
        "status": "published",
        "capacity": 30,
        "registration_open": True,
        "venue": {"name": "Мәслихат", "address": "Әл-Фараби алаңы, 2", "city": "Шымкент", "map_url": ""},
        "url": "/events/seminar/",
    }
    assert timezone.datetime.fromisoformat(item["start_at"]) == event.start_at
    assert timezone.datetime.fromisoformat(item["end_at"]) == event.end_at


def test_list_titles_follow_accept_language(client):
    EventFactory(title_kk="Жастар күні", title_ru="День молодёжи", title_en="")

    kk = client.get("/api/events").json()[0]["title"]
    ru = client.get("/api/events", HTTP_ACCEPT_LANGUAGE="ru").json()[0]["title"]
    en = client.get("/api/events", HTTP_ACCEPT_LANGUAGE="en").json()[0]["title"]

    assert (kk, ru, en) == ("Жастар күні", "День молодёжи", "Жастар күні")


def test_list_filters_by_kind(client):
    EventFactory(slug="seminar-1", kind=EventKind.BUDGET_SEMINAR)
    EventFactory(slug="youth-1", kind=EventKind.YOUTH_SESSION)
    EventFactory(slug="seminar-2", kind=EventKind.BUDGET_SEMINAR, start_at=timezone.now() + timedelta(days=30))

    response = client.get("/api/events", {"kind": "budget_seminar"})

    assert response.status_code == 200
    assert _slugs(response) == ["seminar-1", "seminar-2"]


def test_list_kind_with_no_events_is_empty(client):
    EventFactory(kind=EventKind.YOUTH_SESSION)

    response = client.get("/api/events", {"kind": "conference"})

    assert response.status_code == 200
    assert response.json() == []


def test_list_past_events_latest_first(client):
    _past(slug="long-ago", days_ago=30)
    _past(slug="finished", days_ago=5, status=EventStatus.FINISHED)
    _past(slug="recent", days_ago=2)
    _past(slug="past-draft", status=EventStatus.DRAFT)
    _past(slug="past-cancelled", status=EventStatus.CANCELLED)
    EventFactory(slug="upcoming")

    response = client.get("/api/events", {"past": "true"})

    assert response.status_code == 200
    assert _slugs(response) == ["recent", "finished", "long-ago"]
    assert [e["registration_open"] for e in response.json()] == [False, False, False]


def test_list_past_and_kind_combine(client):
    _past(slug="old-seminar", kind=EventKind.BUDGET_SEMINAR)
    _past(slug="old-youth", kind=EventKind.YOUTH_SESSION)

    response = client.get("/api/events", {"past": "true", "kind": "budget_seminar"})

    assert _slugs(response) == ["old-seminar"]


def test_organiser_list_has_no_drafts_either(organiser_client):
    EventFactory(slug="draft", status=EventStatus.DRAFT)
    EventFactory(slug="published")

    response = organiser_client.get("/api/events")

    assert _slugs(response) == ["published"]


@pytest.mark.parametrize("params", [{"kind": "party"}, {"kind": "Budget_Seminar"}])
def test_list_refuses_unknown_kind(client, params):
    response = client.get("/api/events", params, HTTP_ACCEPT_LANGUAGE="en")

    body = response.json()
    assert response.status_code == 422
    assert body["code"] == "invalid"
    assert body["message"] == "Some fields are not valid."
    assert [(error["field"], error["type"]) for error in body["errors"]] == [("kind", "enum")]


def test_list_refuses_bad_past_flag(client):
    response = client.get("/api/events", {"past": "perhaps"}, HTTP_ACCEPT_LANGUAGE="en")

    body = response.json()
    assert response.status_code == 422
    assert body["code"] == "invalid"
    assert body["errors"] == [{"field": "past", "message": "Enter true or false.", "type": "bool_parsing"}]


@pytest.mark.parametrize("count", [1, 5])
def test_list_queries_do_not_grow(client, django_assert_max_num_queries, count):
    for n in range(count):
        EventFactory(start_at=timezone.now() + timedelta(days=n + 1))

    with django_assert_max_num_queries(1):
        response = client.get("/api/events")

    assert len(response.json()) == count


# ---------------------------------------------------------------- one event


def test_detail_returns_agenda_and_speakers(client):
    start = (timezone.now() + timedelta(days=3)).replace(microsecond=0)
    event = EventFactory(slug="conference", kind=EventKind.CONFERENCE, title_en="Conference", start_at=start)
    aliya = SpeakerFactory(
        full_name="Әлия Сейітқызы",
        position="Бөлім басшысы",
        organisation="Әкімдік",
        email="aliya@example.kz",
        phone="+77011112233",
    )
    erlan = SpeakerFactory(full_name="Ерлан Тұрсынұлы", position="", organisation="Академия")
    talk = TalkFactory(event=event, speaker=aliya, title_kk="Өзін-өзі басқару")
    AgendaItemFactory(
        event=event,
        title_kk="Ашылу",
        title_en="Opening",
        starts_at=event.start_at,
        ends_at=event.start_at + timedelta(minutes=30),
    )
    item = AgendaItemFactory(
        event=event,
        title_kk="Баяндама",
        title_en="",
        talk=talk,
        starts_at=event.start_at + timedelta(minutes=30),
        ends_at=event.start_at + timedelta(minutes=70),
    )
    item.speakers.add(aliya, erlan)

    response = client.get("/api/events/conference", HTTP_ACCEPT_LANGUAGE="en")

    body = response.json()
    assert response.status_code == 200
    assert body["slug"] == "conference"
    assert body["title"] == "Conference"
    assert [(a["title"], a["talk"], a["speakers"]) for a in body["agenda"]] == [
        ("Opening", None, []),
        ("Баяндама", "Өзін-өзі басқару", ["Ерлан Тұрсынұлы", "Әлия Сейітқызы"]),  # by name: Е before Ә
    ]
    assert timezone.datetime.fromisoformat(body["agenda"][0]["starts_at"]) == event.start_at
    assert body["speakers"] == [
        {"id": aliya.pk, "full_name": "Әлия Сейітқызы", "position": "Бөлім басшысы", "organisation": "Әкімдік"},
        {"id": erlan.pk, "full_name": "Ерлан Тұрсынұлы", "position": "", "organisation": "Академия"},
    ]


def test_detail_never_exposes_speaker_contacts_or_files(client):
    event = EventFactory(slug="talks")
    TalkFactory(event=event, speaker=SpeakerFactory(email="secret@example.kz", phone="+77019998877"))

    response = client.get("/api/events/talks")

    text = response.content.decode()
    assert response.status_code == 200
    assert "secret@example.kz" not in text and "+77019998877" not in text
    assert set(response.json()["speakers"][0]) == {"id", "full_name", "position", "organisation"}


def test_detail_of_finished_event_is_public(client):
    _past(slug="done", status=EventStatus.FINISHED)

    response = client.get("/api/events/done")

    assert response.status_code == 200
    assert response.json()["status"] == "finished"


@pytest.mark.parametrize("status", [EventStatus.DRAFT, EventStatus.CANCELLED])
def test_detail_of_hidden_event_is_404_for_anonymous(client, status):
    EventFactory(slug="hidden", status=status)

    response = client.get("/api/events/hidden")

    assert response.status_code == 404


@pytest.mark.parametrize("who", ["volunteer_client", "grantor_client"])
def test_detail_of_draft_is_404_for_volunteer_and_grantor(request, who):
    EventFactory(slug="hidden", status=EventStatus.DRAFT)

    response = request.getfixturevalue(who).get("/api/events/hidden")

    assert response.status_code == 404


def test_detail_of_draft_is_visible_to_organiser(organiser_client):
    EventFactory(slug="hidden", status=EventStatus.DRAFT)

    response = organiser_client.get("/api/events/hidden")

    assert response.status_code == 200
    assert response.json()["status"] == "draft"
    assert response.json()["registration_open"] is False


def test_detail_of_unknown_slug_is_404(client):
    response = client.get("/api/events/no-such-event")

    assert response.status_code == 404


@pytest.mark.parametrize("slug", ["no-such-event", "hidden"])
def test_detail_404_uses_the_documented_error_shape(client, slug):
    EventFactory(slug="hidden", status=EventStatus.DRAFT)

    response = client.get(f"/api/events/{slug}", HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 404
    assert response.json() == {"code": "not_found", "message": "Not found."}


# ---------------------------------------------------------------- documentation


def test_openapi_documents_the_event_operations(client):
    response = client.get("/api/openapi.json")

    paths = response.json()["paths"]
    listing = paths["/api/events"]["get"]
    detail = paths["/api/events/{slug}"]["get"]
    assert response.status_code == 200
    assert listing["description"].startswith("The public programme: published events, upcoming by default")
    assert detail["description"] == "One event with its agenda and speakers. Drafts are visible to organisers only."
    assert listing["tags"] == detail["tags"] == ["events"]
    assert [p["name"] for p in listing["parameters"]] == ["kind", "past"]
    assert set(listing["responses"]) == {"200", "422"}
