"""The door check-in page, in a real browser.

The camera test is the real path end to end: a participant registers through the public
form, the ticket's QR image becomes a video clip, and Chromium's fake camera plays that
clip to the check-in page, which decodes it with the zxing-wasm BarcodeDetector ponyfill and posts to /api/checkin.
"""

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.urls import reverse

from registration.models import CheckIn, Registration, ScanLog, ScanResult, Source
from tests.factories import EventFactory, RegistrationFactory
from tests.support import (
    PHONE,
    BrowserLog,
    chromium,
    launch,
    log_in,
    make_user,
    needs_chromium,
    open_door_page,
    screenshot,
    wait_for_result,
)

FFMPEG = shutil.which("ffmpeg")

needs_ffmpeg = pytest.mark.skipif(
    FFMPEG is None, reason="needs ffmpeg to turn the ticket's QR code into a fake camera clip"
)


def register_through_form(browser, base_url: str, event, full_name: str, phone: str) -> tuple[str, bytes]:
    """Register as a participant on a phone; returns the ticket's code and its QR image."""
    context = browser.new_context(**PHONE)
    page = context.new_page()
    page.goto(base_url + reverse("registration:register", args=[event.slug]))
    page.fill("#id_full_name", full_name)
    page.fill("#id_phone", phone)
    page.check("#id_consent")
    page.click("form.stacked button[type=submit]")
    page.wait_for_url("**/t/*")
    code = page.locator(".ticket code").inner_text().strip()
    assert page.url == base_url + reverse("registration:ticket", args=[code])
    qr = page.request.get(base_url + reverse("registration:ticket_qr", args=[code]))
    assert (qr.status, qr.headers["content-type"]) == (200, "image/png")
    image = qr.body()
    context.close()
    return code, image


def camera_clip(qr_png: bytes, folder: Path) -> Path:
    """A 3-second 640×480 clip of the QR code on white, which Chromium's fake camera loops."""
    image = folder / "ticket-qr.png"
    image.write_bytes(qr_png)
    clip = folder / "clip.y4m"
    subprocess.run(
        [
            FFMPEG,
            "-loglevel",
            "error",
            "-y",
            "-loop",
            "1",
            "-i",
            str(image),
            "-vf",
            "scale=400:400:flags=neighbor,pad=640:480:(ow-iw)/2:(oh-ih)/2:white",
            "-t",
            "3",
            "-r",
            "15",
            "-pix_fmt",
            "yuv420p",
            str(clip),
        ],
        check=True,
        timeout=60,
    )
    return clip


# --- Access ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_checkin_page_anonymous_redirects_to_login(client):
    event = EventFactory()
    url = reverse("registration:checkin", args=[event.slug])

    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={url}"


@pytest.mark.django_db
def test_checkin_page_participant_forbidden(client):
    event = EventFactory()
    client.force_login(make_user("someone"))

    response = client.get(reverse("registration:checkin", args=[event.slug]))

    assert response.status_code == 403


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_checkin_page_volunteer_gets_camera(client, language):
    event = EventFactory()
    client.force_login(make_user("door", "volunteer"))
    client.cookies["django_language"] = language

    response = client.get(reverse("registration:checkin", args=[event.slug]))

    html = response.content.decode()
    assert response.status_code == 200
    assert "{#" not in html and "{%" not in html
    assert '<video id="camera-video" playsinline muted autoplay></video>' in html
    assert 'id="camera-start"' in html
    assert 'src="/static/js/checkin.js"' in html
    assert 'href="/static/css/checkin.css"' in html
    assert f'data-stats-url="/api/events/{event.slug}/stats"' in html
    strings = json.loads(re.search(r'<script type="application/json" id="door-strings">(.*?)</script>', html, re.S)[1])
    assert set(strings["status"]) == {"confirmed", "waitlisted", "cancelled"}
    assert all(isinstance(value, str) and value for key, value in strings.items() if key != "status")
    assert "{time}" in strings["checked_in_at_by"] and "{name}" in strings["checked_in_at_by"]


