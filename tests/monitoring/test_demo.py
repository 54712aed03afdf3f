"""`make run` (migrate, load_demo, load_grant_plan) gives a dashboard with a believable mix."""

import io
from collections import Counter

import pytest
from django.core.management import call_command
from django.utils import timezone

from events.models import Event
from inventory.models import Movement
from media_log.models import Feedback, MediaItem
from monitoring.models import ActFiling, EvidenceFiling, GrantPlan, ManualValue
from monitoring.selectors import indicator_rows
from registration.models import CheckIn, Registration

pytestmark = pytest.mark.django_db


def _make_run():
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    call_command("load_grant_plan", stdout=out)
    return out.getvalue()


def _counts():
    return [
        model.objects.count()
        for model in (Registration, CheckIn, Feedback, MediaItem, Movement, EvidenceFiling, ActFiling, ManualValue)
    ]


def test_the_demo_shows_met_on_track_and_behind_over_a_period_spanning_the_programme():
    output = _make_run()

    plan = GrantPlan.objects.get()
    days = [timezone.localdate(start) for start in Event.objects.values_list("start_at", flat=True)]
    assert plan.starts_on <= min(days) and max(days) <= plan.ends_on
    assert plan.starts_on.day == 1 and (plan.ends_on - plan.starts_on).days < 75
    rows = indicator_rows(plan)
    statuses = Counter(row.status for row in rows)
    assert len(rows) == 79
    assert statuses["met"] >= 30 and statuses["on_track"] >= 10 and 3 <= statuses["behind"] <= 15
    by_code = {row.code: row for row in rows}
    assert by_code["IV.1"].actual > 600 and by_code["IV.1"].status == "on_track"
    assert by_code["2.1.d"].status == "met" and by_code["3.1.b"].status == "met"
    assert by_code["1.2.g"].status == "behind"  # the fifth session has three photos
    assert "Demo activity:" in output


def test_the_demo_twice_changes_nothing():
    _make_run()
    counts = _counts()
    plan = GrantPlan.objects.values_list("starts_on", "ends_on").get()

    output = _make_run()

    assert _counts() == counts
    assert GrantPlan.objects.values_list("starts_on", "ends_on").get() == plan
    assert "Demo activity:" not in output
