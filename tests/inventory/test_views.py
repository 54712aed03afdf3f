import base64
import io
import re
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from events import services as event_services
from events.models import EventStatus
from inventory import selectors, services
from inventory.models import ActKind, ActStatus, Movement, TransferAct
from tests.factories import EventFactory

from .conftest import stock_desk
from .factories import ItemTypeFactory, signature_png

pytestmark = pytest.mark.django_db


def data_url(content: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(content).decode()


def make_draft(warehouse, by, quantity=300):
    return services.create_act(
        kind=ActKind.RECEIPT,
        act_date=date(2026, 3, 12),
        from_holder=None,
        to_holder=warehouse,
        giver=services.Party("Мұрат Тоқтаров", "Директор", "«Полиграф» ЖШС"),
        receiver=services.Party("Айгүл Сейітова", "Үйлестіруші", "«Басқары» қоры"),
        basis="№ 15 шарт",
        lines=[(ItemTypeFactory(), quantity)],
        by=by,
    )


# --- Who may do what ------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["stock", "movements", "acts", "items", "holders", "report", "report_xlsx"])
def test_grantor_reads_every_page(grantor_client, name):
    assert grantor_client.get(reverse(f"inventory:{name}")).status_code == 200


@pytest.mark.parametrize(
    "name,args",
    [
        ("movement_create", ["receive"]),
        ("item_create", []),
        ("holder_create", []),
        ("act_create", []),
    ],
)
def test_grantor_cannot_change_anything(grantor_client, name, args):
    assert grantor_client.get(reverse(f"inventory:{name}", args=args)).status_code == 403


def test_grantor_cannot_sign_or_counter_an_act(grantor_client, warehouse, storekeeper):
    act = make_draft(warehouse, storekeeper)

    sign = grantor_client.post(
        reverse("inventory:act_sign", args=[act.pk]),
        {"giver_signature": data_url(signature_png()), "receiver_signature": data_url(signature_png())},
    )
    counter = grantor_client.post(reverse("inventory:act_counter", args=[act.pk]))

    assert (sign.status_code, counter.status_code) == (403, 403)
    assert TransferAct.objects.get(pk=act.pk).status == ActStatus.DRAFT


def test_volunteer_cannot_sign_acts_or_read_the_ledger(volunteer_client, warehouse, storekeeper):
    act = make_draft(warehouse, storekeeper)

    sign = volunteer_client.post(
        reverse("inventory:act_sign", args=[act.pk]),
        {"giver_signature": data_url(signature_png()), "receiver_signature": data_url(signature_png())},
    )

    assert sign.status_code == 403
    assert volunteer_client.get(reverse("inventory:movements")).status_code == 403
    assert volunteer_client.get(reverse("inventory:acts")).status_code == 403
    assert TransferAct.objects.get(pk=act.pk).status == ActStatus.DRAFT


def test_anonymous_is_sent_to_log_in(client):
    response = client.get(reverse("inventory:stock"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


# --- Forms ----------------------------------------------------------------------------------------


def test_organiser_receives_stock(organiser_client, organiser, warehouse):
    item = ItemTypeFactory()

    response = organiser_client.post(
        reverse("inventory:movement_create", args=["receive"]),
        {"item": item.pk, "to_holder": warehouse.pk, "quantity": 300, "supplier": "ЖШС Полиграф", "note": ""},
    )

    assert response.status_code == 302
    assert selectors.stock_balance(item=item, holder=warehouse) == 300
    assert Movement.objects.get().created_by == organiser


@pytest.mark.parametrize("quantity", ["0", "-3", "abc"])
def test_receive_form_refuses_bad_quantity(organiser_client, warehouse, quantity):
    item = ItemTypeFactory()

    response = organiser_client.post(
        reverse("inventory:movement_create", args=["receive"]),
        {"item": item.pk, "to_holder": warehouse.pk, "quantity": quantity, "supplier": "ЖШС"},
    )

    assert response.status_code == 200
    assert "quantity" in response.context["form"].errors
    assert Movement.objects.count() == 0


def test_receive_form_refuses_an_unknown_item(organiser_client, warehouse):
    response = organiser_client.post(
        reverse("inventory:movement_create", args=["receive"]),
        {"item": 999999, "to_holder": warehouse.pk, "quantity": 1, "supplier": "ЖШС"},
    )

    assert response.status_code == 200
    assert "item" in response.context["form"].errors
    assert Movement.objects.count() == 0


def test_transfer_form_shows_out_of_stock(organiser_client, warehouse, conference):
    item = ItemTypeFactory(name_kk="Дәптер")

    response = organiser_client.post(
        reverse("inventory:movement_create", args=["transfer"]),
        {"item": item.pk, "from_holder": warehouse.pk, "to_holder": conference["desk"].pk, "quantity": 5},
    )

    assert response.status_code == 200
    assert "Дәптер" in str(response.context["form"].non_field_errors())
    assert Movement.objects.count() == 0


def test_unknown_movement_kind_is_404(organiser_client):
    assert organiser_client.get(reverse("inventory:movement_create", args=["steal"])).status_code == 404


# --- Acts -----------------------------------------------------------------------------------------


def _act_post(warehouse, lines):
    body = {
        "kind": "receipt",
        "date": "2026-03-12",
        "from_holder": "",
        "to_holder": warehouse.pk,
        "giver_name": "Мұрат Тоқтаров",
        "giver_position": "Директор",
        "giver_organisation": "«Полиграф» ЖШС",
        "receiver_name": "Айгүл Сейітова",
        "receiver_position": "",
        "receiver_organisation": "",
        "basis": "№ 15 шарт",
        "language": "kk",
        "lines-TOTAL_FORMS": "6",
        "lines-INITIAL_FORMS": "0",
        "lines-MIN_NUM_FORMS": "0",
        "lines-MAX_NUM_FORMS": "50",
    }
    for index, (item, quantity) in enumerate(lines):
        body[f"lines-{index}-item"] = item
        body[f"lines-{index}-quantity"] = quantity
    return body


def test_organiser_creates_an_act_with_lines(organiser_client, warehouse):
    medal, pen = ItemTypeFactory(), ItemTypeFactory()

    response = organiser_client.post(
        reverse("inventory:act_create"), _act_post(warehouse, [(medal.pk, 300), (pen.pk, 500)])
    )

    act = TransferAct.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("inventory:act_detail", args=[act.pk])
    assert list(act.lines.values_list("item", "quantity")) == [(medal.pk, 300), (pen.pk, 500)]


def test_act_with_no_lines_is_refused(organiser_client, warehouse):
    response = organiser_client.post(reverse("inventory:act_create"), _act_post(warehouse, []))

    assert response.status_code == 200
    assert "Актіде кемінде бір жол болуы керек." in str(response.context["form"].non_field_errors())
    assert TransferAct.objects.count() == 0


def test_act_line_with_zero_quantity_or_unknown_item_is_refused(organiser_client, warehouse):
    response = organiser_client.post(
        reverse("inventory:act_create"), _act_post(warehouse, [(ItemTypeFactory().pk, 0), (999999, 1)])
    )

    assert response.status_code == 200
    errors = response.context["lines"].errors
    assert "quantity" in errors[0] and "item" in errors[1]
    assert TransferAct.objects.count() == 0


def shown_fingerprint(page) -> str:
    """The fingerprint of the draft the act's page showed, which its sign form sends."""
    return re.search(r'name="fingerprint" value="([0-9a-f]{64})"', page.content.decode()).group(1)


def test_organiser_signs_an_act_on_the_page(organiser_client, warehouse, storekeeper):
    act = make_draft(warehouse, storekeeper)
    page = organiser_client.get(reverse("inventory:act_detail", args=[act.pk]))
    assert b"signature_pad.umd.min.js" in page.content

    response = organiser_client.post(
        reverse("inventory:act_sign", args=[act.pk]),
        {
            "giver_signature": data_url(signature_png()),
            "receiver_signature": data_url(signature_png()),
            "fingerprint": shown_fingerprint(page),
        },
    )

    act.refresh_from_db()
    assert response.status_code == 302
    assert (act.status, act.number) == (ActStatus.SIGNED, 1)
    signature = organiser_client.get(reverse("inventory:act_signature", args=[act.pk, "giver"]))
    assert (signature["Content-Type"], b"".join(signature)) == ("image/png", signature_png())


@pytest.mark.parametrize("giver", ["", "data:image/png;base64,bm90IGFuIGltYWdl", "data:text/plain;base64,aGk="])
def test_signing_with_a_signature_that_is_not_an_image_keeps_the_draft(organiser_client, warehouse, storekeeper, giver):
    act = make_draft(warehouse, storekeeper)
    page = organiser_client.get(reverse("inventory:act_detail", args=[act.pk]))

    response = organiser_client.post(
        reverse("inventory:act_sign", args=[act.pk]),
        {
            "giver_signature": giver,
            "receiver_signature": data_url(signature_png()),
            "fingerprint": shown_fingerprint(page),
        },
        follow=True,
    )

    act.refresh_from_db()
    assert act.status == ActStatus.DRAFT
    assert [m.level_tag for m in response.context["messages"]] == ["error"]
    assert Movement.objects.count() == 0


def test_act_pdf_downloads(grantor_client, warehouse, storekeeper):
    act = make_draft(warehouse, storekeeper)

    response = grantor_client.get(reverse("inventory:act_pdf", args=[act.pk]) + "?lang=ru")

    assert response["Content-Type"] == "application/pdf"
    assert response.getvalue().startswith(b"%PDF-")


def test_act_list_filters_by_status_and_year(grantor_client, warehouse, storekeeper):
    draft = make_draft(warehouse, storekeeper)
    signed = services.sign_act(
        act=make_draft(warehouse, storekeeper),
        giver_signature=signature_png(),
        receiver_signature=signature_png(),
        by=storekeeper,
    )

    signed_only = grantor_client.get(reverse("inventory:acts") + "?status=signed&year=2026")
    other_year = grantor_client.get(reverse("inventory:acts") + "?year=2025")

    assert [a.pk for a in signed_only.context["page"]] == [signed.pk]
    assert list(other_year.context["page"]) == []
    assert draft.pk not in [a.pk for a in signed_only.context["page"]]


# --- Kits and the report ----------------------------------------------------------------------------


def test_organiser_sets_a_kit(organiser_client, conference):
    medal, portfolio, pen = conference["items"]

    response = organiser_client.post(
        reverse("inventory:kits", args=["conference-2026"]),
        {"role": "participant", f"item_{medal.pk}": 1, f"item_{portfolio.pk}": 0, f"item_{pen.pk}": 2},
    )

    assert response.status_code == 302
    assert list(conference["kit"].items.order_by("pk").values_list("item", "quantity")) == [(medal.pk, 1), (pen.pk, 2)]


def test_kit_index_lists_an_event_marked_finished_early_as_past(organiser_client):
    now = timezone.now()
    EventFactory(slug="coming", start_at=now + timedelta(days=2))
    early = EventFactory(slug="finished-early", start_at=now - timedelta(hours=1), end_at=now + timedelta(hours=3))
    event_services.finish_event(event=early)
    EventFactory(slug="ended", start_at=now - timedelta(days=2))
    EventFactory(slug="called-off", start_at=now + timedelta(days=1), status=EventStatus.CANCELLED)

    response = organiser_client.get(reverse("inventory:kit_index"))

    assert [e.slug for e in response.context["upcoming"]] == ["coming"]
    assert [e.slug for e in response.context["past"]] == ["finished-early", "ended"]


def test_grantor_cannot_set_a_kit(grantor_client, conference):
    response = grantor_client.post(reverse("inventory:kits", args=["conference-2026"]), {"role": "participant"})

    assert response.status_code == 403
    assert conference["kit"].items.count() == 3


def test_report_xlsx_has_a_row_per_item(grantor_client, conference, storekeeper):
    stock_desk(conference, units=4, by=storekeeper)

    response = grantor_client.get(reverse("inventory:report_xlsx"))

    sheet = load_workbook(io.BytesIO(response.getvalue())).active
    rows = sorted(list(sheet.iter_rows(min_row=2, values_only=True)))
    assert rows == sorted([(name, 4, 0, 0, 0, 0, 0, 4, 4, 0) for name in ("Медаль", "Портфолио", "Қалам")])
