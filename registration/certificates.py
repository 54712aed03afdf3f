"""Badges, certificates and participant lists: the rules and the bulk jobs that make them.

Rendering is pure (badges.py); this module picks who gets what, renders in the right language,
stores the files and drives the parts of a job (core.jobs).
"""

import io
import logging
import tempfile
import zipfile

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Exists, OuterRef, Subquery
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from pypdf import PdfWriter

from core import jobs
from core.errors import DomainError
from core.models import Job, JobKind
from core.uploads import private_storage
from events.models import Event

from . import exports
from .badges import (
    BADGES_PER_SHEET,
    LAYOUTS,
    BadgeData,
    Branding,
    CertificateData,
    ParticipantListData,
    render_badges,
    render_certificate,
    render_participant_list,
)
from .documents import event_when, event_where, ticket_url
from .models import Certificate, CertificateKind, CheckIn, Registration, RegistrationStatus, Role

logger = logging.getLogger(__name__)


def branding_for(event: Event) -> Branding:
    logo_path = None
    if event.logo:
        try:
            logo_path = event.logo.path
        except (ValueError, NotImplementedError):
            logo_path = None
    return Branding(primary=event.primary_colour, accent=event.accent_colour, logo_path=logo_path)


def event_date(event: Event) -> str:
    return formats.date_format(timezone.localtime(event.start_at), "DATE_FORMAT")


def _attended():
    return Exists(CheckIn.objects.filter(registration=OuterRef("pk"), undone_at__isnull=True))


# Badges


def badge_data(registration: Registration) -> BadgeData:
    """What one badge shows, in the attendee's language (whatever the request's or worker's)."""
    event = registration.event
    with translation.override(registration.language):
        return BadgeData(
            full_name=registration.full_name,
            organisation=registration.organisation,
            role=registration.role,
            role_label=str(registration.get_role_display()),
            event_title=event.title,
            event_date=formats.date_format(timezone.localtime(event.start_at), "DATETIME_FORMAT"),
            qr_data=ticket_url(registration),
        )


def badge_holders(event: Event, codes: list[str] | None = None):
    """Confirmed registrations of `event` (or the ones with these ticket codes), by name."""
    queryset = Registration.objects.filter(event=event, status=RegistrationStatus.CONFIRMED)
    if codes:
        queryset = queryset.filter(code__in=codes)
    return queryset.order_by("name_search", "pk")


