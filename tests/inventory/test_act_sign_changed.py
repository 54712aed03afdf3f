"""Signing signs what the signers were shown: the act's page carries the fingerprint of the draft
it renders, and a draft edited since (an organiser on a laptop while the parties sign on a
tablet) is refused, with nothing numbered, stored or posted; the page then shows the new content."""

import base64
import re
from datetime import date

import pytest
from django.urls import reverse

from core.errors import DomainError
from inventory import services
from inventory.models import ActCounter, ActKind, ActStatus, Movement, StockBalance, TransferAct
from inventory.services.acts import draft_fingerprint, update_draft
from tests.support import messages_of

from .factories import ItemTypeFactory, PersonHolderFactory, WarehouseFactory, signature_png

pytestmark = pytest.mark.django_db

CHANGED = "The draft was changed after this page was opened; check it and sign again."
OUT_OF_DATE = "This page is out of date; open the act again, check it and sign."

GIVER = services.Party("Айгүл Сейітова", "Жоба үйлестірушісі", "«Басқары» қоғамдық қоры")
RECEIVER = services.Party("Ерлан Жұмабаев", "Мұғалім", "№12 мектеп-гимназия")


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def stocked(storekeeper):
    """A warehouse holding 10 medals and 5 notebooks, two people to transfer to, a draft of 4 medals."""
    warehouse = WarehouseFactory(name="Орталық қойма")
    medal = ItemTypeFactory(name_kk="Медаль", name_ru="Медаль", name_en="Медаль")
    notebook = ItemTypeFactory(name_kk="Дәптер", name_ru="Дәптер", name_en="Дәптер")
    services.receive_stock(item=medal, to_holder=warehouse, quantity=10, supplier="ЖШС Полиграф", by=storekeeper)
    services.receive_stock(item=notebook, to_holder=warehouse, quantity=5, supplier="ЖШС Полиграф", by=storekeeper)
    person, other = PersonHolderFactory(name="Дана Омарова"), PersonHolderFactory(name="Бауыржан Оспанов")
    act = services.create_act(
        kind=ActKind.TRANSFER,
        act_date=date(2026, 12, 1),
        from_holder=warehouse,
        to_holder=person,
        giver=GIVER,
        receiver=RECEIVER,
        basis="",
        lines=[(medal, 4)],
        by=storekeeper,
    )
    return {"warehouse": warehouse, "person": person, "other": other, "medal": medal, "notebook": notebook, "act": act}


def edit(stocked, **changes):
    """Save the draft with `changes` over what it holds now (no changes: saved as it is)."""
    fields = {
        "kind": ActKind.TRANSFER,
        "act_date": date(2026, 12, 1),
        "from_holder": stocked["warehouse"],
        "to_holder": stocked["person"],
        "giver": GIVER,
        "receiver": RECEIVER,
        "basis": "",
        "lines": [(stocked["medal"], 4)],
        "language": "kk",
    }
    return update_draft(act=stocked["act"], **{**fields, **changes})


def fingerprint_of(act) -> str:
    act = TransferAct.objects.select_related("from_holder", "to_holder", "counter_act_of").get(pk=act.pk)
    return draft_fingerprint(act, list(act.lines.select_related("item").order_by("pk")))


def page_fingerprint(client, act) -> str:
    page = client.get(reverse("inventory:act_detail", args=[act.pk])).content.decode()
    return re.search(r'<input type="hidden" name="fingerprint" value="([0-9a-f]{64})"', page).group(1)


