"""Badges: who gets one, how it is drawn (A6, an A4 sheet of 8 with cut marks, or a card),
and the job that makes them for a whole event, one sheet a part.

The rendering half is pure (plain data in, PDF bytes out); the rest reads the registrations.
"""

import io
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from pypdf import PdfWriter
from reportlab.lib.colors import HexColor, white
from reportlab.lib.pagesizes import A4, A6
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from core import jobs
from core.errors import DomainError
from core.models import Job
from core.pdf import new_canvas, register_fonts
from core.uploads import private_storage
from events.models import Event
from registration.models import Registration, RegistrationStatus
from registration.tickets import ticket_url

from .context import branding_for, current_language, job_event, job_language
from .drawing import GREY, INK, Branding, draw_lines, draw_logo, draw_qr, fit_text

KIND = "badges"

CARD = (86 * mm, 54 * mm)
SHEET_COLUMNS, SHEET_ROWS = 2, 4
SHEET_CELL = (95 * mm, 68 * mm)
BADGES_PER_SHEET = SHEET_COLUMNS * SHEET_ROWS

LAYOUT_A6 = "a6"
LAYOUT_SHEET = "a4_sheet"
LAYOUT_CARD = "card"
LAYOUTS = (LAYOUT_A6, LAYOUT_SHEET, LAYOUT_CARD)

# Fixed role colours, the same at every event, so door staff learn them once.
ROLE_COLOURS = {
    "participant": HexColor("#2e7d32"),
    "speaker": HexColor("#c62828"),
    "volunteer": HexColor("#ef6c00"),
    "press": HexColor("#6a1b9a"),
    "organiser": HexColor("#263238"),
    "guest": HexColor("#00838f"),
}


@dataclass(frozen=True)
class BadgeData:
    full_name: str
    organisation: str
    role: str  # a Role value, for the colour
    role_label: str
    event_title: str
    event_date: str
    qr_data: str  # the ticket's URL, what the door scanner reads


