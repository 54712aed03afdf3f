"""The documents' pages: a ticket holder's certificate, the public check of a certificate, and
the organiser's buttons that start a badge, certificate or participant-list job."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.auth import staff_permission
from core.http import download, perform
from core.models import Job, JobStatus
from events.models import Event
from events.services import has_taken_place
from registration.selectors import registration_by_code

from . import badges, certificates, participant_list
from .models import Certificate


def certificate_download(request, code):
    """The ticket holder's certificate, issued on the first download once they attended."""
    registration = registration_by_code(code)
    if registration is None:
        raise Http404
    outcome = perform(request, lambda: certificates.issue_certificate(registration=registration))
    if not outcome:
        return redirect(registration)
    return download(
        outcome.value.file.open("rb"), f"certificate-{registration.event.slug}.pdf", content_type="application/pdf"
    )


def verify(request, code):
    """Public check of a certificate: the name, the event and its date, nothing more."""
    certificate = (
        Certificate.objects.select_related("registration__event").filter(verify_code=code).first()
        if code and len(code) <= 64
        else None
    )
    # A certificate of an event still to come (made before the rule existed) is not confirmed.
    if certificate is None or not has_taken_place(certificate.registration.event):
        return render(request, "documents/verify.html", {"certificate": None}, status=404)
    registration = certificate.registration
    return render(
        request,
        "documents/verify.html",
        {
            "certificate": certificate,
            "full_name": registration.full_name,
            "event": registration.event,
        },
    )


# Each button on the attendee list starts a job and shows its page.


def _start_job(request, slug, start):
    event = get_object_or_404(Event, slug=slug)
    outcome = perform(request, lambda: start(event))
    if not outcome:
        return redirect("registration_manage:attendees", event.slug)
    # Without a worker (no Redis) the job has run already; say what is true now.
    job = Job.objects.get(pk=outcome.value.pk)
    if job.status == JobStatus.DONE:
        messages.success(request, _("The document is ready."))
    elif job.status != JobStatus.FAILED:
        messages.info(request, _("The document is being prepared; this page shows how far it is."))
    return redirect("jobs:detail", job.pk)


@staff_permission("core.add_job")
@require_POST
def start_badges(request, slug):
    return _start_job(
        request,
        slug,
        lambda event: badges.start_badge_job(
            event=event,
            by=request.user,
            layout=request.POST.get("layout", ""),
            codes=[code for code in request.POST.getlist("code") if code] or None,
        ),
    )


@staff_permission("documents.add_certificate")
@require_POST
def start_certificates(request, slug):
    return _start_job(
        request,
        slug,
        lambda event: certificates.start_certificate_job(
            event=event,
            by=request.user,
            email=request.POST.get("email") == "on",
        ),
    )


@staff_permission("core.add_job")
@require_POST
def start_participant_list(request, slug, file_format):
    return _start_job(
        request,
        slug,
        lambda event: participant_list.start_participant_list_job(
            event=event,
            by=request.user,
            file_format=file_format,
        ),
    )
