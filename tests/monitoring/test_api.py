import pytest

from core.services import issue_api_token

from .conftest import past_event

pytestmark = pytest.mark.django_db

URL = "/api/monitoring/indicators"


def test_indicators_for_grantor_session(plan, grantor_client, organiser):
    from registration.services import check_in
    from tests.factories import RegistrationFactory

    session = past_event()
    registration = RegistrationFactory(event=session)
    check_in(code=registration.code, event=session, scanned_by=organiser)

    response = grantor_client.get(URL)

    assert response.status_code == 200
    body = response.json()
    assert len(body) == 91
    by_code = {item["code"]: item for item in body}
    assert by_code["IV.1"] == {
        "code": "IV.1",
        "title": "Тікелей пайда алушылар",
        "target": "1400.00",
        "actual": "1",
        "unit": "people",
        "scope": "total",
        "status": "behind",
        "percent": 0,
    }
    assert by_code["1.2.g"] == {
        "code": "1.2.g",
        "title": "Фотоесеп",
        "target": "4.00",
        "actual": "0",
        "unit": "photos",
        "scope": "per_event",
        "status": "behind",
        "percent": 0,
    }


def test_indicators_by_device_token(plan, grantor):
    from django.test import Client

    token = issue_api_token(username=grantor.username, device="laptop")

    response = Client().get(URL, HTTP_AUTHORIZATION=f"Bearer {token}", HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    assert len(response.json()) == 91


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
