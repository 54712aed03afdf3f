"""The dashboard's rows: every indicator with its actual, percent and status, and what each
held event still lacks. The figures come from `monitoring.readings` (one object per page, a
fixed number of queries whatever the data); this module judges them against the plan.

Status: a total indicator is met when it reaches its target (both figures of a "4/1" one),
on track when the share reached is at least the share of its window that has passed (the
plan's period, or the month its activity is due), else behind. An "at every event" indicator
is met only when the planned number of events (10 sessions) has been held and each held one
reached the target; a held event short of it makes it behind.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from events.models import Event

from .descriptions import describe
from .grant_items import ActsReading
from .lists import breakdowns
from .models import GrantPlan, Indicator, IndicatorScope, IndicatorSource, IndicatorStatus
from .plan_data import DIRECT_BENEFICIARIES_CODE
from .readings import EventInfo, ManualEntry, Readings


def active_plan() -> GrantPlan | None:
    return GrantPlan.objects.filter(is_active=True).order_by("-starts_on", "pk").first()


def elapsed_fraction(start: date, end: date, today: date) -> Decimal:
    """How much of [start, end] has passed: 0 before it starts, 1 from its last day."""
    if today <= start:
        return Decimal(0)
    if today >= end:
        return Decimal(1)
    return Decimal((today - start).days) / Decimal((end - start).days)


def format_number(value) -> str:
    value = Decimal(value)
    return f"{value:,.0f}".replace(",", "\u202f") if value == value.to_integral() else f"{value:,.2f}"


def _percent(actual, target) -> int:
    if not target:
        return 100
    return int((Decimal(actual) * 100 / Decimal(target)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _share(actual, target) -> Decimal:
    return Decimal(1) if not target else Decimal(actual) / Decimal(target)


@dataclass
class IndicatorRow:
    indicator: Indicator
    code: str
    title: str
    target: Decimal
    target_second: Decimal | None
    actual: Decimal = Decimal(0)
    actual_second: Decimal | None = None
    percent: int = 0
    status: str = IndicatorStatus.ON_TRACK
    description: str = ""
    # "At every event" indicators: held events meeting the per-event target, held, planned.
    events_meeting: int = 0
    events_held: int = 0
    events_planned: int = 0
    shortfalls: list[tuple[EventInfo, Decimal, Decimal | None]] = field(default_factory=list)
    last_entry: ManualEntry | None = None
    acts: ActsReading | None = None

    @property
    def unit(self) -> str:
        return self.indicator.unit

    @property
    def scope(self) -> str:
        return self.indicator.scope

    @property
    def title_kk(self) -> str:
        return self.indicator.title_kk

    @property
    def note(self) -> str:
        return self.indicator.note

    @property
    def status_label(self) -> str:
        return IndicatorStatus(self.status).label

    @property
    def bar(self) -> int:
        return max(0, min(self.percent, 100))

    @property
    def is_per_event(self) -> bool:
        return self.scope == IndicatorScope.PER_EVENT

    @property
    def has_evidence_page(self) -> bool:
        return self.indicator.source in (IndicatorSource.EVIDENCE, IndicatorSource.EVIDENCE_EVENTS)

    @property
    def target_display(self) -> str:
        """ "4/1", "≥ 4/1" at every event, "1 (≥ 300)" for an act."""
        target = format_number(self.target)
        if self.indicator.source == IndicatorSource.GRANTOR_ACTS and self.target_second is not None:
            return f"{target} (≥ {format_number(self.target_second)})"
        if self.target_second is not None:
            target = f"{target}/{format_number(self.target_second)}"
        return f"≥ {target}" if self.is_per_event else target

    @property
    def actual_display(self) -> str:
        if self.is_per_event:
            return self.summary
        actual = format_number(self.actual)
        if self.indicator.source == IndicatorSource.GRANTOR_ACTS and self.actual_second is not None:
            return f"{actual} ({format_number(self.actual_second)})"
        if self.actual_second is not None:
            actual = f"{actual}/{format_number(self.actual_second)}"
        return actual

    @property
    def summary(self) -> str:
        """The figure as the grantor reads it, e.g. "1 212 of 1 000" or "7 of 10 events meet ≥ 4/1"."""
        if self.is_per_event:
            return _("%(meeting)s of %(planned)s events meet %(target)s (%(held)s held)") % {
                "meeting": self.events_meeting,
                "planned": self.events_planned,
                "target": self.target_display,
                "held": self.events_held,
            }
        return _("%(actual)s of %(target)s") % {"actual": self.actual_display, "target": self.target_display}


def _meets(indicator: Indicator, first: Decimal, second: Decimal | None) -> bool:
    return first >= indicator.target and (indicator.target_second is None or (second or 0) >= indicator.target_second)


def _judge_total(row: IndicatorRow, fraction: Decimal) -> None:
    indicator = row.indicator
    percents = [_percent(row.actual, indicator.target)]
    shares = [_share(row.actual, indicator.target)]
    if indicator.target_second is not None:
        percents.append(_percent(row.actual_second or 0, indicator.target_second))
        shares.append(_share(row.actual_second or 0, indicator.target_second))
    row.percent = min(percents)
    if _meets(indicator, row.actual, row.actual_second):
        row.status = IndicatorStatus.MET
    elif fraction < 1 and min(shares) >= fraction:
        row.status = IndicatorStatus.ON_TRACK
    else:
        row.status = IndicatorStatus.BEHIND


def _judge_per_event(row: IndicatorRow, readings: Readings, fraction: Decimal) -> None:
    indicator = row.indicator
    held = readings.events_of(indicator, held=True)
    for event in held:
        first, second = readings.figures(indicator, event)
        if _meets(indicator, first, second):
            row.events_meeting += 1
        else:
            row.shortfalls.append((event, first, second))
    row.events_held = len(held)
    row.events_planned = indicator.activity.planned_events or len(held)
    row.actual = Decimal(row.events_meeting)
    row.percent = _percent(row.events_meeting, row.events_planned) if row.events_planned else 0
    if row.shortfalls:
        row.status = IndicatorStatus.BEHIND
    elif row.events_planned and row.events_held >= row.events_planned:
        row.status = IndicatorStatus.MET
    elif _share(row.events_meeting, row.events_planned) >= fraction and fraction < 1:
        row.status = IndicatorStatus.ON_TRACK
    else:
        row.status = IndicatorStatus.BEHIND


def indicator_row(indicator: Indicator, readings: Readings) -> IndicatorRow:
    row = IndicatorRow(
        indicator=indicator,
        code=indicator.code,
        title=indicator.title,
        target=indicator.target,
        target_second=indicator.target_second,
        description=describe(indicator),
    )
    start, end = readings.window(indicator)
    fraction = elapsed_fraction(start, end, readings.today)
    if indicator.scope == IndicatorScope.PER_EVENT:
        _judge_per_event(row, readings, fraction)
        return row
    row.actual, row.actual_second = readings.figures(indicator)
    if indicator.source == IndicatorSource.MANUAL:
        row.last_entry = readings.last_entry(indicator)
    elif indicator.source == IndicatorSource.GRANTOR_ACTS:
        row.acts = readings.acts.get(indicator.pk, ActsReading())
    _judge_total(row, fraction)
    return row


def plan_indicators(plan: GrantPlan):
    return (
        Indicator.objects.filter(plan=plan)
        .select_related("plan", "activity__task")
        .order_by("activity__task__order", "activity__order", "order", "pk")
    )


def indicator_rows(plan: GrantPlan, *, today: date | None = None, readings: Readings | None = None):
    """Every indicator of `plan` with its actual, percent and status as of `today`."""
    readings = readings or Readings(plan, today or timezone.localdate())
    return [indicator_row(indicator, readings) for indicator in plan_indicators(plan)]


def direct_beneficiaries(
    rows: list[IndicatorRow], readings: Readings
) -> tuple[IndicatorRow | None, dict[str, list[tuple[str, int]]]]:
    """The direct beneficiaries' row (IV.1) among `rows`, and the breakdowns of the people
    behind it by age band and district (both empty when the plan has no such indicator)."""
    row = next((row for row in rows if row.code == DIRECT_BENEFICIARIES_CODE), None)
    if row is None:
        return None, {}
    return row, breakdowns(readings.people_for(row.indicator))


@dataclass(frozen=True)
class EventGap:
    event: Event
    indicator: Indicator
    actual: Decimal
    actual_second: Decimal | None
    target: Decimal
    target_second: Decimal | None

    def _figure(self, first, second) -> str:
        text = format_number(first)
        return text if second is None else f"{text}/{format_number(second)}"

    def __str__(self) -> str:
        return _("%(actual)s of %(target)s: %(title)s") % {
            "actual": self._figure(self.actual, self.actual_second if self.target_second is not None else None),
            "target": self._figure(self.target, self.target_second),
            "title": self.indicator.title,
        }


def _per_event_indicators(plan: GrantPlan):
    return list(plan_indicators(plan).filter(scope=IndicatorScope.PER_EVENT))


def _gaps(event: Event, info: EventInfo, indicators, readings: Readings) -> list[EventGap]:
    """What `event` still lacks: each "at every event" indicator of its kind below its target."""
    gaps = []
    for indicator in indicators:
        if indicator.event_kind and indicator.event_kind != event.kind:
            continue
        start, end = readings.window(indicator)
        if not start <= info.day <= end:
            continue
        first, second = readings.figures(indicator, info)
        if not _meets(indicator, first, second):
            gaps.append(EventGap(event, indicator, first, second, indicator.target, indicator.target_second))
    return gaps


def held_events(plan: GrantPlan, *, today: date | None = None, readings: Readings | None = None) -> list[Event]:
    """The plan's events already held, in date order."""
    readings = readings or Readings(plan, today or timezone.localdate())
    ids = [pk for pk, info in readings.events.items() if info.held]
    by_pk = Event.objects.in_bulk(ids)
    return [by_pk[pk] for pk in ids if pk in by_pk]


def gaps_by_event(plan: GrantPlan, *, today: date | None = None) -> list[tuple[Event, list[EventGap]]]:
    """Every held event of the plan with what it still lacks (an empty list: nothing), in date
    order, from the same readings as the dashboard."""
    readings = Readings(plan, today or timezone.localdate())
    indicators = _per_event_indicators(plan)
    return [
        (event, _gaps(event, readings.events[event.pk], indicators, readings))
        for event in held_events(plan, readings=readings)
    ]
