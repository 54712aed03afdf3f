"""Where an event's places stand, for the public pages (the event and its registration form)
and the ticket page: `{% load places %}`.

The events app cannot ask registration how many places are taken (it sits below it), so its
templates load this library instead."""

from dataclasses import dataclass

from django import template

from events.models import Event

from .. import services, tickets
from ..models import Registration

register = template.Library()

# Below this many free places the event page says how many are left.
FEW_PLACES = 10


@dataclass(frozen=True)
class Places:
    capacity: int | None
    taken: int
    # New participants go to the waitlist: `services.has_room`, the rule registration decides by.
    full: bool = False

    @property
    def left(self) -> int | None:
        return None if self.capacity is None else max(self.capacity - self.taken, 0)

    @property
    def few(self) -> bool:
        return self.left is not None and 0 < self.left <= FEW_PLACES


@register.simple_tag
def event_places(event: Event) -> Places:
    """`{% event_places event as places %}`: the capacity and the participants' places taken."""
    if event.capacity is None:
        return Places(capacity=None, taken=0)
    taken = services.confirmed_count(event)
    return Places(capacity=event.capacity, taken=taken, full=not services.has_room(event, taken=taken))


@register.simple_tag
def waitlist_place(registration: Registration) -> int | None:
    """`{% waitlist_place registration as number %}`: 1 for the next person to get a place."""
    return tickets.waitlist_position(registration)


@register.simple_tag
def how_we_tell(registration: Registration) -> str:
    """How a waitlisted person will learn that a place is theirs (email only if they gave one)."""
    return tickets.how_we_tell(registration, on_page=True)
