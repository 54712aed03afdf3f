"""Badges, certificates and participant lists as PDFs: plain data in, bytes out (no ORM).

Speed matters here (300 badges in a couple of seconds, 1,400 certificates in half a minute),
so QR codes are drawn as vector paths from a cached module matrix instead of PNG images, the
logo's ImageReader is cached per file, and the fonts are registered once (core.pdf).
"""

import io
import math
from dataclasses import dataclass, field
from functools import lru_cache

import qrcode
from qrcode.constants import ERROR_CORRECT_M
from reportlab.lib.colors import Color, HexColor, white
from reportlab.lib.pagesizes import A4, A6, landscape
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from core.pdf import new_canvas, register_fonts

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
INK = HexColor("#202124")
GREY = HexColor("#5f6368")
LIGHT = HexColor("#e8eaed")


@dataclass(frozen=True)
class Branding:
    primary: str = "#0b5394"
    accent: str = "#f1c232"
    logo_path: str | None = None  # an image file; None draws the BasQaru wordmark


@dataclass(frozen=True)
class BadgeData:
    full_name: str
    organisation: str
    role: str  # a Role value, for the colour
    role_label: str
    event_title: str
    event_date: str
    qr_data: str  # the ticket's URL, what the door scanner reads


@dataclass(frozen=True)
class CertificateData:
    full_name: str
    event_title: str
    event_date: str
    venue: str
    verify_url: str
    labels: dict = field(default_factory=dict)  # title, subtitle, intro, body, verify, signature, project


@dataclass(frozen=True)
class ParticipantListData:
    event_title: str
    when: str
    venue: str
    header: list  # column captions; the last one is the signature column
    rows: list  # lists of strings, without the row number
    labels: dict = field(default_factory=dict)  # title, page ("Page %(n)s of %(total)s"), total


# Drawing helpers


@lru_cache(maxsize=4096)
def qr_matrix(data: str) -> tuple[tuple[bool, ...], ...]:
    """The QR code's modules without a quiet zone (error correction M survives a smudge).

    The mask is fixed: every mask is valid, and trying all eight costs 10 ms a code."""
    qr = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=0, mask_pattern=4)
    qr.add_data(data)
    qr.make(fit=True)
    return tuple(tuple(row) for row in qr.get_matrix())


def draw_qr(canvas: Canvas, data: str, x: float, y: float, size: float) -> None:
    """A QR code as one vector path inside a white square of `size`, with a 2-module quiet zone."""
    matrix = qr_matrix(data)
    count = len(matrix)
    cell = size / (count + 4)
    canvas.saveState()
    canvas.setFillColor(white)
    canvas.rect(x, y, size, size, stroke=0, fill=1)
    canvas.setFillColor(Color(0, 0, 0))
    # Drawn in module units, so each rectangle is four small integers: reportlab's float
    # formatting of ~300 rectangles a code was most of a badge's cost.
    canvas.translate(x + 2 * cell, y + 2 * cell)
    canvas.scale(cell, cell)
    path = canvas.beginPath()
    operators = path._code  # the path's PDF operators (reportlab keeps them as a list of strings)
    for r, row in enumerate(matrix):
        bottom = count - 1 - r
        c = 0
        while c < count:
            if row[c]:
                start = c
                while c < count and row[c]:
                    c += 1
                # 1.02 high: a hair of overlap, so viewers draw no white seams between rows.
                operators.append(f"{start} {bottom} {c - start} 1.02 re")
            else:
                c += 1
    canvas.drawPath(path, stroke=0, fill=1)
    canvas.restoreState()


@lru_cache(maxsize=32)
def _image_reader(path: str) -> ImageReader:
    return ImageReader(path)


