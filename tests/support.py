"""Helpers shared by test modules of several apps, so that no test module imports another.

Fixtures live in the conftest.py files; this module holds plain functions and constants:
users and messages, times in Almaty, the organiser's event form, parallel runs for the
PostgreSQL race tests, and the headless Chromium driving the door check-in page.
"""

import shutil
import threading
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import Group, User
from django.contrib.messages import get_messages
from django.db import close_old_connections, connection, connections
from django.urls import reverse
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import sync_playwright

from events.models import Event, EventKind, EventStatus
from tests.factories import EventFactory

# --- Users, messages, times and files -------------------------------------------------------

ALMATY = ZoneInfo("Asia/Almaty")
# The smallest file that starts like a PDF and passes the upload check.
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def make_user(username: str, role: str | None = None, **extra) -> User:
    """A user whose password is "pw-<username>", in the group `role` (organiser, volunteer, grantor)."""
    user = User.objects.create_user(username, password="pw-" + username, **extra)
    if role:
        user.groups.add(Group.objects.get(name=role))
    return user


def messages_of(response) -> list[str]:
    """The texts of the messages a response queued for the next page."""
    return [str(m) for m in get_messages(response.wsgi_request)]


def local(*args) -> datetime:
    """A time on the wall clocks of Almaty: local(2030, 5, 14, 10, 0)."""
    return datetime(*args, tzinfo=ALMATY)


# --- The organiser's event form (tests/events) ----------------------------------------------


def event_data(**overrides) -> dict:
    """A valid POST of the organiser's event form: a budget seminar on 14 May 2030."""
    data = {
        "slug": "budget-seminar-2030",
        "kind": EventKind.BUDGET_SEMINAR,
        "title_kk": "Жергілікті бюджет туралы семинар",
        "title_ru": "Семинар о местном бюджете",
        "title_en": "Seminar on the local budget",
        "description_kk": "Бюджет қалай құрылады.",
        "description_ru": "",
        "description_en": "",
        "start_at": "2030-05-14T10:00",
        "end_at": "2030-05-14T13:30",
        "venue": "",
        "capacity": "80",
        "registration_opens_at": "2030-05-01T09:00",
        "registration_closes_at": "2030-05-13T18:00",
        "checkin_opens_minutes_before": "120",
    }
    return {**data, **overrides}


def draft_event(**kwargs) -> Event:
    kwargs.setdefault("status", EventStatus.DRAFT)
    return EventFactory(**kwargs)


# --- Races (run on PostgreSQL: the `postgres` marker) -----------------------------------------


def run_parallel(count: int, work) -> list:
    """Call work(0) … work(count - 1) in `count` threads released together by a barrier, each
    with its own database connection; returns the results in order, or raises the first error."""
    barrier = threading.Barrier(count)
    results: list = [None] * count
    errors: list = []

    def runner(i):
        try:
            barrier.wait(timeout=10)
            results[i] = work(i)
        except Exception as exc:  # noqa: BLE001 - collected and re-raised below
            errors.append(exc)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=runner, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    if errors:
        raise errors[0]
    return results


# --- The door page in headless Chromium (the `browser` marker; fixture `browser_test`) --------

CHROMIUM = Path("/usr/bin/chromium")
BROWSER_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
PHONE = {
    "viewport": {"width": 360, "height": 740},
    "locale": "kk-KZ",
    "timezone_id": "Asia/Almaty",
    "has_touch": True,
    "is_mobile": True,
}

needs_chromium = pytest.mark.skipif(
    not CHROMIUM.exists(), reason="needs Chromium at /usr/bin/chromium (apt-get install chromium)"
)


@contextmanager
def chromium():
    with sync_playwright() as playwright:
        try:
            yield playwright
        finally:
            # Inside Playwright's block the ORM opens its own connection (asgiref sees the event
            # loop and keeps connections per context), which the test teardown does not close;
            # left open, PostgreSQL refuses to drop the test database.
            connections.close_all()


class BrowserLog:
    """Everything the page says on the console, failed requests and uncaught errors."""

    def __init__(self, page):
        self.lines: list[str] = []
        page.on(
            "console",
            lambda message: self.lines.append(
                f"console.{message.type}: {message.text} ({message.location.get('url', '')})"
            ),
        )
        page.on("pageerror", lambda error: self.lines.append(f"pageerror: {error}"))
        page.on("requestfailed", lambda req: self.lines.append(f"requestfailed: {req.url} {req.failure}"))

    def errors(self) -> list[str]:
        """Script errors and failed loads, except the API's answered errors (409, 422), requests
        a test aborts on purpose and the site's missing favicon, which Chromium also reports."""
        return [
            line
            for line in self.lines
            if line.startswith(("console.error", "pageerror"))
            and not ("Failed to load resource" in line and ("/api/" in line or "/favicon.ico" in line))
        ]

    def __str__(self) -> str:
        return "\n".join(self.lines) or "(nothing)"


def launch(playwright, *extra_args):
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=[*BROWSER_ARGS, *extra_args])


def log_in(page, base_url: str, username: str) -> None:
    """Sign in through the login form as a user made by `make_user`."""
    page.goto(base_url + reverse("login"))
    page.fill("#id_username", username)
    page.fill("#id_password", "pw-" + username)
    page.click("form.stacked button[type=submit]")
    page.wait_for_url(lambda url: "/login/" not in url)


def open_door_page(page, base_url: str, event, log: BrowserLog) -> None:
    """Open the check-in page and wait until its script has run (the counter is filled)."""
    page.goto(base_url + reverse("registration:checkin", args=[event.slug]))
    try:
        page.wait_for_function("() => document.getElementById('count-in').textContent !== '–'", timeout=5_000)
        page.wait_for_selector("#camera:not([data-camera=init])", timeout=5_000)
    except PlaywrightTimeout:
        pytest.fail(f"the check-in script did not start; browser log:\n{log}")


def wait_for_result(page, state: str, log: BrowserLog, timeout: int = 15_000) -> str:
    """Wait for the result panel to show `state`; returns the panel's text."""
    try:
        page.wait_for_selector(f"#result[data-state={state}]", timeout=timeout)
    except PlaywrightTimeout:
        panel = page.locator("#result")
        pytest.fail(
            f"no {state!r} result within {timeout} ms; the panel shows {panel.get_attribute('data-state')!r}: "
            f"{panel.inner_text()!r}; camera: {page.locator('#camera').get_attribute('data-camera')!r} "
            f"{page.locator('#camera-message').inner_text()!r}\nbrowser log:\n{log}"
        )
    return page.locator("#result").inner_text()


def screenshot(page, path: Path, copy_to: str) -> None:
    page.screenshot(path=path, animations="disabled")
    shutil.copyfile(path, copy_to)
