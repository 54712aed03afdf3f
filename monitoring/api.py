from decimal import Decimal

from django.utils.translation import gettext_lazy as _
from ninja import Router, Schema

from core.auth import require_perm, session_or_token

from . import selectors
from .models import IndicatorScope, IndicatorStatus, IndicatorUnit

router = Router(tags=["monitoring"], auth=session_or_token)


class IndicatorOut(Schema):
    code: str
    title: str
    target: Decimal
    actual: Decimal
    unit: IndicatorUnit
    scope: IndicatorScope
    status: IndicatorStatus
    percent: int


@router.get("/indicators", response=list[IndicatorOut])
def list_indicators(request):
    """Every indicator of the active grant plan with its target, actual, percent and status
    (met, on_track, behind). Titles are in the request's language (Kazakh by default). For an
    indicator whose scope is per_event, `target` is the per-event target and `actual` the
    number of events held that reach it. Organisers and the grantor; session or device token."""
    require_perm(request, "monitoring.view_dashboard", _("Organisers and the grantor only."))
    plan = selectors.active_plan()
    if plan is None:
        return []
    return [
        IndicatorOut(
            code=row.code,
            title=row.title,
            target=row.target,
            actual=row.actual,
            unit=row.unit,
            scope=row.scope,
            status=row.status,
            percent=row.percent,
        )
        for row in selectors.indicator_rows(plan)
    ]
