"""Evidence pages under /manage/media/ and the public feedback form under /feedback/<code>/.

Reading evidence needs `media_log.view_mediaitem` (organisers and the grantor), adding and
changing it the add/change permissions (organisers), private files `view_private_evidence`.
"""

from pathlib import PurePosixPath

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from core.auth import staff_permission
from core.errors import DomainError
from core.http import download, perform
from events.models import Event
from registration.selectors import has_attended, registration_by_code

from . import forms, selectors, services
from .models import Approval, EvidenceKind, Feedback, MediaItem

PAGE_SIZE = 50


@staff_permission("media_log.view_mediaitem")
def evidence_list(request):
    items, applied = selectors.evidence_list(request.GET)
    return render(
        request,
        "media_log/evidence_list.html",
        {
            "page": Paginator(items, PAGE_SIZE).get_page(request.GET.get("page")),
            "filters": applied,
            "kinds": EvidenceKind.choices,
            "approvals": Approval.choices,
            "events": Event.objects.order_by("-start_at", "pk"),
        },
    )


@staff_permission("media_log.add_mediaitem")
def evidence_create(request):
    form = forms.EvidenceForm(
        request.POST or None,
        request.FILES or None,
        initial={"kind": request.GET.get("kind"), "event": request.GET.get("event")},
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        if perform(
            request,
            lambda: services.add_evidence(
                kind=data.pop("kind"),
                event=data.pop("event"),
                title=data.pop("title"),
                file=data.pop("file"),
                url=data.pop("url"),
                by=request.user,
                **data,
            ),
            success=lambda item: _("Added: %(title)s.") % {"title": item.title},
            form=form,
        ):
            return redirect("media_log:list")
    return render(
        request,
        "media_log/form_page.html",
        {
            "form": form,
            "title": _("New evidence"),
            "back_url": "media_log:list",
        },
    )


@staff_permission("media_log.change_mediaitem")
def approval_edit(request, pk):
    item = get_object_or_404(MediaItem.objects.select_related("event"), pk=pk)
    form = forms.ApprovalForm(
        request.POST or None, initial={"approval": item.approval, "approved_on": item.approved_on}
    )
    if request.method == "POST" and form.is_valid():
        if perform(
            request,
            lambda: services.set_approval(
                item=item, approval=form.cleaned_data["approval"], on=form.cleaned_data["approved_on"]
            ),
            success=_("Approval saved: %(title)s.") % {"title": item.title},
            form=form,
        ):
            return redirect("media_log:list")
    return render(
        request,
        "media_log/form_page.html",
        {
            "form": form,
            "title": _("Grantor's approval: %(title)s") % {"title": item.title},
            "back_url": "media_log:list",
        },
    )


@staff_permission("media_log.view_private_evidence")
def private_file(request, pk):
    """A private item's file (letters, minutes, survey results, questionnaires), to organisers only."""
    item = get_object_or_404(MediaItem, pk=pk)
    if not item.private_file:
        raise Http404
    ext = PurePosixPath(item.private_file.name).suffix
    return download(item.private_file.open("rb"), f"{item.get_kind_display()}-{item.pk}{ext}")


@staff_permission("media_log.view_mediaitem")
def photo_grid(request, slug):
    event = get_object_or_404(Event, slug=slug)
    return render(
        request,
        "media_log/photo_grid.html",
        {
            "event": event,
            "photos": selectors.photos_for_report(event=event),
        },
    )


@staff_permission("media_log.add_mediaitem")
def photos_upload(request, slug):
    event = get_object_or_404(Event, slug=slug)
    form = forms.PhotosForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        # Not `perform`: a refused batch is summed up above the form and each bad file named on the field.
        try:
            added = services.add_photos(event=event, files=form.cleaned_data["files"], by=request.user)
        except DomainError as exc:
            form.add_error("files" if exc.code == "no_files" else None, exc.message)
            for error in exc.extra.get("errors", []):
                form.add_error("files", error)
        else:
            messages.success(request, _("Photos added: %(count)s.") % {"count": len(added)})
            return redirect("media_log:photos", slug=event.slug)
    return render(
        request,
        "media_log/form_page.html",
        {
            "form": form,
            "title": _("Upload photos: %(event)s") % {"event": event.title},
            "back_url": "media_log:list",
        },
    )


@staff_permission("media_log.view_feedback")
def feedback_list(request):
    feedback = Feedback.objects.select_related("registration__event").order_by("-created_at", "-pk")
    event = request.GET.get("event", "")
    if event.isdigit():
        feedback = feedback.filter(registration__event_id=int(event))
    return render(
        request,
        "media_log/feedback_list.html",
        {
            "page": Paginator(feedback, PAGE_SIZE).get_page(request.GET.get("page")),
            "events": Event.objects.order_by("-start_at", "pk"),
            "event_filter": event,
        },
    )


@never_cache
def feedback_form(request, code):
    """The attendee's feedback, reached from the ticket page once checked in."""
    registration = registration_by_code(code)
    if registration is None:
        raise Http404
    attended = has_attended(registration)
    given = Feedback.objects.filter(registration=registration).exists()
    form = forms.FeedbackForm(request.POST or None)
    # The service decides who may leave feedback; the page only shows the state beforehand.
    if request.method == "POST" and form.is_valid():
        perform(
            request,
            lambda: services.leave_feedback(
                registration=registration, rating=form.cleaned_data["rating"], comment=form.cleaned_data["comment"]
            ),
            success=_("Thank you for your feedback!"),
        )
        return redirect("feedback:form", code=registration.code)
    return render(
        request,
        "media_log/feedback_form.html",
        {
            "registration": registration,
            "event": registration.event,
            "attended": attended,
            "given": given,
            "form": form,
        },
    )
