from datetime import datetime

from django.http import Http404
from ninja import Router, Schema

from core.schemas import ErrorOut, ValidationErrorOut

from . import selectors
from .models import Event, EventKind, EventStatus

router = Router(tags=["events"])


class VenueOut(Schema):
    name: str
    address: str
    city: str
    map_url: str


class SpeakerOut(Schema):
    id: int
    full_name: str
    position: str
    organisation: str


class AgendaItemOut(Schema):
    starts_at: datetime
    ends_at: datetime
    title: str
    talk: str | None
    speakers: list[str]


class EventOut(Schema):
    slug: str
    kind: EventKind
    title: str
    description: str
    start_at: datetime
    end_at: datetime
    status: EventStatus
    capacity: int | None
    registration_open: bool
    venue: VenueOut | None
    url: str


class EventDetailOut(EventOut):
    agenda: list[AgendaItemOut]
    speakers: list[SpeakerOut]


def _event_out(event: Event) -> dict:
    return {
        "slug": event.slug,
        "kind": event.kind,
        "title": event.title,
        "description": event.description,
        "start_at": event.start_at,
        "end_at": event.end_at,
        "status": event.status,
        "capacity": event.capacity,
        "registration_open": event.is_registration_open(),
        "venue": event.venue,
        "url": event.get_absolute_url(),
    }


@router.get("", response={200: list[EventOut], 422: ValidationErrorOut})
def list_events(request, kind: EventKind | None = None, past: bool = False):
    """The public programme: published events, upcoming by default (`past=true` for earlier ones),
    optionally of one `kind`. Titles come in the request's language (`Accept-Language`)."""
    return [_event_out(event) for event in selectors.public_events(kind=kind, past=past)]


@router.get("/{slug}", response={200: EventDetailOut, 404: ErrorOut, 422: ValidationErrorOut})
def get_event(request, slug: str):
    """One event with its agenda and speakers. Drafts are visible to organisers only."""
    event = selectors.event_with_programme(slug=slug, user=request.user)
    if event is None:
        raise Http404
    agenda = [
        {
            "starts_at": item.starts_at,
            "ends_at": item.ends_at,
            "title": item.title,
            "talk": item.talk.title if item.talk else None,
            "speakers": [s.full_name for s in item.speakers.all()],
        }
        for item in event.agenda_items.all()
    ]
    return {**_event_out(event), "agenda": agenda, "speakers": selectors.speakers_of(event)}
