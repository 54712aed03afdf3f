from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, render

from core.auth import staff_permission
from core.http import download

from . import selectors
from .models import EventKind, Speaker, SpeakerApproval


def event_list(request):
    kind = request.GET.get("kind") or None
    past = request.GET.get("when") == "past"
    events = selectors.public_events(kind=kind, past=past)
    return render(
        request,
        "events/event_list.html",
        {
            "events": events,
            "kinds": EventKind.choices,
            "kind": kind,
            "past": past,
        },
    )


def event_detail(request, slug):
    event = selectors.event_with_programme(slug=slug, user=request.user)
    if event is None:
        raise Http404
    agenda, other_talks = selectors.programme(event)
    return render(
        request,
        "events/event_detail.html",
        {
            "event": event,
            "agenda": agenda,
            "other_talks": other_talks,
            "speakers": selectors.speakers_of(event),
            "registration_open": event.is_registration_open(),
        },
    )


@staff_permission("events.view_speaker")
def speaker_list(request):
    """The speakers for the grantor who approves them: name, position, organisation, what they
    speak about and where, and the approval. No contacts, CVs or diplomas: those are the
    organisers' (events.view_speaker_private)."""
    approval = request.GET.get("approval") or None
    speakers = list(selectors.speakers_for_review(approval=approval))
    counts = dict.fromkeys(SpeakerApproval.values, 0)
    for value in Speaker.objects.values_list("approval", flat=True):
        counts[value] += 1
    return render(
        request,
        "events/speakers.html",
        {
            "speakers": speakers,
            "approval": approval if approval in SpeakerApproval.values else None,
            "approvals": [(value, label, counts[value]) for value, label in SpeakerApproval.choices],
            "total": sum(counts.values()),
        },
    )


@login_required
def speaker_private_file(request, pk, field):
    """A speaker's CV or diploma, for organisers only: these files never have a public URL."""
    if field not in ("cv", "diploma"):
        raise Http404
    if not request.user.has_perm("events.view_speaker_private"):
        raise PermissionDenied
    speaker = get_object_or_404(Speaker, pk=pk)
    file = getattr(speaker, field)
    if not file:
        raise Http404
    name = f"{field}-{speaker.pk}{file.name[file.name.rfind('.') :]}"
    return download(file.open("rb"), name)
