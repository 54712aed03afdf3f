"""The organiser's attendee pages under /manage/registration/<event>/.

Viewing needs `registration.view_registration`, every action `registration.change_registration`:
anonymous visitors go to the login page, signed-in users without the permission get 403.
Phones and emails are shown (and exported) only with `registration.view_contacts`.
Forms validate, services carry the rules, and every outcome becomes a message.
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core import spreadsheets
from core.auth import staff_permission
from core.errors import DomainError
from core.http import perform, private_file
from events.models import Event
from events.services import has_taken_place

from . import exports, importing, selectors, services
from .forms import AttendeeEditForm, AttendeeForm, ImportForm
from .models import Registration, RegistrationStatus, Role, ScanResult, Source

PAGE_SIZE = 50
VIEW = "registration.view_registration"
CHANGE = "registration.change_registration"
CONTACTS = "registration.view_contacts"


def _event(slug: str) -> Event:
    return get_object_or_404(Event, slug=slug)


def _registration(event: Event, pk: int) -> Registration:
    return get_object_or_404(Registration, pk=pk, event=event)


def _back_url(request, event: Event) -> str:
    """The list the organiser acted from (its filters and page, from `next`), never off-site."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return reverse("registration_manage:attendees", args=[event.slug])


def _back(request, event: Event):
    return redirect(_back_url(request, event))


def _when(moment) -> str:
    return formats.date_format(timezone.localtime(moment), "SHORT_DATETIME_FORMAT")


# Pages


@staff_permission(VIEW)
def attendee_list(request, slug):
    event = _event(slug)
    contacts = request.user.has_perm(CONTACTS)
    registrations, applied = selectors.filter_attendees(selectors.attendees_of(event), request.GET, contacts=contacts)
    page = Paginator(registrations, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "registration/manage/attendee_list.html",
        {
            "event": event,
            "page": page,
            "filters": applied,
            "counts": selectors.attendance_counts(event),
            "contacts": contacts,
            "can_change": request.user.has_perm(CHANGE),
            "statuses": RegistrationStatus.choices,
            "roles": Role.choices,
            "can_make_documents": request.user.has_perm("core.add_job"),
            "jobs": event.jobs.select_related("created_by")[:5],
            "event_over": has_taken_place(event),
        },
    )


@staff_permission(CHANGE)
@require_POST
def attendee_check_in(request, slug, pk):
    event = _event(slug)
    registration = _registration(event, pk)
    outcome = services.check_in(code=registration.code, event=event, scanned_by=request.user, manual=True)
    name = registration.full_name
    if outcome.result == ScanResult.OK:
        messages.success(request, _("%(name)s is checked in.") % {"name": name})
    elif outcome.result == ScanResult.ALREADY:
        messages.warning(
            request,
            _("Already checked in: %(name)s, at %(time)s by %(by)s.")
            % {
                "name": name,
                "time": _when(outcome.checked_in_at),
                "by": outcome.checked_in_by,
            },
        )
    else:
        messages.error(request, _("%(name)s: %(result)s") % {"name": name, "result": ScanResult(outcome.result).label})
    return _back(request, event)


@staff_permission(CHANGE)
@require_POST
def attendee_undo_check_in(request, slug, pk):
    event = _event(slug)
    registration = _registration(event, pk)
    perform(
        request,
        lambda: services.undo_check_in(
            registration=registration, by=request.user, reason=request.POST.get("reason", "")
        ),
        success=_("The check-in of %(name)s is undone.") % {"name": registration.full_name},
    )
    return _back(request, event)


@staff_permission(CHANGE)
@require_POST
def attendee_cancel(request, slug, pk):
    event = _event(slug)
    registration = _registration(event, pk)
    outcome = perform(
        request,
        lambda: services.cancel_registration(registration=registration, by=request.user),
        success=_("The registration of %(name)s is cancelled.") % {"name": registration.full_name},
    )
    if (promoted := outcome.value) is not None:
        messages.info(
            request, _("%(name)s moved up from the waitlist and is now confirmed.") % {"name": promoted.full_name}
        )
    return _back(request, event)


