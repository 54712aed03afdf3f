"""The door's offline API (docs/door-api.md): the roster, the batch of queued scans, client
references on single scans, walk-ins and kits, the check-in window and the folded search."""

import hashlib
import json
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core.services import issue_api_token
from core.text import fold
from inventory import services as inventory
from inventory.models import Movement
from registration import services
from registration.models import CheckIn, Registration, RegistrationStatus, Role, ScanLog
from tests.factories import EventFactory, RegistrationFactory
from tests.inventory.factories import DeskFactory, ItemTypeFactory, KitFactory, KitItemFactory
from tests.support import make_user

pytestmark = pytest.mark.django_db

BATCH = "/api/checkin/batch"


def post_json(client, url, body, **extra):
    return client.post(url, json.dumps(body), content_type="application/json", **extra)


def h(code: str) -> str:
    return hashlib.sha256(code.encode()).hexdigest()[:32]


def iso(moment) -> str:
    return moment.isoformat()


def open_event(**extra):
    """An event whose door is open now: it started ten minutes ago."""
    now = timezone.now()
    extra.setdefault("start_at", now - timedelta(minutes=10))
    extra.setdefault("end_at", now + timedelta(hours=3))
    return EventFactory(checkin_opens_minutes_before=120, **extra)


def item(registration, ref, *, minutes_ago=5, device="door-1", **extra):
    return {
        "ref": ref,
        "code": registration.code,
        "event": registration.event.slug,
        "scanned_at": iso(timezone.now() - timedelta(minutes=minutes_ago)),
        "device": device,
        **extra,
    }


# --- The fold --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Айгерім", "айгерим"),
        ("Нұрланқызы", "нурланкызы"),
        ("  ӘБЕНОВ   Ерлан ", "абенов ерлан"),
        ("Ңғүұқөһёі", "нгуукохеи"),
        ("Ёлка ЖАННА", "елка жанна"),
        ("Straße", "strasse"),
    ],
)
def test_fold_matches_the_vectors_in_the_contract(text, folded):
    assert fold(text) == folded


def test_door_search_finds_kazakh_names_typed_on_a_russian_keyboard(volunteer_client):
    event = open_event()
    aigerim = RegistrationFactory(event=event, full_name="Айгерім Сейітова")
    nurlan = RegistrationFactory(event=event, full_name="Әлия Нұрланқызы")
    RegistrationFactory(event=event, full_name="Дана Ким")

    found = {
        query: [
            person["name"] for person in volunteer_client.get(f"/api/events/{event.slug}/attendees?q={query}").json()
        ]
        for query in ("Айгерим", "нурланкызы", "АЛИЯ", "айгерім")
    }

    assert found == {
        "Айгерим": [aigerim.full_name],
        "нурланкызы": [nurlan.full_name],
        "АЛИЯ": [nurlan.full_name],
        "айгерім": [aigerim.full_name],
    }
    assert Registration.objects.get(pk=nurlan.pk).name_search == "алия нурланкызы"


def test_organisers_list_filter_folds_too(organiser_client):
    event = open_event()
    RegistrationFactory(event=event, full_name="Нұрлан Әбенов")
    RegistrationFactory(event=event, full_name="Серік Жұмабаев")

    response = organiser_client.get(f"/manage/registration/{event.slug}/", {"q": "Нурлан Абенов"})

    page = response.content.decode()
    assert "Нұрлан Әбенов" in page
    assert "Серік Жұмабаев" not in page


def test_renamed_and_bulk_created_people_get_the_folded_name():
    event = open_event()
    registration = RegistrationFactory(event=event, full_name="Дана")
    registration.full_name = "Қуаныш Өмірбек"
    registration.save(update_fields=["full_name"])
    Registration.objects.bulk_create([Registration(event=event, full_name="Ұлжан Һ", source="organiser")])

    assert sorted(Registration.objects.values_list("name_search", flat=True)) == ["куаныш омирбек", "улжан х"]


# --- The roster ------------------------------------------------------------------------------


