import logging

from celery import shared_task

from core import jobs
from core.models import Job, JobStatus

from . import certificates, documents, services
from .models import Registration

logger = logging.getLogger(__name__)


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_ticket_email_task(registration_id: int, reason: str) -> None:
    registration = Registration.objects.select_related("event__venue").filter(pk=registration_id).first()
    if registration is None:
        logger.warning("Registration %s vanished before its %s email", registration_id, reason)
        return
    documents.send_ticket_email(registration, reason)


@shared_task
def queue_due_reminders_task() -> int:
    return services.queue_due_reminders()


# Badges, certificates and participant lists: each job's parts, then its result (core.jobs).


@shared_task(acks_late=True)
def render_badge_part_task(job_id: int, index: int) -> None:
    jobs.run_part(job_id=job_id, index=index, work=certificates.render_badge_part)


@shared_task(acks_late=True)
def assemble_badges_task(job_id: int) -> None:
    jobs.run_finish(job_id=job_id, work=certificates.assemble_badges)
    job = Job.objects.filter(pk=job_id, status=JobStatus.DONE).first()
    if job is not None:
        certificates.clean_badge_parts(job)


@shared_task(acks_late=True)
def issue_certificate_part_task(job_id: int, index: int) -> None:
    jobs.run_part(job_id=job_id, index=index, work=certificates.issue_certificate_part)


@shared_task(acks_late=True)
def assemble_certificates_task(job_id: int) -> None:
    jobs.run_finish(job_id=job_id, work=certificates.assemble_certificates)


@shared_task(acks_late=True)
def build_participant_list_task(job_id: int) -> None:
    jobs.run_finish(job_id=job_id, work=certificates.participant_list)
