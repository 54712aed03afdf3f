"""Badges, certificates and participant lists: each request starts a job (202) to follow at
/api/jobs/{id}, whose `result_url` gives the file once it is made."""

from typing import Literal

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from core.api import JobOut, job_out
from core.auth import require_perm, session_or_token
from core.schemas import ErrorOut
from events.models import Event

from . import badges, certificates, participant_list

router = Router(tags=["documents"])


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


@router.post(
    "/events/{slug}/badges", response={202: JobOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut}, auth=session_or_token
)
def create_badges(request, slug: str, payload: BadgesIn):
    """Start a badge job for the event (or the listed tickets). Organisers only."""
    require_perm(request, "core.add_job", _("Only organisers can make badges."))
    event = get_object_or_404(Event, slug=slug)
    job = badges.start_badge_job(event=event, by=request.user, layout=payload.layout, codes=payload.codes)
    return Status(202, job_out(job))


@router.post(
    "/events/{slug}/certificates",
    response={202: JobOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut},
    auth=session_or_token,
)
def create_certificates(request, slug: str, payload: CertificatesIn):
    """Start a job issuing a certificate (a letter of thanks for speakers) to everyone checked in,
    and emailing it unless `email` is false. Organisers only."""
    require_perm(request, "documents.add_certificate", _("Only organisers can issue certificates."))
    event = get_object_or_404(Event, slug=slug)
    job = certificates.start_certificate_job(event=event, by=request.user, email=payload.email)
    return Status(202, job_out(job))


@router.post(
    "/events/{slug}/participant-list",
    response={202: JobOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut},
    auth=session_or_token,
)
def create_participant_list(request, slug: str, payload: ParticipantListIn):
    """Start a job making the participant list (PDF with a signature column, or XLSX). Organisers only."""
    require_perm(request, "core.add_job", _("Only organisers can make participant lists."))
    event = get_object_or_404(Event, slug=slug)
    job = participant_list.start_participant_list_job(event=event, by=request.user, file_format=payload.format)
    return Status(202, job_out(job))
