import pytest
from django.urls import reverse
from django.utils import timezone

from core.services import issue_api_token
from inventory.models import Movement, StockBalance

from .conftest import checked_in, stock_desk

pytestmark = pytest.mark.django_db

URL = "/api/inventory/handouts"


def post(client, body, **extra):
    return client.post(URL, body, content_type="application/json", **extra)


def test_volunteer_gives_a_kit(volunteer_client, volunteer, conference, storekeeper):
    stock_desk(conference, units=3, by=storekeeper)
    registration = checked_in(conference["event"], volunteer, full_name="Әлия Нұрланқызы")

    response = post(volunteer_client, {"code": registration.code, "event": "conference-2026"})

    assert response.status_code == 200
    body = response.json()
    # The answer reports the handout's first movement (the kit's items are saved one after another).
    given = Movement.objects.filter(registration=registration).order_by("pk").first()
    assert body == {
        "result": "given",
        "message": "Жиынтық берілді.",
        "name": "Әлия Нұрланқызы",
        "items": [
            {"name": "Медаль", "quantity": 1},
            {"name": "Портфолио", "quantity": 1},
            {"name": "Қалам", "quantity": 1},
        ],
        "given_at": body["given_at"],
        "given_by": "volunteer1",
        "duplicate": False,
    }
    assert timezone.datetime.fromisoformat(body["given_at"]) == given.created_at.replace(
        microsecond=given.created_at.microsecond // 1000 * 1000
    )
    assert Movement.objects.filter(registration=registration).count() == 3


def test_second_call_answers_already_given_with_when_and_by_whom(volunteer_client, volunteer, conference, storekeeper):
    stock_desk(conference, units=3, by=storekeeper)
    registration = checked_in(conference["event"], volunteer)
    first = post(volunteer_client, {"code": registration.code, "event": "conference-2026"}).json()

    second = post(volunteer_client, {"code": registration.code, "event": "conference-2026"})

    assert second.status_code == 200
    assert (second.json()["result"], second.json()["given_at"], second.json()["given_by"]) == (
        "already_given",
        first["given_at"],
        "volunteer1",
    )
    assert Movement.objects.filter(registration=registration).count() == 3


def test_ticket_url_is_accepted_as_the_code(volunteer_client, volunteer, conference, storekeeper):
    stock_desk(conference, units=1, by=storekeeper)
    registration = checked_in(conference["event"], volunteer)

    response = post(
        volunteer_client, {"code": f"https://events.example.kz/t/{registration.code}", "event": "conference-2026"}
    )

    assert response.json()["result"] == "given"


def test_out_of_stock_says_which_item_and_records_nothing(volunteer_client, volunteer, conference, storekeeper):
    stock_desk(conference, units=1, by=storekeeper)
    post(volunteer_client, {"code": checked_in(conference["event"], volunteer).code, "event": "conference-2026"})
    late = checked_in(conference["event"], volunteer)

    response = post(volunteer_client, {"code": late.code, "event": "conference-2026"})

    assert response.status_code == 409
    body = response.json()
    assert (body["code"], body["item"], body["available"], body["needed"]) == ("out_of_stock", "Медаль", 0, 1)
    assert "Медаль" in body["message"]
    assert Movement.objects.filter(registration=late).count() == 0
    assert list(StockBalance.objects.filter(holder=conference["desk"]).values_list("quantity", flat=True)) == [0] * 3


def test_unknown_ticket_is_409_unknown(volunteer_client, conference):
    response = post(volunteer_client, {"code": "no-such-ticket-code", "event": "conference-2026"})

    assert (response.status_code, response.json()["code"]) == (409, "unknown")


def test_unknown_event_is_404(volunteer_client, volunteer, conference):
    response = post(volunteer_client, {"code": checked_in(conference["event"], volunteer).code, "event": "nope"})

    assert (response.status_code, response.json()["code"]) == (404, "not_found")


def test_not_checked_in_is_409(volunteer_client, conference, storekeeper):
    from tests.factories import RegistrationFactory

    stock_desk(conference, units=1, by=storekeeper)
    registration = RegistrationFactory(event=conference["event"])

    response = post(volunteer_client, {"code": registration.code, "event": "conference-2026"})

    assert (response.status_code, response.json()["code"]) == (409, "not_checked_in")


def test_missing_fields_are_422(volunteer_client):
    response = post(volunteer_client, {"event": "conference-2026"})

    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "code"


def test_grantor_cannot_hand_out(grantor_client, volunteer, conference):
    response = post(
        grantor_client, {"code": checked_in(conference["event"], volunteer).code, "event": "conference-2026"}
    )

    assert (response.status_code, response.json()["code"]) == (403, "forbidden")
    assert Movement.objects.count() == 0


def test_anonymous_is_401(client, conference):
    response = post(client, {"code": "x", "event": "conference-2026"})

    assert response.status_code == 401


def test_device_token_works(client, volunteer, conference, storekeeper):
    stock_desk(conference, units=1, by=storekeeper)
    token = issue_api_token(username="volunteer1", device="door-1")
    registration = checked_in(conference["event"], volunteer)

    response = post(
        client, {"code": registration.code, "event": "conference-2026"}, HTTP_AUTHORIZATION=f"Bearer {token}"
    )

    assert (response.status_code, response.json()["result"]) == (200, "given")


def test_desk_endpoint_lists_kits_and_stock(volunteer_client, conference, storekeeper):
    stock_desk(conference, units=7, by=storekeeper)

    response = volunteer_client.get(reverse("api:event_desk", args=["conference-2026"]))

    assert response.status_code == 200
    body = response.json()
    # Stock is ordered by the Kazakh name, which depends on the database's collation.
    body["stock"].sort(key=lambda line: line["name"])
    assert body == {
        "desk": "Конференция үстелі",
        "kits": [
            {
                "role": "participant",
                "role_label": "Қатысушы",
                "items": [
                    {"name": "Медаль", "quantity": 1},
                    {"name": "Портфолио", "quantity": 1},
                    {"name": "Қалам", "quantity": 1},
                ],
            }
        ],
        "stock": sorted(
            [{"name": "Медаль", "quantity": 7}, {"name": "Портфолио", "quantity": 7}, {"name": "Қалам", "quantity": 7}],
            key=lambda line: line["name"],
        ),
    }