def _draw_badge(
    canvas: Canvas, badge: BadgeData, branding: Branding, x: float, y: float, width: float, height: float
) -> None:
    regular, bold = register_fonts()
    primary = HexColor(branding.primary)
    role_colour = ROLE_COLOURS.get(badge.role, ROLE_COLOURS["participant"])
    portrait = height > width
    pad = (6 if portrait else 4) * mm
    header = height * (0.16 if portrait else 0.22)
    band = height * (0.1 if portrait else 0.15)

    # Header: logo, event title and date on the event's colour.
    canvas.setFillColor(primary)
    canvas.rect(x, y + height - header, width, header, stroke=0, fill=1)
    canvas.setFillColor(HexColor(branding.accent))
    canvas.rect(x, y + height - header - 0.8 * mm, width, 0.8 * mm, stroke=0, fill=1)
    logo_w = width * 0.3
    draw_logo(canvas, branding, x + pad, y + height - header + header * 0.2, logo_w, header * 0.6, on_colour=True)
    text_x = x + pad + logo_w + 3 * mm
    text_w = x + width - pad - text_x
    title_size, title_lines = fit_text(badge.event_title, bold, text_w, header * 0.22, header * 0.15)
    canvas.setFillColor(white)
    baseline = y + height - header / 2 + (len(title_lines) - 1) * title_size * 0.6 + 0.5 * title_size
    baseline = draw_lines(canvas, title_lines, bold, title_size, text_x, baseline)
    canvas.setFillColor(HexColor(branding.accent))
    date_size, date_lines = fit_text(badge.event_date, regular, text_w, title_size * 0.85, 4, max_lines=1)
    draw_lines(canvas, date_lines, regular, date_size, text_x, baseline - 0.2 * date_size)

    # Role band at the bottom.
    canvas.setFillColor(role_colour)
    canvas.rect(x, y, width, band, stroke=0, fill=1)
    canvas.setFillColor(white)
    role_size = min(band * 0.5, (width - 2 * pad) / max(stringWidth(badge.role_label.upper(), bold, 1), 1))
    canvas.setFont(bold, role_size)
    canvas.drawCentredString(x + width / 2, y + (band - role_size * 0.72) / 2, badge.role_label.upper())

    body_top = y + height - header - 0.8 * mm - pad * 0.8
    body_bottom = y + band + pad * 0.6
    canvas.setFillColor(INK)
    if portrait:
        name_size, name_lines = fit_text(badge.full_name, bold, width - 2 * pad, 26, 14)
        baseline = draw_lines(
            canvas, name_lines, bold, name_size, 0, body_top - name_size, centre=x + width / 2, leading=1.1
        )
        canvas.setFillColor(GREY)
        org_size, org_lines = fit_text(badge.organisation, regular, width - 2 * pad, 12, 8)
        baseline = draw_lines(canvas, org_lines, regular, org_size, 0, baseline - 0.2 * org_size, centre=x + width / 2)
        qr_size = min(width - 4 * pad, baseline - body_bottom)
        draw_qr(canvas, badge.qr_data, x + (width - qr_size) / 2, body_bottom, qr_size)
    else:
        qr_size = body_top - body_bottom + 2 * mm
        draw_qr(canvas, badge.qr_data, x + width - pad - qr_size + 1.5 * mm, body_bottom - 1 * mm, qr_size)
        text_w = width - 2 * pad - qr_size - 1 * mm
        max_name = 16 if width > 90 * mm else 13
        name_size, name_lines = fit_text(badge.full_name, bold, text_w, max_name, 9, max_lines=3)
        baseline = draw_lines(canvas, name_lines, bold, name_size, x + pad, body_top - name_size, leading=1.1)
        canvas.setFillColor(GREY)
        org_size, org_lines = fit_text(badge.organisation, regular, text_w, 8, 5.5)
        draw_lines(canvas, org_lines, regular, org_size, x + pad, baseline - 0.3 * org_size)


def _cut_marks(canvas: Canvas, left: float, bottom: float) -> None:
    """Short lines outside the grid at every cutting line, as a printer's guide."""
    cell_w, cell_h = SHEET_CELL
    right, top = left + SHEET_COLUMNS * cell_w, bottom + SHEET_ROWS * cell_h
    gap, length = 1.5 * mm, 5 * mm
    canvas.setStrokeColor(INK)
    canvas.setLineWidth(0.3)
    for column in range(SHEET_COLUMNS + 1):
        cx = left + column * cell_w
        canvas.line(cx, top + gap, cx, top + gap + length)
        canvas.line(cx, bottom - gap, cx, bottom - gap - length)
    for row in range(SHEET_ROWS + 1):
        cy = bottom + row * cell_h
        canvas.line(left - gap, cy, left - gap - length, cy)
        canvas.line(right + gap, cy, right + gap + length, cy)


def render_badges(badges: list[BadgeData], *, layout: str, branding: Branding, title: str = "") -> bytes:
    """Badges in one of three layouts: A6 (one a page), an A4 sheet of 8 with cut marks, or
    card size (86 × 54 mm, one a page) for badge printers."""
    if layout not in LAYOUTS:
        raise ValueError(f"Unknown badge layout {layout!r}")
    buffer = io.BytesIO()
    pagesize = {LAYOUT_A6: A6, LAYOUT_SHEET: A4, LAYOUT_CARD: CARD}[layout]
    canvas = new_canvas(buffer, pagesize)
    canvas.setTitle(title)
    if layout == LAYOUT_SHEET:
        cell_w, cell_h = SHEET_CELL
        left = (A4[0] - SHEET_COLUMNS * cell_w) / 2
        bottom = (A4[1] - SHEET_ROWS * cell_h) / 2
        for start in range(0, len(badges), BADGES_PER_SHEET):
            for offset, badge in enumerate(badges[start : start + BADGES_PER_SHEET]):
                row, column = divmod(offset, SHEET_COLUMNS)
                x = left + column * cell_w
                y = bottom + (SHEET_ROWS - 1 - row) * cell_h
                _draw_badge(canvas, badge, branding, x, y, cell_w, cell_h)
            _cut_marks(canvas, left, bottom)
            canvas.showPage()
    else:
        for badge in badges:
            _draw_badge(canvas, badge, branding, 0, 0, *pagesize)
            canvas.showPage()
    canvas.save()
    return buffer.getvalue()


