import shutil

import pytest
from django.contrib.auth.models import Group, User
from django.core.cache import cache

from config.celery import app as celery_app


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


def make_user(username: str, role: str | None = None, **extra) -> User:
    user = User.objects.create_user(username, password="pw-" + username, **extra)
    if role:
        user.groups.add(Group.objects.get(name=role))
    return user


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
