import base64
import subprocess
from datetime import date

import pytest

from core.errors import DomainError
from inventory import pdf, selectors, services
from inventory.models import ActKind, ActStatus, ImmutableError, Movement, MovementKind, TransferAct

from .factories import (
    DeskFactory,
    ItemTypeFactory,
    PersonHolderFactory,
    blank_png,
    signature_jpeg,
    signature_png,
)

pytestmark = pytest.mark.django_db

GIVER = services.Party("Айгүл Сейітова", "Жоба үйлестірушісі", "«Басқары» қоғамдық қоры")
RECEIVER = services.Party("Ерлан Жұмабаев", "Мұғалім", "№12 мектеп-гимназия")


def draft(*, kind=ActKind.RECEIPT, from_holder=None, to_holder=None, lines, by, act_date=date(2026, 3, 12), **extra):
    return services.create_act(
        kind=kind,
        act_date=act_date,
        from_holder=from_holder,
        to_holder=to_holder,
        giver=GIVER,
        receiver=RECEIVER,
        basis="2026 жылғы 10 ақпандағы № 15 шарт",
        lines=lines,
        by=by,
        **extra,
    )


def sign(act, by):
    return services.sign_act(act=act, giver_signature=signature_png(), receiver_signature=signature_png(), by=by)


# --- Creating a draft -------------------------------------------------------------------------------


def test_create_act_saves_a_draft_without_moving_stock(warehouse, storekeeper):
    medal, pen = ItemTypeFactory(), ItemTypeFactory()

    act = draft(to_holder=warehouse, lines=[(medal, 300), (pen, 500)], by=storekeeper)

    assert (act.status, act.number, act.year, act.content_hash) == (ActStatus.DRAFT, None, None, "")
    assert list(act.lines.values_list("item", "quantity")) == [(medal.pk, 300), (pen.pk, 500)]
    assert Movement.objects.count() == 0


def test_create_act_with_no_lines_is_refused(warehouse, storekeeper):
    with pytest.raises(DomainError) as error:
        draft(to_holder=warehouse, lines=[], by=storekeeper)

    assert error.value.code == "no_lines"
    assert TransferAct.objects.count() == 0


@pytest.mark.parametrize("quantity", [0, -50])
def test_create_act_with_a_bad_quantity_is_refused(warehouse, storekeeper, quantity):
    with pytest.raises(DomainError) as error:
        draft(to_holder=warehouse, lines=[(ItemTypeFactory(), quantity)], by=storekeeper)

    assert error.value.code == "bad_quantity"
    assert TransferAct.objects.count() == 0


def test_create_act_with_one_item_twice_is_refused(warehouse, storekeeper):
    medal = ItemTypeFactory()

    with pytest.raises(DomainError) as error:
        draft(to_holder=warehouse, lines=[(medal, 1), (medal, 2)], by=storekeeper)

    assert error.value.code == "duplicate_item"


@pytest.mark.parametrize(
    "kind,with_from,with_to",
    [
        (ActKind.RECEIPT, True, True),
        (ActKind.TRANSFER, True, False),
        (ActKind.HANDOUT, False, False),
        (ActKind.RETURN, True, True),
    ],
)
def test_create_act_with_holders_that_do_not_fit_the_kind_is_refused(warehouse, storekeeper, kind, with_from, with_to):
    with pytest.raises(DomainError) as error:
        draft(
            kind=kind,
            from_holder=warehouse if with_from else None,
            to_holder=PersonHolderFactory() if with_to else None,
            lines=[(ItemTypeFactory(), 1)],
            by=storekeeper,
        )

    assert error.value.code == "bad_holders"


# --- Signing --------------------------------------------------------------------------------------------


def test_sign_act_numbers_hashes_and_posts_its_lines(warehouse, storekeeper):
    medal, pen = ItemTypeFactory(), ItemTypeFactory()
    act = draft(to_holder=warehouse, lines=[(medal, 300), (pen, 500)], by=storekeeper)

    signed = sign(act, storekeeper)

    assert (signed.status, signed.year, signed.number, signed.signed_by) == (ActStatus.SIGNED, 2026, 1, storekeeper)
    assert len(signed.content_hash) == 64
    lines = list(signed.lines.select_related("item").order_by("pk"))
    assert signed.content_hash == services.content_hash(
        services.act_content(signed, lines, signature_png(), signature_png())
    )
    assert signed.giver_signature.open("rb").read() == signature_png()
    assert list(
        Movement.objects.filter(act=signed)
        .order_by("pk")
        .values_list("kind", "item", "quantity", "to_holder", "supplier")
    ) == [
        (MovementKind.RECEIPT, medal.pk, 300, warehouse.pk, GIVER.organisation),
        (MovementKind.RECEIPT, pen.pk, 500, warehouse.pk, GIVER.organisation),
    ]
    assert (
        selectors.stock_balance(item=medal, holder=warehouse),
        selectors.stock_balance(item=pen, holder=warehouse),
    ) == (300, 500)


