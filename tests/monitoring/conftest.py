from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from media_log import services as media
from monitoring.readings import Readings
from monitoring.services import load_grant_plan
from registration.services import check_in
from tests.factories import EventFactory, RegistrationFactory


@pytest.fixture
def plan(db):
    """The grant's plan with a period around today (60 days either side), so that events held
    yesterday count."""
    today = timezone.localdate()
    return load_grant_plan(period=(today - timedelta(days=60), today + timedelta(days=60))).plan


@pytest.fixture
def grant_plan(db):
    """The grant's plan with the grant's own period, August–November 2024."""
    return load_grant_plan().plan


def past_event(days_ago: int = 1, **extra):
    """An event that took place `days_ago` days ago (a held event)."""
    start = timezone.now() - timedelta(days=days_ago)
    return EventFactory(start_at=start, end_at=start + timedelta(hours=2), **extra)


def attend(event, staff, **extra):
    """A registration of `event` checked in at the door (the one definition of attended)."""
    registration = RegistrationFactory(event=event, **extra)
    # Scanned ten minutes after the start (or now, for an event still ahead): a held event's door is closed now.
    scanned_at = min(event.start_at + timedelta(minutes=10), timezone.now())
    assert check_in(code=registration.code, event=event, scanned_by=staff, scanned_at=scanned_at).result == "ok"
    return registration


EXTRA = {"social_post": {"platform": "instagram"}, "press": {"outlet": "Adyrna"}, "banner": {"street": "Тәуке хан"}}


def evidence(kind, event, staff, n=1, *, approval="", day: date | None = None, **fields):
    """`n` link-only evidence items of `kind` (approved ones get an approval date)."""
    if approval:
        fields["approval"] = approval
        if approval in ("approved", "rejected"):
            fields["approved_on"] = day or date(2024, 9, 1)
    if day:
        fields["date"] = day
    return [
        media.add_evidence(
            kind=kind,
            event=event,
            title=f"{kind} {i}",
            url=f"https://example.kz/{kind}/{i}",
            by=staff,
            **{**EXTRA.get(kind, {}), **fields},
        )
        for i in range(n)
    ]


def actual(indicator, event=None, *, today: date | None = None) -> Decimal:
    """The first figure of `indicator` as the pages read it (monitoring.readings): over the
    whole plan, or at one `event` of the plan (0 for an event the plan does not count)."""
    readings = Readings(indicator.plan, today or timezone.localdate())
    if event is None:
        return readings.figures(indicator)[0]
    info = readings.events.get(event.pk)
    return readings.figures(indicator, info)[0] if info is not None else Decimal(0)
