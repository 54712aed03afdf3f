"""The transactional outbox: tasks are recorded in the database with the change that asks for them.

`enqueue(task, *args)` writes an OutboxMessage row in the caller's transaction, so a task is
recorded exactly when the registration (or job, or claim) that asks for it is committed, and
never when it is rolled back. After the commit one quick attempt publishes it (a short broker
timeout and no retry, so a user never waits for a broker that is down); the row is marked sent
only after the broker accepted the message. A row that could not be published stays, and
`relay` (a beat task every 30 seconds, and each worker once it starts) publishes it later with
a growing delay between attempts. Publishing locks the rows (SKIP LOCKED), so the after-commit
attempt and a relay never publish one row twice; a message is published twice only if the
database fails between the broker's acceptance and the mark, so tasks must stay safe to redeliver.

Without a broker (no REDIS_URL, CELERY_TASK_ALWAYS_EAGER) the task runs in-process right after
the commit, as `task.delay` would, and its row is marked sent.

Rows name the task by its registered Celery name, so this module knows no app.
"""

import logging
import threading
import time
from collections.abc import Iterable, Sequence
from contextlib import suppress
from datetime import timedelta
from functools import partial
from itertools import groupby

from celery import current_app
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from .models import OutboxMessage

logger = logging.getLogger(__name__)

# One attempt to reach the broker costs at most about this long (connect, then each reply).
BROKER_TIMEOUT_SECONDS = 0.5
# After the n-th failed attempt a message waits FIRST_DELAY * 2**(n-1), at most MAX_DELAY.
FIRST_DELAY = timedelta(seconds=15)
MAX_DELAY = timedelta(minutes=10)
RELAY_BATCH = 200

POSTPONED_LOG_SECONDS = 60

_thread = threading.local()
_postponed_logged_at: float | None = None


def enqueue(task, *args) -> None:
    """Record `task(*args)` in the current transaction; publish it once that commits."""
    message = OutboxMessage.objects.create(task=task.name, args=list(args))
    transaction.on_commit(partial(publish, [message.pk]))


def enqueue_many(task, arg_lists: Iterable[Sequence]) -> None:
    """Record `task(*args)` for each args of `arg_lists` (one row each, one INSERT), published
    together once the current transaction commits."""
    messages = OutboxMessage.objects.bulk_create(
        [OutboxMessage(task=task.name, args=list(args)) for args in arg_lists], batch_size=1000
    )
    if messages:
        transaction.on_commit(partial(publish, [message.pk for message in messages]))


def broker_connection():
    """A new connection to the broker that gives up at once: a short timeout and no retry.
    Call `ensure_connection(max_retries=0)` on it to connect."""
    return current_app.connection_for_write(
        connect_timeout=BROKER_TIMEOUT_SECONDS,
        transport_options={
            "max_retries": 0,
            "socket_connect_timeout": BROKER_TIMEOUT_SECONDS,
            "socket_timeout": BROKER_TIMEOUT_SECONDS,
        },
    )


def publish(ids: Sequence[int]) -> int:
    """Hand the unsent messages among `ids` to Celery, in order; returns how many were sent.

    With a broker: the rows are locked (skipping rows another publisher holds), sent over one
    connection and marked sent in the same transaction; on a broker error the rest keep their
    rows, with the error and the time of their next attempt. In-process: each row is claimed,
    then its task runs here, raising what the task raises (as `task.delay` does in eager mode).
    """
    if current_app.conf.task_always_eager:
        return _run_in_process(ids)
    with transaction.atomic():
        messages = list(
            OutboxMessage.objects.select_for_update(skip_locked=True)
            .filter(pk__in=ids, sent_at__isnull=True)
            .order_by("pk")
        )
        if not messages:
            return 0
        sent, error = _send(messages)
        if error is not None:
            _postpone(messages[len(sent) :], error)
        now = timezone.now()
        OutboxMessage.objects.filter(pk__in=sent).update(sent_at=now, attempts=F("attempts") + 1)
    return len(sent)


