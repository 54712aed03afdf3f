"""The door page's "Give kit" button, in a real browser: check in from the search, give the
kit, give it again (already given), then run out of stock."""

import pytest

from inventory.models import Movement
from tests.factories import RegistrationFactory
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

from .conftest import stock_desk

pytestmark = [pytest.mark.browser, needs_chromium]

HANDOUT_JS = """code => {
  const door = document.getElementById('door');
  const csrf = document.cookie.match(/csrftoken=([^;]+)/)[1];
  return fetch(door.dataset.handoutsUrl, {
    method: 'POST', headers: {'Content-Type': 'application/json', 'X-CSRFToken': csrf},
    body: JSON.stringify({code, event: door.dataset.event}),
  }).then(response => response.json());
}"""


def check_in_from_search(page, name, log):
    page.click("#tab-search")
    page.fill("#search-q", name.split()[0])
    row = page.locator(".person", has_text=name)
    row.wait_for(timeout=5_000)
    row.locator(".person-checkin").click()
    return wait_for_result(page, "ok", log, timeout=5_000)


def test_door_gives_a_kit_once_and_says_when_stock_runs_out(
    live_server, tmp_path, browser_test, conference, storekeeper
):
    stock_desk(conference, units=1, by=storekeeper)
    make_user("door", "volunteer", first_name="Дана", last_name="Омарова")
    first = RegistrationFactory(event=conference["event"], full_name="Ержан Сәрсенбайұлы")
    RegistrationFactory(event=conference["event"], full_name="Мадина Ахметова")

    with chromium() as playwright:
        browser = launch(playwright)
        try:
            page = browser.new_context(**PHONE).new_page()
            log = BrowserLog(page)
            log_in(page, live_server.url, "door")
            open_door_page(page, live_server.url, conference["event"], log)

            check_in_from_search(page, "Ержан Сәрсенбайұлы", log)
            page.click("#result-action")
            panel = wait_for_result(page, "ok", log, timeout=5_000)
            screenshot(page, tmp_path / "kit_given.png", "/tmp/kit_given.png")
            assert "Медаль × 1, Портфолио × 1, Қалам × 1" in panel
            assert Movement.objects.filter(registration=first).count() == 3

            # The same ticket again (another device's session would do the same): already given.
            again = page.evaluate(HANDOUT_JS, first.code)
            assert (again["result"], again["given_by"]) == ("already_given", "Дана Омарова")

            check_in_from_search(page, "Мадина Ахметова", log)
            page.click("#result-action")
            panel = wait_for_result(page, "error", log, timeout=5_000)
            screenshot(page, tmp_path / "kit_out.png", "/tmp/kit_out.png")
            assert "Медаль" in panel
            assert Movement.objects.filter(registration__full_name="Мадина Ахметова").count() == 0
            assert log.errors() == [], str(log)
        finally:
            browser.close()
