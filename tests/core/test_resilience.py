"""Redis or the database fails: registration, check-in and the health check go on.

Real redis-server processes and real sockets; only URLs and connection settings are pointed
at them. The cache options are the ones config/settings.py makes with REDIS_URL set.
"""

import json
import logging
import os
import signal
import subprocess
import sys
import time
from contextlib import contextmanager

import pytest
import redis
from django.core import mail
from django.core.cache import cache
from django.db import connection, connections

from config.celery import app as celery_app
from core import ratelimit
from core.services import issue_api_token
from registration.models import CheckIn, Registration
from tests.factories import EventFactory, RegistrationFactory
from tests.support import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def production_settings():
    """The cache's and the database's OPTIONS as config/settings.py makes them from REDIS_URL,
    DATABASE_URL and DB_STATEMENT_TIMEOUT_MS (read in a fresh interpreter)."""
    code = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        "print(json.dumps({'cache': s.CACHES['default'].get('OPTIONS', {}), 'db': s.DATABASES['default']['OPTIONS']}))"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DEBUG": "true",
        "REDIS_URL": "redis://127.0.0.1:6379/0",
        "DATABASE_URL": "postgres://basqaru@127.0.0.1:5432/basqaru",
        "DB_STATEMENT_TIMEOUT_MS": "1234",
    }
    proc = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout.strip().splitlines()[-1])


@pytest.fixture
def redis_cache(settings, production_settings):
    """Point the cache at a Redis URL, with the project's options."""

    def point_at(url: str) -> None:
        settings.CACHES = {
            "default": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": url,
                "OPTIONS": production_settings["cache"],
            }
        }

    return point_at


@contextmanager
def hung_after(seconds: float):
    """Fail, instead of waiting for ever, if the block takes longer than `seconds`."""

    def give_up(signum, frame):
        raise AssertionError(f"still waiting after {seconds} s")

    previous = signal.signal(signal.SIGALRM, give_up)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def post_json(client, url, body, **extra):
    return client.post(url, json.dumps(body), content_type="application/json", **extra)


def person(n: int, **extra) -> dict:
    return {"full_name": f"Қатысушы Нөмір {n}", "phone": f"+7701555{n:04d}", "consent": True, **extra}


# --- Settings -------------------------------------------------------------------------------


def test_settings_make_redis_and_postgresql_give_up_quickly(production_settings):
    cache_options, db_options = production_settings["cache"], production_settings["db"]

    assert 0 < cache_options["socket_connect_timeout"] <= 0.5
    assert 0 < cache_options["socket_timeout"] <= 0.5
    assert db_options["connect_timeout"] == 5
    assert db_options["options"] == "-c statement_timeout=1234"


def test_a_hung_redis_costs_the_cache_half_a_second(redis_cache, black_hole):
    redis_cache(f"redis://127.0.0.1:{black_hole}/0")

    started = time.monotonic()
    with hung_after(5), pytest.raises(redis.TimeoutError):
        cache.get("anything")

    assert time.monotonic() - started < 1.0


@pytest.mark.postgres
def test_postgresql_connection_has_the_statement_timeout():
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        assert cursor.fetchone()[0] == "30s"


# --- Registration and check-in while Redis is down -------------------------------------------


def test_api_registration_goes_on_when_redis_goes_down(
    client, redis_server, redis_cache, caplog, monkeypatch, django_capture_on_commit_callbacks
):
    redis_cache(redis_server.url)
    monkeypatch.setattr(ratelimit, "_fallback_logged_at", None, raising=False)
    event = EventFactory()
    url = f"/api/events/{event.slug}/registrations"
    first = post_json(client, url, person(1), REMOTE_ADDR="10.0.1.1")
    assert first.status_code == 201
    assert redis_server.client().keys("*rl:register:10.0.1.1:*") != []
    redis_server.stop()

    answers, seconds = [], []
    with caplog.at_level(logging.WARNING, logger="core.ratelimit"), django_capture_on_commit_callbacks(execute=True):
        for n in (2, 3):
            started = time.monotonic()
            answers.append(post_json(client, url, person(n, email=f"p{n}@example.kz"), REMOTE_ADDR="10.0.1.1"))
            seconds.append(time.monotonic() - started)

    assert [answer.status_code for answer in answers] == [201, 201]
    assert max(seconds) < 1.0
    assert sorted(Registration.objects.filter(event=event).values_list("phone", flat=True)) == [
        "+77015550001",
        "+77015550002",
        "+77015550003",
    ]
    assert sorted(message.to[0] for message in mail.outbox) == ["p2@example.kz", "p3@example.kz"]
    fallback = [record for record in caplog.records if "counted in each process" in record.getMessage()]
    assert len(fallback) == 1


