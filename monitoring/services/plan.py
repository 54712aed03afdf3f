"""Loading a grant's plan as data (`python manage.py load_grant_plan`)."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import transaction

from .. import plan_data
from ..models import Activity, GrantItem, GrantPlan, Indicator, Task


@dataclass(frozen=True)
class LoadResult:
    plan: GrantPlan
    tasks: int
    activities: int
    indicators: int
    created: bool = False


def _indicator_fields(spec: plan_data.Ind, activity: Activity, order: int) -> dict:
    return {
        "activity": activity,
        "title_kk": spec.kk,
        "title_ru": spec.ru,
        "title_en": spec.en,
        "note_kk": spec.note[0],
        "note_ru": spec.note[1],
        "note_en": spec.note[2],
        "target": Decimal(spec.target),
        "target_second": None if spec.second is None else Decimal(spec.second),
        "unit": spec.unit,
        "scope": spec.scope,
        "event_kind": spec.kind,
        "source": spec.source,
        "source_param": spec.param,
        "second_param": spec.second_param,
        "place": spec.place,
        "approved_only": spec.approved,
        "order": order,
    }


@transaction.atomic
def load_grant_plan(
    *,
    plan_fields: dict | None = None,
    tasks: list[plan_data.TaskSpec] | None = None,
    period: tuple[date, date] | None = None,
) -> LoadResult:
    """Create or update the plan (found by name), its tasks (by number), activities (by code),
    indicators (by plan and code) and grant items (by indicator and code) from `plan_data`.

    Running it again changes nothing, and a corrected title or target in the data updates the
    row in place, so the values entered by hand and what was filed under an indicator stay.
    The period is the grant's when the plan is created; later it changes only when `period`
    is given, because an extension agreed with the grantor is entered by the organisers.
    Rows added by hand (another indicator, a linked item type) are left as they are.
    """
    plan_fields = plan_fields or plan_data.PLAN
    tasks = plan_data.TASKS if tasks is None else tasks
    starts_on, ends_on = period or (plan_fields["starts_on"], plan_fields["ends_on"])
    details = {key: value for key, value in plan_fields.items() if key not in ("name", "starts_on", "ends_on")}
    plan = GrantPlan.objects.select_for_update().filter(name=plan_fields["name"]).first()
    created = plan is None
    if created:
        plan = GrantPlan.objects.create(name=plan_fields["name"], starts_on=starts_on, ends_on=ends_on, **details)
    else:
        for key, value in details.items():
            setattr(plan, key, value)
        if period is not None:
            plan.starts_on, plan.ends_on = period
        plan.save()
    counts = {"tasks": 0, "activities": 0, "indicators": 0}
    order = 0
    for task_order, task_spec in enumerate(tasks):
        task, _ = Task.objects.update_or_create(
            plan=plan,
            number=task_spec.number,
            defaults={
                "title_kk": task_spec.kk,
                "title_ru": task_spec.ru,
                "title_en": task_spec.en,
                "order": task_order,
            },
        )
        counts["tasks"] += 1
        for activity_order, spec in enumerate(task_spec.activities):
            activity, _ = Activity.objects.update_or_create(
                task=task,
                code=spec.code,
                defaults={
                    "title_kk": spec.kk,
                    "title_ru": spec.ru,
                    "title_en": spec.en,
                    "planned_events": spec.planned_events,
                    "timing": spec.timing,
                    "order": activity_order,
                },
            )
            counts["activities"] += 1
            for indicator_spec in spec.indicators:
                order += 1
                indicator, _ = Indicator.objects.update_or_create(
                    plan=plan,
                    code=f"{spec.code}.{indicator_spec.suffix}",
                    defaults=_indicator_fields(indicator_spec, activity, order),
                )
                counts["indicators"] += 1
                for item_order, item in enumerate(indicator_spec.items):
                    GrantItem.objects.update_or_create(
                        indicator=indicator,
                        code=item.code,
                        defaults={"name_kk": item.kk, "name_ru": item.ru, "name_en": item.en, "order": item_order},
                    )
    return LoadResult(plan=plan, created=created, **counts)
