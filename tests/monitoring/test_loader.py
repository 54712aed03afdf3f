import importlib
import io
import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import IntegrityError

from monitoring import plan_data
from monitoring.models import (
    Activity,
    GrantItem,
    GrantPlan,
    Indicator,
    IndicatorScope,
    IndicatorSource,
    ManualValue,
    Task,
)
from monitoring.services import load_grant_plan
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

renumber = importlib.import_module("monitoring.migrations.0003_renumber_indicators_as_in_the_grant").renumber


def test_load_grant_plan_creates_the_grants_79_indicators():
    result = load_grant_plan()

    assert (result.tasks, result.activities, result.indicators, result.created) == (8, 16, 79, True)
    assert list(Task.objects.values_list("number", flat=True)) == ["1", "2", "3", "4", "5", "P", "C", "IV"]
    assert Indicator.objects.filter(plan=result.plan).count() == 79
    assert Indicator.objects.filter(source=IndicatorSource.MANUAL).count() == 8
    assert (result.plan.starts_on, result.plan.ends_on) == (date(2024, 8, 1), date(2024, 11, 30))
    assert GrantItem.objects.count() == 5


def test_load_grant_plan_twice_changes_nothing_and_keeps_the_period():
    first = load_grant_plan()
    Indicator.objects.filter(plan=first.plan, code="1.2.h").update(target=5)
    GrantPlan.objects.filter(pk=first.plan.pk).update(ends_on=date(2024, 12, 31))  # an agreed extension

    second = load_grant_plan()

    assert (second.plan.pk, second.created) == (first.plan.pk, False)
    assert (GrantPlan.objects.count(), Task.objects.count(), Activity.objects.count(), Indicator.objects.count()) == (
        1,
        8,
        16,
        79,
    )
    assert Indicator.objects.get(code="1.2.h").target == Decimal(1000)
    assert GrantPlan.objects.get().ends_on == date(2024, 12, 31)


def test_load_grant_plan_sets_a_given_period():
    load_grant_plan()

    plan = load_grant_plan(period=(date(2026, 11, 1), date(2026, 12, 31))).plan

    assert (plan.starts_on, plan.ends_on) == (date(2026, 11, 1), date(2026, 12, 31))


def test_load_grant_plan_maps_indicators_to_sources():
    load_grant_plan()
    rows = {
        i.code: (i.source, i.scope, i.event_kind, i.source_param, i.second_param, i.place, i.approved_only, i.target)
        for i in Indicator.objects.all()
    }

    assert rows["1.2.a"] == ("evidence_events", "total", "youth_session", "programme", "", "events", True, 10)
    assert rows["1.2.b"] == ("approved_speakers", "total", "youth_session", "", "", "project", False, 2)
    assert rows["1.2.g"] == ("evidence", "per_event", "youth_session", "photo", "video", "events", False, 4)
    assert rows["1.2.h"] == ("participants", "total", "youth_session", "", "", "project", False, 1000)
    assert rows["1.3.b"] == ("feedback", "total", "budget_seminar", "", "", "project", False, 2)
    assert rows["2.1.d"][0] == "grantor_acts"
    assert rows["4.1.b"][0] == "banner_streets"
    assert rows["IV.1"] == ("participants", "total", "", "", "", "project", False, 1400)
    assert rows["IV.2"][:2] == ("reach", "total")
    assert Indicator.objects.get(code="1.2.g").target_second == 1
    assert [i.code for i in GrantItem.objects.order_by("indicator__order", "order")] == [
        "medal",
        "portfolio",
        "flash_drive",
        "notebook",
        "letters",
    ]


def test_load_grant_plan_command_reports_counts():
    out = io.StringIO()
    call_command("load_grant_plan", stdout=out)

    assert "8 tasks, 16 activities, 79 indicators; period 2024-08-01–2024-11-30 (new)." in out.getvalue()


def test_load_grant_plan_command_takes_a_period():
    out = io.StringIO()
    call_command("load_grant_plan", "--starts-on=2026-11-01", "--ends-on=2026-12-31", stdout=out)

    assert GrantPlan.objects.get().ends_on == date(2026, 12, 31)


def _first_version_plan():
    """The plan as the first loader left it: 91 indicators with their own codes and sources."""
    rows = json.loads(Path(__file__).with_name("plan_v1.json").read_text(encoding="utf-8"))
    plan = GrantPlan.objects.create(
        name=plan_data.PLAN["name"],
        grantee="x",
        grantor="y",
        starts_on=date(2024, 8, 1),
        ends_on=date(2024, 11, 30),
    )
    activities = {}
    for code, source, param, scope, kind, target, kk, ru, en, unit in rows:
        activity_code = code.rsplit(".", 1)[0]
        if activity_code not in activities:
            number = activity_code.split(".")[0]
            task, _ = Task.objects.get_or_create(plan=plan, number=number, defaults={"title_kk": number})
            activities[activity_code] = Activity.objects.create(task=task, code=activity_code, title_kk=activity_code)
        Indicator.objects.create(
            plan=plan,
            activity=activities[activity_code],
            code=code,
            title_kk=kk,
            title_ru=ru,
            title_en=en,
            target=target,
            unit=unit,
            scope=scope,
            event_kind=kind,
            source=source,
            source_param=param,
        )
    return plan


def test_an_installed_first_version_plan_is_renumbered_in_place_with_its_values():
    plan = _first_version_plan()
    organiser = make_user("old-organiser", "organiser")
    old = {i.code: i for i in Indicator.objects.filter(plan=plan)}
    ManualValue.objects.create(indicator=old["1.1.d"], value=1, note="бейне", entered_by=organiser)
    ManualValue.objects.create(indicator=old["1.1.f"], value=250, note="респонденттер", entered_by=organiser)
    ManualValue.objects.create(indicator=old["IV.3"], value=3, entered_by=organiser)
    assert Indicator.objects.count() == 91

    renumber(apps, None)
    result = load_grant_plan()

    assert result.plan.pk == plan.pk
    assert Indicator.objects.count() == 79
    assert ManualValue.objects.count() == 3
    respondents = Indicator.objects.get(code="1.1.e")
    assert (respondents.pk, respondents.title_kk) == (old["1.1.f"].pk, "Зерттеуге қатысушылар саны, тізімі")
    assert list(respondents.manual_values.values_list("value", flat=True)) == [250]
    assert list(Indicator.objects.get(code="1.1.c").manual_values.values_list("note", flat=True)) == ["[1.1.d] бейне"]
    assert Indicator.objects.get(code="IV.3").pk == old["IV.3"].pk
    assert Indicator.objects.get(code="1.2.h").source == IndicatorSource.PARTICIPANTS
    assert Indicator.objects.get(code="1.2.h").pk == old["1.2.i"].pk

    renumber(apps, None)  # a second run (the migration is applied once; the function stays safe)
    load_grant_plan()

    assert Indicator.objects.count() == 79


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