def test_roster_has_hashes_names_and_check_ins_but_no_codes_phones_or_emails(volunteer_client, volunteer):
    event = open_event()
    KitFactory(event=event, role=Role.SPEAKER)  # a kit with no items is no kit
    KitItemFactory(kit=KitFactory(event=event, role=Role.PARTICIPANT), item=ItemTypeFactory())
    came = RegistrationFactory(event=event, full_name="Айгерім", email="a@example.kz")
    RegistrationFactory(event=event, status=RegistrationStatus.WAITLISTED)
    RegistrationFactory()  # another event
    services.check_in(code=came.code, event=event, scanned_by=volunteer, device="door-1")

    response = volunteer_client.get(f"/api/events/{event.slug}/roster")

    body = response.json()
    text = response.content.decode()
    assert response.status_code == 200
    assert body["event"] == event.slug and body["full"] is True and body["removed"] == []
    assert body["kits"] == {"participant": True}
    assert len(body["people"]) == 2
    person = next(p for p in body["people"] if p["h"] == h(came.code))
    assert person["name"] == "Айгерім" and person["status"] == "confirmed" and person["role"] == "participant"
    assert person["checked_in_device"] == "door-1" and person["checked_in_at"]
    for registration in Registration.objects.all():
        assert registration.code not in text and registration.phone not in text
    assert "a@example.kz" not in text
    opens = timezone.datetime.fromisoformat(body["window"]["opens_at"])
    assert abs(opens - (event.start_at - timedelta(minutes=120))) < timedelta(milliseconds=1)


def backdate(minutes, **filters):
    """Pretend the rows last changed (and were made) `minutes` ago."""
    then = timezone.now() - timedelta(minutes=minutes)
    Registration.objects.filter(**filters).update(created_at=then, updated_at=then)
    CheckIn.objects.filter(**{f"registration__{k}": v for k, v in filters.items()}).update(updated_at=then)


def test_roster_since_a_version_sends_only_changes(volunteer_client, volunteer):
    event = open_event()
    people = [RegistrationFactory(event=event) for _ in range(5)]
    first = volunteer_client.get(f"/api/events/{event.slug}/roster").json()
    unchanged = volunteer_client.get(f"/api/events/{event.slug}/roster?since={first['version']}").json()
    backdate(20, event=event)
    backdate(10, pk=people[0].pk)  # the latest change: the version's time
    old = volunteer_client.get(f"/api/events/{event.slug}/roster").json()

    services.check_in(code=people[1].code, event=event, scanned_by=volunteer)
    services.cancel_registration(registration=people[2])
    delta = volunteer_client.get(f"/api/events/{event.slug}/roster?since={old['version']}").json()

    assert unchanged["full"] is False and unchanged["version"] == first["version"]
    assert delta["full"] is False and delta["version"] > old["version"]
    # people[0] changed at the version's time: a delta repeats the two minutes before it.
    assert {p["h"] for p in delta["people"]} == {h(people[0].code), h(people[1].code), h(people[2].code)}
    by_hash = {p["h"]: p for p in delta["people"]}
    assert by_hash[h(people[1].code)]["checked_in_at"] is not None
    assert by_hash[h(people[2].code)]["status"] == "cancelled"


def test_roster_delta_reports_an_undo_and_a_deletion_forces_a_full_copy(volunteer_client, volunteer):
    event = open_event()
    came, other = RegistrationFactory(event=event), RegistrationFactory(event=event)
    services.check_in(code=came.code, event=event, scanned_by=volunteer)
    backdate(20, event=event)
    backdate(10, pk=came.pk)
    version = volunteer_client.get(f"/api/events/{event.slug}/roster").json()["version"]

    services.undo_check_in(registration=came, by=volunteer, reason="Қате")
    undone = volunteer_client.get(f"/api/events/{event.slug}/roster?since={version}").json()
    other.delete()
    after_delete = volunteer_client.get(f"/api/events/{event.slug}/roster?since={undone['version']}").json()
    garbage = volunteer_client.get(f"/api/events/{event.slug}/roster?since=not-a-version").json()

    assert undone["full"] is False
    assert [(p["h"], p["checked_in_at"]) for p in undone["people"]] == [(h(came.code), None)]
    assert after_delete["full"] is True and [p["h"] for p in after_delete["people"]] == [h(came.code)]
    assert garbage["full"] is True


