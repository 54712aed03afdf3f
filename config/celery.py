"""The Celery app. With REDIS_URL set, tasks travel through Redis to a worker;
without it, settings make them run in-process (CELERY_TASK_ALWAYS_EAGER)."""

import os

from celery import Celery
from celery.signals import worker_ready

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("basqaru")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
# `current_app` is this app in every thread too (the health check probes in threads).
app.set_default()


@worker_ready.connect
def relay_outbox_on_start(**kwargs):
    """A worker that has just connected knows the broker is up: publish at once what the
    outbox kept while it was not (core.outbox), instead of waiting for beat's next relay."""
    app.send_task("core.tasks.relay_outbox_task", kwargs={"everything": True}, ignore_result=True)
