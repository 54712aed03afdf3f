"""The grantor makes and downloads the report for the grantor from the monitoring pages, which
keep the reports made so far; nobody outside monitoring's readers reaches them, and the pages
answer only for report jobs."""

import pytest
from django.urls import reverse

from core.models import Job, JobStatus
from monitoring.report import KIND

pytestmark = pytest.mark.django_db


def _make(client, plan, capture, file_format="pdf", language="kk"):
    with capture(execute=True):
        response = client.post(
            reverse("monitoring:report"), {"plan": plan.pk, "format": file_format, "language": language}
        )
    return response


def test_grantor_makes_and_downloads_the_report(plan, grantor_client, grantor, django_capture_on_commit_callbacks):
    response = _make(grantor_client, plan, django_capture_on_commit_callbacks)

    job = Job.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("monitoring:report_job", args=[job.pk])
    assert (job.kind, job.status, job.created_by) == (KIND, JobStatus.DONE, grantor)
    page = grantor_client.get(response["Location"]).content.decode()
    assert 'class="topbar"' in page and reverse("monitoring:report_download", args=[job.pk]) in page
    download = grantor_client.get(reverse("monitoring:report_download", args=[job.pk]))
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert download["Cache-Control"] == "private, no-store"
    assert b"".join(download.streaming_content).startswith(b"%PDF")


def test_reports_page_lists_every_report_for_the_grantor(
    plan, organiser, grantor, client, django_capture_on_commit_callbacks
):
    client.force_login(organiser)
    _make(client, plan, django_capture_on_commit_callbacks, file_format="xlsx", language="ru")
    client.force_login(grantor)

    response = client.get(reverse("monitoring:reports"))

    job = Job.objects.get()
    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="new-report"' in page
    assert reverse("monitoring:report_download", args=[job.pk]) in page
    assert "XLSX · Русский" in page
    download = client.get(reverse("monitoring:report_download", args=[job.pk]))
    assert download.status_code == 200
    assert download["Content-Disposition"].endswith('-ru.xlsx"')


def test_the_monitoring_menu_leads_to_the_reports_and_the_speakers(plan, grantor_client):
    page = grantor_client.get(reverse("monitoring:dashboard")).content.decode()

    assert reverse("monitoring:reports") in page
    assert reverse("events:speakers") in page


def test_a_volunteer_is_refused_the_reports_with_the_sites_page(plan, volunteer_client):
    response = volunteer_client.get(reverse("monitoring:reports"))

    assert response.status_code == 403
    assert 'id="refused"' in response.content.decode()


def test_report_pages_answer_only_for_report_jobs(plan, grantor_client, organiser):
    other = Job.objects.create(kind="participant_list", created_by=organiser, status=JobStatus.DONE)

    assert grantor_client.get(reverse("monitoring:report_job", args=[other.pk])).status_code == 404
    assert grantor_client.get(reverse("monitoring:report_download", args=[other.pk])).status_code == 404
    assert grantor_client.get(reverse("jobs:detail", args=[other.pk])).status_code == 403


def test_a_report_not_yet_made_cannot_be_downloaded_and_its_page_refreshes(plan, grantor_client, grantor):
    job = Job.objects.create(kind=KIND, created_by=grantor, params={"format": "pdf", "language": "kk"})

    page = grantor_client.get(reverse("monitoring:report_job", args=[job.pk])).content.decode()

    assert '<meta http-equiv="refresh" content="3">' in page
    assert grantor_client.get(reverse("monitoring:report_download", args=[job.pk])).status_code == 404
