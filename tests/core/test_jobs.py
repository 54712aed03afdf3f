from datetime import timedelta

import pytest
from django.utils import timezone

from core.errors import DomainError
from core.jobs import STALE_AFTER, fail_stale_jobs, retry_job
from core.models import Job, JobPart, JobStatus
from documents import badges
from documents.context import job_event
from documents.tasks import assemble_badges_task, render_badge_part_task
from tests.factories import EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


def badge_job(organiser, count=10, layout="a4_sheet"):
    event = EventFactory()
    RegistrationFactory.create_batch(count, event=event)
    return badges.start_badge_job(event=event, by=organiser, layout=layout)


def test_job_counts_progress_part_by_part(organiser):
    job = badge_job(organiser, count=17)  # the on-commit queueing does not run: parts run by hand
    assert (job.status, job.done, job.total) == (JobStatus.QUEUED, 0, 3)

    render_badge_part_task(job.pk, 0)
    job.refresh_from_db()
    assert (job.status, job.done) == (JobStatus.RUNNING, 1)
    assert job.heartbeat_at is not None and job.started_at is not None

    render_badge_part_task(job.pk, 0)  # redelivered: counted once
    render_badge_part_task(job.pk, 1)
    render_badge_part_task(job.pk, 2)
    job.refresh_from_db()
    assert (job.status, job.done) == (JobStatus.RUNNING, 3)

    assemble_badges_task(job.pk)
    assemble_badges_task(job.pk)  # a second run changes nothing
    job.refresh_from_db()
    assert (job.status, job.done, job.total, job.error) == (JobStatus.DONE, 3, 3, "")
    assert job.result.name == f"jobs/{job.pk}/badges-{job_event(job).slug}-a4_sheet.pdf"


def test_finish_waits_for_every_part(organiser):
    job = badge_job(organiser, count=9)
    render_badge_part_task(job.pk, 0)

    assemble_badges_task(job.pk)

    job.refresh_from_db()
    assert (job.status, job.result.name) == (JobStatus.RUNNING, "")


def test_failing_part_marks_the_job_failed_and_retry_finishes_it(organiser, django_capture_on_commit_callbacks):
    job = badge_job(organiser, count=10)
    Job.objects.filter(pk=job.pk).update(params={**job.params, "layout": "poster"})

    with pytest.raises(ValueError):
        render_badge_part_task(job.pk, 0)

    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert job.error == "ValueError: Unknown badge layout 'poster'"
    assert job.done == 0
    render_badge_part_task(job.pk, 1)  # the rest of the queue skips a failed job
    assert JobPart.objects.filter(job=job, done_at__isnull=False).count() == 0

    Job.objects.filter(pk=job.pk).update(params={**job.params, "layout": "a4_sheet"})
    with django_capture_on_commit_callbacks(execute=True):
        retry_job(job=job)

    job.refresh_from_db()
    assert (job.status, job.done, job.total, job.error) == (JobStatus.DONE, 2, 2, "")


def test_retry_runs_only_the_parts_not_done(organiser, django_capture_on_commit_callbacks):
    job = badge_job(organiser, count=16)
    render_badge_part_task(job.pk, 0)
    first_done_at = JobPart.objects.get(job=job, index=0).done_at
    Job.objects.filter(pk=job.pk).update(status=JobStatus.FAILED, error="worker lost")

    with django_capture_on_commit_callbacks(execute=True):
        retry_job(job=job)

    job.refresh_from_db()
    assert (job.status, job.done) == (JobStatus.DONE, 2)
    assert JobPart.objects.get(job=job, index=0).done_at == first_done_at


@pytest.mark.parametrize("status", [JobStatus.QUEUED, JobStatus.RUNNING, JobStatus.DONE])
def test_only_a_failed_job_can_be_retried(organiser, status):
    job = badge_job(organiser, count=1)
    Job.objects.filter(pk=job.pk).update(status=status)

    with pytest.raises(DomainError) as error:
        retry_job(job=job)

    assert error.value.code == "job_not_failed"


