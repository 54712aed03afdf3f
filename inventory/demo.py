"""The demo's inventory beyond the conference (whose giveaways the monitoring step records): the
supplier's second delivery received on a signed act, a handout desk at today's session filled
on a signed act, kits per role at the conference and today, a few kits already handed out at
today's door, notebooks a volunteer took to a school, a damaged flash drive written off, and a
draft act that has not been signed yet. Item types get a drawn photo of their design.

A step of `events.demo.load_demo` (registered in InventoryConfig.ready with a late order, so
that it finds the warehouse and the conference desk the monitoring step made). It runs once:
when today's session already has a desk it changes nothing.
"""

import io
import math
import random

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image, ImageDraw

from events.demo import today_event
from events.models import Event
from registration.models import Registration, Role

from . import services
from .models import ActKind, Holder, HolderKind, ItemType

# The grant's items by their Kazakh names (the monitoring step's receipt uses the same ones).
ITEMS = {
    "medal": ("Логотипі бар медаль", "Медаль с логотипом", "Medal with the logo", (241, 194, 50)),
    "portfolio": ("Портфель (логотипімен)", "Портфель с логотипом", "Portfolio with the logo", (11, 83, 148)),
    "flash_drive": ("Флэш-диск 16 GB", "Флеш-накопитель 16 ГБ", "Flash drive 16 GB", (95, 99, 104)),
    "notebook": ("Блокнот А5", "Блокнот А5", "Notebook A5", (52, 168, 83)),
}
SECOND_DELIVERY = {"medal": 120, "portfolio": 100, "flash_drive": 150, "notebook": 200}
TODAY_DESK = {"portfolio": 10, "flash_drive": 50, "notebook": 60}
SUPPLIER = services.Party("Бауыржан Әлімов", "Директор", "ЖШС «Полиграф Шымкент»")
DIRECTOR = services.Party("Ерлан Сейітов", "Директор", "«Басқары» қоғамдық қоры")
DESK_VOLUNTEER = services.Party("Айдана Жолдасова", "Ерікті", "«Басқары» қоғамдық қоры")
KITS_GIVEN_TODAY = 4


def signature(seed: int) -> bytes:
    """A signature drawn with Pillow: a cursive line of loops (a prolate trochoid) with an
    underline flourish, its shape varied per signer by `seed`."""
    rng = random.Random(seed)
    image = Image.new("RGBA", (420, 150), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    step, loop = rng.uniform(5.5, 7.5), rng.uniform(16, 24)
    points = []
    for n in range(160):
        angle = n * 0.22
        tilt = 8 * math.sin(angle / 5 + seed)
        points.append((30 + step * angle - loop * math.sin(angle), 70 + tilt - loop * math.cos(angle) * 0.9))
    ink = (11, 31, 77, 255)
    draw.line(points, fill=ink, width=3, joint="curve")
    end = points[-1][0]
    draw.line([(40, 112), (end * 0.6, 118), (end + 15, 104)], fill=ink, width=3, joint="curve")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def item_photo(colour: tuple[int, int, int], label: str) -> ContentFile:
    """A picture of the agreed design: the BasQaru mark on the item's colour (Latin label only:
    Pillow's default font has no Kazakh letters)."""
    image = Image.new("RGB", (480, 360), (248, 249, 250))
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle([90, 50, 390, 290], radius=28, fill=colour)
    draw.ellipse([200, 110, 280, 190], fill=(255, 255, 255))
    draw.text((190, 215), "BasQaru", fill=(255, 255, 255))
    draw.text((20, 325), label, fill=(60, 64, 67))
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=85)
    return ContentFile(buffer.getvalue(), name=f"{label.lower().replace(' ', '-')}.jpg")


def _items() -> dict[str, ItemType]:
    items = {}
    for code, (kk, ru, en, colour) in ITEMS.items():
        item = ItemType.objects.get_or_create(name_kk=kk, defaults={"name_ru": ru, "name_en": en})[0]
        if not item.photo:
            item.photo = item_photo(colour, en)
            item.save(update_fields=["photo"])
        items[code] = item
    return items


