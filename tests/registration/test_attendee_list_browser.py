"""The organiser's attendee list in a real browser, on a laptop (1366 px) and a phone (360 px):
each person's actions (check in, undo, badge, cancel) sit beside the name, inside the screen,
without scrolling sideways, and they work."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from registration.models import CheckIn, Registration, RegistrationStatus
from tests.factories import EventFactory, RegistrationFactory
from tests.support import BrowserLog, chromium, launch, log_in, make_user, needs_chromium

pytestmark = [pytest.mark.django_db, pytest.mark.browser, needs_chromium]

LONG_NAME = "Сәрсенбаева Әйгерім Нұрланқызы"


@pytest.fixture
def event():
    """An event happening now (its door is open), with people who have every kind of contact."""
    now = timezone.now()
    event = EventFactory(slug="budget-today", start_at=now - timedelta(minutes=30), end_at=now + timedelta(hours=2))
    RegistrationFactory(
        event=event,
        full_name=LONG_NAME,
        email="aigerim.sarsenbayeva@example.kz",
        organisation="Әл-Фараби ауданының жастар ресурстық орталығы",
        age=19,
    )
    for n in range(3):
        RegistrationFactory(event=event, full_name=f"Қатысушы {n}", organisation="№ 12 мектеп-гимназия")
    return event


def person_row(page, name):
    return page.locator("table.attendees tbody tr", has=page.locator("td.person strong", has_text=name))


def assert_beside_the_name(page, row, button_text, width):
    """The action is in the name's cell, below the name, and wholly inside the viewport."""
    cell = row.locator("td.person").bounding_box()
    name = row.locator("td.person strong").bounding_box()
    button = row.locator("td.person").get_by_text(button_text, exact=True).first.bounding_box()
    assert button is not None, button_text
    assert 0 <= button["x"] and button["x"] + button["width"] <= width, (button_text, button)
    assert cell["x"] <= button["x"] and button["x"] + button["width"] <= cell["x"] + cell["width"], (button, cell)
    assert name["y"] + name["height"] <= button["y"] + 1 and button["y"] - name["y"] < 120, (button, name)


@pytest.mark.parametrize("width", [1366, 360])
def test_actions_sit_beside_the_name_and_work(live_server, browser_test, tmp_path, event, width):
    make_user("manager", "organiser")
    with chromium() as playwright:
        browser = launch(playwright)
        try:
            context = browser.new_context(
                viewport={"width": width, "height": 768}, locale="en-GB", is_mobile=width < 500, has_touch=width < 500
            )
            page = context.new_page()
            log = BrowserLog(page)
            log_in(page, live_server.url, "manager")
            page.goto(live_server.url + reverse("registration_manage:attendees", args=[event.slug]))

            # Nothing on the page scrolls sideways: the actions cannot be hidden off screen.
            assert page.evaluate("document.documentElement.scrollWidth") <= width
            wrap = page.locator(".table-wrap").first
            assert wrap.evaluate("el => el.scrollWidth <= el.clientWidth + 1"), "the table scrolls sideways"
            row = person_row(page, LONG_NAME)
            for action in ("Check in", "Badge (A6)", "Cancel registration"):
                assert_beside_the_name(page, row, action, width)
            if width < 500:
                # A phone shows each person as a card, the name and its actions first.
                assert row.evaluate("el => getComputedStyle(el).display") == "block"
                assert page.locator("table.attendees thead").is_hidden()
            page.screenshot(path=str(tmp_path / "list.png"), full_page=True)
            page.screenshot(path=f"/tmp/attendee_list_{width}.png", full_page=True)

            row.get_by_role("button", name="Check in").click()
            page.wait_for_load_state()
            row = person_row(page, LONG_NAME)
            assert f"{LONG_NAME} is checked in." in page.locator(".messages").inner_text()
            assert_beside_the_name(page, row, "Undo check-in", width)

            row.locator("summary", has_text="Undo check-in").click()
            row.locator("input[name=reason]").fill("Қате басылды")
            row.get_by_role("button", name="Undo check-in").click()
            page.wait_for_load_state()
            row = person_row(page, LONG_NAME)
            assert_beside_the_name(page, row, "Check in", width)

            row.locator("summary", has_text="Cancel registration").click()
            row.get_by_role("button", name=f"Cancel the registration of {LONG_NAME}").click()
            page.wait_for_load_state()
            assert "is cancelled" in page.locator(".messages").inner_text()
            assert page.evaluate("document.documentElement.scrollWidth") <= width
            assert log.errors() == [], str(log)
        finally:
            browser.close()

    registration = Registration.objects.get(full_name=LONG_NAME)
    assert registration.status == RegistrationStatus.CANCELLED
    checkin = CheckIn.objects.get(registration=registration)
    assert (checkin.undone_at is not None, checkin.undo_reason) == (True, "Қате басылды")
