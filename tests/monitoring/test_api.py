import pytest

from core.services import issue_api_token
from tests.factories import RegistrationFactory

from .conftest import attend, evidence, past_event

pytestmark = pytest.mark.django_db

URL = "/api/monitoring/indicators"


def test_indicators_for_grantor_session(plan, grantor_client, organiser):
    session = past_event()
    attend(session, organiser)
    attend(session, organiser, role="volunteer")
    RegistrationFactory(event=session)  # registered, never came
    evidence("photo", session, organiser, 4)
    evidence("video", session, organiser)

    response = grantor_client.get(URL)

    assert response.status_code == 200
    body = response.json()
    assert len(body) == 79
    by_code = {item["code"]: item for item in body}
    beneficiaries = by_code["IV.1"]
    assert {key: beneficiaries[key] for key in ("code", "title", "target", "actual", "unit", "scope", "source")} == {
        "code": "IV.1",
        "title": "Тікелей бенефициарлар саны",
        "target": "1400.00",
        "actual": "1",
        "unit": "people",
        "scope": "total",
        "source": "participants",
    }
    assert beneficiaries["description"].startswith("Кезеңде өткен іс-шараларда (жобаның барлық іс-шаралары)")
    assert {key: by_code["1.2.g"][key] for key in ("target", "target_second", "actual", "actual_second")} == {
        "target": "4.00",
        "target_second": "1.00",
        "actual": "1",
        "actual_second": None,
    }
    assert (by_code["1.2.g"]["events_planned"], by_code["1.2.g"]["events_held"], by_code["1.2.g"]["percent"]) == (
        10,
        1,
        10,
    )
    assert by_code["IV.3"]["source"] == "manual"


def test_indicators_by_device_token(plan, grantor):
    from django.test import Client

    token = issue_api_token(username=grantor.username, device="laptop")

    response = Client().get(URL, HTTP_AUTHORIZATION=f"Bearer {token}", HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    body = response.json()
    assert len(body) == 79
    assert body[-6]["title"] == "Number of direct beneficiaries"


def test_indicators_refuse_volunteer(plan, volunteer_client):
    response = volunteer_client.get(URL)

    assert response.status_code == 403
    assert response.json()["code"] == "forbidden"


def test_indicators_refuse_anonymous(plan, client):
    response = client.get(URL)

    assert response.status_code == 401
    assert response.json()["code"] == "unauthorized"


def test_indicators_without_plan_is_empty(grantor_client):
    response = grantor_client.get(URL)

    assert (response.status_code, response.json()) == (200, [])
