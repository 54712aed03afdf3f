"""Races on real PostgreSQL row locks: run in CI (DATABASE_URL); SQLite serialises writers anyway."""

from datetime import date

import pytest

from core.errors import DomainError
from inventory import selectors, services
from inventory.models import ActKind, Movement, MovementKind, StockBalance
from tests.support import make_user, run_parallel

from .conftest import checked_in, stock_desk
from .factories import (
    DeskFactory,
    ItemTypeFactory,
    KitFactory,
    KitItemFactory,
    PersonHolderFactory,
    WarehouseFactory,
    signature_png,
)

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres]


def _conference():
    desk = DeskFactory()
    kit = KitFactory(event=desk.event)
    items = [ItemTypeFactory() for _ in range(3)]
    for item in items:
        KitItemFactory(kit=kit, item=item)
    return {"event": desk.event, "desk": desk, "items": items}


def _attempt(registration, event, by):
    try:
        return services.hand_out_kit(registration=registration, event=event, by=by).result
    except DomainError as error:
        return error.code


def test_ten_parallel_handouts_of_three_remaining_kits_give_exactly_three():
    storekeeper = make_user("storekeeper", "organiser")
    conference = _conference()
    stock_desk(conference, units=3, by=storekeeper)
    doors = [make_user(f"door{i}", "volunteer") for i in range(10)]
    people = [checked_in(conference["event"], doors[i]) for i in range(10)]

    results = run_parallel(10, lambda i: _attempt(people[i], conference["event"], doors[i]))

    assert sorted(results) == ["given"] * 3 + ["out_of_stock"] * 7
    assert list(StockBalance.objects.filter(holder=conference["desk"]).values_list("quantity", flat=True)) == [0] * 3
    assert Movement.objects.filter(kind=MovementKind.HANDOUT).count() == 9
    assert Movement.objects.filter(kind=MovementKind.HANDOUT).values("registration").distinct().count() == 3


def test_one_attendee_scanned_on_several_devices_gets_one_kit():
    storekeeper = make_user("storekeeper", "organiser")
    conference = _conference()
    stock_desk(conference, units=10, by=storekeeper)
    doors = [make_user(f"door{i}", "volunteer") for i in range(6)]
    person = checked_in(conference["event"], doors[0])

    results = run_parallel(6, lambda i: _attempt(person, conference["event"], doors[i]))

    assert sorted(results) == ["already_given"] * 5 + ["given"]
    assert Movement.objects.filter(registration=person).count() == 3
    assert [selectors.stock_balance(item=item, holder=conference["desk"]) for item in conference["items"]] == [9] * 3


def test_parallel_transfers_never_overdraw_the_warehouse():
    storekeeper = make_user("storekeeper", "organiser")
    warehouse, item = WarehouseFactory(), ItemTypeFactory()
    services.receive_stock(item=item, to_holder=warehouse, quantity=50, supplier="ЖШС", by=storekeeper)
    people = [PersonHolderFactory() for _ in range(8)]

    def move(i):
        try:
            services.transfer_stock(item=item, from_holder=warehouse, to_holder=people[i], quantity=10, by=storekeeper)
            return "moved"
        except DomainError as error:
            return error.code

    results = run_parallel(8, move)

    assert sorted(results) == ["moved"] * 5 + ["out_of_stock"] * 3
    assert selectors.stock_balance(item=item, holder=warehouse) == 0
    assert sum(selectors.stock_balance(item=item, holder=p) for p in people) == 50


def test_parallel_transfers_in_opposite_directions_do_not_deadlock():
    storekeeper = make_user("storekeeper", "organiser")
    a, b = WarehouseFactory(), PersonHolderFactory()
    medal, pen = ItemTypeFactory(), ItemTypeFactory()
    for holder in (a, b):
        for item in (medal, pen):
            services.receive_stock(item=item, to_holder=holder, quantity=100, supplier="ЖШС", by=storekeeper)

    def move(i):
        source, target = (a, b) if i % 2 else (b, a)
        return services.transfer_stock(
            item=medal if i % 3 else pen, from_holder=source, to_holder=target, quantity=1, by=storekeeper
        ).pk

    run_parallel(12, move)

    assert sum(b.quantity for b in StockBalance.objects.all()) == 400


def test_parallel_signing_of_drafts_gives_distinct_numbers():
    storekeeper = make_user("storekeeper", "organiser")
    warehouse, item = WarehouseFactory(), ItemTypeFactory()
    drafts = [
        services.create_act(
            kind=ActKind.RECEIPT,
            act_date=date(2026, 3, 12),
            from_holder=None,
            to_holder=warehouse,
            giver=services.Party("Жеткізуші"),
            receiver=services.Party("Қоймашы"),
            basis="",
            lines=[(item, 10)],
            by=storekeeper,
        )
        for _ in range(6)
    ]

    numbers = run_parallel(
        6,
        lambda i: (
            services.sign_act(
                act=drafts[i], giver_signature=signature_png(), receiver_signature=signature_png(), by=storekeeper
            ).number
        ),
    )

    assert sorted(numbers) == [1, 2, 3, 4, 5, 6]
    assert selectors.stock_balance(item=item, holder=warehouse) == 60


def test_signing_one_act_twice_in_parallel_posts_once():
    storekeeper = make_user("storekeeper", "organiser")
    warehouse, item = WarehouseFactory(), ItemTypeFactory()
    act = services.create_act(
        kind=ActKind.RECEIPT,
        act_date=date(2026, 3, 12),
        from_holder=None,
        to_holder=warehouse,
        giver=services.Party("Жеткізуші"),
        receiver=services.Party("Қоймашы"),
        basis="",
        lines=[(item, 10)],
        by=storekeeper,
    )

    def attempt(i):
        try:
            return services.sign_act(
                act=act, giver_signature=signature_png(), receiver_signature=signature_png(), by=storekeeper
            ).number
        except DomainError as error:
            return error.code

    results = run_parallel(4, attempt)

    assert sorted(results, key=str) == [1] + ["already_signed"] * 3
    assert selectors.stock_balance(item=item, holder=warehouse) == 10
