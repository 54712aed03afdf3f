from datetime import datetime

from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema

from .auth import require_perm, session_or_token
from .http import job_result
from .jobs import job_for_reading
from .models import Job, JobStatus
from .roles import user_roles
from .schemas import ErrorOut, ValidationErrorOut

router = Router(tags=["account"])


class MeOut(Schema):
    username: str
    roles: list[str]


@router.get("/me", response={200: MeOut, 401: ErrorOut}, auth=session_or_token)
def me(request):
    """Who the session or bearer token belongs to, and their roles. A device uses it to check its token."""
    return {"username": request.user.username, "roles": sorted(user_roles(request.user))}


class JobOut(Schema):
    id: int
    kind: str
    status: str
    done: int
    total: int
    percent: int
    error: str
    event: str | None = Field(None, description="The slug of the event the job is about, if it is about one.")
    created_by: str | None
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    result_url: str | None
    page_url: str


def job_out(job: Job) -> dict:
    """A job as the API shows it; `result_url` only once the file is there."""
    return {
        "id": job.pk,
        "kind": job.kind,
        "status": job.status,
        "done": job.done,
        "total": job.total,
        "percent": job.percent,
        "error": job.error,
        # Core knows no app: what a job is about is any object; events are known by their slug.
        "event": getattr(job.subject, "slug", None),
        "created_by": job.created_by.get_username() if job.created_by_id else None,
        "created_at": job.created_at,
        "started_at": job.started_at,
        "finished_at": job.finished_at,
        # The API's own download, so that the token that started the job can fetch its file.
        "result_url": reverse("api:get_job_result", args=[job.pk])
        if job.status == JobStatus.DONE and job.result
        else None,
        "page_url": reverse("jobs:detail", args=[job.pk]),
    }


@router.get(
    "/jobs/{job_id}",
    response={200: JobOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ValidationErrorOut},
    auth=session_or_token,
)
def get_job(request, job_id: int):
    """A bulk job's status and progress (done/total); once done, the link to its result file.
    A running job without progress for 5 minutes is reported failed. Organisers only."""
    require_perm(request, "core.view_job", _("Only organisers can see jobs."))
    job = job_for_reading(job_id)
    if job is None:
        raise Http404
    return job_out(job)


RESULT_TYPES = [
    "application/pdf",
    "application/zip",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
]


@router.get(
    "/jobs/{job_id}/result",
    response={401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ValidationErrorOut},
    auth=session_or_token,
    openapi_extra={
        "responses": {
            "200": {
                "description": "The job's file as an attachment: a PDF (badges, a participant list, the grantor's "
                "report), a ZIP of certificates or an Excel workbook.",
                "content": {kind: {"schema": {"type": "string", "format": "binary"}} for kind in RESULT_TYPES},
            }
        }
    },
)
def get_job_result(request, job_id: int):
    """The file a finished job made (the `result_url` of `GET /api/jobs/{id}`), to the same session
    or bearer token that may read the job: 404 until the job is done. Organisers only."""
    require_perm(request, "core.view_job", _("Only organisers can see jobs."))
    return job_result(job_for_reading(job_id))
