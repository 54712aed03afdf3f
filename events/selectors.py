from dataclasses import dataclass
from datetime import datetime

from django.db.models import Prefetch, Q
from django.utils import timezone

from .models import AgendaItem, Event, EventKind, EventStatus, Speaker, SpeakerApproval, Talk


def public_events(*, kind: str | None = None, past: bool = False):
    """The public programme: published upcoming events soonest first, or past ones latest first.
    Drafts and cancelled events stay off it, whoever is looking. Past is what
    `events.services.has_taken_place` says: ended, or marked finished (which may be before the end)."""
    now = timezone.now()
    events = Event.objects.filter(status__in=[EventStatus.PUBLISHED, EventStatus.FINISHED]).select_related("venue")
    if kind in EventKind.values:
        events = events.filter(kind=kind)
    if past:
        return events.filter(Q(end_at__lt=now) | Q(status=EventStatus.FINISHED)).order_by("-start_at", "-pk")
    return events.filter(end_at__gte=now).exclude(status=EventStatus.FINISHED).order_by("start_at", "pk")


def event_with_programme(*, slug: str, user):
    """One visible event with its venue, agenda (and the agenda's speakers) and talks, or None."""
    return (
        Event.objects.visible_to(user)
        .select_related("venue")
        .prefetch_related(
            Prefetch(
                "agenda_items", queryset=AgendaItem.objects.select_related("talk__speaker").prefetch_related("speakers")
            ),
            Prefetch("talks", queryset=Talk.objects.select_related("speaker")),
        )
        .filter(slug=slug)
        .first()
    )


def speakers_of(event: Event) -> list[Speaker]:
    """Everyone who speaks at the event, from its talks and agenda items, without repeats."""
    seen: dict[int, Speaker] = {}
    for talk in event.talks.all():
        seen.setdefault(talk.speaker_id, talk.speaker)
    for item in event.agenda_items.all():
        for speaker in item.speakers.all():
            seen.setdefault(speaker.pk, speaker)
        if item.talk_id:
            seen.setdefault(item.talk.speaker_id, item.talk.speaker)
    return list(seen.values())


@dataclass(frozen=True)
class ProgrammeEntry:
    """One line of the public agenda: its own title, the talk given in it (if any) and everyone
    who speaks in it, the talk's speaker first, each once."""

    starts_at: datetime
    ends_at: datetime
    title: str
    talk: Talk | None
    speakers: list[Speaker]

    @property
    def talk_title(self) -> str:
        """The talk's title when it says more than the item's own (often they are the same words)."""
        if self.talk is None or self.talk.title == self.title:
            return ""
        return self.talk.title


def programme(event: Event) -> tuple[list[ProgrammeEntry], list[Talk]]:
    """The agenda of an event from `event_with_programme`, and its talks that no agenda item
    carries. A talk placed on the agenda is shown there, so each talk appears once."""
    entries, placed = [], set()
    for item in event.agenda_items.all():
        speakers: dict[int, Speaker] = {}
        if item.talk_id:
            placed.add(item.talk_id)
            speakers[item.talk.speaker_id] = item.talk.speaker
        for speaker in item.speakers.all():
            speakers.setdefault(speaker.pk, speaker)
        entries.append(ProgrammeEntry(item.starts_at, item.ends_at, item.title, item.talk, list(speakers.values())))
    return entries, [talk for talk in event.talks.all() if talk.pk not in placed]


def speakers_for_review(*, approval: str | None = None):
    """Every speaker with the talks they give and the agenda items they speak in (with their
    events), for the grantor who approves them: approval first awaited, then by name."""
    speakers = Speaker.objects.prefetch_related(
        Prefetch("talks", queryset=Talk.objects.select_related("event").order_by("event__start_at", "pk")),
        Prefetch(
            "agenda_items",
            queryset=AgendaItem.objects.select_related("event", "talk").order_by("starts_at", "pk"),
        ),
    )
    if approval in SpeakerApproval.values:
        speakers = speakers.filter(approval=approval)
    return speakers.order_by("full_name", "pk")