def test_roster_of_300_people_is_small_and_takes_a_few_queries(volunteer_client, volunteer):
    event = open_event()
    Registration.objects.bulk_create(
        [Registration(event=event, full_name=f"Қатысушы Әбенова {n}", source="organiser") for n in range(300)]
    )
    for registration in Registration.objects.filter(event=event)[:100]:
        CheckIn.objects.create(registration=registration, checked_in_by=volunteer, device="door-1")

    with CaptureQueriesContext(connection) as queries:
        response = volunteer_client.get(f"/api/events/{event.slug}/roster")

    assert response.status_code == 200 and len(response.json()["people"]) == 300
    assert len(response.content) < 100_000
    assert len(queries) <= 10


def test_roster_needs_the_door_permission(grantor_client):
    event = open_event()

    assert grantor_client.get(f"/api/events/{event.slug}/roster").status_code == 403
    assert Client().get(f"/api/events/{event.slug}/roster").status_code == 401


def test_roster_of_an_unknown_event_is_404(volunteer_client):
    assert volunteer_client.get("/api/events/nope/roster").status_code == 404


# --- The batch -------------------------------------------------------------------------------


def test_batch_answers_each_item_in_order_with_a_mix_of_results(volunteer_client, volunteer):
    event = open_event()
    other_event = open_event()
    ok = RegistrationFactory(event=event, full_name="Айгерім")
    already = RegistrationFactory(event=event)
    services.check_in(code=already.code, event=event, scanned_by=volunteer, device="door-2")
    wrong = RegistrationFactory(event=other_event)
    cancelled = RegistrationFactory(event=event, status=RegistrationStatus.CANCELLED)
    waiting = RegistrationFactory(event=event, status=RegistrationStatus.WAITLISTED)
    body = [
        item(ok, "ref-ok-0001"),
        item(already, "ref-already-1"),
        {**item(wrong, "ref-wrong-001"), "event": event.slug},
        item(cancelled, "ref-cancel-01"),
        item(waiting, "ref-waiting-1"),
        {**item(ok, "ref-unknown-1"), "code": "no-such-ticket"},
        {**item(ok, "ref-invalid-1"), "scanned_at": "yesterday"},
        {**item(ok, "ref-noevent-1"), "event": "no-such-event"},
        "not an object",
    ]

    response = post_json(volunteer_client, BATCH, body)

    answers = response.json()
    assert response.status_code == 200
    assert [a["result"] for a in answers] == [
        "ok",
        "already",
        "wrong_event",
        "cancelled",
        "waitlisted",
        "unknown",
        "invalid",
        "invalid",
        "invalid",
    ]
    assert [a["ref"] for a in answers] == [b["ref"] if isinstance(b, dict) else None for b in body]
    assert answers[0]["name"] == "Айгерім" and answers[0]["checked_in_device"] == "door-1"
    assert answers[1]["checked_in_device"] == "door-2" and answers[1]["checked_in_at"]
    assert "scanned_at" in answers[6]["message"] and "no-such-event" in answers[7]["message"]
    assert not any(a["duplicate"] for a in answers)
    logs = ScanLog.objects.filter(offline=True)
    assert logs.count() == 6 and set(logs.values_list("ref", flat=True)) == {b["ref"] for b in body[:6]}
    assert CheckIn.objects.active().count() == 2


def test_batch_keeps_the_scan_time_and_marks_the_scan_log_offline(volunteer_client):
    event = open_event()
    registration = RegistrationFactory(event=event)
    scanned_at = timezone.now() - timedelta(minutes=7)

    post_json(volunteer_client, BATCH, [{**item(registration, "ref-time-001"), "scanned_at": iso(scanned_at)}])

    checkin = CheckIn.objects.get()
    log = ScanLog.objects.get()
    assert checkin.checked_in_at == scanned_at and checkin.device == "door-1"
    assert log.scanned_at == scanned_at and log.offline and log.received_at > scanned_at


def test_batch_sent_twice_records_everything_once(volunteer_client):
    event = open_event()
    people = [RegistrationFactory(event=event) for _ in range(3)]
    body = [item(person, f"ref-twice-{n:03d}") for n, person in enumerate(people)]

    first = post_json(volunteer_client, BATCH, body).json()
    second = post_json(volunteer_client, BATCH, body).json()

    assert [a["result"] for a in first] == ["ok"] * 3 and not any(a["duplicate"] for a in first)
    assert [a["result"] for a in second] == ["ok"] * 3 and all(a["duplicate"] for a in second)
    assert [a["checked_in_at"] for a in second] == [a["checked_in_at"] for a in first]
    assert CheckIn.objects.count() == 3 and ScanLog.objects.count() == 3


