"""Certificates of participation and letters of thanks: who gets one (those who attended),
how it is drawn (A4 landscape with a QR code to its public check page), issuing it once,
emailing it once, and the job that issues them for a whole event.
"""

import io
import logging
import tempfile
import zipfile
from dataclasses import dataclass, field

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.mail import EmailMessage
from django.db import transaction
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm

from core import jobs
from core.errors import DomainError
from core.models import Job
from core.pdf import new_canvas, register_fonts
from events.models import Event
from events.services import has_taken_place
from registration.models import Registration, Role
from registration.selectors import attendees_who_came, has_attended

from .context import branding_for, event_date, job_event
from .drawing import GREY, INK, Branding, draw_lines, draw_logo, draw_qr, fit_text
from .models import Certificate, CertificateKind

logger = logging.getLogger(__name__)

KIND = "certificates"


@dataclass(frozen=True)
class CertificateData:
    full_name: str
    event_title: str
    event_date: str
    venue: str
    verify_url: str
    labels: dict = field(default_factory=dict)  # title, subtitle, intro, body, verify, signature, project


def render_certificate(data: CertificateData, *, branding: Branding) -> bytes:
    """An A4 landscape certificate (or letter of thanks) with a QR code to its public check page."""
    regular, bold = register_fonts()
    labels = data.labels
    buffer = io.BytesIO()
    width, height = landscape(A4)
    canvas = new_canvas(buffer, (width, height))
    canvas.setTitle(f"{labels.get('title', '')} — {data.full_name}")
    primary, accent = HexColor(branding.primary), HexColor(branding.accent)

    # A frame in the event's colours.
    canvas.setStrokeColor(primary)
    canvas.setLineWidth(3 * mm)
    canvas.rect(9 * mm, 9 * mm, width - 18 * mm, height - 18 * mm, stroke=1, fill=0)
    canvas.setStrokeColor(accent)
    canvas.setLineWidth(0.8 * mm)
    canvas.rect(14 * mm, 14 * mm, width - 28 * mm, height - 28 * mm, stroke=1, fill=0)

    draw_logo(canvas, branding, 24 * mm, height - 40 * mm, 55 * mm, 18 * mm, on_colour=False)
    centre = width / 2
    canvas.setFillColor(primary)
    canvas.setFont(bold, 38)
    canvas.drawCentredString(centre, height - 62 * mm, labels.get("title", "").upper())
    canvas.setFillColor(GREY)
    canvas.setFont(regular, 14)
    if labels.get("subtitle"):
        canvas.drawCentredString(centre, height - 71 * mm, labels["subtitle"])
    canvas.setFont(regular, 13)
    canvas.drawCentredString(centre, height - 86 * mm, labels.get("intro", ""))

    canvas.setFillColor(INK)
    name_size, name_lines = fit_text(data.full_name, bold, width - 70 * mm, 32, 18)
    y = draw_lines(
        canvas, name_lines, bold, name_size, 0, height - 86 * mm - 1.6 * name_size, centre=centre, leading=1.1
    )
    canvas.setStrokeColor(accent)
    canvas.setLineWidth(0.6 * mm)
    canvas.line(centre - 70 * mm, y + 0.55 * name_size, centre + 70 * mm, y + 0.55 * name_size)
    canvas.setFillColor(GREY)
    y = draw_lines(canvas, [labels.get("body", "")], regular, 13, 0, y - 6 * mm, centre=centre)
    canvas.setFillColor(primary)
    title_size, title_lines = fit_text(data.event_title, bold, width - 80 * mm, 19, 12)
    y = draw_lines(canvas, title_lines, bold, title_size, 0, y - 2 * mm, centre=centre)
    canvas.setFillColor(GREY)
    place = " · ".join(part for part in (data.event_date, data.venue) if part)
    place_size, place_lines = fit_text(place, regular, width - 80 * mm, 12, 8, max_lines=1)
    draw_lines(canvas, place_lines, regular, place_size, 0, y - 1 * mm, centre=centre)

    # The verification QR code (bottom left) and the organiser's signature line (bottom right).
    qr_size = 30 * mm
    draw_qr(canvas, data.verify_url, 24 * mm, 22 * mm, qr_size)
    canvas.setFillColor(GREY)
    canvas.setFont(regular, 7.5)
    canvas.drawString(24 * mm + qr_size + 3 * mm, 22 * mm + 18 * mm, labels.get("verify", ""))
    canvas.setFont(regular, 6.5)
    canvas.drawString(24 * mm + qr_size + 3 * mm, 22 * mm + 13 * mm, data.verify_url)
    canvas.setStrokeColor(INK)
    canvas.setLineWidth(0.4)
    canvas.line(width - 110 * mm, 34 * mm, width - 24 * mm, 34 * mm)
    canvas.setFillColor(INK)
    canvas.setFont(regular, 10)
    canvas.drawRightString(width - 24 * mm, 29 * mm, labels.get("signature", ""))
    canvas.setFillColor(GREY)
    canvas.setFont(regular, 8.5)
    canvas.drawRightString(width - 24 * mm, 24 * mm, labels.get("project", ""))
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


