from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import IntegrityError

from monitoring.models import Activity, GrantPlan, Indicator, IndicatorScope, IndicatorSource, Task
from monitoring.services import load_grant_plan

pytestmark = pytest.mark.django_db


def test_load_grant_plan_creates_whole_plan():
    result = load_grant_plan()

    assert (result.tasks, result.activities, result.indicators) == (8, 16, 91)
    assert GrantPlan.objects.count() == 1
    assert list(Task.objects.values_list("number", flat=True)) == ["1", "2", "3", "4", "5", "P", "C", "IV"]
    assert Activity.objects.count() == 16
    assert Indicator.objects.filter(plan=result.plan).count() == 91
    assert Indicator.objects.filter(source=IndicatorSource.MANUAL).count() == 37
    assert result.plan.starts_on.isoformat() == "2024-08-01"
    assert result.plan.ends_on.isoformat() == "2024-11-30"


def test_load_grant_plan_twice_changes_nothing():
    first = load_grant_plan()
    Indicator.objects.filter(plan=first.plan, code="1.2.i").update(target=5)

    second = load_grant_plan()

    assert second.plan.pk == first.plan.pk
    assert (GrantPlan.objects.count(), Task.objects.count(), Activity.objects.count(), Indicator.objects.count()) == (
        1,
        8,
        16,
        91,
    )
    assert Indicator.objects.get(code="1.2.i").target == Decimal(1000)


def test_load_grant_plan_maps_indicators_to_sources():
    load_grant_plan()
    rows = {i.code: (i.source, i.scope, i.event_kind, i.source_param, i.target) for i in Indicator.objects.all()}

    assert rows["1.2.i"] == ("checkins", "total", "youth_session", "", Decimal(1000))
    assert rows["1.2.b"] == ("approved_speakers", "per_event", "youth_session", "", Decimal(2))
    assert rows["1.2.c"] == ("talks", "per_event", "youth_session", "", Decimal(2))
    assert rows["1.2.d"] == ("feedback", "per_event", "youth_session", "", Decimal(2))
    assert rows["1.2.e"] == ("evidence", "per_event", "youth_session", "social_post", Decimal(1))
    assert rows["1.2.g"] == ("evidence", "per_event", "youth_session", "photo", Decimal(4))
    assert rows["1.2.h"] == ("evidence", "per_event", "youth_session", "video", Decimal(1))
    assert rows["1.3.e"] == ("evidence", "per_event", "budget_seminar", "photo", Decimal(2))
    assert rows["2.1.e"] == ("items_handed_out", "total", "", "medal", Decimal(300))
    assert rows["2.1.g"] == ("checkins", "total", "conference", "", Decimal(300))
    assert rows["IV.1"] == ("unique_people", "total", "", "", Decimal(1400))
    assert rows["IV.2"] == ("manual", "total", "", "", Decimal(3000))
    assert Indicator.objects.get(code="IV.1").title_kk == "Тікелей пайда алушылар"


def test_load_grant_plan_command_reports_counts(capsys):
    call_command("load_grant_plan")

    assert "8 tasks, 16 activities, 91 indicators" in capsys.readouterr().out


def test_indicator_code_unique_per_plan(plan):
    indicator = Indicator.objects.get(code="1.2.a")
    with pytest.raises(IntegrityError):
        Indicator.objects.create(plan=plan, activity=indicator.activity, code="1.2.a", title_kk="x", target=1)


def test_indicator_target_not_negative(plan):
    activity = Activity.objects.get(code="1.2")
    with pytest.raises(IntegrityError):
        Indicator.objects.create(plan=plan, activity=activity, code="1.2.z", title_kk="x", target=-1)


def test_evidence_indicator_needs_a_kind(plan):
    activity = Activity.objects.get(code="1.2")
    with pytest.raises(IntegrityError):
        Indicator.objects.create(
            plan=plan,
            activity=activity,
            code="1.2.z",
            title_kk="x",
            target=1,
            source=IndicatorSource.EVIDENCE,
            scope=IndicatorScope.TOTAL,
        )