def draw_logo(canvas: Canvas, branding: Branding, x: float, y: float, width: float, height: float,
              *, on_colour: bool) -> None:
    """The event's logo fitted into the box, or the BasQaru wordmark when there is none."""
    if branding.logo_path:
        canvas.drawImage(_image_reader(branding.logo_path), x, y, width, height,
                         preserveAspectRatio=True, anchor="w", mask="auto")
        return
    _, bold = register_fonts()
    size = min(height * 0.8, width / stringWidth("BasQaru", bold, 1))
    canvas.setFont(bold, size)
    canvas.setFillColor(white if on_colour else HexColor(branding.primary))
    baseline = y + (height - size * 0.72) / 2
    canvas.drawString(x, baseline, "Bas")
    canvas.setFillColor(HexColor(branding.accent) if on_colour else _darker(branding.accent))
    canvas.drawString(x + stringWidth("Bas", bold, size), baseline, "Qaru")


def _darker(hex_colour: str, factor: float = 0.75) -> Color:
    colour = HexColor(hex_colour)
    return Color(colour.red * factor, colour.green * factor, colour.blue * factor)


def fit_text(text: str, font: str, width: float, max_size: float, min_size: float,
             max_lines: int = 2) -> tuple[float, list[str]]:
    """The largest size (≤ max_size) at which `text` fits `width`, on one line if it can be at
    least `min_size`, else wrapped on up to `max_lines` balanced lines; the last resort cuts it."""
    text = " ".join(text.split())
    if not text:
        return max_size, []
    one_line = width / stringWidth(text, font, 1)
    if one_line >= min_size or max_lines == 1:
        size = min(max_size, one_line)
        if size >= min_size:
            return size, [text]
        return min_size, [_cut(text, font, min_size, width)]
    best_size, best_lines = 0.0, [text]
    for count in range(2, max_lines + 1):
        lines = _balanced_lines(text, count)
        size = min(max_size, width / max(stringWidth(line, font, 1) for line in lines))
        if size > best_size + 0.5:
            best_size, best_lines = size, lines
    if best_size >= min_size:
        return best_size, best_lines
    return min_size, [_cut(line, font, min_size, width) for line in best_lines]


def _balanced_lines(text: str, count: int) -> list[str]:
    words = text.split()
    if len(words) <= 1 or count == 1:
        return [text]
    if count == 2 or len(words) == 2:
        best = min(range(1, len(words)),
                   key=lambda i: max(len(" ".join(words[:i])), len(" ".join(words[i:]))))
        return [" ".join(words[:best]), " ".join(words[best:])]
    # Three or more lines: cut where the running length passes each equal share.
    total = len(text)
    lines, current = [], []
    for word in words:
        current.append(word)
        if len(lines) < count - 1 and len(" ".join(current)) >= total / count:
            lines.append(" ".join(current))
            current = []
    if current:
        lines.append(" ".join(current))
    return lines


def _cut(text: str, font: str, size: float, width: float) -> str:
    if stringWidth(text, font, size) <= width:
        return text
    while text and stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text.rstrip() + "…"


def _lines(canvas: Canvas, lines: list[str], font: str, size: float, x: float, y: float,
           *, centre: float | None = None, leading: float = 1.15) -> float:
    """Draw lines downwards from baseline `y`; return the baseline after the last one."""
    canvas.setFont(font, size)
    for line in lines:
        if centre is not None:
            canvas.drawCentredString(centre, y, line)
        else:
            canvas.drawString(x, y, line)
        y -= size * leading
    return y


# Badges