# Issuing them


def verify_url(certificate: Certificate) -> str:
    return settings.SITE_URL + reverse("documents:verify", kwargs={"code": certificate.verify_code})


def certificate_labels(kind: str) -> dict:
    if kind == CertificateKind.THANKS:
        return {
            "title": _("Letter of thanks"),
            "subtitle": "",
            "intro": _("The organisers sincerely thank"),
            "body": _("for speaking at the event"),
            "verify": _("Check this letter:"),
            "signature": _("Organiser"),
            "project": _("“Azamattyq BasQaru” project, Shymkent"),
        }
    return {
        "title": _("Certificate"),
        "subtitle": _("of participation"),
        "intro": _("This certifies that"),
        "body": _("took part in the event"),
        "verify": _("Check this certificate:"),
        "signature": _("Organiser"),
        "project": _("“Azamattyq BasQaru” project, Shymkent"),
    }


def certificate_pdf(certificate: Certificate) -> bytes:
    registration = certificate.registration
    event = registration.event
    with translation.override(certificate.language):
        return render_certificate(
            CertificateData(
                full_name=registration.full_name,
                event_title=event.title,
                event_date=event_date(event),
                venue=event.venue.name if event.venue else "",
                verify_url=verify_url(certificate),
                labels=certificate_labels(certificate.kind),
            ),
            branding=branding_for(event),
        )


def check_event_is_over(event: Event) -> None:
    """Refuse (DomainError `event_not_over`) a certificate of an event that has not taken place:
    a certificate says the person took part, and `/verify/` would call it genuine."""
    if not has_taken_place(event):
        raise DomainError(
            _("Certificates are issued once the event has taken place (after %(end)s).")
            % {"end": event_end_text(event)},
            code="event_not_over",
        )


def event_end_text(event: Event) -> str:
    return formats.date_format(timezone.localtime(event.end_at), "DATETIME_FORMAT")


@transaction.atomic
def issue_certificate(*, registration: Registration) -> Certificate:
    """The attendee's certificate (a letter of thanks for a speaker), made once.

    Locks the registration, so two tasks or a task and the ticket page make one certificate;
    the one-to-one column is the backstop. Returns the existing certificate when there is one.
    Raises DomainError `event_not_over` until the event has taken place (it has ended, or was
    marked finished), and `not_attended` unless the registration has an active check-in.
    """
    registration = (
        Registration.objects.select_for_update(of=("self",)).select_related("event__venue").get(pk=registration.pk)
    )
    existing = Certificate.objects.filter(registration=registration).first()
    if existing is not None and existing.file:
        return existing
    check_event_is_over(registration.event)
    if not has_attended(registration):
        raise DomainError(_("A certificate is only for people who attended the event."), code="not_attended")
    certificate = existing or Certificate.objects.create(
        registration=registration,
        kind=CertificateKind.THANKS if registration.role == Role.SPEAKER else CertificateKind.CERTIFICATE,
        language=registration.language,
    )
    certificate.registration = registration
    # The name carries the 192-bit verify code, so it is new for every certificate and a
    # rolled-back attempt leaves at most an unreferenced file.
    certificate.file.save(
        f"{registration.event.slug}/{certificate.verify_code}.pdf",
        ContentFile(certificate_pdf(certificate)),
        save=False,
    )
    certificate.save(update_fields=["file"])
    return certificate