def test_a_ref_repeated_inside_one_batch_is_recorded_once(volunteer_client):
    registration = RegistrationFactory(event=open_event())

    answers = post_json(volunteer_client, BATCH, [item(registration, "ref-same-01")] * 2).json()

    assert [(a["result"], a["duplicate"]) for a in answers] == [("ok", False), ("ok", True)]
    assert ScanLog.objects.count() == 1


def test_batch_processes_items_by_scan_time_not_body_order(volunteer_client):
    registration = RegistrationFactory(event=open_event())
    later = item(registration, "ref-later-01", minutes_ago=2, device="door-2")
    earlier = item(registration, "ref-early-01", minutes_ago=9, device="door-1")

    answers = post_json(volunteer_client, BATCH, [later, earlier]).json()

    assert [a["result"] for a in answers] == ["already", "ok"]
    assert answers[0]["checked_in_device"] == "door-1"
    assert CheckIn.objects.get().device == "door-1"


def test_two_devices_offline_the_earliest_scan_is_the_check_in(volunteer_client, volunteer):
    registration = RegistrationFactory(event=open_event())
    door_b = make_user("door-b", "volunteer")
    token_b = issue_api_token(username="door-b", device="door-b")

    first = post_json(volunteer_client, BATCH, [item(registration, "ref-door-a-1", minutes_ago=3, device="door-a")])
    second = post_json(
        volunteer_client,
        BATCH,
        [item(registration, "ref-door-b-1", minutes_ago=8, device="door-b")],
        HTTP_AUTHORIZATION=f"Bearer {token_b}",
    )

    checkin = CheckIn.objects.get()
    assert first.json()[0]["result"] == "ok"
    conflict = second.json()[0]
    assert conflict["result"] == "already" and conflict["checked_in_device"] == "door-a"
    assert timezone.datetime.fromisoformat(conflict["checked_in_at"]) < timezone.now() - timedelta(minutes=2)
    assert checkin.device == "door-b" and checkin.checked_in_by == door_b
    assert timezone.now() - checkin.checked_in_at > timedelta(minutes=7)
    assert list(ScanLog.objects.order_by("pk").values_list("result", flat=True)) == ["ok", "already"]


def test_a_future_scan_time_is_taken_as_now(volunteer_client):
    registration = RegistrationFactory(event=open_event())

    post_json(volunteer_client, BATCH, [item(registration, "ref-future-1", minutes_ago=-60)])

    assert CheckIn.objects.get().checked_in_at <= timezone.now()


def test_batch_window_is_judged_at_the_scan_time(volunteer_client):
    now = timezone.now()
    event = EventFactory(start_at=now + timedelta(minutes=30), end_at=now + timedelta(hours=2))
    event.checkin_opens_minutes_before = 60
    event.save()
    before = RegistrationFactory(event=event)
    inside = RegistrationFactory(event=event)

    answers = post_json(
        volunteer_client, BATCH, [item(before, "ref-before-1", minutes_ago=45), item(inside, "ref-inside-1")]
    ).json()

    assert [a["result"] for a in answers] == ["not_open", "ok"]
    assert "opens" in answers[0]["message"] or "ашыл" in answers[0]["message"]
    assert CheckIn.objects.get().registration == inside
    assert ScanLog.objects.filter(result="not_open", registration=before).count() == 1


@pytest.mark.parametrize(
    "body",
    [{"ref": "ref-not-list", "code": "x"}, None, "text", 42],
)
def test_a_body_that_is_not_an_array_is_422_and_records_nothing(volunteer_client, body):
    response = post_json(volunteer_client, BATCH, body)

    assert response.status_code == 422 and response.json()["code"] == "invalid"
    assert ScanLog.objects.count() == 0


def test_more_than_1000_items_is_422_and_records_nothing(volunteer_client):
    registration = RegistrationFactory(event=open_event())

    response = post_json(volunteer_client, BATCH, [item(registration, f"ref-flood-{n:05d}") for n in range(10_000)])
    one_over = post_json(volunteer_client, BATCH, [item(registration, f"ref-over-{n:05d}") for n in range(1_001)])

    assert response.status_code == one_over.status_code == 422
    assert ScanLog.objects.count() == 0 and CheckIn.objects.count() == 0


