from django.db.models import Prefetch
from django.utils import timezone

from .models import AgendaItem, Event, EventKind, EventStatus, Speaker, Talk


def public_events(*, kind: str | None = None, past: bool = False):
    """The public programme: published upcoming events soonest first, or past ones latest first.
    Drafts and cancelled events stay off it, whoever is looking."""
    now = timezone.now()
    events = Event.objects.filter(status__in=[EventStatus.PUBLISHED, EventStatus.FINISHED]).select_related("venue")
    if kind in EventKind.values:
        events = events.filter(kind=kind)
    if past:
        return events.filter(end_at__lt=now).order_by("-start_at", "-pk")
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
