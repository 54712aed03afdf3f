"""The door page without a network, in a real browser (issue 11).

The page keeps itself (a service worker), the event's roster and a queue of scans (IndexedDB) on
the phone. These tests switch the browser's network off with Playwright, scan by typing the
ticket code or with Chromium's fake camera playing a ticket's QR code, reload or restart the
browser while still offline, and then check what reached the server once the network is back.
"""

import shutil
import subprocess
from datetime import timedelta
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from core.pdf import qr_png
from inventory.models import Movement
from registration import tickets
from registration.models import CheckIn, Registration, ScanLog, ScanResult
from tests.factories import EventFactory, RegistrationFactory
from tests.inventory.factories import DeskFactory, KitFactory, KitItemFactory
from tests.support import (
    BROWSER_ARGS,
    CHROMIUM,
    PHONE,
    BrowserLog,
    chromium,
    launch,
    log_in,
    make_user,
    needs_chromium,
    open_door_page,
    screenshot,
)

FFMPEG = shutil.which("ffmpeg")
needs_ffmpeg = pytest.mark.skipif(FFMPEG is None, reason="needs ffmpeg to make the fake camera's clip")

pytestmark = [pytest.mark.browser, needs_chromium, pytest.mark.django_db(transaction=True)]

DESKTOP = {**PHONE, "viewport": {"width": 1366, "height": 900}, "is_mobile": False, "has_touch": False}


def door_event(**kwargs):
    """An event whose check-in window is open now (it opens two hours before the start)."""
    start = timezone.now() + timedelta(minutes=30)
    return EventFactory(start_at=start, end_at=start + timedelta(hours=3), **kwargs)


def open_phone(browser, base_url: str, event, username: str = "door", **options):
    context = browser.new_context(**{**PHONE, **options}, service_workers="allow")
    page = context.new_page()
    log = BrowserLog(page)
    log_in(page, base_url, username)
    open_door_page(page, base_url, event, log)
    return context, page, log


def wait_until_ready_offline(page, people: int) -> None:
    """The service worker keeps the page and the roster of `people` is on the phone."""
    page.wait_for_selector("#door-status[data-offline-ready=true]", timeout=15_000)
    page.wait_for_selector(f"#door-status[data-roster='{people}']", timeout=10_000)


def type_code(page, code: str) -> None:
    page.click("#tab-scan")
    page.fill("#code-q", code)
    page.press("#code-q", "Enter")


def wait_offline_answer(page, state: str, log: BrowserLog) -> str:
    selector = f"#result[data-state={state}][data-offline=true]"
    try:
        page.wait_for_selector(selector, timeout=10_000)
    except Exception:  # noqa: BLE001 - rethrown with what the page shows
        pytest.fail(f"no offline {state!r}: {page.locator('#result').inner_text()!r}\n{log}")
    return page.locator("#result").inner_text()


def wait_waiting(page, count: int, timeout: int = 15_000) -> None:
    page.wait_for_selector(f"#door-status[data-waiting='{count}']", timeout=timeout)


def set_device_label(page, label: str) -> None:
    page.click("#door-device summary")
    # The panel shows the current name once open; then the volunteer types the new one.
    page.wait_for_function("() => document.getElementById('device-name').value !== ''")
    page.fill("#device-name", label)
    page.press("#device-name", "Enter")
    page.wait_for_function(f"() => document.getElementById('device-label').textContent === {label!r}")


def camera_clip(registration, folder: Path) -> Path:
    """A 3-second clip of the ticket's QR code on white, which Chromium's fake camera loops."""
    image = folder / "ticket-qr.png"
    image.write_bytes(qr_png(tickets.ticket_url(registration), box_size=8))
    clip = folder / "clip.y4m"
    scale = "scale=400:400:flags=neighbor,pad=640:480:(ow-iw)/2:(oh-ih)/2:white"
    subprocess.run(
        [FFMPEG, "-loglevel", "error", "-y", "-loop", "1", "-i", str(image), "-vf", scale]
        + ["-t", "3", "-r", "15", "-pix_fmt", "yuv420p", str(clip)],
        check=True,
        timeout=60,
    )
    return clip


