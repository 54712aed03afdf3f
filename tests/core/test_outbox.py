"""The transactional outbox: a broker outage delays emails and job tasks, it never loses them.

The broker is a real redis-server of the test's own (or CI's Redis for the real worker); an
outage is a broker URL where nothing listens.
"""

import base64
import json
import time
from datetime import timedelta

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone

from config.celery import app as celery_app
from core import outbox
from core.jobs import QUEUED_STALE_AFTER, fail_stale_jobs, retry_job
from core.models import Job, JobStatus, OutboxMessage
from documents import badges
from registration import services
from registration.models import Registration
from registration.tasks import send_ticket_email_task
from tests.factories import EventFactory, RegistrationFactory
from tests.support import run_parallel

pytestmark = pytest.mark.django_db


@pytest.fixture
def broker_at():
    """Send tasks to a broker (not in-process), at the URL given."""
    conf = celery_app.conf
    saved = conf.task_always_eager, conf.broker_url
    conf.task_always_eager = False

    def point_at(url: str) -> None:
        conf.broker_url = url

    yield point_at
    conf.task_always_eager, conf.broker_url = saved


def register(event, n: int = 1) -> Registration:
    applicant = services.Applicant(
        full_name=f"Қатысушы Нөмір {n}", phone=f"+7701666{n:04d}", email=f"person{n}@example.kz"
    )
    return services.register_participant(event=event, applicant=applicant, consent=True)


def queued_messages(redis_server) -> list[tuple[str, list]]:
    """(task name, args) of each message waiting in the broker's default queue."""
    queued = []
    for raw in redis_server.client().lrange("celery", 0, -1):
        message = json.loads(raw)
        args, _kwargs, _embed = json.loads(base64.b64decode(message["body"]))
        queued.append((message["headers"]["task"], args))
    return queued


def test_registration_answers_at_once_and_keeps_its_email_while_the_broker_is_down(
    client, broker_at, dead_port, django_capture_on_commit_callbacks
):
    broker_at(f"redis://127.0.0.1:{dead_port}/0")
    event = EventFactory()
    body = {"full_name": "Айгерім Сәрсенова", "phone": "8 701 666 00 01", "email": "a@example.kz", "consent": True}

    started = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/api/events/{event.slug}/registrations", json.dumps(body), content_type="application/json"
        )
    seconds = time.monotonic() - started

    registration = Registration.objects.get()
    message = OutboxMessage.objects.get()
    assert response.status_code == 201
    assert response.json()["code"] == registration.code
    assert seconds < 1.0
    assert (message.task, message.args, message.sent_at, message.attempts) == (
        send_ticket_email_task.name,
        [registration.pk, "registered"],
        None,
        1,
    )
    assert message.last_error.startswith("OperationalError: ")
    assert message.next_attempt_at > timezone.now()
    assert mail.outbox == []


def test_relay_publishes_a_kept_message_once_when_the_broker_is_back(
    broker_at, dead_port, redis_server, django_capture_on_commit_callbacks
):
    broker_at(f"redis://127.0.0.1:{dead_port}/0")
    with django_capture_on_commit_callbacks(execute=True):
        registration = register(EventFactory())
    broker_at(redis_server.url)

    not_due = outbox.relay()
    relayed = outbox.relay(everything=True)
    again = outbox.relay(everything=True)

    message = OutboxMessage.objects.get()
    assert (not_due, relayed, again) == (0, 1, 0)
    assert queued_messages(redis_server) == [(send_ticket_email_task.name, [registration.pk, "registered"])]
    assert message.sent_at is not None and message.attempts == 2


