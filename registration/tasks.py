import logging

from celery import shared_task
from django.db import transaction

from core import outbox

from . import reminders, tickets
from .models import Registration

logger = logging.getLogger(__name__)


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_ticket_email_task(registration_id: int, reason: str) -> None:
    registration = Registration.objects.select_related("event__venue").filter(pk=registration_id).first()
    if registration is None:
        logger.warning("Registration %s vanished before its %s email", registration_id, reason)
        return
    tickets.send_ticket_email(registration, reason)


@shared_task
def queue_due_reminders_task() -> int:
    """Claim the reminders due (each once) and queue their emails, in one transaction: a claim
    is never committed without its email recorded in the outbox, whatever the broker does."""
    with transaction.atomic():
        claimed = reminders.claim_due_reminders()
        outbox.enqueue_many(send_ticket_email_task, [(registration_id, "reminder") for registration_id in claimed])
    return len(claimed)