def page_errors(log: BrowserLog) -> list[str]:
    """Script errors; failed loads while the network is off are the point of these tests."""
    return [line for line in log.errors() if "Failed to load resource" not in line]


# --- Offline scans, a reload, a restart, and the sync ------------------------------------------


@needs_ffmpeg
def test_offline_scans_survive_reload_and_restart_and_sync_with_their_scan_times(live_server, tmp_path, browser_test):
    event = door_event()
    make_user("door", "volunteer")
    people = [
        RegistrationFactory(event=event, full_name=name)
        for name in ("Айгерім Сейітова", "Ержан Сәрсенбайұлы", "Мария Иванова", "Дәурен Қожахметов")
    ]
    RegistrationFactory(event=event, full_name="Гүлнар Әбенова", status="cancelled")
    profile = tmp_path / "profile"
    url = live_server.url + reverse("registration:checkin", args=[event.slug])
    scanned = {}

    with chromium() as playwright:
        # A phone whose browser keeps its data (a persistent profile), first with no camera.
        context = playwright.chromium.launch_persistent_context(
            str(profile), executable_path=str(CHROMIUM), args=BROWSER_ARGS, service_workers="allow", **PHONE
        )
        try:
            page = context.pages[0] if context.pages else context.new_page()
            log = BrowserLog(page)
            log_in(page, live_server.url, "door")
            open_door_page(page, live_server.url, event, log)
            wait_until_ready_offline(page, 5)

            context.set_offline(True)
            page.wait_for_selector("#door-status[data-network=offline]")
            for person in people[:3]:
                before = timezone.now()
                type_code(page, person.code)
                panel = wait_offline_answer(page, "ok", log)
                scanned[person.pk] = (before, timezone.now())
                assert person.full_name in panel
            type_code(page, "not-a-ticket-of-this-event")
            wait_offline_answer(page, "unknown", log)
            type_code(page, people[0].code)
            wait_offline_answer(page, "already", log)
            wait_waiting(page, 5)
            screenshot(page, tmp_path / "door_offline_360.png", "/tmp/door_offline_360.png")
            assert not CheckIn.objects.filter(registration__event=event).exists()

            # Reloaded with no network: the page, its scripts and the queue are all still there.
            page.reload()
            page.wait_for_function("() => document.getElementById('count-in').textContent !== '–'", timeout=10_000)
            wait_waiting(page, 5)
            assert page.locator("#door-status").get_attribute("data-network") == "offline"
            assert page.locator("#count-in").inner_text() == "3"
            type_code(page, people[1].code)
            wait_offline_answer(page, "already", log)
            wait_waiting(page, 6)
            assert page_errors(log) == [], str(log)
        finally:
            context.close()

        # The phone restarts the browser, still offline, now with its camera on a ticket held in view.
        clip = camera_clip(people[3], tmp_path)
        context = playwright.chromium.launch_persistent_context(
            str(profile),
            executable_path=str(CHROMIUM),
            args=[
                *BROWSER_ARGS,
                "--use-fake-ui-for-media-stream",
                "--use-fake-device-for-media-stream",
                f"--use-file-for-fake-video-capture={clip}",
            ],
            service_workers="allow",
            offline=True,
            **PHONE,
        )
        try:
            page = context.pages[0] if context.pages else context.new_page()
            log = BrowserLog(page)
            before = timezone.now()
            page.goto(url)
            page.wait_for_selector("#camera:not([data-camera=init])", timeout=10_000)
            if page.locator("#camera-start").is_visible():
                page.click("#camera-start")
            panel = wait_offline_answer(page, "ok", log)
            scanned[people[3].pk] = (before, timezone.now())
            assert people[3].full_name in panel
            # Held in front of the camera, the ticket stays a welcome and is queued once.
            page.wait_for_timeout(7_000)
            assert page.locator("#result").get_attribute("data-state") == "ok"
            wait_waiting(page, 7)
            assert page.evaluate("window.__qrDecoder") == "zxing-wasm"
            screenshot(page, tmp_path / "door_camera_offline.png", "/tmp/door_camera_offline_360.png")

            # Back online: everything goes out, with the time of each scan.
            context.set_offline(False)
            wait_waiting(page, 0, timeout=20_000)
            page.wait_for_selector("#door-status[data-network=online]")
            assert page.locator("#door-status").get_attribute("data-conflicts") == "0"
            screenshot(page, tmp_path / "door_synced.png", "/tmp/door_synced_360.png")
            assert page_errors(log) == [], str(log)
        finally:
            context.close()

    for person in people:
        checkin = CheckIn.objects.get(registration=person, undone_at__isnull=True)
        before, after = scanned[person.pk]
        assert before - timedelta(seconds=1) <= checkin.checked_in_at <= after + timedelta(seconds=1), person
    assert Registration.objects.filter(event=event).count() == 5
    assert ScanLog.objects.filter(registration=people[0]).count() == 2
    assert ScanLog.objects.filter(registration=people[1]).count() == 2
    assert ScanLog.objects.filter(registration=people[3]).count() == 1
    assert ScanLog.objects.filter(event=event, registration=None, result=ScanResult.UNKNOWN).count() == 1


