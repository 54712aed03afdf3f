"""The Celery app. With REDIS_URL set, tasks travel through Redis to a worker;
without it, settings make them run in-process (CELERY_TASK_ALWAYS_EAGER)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("basqaru")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
