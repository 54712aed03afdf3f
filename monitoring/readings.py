"""Every figure of one grant plan as of one day, read in a fixed number of queries.

A `Readings` object serves one page: it reads the plan's events, the evidence, the people,
speakers, talks, feedback, acts and values typed by hand once each (one or two queries each,
whatever the number of events, people or indicators) and counts every indicator from them in
Python. The rules, from GRANT_PLAN.md ("How the numbers are counted"):

- Only events inside the plan's period count (published or finished; cancelled and draft
  ones never), and only those already held for what happens at an event (people, talks,
  feedback). An activity due in the period's first or last month counts only that month.
- Evidence the grantor rejected never counts; an "agreed" (келісілген) indicator counts only
  what the grantor approved. Evidence tied to no event counts when dated inside the period.
- A value typed by hand: the newest for the whole project plus the newest for each of the
  indicator's events already held (a value tied to any other event never counts).
- "Programme → 10" counts events with an approved programme, not uploads.
- Participants and direct beneficiaries are distinct people (monitoring.people).
- Indirect beneficiaries are the reach recorded on approved publications.
- Act indicators count filed, signed acts and their quantities by item type (grant_items).
"""

import calendar
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from functools import cached_property

from django.db.models import QuerySet
from django.utils import timezone

from events.models import AgendaItem, Event, EventStatus, SpeakerApproval, Talk
from media_log import selectors as media
from media_log.models import Approval

from . import people as people_module
from .grant_items import ActsReading, acts_readings
from .models import (
    ActivityTiming,
    EvidenceFiling,
    EvidencePlace,
    GrantPlan,
    Indicator,
    IndicatorSource,
    ManualValue,
    split_kinds,
)

ZERO = Decimal(0)
EVIDENCE_SOURCES = frozenset(
    {IndicatorSource.EVIDENCE, IndicatorSource.EVIDENCE_EVENTS, IndicatorSource.REACH, IndicatorSource.BANNER_STREETS}
)
# What happens at an event counts once the event is held; a programme or a speaker can be
# agreed with the grantor before it.
HELD_SOURCES = frozenset(
    {IndicatorSource.PARTICIPANTS, IndicatorSource.TALKS, IndicatorSource.FEEDBACK, IndicatorSource.EVENTS_HELD}
)


@dataclass(frozen=True)
class EventInfo:
    pk: int
    kind: str
    day: date
    held: bool


@dataclass(frozen=True)
class ManualEntry:
    value: Decimal
    entered_by: str
    entered_at: datetime