def test_exactly_1000_items_are_taken(volunteer_client):
    registration = RegistrationFactory(event=open_event())

    response = post_json(volunteer_client, BATCH, [item(registration, f"ref-full-{n:05d}") for n in range(1_000)])

    assert response.status_code == 200 and len(response.json()) == 1_000
    assert CheckIn.objects.count() == 1 and ScanLog.objects.count() == 1_000


def test_items_with_missing_or_wrong_fields_are_invalid_and_record_nothing(volunteer_client):
    registration = RegistrationFactory(event=open_event())
    good = item(registration, "ref-good-0001")
    broken = [
        {k: v for k, v in good.items() if k != "ref"},
        {k: v for k, v in good.items() if k != "code"},
        {k: v for k, v in good.items() if k != "scanned_at"},
        {**good, "ref": "short"},
        {**good, "ref": "has spaces in it"},
        {**good, "code": ""},
        {**good, "code": 12345678},
        {**good, "scanned_at": "2030-05-14T10:00:00"},  # no UTC offset
        {**good, "manual": "perhaps"},
        {**good, "device": "x" * 101},
        [],
        None,
    ]

    answers = post_json(volunteer_client, BATCH, broken).json()

    assert [a["result"] for a in answers] == ["invalid"] * len(broken)
    assert ScanLog.objects.count() == 0 and CheckIn.objects.count() == 0


def test_an_empty_batch_is_an_empty_answer(volunteer_client):
    response = post_json(volunteer_client, BATCH, [])

    assert response.status_code == 200 and response.json() == []


def test_batch_needs_the_door_permission(grantor_client):
    registration = RegistrationFactory(event=open_event())

    assert post_json(grantor_client, BATCH, [item(registration, "ref-grantor-1")]).status_code == 403
    assert post_json(Client(), BATCH, [item(registration, "ref-anonym-01")]).status_code == 401
    assert ScanLog.objects.count() == 0


def test_a_300_item_batch_takes_a_handful_of_queries(volunteer_client):
    event = open_event()
    Registration.objects.bulk_create(
        [Registration(event=event, full_name=f"Қатысушы {n}", source="organiser") for n in range(300)]
    )
    body = [item(r, f"ref-bulk-{n:05d}") for n, r in enumerate(Registration.objects.filter(event=event))]

    with CaptureQueriesContext(connection) as queries:
        answers = post_json(volunteer_client, BATCH, body).json()

    assert [a["result"] for a in answers] == ["ok"] * 300
    # Authentication (session, user, permissions), the event, the refs, the registrations, their
    # check-ins, the inserts (SQLite splits a long INSERT in three), the savepoint.
    assert len(queries) <= 15, "\n".join(q["sql"][:120] for q in queries)
    assert CheckIn.objects.count() == 300 and ScanLog.objects.count() == 300


# --- One scan, walk-ins and kits with a client reference -------------------------------------


def test_a_retried_single_scan_is_recognised_by_its_ref(volunteer_client):
    registration = RegistrationFactory(event=open_event())
    body = {"code": registration.code, "event": registration.event.slug, "ref": "ref-single-01", "device": "door-1"}

    first = post_json(volunteer_client, "/api/checkin", body).json()
    retry = post_json(volunteer_client, "/api/checkin", body).json()
    again = post_json(volunteer_client, "/api/checkin", {**body, "ref": "ref-single-02"}).json()

    assert (first["result"], first["duplicate"]) == ("ok", False)
    assert (retry["result"], retry["duplicate"]) == ("ok", True)
    assert retry["checked_in_at"] == first["checked_in_at"] and retry["name"] == first["name"]
    assert (again["result"], again["duplicate"], again["checked_in_device"]) == ("already", False, "door-1")
    assert ScanLog.objects.count() == 2 and CheckIn.objects.count() == 1


def test_a_single_scan_keeps_its_scan_time(volunteer_client):
    registration = RegistrationFactory(event=open_event())
    scanned_at = timezone.now() - timedelta(seconds=40)

    post_json(
        volunteer_client,
        "/api/checkin",
        {"code": registration.code, "event": registration.event.slug, "scanned_at": iso(scanned_at)},
    )

    assert CheckIn.objects.get().checked_in_at == scanned_at