# --- Two phones offline, one ticket -----------------------------------------------------------


def test_two_phones_offline_scan_the_same_ticket_one_check_in_one_conflict(live_server, tmp_path, browser_test):
    event = door_event()
    make_user("door", "volunteer")
    make_user("door2", "volunteer")
    person = RegistrationFactory(event=event, full_name="Айгерім Сейітова")
    RegistrationFactory(event=event, full_name="Мария Иванова")

    with chromium() as playwright:
        browser = launch(playwright)
        try:
            first, page_1, log_1 = open_phone(browser, live_server.url, event)
            second, page_2, log_2 = open_phone(browser, live_server.url, event, "door2", **DESKTOP)
            set_device_label(page_1, "door-1")
            set_device_label(page_2, "door-2")
            wait_until_ready_offline(page_1, 2)
            wait_until_ready_offline(page_2, 2)

            first.set_offline(True)
            second.set_offline(True)
            type_code(page_1, person.code)
            wait_offline_answer(page_1, "ok", log_1)
            first_scan = timezone.now()
            page_1.wait_for_timeout(1_100)
            type_code(page_2, person.code)
            wait_offline_answer(page_2, "ok", log_2)

            first.set_offline(False)
            wait_waiting(page_1, 0)
            second.set_offline(False)
            wait_waiting(page_2, 0)

            page_2.wait_for_selector("#door-conflicts:not([hidden])", timeout=5_000)
            conflict = page_2.locator("#conflict-list li").inner_text()
            checkin = CheckIn.objects.get(registration=person, undone_at__isnull=True)
            assert "Айгерім Сейітова" in conflict
            assert "door-1" in conflict
            assert f"{timezone.localtime(checkin.checked_in_at):%H:%M}" in conflict
            assert page_2.locator("#conflict-list li").count() == 1
            assert page_1.locator("#door-status").get_attribute("data-conflicts") == "0"
            screenshot(page_2, tmp_path / "door_conflict_1366.png", "/tmp/door_conflict_1366.png")
            screenshot(page_1, tmp_path / "door_synced_360.png", "/tmp/door_first_phone_360.png")
            assert page_errors(log_1) == page_errors(log_2) == []
        finally:
            browser.close()

    assert CheckIn.objects.filter(registration=person).count() == 1
    assert checkin.checked_in_at <= first_scan
    assert ScanLog.objects.filter(registration=person).count() == 2


# --- Walk-ins ----------------------------------------------------------------------------------


