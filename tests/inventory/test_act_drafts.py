"""Drafting an act: the stock each line needs is checked against what the giver holds while the
act is a draft, a draft can be edited (lines and parties), and deleting it asks first. The browser
tests draft, edit and sign on a laptop (1366 px) and a phone (360 px)."""

from datetime import date

import pytest
from django.urls import reverse

from core.errors import DomainError
from inventory import services
from inventory.models import ActKind, ActStatus, Movement, StockBalance, TransferAct
from inventory.services.acts import draft_stock, update_draft
from tests.support import BrowserLog, chromium, launch, log_in, make_user, messages_of, needs_chromium

from .factories import ItemTypeFactory, PersonHolderFactory, WarehouseFactory, signature_png

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english(settings):
    """Pages and messages in English (a browser that asks for nothing gets Kazakh)."""
    settings.LANGUAGE_CODE = "en"


GIVER = services.Party("Айгүл Сейітова", "Жоба үйлестірушісі", "«Басқары» қоғамдық қоры")
RECEIVER = services.Party("Ерлан Жұмабаев", "Мұғалім", "№12 мектеп-гимназия")


@pytest.fixture
def stocked(storekeeper):
    """A warehouse holding 10 medals and 5 notebooks, and a person to transfer to."""
    warehouse = WarehouseFactory(name="Орталық қойма")
    medal = ItemTypeFactory(name_kk="Медаль", name_ru="Медаль", name_en="Медаль")
    notebook = ItemTypeFactory(name_kk="Дәптер", name_ru="Дәптер", name_en="Дәптер")
    services.receive_stock(item=medal, to_holder=warehouse, quantity=10, supplier="ЖШС Полиграф", by=storekeeper)
    services.receive_stock(item=notebook, to_holder=warehouse, quantity=5, supplier="ЖШС Полиграф", by=storekeeper)
    person = PersonHolderFactory(name="Дана Омарова")
    return {"warehouse": warehouse, "person": person, "medal": medal, "notebook": notebook}


def transfer_draft(stocked, by, lines):
    return services.create_act(
        kind=ActKind.TRANSFER,
        act_date=date(2026, 12, 1),
        from_holder=stocked["warehouse"],
        to_holder=stocked["person"],
        giver=GIVER,
        receiver=RECEIVER,
        basis="",
        lines=lines,
        by=by,
    )


def edit(act, stocked, *, lines, receiver=RECEIVER, kind=ActKind.TRANSFER):
    return update_draft(
        act=act,
        kind=kind,
        act_date=date(2026, 12, 2),
        from_holder=stocked["warehouse"],
        to_holder=stocked["person"],
        giver=GIVER,
        receiver=receiver,
        basis="№ 15 шарт",
        lines=lines,
        language="ru",
    )


def form_data(stocked, lines, **overrides) -> dict:
    data = {
        "kind": ActKind.TRANSFER,
        "date": "2026-12-01",
        "from_holder": stocked["warehouse"].pk,
        "to_holder": stocked["person"].pk,
        "giver_name": GIVER.name,
        "giver_position": "",
        "giver_organisation": "",
        "receiver_name": RECEIVER.name,
        "receiver_position": "",
        "receiver_organisation": "",
        "basis": "",
        "language": "kk",
        "lines-TOTAL_FORMS": "6",
        "lines-INITIAL_FORMS": "0",
        "lines-MIN_NUM_FORMS": "0",
        "lines-MAX_NUM_FORMS": "50",
    }
    for index, (item, quantity) in enumerate(lines):
        data[f"lines-{index}-item"] = item.pk
        data[f"lines-{index}-quantity"] = quantity
    return {**data, **overrides}


# --- The stock a draft needs -----------------------------------------------------------------------


def test_draft_stock_shows_what_the_giver_holds_and_the_shortfall(stocked, storekeeper):
    act = transfer_draft(stocked, storekeeper, [(stocked["medal"], 4), (stocked["notebook"], 8)])

    rows = [(row.line.item.name_kk, row.line.quantity, row.held, row.short) for row in draft_stock(act)]

    assert rows == [("Медаль", 4, 10, 0), ("Дәптер", 8, 5, 3)]


def test_draft_stock_of_a_receipt_has_no_giver_to_check(stocked, storekeeper):
    act = services.create_act(
        kind=ActKind.RECEIPT,
        act_date=date(2026, 12, 1),
        from_holder=None,
        to_holder=stocked["warehouse"],
        giver=GIVER,
        receiver=RECEIVER,
        basis="",
        lines=[(stocked["medal"], 500)],
        by=storekeeper,
    )

    assert [(row.held, row.short) for row in draft_stock(act)] == [(None, 0)]


