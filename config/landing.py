"""Where each role lands after logging in, and the volunteers' choice of a door.

These pages know every app's addresses, so they live in `config`, which mounts the apps; `core`
names none of them.
"""

from datetime import datetime, time, timedelta

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone

from core.auth import staff_permission
from core.roles import GRANTOR, ORGANISER, VOLUNTEER, user_roles
from events.models import Event, EventStatus

UPCOMING_DAYS = 14


@login_required
def landing(request):
    """After login (without ?next=): organisers on the management area, volunteers at today's
    door, the grantor on monitoring; anyone else on the programme."""
    roles = user_roles(request.user)
    if ORGANISER in roles or request.user.is_superuser:
        return redirect("manage:dashboard")
    if VOLUNTEER in roles:
        return redirect("door")
    if GRANTOR in roles:
        return redirect("monitoring:dashboard")
    return redirect("events:list")


def doors_for(now: datetime) -> tuple[list[Event], list[Event]]:
    """(today's events, the next ones within UPCOMING_DAYS): published events not over yet,
    soonest first; today's are those starting before the end of the local day."""
    end_of_today = timezone.make_aware(datetime.combine(timezone.localdate(now) + timedelta(days=1), time.min))
    events = (
        Event.objects.filter(status=EventStatus.PUBLISHED, end_at__gt=now)
        .filter(start_at__lt=end_of_today + timedelta(days=UPCOMING_DAYS))
        .select_related("venue")
        .order_by("start_at", "pk")
    )
    today = [event for event in events if event.start_at < end_of_today]
    later = [event for event in events if event.start_at >= end_of_today]
    return today, later[:10]


@staff_permission("registration.add_checkin")
def door(request):
    """Today's door: the check-in page of the one event happening today, else the list of
    today's and the coming events, each with its door."""
    today, later = doors_for(timezone.now())
    if len(today) == 1:
        return redirect("registration:checkin", today[0].slug)
    return render(request, "core/door_choice.html", {"today": today, "later": later})
