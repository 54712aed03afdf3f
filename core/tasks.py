from celery import shared_task
from django.contrib.auth import get_user_model
from django.db import connection

from . import outbox
from .jobs import fail_stale_jobs


@shared_task
def ping_task(token: str) -> dict:
    """Answer with the token, the database vendor and the user count: proof that a worker
    received the message, reached the database and sent the result back."""
    return {"token": token, "database": connection.vendor, "users": get_user_model().objects.count()}


@shared_task
def fail_stale_jobs_task() -> int:
    return fail_stale_jobs()


@shared_task(ignore_result=True)
def relay_outbox_task(everything: bool = False) -> int:
    """Publish the outbox's messages that the broker could not take before, and forget those
    sent a week ago. `everything` ignores their back-off (a worker just started: the broker is up)."""
    sent = outbox.relay(everything=everything)
    outbox.prune()
    return sent
