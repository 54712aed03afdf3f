"""Factories and small helpers for the inventory tests (kept beside them, one per model)."""

import io

import factory
from PIL import Image, ImageDraw

from inventory.models import Holder, HolderKind, ItemType, Kit, KitItem, Unit
from tests.factories import EventFactory


class ItemTypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ItemType

    name_kk = factory.Sequence(lambda n: f"Медаль {n}")
    name_ru = factory.Sequence(lambda n: f"Медаль {n} (ru)")
    name_en = factory.Sequence(lambda n: f"Medal {n}")
    unit = Unit.PIECE


class WarehouseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Holder

    kind = HolderKind.WAREHOUSE
    name = factory.Sequence(lambda n: f"Қойма {n}")


class DeskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Holder

    kind = HolderKind.DESK
    event = factory.SubFactory(EventFactory)
    name = factory.Sequence(lambda n: f"Тарату үстелі {n}")


class PersonHolderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Holder

    kind = HolderKind.PERSON
    name = factory.Sequence(lambda n: f"Жауапты адам {n}")
    position = "Үйлестіруші"
    organisation = "«Басқары» қоғамдық қоры"


class KitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Kit

    event = factory.SubFactory(EventFactory)
    role = "participant"


class KitItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = KitItem

    kit = factory.SubFactory(KitFactory)
    item = factory.SubFactory(ItemTypeFactory)
    quantity = 1


def signature_png(width: int = 400, height: int = 150) -> bytes:
    """A PNG with a drawn stroke on a transparent background, like signature_pad's output."""
    image = Image.new("RGBA", (width, height), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.line([(20, 100), (120, 30), (200, 110), (300, 40), (380, 90)], fill=(11, 31, 77, 255), width=4)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def blank_png(width: int = 400, height: int = 150) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGBA", (width, height), (0, 0, 0, 0)).save(buffer, format="PNG")
    return buffer.getvalue()


def signature_jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.open(io.BytesIO(signature_png())).convert("RGB").save(buffer, format="JPEG")
    return buffer.getvalue()
