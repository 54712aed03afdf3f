"""The monitoring pages under /monitoring/: organisers and the grantor (view_dashboard).

They show counts only: no names, phones or other personal data reach these pages.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from core.auth import staff_permission
from core.errors import DomainError
from events.models import Event
from media_log import selectors as media

from . import report as report_service
from . import selectors
from .models import GrantPlan, Indicator, IndicatorSource

EVIDENCE_PAGE_SIZE = 200


def _plan(request) -> GrantPlan | None:
    plan_id = request.GET.get("plan", "")
    if plan_id.isdigit():
        return get_object_or_404(GrantPlan, pk=int(plan_id))
    return selectors.active_plan()


@staff_permission("monitoring.view_dashboard")
def dashboard(request):
    plan = _plan(request)
    rows = selectors.indicator_rows(plan) if plan else []
    beneficiaries = next((row for row in rows if row.indicator.source == IndicatorSource.UNIQUE_PEOPLE), None)
    return render(
        request,
        "monitoring/dashboard.html",
        {
            "plan": plan,
            "plans": GrantPlan.objects.all(),
            "rows": rows,
            "beneficiaries": beneficiaries,
            "today": timezone.localdate(),
            "can_report": request.user.has_perm("monitoring.build_report") and request.user.has_perm("core.add_job"),
        },
    )


@staff_permission("monitoring.view_dashboard")
def event_gaps(request):
    plan = _plan(request)
    return render(
        request,
        "monitoring/events.html",
        {
            "plan": plan,
            "events": selectors.gaps_by_event(plan) if plan else [],
        },
    )


@staff_permission("monitoring.view_dashboard")
def evidence(request, pk: int):
    indicator = get_object_or_404(Indicator.objects.select_related("plan"), pk=pk)
    if indicator.source != IndicatorSource.EVIDENCE:
        raise Http404
    event = None
    if (event_id := request.GET.get("event", "")).isdigit():
        event = get_object_or_404(Event, pk=int(event_id))
    items = media.evidence_for(kind=indicator.source_param, event=event)
    if indicator.event_kind:
        items = items.filter(event__kind=indicator.event_kind)
    return render(
        request,
        "monitoring/evidence.html",
        {
            "indicator": indicator,
            "event": event,
            "items": items[:EVIDENCE_PAGE_SIZE],
        },
    )


@require_POST
@staff_permission("monitoring.build_report")
def report(request):
    """Start the grantor's report (PDF or XLSX, Kazakh or Russian) and show its job page."""
    if not request.user.has_perm("core.add_job"):
        raise PermissionDenied
    plan = get_object_or_404(GrantPlan, pk=request.POST.get("plan") or 0)
    try:
        job = report_service.start_grant_report(
            plan=plan,
            file_format=request.POST.get("format", ""),
            language=request.POST.get("language", ""),
            by=request.user,
        )
    except DomainError as error:
        messages.error(request, error.message)
        return redirect(reverse("monitoring:dashboard") + f"?plan={plan.pk}")
    return redirect("jobs:detail", job.pk)