@pytest.mark.django_db
def test_event_page_links_volunteers_to_checkin(client):
    event = EventFactory()
    url = reverse("registration:checkin", args=[event.slug])
    assert url not in client.get(event.get_absolute_url()).content.decode()

    client.force_login(make_user("door", "volunteer"))

    assert f'href="{url}"' in client.get(event.get_absolute_url()).content.decode()


# --- In the browser ------------------------------------------------------------------------


@pytest.mark.browser
@needs_chromium
@needs_ffmpeg
@pytest.mark.django_db(transaction=True)
def test_door_camera_scan_checks_in_once(live_server, tmp_path, browser_test):
    event = EventFactory()
    make_user("door", "volunteer")
    name = "Әсем Ұлықбекқызы"

    with chromium() as playwright:
        browser = launch(playwright)
        try:
            code, qr_png = register_through_form(browser, live_server.url, event, name, "8 701 555 12 34")
        finally:
            browser.close()
        registration = Registration.objects.get(code=code)
        assert (registration.event, registration.full_name, registration.phone) == (event, name, "+77015551234")

        # Chromium opens the fake camera's file when it starts, so this browser starts after the clip exists.
        clip = camera_clip(qr_png, tmp_path)
        browser = launch(
            playwright,
            "--use-fake-ui-for-media-stream",
            "--use-fake-device-for-media-stream",
            f"--use-file-for-fake-video-capture={clip}",
        )
        try:
            page = browser.new_context(**PHONE).new_page()
            log = BrowserLog(page)
            log_in(page, live_server.url, "door")
            open_door_page(page, live_server.url, event, log)
            if page.locator("#camera-start").is_visible():
                page.click("#camera-start")

            panel = wait_for_result(page, "ok", log)
            screenshot(page, tmp_path / "checkin_ok.png", "/tmp/checkin_ok.png")

            assert name in panel
            assert CheckIn.objects.filter(registration=registration, undone_at__isnull=True).count() == 1
            assert ScanLog.objects.filter(registration=registration, result=ScanResult.OK).count() == 1

            # The ticket stays in front of the camera (the clip loops): it is the same scan, still
            # a welcome, with no second request and no "already checked in" buzz.
            page.wait_for_timeout(7_000)
            assert page.locator("#result").get_attribute("data-state") == "ok"
            assert name in page.locator("#result").inner_text()
            assert CheckIn.objects.filter(registration=registration).count() == 1
            assert list(ScanLog.objects.filter(registration=registration).values_list("result", flat=True)) == [
                ScanResult.OK
            ]
            page.wait_for_function("() => document.getElementById('count-in').textContent === '1'", timeout=5_000)
            # Headless Chromium on Linux has no BarcodeDetector: the vendored zxing-wasm ponyfill read it.
            assert page.evaluate("window.__qrDecoder") == "zxing-wasm"
            assert log.errors() == [], str(log)
        finally:
            browser.close()