def _aware(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def activity_window(plan: GrantPlan, timing: str) -> tuple[date, date]:
    """The days an activity counts: the plan's period, or its first or last month."""
    if timing == ActivityTiming.FIRST_MONTH:
        last = plan.starts_on.replace(day=calendar.monthrange(plan.starts_on.year, plan.starts_on.month)[1])
        return plan.starts_on, min(last, plan.ends_on)
    if timing == ActivityTiming.LAST_MONTH:
        return max(plan.ends_on.replace(day=1), plan.starts_on), plan.ends_on
    return plan.starts_on, plan.ends_on


def _starting_between(events: QuerySet, start: date, end: date) -> QuerySet:
    return events.filter(start_at__gte=_aware(start), start_at__lt=_aware(end + timedelta(days=1)))


def plan_events(plan: GrantPlan) -> QuerySet:
    """The plan's events: published or finished (never cancelled or draft), starting inside its period."""
    events = Event.objects.filter(status__in=[EventStatus.PUBLISHED, EventStatus.FINISHED])
    return _starting_between(events, plan.starts_on, plan.ends_on)


def indicator_events(indicator: Indicator) -> QuerySet:
    """The plan's events `indicator` can count, held or not: of its kind (any when it names
    none), starting in its window."""
    events = _starting_between(plan_events(indicator.plan), *activity_window(indicator.plan, indicator.activity.timing))
    return events.filter(kind=indicator.event_kind) if indicator.event_kind else events


class Readings:
    def __init__(self, plan: GrantPlan, today: date):
        self.plan = plan
        self.today = today
        self._evidence_memo: dict[tuple[int, str], list[media.EvidenceRow]] = {}

    # --- Events ------------------------------------------------------------------------------

    @cached_property
    def events(self) -> dict[int, EventInfo]:
        """The plan's events (`plan_events`), in date order."""
        rows = plan_events(self.plan).values_list("pk", "kind", "start_at")
        events = {}
        for pk, kind, start_at in sorted(rows, key=lambda row: (row[2], row[0])):
            day = timezone.localdate(start_at)
            events[pk] = EventInfo(pk, kind, day, day <= self.today)
        return events

    def window(self, indicator: Indicator) -> tuple[date, date]:
        return activity_window(self.plan, indicator.activity.timing)

    def events_of(self, indicator: Indicator, *, held: bool) -> list[EventInfo]:
        """The plan's events of the indicator's kind (any kind when it names none) in its window."""
        start, end = self.window(indicator)
        return [
            event
            for event in self.events.values()
            if (not indicator.event_kind or event.kind == indicator.event_kind)
            and start <= event.day <= end
            and (event.held or not held)
        ]

    # --- Evidence ----------------------------------------------------------------------------

    @cached_property
    def evidence(self) -> list[media.EvidenceRow]:
        """Evidence that can count: not rejected, at one of the plan's events or dated inside its period."""
        start, end = self.plan.starts_on, self.plan.ends_on
        return [
            row
            for row in media.evidence_rows()
            if row.approval != Approval.REJECTED
            and (row.event_id in self.events if row.event_id is not None else start <= row.date <= end)
        ]

    @cached_property
    def filed(self) -> dict[int, set[int]]:
        filed: dict[int, set[int]] = {}
        for indicator_id, item_id in EvidenceFiling.objects.filter(indicator__plan=self.plan).values_list(
            "indicator_id", "item_id"
        ):
            filed.setdefault(indicator_id, set()).add(item_id)
        return filed

    def evidence_for(self, indicator: Indicator, param: str) -> list[media.EvidenceRow]:
        """The items an evidence indicator counts for the figure whose kinds are `param`."""
        key = (indicator.pk, param)
        if key not in self._evidence_memo:
            self._evidence_memo[key] = self._evidence_for(indicator, param)
        return self._evidence_memo[key]

    def _evidence_for(self, indicator: Indicator, param: str) -> list[media.EvidenceRow]:
        kinds = split_kinds(param)
        start, end = self.window(indicator)
        place = indicator.place
        if place == EvidencePlace.EVENTS:
            event_ids = {event.pk for event in self.events_of(indicator, held=False)}
        else:
            event_ids = {pk for pk, event in self.events.items() if start <= event.day <= end}
        filed = self.filed.get(indicator.pk, set())
        found = []
        for row in self.evidence:
            if "*" not in kinds and row.kind not in kinds:
                continue
            if indicator.approved_only and row.approval != Approval.APPROVED:
                continue
            if place == EvidencePlace.FILED:
                keep = row.pk in filed
            elif row.event_id is not None:
                keep = place != EvidencePlace.UNATTACHED and row.event_id in event_ids
            else:
                keep = place != EvidencePlace.EVENTS and start <= row.date <= end
            if keep:
                found.append(row)
        return found

    def counted_evidence(self, indicator: Indicator) -> set[int]:
        """The pks of every evidence item behind an evidence-based indicator (both figures)."""
        if indicator.source not in EVIDENCE_SOURCES:
            return set()
        params = [indicator.source_param or "banner", indicator.second_param]
        return {row.pk for param in params if param for row in self.evidence_for(indicator, param)}

    # --- People, speakers, talks, feedback ----------------------------------------------------

    @cached_property
    def attendances(self) -> list[people_module.Attendance]:
        return people_module.attendances(pk for pk, event in self.events.items() if event.held)

    @cached_property
    def people(self) -> list[people_module.Person]:
        return people_module.resolve_people(self.attendances)

    def people_for(self, indicator: Indicator) -> list[people_module.Person]:
        event_ids = {event.pk for event in self.events_of(indicator, held=True)}
        return [person for person in self.people if person.event_ids & event_ids]

    @cached_property
    def speaker_pairs(self) -> set[tuple[int, int]]:
        """(event, approved speaker) pairs from the talks and the agenda of the plan's events."""
        talks = Talk.objects.filter(speaker__approval=SpeakerApproval.APPROVED, event_id__in=list(self.events))
        agenda = AgendaItem.speakers.through.objects.filter(
            speaker__approval=SpeakerApproval.APPROVED, agendaitem__event_id__in=list(self.events)
        )
        return set(talks.values_list("event_id", "speaker_id")) | set(
            agenda.values_list("agendaitem__event_id", "speaker_id")
        )

    @cached_property
    def talks_by_event(self) -> dict[int, int]:
        counts: dict[int, int] = {}
        for event_id in Talk.objects.filter(event_id__in=list(self.events)).values_list("event_id", flat=True):
            counts[event_id] = counts.get(event_id, 0) + 1
        return counts

    @cached_property
    def feedback_by_event(self) -> dict[int, int]:
        return media.feedback_counts_by_event()

    # --- Acts and values typed by hand --------------------------------------------------------

    @cached_property
    def acts(self) -> dict[int, ActsReading]:
        return acts_readings(self.plan)

    @cached_property
    def manual(self) -> dict[int, dict[int | None, ManualEntry]]:
        """{indicator id: {event id (None: the whole project): the newest entry}}."""
        latest: dict[int, dict[int | None, ManualEntry]] = {}
        rows = (
            ManualValue.objects.filter(indicator__plan=self.plan)
            .order_by("-entered_at", "-pk")
            .values_list("indicator_id", "event_id", "value", "entered_by__username", "entered_at")
        )
        for indicator_id, event_id, value, username, entered_at in rows:
            latest.setdefault(indicator_id, {}).setdefault(event_id, ManualEntry(value, username, entered_at))
        return latest

    def counted_manual(self, indicator: Indicator) -> list[ManualEntry]:
        """The newest value for the whole project and for each of the indicator's held events:
        what its actual adds up. A value tied to an event outside the plan, of another kind or
        outside the indicator's window never counts."""
        entries = self.manual.get(indicator.pk, {})
        keys = [None, *(event.pk for event in self.events_of(indicator, held=True))]
        return [entries[key] for key in keys if key in entries]

    def last_entry(self, indicator: Indicator) -> ManualEntry | None:
        """The newest of the values the actual counts (who typed the figure shown, and when)."""
        return max(self.counted_manual(indicator), key=lambda entry: entry.entered_at, default=None)

    # --- Figures ------------------------------------------------------------------------------

    def figures(self, indicator: Indicator, event: EventInfo | None = None) -> tuple[Decimal, Decimal | None]:
        """(actual, second actual or None): over the whole plan, or at one held `event`."""
        source = indicator.source
        second = None
        if source == IndicatorSource.EVIDENCE:
            first = self._count_evidence(indicator, indicator.source_param, event)
            if indicator.second_param:
                second = self._count_evidence(indicator, indicator.second_param, event)
            return Decimal(first), None if second is None else Decimal(second)
        if source == IndicatorSource.GRANTOR_ACTS:
            reading = self.acts.get(indicator.pk, ActsReading())
            if event is not None:
                return ZERO, None if indicator.target_second is None else ZERO
            smallest = None if indicator.target_second is None else Decimal(reading.smallest_quantity)
            return Decimal(reading.acts_counted), smallest
        if source == IndicatorSource.MANUAL:
            entries = self.manual.get(indicator.pk, {})
            if event is not None:
                entry = entries.get(event.pk)
                return (entry.value if entry else ZERO), None
            return sum((entry.value for entry in self.counted_manual(indicator)), ZERO), None
        return Decimal(self._count(indicator, event)), None

    def _count_evidence(self, indicator: Indicator, param: str, event: EventInfo | None) -> int:
        rows = self.evidence_for(indicator, param)
        if event is not None:
            return sum(1 for row in rows if row.event_id == event.pk)
        return len(rows)

    def _count(self, indicator: Indicator, event: EventInfo | None) -> int:
        source = indicator.source
        events = [event] if event is not None else self.events_of(indicator, held=source in HELD_SOURCES)
        event_ids = {e.pk for e in events}
        if source == IndicatorSource.PARTICIPANTS:
            return sum(1 for person in self.people if person.event_ids & event_ids)
        if source == IndicatorSource.APPROVED_SPEAKERS:
            return len({speaker for event_id, speaker in self.speaker_pairs if event_id in event_ids})
        if source == IndicatorSource.TALKS:
            return sum(self.talks_by_event.get(pk, 0) for pk in event_ids)
        if source == IndicatorSource.FEEDBACK:
            return sum(self.feedback_by_event.get(pk, 0) for pk in event_ids)
        if source == IndicatorSource.EVENTS_HELD:
            return len(event_ids)
        if source == IndicatorSource.EVIDENCE_EVENTS:
            return len({row.event_id for row in self.evidence_for(indicator, indicator.source_param)} & event_ids)
        if source == IndicatorSource.BANNER_STREETS:
            rows = self.evidence_for(indicator, indicator.source_param or "banner")
            return len({" ".join(row.street.split()).casefold() for row in rows if row.street.strip()})
        if source == IndicatorSource.REACH:
            return sum(row.reach or 0 for row in self.evidence_for(indicator, indicator.source_param))
        return 0
