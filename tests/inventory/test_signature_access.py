"""Handwritten signatures of private persons are for organisers: the grantor reads the act
and its PDF, never the raw signature images."""

from datetime import date

import pytest
from django.urls import reverse

from inventory import services
from inventory.models import ActKind

from .factories import ItemTypeFactory, signature_png

pytestmark = pytest.mark.django_db


def signed_act(warehouse, by):
    act = services.create_act(
        kind=ActKind.RECEIPT,
        act_date=date(2026, 3, 12),
        from_holder=None,
        to_holder=warehouse,
        giver=services.Party("Мұрат Тоқтаров", "Директор", "«Полиграф» ЖШС"),
        receiver=services.Party("Айгүл Сейітова", "Үйлестіруші", "«Басқары» қоры"),
        basis="№ 15 шарт",
        lines=[(ItemTypeFactory(), 10)],
        by=by,
    )
    return services.sign_act(act=act, giver_signature=signature_png(), receiver_signature=signature_png(), by=by)


@pytest.mark.parametrize("party", ["giver", "receiver"])
def test_grantor_cannot_download_a_signature(grantor_client, warehouse, storekeeper, party):
    act = signed_act(warehouse, storekeeper)

    response = grantor_client.get(reverse("inventory:act_signature", args=[act.pk, party]))

    assert response.status_code == 403


def test_grantor_sees_the_act_without_signature_images(grantor_client, warehouse, storekeeper):
    act = signed_act(warehouse, storekeeper)

    page = grantor_client.get(reverse("inventory:act_detail", args=[act.pk]))

    assert page.status_code == 200
    assert "Мұрат Тоқтаров" in page.content.decode()
    assert reverse("inventory:act_signature", args=[act.pk, "giver"]) not in page.content.decode()
    assert reverse("inventory:act_signature", args=[act.pk, "receiver"]) not in page.content.decode()


def test_grantor_still_reads_the_act_pdf(grantor_client, warehouse, storekeeper):
    act = signed_act(warehouse, storekeeper)

    response = grantor_client.get(reverse("inventory:act_pdf", args=[act.pk]))

    assert (response.status_code, response["Content-Type"]) == (200, "application/pdf")
    assert response["Cache-Control"] == "private, no-store"


def test_organiser_sees_and_downloads_signatures_uncached(organiser_client, warehouse, storekeeper):
    act = signed_act(warehouse, storekeeper)

    page = organiser_client.get(reverse("inventory:act_detail", args=[act.pk]))
    image = organiser_client.get(reverse("inventory:act_signature", args=[act.pk, "giver"]))

    assert reverse("inventory:act_signature", args=[act.pk, "giver"]) in page.content.decode()
    assert (image.status_code, b"".join(image)) == (200, signature_png())
    assert image["Cache-Control"] == "private, no-store"


def test_volunteer_cannot_download_a_signature(volunteer_client, warehouse, storekeeper):
    act = signed_act(warehouse, storekeeper)

    response = volunteer_client.get(reverse("inventory:act_signature", args=[act.pk, "giver"]))

    assert response.status_code == 403
