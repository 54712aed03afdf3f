"""Jobs: bulk runs made by Celery, with progress, a result file and an error.

A job is split into parts (JobPart rows), one small task each, then a finish task builds the
result. Every step is idempotent: a part is counted once however often its task runs, a
finished job is never finished again, and retrying a failed job queues only the parts that
are not done. A worker killed mid-job stops the heartbeat; `fail_stale_jobs` (beat, and every
read of the job) then marks it failed, and a retry resumes it. Tasks go through the outbox
(core.outbox), written in the job's own transaction, so a broker outage delays them instead of
losing them; a job that no worker starts within QUEUED_STALE_AFTER is reported failed too, and
can be retried.
"""

import logging
from collections.abc import Callable
from datetime import timedelta
from typing import IO

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile, File
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from . import job_kinds, outbox
from .errors import DomainError
from .models import Job, JobPart, JobStatus

logger = logging.getLogger(__name__)

STALE_AFTER = timedelta(minutes=5)
# A queued job waits behind other jobs on a busy worker, so it is given longer to start.
QUEUED_STALE_AFTER = timedelta(minutes=15)


@transaction.atomic
def create_job(*, kind: str, subject=None, created_by=None, params: dict | None = None, parts: int = 0) -> Job:
    """Record a job of a registered `kind` about `subject` (any model instance, or None) with
    `parts` parts, and queue its tasks once the transaction commits.

    Raises DomainError `too_many_jobs` when `created_by` already has JOBS_PER_USER_LIMIT jobs
    queued or running; the person's row is locked, so two clicks at once cannot both pass.
    """
    job_kinds.get(kind)  # An unregistered kind fails here, not later in a worker.
    if created_by is not None and settings.JOBS_PER_USER_LIMIT > 0:
        get_user_model().objects.select_for_update().filter(pk=created_by.pk).first()
        pending = Job.objects.filter(created_by=created_by, status__in=[JobStatus.QUEUED, JobStatus.RUNNING]).count()
        if pending >= settings.JOBS_PER_USER_LIMIT:
            raise DomainError(
                ngettext(
                    "You already have %(count)s job in progress. Wait until it finishes.",
                    "You already have %(count)s jobs in progress. Wait until one of them finishes.",
                    pending,
                )
                % {"count": pending},
                code="too_many_jobs",
            )
    job = Job(kind=kind, created_by=created_by, params=params or {}, total=parts)
    if subject is not None:
        job.subject = subject
    job.save()
    JobPart.objects.bulk_create([JobPart(job=job, index=index) for index in range(parts)], batch_size=1000)
    queue_job(job.pk)
    return job


def queue_job(job_id: int) -> None:
    """Queue, in the caller's transaction (outbox), the tasks of every part not done yet, or
    the finish task when all parts are done; they are published once it commits."""
    job = Job.objects.get(pk=job_id)
    kind = job_kinds.get(job.kind)
    pending = list(JobPart.objects.filter(job=job, done_at__isnull=True).values_list("index", flat=True))
    if kind.part_task and pending:
        outbox.enqueue_many(kind.part_task, [(job.pk, index) for index in pending])
    else:
        outbox.enqueue(kind.finish_task, job.pk)


def begin(*, job_id: int) -> Job | None:
    """The job if its work should go on (queued or running), now marked running; else None."""
    now = timezone.now()
    Job.objects.filter(pk=job_id, status=JobStatus.QUEUED).update(
        status=JobStatus.RUNNING,
        started_at=now,
        heartbeat_at=now,
    )
    job = Job.objects.filter(pk=job_id).first()
    if job is None or job.status != JobStatus.RUNNING:
        return None
    return job


def run_part(*, job_id: int, index: int, work: Callable[[Job, int], None]) -> None:
    """Do part `index` of a job once: skipped if the job is over or the part is done; on an
    error the job is marked failed with it, and the error is raised again for Celery's log."""
    job = begin(job_id=job_id)
    if job is None or JobPart.objects.filter(job=job, index=index, done_at__isnull=False).exists():
        return
    try:
        work(job, index)
    except Exception as exc:
        fail_job(job_id=job_id, error=_error_text(exc))
        raise
    complete_part(job_id=job_id, index=index)


def run_finish(*, job_id: int, work: Callable[[Job], tuple[str, bytes | IO[bytes]]]) -> None:
    """Build a job's result once all its parts are done; the result is stored at most once.
    `work` returns the file's name and its bytes or an open file (closed here)."""
    job = begin(job_id=job_id)
    if job is None or JobPart.objects.filter(job=job, done_at__isnull=True).exists():
        return
    try:
        filename, content = work(job)
    except Exception as exc:
        fail_job(job_id=job_id, error=_error_text(exc))
        raise
    try:
        finish_job(job_id=job_id, filename=filename, content=content)
    finally:
        if not isinstance(content, bytes):
            content.close()