def test_in_process_the_task_runs_at_commit_and_its_message_is_marked_sent(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        registration = register(EventFactory())

    message = OutboxMessage.objects.get()
    assert [m.to for m in mail.outbox] == [[registration.email]]
    assert (message.args, message.attempts, message.last_error) == ([registration.pk, "registered"], 1, "")
    assert message.sent_at is not None
    assert outbox.relay(everything=True) == 0
    assert len(mail.outbox) == 1


def test_a_rolled_back_registration_queues_no_email(django_capture_on_commit_callbacks):
    event = EventFactory()

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        with transaction.atomic():
            register(event)
            raise RuntimeError("the caller changed its mind")

    assert (Registration.objects.count(), OutboxMessage.objects.count(), mail.outbox) == (0, 0, [])


def test_a_job_queued_while_the_broker_is_down_fails_when_stale_and_its_retry_finishes(
    organiser, broker_at, dead_port, django_capture_on_commit_callbacks
):
    event = EventFactory()
    RegistrationFactory.create_batch(9, event=event)  # two sheets of 8
    broker_at(f"redis://127.0.0.1:{dead_port}/0")
    with django_capture_on_commit_callbacks(execute=True):
        job = badges.start_badge_job(event=event, by=organiser, layout="a4_sheet")
    job.refresh_from_db()
    assert (job.status, job.total, job.done) == (JobStatus.QUEUED, 2, 0)
    assert list(OutboxMessage.objects.values_list("args", "sent_at", "attempts")) == [
        ([job.pk, 0], None, 1),
        ([job.pk, 1], None, 1),
    ]

    fresh = fail_stale_jobs()
    stale = fail_stale_jobs(now=timezone.now() + QUEUED_STALE_AFTER + timedelta(minutes=1))
    job.refresh_from_db()
    assert (fresh, stale, job.status) == (0, 1, JobStatus.FAILED)
    assert job.error != ""

    # The broker is back; this time the tasks run in-process.
    celery_app.conf.task_always_eager = True
    with django_capture_on_commit_callbacks(execute=True):
        retry_job(job=job)
    job.refresh_from_db()
    assert (job.status, job.done, job.total, job.error) == (JobStatus.DONE, 2, 2, "")

    # The messages of the first attempt still reach their tasks, which find the parts done.
    with django_capture_on_commit_callbacks(execute=True):
        relayed = outbox.relay(everything=True)
    job.refresh_from_db()
    assert relayed == 2
    assert (job.status, job.done) == (JobStatus.DONE, 2)
    assert OutboxMessage.objects.filter(sent_at__isnull=True).count() == 0


def test_a_retried_job_is_given_the_full_wait_again(organiser, django_capture_on_commit_callbacks):
    event = EventFactory()
    RegistrationFactory(event=event)
    job = badges.start_badge_job(event=event, by=organiser, layout="a4_sheet")  # its tasks are not run
    Job.objects.filter(pk=job.pk).update(created_at=timezone.now() - QUEUED_STALE_AFTER * 3)
    assert fail_stale_jobs() == 1
    job.refresh_from_db()

    retry_job(job=job)

    assert fail_stale_jobs() == 0
    assert fail_stale_jobs(now=timezone.now() + QUEUED_STALE_AFTER + timedelta(minutes=1)) == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_publishers_at_once_send_a_message_once(broker_at, redis_server):
    broker_at(redis_server.url)
    message = OutboxMessage.objects.create(task=send_ticket_email_task.name, args=[1, "registered"])

    sent = run_parallel(4, lambda _: outbox.publish([message.pk]))

    assert sorted(sent) == [0, 0, 0, 1]
    assert queued_messages(redis_server) == [(send_ticket_email_task.name, [1, "registered"])]


@pytest.mark.real_worker
@pytest.mark.django_db(transaction=True)
def test_an_email_kept_during_an_outage_arrives_once_through_a_real_worker(live_worker, settings, dead_port):
    celery_app.conf.broker_url = f"redis://127.0.0.1:{dead_port}/0"
    try:
        registration = register(EventFactory())  # committed: the quick publish fails at once
    finally:
        celery_app.conf.broker_url = settings.REDIS_URL
    assert OutboxMessage.objects.get().sent_at is None

    relayed = outbox.relay(everything=True)
    deadline = time.monotonic() + 20
    while not mail.outbox and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.5)  # room for a second copy to show up, if there were one

    assert relayed == 1
    assert [m.to for m in mail.outbox] == [[registration.email]]
    assert OutboxMessage.objects.get().sent_at is not None
