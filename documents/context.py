"""What every document takes from its event and its job: branding, dates, language, part files."""

from django.conf import settings
from django.utils import formats, timezone, translation

from core.models import Job
from core.uploads import local_path
from events.models import Event

from .drawing import Branding


def branding_for(event: Event) -> Branding:
    """The event's colours and logo file, for the renderers (which read no model)."""
    return Branding(primary=event.primary_colour, accent=event.accent_colour, logo_path=local_path(event.logo))


def event_date(event: Event) -> str:
    return formats.date_format(timezone.localtime(event.start_at), "DATE_FORMAT")


def current_language() -> str:
    """The language of the request (the organiser's), kept on a job so its worker renders in it."""
    return (translation.get_language() or settings.LANGUAGE_CODE)[:2]


def job_language(job: Job) -> str:
    return job.params.get("language") or settings.LANGUAGE_CODE


def job_event(job: Job) -> Event:
    """The event a document job is about (every job of this app is about one)."""
    return Event.objects.get(pk=job.subject_id)
