from decimal import Decimal

from django.utils.translation import gettext_lazy as _
from ninja import Router, Schema

from core.auth import require_perm, session_or_token
from core.schemas import ErrorOut

from . import selectors
from .models import IndicatorScope, IndicatorSource, IndicatorStatus, IndicatorUnit

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
    target_second: Decimal | None = None
    actual_second: Decimal | None = None
    events_planned: int | None = None
    events_held: int | None = None
    source: IndicatorSource
    description: str


@router.get("/indicators", response={200: list[IndicatorOut], 401: ErrorOut, 403: ErrorOut})
def list_indicators(request):
    """Every indicator of the active grant plan with its target, actual, percent and status
    (met, on_track, behind). Titles are the grantor's, in the request's language (Kazakh by
    default); `description` says how the actual is counted. A photo/video report ("4/1") has
    a second figure (`target_second`, `actual_second`: the videos); an act indicator's second
    figure is the quantity of each item in the act (≥ 300). For an indicator whose scope is
    per_event, `target` is the per-event target, `actual` the number of held events that reach
    it, and `events_planned`/`events_held` say how many events the grant plans and how many
    were held. `source` is `manual` for the figures organisers type. Organisers and the
    grantor; session or device token."""
    require_perm(request, "monitoring.view_dashboard", _("Organisers and the grantor only."))
    plan = selectors.active_plan()
    if plan is None:
        return []
    rows = selectors.indicator_rows(plan)
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
            target_second=row.target_second,
            actual_second=row.actual_second,
            events_planned=row.events_planned if row.is_per_event else None,
            events_held=row.events_held if row.is_per_event else None,
            source=row.indicator.source,
            description=row.description,
        )
        for row in rows
    ]
