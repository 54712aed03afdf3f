from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import redirect
from django.views.decorators.cache import never_cache
from django.views.static import serve


def home(request):
    return redirect("events:list")


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
    from config.celery import app

    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
        return "ok"
    except Exception as exc:  # noqa: BLE001
        return f"error: {exc.__class__.__name__}"


def public_media(request, path):
    """Public uploads (photos, slides). Private files never live under MEDIA_ROOT."""
    return serve(request, path, document_root=settings.MEDIA_ROOT)
