"""Tickets and posters as PDFs, and the ticket email, each in the right language."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from events.models import Event

from .models import Registration, RegistrationStatus
from .pdf import PosterData, TicketData, render_poster, render_ticket


def ticket_url(registration: Registration) -> str:
    return settings.SITE_URL + reverse("registration:ticket", kwargs={"code": registration.code})


def event_when(event: Event) -> str:
    start = timezone.localtime(event.start_at)
    end = timezone.localtime(event.end_at)
    return f"{formats.date_format(start, 'DATETIME_FORMAT')} – {formats.time_format(end, 'TIME_FORMAT')}"


def event_where(event: Event) -> str:
    return f"{event.venue.name}, {event.venue.address}" if event.venue else ""


def waitlist_position(registration: Registration) -> int | None:
    """The person's place in the event's waitlist (1 is the next to get a place), in the order
    `services.promote_waitlist` gives places: first registered, first served. None when not waiting."""
    if registration.status != RegistrationStatus.WAITLISTED:
        return None
    ahead = Registration.objects.filter(event_id=registration.event_id, status=RegistrationStatus.WAITLISTED).filter(
        Q(created_at__lt=registration.created_at) | Q(created_at=registration.created_at, pk__lt=registration.pk)
    )
    return ahead.count() + 1


def how_we_tell(registration: Registration, *, on_page: bool = False) -> str:
    """How a waitlisted person learns that a place is theirs: by email only if they gave one.
    `on_page`: said on the ticket page itself rather than on the PDF."""
    if registration.email:
        return _("As soon as a place is free, we will email you your ticket with its QR code.")
    if registration.phone and on_page:
        return _(
            "You gave no email, so none will come: when a place is free, the organisers will call you, and this "
            "page will show your QR code. Check it before the event."
        )
    if registration.phone:
        return _(
            "You gave no email, so none will come: when a place is free, the organisers will call you, and your "
            "ticket page will show the QR code. Check it before the event."
        )
    if on_page:
        return _(
            "You gave no email or phone, so we cannot tell you: check this page before the event. Once a place is "
            "yours, it shows your QR code."
        )
    return _(
        "You gave no email or phone, so we cannot tell you: check your ticket page before the event. Once a place "
        "is yours, it shows the QR code."
    )


def _notice(registration: Registration) -> tuple[str, ...]:
    """What a ticket that does not admit says instead of the QR code."""
    if registration.status == RegistrationStatus.WAITLISTED:
        return (
            _("You are on the waitlist, number %(n)s. This is not an entry ticket yet.")
            % {"n": waitlist_position(registration)},
            how_we_tell(registration),
            _("Your ticket page:"),
        )
    return (
        _("This registration is cancelled, so this ticket does not admit."),
        _("Your ticket page:"),
    )


def ticket_pdf(registration: Registration, language: str | None = None) -> bytes:
    """The A6 ticket. Only a confirmed registration gets the QR code and "show this at the
    entrance"; a waitlisted or cancelled one says where it stands and what happens next."""
    with translation.override(language or registration.language):
        event = registration.event
        admits = registration.status == RegistrationStatus.CONFIRMED
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
                admits=admits,
                notice=() if admits else _notice(registration),
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
    "waitlisted": lambda: _("You are on the waitlist: %(event)s"),
    "promoted": lambda: _("A place is yours: %(event)s"),
    "reminder": lambda: _("Tomorrow: %(event)s"),
}


def _subject(registration: Registration, reason: str) -> str:
    if reason == "registered" and registration.status == RegistrationStatus.WAITLISTED:
        return "waitlisted"
    return reason


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
            subject=SUBJECTS[_subject(registration, reason)]() % {"event": event.title},
            body=render_to_string("registration/email/ticket.txt", context),
            to=[registration.email],
        )
        message.attach(f"ticket-{event.slug}.pdf", ticket_pdf(registration), "application/pdf")
        message.send()