def test_walk_in_whose_answer_was_lost_is_registered_once(live_server, tmp_path, browser_test):
    event = door_event()
    make_user("door", "volunteer")
    lost = []

    def lose_first_answer(route):
        if lost:
            route.continue_()
            return
        # The server registers the person, but its answer never reaches the phone.
        lost.append(route.fetch().status)
        route.abort()

    with chromium() as playwright:
        browser = launch(playwright)
        try:
            # Routing sees the page's requests only where no service worker sits in between.
            context = browser.new_context(**PHONE, service_workers="block")
            page = context.new_page()
            log = BrowserLog(page)
            log_in(page, live_server.url, "door")
            open_door_page(page, live_server.url, event, log)
            page.route("**/walk-ins", lose_first_answer)
            page.click("#tab-walkin")
            page.fill("#walkin-name", "Дәурен Қожахметов")
            page.fill("#walkin-phone", "8 701 555 12 12")
            page.click("#walkin-submit")

            panel = wait_offline_answer(page, "ok", log)
            assert "Дәурен Қожахметов" in panel
            # The queue sends it again with the same reference; the server knows it.
            wait_waiting(page, 0, timeout=20_000)
            assert lost == [201]
            assert page.locator("#door-status").get_attribute("data-conflicts") == "0"
        finally:
            browser.close()

    walk_in = Registration.objects.get(event=event, full_name="Дәурен Қожахметов")
    assert Registration.objects.filter(event=event).count() == 1
    assert walk_in.phone == "+77015551212"
    assert CheckIn.objects.filter(registration=walk_in).count() == 1


def test_answers_that_are_not_the_apis_keep_the_queue(live_server, tmp_path, browser_test):
    """A refused login (403), a Wi-Fi portal's page (200 HTML) or a proxy's 404 says nothing
    about the queued items: they stay queued, with no conflict, and go out once the server
    answers again. The walk-in keeps the time its details were taken."""
    event = door_event()
    make_user("door", "volunteer")
    person = RegistrationFactory(event=event, full_name="Айгерім Сейітова")
    portal = {"status": 200, "content_type": "text/html", "body": "<html><body>Log in to the Wi-Fi</body></html>"}
    answers = {
        "batch": [{"status": 403, "content_type": "application/json", "body": '{"detail": "Forbidden"}'}, portal]
    }
    answers["walk-ins"] = [{"status": 404, "content_type": "text/html", "body": "Not Found"}, portal]

    def not_the_api(kind):
        def handle(route):
            if answers[kind]:
                route.fulfill(**answers[kind].pop(0))
            else:
                route.continue_()

        return handle

    with chromium() as playwright:
        browser = launch(playwright)
        try:
            # Routing sees the page's requests only where no service worker sits in between.
            context = browser.new_context(**PHONE, service_workers="block")
            page = context.new_page()
            log = BrowserLog(page)
            log_in(page, live_server.url, "door")
            open_door_page(page, live_server.url, event, log)
            page.wait_for_selector("#door-status[data-roster='1']", timeout=10_000)
            page.route("**/api/checkin", lambda route: route.abort())
            page.route("**/api/checkin/batch", not_the_api("batch"))
            page.route("**/walk-ins", lambda route: route.abort() if answers["walk-ins"] else route.continue_())
            type_code(page, person.code)
            wait_offline_answer(page, "ok", log)
            page.click("#tab-walkin")
            page.fill("#walkin-name", "Дәурен Қожахметов")
            page.click("#walkin-submit")
            wait_offline_answer(page, "ok", log)
            taken_at = timezone.now()
            page.unroute("**/walk-ins")
            page.route("**/walk-ins", not_the_api("walk-ins"))

            # Two sends of each answered by something else; the queue holds both items meanwhile.
            # The `online` event (a network coming back) sends at once instead of after the backoff.
            deadline = timezone.now() + timedelta(seconds=40)
            while (answers["batch"] or answers["walk-ins"]) and timezone.now() < deadline:
                assert page.locator("#door-status").get_attribute("data-waiting") in ("1", "2")
                page.evaluate("window.dispatchEvent(new Event('online'))")
                page.wait_for_timeout(500)
            assert answers == {"batch": [], "walk-ins": []}
            assert page.locator("#door-status").get_attribute("data-conflicts") == "0"
            page.unroute("**/api/checkin")
            wait_waiting(page, 0, timeout=40_000)
            assert page.locator("#door-status").get_attribute("data-conflicts") == "0"
        finally:
            browser.close()

    assert CheckIn.objects.filter(registration=person, undone_at__isnull=True).count() == 1
    walk_in = Registration.objects.get(event=event, full_name="Дәурен Қожахметов")
    assert abs(CheckIn.objects.get(registration=walk_in).checked_in_at - taken_at) < timedelta(seconds=5)