def test_single_scan_outside_the_window_is_not_open_and_only_logged(volunteer_client):
    now = timezone.now()
    early = EventFactory(start_at=now + timedelta(hours=3), end_at=now + timedelta(hours=5))
    early.checkin_opens_minutes_before = 120
    early.save()
    over = EventFactory(start_at=now - timedelta(hours=5), end_at=now - timedelta(hours=1))
    first, second = RegistrationFactory(event=early), RegistrationFactory(event=over)

    too_early = post_json(volunteer_client, "/api/checkin", {"code": first.code, "event": early.slug}).json()
    too_late = post_json(volunteer_client, "/api/checkin", {"code": second.code, "event": over.slug}).json()

    assert too_early["result"] == too_late["result"] == "not_open"
    assert too_early["message"] != too_late["message"]
    assert CheckIn.objects.count() == 0 and ScanLog.objects.filter(result="not_open").count() == 2


def test_check_in_window_edges_are_inclusive(volunteer):
    now = timezone.now()
    event = open_event(start_at=now - timedelta(hours=3), end_at=now - timedelta(minutes=5))
    first, last, early, late = (RegistrationFactory(event=event) for _ in range(4))
    opens_at, tick = event.start_at - timedelta(minutes=120), timedelta(microseconds=1)

    def scan(registration, at):
        return services.check_in(code=registration.code, event=event, scanned_by=volunteer, scanned_at=at)

    outcome = scan(first, opens_at)
    assert outcome.result == "ok" and outcome.checked_in_at == opens_at
    assert scan(last, event.end_at).result == "ok"
    assert scan(early, opens_at - tick).result == "not_open"
    assert scan(late, event.end_at + tick).result == "not_open"


def test_a_walk_in_retried_with_its_ref_is_registered_once(volunteer_client):
    event = open_event()
    body = {"full_name": "Ерлан Жаңа", "ref": "ref-walk-in-1", "device": "door-1"}

    first = post_json(volunteer_client, f"/api/events/{event.slug}/walk-ins", body)
    retry = post_json(volunteer_client, f"/api/events/{event.slug}/walk-ins", body)

    assert first.status_code == retry.status_code == 201
    assert (first.json()["result"], first.json()["duplicate"]) == ("ok", False)
    assert (retry.json()["result"], retry.json()["duplicate"]) == ("ok", True)
    assert Registration.objects.filter(event=event).count() == 1
    assert CheckIn.objects.count() == 1


def test_a_walk_in_outside_the_window_is_refused_and_records_nothing(volunteer_client):
    now = timezone.now()
    event = EventFactory(start_at=now + timedelta(days=2), end_at=now + timedelta(days=2, hours=2))
    event.checkin_opens_minutes_before = 120
    event.save()

    response = post_json(volunteer_client, f"/api/events/{event.slug}/walk-ins", {"full_name": "Ерлан Жаңа"})

    assert response.status_code == 409 and response.json()["code"] == "not_open"
    assert Registration.objects.count() == 0 and ScanLog.objects.count() == 0


def test_walk_in_field_errors_name_the_field(volunteer_client):
    event = open_event()

    response = post_json(volunteer_client, f"/api/events/{event.slug}/walk-ins", {"full_name": "Ерлан", "phone": "12"})

    assert response.status_code == 422
    assert [error["field"] for error in response.json()["errors"]] == ["phone"]


def test_a_kit_retried_with_its_ref_is_given_once(volunteer_client, volunteer, organiser):
    event = open_event(slug="conference-2026")
    desk = DeskFactory(event=event)
    items = [ItemTypeFactory(name_kk="Қалам")]
    KitItemFactory(kit=KitFactory(event=event, role=Role.PARTICIPANT), item=items[0])
    inventory.receive_stock(item=items[0], to_holder=desk, quantity=1, supplier="ЖШС Полиграф", by=organiser)
    registration = RegistrationFactory(event=event)
    services.check_in(code=registration.code, event=event, scanned_by=volunteer)
    handed_at = timezone.now() - timedelta(minutes=3)
    body = {"code": registration.code, "event": event.slug, "ref": "ref-kit-0001", "handed_at": iso(handed_at)}

    first = post_json(volunteer_client, "/api/inventory/handouts", body).json()
    retry = post_json(volunteer_client, "/api/inventory/handouts", body).json()

    assert (first["result"], first["duplicate"]) == ("given", False)
    assert (retry["result"], retry["duplicate"]) == ("given", True)
    assert timezone.datetime.fromisoformat(first["given_at"]) == handed_at.replace(
        microsecond=handed_at.microsecond // 1000 * 1000
    )
    assert Movement.objects.filter(registration=registration).count() == 1