def _signed(kind, lines, *, from_holder, to_holder, giver, receiver, basis, by, seeds):
    act = services.create_act(
        kind=kind,
        act_date=timezone.localdate(),
        from_holder=from_holder,
        to_holder=to_holder,
        giver=giver,
        receiver=receiver,
        basis=basis,
        lines=lines,
        by=by,
    )
    return services.sign_act(
        act=act, giver_signature=signature(seeds[0]), receiver_signature=signature(seeds[1]), by=by
    )


def _kits(event: Event, items: dict[str, ItemType], kits: dict[str, dict[str, int]]) -> None:
    for role, quantities in kits.items():
        if not event.kits.filter(role=role).exists():
            services.set_kit(event=event, role=role, quantities={items[code]: n for code, n in quantities.items()})


def _hand_out_today(event: Event, by) -> int:
    """Kits for the first participants checked in at today's door."""
    came = Registration.objects.filter(event=event, role=Role.PARTICIPANT).attended().order_by("pk")[:KITS_GIVEN_TODAY]
    for registration in came:
        services.hand_out_kit(registration=registration, event=event, by=by)
    return len(came)


def load_demo_inventory() -> str:
    event = today_event()
    if event is None or Holder.objects.filter(kind=HolderKind.DESK, event=event).exists():
        return ""
    users = get_user_model().objects
    organiser, volunteer = users.get(username="organiser"), users.get(username="volunteer")
    items = _items()
    warehouse = Holder.objects.filter(kind=HolderKind.WAREHOUSE).order_by("pk").first()
    if warehouse is None:
        warehouse = Holder.objects.create(kind=HolderKind.WAREHOUSE, name="Қор қоймасы")
    receipt = _signed(
        ActKind.RECEIPT,
        [(items[code], n) for code, n in SECOND_DELIVERY.items()],
        from_holder=None,
        to_holder=warehouse,
        giver=SUPPLIER,
        receiver=DIRECTOR,
        basis="Жеткізу шарты № 14, 2-ші партия",
        by=organiser,
        seeds=(1, 2),
    )
    desk = Holder.objects.create(kind=HolderKind.DESK, name=f"{event.title_kk[:120]}: тарату үстелі", event=event)
    _signed(
        ActKind.TRANSFER,
        [(items[code], n) for code, n in TODAY_DESK.items()],
        from_holder=warehouse,
        to_holder=desk,
        giver=DIRECTOR,
        receiver=DESK_VOLUNTEER,
        basis="Жастар сессиясына тарату",
        by=organiser,
        seeds=(2, 3),
    )
    _kits(
        event,
        items,
        {
            Role.PARTICIPANT: {"notebook": 1, "flash_drive": 1},
            Role.SPEAKER: {"portfolio": 1, "notebook": 1},
            Role.VOLUNTEER: {"notebook": 1},
        },
    )
    conference = Event.objects.filter(slug="conference-2026").first()
    if conference is not None:
        _kits(
            conference,
            items,
            {
                Role.SPEAKER: {"portfolio": 1, "medal": 1, "flash_drive": 1, "notebook": 1},
                Role.VOLUNTEER: {"notebook": 1, "medal": 1},
                Role.PRESS: {"notebook": 1, "flash_drive": 1},
            },
        )
    given = _hand_out_today(event, volunteer)
    person = Holder.objects.create(
        kind=HolderKind.PERSON, name="Айдана Жолдасова", position="Ерікті", organisation="«Басқары» қоғамдық қоры"
    )
    services.transfer_stock(item=items["notebook"], from_holder=warehouse, to_holder=person, quantity=20, by=organiser)
    broken = "Зақымдалған (жұмыс істемейді)"
    services.write_off(item=items["flash_drive"], from_holder=warehouse, quantity=1, reason=broken, by=organiser)
    conference_desk = Holder.objects.filter(kind=HolderKind.DESK, event=conference).first() if conference else None
    if conference_desk is not None:
        services.create_act(
            kind=ActKind.TRANSFER,
            act_date=timezone.localdate(),
            from_holder=conference_desk,
            to_holder=warehouse,
            giver=DESK_VOLUNTEER,
            receiver=DIRECTOR,
            basis="Конференциядан қалған портфельдер",
            lines=[(items["portfolio"], 3)],
            by=organiser,
        )
    return (
        f"Demo inventory: the supplier's second delivery on signed act № {receipt.number}, a desk at today's session "
        f"with kits for 3 roles ({given} handed out), kits per role at the conference, a draft act."
    )