@staff_permission(CHANGE)
def attendee_add(request, slug):
    event = _event(slug)
    form = AttendeeForm(request.POST or None, initial={"role": Role.GUEST, "language": get_language()[:2]})
    if request.method == "POST" and form.is_valid():
        outcome = perform(
            request,
            lambda: services.register_participant(
                event=event,
                applicant=form.applicant(language=form.cleaned_data["language"], role=form.cleaned_data["role"]),
                source=Source.ORGANISER,
                created_by=request.user,
            ),
            form=form,
        )
        if outcome:
            registration = outcome.value
            values = {"name": registration.full_name, "role": registration.get_role_display()}
            if registration.status == RegistrationStatus.WAITLISTED:
                messages.warning(request, _("%(name)s (%(role)s) is on the waitlist: the event is full.") % values)
            else:
                messages.success(request, _("%(name)s (%(role)s) is added.") % values)
            return redirect("registration_manage:attendees", event.slug)
    return render(request, "registration/manage/attendee_add.html", {"event": event, "form": form})


@staff_permission(CHANGE)
def attendee_edit(request, slug, pk):
    """Correct a person's details; contacts are shown and changed only with `view_contacts`."""
    event = _event(slug)
    registration = _registration(event, pk)
    form = AttendeeEditForm(request.POST or None, instance=registration)
    if not request.user.has_perm(CONTACTS):
        for field in ("phone", "email"):
            del form.fields[field]
    if request.method == "POST" and form.is_valid():
        # Only the fields changed on the form (phone and email are not on it without `view_contacts`).
        outcome = perform(
            request,
            lambda: services.update_details(
                registration=registration, changed=form.save(commit=False), fields=form.changed_data
            ),
            success=lambda saved: _("The details of %(name)s are saved.") % {"name": saved.full_name},
            form=form,
        )
        if outcome:
            return _back(request, event)
    return render(
        request,
        "registration/manage/attendee_edit.html",
        {"event": event, "form": form, "registration": registration, "back_url": _back_url(request, event)},
    )


@staff_permission(CHANGE)
def attendee_import(request, slug):
    event = _event(slug)
    form = ImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        try:
            rows = importing.parse_attendee_file(form.cleaned_data["file"])
        except DomainError as error:
            form.add_error("file", error.message)
        else:
            report = importing.import_attendees(event=event, rows=rows, by=request.user)
            if report.imported:
                messages.success(
                    request,
                    _("Imported %(count)s people: %(confirmed)s confirmed, %(waitlisted)s on the waitlist.")
                    % {"count": len(report.rows), "confirmed": report.confirmed, "waitlisted": report.waitlisted},
                )
            else:
                messages.error(
                    request, _("Nothing was imported. Correct the refused rows and upload the whole file again.")
                )
    return render(
        request,
        "registration/manage/attendee_import.html",
        {
            "event": event,
            "form": form,
            "report": report,
            "max_rows": importing.MAX_ROWS,
            "max_size": importing.MAX_FILE_BYTES,
        },
    )


@staff_permission(VIEW)
def attendee_export(request, slug, file_format):
    """The list as CSV or XLSX, with the list page's filters, headers in the organiser's language."""
    event = _event(slug)
    contacts = request.user.has_perm(CONTACTS)
    registrations, _applied = selectors.filter_attendees(selectors.attendees_of(event), request.GET, contacts=contacts)
    header = exports.attendee_header(contacts=contacts)
    rows = exports.attendee_rows(registrations, contacts=contacts)
    if file_format == "xlsx":
        content = spreadsheets.to_xlsx(header, rows, title=event.slug)
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        content = spreadsheets.to_csv(header, rows)
        content_type = "text/csv; charset=utf-8"
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="attendees-{event.slug}.{file_format}"'
    return private_file(response)
