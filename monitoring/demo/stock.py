"""The demo's giveaways: the grant's items received into the warehouse, the acceptance–transfer
acts signed with the grantor (one of them undone by a counter-act and signed again), the
conference's desk and kits, the kits handed out at the door and a few brought back."""

import io

from PIL import Image, ImageDraw

from inventory import services as inventory
from inventory.models import ActKind, Holder, HolderKind, ItemType

from ..models import ActFiling, GrantItem, Indicator

ITEMS = [
    ("medal", "Логотипі бар медаль", "Медаль с логотипом", "Medal with the logo", 330),
    ("portfolio", "Портфель (логотипімен)", "Портфель с логотипом", "Portfolio with the logo", 320),
    ("flash_drive", "Флэш-диск 16 GB", "Флеш-накопитель 16 ГБ", "Flash drive 16 GB", 320),
    ("notebook", "Блокнот А5", "Блокнот А5", "Notebook A5", 330),
    ("letters", "Әріптер", "«Әріптер»", "«Әріптер» (letters)", 310),
]
KITS_AT_THE_DOOR = 60
GRANTEE = inventory.Party("Ерлан Сейітов", "Директор", "«Басқары» қоғамдық қоры")
GRANTOR = inventory.Party("Гүлмира Әбілова", "Мониторинг маманы", "«Азаматтық бастамаларды қолдау орталығы» КЕАҚ")


def signature() -> bytes:
    image = Image.new("RGBA", (400, 150), (0, 0, 0, 0))
    ImageDraw.Draw(image).line(
        [(20, 100), (120, 30), (200, 110), (300, 40), (380, 90)], fill=(11, 31, 77, 255), width=4
    )
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def _sign(act, by):
    return inventory.sign_act(act=act, giver_signature=signature(), receiver_signature=signature(), by=by)


def _act(lines, *, day, warehouse, desk, by):
    act = inventory.create_act(
        kind=ActKind.TRANSFER,
        act_date=day,
        from_holder=warehouse,
        to_holder=desk,
        giver=GRANTEE,
        receiver=GRANTOR,
        basis="Грант шарты № 83, 28.05.2024",
        lines=lines,
        by=by,
    )
    return _sign(act, by)


def giveaways(plan, conference, participants, *, by) -> str:
    """Receive, sign, file, hand out. Returns a line for the demo's output."""
    types = {}
    warehouse = Holder.objects.create(kind=HolderKind.WAREHOUSE, name="Қор қоймасы")
    desk = Holder.objects.create(kind=HolderKind.DESK, name="Конференция: тарату үстелі", event=conference)
    for code, kk, ru, en, quantity in ITEMS:
        item = ItemType.objects.get_or_create(name_kk=kk, defaults={"name_ru": ru, "name_en": en})[0]
        inventory.receive_stock(
            item=item, to_holder=warehouse, quantity=quantity, supplier="ЖШС «Полиграф Шымкент»", by=by
        )
        types[code] = item
    for grant_item in GrantItem.objects.filter(indicator__plan=plan):
        if grant_item.code in types:
            grant_item.item_types.set([types[grant_item.code]])
    day = conference.start_at.date()
    medals = _act([(types["medal"], 320)], day=day, warehouse=warehouse, desk=desk, by=by)
    # The first act for the handouts had the notebooks short: undone by a counter-act, signed again.
    wrong = _act([(types["notebook"], 200)], day=day, warehouse=warehouse, desk=desk, by=by)
    _sign(inventory.counter_act(act=wrong, act_date=day, by=by), by)
    handouts = _act(
        [(types["portfolio"], 310), (types["flash_drive"], 305), (types["notebook"], 320), (types["letters"], 300)],
        day=day,
        warehouse=warehouse,
        desk=desk,
        by=by,
    )
    indicators = {i.code: i for i in Indicator.objects.filter(plan=plan, code__in=["2.1.d", "3.1.b"])}
    ActFiling.objects.bulk_create(
        [
            ActFiling(indicator=indicators["2.1.d"], act=medals, filed_by=by),
            ActFiling(indicator=indicators["3.1.b"], act=wrong, filed_by=by),
            ActFiling(indicator=indicators["3.1.b"], act=handouts, filed_by=by),
        ]
    )
    inventory.set_kit(event=conference, role="participant", quantities={item: 1 for item in types.values()})
    kits = participants[:KITS_AT_THE_DOOR]
    for registration in kits:
        inventory.hand_out_kit(registration=registration, event=conference, by=by)
    # The rest were given to the school and university delegations by their leaders, on one act.
    group = min(len(participants) - len(kits), 230)
    act = inventory.create_act(
        kind=ActKind.HANDOUT,
        act_date=day,
        from_holder=desk,
        to_holder=None,
        giver=GRANTEE,
        receiver=inventory.Party("Делегация жетекшілері", "", "Шымкент мектептері мен ЖОО-лары"),
        basis="Конференцияға қатысушылардың тізімі",
        lines=[(item, group) for item in types.values()],
        by=by,
    )
    _sign(act, by)
    inventory.return_stock(
        item=types["portfolio"], to_holder=desk, quantity=3, reason="Артық алынған портфельдер", by=by
    )
    given = len(kits) + group
    return (
        f"Giveaways: 3 signed acts with the grantor (one undone by a counter-act), {given} kits handed out "
        f"({len(kits)} at the door, {group} on a handout act)."
    )