def test_saving_a_short_draft_warns_at_once_and_the_page_flags_it(client, stocked, storekeeper):
    client.force_login(storekeeper)

    response = client.post(
        reverse("inventory:act_create"), form_data(stocked, [(stocked["medal"], 4), (stocked["notebook"], 8)])
    )

    act = TransferAct.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("inventory:act_detail", args=[act.pk])
    assert messages_of(response)[1:] == ["Орталық қойма holds 5 of “Дәптер”; the act gives 8 (3 short)."]
    page = client.get(response["Location"]).content.decode()
    assert 'id="act-short"' in page
    assert "3 short" in page
    assert 'id="sign-form"' not in page  # Nobody signs an act the stock cannot cover.
    assert Movement.objects.filter(act=act).count() == 0


def test_a_draft_the_stock_covers_can_be_signed_from_its_page(client, stocked, storekeeper):
    client.force_login(storekeeper)
    act = transfer_draft(stocked, storekeeper, [(stocked["medal"], 10)])

    page = client.get(reverse("inventory:act_detail", args=[act.pk])).content.decode()

    assert 'id="act-short"' not in page
    assert 'id="sign-form"' in page


# --- Editing a draft -------------------------------------------------------------------------------


def test_update_draft_replaces_lines_and_parties(stocked, storekeeper):
    act = transfer_draft(stocked, storekeeper, [(stocked["medal"], 4), (stocked["notebook"], 8)])
    other = services.Party("Бауыржан Оспанов", "Директор", "№7 колледж")

    edited = edit(act, stocked, lines=[(stocked["notebook"], 5)], receiver=other)

    edited.refresh_from_db()
    assert list(edited.lines.values_list("item__name_kk", "quantity")) == [("Дәптер", 5)]
    assert (edited.receiver_name, edited.receiver_position, edited.receiver_organisation) == (
        "Бауыржан Оспанов",
        "Директор",
        "№7 колледж",
    )
    assert (edited.date, edited.basis, edited.language, edited.status) == (
        date(2026, 12, 2),
        "№ 15 шарт",
        "ru",
        ActStatus.DRAFT,
    )


def test_update_draft_refuses_a_signed_act(stocked, storekeeper):
    act = transfer_draft(stocked, storekeeper, [(stocked["medal"], 4)])
    services.sign_act(act=act, giver_signature=signature_png(), receiver_signature=signature_png(), by=storekeeper)

    with pytest.raises(DomainError) as error:
        edit(act, stocked, lines=[(stocked["medal"], 9)])

    assert error.value.code == "already_signed"
    assert list(act.lines.values_list("quantity", flat=True)) == [4]


def test_update_draft_refuses_a_counter_act(stocked, storekeeper):
    act = transfer_draft(stocked, storekeeper, [(stocked["medal"], 4)])
    services.sign_act(act=act, giver_signature=signature_png(), receiver_signature=signature_png(), by=storekeeper)
    counter = services.counter_act(act=act, act_date=date(2026, 12, 3), by=storekeeper)

    with pytest.raises(DomainError) as error:
        edit(counter, stocked, lines=[(stocked["medal"], 1)])

    assert error.value.code == "counter_act"


@pytest.mark.parametrize(
    "lines, code",
    [("none", "no_lines"), ("twice", "duplicate_item"), ("zero", "bad_quantity")],
)
def test_update_draft_checks_lines_like_a_new_act(stocked, storekeeper, lines, code):
    act = transfer_draft(stocked, storekeeper, [(stocked["medal"], 4)])
    lines = {
        "none": [],
        "twice": [(stocked["medal"], 1), (stocked["medal"], 2)],
        "zero": [(stocked["medal"], 0)],
    }[lines]

    with pytest.raises(DomainError) as error:
        edit(act, stocked, lines=lines)

    assert error.value.code == code
    assert list(act.lines.values_list("quantity", flat=True)) == [4]


def test_the_edit_page_shows_the_draft_and_saves_changes(client, stocked, storekeeper):
    client.force_login(storekeeper)
    act = transfer_draft(stocked, storekeeper, [(stocked["notebook"], 8)])
    url = reverse("inventory:act_edit", args=[act.pk])

    page = client.get(url).content.decode()
    response = client.post(url, form_data(stocked, [(stocked["notebook"], 5)], receiver_name="Бауыржан Оспанов"))

    assert 'value="Ерлан Жұмабаев"' in page and 'value="8"' in page
    assert response.status_code == 302
    act.refresh_from_db()
    assert act.receiver_name == "Бауыржан Оспанов"
    assert list(act.lines.values_list("quantity", flat=True)) == [5]