def _draw_badge(canvas: Canvas, badge: BadgeData, branding: Branding, x: float, y: float,
                width: float, height: float) -> None:
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
    baseline = _lines(canvas, title_lines, bold, title_size, text_x, baseline)
    canvas.setFillColor(HexColor(branding.accent))
    date_size, date_lines = fit_text(badge.event_date, regular, text_w, title_size * 0.85, 4, max_lines=1)
    _lines(canvas, date_lines, regular, date_size, text_x, baseline - 0.2 * date_size)

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
        baseline = _lines(canvas, name_lines, bold, name_size, 0, body_top - name_size,
                          centre=x + width / 2, leading=1.1)
        canvas.setFillColor(GREY)
        org_size, org_lines = fit_text(badge.organisation, regular, width - 2 * pad, 12, 8)
        baseline = _lines(canvas, org_lines, regular, org_size, 0, baseline - 0.2 * org_size,
                          centre=x + width / 2)
        qr_size = min(width - 4 * pad, baseline - body_bottom)
        draw_qr(canvas, badge.qr_data, x + (width - qr_size) / 2, body_bottom, qr_size)
    else:
        qr_size = body_top - body_bottom + 2 * mm
        draw_qr(canvas, badge.qr_data, x + width - pad - qr_size + 1.5 * mm, body_bottom - 1 * mm, qr_size)
        text_w = width - 2 * pad - qr_size - 1 * mm
        max_name = 16 if width > 90 * mm else 13
        name_size, name_lines = fit_text(badge.full_name, bold, text_w, max_name, 9, max_lines=3)
        baseline = _lines(canvas, name_lines, bold, name_size, x + pad, body_top - name_size, leading=1.1)
        canvas.setFillColor(GREY)
        org_size, org_lines = fit_text(badge.organisation, regular, text_w, 8, 5.5)
        _lines(canvas, org_lines, regular, org_size, x + pad, baseline - 0.3 * org_size)


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
            for offset, badge in enumerate(badges[start:start + BADGES_PER_SHEET]):
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


# Certificates


def render_certificate(data: CertificateData, *, branding: Branding) -> bytes:
    """An A4 landscape certificate (or letter of thanks) with a QR code to its public check page."""
    regular, bold = register_fonts()
    labels = data.labels
    buffer = io.BytesIO()
    width, height = landscape(A4)
    canvas = new_canvas(buffer, (width, height))
    canvas.setTitle(f"{labels.get('title', '')} — {data.full_name}")
    primary, accent = HexColor(branding.primary), HexColor(branding.accent)

    # A frame in the event's colours.
    canvas.setStrokeColor(primary)
    canvas.setLineWidth(3 * mm)
    canvas.rect(9 * mm, 9 * mm, width - 18 * mm, height - 18 * mm, stroke=1, fill=0)
    canvas.setStrokeColor(accent)
    canvas.setLineWidth(0.8 * mm)
    canvas.rect(14 * mm, 14 * mm, width - 28 * mm, height - 28 * mm, stroke=1, fill=0)

    draw_logo(canvas, branding, 24 * mm, height - 40 * mm, 55 * mm, 18 * mm, on_colour=False)
    centre = width / 2
    canvas.setFillColor(primary)
    canvas.setFont(bold, 38)
    canvas.drawCentredString(centre, height - 62 * mm, labels.get("title", "").upper())
    canvas.setFillColor(GREY)
    canvas.setFont(regular, 14)
    if labels.get("subtitle"):
        canvas.drawCentredString(centre, height - 71 * mm, labels["subtitle"])
    canvas.setFont(regular, 13)
    canvas.drawCentredString(centre, height - 86 * mm, labels.get("intro", ""))

    canvas.setFillColor(INK)
    name_size, name_lines = fit_text(data.full_name, bold, width - 70 * mm, 32, 18)
    y = _lines(canvas, name_lines, bold, name_size, 0, height - 86 * mm - 1.6 * name_size,
               centre=centre, leading=1.1)
    canvas.setStrokeColor(accent)
    canvas.setLineWidth(0.6 * mm)
    canvas.line(centre - 70 * mm, y + 0.55 * name_size, centre + 70 * mm, y + 0.55 * name_size)
    canvas.setFillColor(GREY)
    y = _lines(canvas, [labels.get("body", "")], regular, 13, 0, y - 6 * mm, centre=centre)
    canvas.setFillColor(primary)
    title_size, title_lines = fit_text(data.event_title, bold, width - 80 * mm, 19, 12)
    y = _lines(canvas, title_lines, bold, title_size, 0, y - 2 * mm, centre=centre)
    canvas.setFillColor(GREY)
    place = " · ".join(part for part in (data.event_date, data.venue) if part)
    place_size, place_lines = fit_text(place, regular, width - 80 * mm, 12, 8, max_lines=1)
    _lines(canvas, place_lines, regular, place_size, 0, y - 1 * mm, centre=centre)

    # The verification QR code (bottom left) and the organiser's signature line (bottom right).
    qr_size = 30 * mm
    draw_qr(canvas, data.verify_url, 24 * mm, 22 * mm, qr_size)
    canvas.setFillColor(GREY)
    canvas.setFont(regular, 7.5)
    canvas.drawString(24 * mm + qr_size + 3 * mm, 22 * mm + 18 * mm, labels.get("verify", ""))
    canvas.setFont(regular, 6.5)
    canvas.drawString(24 * mm + qr_size + 3 * mm, 22 * mm + 13 * mm, data.verify_url)
    canvas.setStrokeColor(INK)
    canvas.setLineWidth(0.4)
    canvas.line(width - 110 * mm, 34 * mm, width - 24 * mm, 34 * mm)
    canvas.setFillColor(INK)
    canvas.setFont(regular, 10)
    canvas.drawRightString(width - 24 * mm, 29 * mm, labels.get("signature", ""))
    canvas.setFillColor(GREY)
    canvas.setFont(regular, 8.5)
    canvas.drawRightString(width - 24 * mm, 24 * mm, labels.get("project", ""))
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


