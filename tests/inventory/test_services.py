import pytest
from django.db import IntegrityError, transaction

from core.errors import DomainError
from inventory import selectors, services
from inventory.models import ImmutableError, Movement, MovementKind, StockBalance
from registration.models import RegistrationStatus
from tests.factories import EventFactory, RegistrationFactory

from .conftest import checked_in, stock_desk
from .factories import ItemTypeFactory, KitFactory, PersonHolderFactory

pytestmark = pytest.mark.django_db


def balance(item, holder) -> int:
    return selectors.stock_balance(item=item, holder=holder)


# --- Receipts, transfers, returns, write-offs -------------------------------------------------


def test_receive_stock_records_movement_and_balance(warehouse, storekeeper):
    item = ItemTypeFactory()

    movement = services.receive_stock(
        item=item, to_holder=warehouse, quantity=300, supplier="ЖШС Полиграф", note="Шот-фактура 17", by=storekeeper
    )

    assert (
        movement.kind,
        movement.quantity,
        movement.from_holder,
        movement.to_holder,
        movement.supplier,
        movement.reason,
        movement.created_by,
    ) == (MovementKind.RECEIPT, 300, None, warehouse, "ЖШС Полиграф", "Шот-фактура 17", storekeeper)
    assert balance(item, warehouse) == 300


@pytest.mark.parametrize("quantity", [0, -5, 2.5, True])
def test_receive_stock_refuses_bad_quantity(warehouse, storekeeper, quantity):
    item = ItemTypeFactory()

    with pytest.raises(DomainError) as error:
        services.receive_stock(item=item, to_holder=warehouse, quantity=quantity, supplier="ЖШС", by=storekeeper)

    assert error.value.code == "bad_quantity"
    assert Movement.objects.count() == 0
    assert StockBalance.objects.count() == 0


def test_receive_stock_needs_a_supplier(warehouse, storekeeper):
    with pytest.raises(DomainError) as error:
        services.receive_stock(item=ItemTypeFactory(), to_holder=warehouse, quantity=1, supplier="  ", by=storekeeper)

    assert error.value.code == "supplier_required"
    assert Movement.objects.count() == 0


def test_transfer_stock_moves_units(warehouse, storekeeper):
    item, person = ItemTypeFactory(), PersonHolderFactory()
    services.receive_stock(item=item, to_holder=warehouse, quantity=300, supplier="ЖШС", by=storekeeper)

    services.transfer_stock(item=item, from_holder=warehouse, to_holder=person, quantity=120, by=storekeeper)

    assert (balance(item, warehouse), balance(item, person)) == (180, 120)


def test_transfer_more_than_on_hand_records_nothing(warehouse, storekeeper):
    item, person = ItemTypeFactory(name_kk="Флешка"), PersonHolderFactory()
    services.receive_stock(item=item, to_holder=warehouse, quantity=10, supplier="ЖШС", by=storekeeper)

    with pytest.raises(DomainError) as error:
        services.transfer_stock(item=item, from_holder=warehouse, to_holder=person, quantity=11, by=storekeeper)

    assert error.value.code == "out_of_stock"
    assert error.value.extra == {
        "item": "Флешка",
        "item_id": item.pk,
        "holder": warehouse.name,
        "available": 10,
        "needed": 11,
    }
    assert (balance(item, warehouse), balance(item, person)) == (10, 0)
    assert Movement.objects.filter(kind=MovementKind.TRANSFER).count() == 0


def test_transfer_from_a_holder_that_never_had_the_item_is_out_of_stock(warehouse, storekeeper):
    with pytest.raises(DomainError) as error:
        services.transfer_stock(
            item=ItemTypeFactory(), from_holder=warehouse, to_holder=PersonHolderFactory(), quantity=1, by=storekeeper
        )

    assert error.value.code == "out_of_stock"
    assert error.value.extra["available"] == 0


def test_transfer_to_the_same_holder_is_refused(warehouse, storekeeper):
    with pytest.raises(DomainError) as error:
        services.transfer_stock(
            item=ItemTypeFactory(), from_holder=warehouse, to_holder=warehouse, quantity=1, by=storekeeper
        )

    assert error.value.code == "same_holder"


def test_write_off_needs_a_reason(warehouse, storekeeper):
    item = ItemTypeFactory()
    services.receive_stock(item=item, to_holder=warehouse, quantity=5, supplier="ЖШС", by=storekeeper)

    with pytest.raises(DomainError) as error:
        services.write_off(item=item, from_holder=warehouse, quantity=1, reason=" ", by=storekeeper)

    assert error.value.code == "reason_required"
    assert balance(item, warehouse) == 5


def test_write_off_reduces_stock_with_its_reason(warehouse, storekeeper):
    item = ItemTypeFactory()
    services.receive_stock(item=item, to_holder=warehouse, quantity=5, supplier="ЖШС", by=storekeeper)

    movement = services.write_off(item=item, from_holder=warehouse, quantity=2, reason="Сынған", by=storekeeper)

    assert (movement.kind, movement.reason, movement.to_holder) == (MovementKind.WRITEOFF, "Сынған", None)
    assert balance(item, warehouse) == 3


