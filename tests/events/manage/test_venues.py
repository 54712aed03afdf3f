"""The organiser's venue pages."""

import pytest
from django.urls import reverse

from events.models import Venue

pytestmark = pytest.mark.django_db


def test_organiser_creates_and_edits_venue(org_client):
    org_client.post(
        reverse("manage:venue_create"),
        {"name": "Жастар орталығы", "address": "Тәуке хан 5", "city": "Шымкент", "map_url": "", "notes": ""},
    )
    venue = Venue.objects.get()
    assert (venue.name, venue.address, venue.city) == ("Жастар орталығы", "Тәуке хан 5", "Шымкент")

    response = org_client.post(
        reverse("manage:venue_edit", args=[venue.pk]),
        {"name": "Жастар орталығы", "address": "Тәуке хан 7", "city": "Шымкент", "map_url": "not a url", "notes": ""},
    )
    assert response.context["form"].has_error("map_url", "invalid")
    venue.refresh_from_db()
    assert venue.address == "Тәуке хан 5"