def test_act_numbers_run_per_year(warehouse, storekeeper):
    item = ItemTypeFactory()
    acts = [
        draft(to_holder=warehouse, lines=[(item, 1)], by=storekeeper, act_date=day)
        for day in (date(2025, 12, 30), date(2026, 1, 5), date(2026, 1, 6))
    ]

    numbers = [(a.year, a.number) for a in (sign(act, storekeeper) for act in acts)]

    assert numbers == [(2025, 1), (2026, 1), (2026, 2)]


def test_sign_act_twice_is_refused(warehouse, storekeeper):
    act = draft(to_holder=warehouse, lines=[(ItemTypeFactory(), 10)], by=storekeeper)
    first = sign(act, storekeeper)

    with pytest.raises(DomainError) as error:
        sign(act, storekeeper)

    assert error.value.code == "already_signed"
    assert Movement.objects.filter(act=act).count() == 1
    assert TransferAct.objects.get(pk=act.pk).content_hash == first.content_hash


@pytest.mark.parametrize(
    "signature,code",
    [
        (b"not an image at all", "bad_signature"),
        (signature_jpeg(), "bad_signature"),
        (blank_png(), "blank_signature"),
        (b"", "bad_signature"),
    ],
)
def test_sign_act_with_a_bad_signature_changes_nothing(warehouse, storekeeper, signature, code):
    item = ItemTypeFactory()
    act = draft(to_holder=warehouse, lines=[(item, 10)], by=storekeeper)

    with pytest.raises(DomainError) as error:
        services.sign_act(act=act, giver_signature=signature_png(), receiver_signature=signature, by=storekeeper)

    assert (error.value.code, error.value.field) == (code, "receiver_signature")
    act.refresh_from_db()
    assert (act.status, act.number, act.giver_signature.name) == (ActStatus.DRAFT, None, "")
    assert Movement.objects.count() == 0


def test_sign_act_short_of_stock_changes_nothing(warehouse, storekeeper):
    item, person = ItemTypeFactory(), PersonHolderFactory()
    services.receive_stock(item=item, to_holder=warehouse, quantity=5, supplier="ЖШС", by=storekeeper)
    act = draft(kind=ActKind.TRANSFER, from_holder=warehouse, to_holder=person, lines=[(item, 6)], by=storekeeper)

    with pytest.raises(DomainError) as error:
        sign(act, storekeeper)

    assert error.value.code == "out_of_stock"
    act.refresh_from_db()
    assert (act.status, act.number) == (ActStatus.DRAFT, None)
    assert selectors.stock_balance(item=item, holder=warehouse) == 5


def test_decode_signature_accepts_only_png_data_urls():
    good = "data:image/png;base64," + base64.b64encode(signature_png()).decode()

    assert services.decode_signature(good) == signature_png()
    for bad in ("data:image/jpeg;base64,AAAA", "data:image/png;base64,***", "hello", None):
        with pytest.raises(DomainError) as error:
            services.decode_signature(bad)
        assert error.value.code == "bad_signature"


def test_signed_act_and_its_lines_cannot_change(warehouse, storekeeper):
    act = sign(draft(to_holder=warehouse, lines=[(ItemTypeFactory(), 10)], by=storekeeper), storekeeper)
    line = act.lines.get()

    act.basis = "басқа шарт"
    with pytest.raises(ImmutableError):
        act.save()
    line.quantity = 11
    with pytest.raises(ImmutableError):
        line.save()
    with pytest.raises(ImmutableError):
        act.delete()
    with pytest.raises(DomainError) as error:
        services.discard_draft(act=act)

    assert error.value.code == "already_signed"
    assert TransferAct.objects.get(pk=act.pk).basis == "2026 жылғы 10 ақпандағы № 15 шарт"


def test_discard_draft_deletes_it(warehouse, storekeeper):
    act = draft(to_holder=warehouse, lines=[(ItemTypeFactory(), 10)], by=storekeeper)

    services.discard_draft(act=act)

    assert TransferAct.objects.count() == 0


# --- Group handouts and counter-acts ------------------------------------------------------------------


