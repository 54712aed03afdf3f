"""The organiser area under /manage/: events, their programme, venues and speakers.

Each view checks one permission: anonymous visitors go to the login page, signed-in
users without the permission get 403. Forms validate, services carry the rules, and
every outcome becomes a message.
"""

from django.contrib import messages
from django.db.models import Count, Prefetch, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.auth import staff_permission
from core.http import perform

from . import services
from .forms import AgendaItemForm, ApproveSpeakerForm, EventForm, SpeakerForm, TalkForm, VenueForm
from .models import AgendaItem, Event, EventStatus, Speaker, SpeakerApproval, Talk, Venue


def _bound(request) -> dict:
    if request.method == "POST":
        return {"data": request.POST, "files": request.FILES}
    return {}


def _form_page(
    request, *, form, title, back_url, success_message, next_url, template="events/manage/form_page.html", **context
):
    """Save a valid POSTed form, say so and redirect; otherwise (re)show the form."""
    if request.method == "POST" and form.is_valid():
        obj = form.save()
        messages.success(request, success_message % {"name": obj})
        return redirect(next_url(obj))
    return render(request, template, {"form": form, "title": title, "back_url": back_url, **context})


# Dashboard and events


@staff_permission("events.change_event")
def dashboard(request):
    status = request.GET.get("status")
    events = (
        Event.objects.select_related("venue")
        .annotate(talk_count=Count("talks", distinct=True), item_count=Count("agenda_items", distinct=True))
        .order_by("-start_at", "-pk")
    )
    if status in EventStatus.values:
        events = events.filter(status=status)
    else:
        status = None
    by_status = dict(Event.objects.values_list("status").annotate(n=Count("pk")).values_list("status", "n"))
    return render(
        request,
        "events/manage/dashboard.html",
        {
            "events": events,
            "status": status,
            "statuses": [(value, label, by_status.get(value, 0)) for value, label in EventStatus.choices],
            "total": sum(by_status.values()),
            "venue_count": Venue.objects.count(),
            "speaker_counts": Speaker.objects.aggregate(
                total=Count("pk"), pending=Count("pk", filter=Q(approval=SpeakerApproval.PENDING))
            ),
        },
    )


@staff_permission("events.add_event")
def event_create(request):
    return _form_page(
        request,
        form=EventForm(**_bound(request)),
        title=_("New event"),
        section="events",
        back_url=reverse("manage:dashboard"),
        success_message=_("The event “%(name)s” is saved as a draft."),
        next_url=lambda event: reverse("manage:event_edit", args=[event.slug]),
    )


@staff_permission("events.change_event")
def event_edit(request, slug):
    event = get_object_or_404(Event.objects.select_related("venue"), slug=slug)
    # The form gets its own copy, so an invalid POST cannot change the slug the page links with.
    form = EventForm(**_bound(request), instance=Event.objects.get(pk=event.pk))
    if request.method == "POST" and form.is_valid():
        # A changed capacity gives any new places to the waitlist at once, in the same transaction.
        update = services.update_event(event=form.save(commit=False), changed=form.changed_data)
        messages.success(request, _("The event “%(name)s” is saved.") % {"name": update.event})
        if update.promoted:
            message = _("%(n)s people moved from the waitlist to confirmed places.") % {"n": update.promoted}
            messages.info(request, message)
        return redirect("manage:event_edit", update.event.slug)
    return render(
        request,
        "events/manage/event_edit.html",
        {
            "event": event,
            "form": form,
            "can_publish": event.status == EventStatus.DRAFT,
            "can_cancel": event.status in (EventStatus.DRAFT, EventStatus.PUBLISHED),
            # A future event cannot be marked finished (the service refuses it too).
            "can_finish": services.can_finish(event),
        },
    )


def _change_status(request, slug, service, success_message):
    event = get_object_or_404(Event, slug=slug)
    perform(request, lambda: service(event=event), success=lambda changed: success_message % {"name": changed})
    return redirect("manage:event_edit", event.slug)


@staff_permission("events.change_event")
@require_POST
def event_publish(request, slug):
    return _change_status(request, slug, services.publish_event, _("“%(name)s” is published."))


@staff_permission("events.change_event")
@require_POST
def event_cancel(request, slug):
    return _change_status(request, slug, services.cancel_event, _("“%(name)s” is cancelled."))


@staff_permission("events.change_event")
@require_POST
def event_finish(request, slug):
    return _change_status(request, slug, services.finish_event, _("“%(name)s” is marked finished."))


@staff_permission("events.change_event")
def event_programme(request, slug):
    event = get_object_or_404(
        Event.objects.select_related("venue").prefetch_related(
            Prefetch("agenda_items", queryset=AgendaItem.objects.select_related("talk").prefetch_related("speakers")),
            Prefetch("talks", queryset=Talk.objects.select_related("speaker")),
        ),
        slug=slug,
    )
    return render(request, "events/manage/event_programme.html", {"event": event})


# Talks and agenda items, always within one event


def _programme_url(event) -> str:
    return reverse("manage:event_programme", args=[event.slug])


@staff_permission("events.add_talk")
def talk_create(request, slug):
    event = get_object_or_404(Event, slug=slug)
    return _form_page(
        request,
        form=TalkForm(**_bound(request), event=event),
        title=_("New talk"),
        section="events",
        event=event,
        back_url=_programme_url(event),
        success_message=_("The talk “%(name)s” is saved."),
        next_url=lambda talk: _programme_url(event),
    )