@pytest.mark.browser
@needs_chromium
@pytest.mark.django_db(transaction=True)
def test_door_search_checks_in_by_name(live_server, tmp_path, browser_test):
    event = EventFactory()
    door = make_user("door", "volunteer")
    registration = RegistrationFactory(event=event, full_name="Ержан Сәрсенбайұлы", phone="+77015550042")
    RegistrationFactory(event=event, full_name="Мария Иванова")

    # No fake camera: the page must say so and keep the search usable.
    with chromium() as playwright:
        browser = launch(playwright)
        try:
            page = browser.new_context(**PHONE).new_page()
            log = BrowserLog(page)
            log_in(page, live_server.url, "door")
            open_door_page(page, live_server.url, event, log)
            if page.locator("#camera-start").is_visible():
                page.click("#camera-start")
            page.wait_for_selector("#camera[data-camera=problem]", timeout=5_000)
            screenshot(page, tmp_path / "checkin_no_camera.png", "/tmp/checkin_no_camera.png")
            page.click("#camera .camera-alt")

            page.fill("#search-q", "сәрсенбай")
            row = page.locator(".person", has_text="Ержан Сәрсенбайұлы")
            row.wait_for(timeout=5_000)
            assert page.locator(".person").count() == 1

            # The first tap gets no answer: the page answers from the roster on the phone, says the
            # server has not confirmed it yet, and keeps the scan until the server is back.
            page.wait_for_selector("#door-status[data-roster='2']", timeout=5_000)
            page.route("**/api/checkin**", lambda route: route.abort())
            row.locator(".person-checkin").click()
            panel = wait_for_result(page, "ok][data-offline=true", log, timeout=5_000)
            page.wait_for_selector("#door-status[data-waiting='1']", timeout=5_000)
            screenshot(page, tmp_path / "checkin_offline.png", "/tmp/checkin_offline.png")
            assert "Ержан Сәрсенбайұлы" in panel
            assert not CheckIn.objects.filter(registration=registration).exists()

            page.unroute("**/api/checkin**")
            page.wait_for_selector("#door-status[data-waiting='0']", timeout=15_000)
            screenshot(page, tmp_path / "checkin_search.png", "/tmp/checkin_search.png")

            checkin = CheckIn.objects.get(registration=registration)
            assert (checkin.checked_in_by, checkin.undone_at) == (door, None)
            row.locator(".person-in").wait_for(timeout=5_000)
            assert row.locator(".person-checkin").count() == 0
            page.wait_for_function("() => document.getElementById('count-in').textContent === '1'", timeout=5_000)
            assert page.locator("#count-registered").inner_text() == "2"

            # Part of the phone finds nobody; the whole phone, as typed, finds the same person, now
            # shown as checked in.
            page.fill("#search-q", "0042")
            page.wait_for_function("() => document.querySelectorAll('.person').length === 0", timeout=5_000)
            page.fill("#search-q", "8 701 555 00 42")
            page.locator(".person .person-in").wait_for(timeout=5_000)
            assert page.locator(".person-name").all_inner_texts() == ["Ержан Сәрсенбайұлы"]
            assert log.errors() == [], str(log)
        finally:
            browser.close()


@pytest.mark.browser
@needs_chromium
@pytest.mark.django_db(transaction=True)
def test_door_walk_in_registers_and_checks_in(live_server, tmp_path, browser_test):
    event = EventFactory()
    make_user("door", "volunteer")
    RegistrationFactory(event=event, full_name="Гүлнар Әбенова", phone="+77015550077")

    with chromium() as playwright:
        browser = launch(playwright)
        try:
            page = browser.new_context(**PHONE).new_page()
            log = BrowserLog(page)
            log_in(page, live_server.url, "door")
            open_door_page(page, live_server.url, event, log)
            page.click("#tab-walkin")

            page.fill("#walkin-name", "Дәурен Қожахметов")
            page.fill("#walkin-organisation", "№12 мектеп")
            page.select_option("#walkin-role", "guest")
            page.click("#walkin-submit")
            panel = wait_for_result(page, "ok", log, timeout=5_000)
            screenshot(page, tmp_path / "checkin_walkin.png", "/tmp/checkin_walkin.png")

            assert "Дәурен Қожахметов" in panel
            walk_in = Registration.objects.get(full_name="Дәурен Қожахметов")
            assert (walk_in.event, walk_in.source, walk_in.role, walk_in.organisation) == (
                event,
                Source.WALK_IN,
                "guest",
                "№12 мектеп",
            )
            assert CheckIn.objects.filter(registration=walk_in, undone_at__isnull=True).count() == 1
            assert page.locator("#walkin-name").input_value() == ""

            # A phone that is already registered: the page says so and leads to the search.
            page.fill("#walkin-name", "Гүлнар Әбенова")
            page.fill("#walkin-phone", "8 701 555 00 77")
            page.click("#walkin-submit")
            wait_for_result(page, "duplicate", log, timeout=5_000)
            page.click("#result-action")
            page.locator(".person", has_text="Гүлнар Әбенова").wait_for(timeout=5_000)

            assert Registration.objects.filter(event=event).count() == 2
            assert page.locator("#search-q").input_value() == "8 701 555 00 77"
            assert log.errors() == [], str(log)
        finally:
            browser.close()
