"""The participant list of an event: PDF on A4 with a signature column (evidence for the
grantor) or XLSX, made by a job in the organiser's language. Names, organisations, roles and
check-in times only: no contacts.
"""

import io
import math
from dataclasses import dataclass, field

from django.db.models import OuterRef, Subquery
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from reportlab.lib.colors import HexColor, white
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm

from core import jobs
from core.errors import DomainError
from core.models import Job
from core.pdf import new_canvas, register_fonts
from core.spreadsheets import local_naive, to_xlsx
from events.models import Event
from registration.models import CheckIn, Registration, RegistrationStatus
from registration.tickets import event_when, event_where

from .context import branding_for, current_language, job_event, job_language
from .drawing import GREY, INK, LIGHT, Branding, draw_lines, draw_logo, fit_text

KIND_PDF = "participants_pdf"
KIND_XLSX = "participants_xlsx"


@dataclass(frozen=True)
class ParticipantListData:
    event_title: str
    when: str
    venue: str
    header: list  # column captions; the last one is the signature column
    rows: list  # lists of strings, without the row number
    labels: dict = field(default_factory=dict)  # title, page ("Page %(n)s of %(total)s"), total


LIST_COLUMNS = (0.05, 0.28, 0.26, 0.12, 0.10, 0.19)  # №, name, organisation, role, checked in, signature