def test_walk_in_bad_phone_shows_the_error_on_the_field(live_server, tmp_path, browser_test):
    event = door_event()
    make_user("door", "volunteer")

    with chromium() as playwright:
        browser = launch(playwright)
        try:
            context, page, log = open_phone(browser, live_server.url, event)
            page.click("#tab-walkin")
            page.fill("#walkin-name", "Дәурен Қожахметов")
            page.fill("#walkin-phone", "12345")
            page.click("#walkin-submit")

            page.wait_for_selector("#result[data-state=error]", timeout=5_000)
            error = page.locator("#walkin-phone-error")
            error.wait_for(timeout=2_000)
            screenshot(page, tmp_path / "door_walkin_error.png", "/tmp/door_walkin_error_360.png")

            assert error.inner_text().strip() != ""
            assert page.locator("#walkin-phone").get_attribute("aria-invalid") == "true"
            assert page.locator("#walkin-name").get_attribute("aria-invalid") is None
            assert page.locator("#walkin-name-error").is_hidden()
            assert page.locator("#walkin-name").input_value() == "Дәурен Қожахметов"
            assert page_errors(log) == [], str(log)
        finally:
            browser.close()

    assert not Registration.objects.filter(event=event).exists()


def test_a_portal_page_answering_a_live_scan_keeps_the_scan(live_server, browser_test):
    """A Wi-Fi portal answers the scan itself with its login page (200, HTML): that is no answer
    from the server, so the phone decides from its roster and queues the scan for later."""
    event = door_event()
    make_user("door", "volunteer")
    person = RegistrationFactory(event=event, full_name="Айгерім Сейітова")
    portal = {"status": 200, "content_type": "text/html", "body": "<html><body>Log in to the Wi-Fi</body></html>"}

    with chromium() as playwright:
        browser = launch(playwright)
        try:
            # Routing sees the page's requests only where no service worker sits in between.
            context = browser.new_context(**PHONE, service_workers="block")
            page = context.new_page()
            log = BrowserLog(page)
            log_in(page, live_server.url, "door")
            open_door_page(page, live_server.url, event, log)
            page.wait_for_selector("#door-status[data-roster='1']", timeout=10_000)
            for pattern in ("**/api/checkin", "**/api/checkin/batch", "**/roster*"):
                page.route(pattern, lambda route: route.fulfill(**portal))

            type_code(page, person.code)
            panel = wait_offline_answer(page, "ok", log)
            wait_waiting(page, 1)
            assert person.full_name in panel
            assert not CheckIn.objects.filter(registration=person).exists()

            page.unroute_all()
            page.evaluate("window.dispatchEvent(new Event('online'))")
            wait_waiting(page, 0, timeout=30_000)
            assert page.locator("#door-status").get_attribute("data-conflicts") == "0"
            assert page_errors(log) == [], str(log)
        finally:
            browser.close()

    assert CheckIn.objects.filter(registration=person, undone_at__isnull=True).count() == 1


def test_turned_away_offline_but_checked_in_by_the_server_is_listed(live_server, browser_test):
    """Someone registered after the phone's last roster is unknown offline; the server knows them
    and checks them in at the sync, so the volunteer is told to look again."""
    event = door_event()
    make_user("door", "volunteer")
    RegistrationFactory(event=event, full_name="Мария Иванова")

    with chromium() as playwright:
        browser = launch(playwright)
        try:
            context, page, log = open_phone(browser, live_server.url, event)
            wait_until_ready_offline(page, 1)
            late = RegistrationFactory(event=event, full_name="Айгерім Сейітова")
            context.set_offline(True)
            page.wait_for_selector("#door-status[data-network=offline]")
            type_code(page, late.code)
            wait_offline_answer(page, "unknown", log)

            context.set_offline(False)
            wait_waiting(page, 0, timeout=30_000)
            page.wait_for_selector("#door-status[data-conflicts='1']", timeout=5_000)
            conflict = page.locator("#conflict-list li").inner_text()
            assert "Айгерім Сейітова" in conflict
            assert page_errors(log) == [], str(log)
        finally:
            browser.close()

    assert CheckIn.objects.filter(registration=late, undone_at__isnull=True).count() == 1


