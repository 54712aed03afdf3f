"""The grantor's report download in a real browser, on a phone (360 px) and a laptop (1366 px):
from the monitoring menu to the reports page, make the PDF, download it; nothing on the way is
wider than the screen."""

import pytest

from tests.support import PHONE, BrowserLog, chromium, launch, log_in, make_user, needs_chromium

pytestmark = [pytest.mark.browser, needs_chromium]

LAPTOP = {"viewport": {"width": 1366, "height": 768}, "locale": "kk-KZ", "timezone_id": "Asia/Almaty"}
FITS = "() => document.scrollingElement.scrollWidth <= window.innerWidth"


@pytest.mark.parametrize("screen", [PHONE, LAPTOP], ids=["360px", "1366px"])
def test_grantor_makes_and_downloads_the_report(live_server, browser_test, plan, tmp_path, screen):
    make_user("grantor2", "grantor")

    with chromium() as playwright:
        browser = launch(playwright)
        try:
            context = browser.new_context(accept_downloads=True, **screen)
            page = context.new_page()
            log = BrowserLog(page)
            log_in(page, live_server.url, "grantor2")
            page.goto(live_server.url + "/monitoring/")
            page.click("nav.actions a[href='/monitoring/reports/']")
            assert page.evaluate(FITS), "the reports page is wider than the screen"

            page.click("#new-report button[value=pdf]")
            page.wait_for_selector("#report-download", timeout=60_000)
            assert page.evaluate(FITS), "the report's page is wider than the screen"
            with page.expect_download() as download:
                page.click("#report-download")
            path = tmp_path / download.value.suggested_filename
            download.value.save_as(path)
        finally:
            browser.close()

    assert path.name.endswith("-kk.pdf")
    assert path.read_bytes().startswith(b"%PDF")
    assert log.errors() == [], str(log)
