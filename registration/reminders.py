"""The day-before reminder: who is due one, and claiming each at most once."""

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from events.models import EventStatus

from .models import Registration, RegistrationStatus


def registrations_due_reminder(now: datetime | None = None):
    """Confirmed registrations with an email whose event starts within the next 24 hours
    and who have not been reminded yet."""
    now = now or timezone.now()
    return Registration.objects.filter(
        status=RegistrationStatus.CONFIRMED,
        reminder_sent_at__isnull=True,
        event__status=EventStatus.PUBLISHED,
        event__start_at__gt=now,
        event__start_at__lte=now + timedelta(hours=24),
    ).exclude(email="")


def claim_due_reminders(now: datetime | None = None) -> list[int]:
    """Mark each due registration as reminded and return their ids: each is claimed at most once.

    The mark is an UPDATE … WHERE reminder_sent_at IS NULL per row, committed at once, so two
    overlapping beat runs cannot both claim the same registration. The caller sends the emails.
    """
    now = now or timezone.now()
    claimed = []
    for pk in registrations_due_reminder(now).values_list("pk", flat=True):
        with transaction.atomic():
            if Registration.objects.filter(pk=pk, reminder_sent_at__isnull=True).update(reminder_sent_at=now):
                claimed.append(pk)
    return claimed
