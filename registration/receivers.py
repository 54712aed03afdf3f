"""Registration's answers to what the events app announces (connected in `RegistrationConfig.ready`)."""

from . import services


def promote_on_capacity_change(sender, *, event, **kwargs):
    """events.signals.capacity_changed: give any new places to the waitlist at once, first come
    first served, inside the organiser's transaction; returns the people promoted."""
    return services.promote_after_capacity_change(event=event)
