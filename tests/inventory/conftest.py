import pytest

from inventory import services
from registration.models import CheckIn
from tests.conftest import make_user
from tests.factories import EventFactory, RegistrationFactory

from .factories import DeskFactory, ItemTypeFactory, KitFactory, KitItemFactory, WarehouseFactory


@pytest.fixture
def storekeeper(db):
    return make_user("storekeeper", "organiser", first_name="Айгүл", last_name="Сейітова")


@pytest.fixture
def warehouse(db):
    return WarehouseFactory(name="Орталық қойма")


@pytest.fixture
def conference(db):
    """An event with a desk and a participant kit of medal, portfolio and pen (1 each)."""
    event = EventFactory(slug="conference-2026")
    desk = DeskFactory(event=event, name="Конференция үстелі")
    items = [ItemTypeFactory(name_kk=name) for name in ("Медаль", "Портфолио", "Қалам")]
    kit = KitFactory(event=event, role="participant")
    for item in items:
        KitItemFactory(kit=kit, item=item)
    return {"event": event, "desk": desk, "items": items, "kit": kit}


def stock_desk(conference, *, units: int, by):
    """Receive `units` of each kit item straight into the conference's desk."""
    for item in conference["items"]:
        services.receive_stock(item=item, to_holder=conference["desk"], quantity=units, supplier="ЖШС Полиграф", by=by)


def checked_in(event, by, **extra):
    registration = RegistrationFactory(event=event, **extra)
    CheckIn.objects.create(registration=registration, checked_in_by=by)
    return registration
