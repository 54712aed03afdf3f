from datetime import timedelta

import pytest
from django.utils import timezone

from monitoring.services import load_grant_plan
from tests.factories import EventFactory


@pytest.fixture
def plan(db):
    return load_grant_plan().plan


def past_event(**extra):
    """An event that took place yesterday (a held event)."""
    start = timezone.now() - timedelta(days=1)
    return EventFactory(start_at=start, end_at=start + timedelta(hours=2), **extra)
