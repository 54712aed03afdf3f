import io
import os
import subprocess
import sys
import uuid

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.db import connection

from config.celery import app as celery_app
from core.models import ApiToken
from core.roles import ROLE_PERMISSIONS
from core.tasks import ping_task

pytestmark = pytest.mark.django_db


def test_healthz_reports_database_and_broker(client, settings):
    response = client.get("/healthz")

    body = response.json()
    assert response.status_code == 200
    assert body["database"] == "ok"
    assert body["broker"] == ("ok" if settings.REDIS_URL else "in-process")
    assert body["status"] == "ok"


def test_healthz_reports_unreachable_broker(client, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    previous = celery_app.conf.broker_url
    celery_app.conf.broker_url = settings.REDIS_URL
    try:
        response = client.get("/healthz")
    finally:
        celery_app.conf.broker_url = previous

    assert response.status_code == 503
    assert response.json()["broker"].startswith("error")


def test_roles_exist_with_their_permissions():
    for role, perms in ROLE_PERMISSIONS.items():
        group = Group.objects.get(name=role)
        held = {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.select_related("content_type")}
        assert held == set(perms)


def test_grantor_is_read_only():
    """The grantor reads; building the report is reading too (it writes nothing but its file)."""
    perms = ROLE_PERMISSIONS["grantor"]
    assert perms and all(".view_" in p for p in perms if p != "monitoring.build_report")
    assert "monitoring.build_report" in perms


def test_issue_token_prints_a_token_that_authenticates(client, volunteer):
    out = io.StringIO()
    call_command("issue_token", "volunteer1", "--device", "door-1", stdout=out)
    token = out.getvalue().strip()

    response = client.get("/api/me", HTTP_AUTHORIZATION=f"Bearer {token}")

    assert token.startswith("bq_") and len(token) > 40
    assert response.status_code == 200
    assert response.json() == {"username": "volunteer1", "roles": ["volunteer"]}
    stored = ApiToken.objects.get(user=volunteer)
    assert stored.name == "door-1"
    assert token not in stored.key_hash and stored.last_used_at is not None


def test_wrong_or_revoked_token_is_refused(client, volunteer):
    out = io.StringIO()
    call_command("issue_token", "volunteer1", stdout=out)
    token = out.getvalue().strip()
    ApiToken.objects.update(revoked_at="2026-01-01T00:00:00Z")

    revoked = client.get("/api/me", HTTP_AUTHORIZATION=f"Bearer {token}")
    garbage = client.get("/api/me", HTTP_AUTHORIZATION="Bearer nonsense")
    anonymous = client.get("/api/me")

    assert revoked.status_code == garbage.status_code == anonymous.status_code == 401
    assert anonymous.json()["code"] == "unauthorized"


def test_issue_token_for_unknown_user_fails():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="nobody"):
        call_command("issue_token", "nobody")
    assert ApiToken.objects.count() == 0


def test_login_and_logout_pages(client):
    User.objects.create_user("someone", password="s3cret-pass")

    page = client.get("/login/")
    logged_in = client.post("/login/", {"username": "someone", "password": "s3cret-pass"})
    logged_out = client.post("/logout/")

    assert page.status_code == 200
    assert logged_in.status_code == 302
    assert logged_out.status_code == 302
    assert "_auth_user_id" not in client.session


def test_wrong_password_shows_an_error(client):
    User.objects.create_user("someone", password="s3cret-pass")

    response = client.post("/login/", {"username": "someone", "password": "wrong"}, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert "correct username and password" in response.content.decode()


def test_openapi_docs_are_served(client):
    docs = client.get("/api/docs")
    schema = client.get("/api/openapi.json").json()

    assert docs.status_code == 200
    assert "/api/events" in schema["paths"]


@pytest.mark.real_worker
@pytest.mark.django_db(transaction=True)
def test_task_round_trip_through_redis_and_a_real_worker(live_worker, volunteer):
    token = uuid.uuid4().hex

    result = ping_task.delay(token).get(timeout=30)

    assert result == {"token": token, "database": connection.vendor, "users": 1}


def test_settings_refuse_dev_secret_without_debug():
    env = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "DEBUG")}
    code = "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='config.settings'; django.setup()"

    proc = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60)

    assert proc.returncode != 0
    assert "SECRET_KEY" in proc.stderr


def test_settings_refuse_junk_boolean():
    env = {**os.environ, "DEBUG": "maybe"}
    code = "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='config.settings'; django.setup()"

    proc = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60)

    assert proc.returncode != 0
    assert "DEBUG must be one of" in proc.stderr


@pytest.mark.parametrize(
    ("worker", "redis_url", "expected"),
    [
        ("", "redis://127.0.0.1:6379/0", "redis://127.0.0.1:6379/0"),
        ("gw0", "redis://127.0.0.1:6379/0", "redis://127.0.0.1:6379/1"),
        ("gw3", "redis://:secret@cache:6380/0", "redis://:secret@cache:6380/4"),
        ("gw1", "", ""),
    ],
)
def test_each_parallel_test_process_gets_its_own_redis_database(worker, redis_url, expected):
    """pytest-xdist's processes share one Redis server: each takes its own database, so one's
    cache.clear() or Celery queue never reaches another's (config/settings.py)."""
    env = {**os.environ, "DEBUG": "true", "PYTEST_XDIST_WORKER": worker, "REDIS_URL": redis_url}
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='config.settings'; django.setup(); "
        "from django.conf import settings as s; "
        "print(s.REDIS_URL, s.CELERY_BROKER_URL, s.CACHES['default'].get('LOCATION', ''), sep='|')"
    )

    proc = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60)

    assert proc.returncode == 0, proc.stderr
    url, broker, cache_location = proc.stdout.strip().splitlines()[-1].split("|")
    assert url == expected
    assert (broker, cache_location) == ((expected, expected) if expected else ("memory://", ""))


def test_check_deploy_is_clean_with_a_production_environment():
    env = {
        **{k: v for k, v in os.environ.items() if k != "DEBUG"},
        "SECRET_KEY": "x" * 20 + uuid.uuid4().hex + uuid.uuid4().hex,
        "ALLOWED_HOSTS": "events.example.kz",
        "DEBUG": "false",
    }

    proc = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert proc.returncode == 0, proc.stderr + proc.stdout
    assert "no issues" in proc.stdout