def _error_text(exc: Exception) -> str:
    return f"{exc.__class__.__name__}: {exc}"[:2000]


def complete_part(*, job_id: int, index: int) -> bool:
    """Mark a part done and count it, at most once; the part that completes the job queues
    the finish task in the same transaction (outbox). Returns False when the part was already done."""
    with transaction.atomic():
        now = timezone.now()
        marked = JobPart.objects.filter(job_id=job_id, index=index, done_at__isnull=True).update(done_at=now)
        if not marked:
            return False
        # The UPDATE holds the job's row lock until commit, so two parts finishing together
        # see done == total only once.
        Job.objects.filter(pk=job_id).update(done=F("done") + 1, heartbeat_at=now)
        job = Job.objects.get(pk=job_id)
        if job.done == job.total and job.status == JobStatus.RUNNING:
            outbox.enqueue(job_kinds.get(job.kind).finish_task, job_id)
    return True


@transaction.atomic
def finish_job(*, job_id: int, filename: str, content: bytes | IO[bytes]) -> Job:
    """Store the result and mark the job done; a second call changes nothing."""
    job = Job.objects.select_for_update().get(pk=job_id)
    if job.status == JobStatus.DONE:
        return job
    if job.result:
        # A previous attempt stored a file and then died before committing; replace it.
        job.result.delete(save=False)
    job.result.save(
        f"{job.pk}/{filename}", ContentFile(content) if isinstance(content, bytes) else File(content), save=False
    )
    now = timezone.now()
    job.status, job.finished_at, job.heartbeat_at, job.error = JobStatus.DONE, now, now, ""
    job.save(update_fields=["result", "status", "finished_at", "heartbeat_at", "error"])
    return job


def fail_job(*, job_id: int, error: str) -> None:
    """Mark a job failed with `error`, unless it is already done."""
    Job.objects.filter(pk=job_id).exclude(status=JobStatus.DONE).update(
        status=JobStatus.FAILED,
        error=error,
        finished_at=timezone.now(),
    )


@transaction.atomic
def retry_job(*, job: Job) -> Job:
    """Queue a failed job again: only its parts not yet done run, so nothing is doubled.

    Raises DomainError `job_not_failed` for a job that is queued, running or done.
    """
    job = Job.objects.select_for_update().get(pk=job.pk)
    if job.status != JobStatus.FAILED:
        raise DomainError(_("Only a failed job can be retried."), code="job_not_failed")
    # The heartbeat marks when it was queued again, from which QUEUED_STALE_AFTER counts.
    job.status, job.error, job.finished_at, job.heartbeat_at = JobStatus.QUEUED, "", None, timezone.now()
    job.save(update_fields=["status", "error", "finished_at", "heartbeat_at"])
    queue_job(job.pk)
    return job


def fail_stale_jobs(*, now=None, job_id: int | None = None) -> int:
    """Mark failed every running job (or just `job_id`) without progress for STALE_AFTER: its
    worker most likely died; and every job still queued QUEUED_STALE_AFTER after it was created
    or retried: no worker took it (none runs, or the broker was unreachable). Returns how many
    were marked; a retry resumes them where they stopped."""
    now = now or timezone.now()
    queued_before = now - QUEUED_STALE_AFTER
    stale_by_wait = {
        STALE_AFTER: Q(status=JobStatus.RUNNING, heartbeat_at__lt=now - STALE_AFTER),
        QUEUED_STALE_AFTER: Q(status=JobStatus.QUEUED)
        & (Q(heartbeat_at__lt=queued_before) | Q(heartbeat_at__isnull=True, created_at__lt=queued_before)),
    }
    marked = 0
    for wait, condition in stale_by_wait.items():
        stale = Job.objects.filter(condition)
        if job_id is not None:
            stale = stale.filter(pk=job_id)
        marked += stale.update(
            status=JobStatus.FAILED,
            finished_at=now,
            error=_("No progress for %(minutes)s minutes: the worker may have stopped. Retry to resume.")
            % {"minutes": int(wait.total_seconds() // 60)},
        )
    return marked


def job_for_reading(job_id: int) -> Job | None:
    """The job as it is now; a stale running one is reported failed first."""
    fail_stale_jobs(job_id=job_id)
    return Job.objects.select_related("created_by").filter(pk=job_id).first()
