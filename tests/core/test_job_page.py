"""The page of a job shows real progress (never "0 / 0"), says "started" only while it runs and
sits where its document is; the API's `result_url` lets the token that started a job download
its file."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from core.models import Job, JobStatus
from core.services import issue_api_token
from documents import participant_list
from tests.factories import EventFactory, RegistrationFactory
from tests.support import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"


def list_job(event, by, status=JobStatus.QUEUED, **extra) -> Job:
    """A participant-list job (one step: nothing to count) in the given state."""
    job = Job(kind=participant_list.KIND_PDF, created_by=by, status=status, params={"language": "en"}, **extra)
    job.subject = event
    job.save()
    return job


def page_of(client, job) -> str:
    response = client.get(reverse("jobs:detail", args=[job.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_a_one_step_job_says_preparing_not_zero_of_zero(organiser_client, organiser):
    job = list_job(EventFactory(), organiser)

    page = page_of(organiser_client, job)

    assert "0 / 0" not in page
    assert "preparing…" in page
    assert 'id="job-bar" max="100">' in page  # no value: an indeterminate bar


def test_a_job_in_parts_counts_them(organiser_client, organiser):
    job = list_job(EventFactory(), organiser, status=JobStatus.RUNNING, total=3, done=1, started_at=timezone.now())

    page = page_of(organiser_client, job)

    assert "1 / 3" in page
    assert 'value="33"' in page


def test_started_shows_only_while_the_job_runs(organiser_client, organiser):
    event = EventFactory()
    queued = list_job(event, organiser)
    running = list_job(event, organiser, status=JobStatus.RUNNING, started_at=timezone.now())
    done = list_job(event, organiser, status=JobStatus.DONE, started_at=timezone.now(), finished_at=timezone.now())

    assert '<span id="job-started" hidden>' in page_of(organiser_client, queued)
    assert '<span id="job-started">' in page_of(organiser_client, running)
    done_page = page_of(organiser_client, done)
    assert '<span id="job-started" hidden>' in done_page
    assert "Finished at" in done_page and "ready" in done_page


def test_the_job_sits_where_its_document_is(organiser_client, organiser):
    event = EventFactory(title_en="Budget seminar")
    job = list_job(event, organiser)

    page = page_of(organiser_client, job)

    crumbs = page[page.index('<nav class="crumbs') : page.index("</nav>", page.index('<nav class="crumbs'))]
    assert reverse("registration_manage:attendees", args=[event.slug]) in crumbs
    assert "Budget seminar" in crumbs


@pytest.mark.django_db(transaction=True)
def test_starting_a_document_says_what_is_true(client):
    """Without a worker (no Redis) the job runs as its transaction commits: it is ready, not "started"."""
    client.force_login(make_user("org-tx", "organiser"))
    event = EventFactory()
    RegistrationFactory(event=event)

    response = client.post(reverse("documents:start_participant_list", args=[event.slug, "pdf"]), follow=True)

    assert [str(m) for m in response.context["messages"]] == ["The document is ready."]
    main = response.content.decode().split("<main")[1].split("</main>")[0]
    assert "Download the result" in main
    assert "started" not in main.replace("job-started", "")


def test_a_token_downloads_the_result_of_the_job_it_started(client, django_capture_on_commit_callbacks):
    organiser = make_user("scanner-owner", "organiser")
    token = issue_api_token(username=organiser.username)
    event = EventFactory()
    RegistrationFactory(event=event)
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}

    with django_capture_on_commit_callbacks(execute=True):
        started = client.post(f"/api/events/{event.slug}/participant-list", "", content_type="application/json", **auth)
    job = client.get(f"/api/jobs/{started.json()['id']}", **auth).json()
    download = client.get(job["result_url"], **auth)

    assert started.status_code == 202
    assert job["status"] == "done"
    assert job["result_url"] == f"/api/jobs/{job['id']}/result"
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert download["Cache-Control"] == "private, no-store"
    assert b"".join(download.streaming_content).startswith(b"%PDF")


def test_the_result_is_refused_to_others_and_missing_until_done(client, organiser):
    event = EventFactory()
    running = list_job(event, organiser, status=JobStatus.RUNNING)
    done = list_job(event, organiser, status=JobStatus.DONE)
    done.result.save("list.pdf", ContentFile(b"%PDF-1.4"), save=True)
    volunteer = make_user("door-phone", "volunteer")
    organiser_token = issue_api_token(username=organiser.username)
    volunteer_token = issue_api_token(username=volunteer.username)

    def get(job, token=None):
        headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
        return client.get(f"/api/jobs/{job.pk}/result", **headers)

    assert get(done).status_code == 401
    assert (get(done, volunteer_token).status_code, get(done, volunteer_token).json()["code"]) == (403, "forbidden")
    assert (get(running, organiser_token).status_code, get(running, organiser_token).json()["code"]) == (
        404,
        "not_found",
    )
    assert get(done, organiser_token).status_code == 200
