"""The API's errors outside the operations' own answers: 401 before CSRF, a body that is not
JSON, too large (413) or unreadable, and a bug (500) answer `{code, message}` in the
request's language, never Django's HTML pages."""

import json

import pytest
from django.test import Client

from events import selectors as event_selectors
from registration.models import CheckIn, Registration
from tests.factories import EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


def post_json(client, url, body, **extra):
    return client.post(url, json.dumps(body), content_type="application/json", **extra)


# --- 401 comes before the CSRF check ------------------------------------------------------


def test_anonymous_post_without_csrf_token_is_401_not_403():
    registration = RegistrationFactory()
    browser = Client(enforce_csrf_checks=True)

    response = post_json(
        browser,
        "/api/checkin",
        {"code": registration.code, "event": registration.event.slug},
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response.status_code == 401
    assert response.json() == {"code": "unauthorized", "message": "Log in or send a valid device token."}
    assert CheckIn.objects.count() == 0


def test_anonymous_job_start_without_csrf_token_is_401():
    event = EventFactory()

    response = Client(enforce_csrf_checks=True).post(f"/api/events/{event.slug}/badges")

    assert (response.status_code, response.json()["code"]) == (401, "unauthorized")


def test_logged_in_session_without_csrf_token_is_still_403(volunteer):
    registration = RegistrationFactory()
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(volunteer)

    response = post_json(browser, "/api/checkin", {"code": registration.code, "event": registration.event.slug})

    assert (response.status_code, response.json()["code"]) == (403, "csrf_failed")
    assert CheckIn.objects.count() == 0


def test_logged_in_session_with_csrf_token_checks_in(volunteer):
    registration = RegistrationFactory()
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(volunteer)
    browser.get(f"/events/{registration.event.slug}/checkin/")
    token = browser.cookies["csrftoken"].value

    response = post_json(
        browser, "/api/checkin", {"code": registration.code, "event": registration.event.slug}, HTTP_X_CSRFTOKEN=token
    )

    assert (response.status_code, response.json()["result"]) == (200, "ok")
    assert CheckIn.objects.filter(registration=registration).count() == 1


# --- 400: a body that is not JSON ------------------------------------------------------------


def test_body_that_is_not_json_is_400_in_the_request_language(client):
    event = EventFactory()

    response = client.post(
        f"/api/events/{event.slug}/registrations",
        "{not json",
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="ru",
    )

    assert response.status_code == 400
    assert response.json() == {"code": "invalid_json", "message": "Тело запроса не является корректным JSON."}
    assert Registration.objects.count() == 0


# --- 413: too large --------------------------------------------------------------------------


def test_json_body_over_the_limit_is_413_json(client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
    event = EventFactory()
    body = {"full_name": "Айгерім Сәрсенова", "phone": "87011234567", "consent": True, "organisation": "ә" * 2**20}

    response = post_json(client, f"/api/events/{event.slug}/registrations", body, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 413
    assert response["Content-Type"].startswith("application/json")
    assert response.json() == {"code": "too_large", "message": "The request is too large: at most 2 MB."}
    assert Registration.objects.count() == 0


def test_json_body_over_the_limit_is_413_in_kazakh_by_default(client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
    event = EventFactory()

    response = client.post(f"/api/events/{event.slug}/registrations", "x" * (1024 * 1024 + 1), "application/json")

    assert response.status_code == 413
    assert response.json() == {"code": "too_large", "message": "Сұрау тым үлкен: ең көбі 1 МБ."}


def test_multipart_over_the_limit_from_a_session_is_413_json(volunteer, settings):
    # The session's CSRF check reads the form first: that is where the multipart parser refuses it.
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
    registration = RegistrationFactory()
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(volunteer)
    browser.get(f"/events/{registration.event.slug}/checkin/")

    response = browser.post(
        "/api/checkin",
        {"code": registration.code, "event": registration.event.slug, "padding": "x" * (1024 * 1024 + 1)},
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert (response.status_code, response.json()["code"]) == (413, "too_large")
    assert CheckIn.objects.count() == 0


def test_multipart_over_the_limit_from_a_device_is_413_json(volunteer, settings):
    from core.services import issue_api_token

    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
    token = issue_api_token(username=volunteer.username, device="door-1")

    response = Client().post("/api/checkin", {"padding": "x" * (1024 * 1024 + 1)}, HTTP_AUTHORIZATION=f"Bearer {token}")

    assert (response.status_code, response.json()["code"]) == (413, "too_large")


def test_too_large_met_by_ninja_itself_is_413_json(client, settings):
    # Without the middleware that reads bodies first, ninja is the one that meets the limit.
    settings.MIDDLEWARE = [
        name for name in settings.MIDDLEWARE if name != "core.middleware.RefuseControlCharactersMiddleware"
    ]
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
    event = EventFactory()

    response = client.post(
        f"/api/events/{event.slug}/registrations",
        "x" * (1024 * 1024 + 1),
        "application/json",
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response.status_code == 413
    assert response.json() == {"code": "too_large", "message": "The request is too large: at most 1 MB."}


def test_too_large_outside_ninja_is_413_json_under_api_only(rf, settings):
    from django.core.exceptions import RequestDataTooBig

    from config.api import bad_request

    api = bad_request(rf.post("/api/checkin"), RequestDataTooBig("too big"))
    page = bad_request(rf.post("/events/"), RequestDataTooBig("too big"))

    assert (api.status_code, json.loads(api.content)["code"]) == (413, "too_large")
    assert page.status_code == 400 and page["Content-Type"].startswith("text/html")


# --- 500: a bug --------------------------------------------------------------------------------


@pytest.fixture
def broken_programme(monkeypatch, settings):
    settings.DEBUG = False

    def explode(**kwargs):
        raise RuntimeError("a bug in the programme")

    monkeypatch.setattr(event_selectors, "public_events", explode)


def test_unexpected_exception_under_api_is_500_json(broken_programme):
    client = Client(raise_request_exception=False)

    response = client.get("/api/events", HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 500
    assert response["Content-Type"] == "application/json"
    assert response.json() == {
        "code": "server_error",
        "message": "Something went wrong on our side. Please try again later.",
    }


def test_unexpected_exception_answers_in_the_request_language(broken_programme):
    client = Client(raise_request_exception=False)

    russian = client.get("/api/events", HTTP_ACCEPT_LANGUAGE="ru").json()["message"]
    kazakh = client.get("/api/events", HTTP_ACCEPT_LANGUAGE="kk").json()["message"]

    assert len({russian, kazakh, "Something went wrong on our side. Please try again later."}) == 3


def test_unexpected_exception_on_a_page_keeps_the_html_page(broken_programme):
    client = Client(raise_request_exception=False)

    response = client.get("/events/")

    assert response.status_code == 500
    assert response["Content-Type"].startswith("text/html")
