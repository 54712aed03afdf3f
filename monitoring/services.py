"""Writes of the monitoring app: loading a grant's plan as data."""

from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction

from . import plan_data
from .models import Activity, GrantPlan, Indicator, Task


@dataclass(frozen=True)
class LoadResult:
    plan: GrantPlan
    tasks: int
    activities: int
    indicators: int


@transaction.atomic
def load_grant_plan(*, plan_fields: dict | None = None, tasks: list | None = None) -> LoadResult:
    """Create or update the plan (by name), its tasks (by number), activities (by code) and
    indicators (by plan and code) from `plan_data`, so running it again changes nothing and
    a corrected target in the data updates the row. Rows added by hand in the admin stay."""
    plan_fields = plan_fields or plan_data.PLAN
    tasks = tasks if tasks is not None else plan_data.TASKS
    plan, _ = GrantPlan.objects.update_or_create(
        name=plan_fields["name"],
        defaults={k: v for k, v in plan_fields.items() if k != "name"},
    )
    counts = {"tasks": 0, "activities": 0, "indicators": 0}
    indicator_order = 0
    for task_order, (number, t_kk, t_ru, t_en, activities) in enumerate(tasks):
        task, _ = Task.objects.update_or_create(
            plan=plan,
            number=number,
            defaults={"title_kk": t_kk, "title_ru": t_ru, "title_en": t_en, "order": task_order},
        )
        counts["tasks"] += 1
        for activity_order, (code, a_kk, a_ru, a_en, indicators) in enumerate(activities):
            activity, _ = Activity.objects.update_or_create(
                task=task,
                code=code,
                defaults={"title_kk": a_kk, "title_ru": a_ru, "title_en": a_en, "order": activity_order},
            )
            counts["activities"] += 1
            for suffix, i_kk, i_ru, i_en, target, unit, scope, event_kind, source, param in indicators:
                indicator_order += 1
                Indicator.objects.update_or_create(
                    plan=plan,
                    code=f"{code}.{suffix}",
                    defaults={
                        "activity": activity,
                        "title_kk": i_kk,
                        "title_ru": i_ru,
                        "title_en": i_en,
                        "target": Decimal(target),
                        "unit": unit,
                        "scope": scope,
                        "event_kind": event_kind,
                        "source": source,
                        "source_param": param,
                        "order": indicator_order,
                    },
                )
                counts["indicators"] += 1
    return LoadResult(plan=plan, **counts)
