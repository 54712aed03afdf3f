"""What the events app announces to the apps built on it.

Events sits below registration in the app layering (core ← events ← registration ← …), so
it may not call registration's code. It sends a signal instead, and the app that cares
connects its receiver in its own `AppConfig.ready()`.
"""

from django.dispatch import Signal

capacity_changed = Signal()
"""Sent by `events.services.update_event` when an organiser changed an event's capacity,
inside the transaction that saves it, so a receiver's writes commit or roll back with the
event. Arguments: `sender` (the Event class) and `event` (the saved event).

A receiver returns the people it moved from the waitlist to confirmed places (a list), or
None. Registration's receiver (registration/receivers.py) gives the new places to the
waitlist at once, first come first served.
"""