def test_a_kit_out_of_stock_is_409_and_nothing_goes_negative(volunteer_client, volunteer):
    event = open_event(slug="conference-2026")
    DeskFactory(event=event)
    KitItemFactory(kit=KitFactory(event=event, role=Role.PARTICIPANT), item=ItemTypeFactory())
    registration = RegistrationFactory(event=event)
    services.check_in(code=registration.code, event=event, scanned_by=volunteer)

    response = post_json(
        volunteer_client,
        "/api/inventory/handouts",
        {"code": registration.code, "event": event.slug, "ref": "ref-kit-0002"},
    )

    assert response.status_code == 409 and response.json()["code"] == "out_of_stock"
    assert Movement.objects.filter(registration=registration).count() == 0


def test_a_token_scan_naming_no_device_records_the_tokens_device_name():
    """A scanner that sends only the code and the event is still told apart in the scan log."""
    event = open_event()
    first, second = RegistrationFactory(event=event), RegistrationFactory(event=event)
    make_user("scanner", "volunteer")
    client = Client(HTTP_AUTHORIZATION=f"Bearer {issue_api_token(username='scanner', device='door-3')}")

    single = post_json(client, "/api/checkin", {"code": first.code, "event": event.slug})
    batch = post_json(client, BATCH, [{**item(second, "ref-token-device-1"), "device": ""}])
    named = post_json(client, "/api/checkin", {"code": first.code, "event": event.slug, "device": "gate B"})

    assert single.json()["result"] == "ok" and batch.json()[0]["result"] == "ok"
    assert set(CheckIn.objects.values_list("device", flat=True)) == {"door-3"}
    assert named.json()["checked_in_device"] == "door-3"
    assert list(ScanLog.objects.order_by("pk").values_list("device", flat=True)) == ["door-3", "door-3", "gate B"]


@pytest.mark.parametrize("moment", ["0001-01-01T00:00:00+05:00", "9999-12-31T23:59:00-05:00", "1999-12-31T23:59:00Z"])
def test_an_absurd_scan_time_is_one_invalid_item_and_the_rest_is_recorded(volunteer_client, moment):
    """A device whose clock is far off cannot fail the whole batch (year 1 cannot even be stored)."""
    event = open_event()
    good, bad = RegistrationFactory(event=event), RegistrationFactory(event=event)

    answers = post_json(
        volunteer_client, BATCH, [item(good, "ref-good-time"), {**item(bad, "ref-bad-time"), "scanned_at": moment}]
    ).json()

    assert [a["result"] for a in answers] == ["ok", "invalid"]
    assert "scanned_at" in answers[1]["message"]
    assert list(CheckIn.objects.values_list("registration", flat=True)) == [good.pk]


def test_an_absurd_time_on_a_single_scan_walk_in_or_kit_is_422(volunteer_client):
    event = open_event()
    registration = RegistrationFactory(event=event)
    moment = "0001-01-01T00:00:00+05:00"

    scan = post_json(
        volunteer_client, "/api/checkin", {"code": registration.code, "event": event.slug, "scanned_at": moment}
    )
    walk_in = post_json(
        volunteer_client, f"/api/events/{event.slug}/walk-ins", {"full_name": "Ерлан Жаңа", "registered_at": moment}
    )
    kit = post_json(
        volunteer_client,
        "/api/inventory/handouts",
        {"code": registration.code, "event": event.slug, "handed_at": moment},
    )

    assert (scan.status_code, walk_in.status_code, kit.status_code) == (422, 422, 422)
    assert [e["field"] for e in scan.json()["errors"]] == ["scanned_at"]
    assert [e["field"] for e in walk_in.json()["errors"]] == ["registered_at"]
    assert Registration.objects.count() == 1 and CheckIn.objects.count() == 0 and ScanLog.objects.count() == 0


