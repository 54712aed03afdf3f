"""The door page's service worker (/door-sw.js): what it keeps for offline use and its version."""

import json
import re
import shutil

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.urls import reverse

from tests.factories import EventFactory
from tests.support import make_user

pytestmark = pytest.mark.django_db


def worker_config(response) -> dict:
    return json.loads(re.search(r"^self\.DOOR = (\{.*\});$", response.content.decode(), re.M)[1])


def test_door_worker_is_served_from_the_root_as_javascript(client):
    response = client.get(reverse("registration:door_sw"))

    body = response.content.decode()
    assert response.status_code == 200
    assert response["Content-Type"] == "application/javascript; charset=utf-8"
    assert response["Service-Worker-Allowed"] == "/"
    assert response["Cache-Control"] == "no-cache"
    assert reverse("registration:door_sw") == "/door-sw.js"
    assert 'importScripts("/static/vendor/workbox/workbox-sw.js", "/static/js/door-sw.js");' in body
    # Workbox's loader would fetch its modules from Google's CDN unless told where they are.
    assert "http" not in body
    config = worker_config(response)
    assert re.fullmatch(r"[0-9a-f]{16}", config["version"])
    for url in config["modules"].values():
        assert finders.find(url.removeprefix(settings.STATIC_URL)), url


def test_door_worker_keeps_every_file_the_door_page_loads(client):
    event = EventFactory()
    client.force_login(make_user("door", "volunteer"))

    page = client.get(reverse("registration:checkin", args=[event.slug])).content.decode()
    config = worker_config(client.get(reverse("registration:door_sw")))

    loaded = set(re.findall(r'<script src="([^"]+)"', page)) | set(
        re.findall(r'<link rel="stylesheet" href="([^"]+)"', page)
    )
    loaded |= set(re.findall(r'data-(?:ponyfill|wasm)-url="([^"]+)"', page))
    kept = {entry["url"] for entry in config["precache"]}
    assert "/static/vendor/zxing_reader.wasm" in kept
    assert "/static/vendor/barcode-detector-ponyfill.js" in kept
    assert loaded <= kept, loaded - kept
    assert all(re.fullmatch(r"[0-9a-f]{16}", entry["revision"]) for entry in config["precache"])
    assert 'data-sw-url="/door-sw.js"' in page
    assert f'data-sw-scope="/events/{event.slug}/checkin/"' in page


def test_door_worker_version_changes_with_a_static_file(client, settings, tmp_path):
    settings.DEBUG = True
    before = worker_config(client.get(reverse("registration:door_sw")))
    copy = tmp_path / "static"
    shutil.copytree(settings.BASE_DIR / "static", copy)
    with open(copy / "js" / "checkin.js", "a", encoding="utf-8") as script:
        script.write("\n// a new release\n")
    settings.STATICFILES_DIRS = [copy]

    after = worker_config(client.get(reverse("registration:door_sw")))

    revisions = {entry["url"]: entry["revision"] for entry in before["precache"]}
    changed = [entry["url"] for entry in after["precache"] if revisions[entry["url"]] != entry["revision"]]
    assert after["version"] != before["version"]
    assert changed == ["/static/js/checkin.js"]
