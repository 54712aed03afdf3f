"""What a deployment expects: login throttling, the Content-Security-Policy header and its
nonces, no caching of personal files, a rate-limited door search and a cap on queued jobs."""

import re
import time
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.models import User
from django.urls import reverse

from core.http import download
from core.models import Job, JobStatus
from core.services import issue_api_token
from tests.factories import EventFactory, RegistrationFactory
from tests.support import make_user

pytestmark = pytest.mark.django_db

TEMPLATES = Path(django_settings.BASE_DIR) / "templates"


def log_in(client, username, password, **extra):
    return client.post(reverse("login"), {"username": username, "password": password}, **extra)


def logged_in(client) -> bool:
    return "_auth_user_id" in client.session


# --- Login throttling -------------------------------------------------------------------------


def test_five_wrong_passwords_lock_the_username_even_for_the_right_one(client):
    User.objects.create_user("aigul", password="right-pass-1")

    failures = [log_in(client, "aigul", f"wrong-{i}").status_code for i in range(5)]
    refused = log_in(client, "aigul", "right-pass-1", HTTP_ACCEPT_LANGUAGE="en")

    assert failures == [200] * 5
    assert refused.status_code == 429
    assert "Too many failed attempts. Wait 15 minutes and try again." in refused.content.decode()
    assert not logged_in(client)


def test_the_lock_is_per_username(client):
    User.objects.create_user("aigul", password="right-pass-1")
    User.objects.create_user("erlan", password="right-pass-2")
    for i in range(5):
        log_in(client, "aigul", f"wrong-{i}")

    other = log_in(client, "erlan", "right-pass-2")

    assert other.status_code == 302
    assert logged_in(client)


def test_the_username_lock_ignores_case_and_spaces(client):
    User.objects.create_user("aigul", password="right-pass-1")
    for i in range(5):
        log_in(client, ["AIGUL", " aigul", "Aigul "][i % 3], f"wrong-{i}")

    assert log_in(client, "aigul", "right-pass-1").status_code == 429


def test_a_success_resets_the_usernames_failures(client):
    User.objects.create_user("aigul", password="right-pass-1")
    for i in range(4):
        log_in(client, "aigul", f"wrong-{i}")
    assert log_in(client, "aigul", "right-pass-1").status_code == 302
    client.post(reverse("logout"))

    for i in range(4):
        log_in(client, "aigul", f"again-wrong-{i}")
    after = log_in(client, "aigul", "right-pass-1")

    assert after.status_code == 302
    assert logged_in(client)


def test_twenty_failures_from_one_address_lock_it_for_every_username(client):
    User.objects.create_user("erlan", password="right-pass-2")
    for i in range(20):
        log_in(client, f"guess-{i % 4}", "wrong", REMOTE_ADDR="203.0.113.7")

    from_there = log_in(client, "erlan", "right-pass-2", REMOTE_ADDR="203.0.113.7")
    elsewhere = log_in(client, "erlan", "right-pass-2", REMOTE_ADDR="198.51.100.4")

    assert from_there.status_code == 429
    assert elsewhere.status_code == 302


def test_the_lock_ends_with_its_window(client, settings):
    settings.LOGIN_LOCKOUT_SECONDS = 1
    settings.LOGIN_FAILURES_PER_USERNAME = 1
    User.objects.create_user("aigul", password="right-pass-1")
    log_in(client, "aigul", "wrong")
    assert log_in(client, "aigul", "right-pass-1").status_code == 429

    time.sleep(1.1)

    assert log_in(client, "aigul", "right-pass-1").status_code == 302


def test_the_admin_login_counts_failures_too(client):
    User.objects.create_superuser("root", password="root-pass-1")
    for i in range(5):
        client.post("/admin/login/", {"username": "root", "password": f"wrong-{i}"})

    response = client.post("/admin/login/", {"username": "root", "password": "root-pass-1"}, HTTP_ACCEPT_LANGUAGE="en")

    assert "Too many failed attempts" in response.content.decode()
    assert not logged_in(client)


# --- Content-Security-Policy ------------------------------------------------------------------


def policy(response) -> dict[str, list[str]]:
    parts = [part.strip().split() for part in response["Content-Security-Policy"].split(";")]
    return {part[0]: part[1:] for part in parts if part}


