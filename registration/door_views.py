"""The door page's service worker, which keeps the page working with no network.

The worker is served from the site's root (`/door-sw.js`) so that a door page at
`/events/<slug>/checkin/` can register it with that page as its scope. Its body names the static
files the page needs offline (scripts, styles, the QR decoder and its .wasm), each with a
revision: the hash of the file's content. The version is the hash of all of them, so a deploy
that changes any of these files changes the worker's bytes, the browser installs the new worker,
and Workbox fetches only the files whose revision changed. The logic itself is the static file
`js/door-sw.js`; Workbox's modules are loaded from our own static files, never from a CDN.
"""

import hashlib
import json
from functools import cache

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.http import HttpResponse
from django.templatetags.static import static
from django.views.decorators.http import require_GET

# What the door page loads, in the order it loads them; the template uses the same files.
DOOR_ASSETS = (
    "css/site.css",
    "css/checkin.css",
    "vendor/idb.umd.js",
    "vendor/workbox/workbox-window.prod.umd.js",
    "js/door/store.js",
    "js/door/sync.js",
    "js/checkin.js",
    # The decoder for browsers without a native BarcodeDetector (1.1 MB with its .wasm).
    "vendor/barcode-detector-ponyfill.js",
    "vendor/zxing_reader.wasm",
)
WORKBOX_LOADER = "vendor/workbox/workbox-sw.js"
WORKBOX_MODULES = ("workbox-core", "workbox-precaching", "workbox-routing", "workbox-strategies")
WORKER_LOGIC = "js/door-sw.js"


def _content_hash(path: str) -> str:
    found = finders.find(path)
    if found:
        with open(found, "rb") as file:
            return hashlib.sha256(file.read()).hexdigest()[:16]
    with staticfiles_storage.open(path) as file:
        return hashlib.sha256(file.read()).hexdigest()[:16]


def _build_manifest() -> dict:
    modules = {name: f"vendor/workbox/{name}.prod.js" for name in WORKBOX_MODULES}
    precache = [{"url": static(path), "revision": _content_hash(path)} for path in DOOR_ASSETS]
    code = [_content_hash(path) for path in (WORKBOX_LOADER, WORKER_LOGIC, *modules.values())]
    version = hashlib.sha256(json.dumps([precache, code]).encode()).hexdigest()[:16]
    return {
        "version": version,
        "precache": precache,
        "modules": {name: static(path) for name, path in modules.items()},
        "scripts": [static(WORKBOX_LOADER), static(WORKER_LOGIC)],
    }


_cached_manifest = cache(_build_manifest)


def door_manifest() -> dict:
    """The worker's version, its precache list and where its scripts are. Files change only with
    a deploy (a restart), except in development, where each request reads them again."""
    return _build_manifest() if settings.DEBUG else _cached_manifest()


@require_GET
def service_worker(request):
    """The service worker of the door pages (public: it holds no personal data)."""
    manifest = door_manifest()
    config = {key: manifest[key] for key in ("version", "precache", "modules")}
    body = (
        "/* The door page's service worker, made by registration/door_views.py. */\n"
        f"self.DOOR = {json.dumps(config)};\n"
        f"importScripts({', '.join(json.dumps(url) for url in manifest['scripts'])});\n"
    )
    response = HttpResponse(body, content_type="application/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = "/"
    # The browser must ask every time (it checks for a new worker on each visit of a door page).
    response["Cache-Control"] = "no-cache"
    return response