def data_url(content: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(content).decode()


def sign_on_the_page(client, act, **fields):
    signatures = {"giver_signature": data_url(signature_png()), "receiver_signature": data_url(signature_png())}
    return client.post(reverse("inventory:act_sign", args=[act.pk]), {**signatures, **fields})


def assert_nothing_signed(act):
    act.refresh_from_db()
    assert (act.status, act.year, act.number, act.content_hash) == (ActStatus.DRAFT, None, None, "")
    assert (act.giver_signature.name, act.receiver_signature.name) == ("", "")
    assert not Movement.objects.filter(act=act).exists()
    assert not ActCounter.objects.exists()


# --- The page and the sign form ---------------------------------------------------------------------


def test_the_sign_form_carries_the_fingerprint_of_the_draft_shown(client, stocked, storekeeper):
    client.force_login(storekeeper)

    assert page_fingerprint(client, stocked["act"]) == fingerprint_of(stocked["act"])


def test_signing_with_the_fingerprint_of_the_page_signs_and_posts(client, stocked, storekeeper):
    client.force_login(storekeeper)
    act = stocked["act"]
    fingerprint = page_fingerprint(client, act)

    response = sign_on_the_page(client, act, fingerprint=fingerprint)

    act.refresh_from_db()
    assert response["Location"] == reverse("inventory:act_detail", args=[act.pk])
    assert messages_of(response) == ["Act No. 1/2026 is signed and its stock is posted."]
    assert (act.status, act.number) == (ActStatus.SIGNED, 1)
    assert StockBalance.objects.get(holder=stocked["person"], item=stocked["medal"]).quantity == 4


def test_a_draft_edited_after_the_page_was_opened_is_not_signed(client, stocked, storekeeper):
    client.force_login(storekeeper)
    act = stocked["act"]
    fingerprint = page_fingerprint(client, act)
    # Meanwhile, on a laptop: another receiver, and notebooks too.
    edit(
        stocked,
        receiver=services.Party("Бауыржан Оспанов"),
        lines=[(stocked["medal"], 4), (stocked["notebook"], 5)],
    )

    response = sign_on_the_page(client, act, fingerprint=fingerprint)

    assert response["Location"] == reverse("inventory:act_detail", args=[act.pk])
    assert messages_of(response) == [CHANGED]
    assert_nothing_signed(act)
    assert StockBalance.objects.get(holder=stocked["warehouse"], item=stocked["medal"]).quantity == 10
    # The page shows what the draft says now, with its new fingerprint to sign it by.
    page = client.get(response["Location"]).content.decode()
    assert "Бауыржан Оспанов" in page and "Дәптер" in page
    assert page_fingerprint(client, act) == fingerprint_of(act) != fingerprint


def test_signing_by_the_new_page_after_the_refusal_succeeds(client, stocked, storekeeper):
    client.force_login(storekeeper)
    act = stocked["act"]
    stale = page_fingerprint(client, act)
    edit(stocked, lines=[(stocked["medal"], 6)])
    sign_on_the_page(client, act, fingerprint=stale)

    response = sign_on_the_page(client, act, fingerprint=page_fingerprint(client, act))

    act.refresh_from_db()
    assert messages_of(response) == ["Act No. 1/2026 is signed and its stock is posted."]
    assert StockBalance.objects.get(holder=stocked["person"], item=stocked["medal"]).quantity == 6


@pytest.mark.parametrize("fingerprint", [None, "", "0" * 65])
def test_a_sign_form_without_a_fingerprint_is_refused(client, stocked, storekeeper, fingerprint):
    client.force_login(storekeeper)
    act = stocked["act"]

    response = sign_on_the_page(client, act, **({} if fingerprint is None else {"fingerprint": fingerprint}))

    assert response.status_code == 302
    assert response["Location"] == reverse("inventory:act_detail", args=[act.pk])
    assert messages_of(response) == [OUT_OF_DATE]
    assert_nothing_signed(act)


def test_a_sign_form_with_a_wrong_fingerprint_is_refused(client, stocked, storekeeper):
    client.force_login(storekeeper)
    act = stocked["act"]

    response = sign_on_the_page(client, act, fingerprint="0" * 64)

    assert messages_of(response) == [CHANGED]
    assert_nothing_signed(act)


# --- The rule, in the service -----------------------------------------------------------------------


def sign(act, by, fingerprint):
    return services.sign_act(
        act=act, giver_signature=signature_png(), receiver_signature=signature_png(), by=by, fingerprint=fingerprint
    )


@pytest.mark.parametrize(
    "change",
    ["quantity", "line added", "item", "kind", "holder", "giver", "receiver", "date", "basis"],
)
def test_any_change_to_the_content_refuses_the_old_fingerprint(stocked, storekeeper, change):
    shown = fingerprint_of(stocked["act"])
    changes = {
        "quantity": {"lines": [(stocked["medal"], 5)]},
        "line added": {"lines": [(stocked["medal"], 4), (stocked["notebook"], 1)]},
        "item": {"lines": [(stocked["notebook"], 4)]},
        "kind": {"kind": ActKind.HANDOUT, "to_holder": None},
        "holder": {"to_holder": stocked["other"]},
        "giver": {"giver": services.Party(GIVER.name, "Директор", GIVER.organisation)},
        "receiver": {"receiver": services.Party(RECEIVER.name, RECEIVER.position, "№7 колледж")},
        "date": {"act_date": date(2026, 12, 2)},
        "basis": {"basis": "№ 15 шарт"},
    }[change]
    edit(stocked, **changes)

    with pytest.raises(DomainError) as error:
        sign(stocked["act"], storekeeper, shown)

    assert (error.value.code, str(error.value)) == ("draft_changed", CHANGED)
    assert_nothing_signed(stocked["act"])


def test_a_draft_saved_unchanged_keeps_its_fingerprint(stocked, storekeeper):
    shown = fingerprint_of(stocked["act"])
    edit(stocked)  # The lines are written anew; what they say is not.

    signed = sign(stocked["act"], storekeeper, shown)

    assert (signed.status, signed.number) == (ActStatus.SIGNED, 1)
    assert Movement.objects.filter(act=signed).count() == 1


def test_a_signed_act_is_already_signed_whatever_the_fingerprint(stocked, storekeeper):
    shown = fingerprint_of(stocked["act"])
    sign(stocked["act"], storekeeper, shown)

    with pytest.raises(DomainError) as error:
        sign(stocked["act"], storekeeper, "0" * 64)

    assert error.value.code == "already_signed"
