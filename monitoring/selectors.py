"""Actuals of the grant's indicators, computed from the other modules' records.

Every figure is read, never stored, so the dashboard always matches the ledgers. One
`_Counts` object serves one request: it memoises each (source, param, event kind) reading,
and each reading is one grouped query whatever the number of events, so a dashboard over
twenty events costs the same queries as one over a single event.

Sources:
- checkins: active (not undone) check-ins.
- unique_people: distinct normalised phones of active check-ins, plus distinct case-folded
  names of phone-less registrations, across all events (a person counts once).
- approved_speakers: distinct approved speakers with a talk at, or on the agenda of, an event.
- talks: talks on an event's programme.
- items_handed_out: units of inventory handouts of the item whose name (kk, ru or en) equals
  `source_param` case-insensitively (item types carry no code).
- evidence / feedback: media_log.selectors.
- events_held: events published or finished whose start has passed.
- manual: the newest ManualValue per indicator and event, summed over events.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from events.models import AgendaItem, Event, EventStatus, SpeakerApproval, Talk
from inventory.models import Movement, MovementKind
from media_log import selectors as media
from registration.models import CheckIn

from .models import GrantPlan, Indicator, IndicatorScope, IndicatorSource, IndicatorStatus, ManualValue


def active_plan() -> GrantPlan | None:
    return GrantPlan.objects.filter(is_active=True).order_by("-starts_on", "pk").first()


def held_events(*, event_kind: str = "", today: date | None = None):
    """Events that took place: published or finished, started on or before `today`."""
    today = today or timezone.localdate()
    events = Event.objects.filter(status__in=[EventStatus.PUBLISHED, EventStatus.FINISHED], start_at__date__lte=today)
    if event_kind:
        events = events.filter(kind=event_kind)
    return events.order_by("start_at", "pk")


def _active_checkins(event_kind: str = ""):
    checkins = CheckIn.objects.active()
    if event_kind:
        checkins = checkins.filter(registration__event__kind=event_kind)
    return checkins


def direct_beneficiaries(*, event_kind: str = "") -> int:
    """People checked in at least once, across all events: a phone counts once, and a
    registration without a phone counts once per distinct (case-folded) name."""
    checkins = _active_checkins(event_kind).order_by()
    phones = checkins.exclude(registration__phone="").values("registration__phone").distinct().count()
    names = checkins.filter(registration__phone="").values("registration__name_search").distinct().count()
    return phones + names


def _item_match(name: str) -> Q:
    return Q(item__name_en__iexact=name) | Q(item__name_kk__iexact=name) | Q(item__name_ru__iexact=name)


class _Counts:
    """Per-event and total readings of each source, memoised for one request."""

    def __init__(self):
        self._memo = {}

    def _cached(self, key, compute):
        if key not in self._memo:
            self._memo[key] = compute()
        return self._memo[key]

    def by_event(self, source: str, param: str, event_kind: str) -> dict[int, int]:
        """{event_id: count} for one computed source (events with none are absent)."""
        return self._cached(("by_event", source, param, event_kind), lambda: _BY_EVENT[source](param, event_kind))

    def total(self, source: str, param: str, event_kind: str) -> int:
        return self._cached(("total", source, param, event_kind), lambda: _TOTAL[source](param, event_kind))

    def held(self, event_kind: str, today: date) -> list[Event]:
        return self._cached(("held", event_kind, today), lambda: list(held_events(event_kind=event_kind, today=today)))

    def manual(self, indicator: Indicator) -> dict[int | None, Decimal]:
        by_indicator = self._cached(("manual", indicator.plan_id), lambda: _manual_values(indicator.plan_id))
        return by_indicator.get(indicator.pk, {})


def _checkins_by_event(param, event_kind):
    return dict(
        _active_checkins(event_kind)
        .order_by()
        .values("registration__event_id")
        .annotate(n=Count("pk"))
        .values_list("registration__event_id", "n")
    )


def _speaker_pairs(event_kind) -> set[tuple[int, int]]:
    talks = Talk.objects.filter(speaker__approval=SpeakerApproval.APPROVED)
    agenda = AgendaItem.speakers.through.objects.filter(speaker__approval=SpeakerApproval.APPROVED)
    if event_kind:
        talks = talks.filter(event__kind=event_kind)
        agenda = agenda.filter(agendaitem__event__kind=event_kind)
    return set(talks.values_list("event_id", "speaker_id")) | set(
        agenda.values_list("agendaitem__event_id", "speaker_id")
    )


def _speakers_by_event(param, event_kind):
    counts = defaultdict(int)
    for event_id, _speaker in _speaker_pairs(event_kind):
        counts[event_id] += 1
    return dict(counts)


def _talks_by_event(param, event_kind):
    talks = Talk.objects.all()
    if event_kind:
        talks = talks.filter(event__kind=event_kind)
    return dict(talks.order_by().values("event_id").annotate(n=Count("pk")).values_list("event_id", "n"))


def _handouts(param, event_kind):
    handouts = Movement.objects.filter(_item_match(param), kind=MovementKind.HANDOUT)
    if event_kind:
        handouts = handouts.filter(Q(registration__event__kind=event_kind) | Q(from_holder__event__kind=event_kind))
    return handouts


def _handouts_by_event(param, event_kind):
    # A kit handout names the attendee; a group handout leaves an event's desk.
    rows = (
        _handouts(param, event_kind)
        .order_by()
        .annotate(event_id=Coalesce("registration__event_id", "from_holder__event_id"))
        .filter(event_id__isnull=False)
        .values("event_id")
        .annotate(n=Sum("quantity"))
        .values_list("event_id", "n")
    )
    return dict(rows)


def _held_by_event(param, event_kind):
    return {event.pk: 1 for event in held_events(event_kind=event_kind)}


_BY_EVENT = {
    IndicatorSource.CHECKINS: _checkins_by_event,
    IndicatorSource.APPROVED_SPEAKERS: _speakers_by_event,
    IndicatorSource.TALKS: _talks_by_event,
    IndicatorSource.ITEMS_HANDED_OUT: _handouts_by_event,
    IndicatorSource.EVIDENCE: lambda param, kind: media.evidence_counts_by_event(kind=param, event_kind=kind or None),
    IndicatorSource.FEEDBACK: lambda param, kind: media.feedback_counts_by_event(event_kind=kind or None),
    IndicatorSource.EVENTS_HELD: _held_by_event,
}

_TOTAL = {
    IndicatorSource.CHECKINS: lambda param, kind: _active_checkins(kind).count(),
    IndicatorSource.UNIQUE_PEOPLE: lambda param, kind: direct_beneficiaries(event_kind=kind),
    IndicatorSource.APPROVED_SPEAKERS: lambda param, kind: len({s for _e, s in _speaker_pairs(kind)}),
    IndicatorSource.TALKS: lambda param, kind: sum(_talks_by_event(param, kind).values()),
    IndicatorSource.ITEMS_HANDED_OUT: lambda param, kind: _handouts(param, kind).aggregate(
        n=Coalesce(Sum("quantity"), 0)
    )["n"],
    IndicatorSource.EVIDENCE: lambda param, kind: media.evidence_count(kind=param, event_kind=kind or None),
    IndicatorSource.FEEDBACK: lambda param, kind: media.feedback_count(event_kind=kind or None),
    IndicatorSource.EVENTS_HELD: lambda param, kind: held_events(event_kind=kind).count(),
}


def _manual_values(plan_id: int) -> dict[int, dict[int | None, Decimal]]:
    """{indicator_id: {event_id (None: the whole project): newest value}} for a plan."""
    latest = defaultdict(dict)
    for indicator_id, event_id, value in (
        ManualValue.objects.filter(indicator__plan_id=plan_id)
        .order_by("-entered_at", "-pk")
        .values_list("indicator_id", "event_id", "value")
    ):
        latest[indicator_id].setdefault(event_id, value)
    return dict(latest)


def _actual(indicator: Indicator, counts: _Counts, event: Event | None) -> Decimal:
    source, param, kind = indicator.source, indicator.source_param, indicator.event_kind
    if source == IndicatorSource.MANUAL:
        values = counts.manual(indicator)
        if event is not None:
            return values.get(event.pk, Decimal(0))
        return sum(values.values(), Decimal(0))
    if event is not None:
        if source == IndicatorSource.UNIQUE_PEOPLE:
            # Within one event a phone has one live registration, so its check-ins are its people.
            source = IndicatorSource.CHECKINS
        return Decimal(counts.by_event(source, param, kind).get(event.pk, 0))
    return Decimal(counts.total(source, param, kind))


def indicator_actual(indicator: Indicator, event: Event | None = None) -> Decimal:
    """What `indicator` counts so far: at `event`, or over the whole project (all events of
    the indicator's event kind, and event-less evidence or values when it has none)."""
    return _actual(indicator, _Counts(), event)


def elapsed_fraction(plan: GrantPlan, today: date) -> Decimal:
    """How much of the plan's period has passed: 0 before it starts, 1 from its last day."""
    if today <= plan.starts_on:
        return Decimal(0)
    if today >= plan.ends_on:
        return Decimal(1)
    return Decimal((today - plan.starts_on).days) / Decimal((plan.ends_on - plan.starts_on).days)


def _percent(actual, target) -> int:
    if not target:
        return 100
    return int((Decimal(actual) * 100 / Decimal(target)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


@dataclass
class IndicatorRow:
    indicator: Indicator
    code: str
    title: str
    title_kk: str
    title_ru: str
    title_en: str
    target: Decimal
    actual: Decimal
    percent: int
    status: str
    unit: str
    scope: str
    # Per-event indicators: how many held events meet the per-event target, out of how many.
    events_meeting: int = 0
    events_held: int = 0
    shortfalls: list = field(default_factory=list)

    @property
    def status_label(self) -> str:
        return IndicatorStatus(self.status).label

    @property
    def bar(self) -> int:
        return min(self.percent, 100)

    @property
    def is_evidence(self) -> bool:
        return self.indicator.source == IndicatorSource.EVIDENCE

    @property
    def summary(self) -> str:
        """The figure as the grantor reads it, e.g. "1,212 of 1,000" or "7 of 10 events meet ≥ 4"."""
        if self.scope == IndicatorScope.PER_EVENT:
            return _("%(meeting)s of %(held)s events meet ≥ %(target)s") % {
                "meeting": self.events_meeting,
                "held": self.events_held,
                "target": format_number(self.target),
            }
        return _("%(actual)s of %(target)s") % {
            "actual": format_number(self.actual),
            "target": format_number(self.target),
        }


def format_number(value: Decimal) -> str:
    value = Decimal(value)
    return f"{value:,.0f}".replace(",", "\u202f") if value == value.to_integral() else f"{value:,.2f}"


def _status(actual, target, *, fraction: Decimal) -> str:
    if actual >= target:
        return IndicatorStatus.MET
    if target and Decimal(actual) / Decimal(target) >= fraction:
        return IndicatorStatus.ON_TRACK
    return IndicatorStatus.BEHIND


def _row(indicator: Indicator, counts: _Counts, *, today: date, fraction: Decimal) -> IndicatorRow:
    row = IndicatorRow(
        indicator=indicator,
        code=indicator.code,
        title=indicator.title,
        title_kk=indicator.title_kk,
        title_ru=indicator.title_ru,
        title_en=indicator.title_en,
        target=indicator.target,
        actual=Decimal(0),
        percent=0,
        status=IndicatorStatus.ON_TRACK,
        unit=indicator.unit,
        scope=indicator.scope,
    )
    if indicator.scope == IndicatorScope.PER_EVENT:
        # Per event: the actual is the number of held events meeting the per-event target. All
        # held meeting it is on track, and met once no event of the kind is still to come.
        held = counts.held(indicator.event_kind, today)
        for event in held:
            value = _actual(indicator, counts, event)
            if value >= indicator.target:
                row.events_meeting += 1
            else:
                row.shortfalls.append((event, value))
        row.events_held = len(held)
        row.actual = Decimal(row.events_meeting)
        row.percent = _percent(row.events_meeting, row.events_held) if held else 0
        if row.shortfalls:
            row.status = IndicatorStatus.BEHIND
        elif held and today >= indicator.plan.ends_on:
            row.status = IndicatorStatus.MET
        return row
    row.actual = _actual(indicator, counts, None)
    row.percent = _percent(row.actual, indicator.target)
    row.status = _status(row.actual, indicator.target, fraction=fraction)
    return row


def plan_indicators(plan: GrantPlan):
    return (
        Indicator.objects.filter(plan=plan)
        .select_related("plan", "activity__task")
        .order_by("activity__task__order", "activity__order", "order", "pk")
    )


def indicator_rows(plan: GrantPlan, *, today: date | None = None) -> list[IndicatorRow]:
    """Every indicator of `plan` with its actual, percent and status as of `today`.

    Total indicators: met when actual ≥ target, on track when actual/target ≥ the elapsed
    fraction of the plan's period, else behind. Per-event indicators: see `_row`.
    """
    today = today or timezone.localdate()
    fraction = elapsed_fraction(plan, today)
    counts = _Counts()
    return [_row(indicator, counts, today=today, fraction=fraction) for indicator in plan_indicators(plan)]


@dataclass(frozen=True)
class EventGap:
    event: Event
    indicator: Indicator
    actual: Decimal
    target: Decimal

    def __str__(self) -> str:
        return _("%(actual)s of %(target)s: %(title)s") % {
            "actual": format_number(self.actual),
            "target": format_number(self.target),
            "title": self.indicator.title,
        }


def _per_event_indicators(plan: GrantPlan, event_kind: str | None = None):
    indicators = plan_indicators(plan).filter(scope=IndicatorScope.PER_EVENT)
    if event_kind is not None:
        indicators = indicators.filter(Q(event_kind="") | Q(event_kind=event_kind))
    return indicators


def event_gaps(event: Event, *, plan: GrantPlan | None = None) -> list[EventGap]:
    """What `event` still lacks: each per-event indicator of its kind below its target."""
    plan = plan or active_plan()
    if plan is None:
        return []
    counts = _Counts()
    gaps = []
    for indicator in _per_event_indicators(plan, event.kind):
        value = _actual(indicator, counts, event)
        if value < indicator.target:
            gaps.append(EventGap(event, indicator, value, indicator.target))
    return gaps


def gaps_by_event(plan: GrantPlan, *, today: date | None = None) -> list[tuple[Event, list[EventGap]]]:
    """Every held event with what it still lacks (an empty list: nothing), in date order,
    from the same grouped readings as the dashboard."""
    today = today or timezone.localdate()
    counts = _Counts()
    indicators = list(_per_event_indicators(plan))
    result = []
    for event in counts.held("", today):
        gaps = []
        for indicator in indicators:
            if indicator.event_kind and indicator.event_kind != event.kind:
                continue
            value = _actual(indicator, counts, event)
            if value < indicator.target:
                gaps.append(EventGap(event, indicator, value, indicator.target))
        result.append((event, gaps))
    return result