# Making them


def badge_data(registration: Registration) -> BadgeData:
    """What one badge shows, in the attendee's language (whatever the request's or worker's)."""
    event = registration.event
    with translation.override(registration.language):
        return BadgeData(
            full_name=registration.full_name,
            organisation=registration.organisation,
            role=registration.role,
            role_label=str(registration.get_role_display()),
            event_title=event.title,
            event_date=formats.date_format(timezone.localtime(event.start_at), "DATETIME_FORMAT"),
            qr_data=ticket_url(registration),
        )


def badge_holders(event: Event, codes: list[str] | None = None):
    """Confirmed registrations of `event` (or the ones with these ticket codes), by name."""
    queryset = Registration.objects.filter(event=event, status=RegistrationStatus.CONFIRMED)
    if codes:
        queryset = queryset.filter(code__in=codes)
    return queryset.order_by("name_search", "pk")


def start_badge_job(*, event: Event, by, layout: str, codes: list[str] | None = None) -> Job:
    """Start a badge job for the whole event or the given tickets, one part per sheet of 8.

    Raises DomainError `bad_layout` for an unknown layout and `nobody` when no confirmed
    registration matches.
    """
    if layout not in LAYOUTS:
        raise DomainError(_("Choose a badge layout."), code="bad_layout", field="layout")
    ids = list(badge_holders(event, codes).values_list("pk", flat=True))
    if not ids:
        raise DomainError(_("No confirmed registration to make a badge for."), code="nobody")
    parts = -(-len(ids) // BADGES_PER_SHEET)
    return jobs.create_job(
        kind=KIND,
        subject=event,
        created_by=by,
        parts=parts,
        params={"layout": layout, "registration_ids": ids, "language": current_language()},
    )


def _part_name(job: Job, index: int) -> str:
    return f"jobs/{job.pk}/parts/{index:05d}.pdf"


def render_badge_part(job: Job, index: int) -> None:
    """Render sheet `index` of a badge job to its own file; a rerun overwrites the same file."""
    ids = job.params["registration_ids"][index * BADGES_PER_SHEET : (index + 1) * BADGES_PER_SHEET]
    registrations = {r.pk: r for r in Registration.objects.select_related("event").filter(pk__in=ids)}
    with translation.override(job_language(job)):
        badges = [badge_data(registrations[pk]) for pk in ids if pk in registrations]
        pdf = render_badges(
            badges, layout=job.params["layout"], branding=branding_for(job_event(job)), title=_("Badges")
        )
    storage = private_storage()
    name = _part_name(job, index)
    if storage.exists(name):
        storage.delete(name)
    storage.save(name, ContentFile(pdf))


def assemble_badges(job: Job) -> tuple[str, bytes]:
    """Join the sheets in order into one PDF."""
    storage = private_storage()
    writer = PdfWriter()
    for index in range(job.total):
        with storage.open(_part_name(job, index)) as part:
            writer.append(io.BytesIO(part.read()))
    buffer = io.BytesIO()
    writer.write(buffer)
    return f"badges-{job_event(job).slug}-{job.params['layout']}.pdf", buffer.getvalue()


def clean_badge_parts(job: Job) -> None:
    """Delete the sheets once the joined PDF is stored."""
    storage = private_storage()
    for index in range(job.total):
        if storage.exists(name := _part_name(job, index)):
            storage.delete(name)
