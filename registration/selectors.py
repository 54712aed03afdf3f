from django.db.models import Count, Q

from events.models import Event

from .models import CheckIn, Registration, RegistrationStatus


def registration_by_code(code: str) -> Registration | None:
    if not code or len(code) > 64:
        return None
    return Registration.objects.select_related("event__venue").filter(code=code).first()


def active_checkin(registration: Registration) -> CheckIn | None:
    return CheckIn.objects.filter(registration=registration, undone_at__isnull=True).first()


def attendance_counts(event: Event) -> dict:
    """Registered (confirmed), waitlisted and checked-in counts for the door's live counter."""
    counts = Registration.objects.filter(event=event).aggregate(
        registered=Count("pk", filter=Q(status=RegistrationStatus.CONFIRMED)),
        waitlisted=Count("pk", filter=Q(status=RegistrationStatus.WAITLISTED)),
    )
    counts["checked_in"] = CheckIn.objects.filter(registration__event=event, undone_at__isnull=True).count()
    return counts


def search_attendees(event: Event, query: str, limit: int = 20):
    """Registrations of `event` whose name contains `query`, or whose phone ends with its digits."""
    query = (query or "").strip()
    if len(query) < 2:
        return Registration.objects.none()
    digits = "".join(ch for ch in query if ch.isdigit())
    match = Q(name_search__contains=query.casefold())
    if len(digits) >= 4:
        match |= Q(phone__endswith=digits[-10:])
    return (
        Registration.objects.filter(event=event).filter(match)
        .prefetch_related("checkins")
        .order_by("full_name", "pk")[:limit]
    )
