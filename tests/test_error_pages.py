"""A refused page is the product's own page (the site's header, the reader's language, a way
on), never a bare "403 Forbidden", and is logged as one line without a traceback; an unknown
address is the site's "page not found"; a server error is the site's page too."""

import logging

import pytest
from django.test import Client
from django.urls import reverse

from tests.support import make_user

pytestmark = pytest.mark.django_db


def _client(user=None, language="kk") -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE=language, raise_request_exception=False)
    client.cookies["django_language"] = language
    if user is not None:
        client.force_login(user)
    return client


def test_a_refusal_is_the_sites_page_in_kazakh():
    grantor = make_user("grantor1", "grantor")

    response = _client(grantor).get(reverse("manage:dashboard"))

    page = response.content.decode()
    assert response.status_code == 403
    assert 'class="topbar"' in page and 'id="refused"' in page
    assert "Бұл бетке кіру рұқсаты жоқ" in page
    assert "Сіз grantor1 ретінде кірдіңіз" in page
    assert reverse("monitoring:dashboard") in page  # the way back to the grantor's own pages
    assert "Forbidden" not in page


@pytest.mark.parametrize(
    ("language", "title"),
    [("ru", "Нет доступа к этой странице"), ("en", "No access to this page")],
)
def test_a_refusal_follows_the_readers_language(language, title):
    volunteer = make_user("volunteer1", "volunteer")

    response = _client(volunteer, language).get(reverse("monitoring:dashboard"))

    assert response.status_code == 403
    assert f"<h1>{title}</h1>" in response.content.decode()


def test_a_refusal_under_the_api_stays_json():
    volunteer = make_user("volunteer1", "volunteer")

    response = _client(volunteer, "en").get(reverse("api:list_indicators"))

    assert response.status_code == 403
    assert response["Content-Type"].startswith("application/json")


def test_a_refusal_is_logged_as_one_line_without_a_traceback(caplog):
    grantor = make_user("grantor1", "grantor")

    with caplog.at_level(logging.INFO, logger="django.request"):
        _client(grantor).get(reverse("tokens:list"))

    records = [record for record in caplog.records if record.name == "django.request"]
    assert [(record.levelname, record.getMessage()) for record in records] == [
        ("INFO", "Forbidden (Permission denied): /manage/tokens/")
    ]
    assert records[0].exc_info is None
    assert "Traceback" not in caplog.text


def test_an_unknown_address_is_the_sites_page_not_found():
    response = _client().get("/no-such-page/")

    page = response.content.decode()
    assert response.status_code == 404
    assert 'class="topbar"' in page and 'id="not-found"' in page
    assert "Бет табылмады" in page


def test_a_server_error_is_the_sites_page(monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr("events.selectors.public_events", broken)
    client = _client(language="ru")

    response = client.get(reverse("events:list"))

    page = response.content.decode()
    assert response.status_code == 500
    assert 'class="topbar"' in page and 'id="server-error"' in page
    assert "Что-то пошло не так" in page


def test_a_form_sent_with_an_expired_token_gets_the_sites_page():
    organiser = make_user("organiser1", "organiser")
    client = Client(enforce_csrf_checks=True, HTTP_ACCEPT_LANGUAGE="kk")
    client.cookies["django_language"] = "kk"
    client.force_login(organiser)

    response = client.post(reverse("manage:venue_create"), {"name": "Зал"})

    page = response.content.decode()
    assert response.status_code == 403
    assert 'class="topbar"' in page and 'id="refused"' in page
    assert "Форманың мерзімі өтті" in page