def certificate_for_ticket(code: str) -> Certificate:
    """The certificate of a ticket holder, issued now if they attended (for the ticket page)."""
    registration = Registration.objects.filter(code=code).first()
    if registration is None:
        raise DomainError(_("Unknown ticket."), code="unknown")
    return issue_certificate(registration=registration)


def send_certificate_email(*, certificate: Certificate) -> bool:
    """Email the certificate to the attendee once; False when there is no address or it was sent."""
    with transaction.atomic():
        certificate = (
            Certificate.objects.select_for_update().select_related("registration__event").get(pk=certificate.pk)
        )
        registration = certificate.registration
        if certificate.emailed_at or not registration.email:
            return False
        with translation.override(certificate.language):
            message = EmailMessage(
                subject=_("Your certificate: %(event)s") % {"event": registration.event.title},
                body=_(
                    "Thank you for coming to “%(event)s”. Your document is attached; anyone can check it at %(url)s."
                )
                % {"event": registration.event.title, "url": verify_url(certificate)},
                to=[registration.email],
            )
            with certificate.file.open("rb") as file:
                message.attach(f"certificate-{registration.event.slug}.pdf", file.read(), "application/pdf")
        message.send()
        certificate.emailed_at = timezone.now()
        certificate.save(update_fields=["emailed_at"])
        return True


def start_certificate_job(*, event: Event, by, email: bool = True) -> Job:
    """Start a job that issues (and, with `email`, sends) a certificate to everyone checked in.

    Raises DomainError `event_not_over` before the event has taken place, and `nobody` when
    nobody has been checked in.
    """
    check_event_is_over(event)
    ids = list(attendees_who_came(event).values_list("pk", flat=True))
    if not ids:
        raise DomainError(_("Nobody has been checked in yet, so there is no certificate to make."), code="nobody")
    return jobs.create_job(
        kind=KIND, subject=event, created_by=by, parts=len(ids), params={"registration_ids": ids, "email": email}
    )


def issue_certificate_part(job: Job, index: int) -> None:
    """Issue (and email) the certificate of one attendee of a job. A person whose check-in was
    undone since the job started is skipped, not an error."""
    registration = Registration.objects.filter(pk=job.params["registration_ids"][index]).first()
    if registration is None:
        return
    try:
        certificate = issue_certificate(registration=registration)
    except DomainError as exc:
        if exc.code != "not_attended":
            raise
        logger.info("Registration %s no longer attended; no certificate in job %s", registration.pk, job.pk)
        return
    if job.params.get("email"):
        send_certificate_email(certificate=certificate)


def assemble_certificates(job: Job):
    """A ZIP of the job's certificates (stored, not compressed: PDFs are compressed already),
    written to a temporary file: 1,400 certificates are some 70 MB."""
    certificates = (
        Certificate.objects.filter(registration_id__in=job.params["registration_ids"])
        .select_related("registration")
        .order_by("registration__name_search", "pk")
    )
    buffer = tempfile.TemporaryFile()
    used = set()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        for certificate in certificates:
            name = _safe_filename(certificate.registration.full_name)
            if name in used:
                name = f"{name}-{certificate.registration_id}"
            used.add(name)
            archive.write(certificate.file.path, f"{name}.pdf")
    buffer.seek(0)
    return f"certificates-{job_event(job).slug}.zip", buffer


def _safe_filename(name: str) -> str:
    cleaned = "".join(ch if ch.isalnum() or ch in " -_" else "_" for ch in name).strip()
    return cleaned[:80] or "certificate"