def test_the_edit_page_of_a_signed_act_sends_back_to_it(client, stocked, storekeeper):
    client.force_login(storekeeper)
    act = transfer_draft(stocked, storekeeper, [(stocked["medal"], 4)])
    services.sign_act(act=act, giver_signature=signature_png(), receiver_signature=signature_png(), by=storekeeper)

    response = client.post(reverse("inventory:act_edit", args=[act.pk]), form_data(stocked, [(stocked["medal"], 1)]))

    assert response["Location"] == reverse("inventory:act_detail", args=[act.pk])
    assert list(act.lines.values_list("quantity", flat=True)) == [4]


def test_the_grantor_cannot_edit_a_draft(client, stocked, storekeeper):
    client.force_login(make_user("reader", "grantor"))
    act = transfer_draft(stocked, storekeeper, [(stocked["medal"], 4)])

    assert client.get(reverse("inventory:act_edit", args=[act.pk])).status_code == 403


def test_deleting_a_draft_asks_first(client, stocked, storekeeper):
    client.force_login(storekeeper)
    act = transfer_draft(stocked, storekeeper, [(stocked["medal"], 4)])

    page = client.get(reverse("inventory:act_detail", args=[act.pk])).content.decode()

    confirm = page[page.index('<details class="confirm"><summary>Delete the draft…') :]
    confirm = confirm[: confirm.index("</details>")]
    assert reverse("inventory:act_discard", args=[act.pk]) in confirm
    assert "Yes, delete the draft" in confirm
    assert "confirm(" not in page


# --- In a browser: draft, see the shortage, edit, sign ----------------------------------------------


@pytest.mark.browser
@needs_chromium
@pytest.mark.parametrize("width", [1366, 360])
def test_draft_edit_and_sign_an_act_in_a_browser(live_server, browser_test, stocked, storekeeper, width):
    storekeeper.set_password("pw-storekeeper")
    storekeeper.save()
    base = live_server.url
    with chromium() as playwright:
        browser = launch(playwright)
        try:
            page = browser.new_context(viewport={"width": width, "height": 768}, locale="en-GB").new_page()
            log = BrowserLog(page)
            log_in(page, base, "storekeeper")
            page.goto(base + reverse("inventory:act_create"))
            page.select_option("#id_kind", ActKind.TRANSFER)
            page.select_option("#id_from_holder", str(stocked["warehouse"].pk))
            page.select_option("#id_to_holder", str(stocked["person"].pk))
            page.fill("#id_giver_name", GIVER.name)
            page.fill("#id_receiver_name", RECEIVER.name)
            page.select_option("#id_lines-0-item", str(stocked["notebook"].pk))
            page.fill("#id_lines-0-quantity", "8")
            page.click("form.stacked button[type=submit]")
            page.wait_for_selector("#act-short")

            # The draft's page says what is missing, before anyone signs, and fits the screen.
            row = page.locator("table.act-lines tr.short")
            assert "Дәптер" in row.inner_text() and "3 short" in row.inner_text()
            assert page.locator("#sign-form").count() == 0
            assert page.evaluate("document.documentElement.scrollWidth") <= width
            page.screenshot(path=f"/tmp/act_draft_short_{width}.png", full_page=True)

            page.click("text=Edit the draft")
            page.fill("#id_lines-0-quantity", "5")
            page.fill("#id_receiver_name", "Бауыржан Оспанов")
            page.click("form.stacked button[type=submit]")
            page.wait_for_selector("#sign-form")
            assert page.locator("#act-short").count() == 0
            assert "Бауыржан Оспанов" in page.locator(".card.act").inner_text()
            assert page.evaluate("document.documentElement.scrollWidth") <= width

            for canvas in page.locator(".sign-pad canvas").all():
                canvas.scroll_into_view_if_needed()
                box = canvas.bounding_box()
                page.mouse.move(box["x"] + 20, box["y"] + 40)
                page.mouse.down()
                page.mouse.move(box["x"] + box["width"] / 2, box["y"] + 120, steps=8)
                page.mouse.move(box["x"] + box["width"] - 20, box["y"] + 30, steps=8)
                page.mouse.up()
            page.click("#sign-form button[type=submit]")
            page.wait_for_selector(".badge.confirmed")
            page.screenshot(path=f"/tmp/act_signed_{width}.png", full_page=True)
            assert page.evaluate("document.documentElement.scrollWidth") <= width
            assert log.errors() == [], str(log)
        finally:
            browser.close()

    act = TransferAct.objects.get()
    assert (act.status, act.receiver_name) == (ActStatus.SIGNED, "Бауыржан Оспанов")
    assert StockBalance.objects.get(holder=stocked["person"], item=stocked["notebook"]).quantity == 5