def test_write_off_more_than_on_hand_is_refused(warehouse, storekeeper):
    item = ItemTypeFactory()
    services.receive_stock(item=item, to_holder=warehouse, quantity=2, supplier="ЖШС", by=storekeeper)

    with pytest.raises(DomainError) as error:
        services.write_off(item=item, from_holder=warehouse, quantity=3, reason="Жоғалды", by=storekeeper)

    assert error.value.code == "out_of_stock"
    assert balance(item, warehouse) == 2


def test_return_stock_adds_units_and_needs_a_reason(warehouse, storekeeper):
    item = ItemTypeFactory()

    with pytest.raises(DomainError) as error:
        services.return_stock(item=item, to_holder=warehouse, quantity=4, reason="", by=storekeeper)
    services.return_stock(item=item, to_holder=warehouse, quantity=4, reason="№12 мектеп қайтарды", by=storekeeper)

    assert error.value.code == "reason_required"
    assert balance(item, warehouse) == 4


# --- The ledger cannot be changed, and the database backs the rules --------------------------------


def test_movement_cannot_be_changed_or_deleted(warehouse, storekeeper):
    movement = services.receive_stock(
        item=ItemTypeFactory(), to_holder=warehouse, quantity=3, supplier="ЖШС", by=storekeeper
    )

    movement.quantity = 30
    with pytest.raises(ImmutableError):
        movement.save()
    with pytest.raises(ImmutableError):
        movement.delete()

    assert Movement.objects.get().quantity == 3


def test_database_refuses_negative_balance(warehouse, storekeeper):
    item = ItemTypeFactory()
    services.receive_stock(item=item, to_holder=warehouse, quantity=1, supplier="ЖШС", by=storekeeper)

    with pytest.raises(IntegrityError), transaction.atomic():
        StockBalance.objects.filter(item=item, holder=warehouse).update(quantity=-1)


@pytest.mark.parametrize(
    "fields",
    [
        {"kind": "receipt", "quantity": 0},
        {"kind": "writeoff", "quantity": 1},
        {"kind": "transfer", "quantity": 1},
    ],
)
def test_database_refuses_malformed_movements(warehouse, storekeeper, fields):
    item = ItemTypeFactory()
    values = {"kind": fields["kind"], "item": item, "quantity": fields["quantity"], "created_by": storekeeper}
    if fields["kind"] == "receipt":
        values["to_holder"] = warehouse  # zero quantity
    elif fields["kind"] == "writeoff":
        values["from_holder"] = warehouse  # no reason
    else:
        values["from_holder"] = values["to_holder"] = warehouse  # a transfer to itself

    with pytest.raises(IntegrityError), transaction.atomic():
        Movement.objects.create(**values)


# --- Kits at the door ---------------------------------------------------------------------------


def test_hand_out_kit_gives_each_item_once_from_the_desk(conference, storekeeper, volunteer):
    stock_desk(conference, units=5, by=storekeeper)
    registration = checked_in(conference["event"], volunteer)

    outcome = services.hand_out_kit(registration=registration, event=conference["event"], by=volunteer)

    assert outcome.result == "given"
    assert outcome.items == [("Медаль", 1), ("Портфолио", 1), ("Қалам", 1)]
    assert outcome.given_by == "volunteer1"
    assert [balance(item, conference["desk"]) for item in conference["items"]] == [4, 4, 4]
    assert (
        list(Movement.objects.filter(registration=registration).values_list("kind", "quantity", "from_holder"))
        == [(MovementKind.HANDOUT, 1, conference["desk"].pk)] * 3
    )


def test_hand_out_kit_twice_reports_the_first_handout(conference, storekeeper, volunteer):
    stock_desk(conference, units=5, by=storekeeper)
    registration = checked_in(conference["event"], volunteer)
    first = services.hand_out_kit(registration=registration, event=conference["event"], by=volunteer)

    second = services.hand_out_kit(registration=registration, event=conference["event"], by=storekeeper)

    assert second.result == "already_given"
    assert (second.given_at, second.given_by, second.items) == (first.given_at, "volunteer1", first.items)
    assert Movement.objects.filter(registration=registration).count() == 3
    assert [balance(item, conference["desk"]) for item in conference["items"]] == [4, 4, 4]


def test_hand_out_kit_out_of_one_item_records_nothing(conference, storekeeper, volunteer):
    stock_desk(conference, units=2, by=storekeeper)
    pen = conference["items"][2]
    services.write_off(item=pen, from_holder=conference["desk"], quantity=2, reason="Сынған", by=storekeeper)
    registration = checked_in(conference["event"], volunteer)

    with pytest.raises(DomainError) as error:
        services.hand_out_kit(registration=registration, event=conference["event"], by=volunteer)

    assert error.value.code == "out_of_stock"
    assert (error.value.extra["item"], error.value.extra["available"], error.value.extra["needed"]) == ("Қалам", 0, 1)
    assert Movement.objects.filter(registration=registration).count() == 0
    assert [balance(item, conference["desk"]) for item in conference["items"]] == [2, 2, 0]