def start_badge_job(*, event: Event, by, layout: str, codes: list[str] | None = None) -> Job:
    """Start a badge job for the whole event or the given tickets, one part per sheet of 8.

    Raises DomainError `bad_layout` for an unknown layout and `nobody` when no confirmed
    registration matches.
    """
    if layout not in LAYOUTS:
        raise DomainError(_("Choose a badge layout."), code="bad_layout", field="layout")
    ids = list(badge_holders(event, codes).values_list("pk", flat=True))
    if not ids:
        raise DomainError(_("No confirmed registration to make a badge for."), code="nobody")
    parts = -(-len(ids) // BADGES_PER_SHEET)
    return jobs.create_job(kind=JobKind.BADGES, event=event, created_by=by, parts=parts,
                           params={"layout": layout, "registration_ids": ids, "language": _language()})


def _language() -> str:
    return (translation.get_language() or settings.LANGUAGE_CODE)[:2]


def _part_name(job: Job, index: int) -> str:
    return f"jobs/{job.pk}/parts/{index:05d}.pdf"


def render_badge_part(job: Job, index: int) -> None:
    """Render sheet `index` of a badge job to its own file; a rerun overwrites the same file."""
    ids = job.params["registration_ids"][index * BADGES_PER_SHEET:(index + 1) * BADGES_PER_SHEET]
    registrations = {r.pk: r for r in Registration.objects.select_related("event").filter(pk__in=ids)}
    with translation.override(job.params.get("language") or settings.LANGUAGE_CODE):
        badges = [badge_data(registrations[pk]) for pk in ids if pk in registrations]
        pdf = render_badges(badges, layout=job.params["layout"], branding=branding_for(job.event),
                            title=_("Badges"))
    storage = private_storage()
    name = _part_name(job, index)
    if storage.exists(name):
        storage.delete(name)
    storage.save(name, ContentFile(pdf))


def assemble_badges(job: Job) -> tuple[str, bytes]:
    """Join the sheets in order into one PDF."""
    storage = private_storage()
    writer = PdfWriter()
    for index in range(job.total):
        with storage.open(_part_name(job, index)) as part:
            writer.append(io.BytesIO(part.read()))
    buffer = io.BytesIO()
    writer.write(buffer)
    return f"badges-{job.event.slug}-{job.params['layout']}.pdf", buffer.getvalue()


def clean_badge_parts(job: Job) -> None:
    storage = private_storage()
    for index in range(job.total):
        if storage.exists(name := _part_name(job, index)):
            storage.delete(name)


# Certificates


def verify_url(certificate: Certificate) -> str:
    return settings.SITE_URL + reverse("registration:verify", kwargs={"code": certificate.verify_code})


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
        return render_certificate(CertificateData(
            full_name=registration.full_name,
            event_title=event.title,
            event_date=event_date(event),
            venue=event.venue.name if event.venue else "",
            verify_url=verify_url(certificate),
            labels=certificate_labels(certificate.kind),
        ), branding=branding_for(event))


@transaction.atomic
def issue_certificate(*, registration: Registration) -> Certificate:
    """The attendee's certificate (a letter of thanks for a speaker), made once.

    Locks the registration, so two tasks or a task and the ticket page make one certificate;
    the one-to-one column is the backstop. Returns the existing certificate when there is one.
    Raises DomainError `not_attended` unless the registration has an active check-in.
    """
    registration = (
        Registration.objects.select_for_update(of=("self",)).select_related("event__venue")
        .get(pk=registration.pk)
    )
    existing = Certificate.objects.filter(registration=registration).first()
    if existing is not None and existing.file:
        return existing
    if not CheckIn.objects.filter(registration=registration, undone_at__isnull=True).exists():
        raise DomainError(_("A certificate is only for people who attended the event."), code="not_attended")
    certificate = existing or Certificate.objects.create(
        registration=registration,
        kind=CertificateKind.THANKS if registration.role == Role.SPEAKER else CertificateKind.CERTIFICATE,
        language=registration.language,
    )
    certificate.registration = registration
    # The name carries the 192-bit verify code, so it is new for every certificate and a
    # rolled-back attempt leaves at most an unreferenced file.
    certificate.file.save(f"{registration.event.slug}/{certificate.verify_code}.pdf",
                          ContentFile(certificate_pdf(certificate)), save=False)
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
        certificate = Certificate.objects.select_for_update().select_related("registration__event").get(
            pk=certificate.pk)
        registration = certificate.registration
        if certificate.emailed_at or not registration.email:
            return False
        with translation.override(certificate.language):
            message = EmailMessage(
                subject=_("Your certificate: %(event)s") % {"event": registration.event.title},
                body=_("Thank you for coming to “%(event)s”. Your document is attached; anyone can "
                       "check it at %(url)s.") % {"event": registration.event.title,
                                                   "url": verify_url(certificate)},
                to=[registration.email],
            )
            with certificate.file.open("rb") as file:
                message.attach(f"certificate-{registration.event.slug}.pdf", file.read(), "application/pdf")
        message.send()
        certificate.emailed_at = timezone.now()
        certificate.save(update_fields=["emailed_at"])
        return True


def attendees_for_certificates(event: Event):
    return (
        Registration.objects.filter(event=event, status=RegistrationStatus.CONFIRMED)
        .filter(_attended()).order_by("name_search", "pk")
    )


def start_certificate_job(*, event: Event, by, email: bool = True) -> Job:
    """Start a job that issues (and, with `email`, sends) a certificate to everyone checked in.

    Raises DomainError `nobody` when nobody has been checked in.
    """
    ids = list(attendees_for_certificates(event).values_list("pk", flat=True))
    if not ids:
        raise DomainError(_("Nobody has been checked in yet, so there is no certificate to make."),
                          code="nobody")
    return jobs.create_job(kind=JobKind.CERTIFICATES, event=event, created_by=by, parts=len(ids),
                           params={"registration_ids": ids, "email": email})


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
        .select_related("registration").order_by("registration__name_search", "pk")
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
    return f"certificates-{job.event.slug}.zip", buffer


def _safe_filename(name: str) -> str:
    cleaned = "".join(ch if ch.isalnum() or ch in " -_" else "_" for ch in name).strip()
    return cleaned[:80] or "certificate"


# Participant list


def start_participant_list_job(*, event: Event, by, file_format: str) -> Job:
    """Start a job that makes the participant list as PDF (with a signature column) or XLSX."""
    kind = {"pdf": JobKind.PARTICIPANTS_PDF, "xlsx": JobKind.PARTICIPANTS_XLSX}.get(file_format)
    if kind is None:
        raise DomainError(_("Choose PDF or Excel."), code="bad_format")
    return jobs.create_job(kind=kind, event=event, created_by=by, params={"language": _language()})


def participant_list(job: Job) -> tuple[str, bytes]:
    """The confirmed registrations of the job's event, with check-in times: no contacts."""
    event = job.event
    first_checkin = CheckIn.objects.filter(registration=OuterRef("pk"), undone_at__isnull=True)
    registrations = (
        Registration.objects.filter(event=event, status=RegistrationStatus.CONFIRMED)
        .annotate(active_checkin_at=Subquery(first_checkin.values("checked_in_at")[:1]))
        .order_by("name_search", "pk")
    )
    with translation.override(job.params.get("language") or settings.LANGUAGE_CODE):
        header = [_("Full name"), _("Organisation"), _("Role"), _("Checked in at"), _("Signature")]
        rows = []
        for r in registrations:
            checked = timezone.localtime(r.active_checkin_at).strftime("%H:%M") if r.active_checkin_at else ""
            rows.append([r.full_name, r.organisation, str(r.get_role_display()), checked])
        if job.kind == JobKind.PARTICIPANTS_XLSX:
            content = exports.to_xlsx(["№", *header], [[n, *row, ""] for n, row in enumerate(rows, 1)],
                                      title=str(_("Participants")))
            return f"participants-{event.slug}.xlsx", content
        content = render_participant_list(ParticipantListData(
            event_title=event.title, when=event_when(event), venue=event_where(event),
            header=header, rows=rows,
            labels={
                "title": _("Participant list"),
                "total": _("Registered: %(count)s") % {"count": len(rows)},
                "page": _("Page %(n)s of %(total)s"),
            },
        ), branding=branding_for(event))
        return f"participants-{event.slug}.pdf", content