def test_naming_the_phone_keeps_letters_typed_before_the_panel_has_opened(live_server, browser_test):
    """The panel fills in the current name on its "toggle" event, which fires a moment after the
    tap: a volunteer (or a busy phone) already typing must keep what was typed."""
    event = door_event()
    make_user("door", "volunteer")

    with chromium() as playwright:
        browser = launch(playwright)
        try:
            context, page, log = open_phone(browser, live_server.url, event)
            typed = page.evaluate(
                """async () => {
                  const panel = document.getElementById("door-device");
                  const input = document.getElementById("device-name");
                  panel.open = true;
                  input.focus();
                  input.value = "door-9";
                  await new Promise((resolve) => setTimeout(resolve, 100));
                  return input.value;
                }"""
            )
            assert typed == "door-9"
            page.press("#device-name", "Enter")
            page.wait_for_function("() => document.getElementById('device-label').textContent === 'door-9'")
            assert page_errors(log) == [], str(log)
        finally:
            browser.close()


# --- Search on the phone ------------------------------------------------------------------------


def test_offline_search_folds_kazakh_letters_typed_on_a_russian_keyboard(live_server, tmp_path, browser_test):
    event = door_event()
    make_user("door", "volunteer")
    RegistrationFactory(event=event, full_name="Айгерім Нұрланқызы")
    RegistrationFactory(event=event, full_name="Мария Иванова")
    RegistrationFactory(event=event, full_name="Айгүл Сейітова", status="waitlisted")

    with chromium() as playwright:
        browser = launch(playwright)
        try:
            context, page, log = open_phone(browser, live_server.url, event)
            wait_until_ready_offline(page, 3)
            context.set_offline(True)
            page.click("#tab-search")

            page.fill("#search-q", "Айгерим")
            page.wait_for_selector(".person[data-offline=true]", timeout=5_000)
            assert page.locator(".person-name").all_inner_texts() == ["Айгерім Нұрланқызы"]
            page.fill("#search-q", "НУРЛАНКЫЗЫ")
            page.wait_for_function(
                "() => [...document.querySelectorAll('.person-name')].map(e => e.textContent).join() "
                "=== 'Айгерім Нұрланқызы'",
                timeout=5_000,
            )
            page.fill("#search-q", "ай")
            page.wait_for_function("() => document.querySelectorAll('.person').length === 2", timeout=5_000)
            screenshot(page, tmp_path / "door_search_offline.png", "/tmp/door_search_offline_360.png")
            assert page.locator(".person .person-checkin").count() == 0
            assert page_errors(log) == [], str(log)
        finally:
            browser.close()


# --- The camera blocked, on a small screen ------------------------------------------------------


def test_blocked_camera_fits_a_small_screen_and_says_what_to_do(live_server, tmp_path, browser_test):
    event = door_event()
    make_user("door", "volunteer")

    with chromium() as playwright:
        browser = launch(playwright, "--use-fake-device-for-media-stream")
        try:
            context = browser.new_context(**PHONE)
            page = context.new_page()
            log = BrowserLog(page)
            log_in(page, live_server.url, "door")
            open_door_page(page, live_server.url, event, log)
            if page.locator("#camera-start").is_visible():
                page.click("#camera-start")
            page.wait_for_selector("#camera[data-camera=problem]", timeout=5_000)
            screenshot(page, tmp_path / "door_camera_blocked.png", "/tmp/door_camera_blocked_360.png")

            box = page.locator("#camera").bounding_box()
            right, bottom = box["x"] + box["width"] + 0.5, box["y"] + box["height"] + 0.5
            for selector in ("#camera-message", "#camera-start", "#camera .camera-alt"):
                inner = page.locator(selector).bounding_box()
                assert inner["x"] >= box["x"] and inner["x"] + inner["width"] <= right, selector
                assert inner["y"] >= box["y"] and inner["y"] + inner["height"] <= bottom, selector
            assert page.evaluate("document.documentElement.scrollWidth") <= 360
        finally:
            browser.close()