def test_hand_out_kit_needs_a_check_in(conference, storekeeper, volunteer):
    stock_desk(conference, units=2, by=storekeeper)
    registration = RegistrationFactory(event=conference["event"])

    with pytest.raises(DomainError) as error:
        services.hand_out_kit(registration=registration, event=conference["event"], by=volunteer)

    assert error.value.code == "not_checked_in"
    assert Movement.objects.filter(registration=registration).count() == 0


def test_hand_out_kit_for_another_event_is_refused(conference, storekeeper, volunteer):
    stock_desk(conference, units=2, by=storekeeper)
    registration = checked_in(EventFactory(), volunteer)

    with pytest.raises(DomainError) as error:
        services.hand_out_kit(registration=registration, event=conference["event"], by=volunteer)

    assert error.value.code == "wrong_event"


def test_hand_out_kit_to_a_cancelled_registration_is_refused(conference, volunteer):
    registration = checked_in(conference["event"], volunteer, status=RegistrationStatus.CANCELLED)

    with pytest.raises(DomainError) as error:
        services.hand_out_kit(registration=registration, event=conference["event"], by=volunteer)

    assert error.value.code == "not_confirmed"


def test_hand_out_kit_without_a_kit_for_the_role(conference, storekeeper, volunteer):
    stock_desk(conference, units=2, by=storekeeper)
    speaker = checked_in(conference["event"], volunteer, role="speaker")

    with pytest.raises(DomainError) as error:
        services.hand_out_kit(registration=speaker, event=conference["event"], by=volunteer)

    assert error.value.code == "no_kit"


def test_hand_out_kit_without_a_desk(volunteer):
    event = EventFactory()
    KitFactory(event=event).items.create(item=ItemTypeFactory(), quantity=1)
    registration = checked_in(event, volunteer)

    with pytest.raises(DomainError) as error:
        services.hand_out_kit(registration=registration, event=event, by=volunteer)

    assert error.value.code == "no_desk"


def test_database_allows_one_kit_handout_per_item(conference, storekeeper, volunteer):
    stock_desk(conference, units=5, by=storekeeper)
    registration = checked_in(conference["event"], volunteer)
    services.hand_out_kit(registration=registration, event=conference["event"], by=volunteer)

    with pytest.raises(IntegrityError), transaction.atomic():
        Movement.objects.create(
            kind=MovementKind.HANDOUT,
            item=conference["items"][0],
            quantity=1,
            from_holder=conference["desk"],
            registration=registration,
            created_by=volunteer,
        )


def test_set_kit_replaces_the_items(conference):
    medal, portfolio, _pen = conference["items"]

    services.set_kit(event=conference["event"], role="participant", quantities={medal: 2, portfolio: 0})

    assert list(conference["kit"].items.values_list("item__name_kk", "quantity")) == [("Медаль", 2)]


def test_set_kit_refuses_a_negative_quantity(conference):
    with pytest.raises(DomainError) as error:
        services.set_kit(event=conference["event"], role="participant", quantities={conference["items"][0]: -1})

    assert error.value.code == "bad_quantity"
    assert conference["kit"].items.count() == 3


# --- Reports ------------------------------------------------------------------------------------


def test_item_report_sums_each_kind_and_flags_no_difference(conference, warehouse, storekeeper, volunteer):
    medal = conference["items"][0]
    services.receive_stock(item=medal, to_holder=warehouse, quantity=300, supplier="ЖШС", by=storekeeper)
    services.transfer_stock(
        item=medal, from_holder=warehouse, to_holder=conference["desk"], quantity=100, by=storekeeper
    )
    services.write_off(item=medal, from_holder=warehouse, quantity=3, reason="Ақау", by=storekeeper)
    for other in conference["items"][1:]:
        services.receive_stock(item=other, to_holder=conference["desk"], quantity=5, supplier="ЖШС", by=storekeeper)
    services.hand_out_kit(
        registration=checked_in(conference["event"], volunteer), event=conference["event"], by=volunteer
    )

    row = next(r for r in selectors.item_report() if r.item == medal)

    assert (row.received, row.transferred, row.handed_out, row.written_off, row.on_hand, row.difference) == (
        300,
        100,
        1,
        3,
        296,
        0,
    )
    assert selectors.holder_differences() == []
    event_row = selectors.event_report()[0]
    assert (event_row.checked_in, event_row.kits_given, event_row.without_kit) == (1, 1, 0)
    assert event_row.items[0][1:] == (100, 1, 99)


def test_holder_differences_flags_a_balance_changed_outside_the_ledger(warehouse, storekeeper):
    item = ItemTypeFactory()
    services.receive_stock(item=item, to_holder=warehouse, quantity=10, supplier="ЖШС", by=storekeeper)
    StockBalance.objects.filter(item=item, holder=warehouse).update(quantity=7)

    differences = selectors.holder_differences()

    assert [(d.item, d.holder, d.ledger, d.balance) for d in differences] == [(item, warehouse, 10, 7)]
    assert next(r for r in selectors.item_report() if r.item == item).difference == -3
