"""Tickets and posters as PDFs, and the ticket email, each in the right language."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from events.models import Event

from .models import Registration
from .pdf import PosterData, TicketData, render_poster, render_ticket


def ticket_url(registration: Registration) -> str:
    return settings.SITE_URL + reverse("registration:ticket", kwargs={"code": registration.code})


def event_when(event: Event) -> str:
    start = timezone.localtime(event.start_at)
    end = timezone.localtime(event.end_at)
    return f"{formats.date_format(start, 'DATETIME_FORMAT')} – {formats.time_format(end, 'TIME_FORMAT')}"


def event_where(event: Event) -> str:
    return f"{event.venue.name}, {event.venue.address}" if event.venue else ""


def ticket_pdf(registration: Registration, language: str | None = None) -> bytes:
    with translation.override(language or registration.language):
        event = registration.event
        return render_ticket(
            TicketData(
                code=registration.code,
                ticket_url=ticket_url(registration),
                full_name=registration.full_name,
                role=str(registration.get_role_display()),
                status=str(registration.get_status_display()),
                event_title=event.title,
                when=event_when(event),
                venue=event_where(event),
                labels={"ticket": _("Ticket"), "show": _("Show this QR code at the entrance.")},
            )
        )


def poster_pdf(event: Event, language: str) -> bytes:
    with translation.override(language):
        return render_poster(
            PosterData(
                event_title=event.title,
                when=event_when(event),
                venue=event_where(event),
                register_url=settings.SITE_URL + reverse("registration:register", kwargs={"slug": event.slug}),
                labels={
                    "register": _("Register"),
                    "scan": _("Scan the code to register"),
                    "project": _("“Azamattyq BasQaru” project, Shymkent"),
                },
            )
        )


SUBJECTS = {
    "registered": lambda: _("Your ticket: %(event)s"),
    "promoted": lambda: _("A place is yours: %(event)s"),
    "reminder": lambda: _("Tomorrow: %(event)s"),
}


def send_ticket_email(registration: Registration, reason: str) -> None:
    """Email the ticket (link and PDF) in the participant's language."""
    if not registration.email:
        return
    with translation.override(registration.language):
        event = registration.event
        context = {
            "registration": registration,
            "event": event,
            "reason": reason,
            "ticket_url": ticket_url(registration),
            "when": event_when(event),
            "where": event_where(event),
        }
        message = EmailMessage(
            subject=SUBJECTS[reason]() % {"event": event.title},
            body=render_to_string("registration/email/ticket.txt", context),
            to=[registration.email],
        )
        message.attach(f"ticket-{event.slug}.pdf", ticket_pdf(registration), "application/pdf")
        message.send()
