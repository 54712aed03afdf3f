from celery import current_app
from django.conf import settings
from django.contrib.auth.decorators import login_required, permission_required
from django.db import connection
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django.views.static import serve

from .http import download, perform
from .jobs import job_for_reading, retry_job
from .models import JobStatus


@never_cache
def healthz(request):
    """Liveness and readiness: the database and the Celery broker, each 'ok' or an error."""
    checks = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        checks["database"] = "ok"
    except Exception as exc:  # noqa: BLE001 - report any failure, never crash the probe
        checks["database"] = f"error: {exc.__class__.__name__}"
    checks["broker"] = _broker_state()
    healthy = all(value in ("ok", "in-process") for value in checks.values())
    return JsonResponse({"status": "ok" if healthy else "error", **checks}, status=200 if healthy else 503)


def _broker_state() -> str:
    if not settings.REDIS_URL:
        return "in-process"
    try:
        with current_app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
        return "ok"
    except Exception as exc:  # noqa: BLE001
        return f"error: {exc.__class__.__name__}"


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
    job = _job_or_404(pk)
    if job.status != JobStatus.DONE or not job.result:
        raise Http404
    return download(job.result.open("rb"), job.result.name.rsplit("/", 1)[-1])


@login_required
@permission_required("core.change_job", raise_exception=True)
@require_POST
def job_retry(request, pk):
    job = _job_or_404(pk)
    perform(request, lambda: retry_job(job=job), success=_("The job is queued again; finished parts are kept."))
    return redirect("jobs:detail", job.pk)