# Participant list


LIST_COLUMNS = (0.05, 0.29, 0.23, 0.12, 0.09, 0.22)  # №, name, organisation, role, checked in, signature


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
    header_h = 8 * mm
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
        y = _lines(canvas, lines, bold, size, margin, height - 38 * mm)
        canvas.setFillColor(GREY)
        place = " · ".join(part for part in (data.when, data.venue) if part)
        place_size, place_lines = fit_text(place, regular, table_w, 9.5, 7, max_lines=1)
        _lines(canvas, place_lines, regular, place_size, margin, y - 1 * mm)
        return first_top

    def header_row(top: float) -> float:
        canvas.setFillColor(LIGHT)
        canvas.rect(margin, top - header_h, table_w, header_h, stroke=0, fill=1)
        canvas.setFillColor(INK)
        x = margin
        for caption, column_w in zip(["№", *data.header], widths, strict=True):
            size, lines = fit_text(caption, bold, column_w - 3 * mm, 8.5, 6, max_lines=1)
            _lines(canvas, lines, bold, size, x + 1.5 * mm, top - header_h / 2 - size * 0.35)
            x += column_w
        return top - header_h

    def footer(page: int) -> None:
        canvas.setFillColor(GREY)
        canvas.setFont(regular, 8)
        canvas.drawRightString(width - margin, 10 * mm, labels.get("page", "%(n)s / %(total)s")
                               % {"n": page, "total": pages})

    page, index = 1, 0
    while True:
        top = header_row(page_top(page))
        capacity = first_rows if page == 1 else later_rows
        canvas.setStrokeColor(HexColor("#bdc1c6"))
        canvas.setLineWidth(0.4)
        for row in data.rows[index:index + capacity]:
            index += 1
            x = margin
            for value, column_w in zip([str(index), *row, ""], widths, strict=True):
                size, lines = fit_text(value, regular, column_w - 3 * mm, 9, 6.5, max_lines=1)
                canvas.setFillColor(INK)
                _lines(canvas, lines, regular, size, x + 1.5 * mm, top - row_h / 2 - size * 0.35)
                x += column_w
            canvas.line(margin, top - row_h, margin + table_w, top - row_h)
            top -= row_h
        # Vertical rules, so the signature column reads as a box to sign in.
        x = margin
        table_top = (first_top if page == 1 else later_top)
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
