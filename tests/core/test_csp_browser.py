"""The Content-Security-Policy in a real browser: Chromium reports every blocked script, style,
image, worker or WebAssembly compile on the console; on none of the site's pages may it."""

from datetime import date

import pytest
from django.urls import reverse

from core.models import Job, JobStatus
from inventory import services as inventory
from inventory.models import ActKind
from tests.factories import EventFactory, RegistrationFactory
from tests.inventory.factories import ItemTypeFactory, WarehouseFactory
from tests.support import PHONE, BrowserLog, chromium, launch, log_in, make_user, needs_chromium

pytestmark = [pytest.mark.browser, needs_chromium, pytest.mark.django_db(transaction=True)]

# A detection on a blank image runs the zxing WebAssembly module, which 'wasm-unsafe-eval' allows.
ZXING_DETECTS = """async () => {
  const detector = new window.BarcodeDetectionAPI.BarcodeDetector({formats: ["qr_code"]});
  return (await detector.detect(new ImageData(32, 32))).length;
}"""


def violations(log: BrowserLog) -> list[str]:
    return [line for line in log.lines if "Content Security Policy" in line]


def visit(page, log, url, ready: str | None = None) -> None:
    response = page.goto(url)
    assert "'nonce-" in response.headers.get("content-security-policy", "") or "default-src 'self'" in (
        response.headers.get("content-security-policy", "")
    ), f"no Content-Security-Policy on {url}"
    page.wait_for_load_state("networkidle")
    if ready:
        page.wait_for_selector(ready, timeout=10_000)


def test_no_page_breaks_the_content_security_policy(live_server, browser_test):
    event = EventFactory(slug="csp-conference")
    registration = RegistrationFactory(event=event, full_name="Айгүл Сейітова")
    make_user("door", "volunteer")
    organiser = make_user("boss", "organiser")
    act = inventory.create_act(
        kind=ActKind.RECEIPT,
        act_date=date(2026, 3, 12),
        from_holder=None,
        to_holder=WarehouseFactory(),
        giver=inventory.Party("Мұрат Тоқтаров", "Директор", "«Полиграф» ЖШС"),
        receiver=inventory.Party("Айгүл Сейітова", "Үйлестіруші", "«Басқары» қоры"),
        basis="№ 15 шарт",
        lines=[(ItemTypeFactory(), 10)],
        by=organiser,
    )
    # A queued job: its page polls the job's API from a nonce'd inline script.
    job = Job.objects.create(kind="badges", created_by=organiser, total=1, status=JobStatus.QUEUED)
    base = live_server.url

    with chromium() as playwright:
        browser = launch(playwright, "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream")
        try:
            visitor = browser.new_context(**PHONE).new_page()
            visitor_log = BrowserLog(visitor)
            visit(visitor, visitor_log, base + reverse("events:list"))
            visit(visitor, visitor_log, base + reverse("registration:register", args=[event.slug]))
            visit(visitor, visitor_log, base + reverse("registration:ticket", args=[registration.code]), "img.qr")
            assert visitor.evaluate("document.querySelector('img.qr').naturalWidth") > 0
            visit(visitor, visitor_log, base + "/api/docs", ".swagger-ui .opblock")

            door = browser.new_context(**PHONE).new_page()
            door_log = BrowserLog(door)
            log_in(door, base, "door")
            visit(door, door_log, base + reverse("registration:checkin", args=[event.slug]))
            door.wait_for_function("() => document.getElementById('count-in').textContent !== '–'", timeout=10_000)
            door.wait_for_function("() => window.__qrDecoder !== undefined", timeout=10_000)
            if door.evaluate("window.__qrDecoder") == "zxing-wasm":
                assert door.evaluate(ZXING_DETECTS) == 0

            office = browser.new_context().new_page()
            office_log = BrowserLog(office)
            log_in(office, base, "boss")
            visit(office, office_log, base + reverse("registration_manage:attendees", args=[event.slug]))
            visit(office, office_log, base + reverse("inventory:act_detail", args=[act.pk]), "canvas")
            assert office.evaluate("getComputedStyle(document.querySelector('.sign-pad canvas')).touchAction") == "none"
            visit(office, office_log, base + reverse("jobs:detail", args=[job.pk]))
            office.wait_for_event("requestfinished", lambda request: "/api/jobs/" in request.url, timeout=5_000)
            visit(office, office_log, base + reverse("tokens:list"))

            # The check itself works: a script without the nonce is refused and reported.
            probe = browser.new_context().new_page()
            probe_log = BrowserLog(probe)
            visit(probe, probe_log, base + reverse("events:list"))
            probe.evaluate("""() => {
              const script = document.createElement("script");
              script.textContent = "window.injected = true";
              document.body.appendChild(script);
            }""")
            assert probe.evaluate("window.injected === undefined")
        finally:
            browser.close()

    assert violations(probe_log), str(probe_log)
    assert violations(visitor_log) == [], str(visitor_log)
    assert violations(door_log) == [], str(door_log)
    assert violations(office_log) == [], str(office_log)
    assert visitor_log.errors() == door_log.errors() == office_log.errors() == []