def test_a_walk_in_queued_while_the_door_was_open_is_registered_when_it_syncs_after_closing(volunteer_client):
    """The window is judged when the details were taken, and the check-in keeps that time."""
    now = timezone.now()
    event = EventFactory(start_at=now - timedelta(hours=3), end_at=now - timedelta(minutes=5))
    taken_at = now - timedelta(minutes=20)
    body = {"full_name": "Ерлан Жаңа", "ref": "ref-late-walk-in", "registered_at": iso(taken_at)}

    late = post_json(volunteer_client, f"/api/events/{event.slug}/walk-ins", body)
    after = post_json(
        volunteer_client,
        f"/api/events/{event.slug}/walk-ins",
        {"full_name": "Айгүл Кеш", "registered_at": iso(now - timedelta(minutes=1))},
    )

    assert late.status_code == 201 and late.json()["result"] == "ok"
    assert abs(CheckIn.objects.get().checked_in_at - taken_at) < timedelta(milliseconds=1)
    assert after.status_code == 409 and after.json()["code"] == "not_open"
    assert list(Registration.objects.values_list("full_name", flat=True)) == ["Ерлан Жаңа"]


# --- Found reading the change again ---------------------------------------------------------


def test_a_code_that_looks_like_a_broken_url_is_answered_not_a_500(volunteer_client):
    """urlparse refuses "http://[…" (an IPv6 host never closed): one such item must not fail the
    batch, or the phone would resend the same batch for ever."""
    event = open_event()
    good = RegistrationFactory(event=event)
    broken = {**item(good, "ref-broken-url"), "code": "http://[garbage/t/x"}

    answers = post_json(volunteer_client, BATCH, [item(good, "ref-good-url"), broken])
    single = post_json(volunteer_client, "/api/checkin", {"code": "//[/x", "event": event.slug})

    assert answers.status_code == 200
    assert [a["result"] for a in answers.json()] == ["ok", "unknown"]
    assert single.status_code == 200 and single.json()["result"] == "unknown"
    assert CheckIn.objects.filter(registration=good).count() == 1


@pytest.mark.parametrize("since", ["1.-62135596800000000.0", "1.99999999999999999.3", "1.5.-1", "2.5.1", "junk", "1.5"])
def test_a_roster_version_the_server_never_gave_gets_the_full_roster(volunteer_client, since):
    event = open_event()
    RegistrationFactory(event=event)

    response = volunteer_client.get(f"/api/events/{event.slug}/roster", {"since": since})

    assert response.status_code == 200
    assert response.json()["full"] is True and len(response.json()["people"]) == 1


def test_an_absurd_device_time_is_refused_in_the_readers_language(volunteer_client):
    event = open_event()
    registration = RegistrationFactory(event=event)
    body = {"code": registration.code, "event": event.slug, "scanned_at": "1999-12-31T23:00:00+05:00"}

    kk = post_json(volunteer_client, "/api/checkin", body, HTTP_ACCEPT_LANGUAGE="kk").json()
    en = post_json(volunteer_client, "/api/checkin", body, HTTP_ACCEPT_LANGUAGE="en").json()

    assert en["errors"][0]["message"].endswith("The time must be between the years 2000 and 2100.")
    assert "2000" in kk["errors"][0]["message"] and "The time must be" not in kk["errors"][0]["message"]


def test_a_walk_in_typed_before_the_event_was_marked_finished_is_registered(volunteer_client, organiser):
    """A phone may sync after the organiser clicked "Mark finished": its window decides."""
    from events.services import finish_event

    now = timezone.now()
    event = EventFactory(start_at=now - timedelta(hours=3), end_at=now - timedelta(minutes=5))
    finish_event(event=event)
    taken_at = now - timedelta(minutes=20)

    late = post_json(
        volunteer_client,
        f"/api/events/{event.slug}/walk-ins",
        {"full_name": "Ерлан Жаңа", "ref": "ref-after-finish", "registered_at": iso(taken_at)},
    )
    online = Client().post(
        f"/api/events/{event.slug}/registrations",
        json.dumps({"full_name": "Айгүл Кеш", "phone": "+77011234567", "consent": True}),
        content_type="application/json",
    )

    assert late.status_code == 201 and late.json()["result"] == "ok"
    assert online.status_code == 409  # an online sign-up for a finished event is still refused
    assert list(Registration.objects.values_list("full_name", flat=True)) == ["Ерлан Жаңа"]