def test_a_page_that_cannot_be_kept_offline_says_so_and_still_queues(live_server, tmp_path, browser_test, settings):
    """Over plain http on a LAN address a browser runs no service worker and has no crypto.subtle
    to hash codes with: the volunteer is told to use https, and a scan without a network is still
    saved (unchecked) and sent when the network is back."""
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "door.test"]
    event = door_event()
    person = RegistrationFactory(event=event)
    make_user("door", "volunteer")
    base = live_server.url.replace("localhost", "door.test").replace("127.0.0.1", "door.test")

    with chromium() as playwright:
        browser = launch(playwright, "--host-resolver-rules=MAP door.test 127.0.0.1")
        try:
            context, page, log = open_phone(browser, base, event)
            assert page.evaluate("window.isSecureContext") is False
            page.wait_for_selector("#door-status[data-offline-ready=false]", timeout=10_000)
            assert page.locator("#status-insecure").is_visible()
            assert not page.locator("#status-ready").is_visible()
            page.wait_for_selector("#door-status[data-roster='1']", timeout=10_000)
            screenshot(page, tmp_path / "door_unkept.png", "/tmp/door_unkept_360.png")
            assert page.evaluate("document.documentElement.scrollWidth") <= 360

            context.set_offline(True)
            type_code(page, person.code)
            page.wait_for_selector("#result[data-offline=true]", timeout=10_000)
            assert "Сақталды, тексерілмеді" in page.locator("#result").inner_text()
            wait_waiting(page, 1)
            context.set_offline(False)
            wait_waiting(page, 0, timeout=30_000)
        finally:
            browser.close()

    assert CheckIn.objects.filter(registration=person).count() == 1
    assert ScanLog.objects.get(registration=person).offline is True


# --- Kits ---------------------------------------------------------------------------------------


def test_kit_offered_only_for_roles_with_a_kit_and_an_offline_kit_without_stock_is_a_conflict(
    live_server, tmp_path, browser_test
):
    event = door_event()
    make_user("door", "volunteer")
    DeskFactory(event=event)
    KitItemFactory(kit=KitFactory(event=event, role="participant"))
    participant = RegistrationFactory(event=event, full_name="Айгерім Сейітова")
    guest = RegistrationFactory(event=event, full_name="Мария Иванова", role="guest")

    with chromium() as playwright:
        browser = launch(playwright)
        try:
            context, page, log = open_phone(browser, live_server.url, event)
            wait_until_ready_offline(page, 2)
            type_code(page, guest.code)
            page.wait_for_selector("#result[data-state=ok]:not([data-offline])", timeout=5_000)
            assert page.locator("#result-action").is_hidden()

            context.set_offline(True)
            type_code(page, participant.code)
            wait_offline_answer(page, "ok", log)
            assert page.locator("#result-action").is_visible()
            page.click("#result-action")
            page.wait_for_selector("#result[data-state=ok][data-offline=true][data-ref]", timeout=5_000)
            wait_waiting(page, 2)

            # Back online: the check-in goes through, the kit does not (the desk is empty).
            context.set_offline(False)
            wait_waiting(page, 0)
            page.wait_for_selector("#door-conflicts:not([hidden])", timeout=5_000)
            conflict = page.locator("#conflict-list li")
            assert conflict.count() == 1
            assert conflict.get_attribute("data-kind") == "handout"
            assert "Айгерім Сейітова" in conflict.inner_text()
            screenshot(page, tmp_path / "door_kit_conflict.png", "/tmp/door_kit_conflict_360.png")
            assert page_errors(log) == [], str(log)
        finally:
            browser.close()

    assert CheckIn.objects.filter(registration=participant, undone_at__isnull=True).count() == 1
    assert not Movement.objects.filter(registration=participant).exists()