def test_group_handout_act_takes_units_from_the_desk(storekeeper):
    desk, medal = DeskFactory(), ItemTypeFactory()
    services.receive_stock(item=medal, to_holder=desk, quantity=80, supplier="ЖШС", by=storekeeper)

    act = sign(draft(kind=ActKind.HANDOUT, from_holder=desk, lines=[(medal, 50)], by=storekeeper), storekeeper)

    assert list(
        Movement.objects.filter(act=act).values_list("kind", "quantity", "from_holder", "to_holder", "registration")
    ) == [(MovementKind.HANDOUT, 50, desk.pk, None, None)]
    assert selectors.stock_balance(item=medal, holder=desk) == 30


def test_counter_act_undoes_a_signed_transfer(warehouse, storekeeper):
    medal, person = ItemTypeFactory(), PersonHolderFactory()
    services.receive_stock(item=medal, to_holder=warehouse, quantity=100, supplier="ЖШС", by=storekeeper)
    act = sign(
        draft(kind=ActKind.TRANSFER, from_holder=warehouse, to_holder=person, lines=[(medal, 40)], by=storekeeper),
        storekeeper,
    )

    counter = services.counter_act(act=act, act_date=date(2026, 3, 13), by=storekeeper)
    assert (
        counter.kind,
        counter.from_holder,
        counter.to_holder,
        counter.counter_act_of,
        counter.giver_name,
        counter.receiver_name,
    ) == (ActKind.TRANSFER, person, warehouse, act, RECEIVER.name, GIVER.name)
    sign(counter, storekeeper)

    assert (
        selectors.stock_balance(item=medal, holder=warehouse),
        selectors.stock_balance(item=medal, holder=person),
    ) == (100, 0)
    assert TransferAct.objects.get(pk=act.pk).status == ActStatus.SIGNED


def test_counter_act_of_a_receipt_returns_to_the_supplier(warehouse, storekeeper):
    medal = ItemTypeFactory()
    act = sign(draft(to_holder=warehouse, lines=[(medal, 300)], by=storekeeper), storekeeper)

    counter = sign(services.counter_act(act=act, act_date=date(2026, 3, 13), by=storekeeper), storekeeper)

    assert (counter.kind, counter.from_holder, counter.to_holder, counter.number) == (
        ActKind.RETURN,
        warehouse,
        None,
        2,
    )
    assert Movement.objects.filter(act=counter, kind=MovementKind.RETURN, from_holder=warehouse).count() == 1
    assert selectors.stock_balance(item=medal, holder=warehouse) == 0


def test_counter_act_of_a_draft_or_twice_is_refused(warehouse, storekeeper):
    act = draft(to_holder=warehouse, lines=[(ItemTypeFactory(), 3)], by=storekeeper)
    with pytest.raises(DomainError) as not_signed:
        services.counter_act(act=act, act_date=date(2026, 3, 13), by=storekeeper)
    sign(act, storekeeper)
    services.counter_act(act=act, act_date=date(2026, 3, 13), by=storekeeper)

    with pytest.raises(DomainError) as twice:
        services.counter_act(act=act, act_date=date(2026, 3, 13), by=storekeeper)

    assert (not_signed.value.code, twice.value.code) == ("not_signed", "already_countered")
    assert TransferAct.objects.filter(counter_act_of=act).count() == 1


# --- The PDF -------------------------------------------------------------------------------------------


def _text(content: bytes) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=content, capture_output=True, check=True
    ).stdout.decode()


def test_act_pdf_in_kazakh_carries_number_lines_signatures_and_hash(warehouse, storekeeper):
    medal = ItemTypeFactory(name_kk="Логотипі бар медаль", name_ru="Медаль с логотипом")
    act = sign(draft(to_holder=warehouse, lines=[(medal, 300)], by=storekeeper), storekeeper)

    content = pdf.render_act(selectors.act_document(act))
    text = _text(content)

    assert content.startswith(b"%PDF-")
    assert b"DejaVuSans" in content and b"Helvetica" not in content
    assert "ҚАБЫЛДАУ-ТАБЫСТАУ АКТІСІ № 1" in text
    assert "2026 жылғы «12» наурыз" in text
    assert "Логотипі бар медаль" in text and "дана" in text
    assert "№ 15 шарт негізінде" in text
    assert act.content_hash in text.replace("\n", "").replace(" ", "")
    assert content.count(b"/Subtype /Image") == 2


def test_act_pdf_in_russian(warehouse, storekeeper):
    medal = ItemTypeFactory(name_kk="Логотипі бар медаль", name_ru="Медаль с логотипом")
    act = draft(to_holder=warehouse, lines=[(medal, 300)], by=storekeeper)

    text = _text(pdf.render_act(selectors.act_document(act, "ru")))

    assert "АКТ ПРИЁМА-ПЕРЕДАЧИ № ____" in text
    assert "ПРОЕКТ" in text
    assert "«12» марта 2026 г." in text
    assert "Медаль с логотипом" in text and "шт." in text
