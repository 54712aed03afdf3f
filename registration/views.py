from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.errors import DomainError
from core.http import perform, private_file
from core.pdf import qr_png
from core.ratelimit import allow, client_ip
from events.models import Event
from events.services import has_taken_place

from . import selectors, services, tickets
from .forms import RegistrationForm
from .models import Registration, RegistrationStatus


def register(request, slug):
    event = get_object_or_404(Event.objects.visible_to(request.user).select_related("venue"), slug=slug)
    form = RegistrationForm(request.POST or None)
    if request.method == "POST":
        if not allow(
            scope="register", key=client_ip(request), limit=settings.REGISTRATION_RATE_LIMIT, window_seconds=60
        ):
            messages.error(request, _("Too many registrations from your network. Please wait a minute and try again."))
            return render(request, "registration/register.html", {"event": event, "form": form}, status=429)
        if form.is_valid():
            if form.is_bot():
                messages.error(request, _("Your registration could not be accepted. Please try again."))
                return render(request, "registration/register.html", {"event": event, "form": form}, status=400)
            try:
                registration = services.register_participant(
                    event=event,
                    applicant=form.applicant(language=get_language()[:2]),
                    consent=True,
                )
            except services.DuplicateRegistration as exc:
                if exc.same_person:
                    messages.info(request, _("You are already registered: here is your ticket."))
                    return redirect(exc.existing)
                form.add_error(None, exc.message)
            except DomainError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            else:
                if registration.status == RegistrationStatus.WAITLISTED:
                    messages.warning(
                        request,
                        _("The event is full: you are on the waitlist. We will tell you as soon as a place is free."),
                    )
                else:
                    messages.success(request, _("You are registered! Keep this ticket."))
                return redirect(registration)
    return render(
        request,
        "registration/register.html",
        {
            "event": event,
            "form": form,
            "open": event.is_registration_open(),
        },
    )


def _registration_or_404(code: str) -> Registration:
    registration = selectors.registration_by_code(code)
    if registration is None:
        raise Http404
    return registration


def ticket(request, code):
    registration = _registration_or_404(code)
    return render(
        request,
        "registration/ticket.html",
        {
            "registration": registration,
            "event": registration.event,
            "checkin": selectors.active_checkin(registration),
            # The certificate and feedback links follow the one definition of who attended.
            "attended": selectors.has_attended(registration),
            # Certificates wait until the event has taken place (documents.certificates).
            "event_over": has_taken_place(registration.event),
            "ticket_url": tickets.ticket_url(registration),
        },
    )


def ticket_qr(request, code):
    registration = _registration_or_404(code)
    return private_file(HttpResponse(qr_png(tickets.ticket_url(registration), box_size=8), content_type="image/png"))


def ticket_pdf(request, code):
    registration = _registration_or_404(code)
    response = HttpResponse(tickets.ticket_pdf(registration, get_language()[:2]), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="ticket-{registration.event.slug}.pdf"'
    return private_file(response)


@require_POST
def cancel(request, code):
    registration = _registration_or_404(code)
    perform(
        request,
        lambda: services.cancel_registration(registration=registration),
        success=_("Your registration is cancelled. Thank you for freeing the place."),
    )
    return redirect(registration)


def poster(request, slug):
    event = get_object_or_404(Event.objects.visible_to(request.user), slug=slug)
    language = request.GET.get("lang") or get_language()[:2]
    if language not in dict(settings.LANGUAGES):
        language = "kk"
    response = HttpResponse(tickets.poster_pdf(event, language), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="poster-{event.slug}-{language}.pdf"'
    return response


@login_required
@permission_required("registration.add_checkin", raise_exception=True)
def checkin_page(request, slug):
    event = get_object_or_404(Event.objects.select_related("venue"), slug=slug)
    return render(request, "registration/checkin.html", {"event": event})
