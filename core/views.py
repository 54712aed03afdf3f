import threading
import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth.decorators import login_required, permission_required
from django.core.cache import caches
from django.db import DEFAULT_DB_ALIAS, connections
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django.views.static import serve

from . import outbox
from .http import job_result, perform
from .jobs import job_for_reading, retry_job

# Each probe gets this long, and the answer never waits longer, whatever the database or Redis do.
PROBE_SECONDS = 0.8


@never_cache
def healthz(request):
    """Liveness and readiness: the database, the Celery broker and the cache, each "ok" (the
    broker "in-process" without Redis) or "error: …"; 503 when any of them fails.

    The probes run side by side in threads, each with its own short timeouts, and one that has
    not answered within PROBE_SECONDS is reported as "error: timeout": a database or a Redis
    that hangs makes this answer 503 within a second instead of hanging it."""
    cache = caches["default"]
    checks = _run_probes({"database": _database_state, "broker": _broker_state, "cache": lambda: _cache_state(cache)})
    healthy = all(value in ("ok", "in-process") for value in checks.values())
    return JsonResponse({"status": "ok" if healthy else "error", **checks}, status=200 if healthy else 503)


def _run_probes(probes: dict[str, Callable[[], str]]) -> dict[str, str]:
    results = {}

    def run(name, probe):
        try:
            results[name] = probe()
        except Exception as exc:  # noqa: BLE001 - report any failure, never crash the probe
            results[name] = f"error: {exc.__class__.__name__}"

    threads = [threading.Thread(target=run, args=(name, probe), daemon=True) for name, probe in probes.items()]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + PROBE_SECONDS
    for thread in threads:
        thread.join(max(0.0, deadline - time.monotonic()))
    return {name: results.get(name, "error: timeout") for name in probes}


def _database_state() -> str:
    """SELECT 1 over a connection of the probe's own (the request's one belongs to its thread),
    on PostgreSQL with the shortest connect timeout libpq allows and a statement timeout."""
    probe = connections.create_connection(DEFAULT_DB_ALIAS)
    if probe.vendor == "postgresql":
        options = probe.settings_dict.get("OPTIONS", {})
        statement_timeout = f"-c statement_timeout={int(PROBE_SECONDS * 1000)}"
        probe.settings_dict = {
            **probe.settings_dict,
            "OPTIONS": {
                **options,
                "connect_timeout": 2,
                "options": f"{options.get('options', '')} {statement_timeout}".strip(),
            },
        }
    try:
        with probe.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    finally:
        probe.close()
    return "ok"


def _broker_state() -> str:
    if not settings.REDIS_URL:
        return "in-process"
    with outbox.broker_connection() as connection:
        connection.ensure_connection(max_retries=0)
    return "ok"


def _cache_state(cache) -> str:
    """A write and a read: the rate limits need both."""
    cache.set("healthz", "ok", timeout=10)
    return "ok" if cache.get("healthz") == "ok" else "error: the value written was not read back"


def public_media(request, path):
    """Public uploads (photos, slides). Private files never live under MEDIA_ROOT."""
    return serve(request, path, document_root=settings.MEDIA_ROOT)


# Jobs: the organiser's page with a progress bar, the result download and the retry button.


def _job_or_404(pk: int):
    job = job_for_reading(pk)
    if job is None:
        raise Http404
    return job


@login_required
@permission_required("core.view_job", raise_exception=True)
def job_detail(request, pk):
    job = _job_or_404(pk)
    return render(request, "core/job.html", {"job": job, "place": job.place})


@login_required
@permission_required("core.view_job", raise_exception=True)
def job_download(request, pk):
    """The job's result file, from private storage, to organisers only."""
    return job_result(_job_or_404(pk))


@login_required
@permission_required("core.change_job", raise_exception=True)
@require_POST
def job_retry(request, pk):
    job = _job_or_404(pk)
    perform(request, lambda: retry_job(job=job), success=_("The job is queued again; finished parts are kept."))
    return redirect("jobs:detail", job.pk)
