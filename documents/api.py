"""Badges, certificates and participant lists: each request starts a job (202) to follow at
/api/jobs/{id}, whose `result_url` gives the file once it is made."""

from typing import Annotated, Literal

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Body, Field, Router, Schema, Status

from core.api import JobOut, job_out
from core.auth import require_perm, session_or_token
from core.schemas import ConflictOut, ErrorOut, ValidationErrorOut
from events.models import Event

from . import badges, certificates, participant_list

router = Router(tags=["documents"])

# What every job-starting operation may answer: 409 `too_many_jobs` when the organiser already
# has as many jobs in progress as allowed (core.jobs), and for badges and certificates `nobody`.
JOB_RESPONSES = {
    202: JobOut,
    400: ErrorOut,
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    409: ConflictOut,
    422: ValidationErrorOut,
}


class BadgesIn(Schema):
    layout: Literal["a6", "a4_sheet", "card"] = Field(
        "a4_sheet", description="a6: one badge a page; a4_sheet: 8 a page with cut marks; card: 86 × 54 mm."
    )
    codes: list[str] | None = Field(
        None, max_length=2000, description="Ticket codes for some attendees; all confirmed ones if empty."
    )


class CertificatesIn(Schema):
    email: bool = Field(True, description="Also email each certificate to its holder (once).")


class ParticipantListIn(Schema):
    format: Literal["pdf", "xlsx"] = "pdf"


@router.post("/events/{slug}/badges", response=JOB_RESPONSES, auth=session_or_token)
def create_badges(request, slug: str, payload: Annotated[BadgesIn, Body(default_factory=BadgesIn)]):
    """Start a badge job for the event (or the listed tickets). Organisers only. The body may be
    empty (every field has a default). 409 `nobody` when no confirmed registration matches,
    `too_many_jobs` while the organiser has too many jobs in progress."""
    require_perm(request, "core.add_job", _("Only organisers can make badges."))
    event = get_object_or_404(Event, slug=slug)
    job = badges.start_badge_job(event=event, by=request.user, layout=payload.layout, codes=payload.codes)
    return Status(202, job_out(job))


@router.post("/events/{slug}/certificates", response=JOB_RESPONSES, auth=session_or_token)
def create_certificates(request, slug: str, payload: Annotated[CertificatesIn, Body(default_factory=CertificatesIn)]):
    """Start a job issuing a certificate (a letter of thanks for speakers) to everyone checked in,
    and emailing it unless `email` is false. Organisers only. The body may be empty. 409 `nobody`
    when nobody has been checked in, `too_many_jobs` while the organiser has too many in progress."""
    require_perm(request, "documents.add_certificate", _("Only organisers can issue certificates."))
    event = get_object_or_404(Event, slug=slug)
    job = certificates.start_certificate_job(event=event, by=request.user, email=payload.email)
    return Status(202, job_out(job))


@router.post("/events/{slug}/participant-list", response=JOB_RESPONSES, auth=session_or_token)
def create_participant_list(
    request, slug: str, payload: Annotated[ParticipantListIn, Body(default_factory=ParticipantListIn)]
):
    """Start a job making the participant list (PDF with a signature column, or XLSX). Organisers
    only. The body may be empty (PDF). 409 `too_many_jobs` while the organiser has too many in progress."""
    require_perm(request, "core.add_job", _("Only organisers can make participant lists."))
    event = get_object_or_404(Event, slug=slug)
    job = participant_list.start_participant_list_job(event=event, by=request.user, file_format=payload.format)
    return Status(202, job_out(job))
