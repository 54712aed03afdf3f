"""Fixtures for the whole suite, and the rules for the tests that need CI's services.

Three markers name what a test needs beyond SQLite: `postgres` (row locks, skipped here on
SQLite), `real_worker` (a Celery worker on Redis, skipped without REDIS_URL) and `browser`
(headless Chromium, skipped without /usr/bin/chromium). On a laptop they may skip; with
CI=true a skip of any of them fails the run, so a CI machine missing a service cannot pass
(tests/ci_required.py, a plugin of its own).
"""

import shutil

import pytest
from django.core.cache import cache
from django.db import connection

from config.celery import app as celery_app
from tests.support import make_user

# --- Tests that need CI's services ----------------------------------------------------------

pytest_plugins = ["pytester", "tests.ci_required"]


def pytest_collection_modifyitems(config, items):
    """Skip `postgres` tests on another database: SQLite serialises writers, so a race test
    there would prove nothing."""
    if connection.vendor == "postgresql":
        return
    skip = pytest.mark.skip(reason="needs PostgreSQL (DATABASE_URL): row locks are proven there, as on CI")
    for item in items:
        if item.get_closest_marker("postgres"):
            item.add_marker(skip)


# --- Fixtures -------------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def _isolated_media(settings, tmp_path):
    """Uploads of each test go to its own folders, public and private."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    yield
    shutil.rmtree(tmp_path, ignore_errors=True)


@pytest.fixture(autouse=True)
def _clean_cache():
    from registration.selectors import forget_door_events

    cache.clear()
    forget_door_events()
    yield
    cache.clear()
    forget_door_events()


@pytest.fixture(autouse=True)
def _tasks_in_process(request):
    """Tasks run in-process unless a test asks for the real worker (`real_worker` marker).
    The task bodies are the real ones; only the transport differs."""
    if request.node.get_closest_marker("real_worker"):
        yield
        return
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = previous


@pytest.fixture
def organiser(db):
    return make_user("organiser1", "organiser")


@pytest.fixture
def volunteer(db):
    return make_user("volunteer1", "volunteer")


@pytest.fixture
def grantor(db):
    return make_user("grantor1", "grantor")


@pytest.fixture
def organiser_client(client, organiser):
    client.force_login(organiser)
    return client


@pytest.fixture
def volunteer_client(client, volunteer):
    client.force_login(volunteer)
    return client


@pytest.fixture
def grantor_client(client, grantor):
    client.force_login(grantor)
    return client


@pytest.fixture
def live_worker(settings):
    """A real Celery worker (in a thread) consuming from Redis, for `real_worker` tests."""
    if not settings.REDIS_URL:
        pytest.skip("needs REDIS_URL: a real worker needs Redis (CI sets it)")
    import celery.contrib.testing.tasks  # noqa: F401 - registers celery.ping for the start-up check
    from celery.contrib.testing.worker import start_worker

    assert celery_app.conf.task_always_eager is False
    with start_worker(celery_app, pool="solo", concurrency=1, perform_ping_check=True, shutdown_timeout=20):
        yield


@pytest.fixture
def browser_test(monkeypatch):
    """Let a test drive a browser (tests.support.chromium) and query the database in between."""
    # Playwright's sync API keeps an event loop in the test's thread, which Django's async
    # guard mistakes for async code; the test's own ORM calls are plain synchronous ones.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
