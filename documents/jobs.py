"""The kinds of job this app makes, registered with core (core.job_kinds) when the app is ready."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core import job_kinds
from events.models import Event

from . import badges, certificates, participant_list, tasks


def _event_place(job) -> tuple[str, str] | None:
    """Where a document job's file belongs: its event's attendee list, where it was started."""
    event = Event.objects.filter(pk=job.subject_id).first() if job.subject_id else None
    if event is None:
        return None
    return reverse("registration_manage:attendees", args=[event.slug]), event.title


def register_kinds() -> None:
    job_kinds.register(
        badges.KIND,
        label=_("Badges"),
        part_task=tasks.render_badge_part_task,
        finish_task=tasks.assemble_badges_task,
        place=_event_place,
    )
    job_kinds.register(
        certificates.KIND,
        label=_("Certificates"),
        part_task=tasks.issue_certificate_part_task,
        finish_task=tasks.assemble_certificates_task,
        place=_event_place,
    )
    job_kinds.register(
        participant_list.KIND_PDF,
        label=_("Participant list (PDF)"),
        finish_task=tasks.build_participant_list_task,
        place=_event_place,
    )
    job_kinds.register(
        participant_list.KIND_XLSX,
        label=_("Participant list (Excel)"),
        finish_task=tasks.build_participant_list_task,
        place=_event_place,
    )