def test_rate_limit_is_counted_in_the_process_while_redis_is_down(client, settings, redis_cache, dead_port):
    redis_cache(f"redis://127.0.0.1:{dead_port}/0")
    settings.REGISTRATION_RATE_LIMIT = 2
    event = EventFactory()

    codes = [
        post_json(client, f"/api/events/{event.slug}/registrations", person(n), REMOTE_ADDR="10.0.2.2").status_code
        for n in (1, 2, 3)
    ]

    assert codes == [201, 201, 429]
    assert Registration.objects.filter(event=event).count() == 2


def test_form_registration_goes_on_when_redis_is_down(client, redis_cache, dead_port):
    redis_cache(f"redis://127.0.0.1:{dead_port}/0")
    event = EventFactory()
    form = {"full_name": "Айгерім Сәрсенова", "phone": "8 701 555 00 09", "consent": "on"}

    started = time.monotonic()
    response = client.post(f"/events/{event.slug}/register/", form, REMOTE_ADDR="10.0.3.3")
    seconds = time.monotonic() - started

    registration = Registration.objects.get(event=event)
    assert response.status_code == 302
    assert response["Location"] == registration.get_absolute_url()
    assert registration.phone == "+77015550009"
    assert seconds < 1.0


def test_bearer_check_in_goes_on_when_redis_goes_down(client, redis_server, redis_cache):
    redis_cache(redis_server.url)
    first, second = RegistrationFactory.create_batch(2)
    door = make_user("door", "volunteer")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {issue_api_token(username='door', device='door-1')}"}
    before = post_json(client, "/api/checkin", {"code": first.code, "event": first.event.slug}, **auth)
    assert before.json()["result"] == "ok"
    assert redis_server.client().keys(f"*perms:{door.pk}") != []
    redis_server.stop()

    started = time.monotonic()
    after = post_json(client, "/api/checkin", {"code": second.code, "event": second.event.slug}, **auth)
    seconds = time.monotonic() - started

    assert after.status_code == 200
    assert after.json()["result"] == "ok"
    assert sorted(CheckIn.objects.values_list("registration_id", flat=True)) == sorted([first.pk, second.pk])
    assert seconds < 1.0


# --- The health check -----------------------------------------------------------------------


def _healthz(client):
    started = time.monotonic()
    with hung_after(5):
        response = client.get("/healthz")
    return response, time.monotonic() - started


def test_healthz_reports_redis_down_with_503_within_a_second(client, settings, redis_cache, dead_port, monkeypatch):
    url = f"redis://127.0.0.1:{dead_port}/0"
    settings.REDIS_URL = url
    redis_cache(url)
    monkeypatch.setattr(celery_app.conf, "broker_url", url)

    response, seconds = _healthz(client)

    assert response.status_code == 503
    assert response.json() == {
        "status": "error",
        "database": "ok",
        "broker": "error: OperationalError",
        "cache": "error: ConnectionError",
    }
    assert seconds < 1.0


def test_healthz_answers_within_a_second_when_redis_hangs(client, settings, redis_cache, black_hole, monkeypatch):
    url = f"redis://127.0.0.1:{black_hole}/0"
    settings.REDIS_URL = url
    redis_cache(url)
    monkeypatch.setattr(celery_app.conf, "broker_url", url)

    response, seconds = _healthz(client)

    body = response.json()
    assert response.status_code == 503
    assert (body["status"], body["database"]) == ("error", "ok")
    assert body["cache"] in ("error: TimeoutError", "error: timeout")
    assert body["broker"].startswith("error: ")
    assert seconds < 1.0


def test_healthz_reports_a_working_cache(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json()["cache"] == "ok"


def test_healthz_answers_within_a_second_when_the_database_hangs(client, black_hole, monkeypatch):
    # Only new connections (the probe's) see this; the test's own connection is already open.
    hung = {
        **connections.settings["default"],
        "ENGINE": "django.db.backends.postgresql",
        "HOST": "127.0.0.1",
        "PORT": black_hole,
        "NAME": "hangs",
        "USER": "nobody",
        "PASSWORD": "",
        "OPTIONS": {},
    }
    monkeypatch.setitem(connections.settings, "default", hung)

    response, seconds = _healthz(client)

    assert response.status_code == 503
    assert response.json()["database"] == "error: timeout"
    assert seconds < 1.0
