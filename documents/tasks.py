"""Celery entry points of the document jobs: each job's parts, then its result (core.jobs)."""

from celery import shared_task

from core import jobs
from core.models import Job, JobStatus

from . import badges, certificates, participant_list


@shared_task(acks_late=True)
def render_badge_part_task(job_id: int, index: int) -> None:
    jobs.run_part(job_id=job_id, index=index, work=badges.render_badge_part)


@shared_task(acks_late=True)
def assemble_badges_task(job_id: int) -> None:
    jobs.run_finish(job_id=job_id, work=badges.assemble_badges)
    job = Job.objects.filter(pk=job_id, status=JobStatus.DONE).first()
    if job is not None:
        badges.clean_badge_parts(job)


@shared_task(acks_late=True)
def issue_certificate_part_task(job_id: int, index: int) -> None:
    jobs.run_part(job_id=job_id, index=index, work=certificates.issue_certificate_part)


@shared_task(acks_late=True)
def assemble_certificates_task(job_id: int) -> None:
    jobs.run_finish(job_id=job_id, work=certificates.assemble_certificates)


@shared_task(acks_late=True)
def build_participant_list_task(job_id: int) -> None:
    jobs.run_finish(job_id=job_id, work=participant_list.participant_list)