def test_stale_running_job_becomes_failed(organiser):
    job = badge_job(organiser, count=1)
    fresh = badge_job(organiser, count=1)
    long_ago = timezone.now() - STALE_AFTER - timedelta(seconds=1)
    Job.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING, heartbeat_at=long_ago)
    Job.objects.filter(pk=fresh.pk).update(status=JobStatus.RUNNING, heartbeat_at=timezone.now())

    assert fail_stale_jobs() == 1

    job.refresh_from_db()
    fresh.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert job.error != ""
    assert fresh.status == JobStatus.RUNNING


def test_reading_a_stale_job_reports_it_failed(organiser_client, organiser):
    job = badge_job(organiser, count=1)
    Job.objects.filter(pk=job.pk).update(
        status=JobStatus.RUNNING, heartbeat_at=timezone.now() - STALE_AFTER - timedelta(minutes=1)
    )

    body = organiser_client.get(f"/api/jobs/{job.pk}").json()

    assert body["status"] == "failed"
    assert body["result_url"] is None
    assert Job.objects.get(pk=job.pk).status == JobStatus.FAILED


def test_job_api_refuses_anonymous(client, organiser):
    job = badge_job(organiser, count=1)

    response = client.get(f"/api/jobs/{job.pk}")

    assert response.status_code == 401
    assert response.json()["code"] == "unauthorized"


def test_job_api_refuses_volunteers(volunteer_client, organiser):
    job = badge_job(organiser, count=1)

    forbidden = volunteer_client.get(f"/api/jobs/{job.pk}")
    assert forbidden.status_code == 403
    assert forbidden.json()["code"] == "forbidden"


def test_job_api_404_for_unknown_job(organiser_client):
    response = organiser_client.get("/api/jobs/999999")

    assert response.status_code == 404


def test_badge_api_answers_202_with_the_queued_job(organiser_client):
    event = EventFactory()
    RegistrationFactory.create_batch(3, event=event)

    # Without running the on-commit hooks, the job stays queued: the answer is the job as started.
    response = organiser_client.post(
        f"/api/events/{event.slug}/badges", '{"layout": "a6"}', content_type="application/json"
    )

    assert response.status_code == 202
    body = response.json()
    assert (body["kind"], body["status"], body["done"], body["total"]) == ("badges", "queued", 0, 1)
    assert body["created_by"] == "organiser1"
    assert body["result_url"] is None
    assert organiser_client.get(f"/api/jobs/{body['id']}").json()["status"] == "queued"


def test_job_page_download_and_retry_for_organisers(organiser_client, organiser, django_capture_on_commit_callbacks):
    job = badge_job(organiser, count=2)
    Job.objects.filter(pk=job.pk).update(status=JobStatus.FAILED, error="ValueError: boom")

    page = organiser_client.get(f"/manage/jobs/{job.pk}/")
    assert page.status_code == 200
    assert "ValueError: boom" in page.content.decode()
    assert organiser_client.get(f"/manage/jobs/{job.pk}/download").status_code == 404

    with django_capture_on_commit_callbacks(execute=True):
        retried = organiser_client.post(f"/manage/jobs/{job.pk}/retry")

    assert retried.status_code == 302
    download = organiser_client.get(f"/manage/jobs/{job.pk}/download")
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF-")


def test_job_pages_refuse_volunteers(volunteer_client, organiser):
    job = badge_job(organiser, count=1)

    assert volunteer_client.get(f"/manage/jobs/{job.pk}/").status_code == 403
    assert volunteer_client.get(f"/manage/jobs/{job.pk}/download").status_code == 403
    assert volunteer_client.post(f"/manage/jobs/{job.pk}/retry").status_code == 403


def test_job_pages_send_anonymous_to_log_in(client, organiser):
    job = badge_job(organiser, count=1)

    response = client.get(f"/manage/jobs/{job.pk}/")

    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


def test_organiser_starts_badges_from_the_attendee_page(organiser_client, django_capture_on_commit_callbacks):
    event = EventFactory()
    RegistrationFactory.create_batch(3, event=event)
    page = organiser_client.get(f"/manage/registration/{event.slug}/")
    assert f"/manage/registration/{event.slug}/jobs/badges/" in page.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = organiser_client.post(f"/manage/registration/{event.slug}/jobs/badges/", {"layout": "card"})

    job = Job.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/manage/jobs/{job.pk}/"
    assert (job.status, job.params["layout"], job.created_by.username) == (JobStatus.DONE, "card", "organiser1")