def test_pages_carry_a_strict_content_security_policy(client):
    directives = policy(client.get(reverse("events:list")))

    assert directives["default-src"] == ["'self'"]
    assert directives["script-src"][0] == "'self'" and "'wasm-unsafe-eval'" in directives["script-src"]
    assert "'unsafe-inline'" not in directives["script-src"] + directives["style-src"]
    assert "'unsafe-eval'" not in directives["script-src"]
    assert directives["img-src"] == ["'self'", "data:", "blob:"]
    assert directives["worker-src"] == ["'self'", "blob:"]
    assert directives["connect-src"] == ["'self'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["form-action"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["base-uri"] == ["'self'"]


def test_inline_blocks_carry_the_nonce_of_the_header(organiser_client, organiser):
    event = EventFactory()
    response = organiser_client.get(reverse("registration_manage:attendees", args=[event.slug]))

    nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"]).group(1)
    assert f'<style nonce="{nonce}">' in response.content.decode()
    assert f"'nonce-{nonce}'" in policy(response)["style-src"]
    again = organiser_client.get(reverse("registration_manage:attendees", args=[event.slug]))
    assert nonce not in again["Content-Security-Policy"]


def test_no_template_has_inline_code_the_policy_would_block():
    """Every inline <script> and <style> carries the nonce; no on…= handler or style attribute.
    A JSON data block (type="application/json") is never run, so the policy leaves it alone."""
    problems = []
    for path in sorted(TEMPLATES.rglob("*.html")):
        text = path.read_text()
        for tag in re.findall(r"<(?:script|style)\b[^>]*>", text):
            if not re.search(r"src=|csp_nonce|type=\"application/json\"", tag):
                problems.append(f"{path.name}: {tag}")
        problems += [f"{path.name}: {m}" for m in re.findall(r"<[^>]*\son[a-z]+=[^>]*>", text)]
        problems += [f"{path.name}: {m}" for m in re.findall(r"<[^>]*\sstyle=[^>]*>", text)]
    assert problems == []


# --- No caching of personal files -------------------------------------------------------------


def test_download_forbids_caching():
    response = download(b"secret", "list.csv")

    assert response["Cache-Control"] == "private, no-store"


def test_ticket_qr_and_pdf_are_not_cached(client):
    registration = RegistrationFactory()

    qr = client.get(reverse("registration:ticket_qr", args=[registration.code]))
    pdf = client.get(reverse("registration:ticket_pdf", args=[registration.code]))

    assert (qr.status_code, pdf.status_code) == (200, 200)
    assert qr["Cache-Control"] == pdf["Cache-Control"] == "private, no-store"


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_attendee_exports_are_not_cached(organiser_client, file_format):
    registration = RegistrationFactory()

    response = organiser_client.get(
        reverse(f"registration_manage:export_{file_format}", args=[registration.event.slug])
    )

    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"


# --- The door search is limited per device ----------------------------------------------------


def search(client, event, q="Айгүл", **extra):
    return client.get(f"/api/events/{event.slug}/attendees", {"q": q}, **extra)


def test_door_search_refuses_the_31st_query_in_a_minute(volunteer_client):
    event = EventFactory()
    RegistrationFactory(event=event, full_name="Айгүл Сейітова")

    answers = [search(volunteer_client, event).status_code for _ in range(30)]
    refused = search(volunteer_client, event, HTTP_ACCEPT_LANGUAGE="en")

    assert answers == [200] * 30
    assert refused.status_code == 429
    assert refused.json() == {
        "code": "rate_limited",
        "message": "Too many searches from this device. Wait a minute and try again.",
    }


def test_door_search_limit_is_per_token(client, volunteer, settings):
    settings.DOOR_SEARCH_RATE_LIMIT = 3
    event = EventFactory()
    first = issue_api_token(username=volunteer.username, device="door-1")
    second = issue_api_token(username=volunteer.username, device="door-2")

    door_1 = [search(client, event, HTTP_AUTHORIZATION=f"Bearer {first}").status_code for _ in range(4)]
    door_2 = search(client, event, HTTP_AUTHORIZATION=f"Bearer {second}").status_code

    assert door_1 == [200, 200, 200, 429]
    assert door_2 == 200


def test_made_up_tokens_do_not_reset_a_sessions_limit(volunteer_client, settings):
    settings.DOOR_SEARCH_RATE_LIMIT = 3
    event = EventFactory()

    answers = [
        search(volunteer_client, event, HTTP_AUTHORIZATION=f"Bearer bq_made-up-{i}").status_code for i in range(4)
    ]

    assert answers == [200, 200, 200, 429]


def test_door_search_limit_of_zero_turns_it_off(volunteer_client, settings):
    settings.DOOR_SEARCH_RATE_LIMIT = 0
    event = EventFactory()

    assert {search(volunteer_client, event).status_code for _ in range(35)} == {200}


# --- Queued jobs per organiser ----------------------------------------------------------------


def start_badges(client, event, **extra):
    return client.post(f"/api/events/{event.slug}/badges", '{"layout": "a6"}', content_type="application/json", **extra)


def test_a_sixth_queued_job_is_refused(organiser_client, organiser):
    event = EventFactory()
    RegistrationFactory(event=event)
    # Without running the on-commit hooks, every job stays queued.
    started = [start_badges(organiser_client, event).status_code for _ in range(5)]

    refused = start_badges(organiser_client, event, HTTP_ACCEPT_LANGUAGE="en")

    assert started == [202] * 5
    assert refused.status_code == 409
    assert refused.json() == {
        "code": "too_many_jobs",
        "message": "You already have 5 jobs in progress. Wait until one of them finishes.",
    }
    assert Job.objects.filter(created_by=organiser).count() == 5


def test_finished_jobs_do_not_count_and_others_are_not_limited(organiser_client, organiser, settings):
    settings.JOBS_PER_USER_LIMIT = 2
    event = EventFactory()
    RegistrationFactory(event=event)
    assert [start_badges(organiser_client, event).status_code for _ in range(3)] == [202, 202, 409]

    Job.objects.filter(created_by=organiser).update(status=JobStatus.DONE)
    again = start_badges(organiser_client, event)
    organiser_client.force_login(make_user("organiser2", "organiser"))
    others = start_badges(organiser_client, event)

    assert (again.status_code, others.status_code) == (202, 202)


def test_the_attendee_page_shows_the_refusal(organiser_client, organiser, settings):
    settings.JOBS_PER_USER_LIMIT = 1
    event = EventFactory()
    RegistrationFactory(event=event)
    start_badges(organiser_client, event)

    response = organiser_client.post(
        f"/manage/registration/{event.slug}/jobs/badges/", {"layout": "a6"}, follow=True, HTTP_ACCEPT_LANGUAGE="en"
    )

    assert [str(m) for m in response.context["messages"]] == [
        "You already have 1 job in progress. Wait until it finishes."
    ]
    assert Job.objects.filter(created_by=organiser).count() == 1
