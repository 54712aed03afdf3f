from celery import shared_task

from core import jobs

from . import report


@shared_task(acks_late=True)
def build_grant_report_task(job_id: int) -> None:
    jobs.run_finish(job_id=job_id, work=report.build_grant_report)
