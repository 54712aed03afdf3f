"""Fixtures of the organiser pages under /manage/."""

import pytest

from tests.support import draft_event, local, make_user


@pytest.fixture(autouse=True)
def english(client, settings):
    """Pages in English, so the tests can read messages whatever the default language."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


@pytest.fixture
def media_dirs(settings):
    """The public and private upload folders of the test (tests/conftest.py makes them per
    test; the real private storage reads PRIVATE_MEDIA_ROOT at each use)."""
    return settings.MEDIA_ROOT, settings.PRIVATE_MEDIA_ROOT


@pytest.fixture
def org_client(client):
    client.force_login(make_user("org", "organiser"))
    return client


@pytest.fixture
def vol_client(client):
    client.force_login(make_user("vol", "volunteer"))
    return client


@pytest.fixture
def june_event():
    return draft_event(slug="june", start_at=local(2030, 6, 1, 10, 0), end_at=local(2030, 6, 1, 13, 0))