def render_participant_list(data: ParticipantListData, *, branding: Branding) -> bytes:
    """The event's participant list on A4 with a signature column: evidence for the grantor."""
    regular, bold = register_fonts()
    labels = data.labels
    buffer = io.BytesIO()
    width, height = A4
    canvas = new_canvas(buffer, A4)
    canvas.setTitle(f"{labels.get('title', '')} — {data.event_title}")
    margin = 14 * mm
    table_w = width - 2 * margin
    row_h = 9 * mm
    # Two lines of captions fit: «Келген уақыты», «Время отметки» are not cut.
    header_h = 10 * mm
    first_top = height - 52 * mm
    later_top = height - 24 * mm
    first_rows = int((first_top - header_h - 20 * mm) // row_h)
    later_rows = int((later_top - header_h - 20 * mm) // row_h)
    pages = 1 + max(0, math.ceil((len(data.rows) - first_rows) / later_rows))
    widths = [fraction * table_w for fraction in LIST_COLUMNS]
    primary = HexColor(branding.primary)

    def page_top(page: int) -> float:
        if page > 1:
            canvas.setFillColor(GREY)
            canvas.setFont(regular, 8)
            canvas.drawString(margin, height - 14 * mm, data.event_title[:110])
            return later_top
        canvas.setFillColor(primary)
        canvas.rect(0, height - 30 * mm, width, 30 * mm, stroke=0, fill=1)
        draw_logo(canvas, branding, margin, height - 24 * mm, 40 * mm, 16 * mm, on_colour=True)
        canvas.setFillColor(white)
        canvas.setFont(bold, 16)
        canvas.drawRightString(width - margin, height - 15 * mm, labels.get("title", ""))
        canvas.setFont(regular, 9)
        canvas.drawRightString(width - margin, height - 22 * mm, labels.get("total", ""))
        canvas.setFillColor(INK)
        size, lines = fit_text(data.event_title, bold, table_w, 13, 9)
        y = draw_lines(canvas, lines, bold, size, margin, height - 38 * mm)
        canvas.setFillColor(GREY)
        place = " · ".join(part for part in (data.when, data.venue) if part)
        place_size, place_lines = fit_text(place, regular, table_w, 9.5, 7, max_lines=1)
        draw_lines(canvas, place_lines, regular, place_size, margin, y - 1 * mm)
        return first_top

    def cell(text: str, font: str, x: float, top: float, box_w: float, box_h: float, sizes: tuple) -> None:
        """`text` in a cell, on up to two lines rather than cut, centred vertically."""
        size, lines = fit_text(text, font, box_w - 3 * mm, *sizes, max_lines=2)
        first = top - box_h / 2 + (len(lines) - 1) * size * 1.15 / 2 - size * 0.35
        draw_lines(canvas, lines, font, size, x + 1.5 * mm, first)

    def header_row(top: float) -> float:
        canvas.setFillColor(LIGHT)
        canvas.rect(margin, top - header_h, table_w, header_h, stroke=0, fill=1)
        canvas.setFillColor(INK)
        x = margin
        for caption, column_w in zip(["№", *data.header], widths, strict=True):
            cell(caption, bold, x, top, column_w, header_h, (8.5, 7))
            x += column_w
        return top - header_h

    def footer(page: int) -> None:
        canvas.setFillColor(GREY)
        canvas.setFont(regular, 8)
        canvas.drawRightString(
            width - margin, 10 * mm, labels.get("page", "%(n)s / %(total)s") % {"n": page, "total": pages}
        )

    page, index = 1, 0
    while True:
        top = header_row(page_top(page))
        capacity = first_rows if page == 1 else later_rows
        canvas.setStrokeColor(HexColor("#bdc1c6"))
        canvas.setLineWidth(0.4)
        for row in data.rows[index : index + capacity]:
            index += 1
            x = margin
            for value, column_w in zip([str(index), *row, ""], widths, strict=True):
                canvas.setFillColor(INK)
                cell(value, regular, x, top, column_w, row_h, (9, 7))
                x += column_w
            canvas.line(margin, top - row_h, margin + table_w, top - row_h)
            top -= row_h
        # Vertical rules, so the signature column reads as a box to sign in.
        x = margin
        table_top = first_top if page == 1 else later_top
        for column_w in [0, *widths]:
            x += column_w
            canvas.line(x, table_top, x, top)
        canvas.line(margin, table_top, margin + table_w, table_top)
        footer(page)
        canvas.showPage()
        if index >= len(data.rows):
            break
        page += 1
    canvas.save()
    return buffer.getvalue()


# Making it


def start_participant_list_job(*, event: Event, by, file_format: str) -> Job:
    """Start a job that makes the participant list as PDF (with a signature column) or XLSX."""
    kind = {"pdf": KIND_PDF, "xlsx": KIND_XLSX}.get(file_format)
    if kind is None:
        raise DomainError(_("Choose PDF or Excel."), code="bad_format")
    return jobs.create_job(kind=kind, subject=event, created_by=by, params={"language": current_language()})


def participant_list(job: Job) -> tuple[str, bytes]:
    """The confirmed registrations of the job's event, with check-in times: no contacts."""
    event = job_event(job)
    first_checkin = CheckIn.objects.active().filter(registration=OuterRef("pk"))
    registrations = (
        Registration.objects.filter(event=event, status=RegistrationStatus.CONFIRMED)
        .annotate(active_checkin_at=Subquery(first_checkin.values("checked_in_at")[:1]))
        .order_by("name_search", "pk")
    )
    with translation.override(job_language(job)):
        header = [_("Full name"), _("Organisation"), _("Role"), _("Checked in at"), _("Signature")]
        rows = []
        for r in registrations:
            checked = timezone.localtime(r.active_checkin_at).strftime("%H:%M") if r.active_checkin_at else ""
            rows.append([r.full_name, r.organisation, str(r.get_role_display()), checked])
        if job.kind == KIND_XLSX:
            # The spreadsheet stores the check-in as a date and time, which sorts and filters.
            cells = [
                [n, r.full_name, r.organisation, str(r.get_role_display()), local_naive(r.active_checkin_at), ""]
                for n, r in enumerate(registrations, 1)
            ]
            content = to_xlsx(["№", *header], cells, title=str(_("Participants")))
            return f"participants-{event.slug}.xlsx", content
        content = render_participant_list(
            ParticipantListData(
                event_title=event.title,
                when=event_when(event),
                venue=event_where(event),
                header=header,
                rows=rows,
                labels={
                    "title": _("Participant list"),
                    "total": _("Registered: %(count)s") % {"count": len(rows)},
                    "page": _("Page %(n)s of %(total)s"),
                },
            ),
            branding=branding_for(event),
        )
        return f"participants-{event.slug}.pdf", content