@staff_permission("events.change_talk")
def talk_edit(request, pk):
    talk = get_object_or_404(Talk.objects.select_related("event"), pk=pk)
    return _form_page(
        request,
        form=TalkForm(**_bound(request), instance=talk, event=talk.event),
        title=_("Edit talk"),
        section="events",
        event=talk.event,
        back_url=_programme_url(talk.event),
        success_message=_("The talk “%(name)s” is saved."),
        next_url=lambda talk: _programme_url(talk.event),
    )


@staff_permission("events.delete_talk")
@require_POST
def talk_delete(request, pk):
    talk = get_object_or_404(Talk.objects.select_related("event"), pk=pk)
    talk.delete()
    messages.success(request, _("The talk “%(name)s” is deleted.") % {"name": talk})
    return redirect(_programme_url(talk.event))


@staff_permission("events.add_agendaitem")
def agenda_create(request, slug):
    event = get_object_or_404(Event, slug=slug)
    return _form_page(
        request,
        form=AgendaItemForm(**_bound(request), event=event),
        title=_("New agenda item"),
        section="events",
        event=event,
        back_url=_programme_url(event),
        success_message=_("The agenda item “%(name)s” is saved."),
        next_url=lambda item: _programme_url(event),
    )


@staff_permission("events.change_agendaitem")
def agenda_edit(request, pk):
    item = get_object_or_404(AgendaItem.objects.select_related("event"), pk=pk)
    return _form_page(
        request,
        form=AgendaItemForm(**_bound(request), instance=item, event=item.event),
        title=_("Edit agenda item"),
        section="events",
        event=item.event,
        back_url=_programme_url(item.event),
        success_message=_("The agenda item “%(name)s” is saved."),
        next_url=lambda item: _programme_url(item.event),
    )


@staff_permission("events.delete_agendaitem")
@require_POST
def agenda_delete(request, pk):
    item = get_object_or_404(AgendaItem.objects.select_related("event"), pk=pk)
    item.delete()
    messages.success(request, _("The agenda item “%(name)s” is deleted.") % {"name": item})
    return redirect(_programme_url(item.event))


# Venues


@staff_permission("events.change_venue")
def venue_list(request):
    venues = Venue.objects.annotate(event_count=Count("events"))
    return render(request, "events/manage/venue_list.html", {"venues": venues})


@staff_permission("events.add_venue")
def venue_create(request):
    return _form_page(
        request,
        form=VenueForm(**_bound(request)),
        title=_("New venue"),
        section="venues",
        back_url=reverse("manage:venue_list"),
        success_message=_("The venue “%(name)s” is saved."),
        next_url=lambda venue: reverse("manage:venue_list"),
    )


@staff_permission("events.change_venue")
def venue_edit(request, pk):
    venue = get_object_or_404(Venue, pk=pk)
    return _form_page(
        request,
        form=VenueForm(**_bound(request), instance=venue),
        title=_("Edit venue"),
        section="venues",
        back_url=reverse("manage:venue_list"),
        success_message=_("The venue “%(name)s” is saved."),
        next_url=lambda venue: reverse("manage:venue_list"),
    )


# Speakers


@staff_permission("events.change_speaker")
def speaker_list(request):
    approval = request.GET.get("approval")
    speakers = Speaker.objects.annotate(talk_count=Count("talks", distinct=True))
    if approval in SpeakerApproval.values:
        speakers = speakers.filter(approval=approval)
    else:
        approval = None
    return render(
        request,
        "events/manage/speaker_list.html",
        {
            "speakers": speakers,
            "approval": approval,
            "approvals": SpeakerApproval.choices,
        },
    )


@staff_permission("events.add_speaker")
def speaker_create(request):
    return _form_page(
        request,
        form=SpeakerForm(**_bound(request)),
        title=_("New speaker"),
        section="speakers",
        back_url=reverse("manage:speaker_list"),
        success_message=_("The speaker “%(name)s” is saved."),
        next_url=lambda speaker: reverse("manage:speaker_edit", args=[speaker.pk]),
        template="events/manage/speaker_form.html",
    )


@staff_permission("events.change_speaker")
def speaker_edit(request, pk):
    speaker = get_object_or_404(Speaker, pk=pk)
    return _form_page(
        request,
        form=SpeakerForm(**_bound(request), instance=Speaker.objects.get(pk=pk)),
        title=_("Edit speaker"),
        section="speakers",
        back_url=reverse("manage:speaker_list"),
        success_message=_("The speaker “%(name)s” is saved."),
        next_url=lambda speaker: reverse("manage:speaker_edit", args=[speaker.pk]),
        template="events/manage/speaker_form.html",
        speaker=speaker,
        approve_form=ApproveSpeakerForm(initial={"on": timezone.localdate()}),
    )


@staff_permission("events.change_speaker")
@require_POST
def speaker_approve(request, pk):
    speaker = get_object_or_404(Speaker, pk=pk)
    form = ApproveSpeakerForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Enter the date of the grantor's approval."))
        return redirect("manage:speaker_edit", speaker.pk)
    perform(
        request,
        lambda: services.approve_speaker(speaker=speaker, on=form.cleaned_data["on"]),
        success=lambda approved: _("“%(name)s” is approved.") % {"name": approved},
    )
    return redirect("manage:speaker_edit", speaker.pk)