def _send(messages: list[OutboxMessage]) -> tuple[list[int], Exception | None]:
    """Send `messages` in order over this thread's broker connection; returns the pks sent and
    the error that stopped it, if any. The connection is kept between calls (a new one costs
    tens of milliseconds) and dropped after any error; a kept one that fails is replaced once at
    once, because the broker may simply have restarted since it was opened."""
    sent = []
    while True:
        connection, kept = _thread_connection()
        try:
            connection.ensure_connection(max_retries=0)
            for message in messages[len(sent) :]:
                current_app.send_task(
                    message.task, args=message.args, connection=connection, retry=False, ignore_result=True
                )
                sent.append(message.pk)
            return sent, None
        except Exception as exc:  # noqa: BLE001 - whatever failed, the rows stay for the relay
            _drop_thread_connection()
            if not kept:
                return sent, exc


def _thread_connection():
    """(connection, kept): this thread's connection to the current broker URL, made if needed."""
    candidate = broker_connection()
    key = candidate.as_uri(include_password=True)
    kept = getattr(_thread, "connection", None)
    if kept is not None and kept[0] == key:
        return kept[1], True
    _drop_thread_connection()
    _thread.connection = (key, candidate)
    return candidate, False


def _drop_thread_connection() -> None:
    kept = getattr(_thread, "connection", None)
    _thread.connection = None
    if kept is not None:
        with suppress(Exception):
            kept[1].release()


def _postpone(messages: list[OutboxMessage], exc: Exception) -> None:
    global _postponed_logged_at
    # During an outage every request would say the same: once a minute is enough.
    if _postponed_logged_at is None or time.monotonic() - _postponed_logged_at >= POSTPONED_LOG_SECONDS:
        _postponed_logged_at = time.monotonic()
        logger.warning(
            "The broker did not take %s task(s) (%s: %s); they wait in the outbox for the relay.",
            len(messages),
            exc.__class__.__name__,
            exc,
        )
    now = timezone.now()
    error = f"{exc.__class__.__name__}: {exc}"[:2000]
    for attempts, group in groupby(sorted(messages, key=lambda m: m.attempts), key=lambda m: m.attempts + 1):
        delay = min(FIRST_DELAY * 2 ** min(attempts - 1, 20), MAX_DELAY)
        OutboxMessage.objects.filter(pk__in=[m.pk for m in group]).update(
            attempts=attempts, last_error=error, next_attempt_at=now + delay
        )


def _run_in_process(ids: Sequence[int]) -> int:
    ran = 0
    for message in OutboxMessage.objects.filter(pk__in=ids, sent_at__isnull=True).order_by("pk"):
        # The conditional UPDATE claims the row, so a message runs once even if two callers race.
        claimed = OutboxMessage.objects.filter(pk=message.pk, sent_at__isnull=True).update(
            sent_at=timezone.now(), attempts=F("attempts") + 1
        )
        if not claimed:
            continue
        try:
            current_app.tasks[message.task].apply(args=message.args)
        except Exception as exc:
            OutboxMessage.objects.filter(pk=message.pk).update(last_error=f"{exc.__class__.__name__}: {exc}"[:2000])
            raise
        ran += 1
    return ran


def relay(*, everything: bool = False) -> int:
    """Publish the unsent messages whose next attempt is due (with `everything`, all of them:
    a worker that just connected knows the broker is back), oldest first. Stops at the first
    batch the broker refuses, so a broker that is down costs one attempt per run. Returns how
    many were sent."""
    unsent = OutboxMessage.objects.filter(sent_at__isnull=True)
    if not everything:
        unsent = unsent.filter(next_attempt_at__lte=timezone.now())
    total = 0
    last_pk = 0
    while ids := list(unsent.filter(pk__gt=last_pk).order_by("pk").values_list("pk", flat=True)[:RELAY_BATCH]):
        sent = publish(ids)
        total += sent
        if sent < len(ids):
            break
        last_pk = ids[-1]
    return total


def prune(*, older_than: timedelta = timedelta(days=7)) -> int:
    """Delete messages sent more than `older_than` ago; returns how many."""
    deleted, _ = OutboxMessage.objects.filter(sent_at__lt=timezone.now() - older_than).delete()
    return deleted
