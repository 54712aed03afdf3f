"""The monitoring pages under /monitoring/: organisers and the grantor (view_dashboard).

The dashboard, the gaps of each held event and an indicator's page show figures, evidence
and who entered what; the lists of people are in people_views.py, the organisers' entries in
entry_views.py.
"""

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from core.auth import staff_permission
from media_log import selectors as media

from . import selectors
from .dates import months_label
from .forms import FileActForm, FileEvidenceForm, ItemTypesForm, ManualValueForm
from .models import GrantPlan, Indicator, IndicatorSource, ManualValue
from .readings import EVIDENCE_SOURCES, Readings

EVIDENCE_PAGE_SIZE = 200
VALUES_SHOWN = 50


def plan_or_404(plan_id: str) -> GrantPlan:
    """The plan whose primary key is `plan_id` as sent by a browser: a 404, never a 500, for
    anything that is not the number of a plan."""
    if not plan_id.isdecimal():
        raise Http404
    return get_object_or_404(GrantPlan, pk=int(plan_id))


def _plan(request) -> GrantPlan | None:
    plan_id = request.GET.get("plan", "")
    return plan_or_404(plan_id) if plan_id.isdecimal() else selectors.active_plan()


@staff_permission("monitoring.view_dashboard")
def dashboard(request):
    plan = _plan(request)
    context = {"plan": plan, "plans": GrantPlan.objects.all(), "rows": [], "today": timezone.localdate()}
    if plan is not None:
        readings = Readings(plan, context["today"])
        rows = selectors.indicator_rows(plan, readings=readings)
        beneficiaries, split = selectors.direct_beneficiaries(rows, readings)
        context.update(
            rows=rows,
            beneficiaries=beneficiaries,
            breakdowns=split,
            period=months_label(plan.starts_on, plan.ends_on),
            computed=sum(1 for row in rows if row.indicator.source != IndicatorSource.MANUAL),
            statuses={
                status: sum(1 for row in rows if row.status == status) for status in ("met", "on_track", "behind")
            },
        )
    context["can_report"] = request.user.has_perm("monitoring.build_report")
    return render(request, "monitoring/dashboard.html", context)


@staff_permission("monitoring.view_dashboard")
def event_gaps(request):
    plan = _plan(request)
    return render(
        request,
        "monitoring/events.html",
        {"plan": plan, "events": selectors.gaps_by_event(plan) if plan else []},
    )


@staff_permission("monitoring.view_dashboard")
def indicator(request, pk: int):
    """One indicator: how it is counted, its figure (per event when it is "at every event"),
    the evidence behind it, and for organisers the forms to enter or file what it counts."""
    indicator = get_object_or_404(Indicator.objects.select_related("plan", "activity__task"), pk=pk)
    readings = Readings(indicator.plan, timezone.localdate())
    row = selectors.indicator_row(indicator, readings)
    context = {"indicator": indicator, "row": row, "plan": indicator.plan}
    source = indicator.source
    if row.is_per_event:
        events = {event.pk: event for event in selectors.held_events(indicator.plan, readings=readings)}
        short = {info.pk for info, _first, _second in row.shortfalls}
        context["per_event"] = [
            (events.get(info.pk), *readings.figures(indicator, info), info.pk not in short)
            for info in readings.events_of(indicator, held=True)
        ]
    if source in EVIDENCE_SOURCES:
        pks = readings.counted_evidence(indicator)
        context["items"] = media.evidence_by_pks(pks)[:EVIDENCE_PAGE_SIZE]
        context["counted"] = len(pks)
    if source == IndicatorSource.MANUAL:
        values = ManualValue.objects.filter(indicator=indicator).select_related("event", "entered_by")
        context["values"] = values[:VALUES_SHOWN]
    can_enter = request.user.has_perm("monitoring.add_manualvalue")
    context["can_enter"] = can_enter
    if can_enter and source == IndicatorSource.MANUAL:
        context["value_form"] = ManualValueForm(indicator=indicator)
    if can_enter and indicator.takes_filing:
        context["file_form"] = FileEvidenceForm(indicator=indicator, filed=readings.filed.get(indicator.pk, set()))
    if source == IndicatorSource.GRANTOR_ACTS:
        context["grant_items"] = [(figures, _item_types_form(figures.grant_item)) for figures in row.acts.items]
        if can_enter:
            context["act_form"] = FileActForm()
    return render(request, "monitoring/indicator.html", context)


def _item_types_form(grant_item) -> ItemTypesForm:
    return ItemTypesForm(initial={"item_types": grant_item.item_types.all()}, prefix=f"g{grant_item.pk}")
