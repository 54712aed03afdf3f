"""Ticket and poster PDFs: plain data in, bytes out (no ORM, no request)."""

import io
from dataclasses import dataclass

from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A4, A6
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from core.pdf import cut_text, draw_lines, new_canvas, qr_reader, register_fonts

BLUE = HexColor("#0b5394")
GOLD = HexColor("#f1c232")
GREY = HexColor("#5f6368")
# Lines of text are 1.25 times their size apart (core.pdf.draw_lines' `leading`).
LEADING = 1.25


@dataclass(frozen=True)
class TicketData:
    code: str
    ticket_url: str
    full_name: str
    role: str
    status: str
    event_title: str
    when: str
    venue: str
    labels: dict  # translated captions: "ticket", "show"
    # Only a confirmed ticket admits its holder: it alone carries the QR code. A waitlisted or
    # cancelled one says why in `notice` (paragraphs), with the ticket page's address as text.
    admits: bool = True
    notice: tuple[str, ...] = ()


@dataclass(frozen=True)
class PosterData:
    event_title: str
    when: str
    venue: str
    register_url: str
    labels: dict  # "register", "scan", "project"


def _wrap(canvas: Canvas, text: str, font: str, size: float, width: float) -> list[str]:
    """`text` in lines no wider than `width`; a word wider than a line on its own is cut short."""
    words, lines, line = text.split(), [], ""
    for word in words:
        candidate = f"{line} {word}".strip()
        if canvas.stringWidth(candidate, font, size) <= width:
            line = candidate
        else:
            if line:
                lines.append(line)
            line = cut_text(word, font, size, width)
    if line:
        lines.append(line)
    return lines


def render_ticket(data: TicketData) -> bytes:
    """An A6 ticket: event, name, time, venue and a large QR code of the ticket's URL."""
    regular, bold = register_fonts()
    buffer = io.BytesIO()
    width, height = A6
    canvas = new_canvas(buffer, A6)
    canvas.setTitle(f"{data.labels['ticket']} — {data.event_title}")
    canvas.setFillColor(BLUE)
    canvas.rect(0, height - 16 * mm, width, 16 * mm, stroke=0, fill=1)
    canvas.setFillColor(GOLD)
    canvas.setFont(bold, 11)
    canvas.drawString(8 * mm, height - 10 * mm, "BasQaru")
    canvas.setFillColorRGB(1, 1, 1)
    canvas.setFont(regular, 9)
    canvas.drawRightString(width - 8 * mm, height - 10 * mm, data.labels["ticket"])
    canvas.setFillColorRGB(0, 0, 0)
    y = height - 24 * mm
    x, inner = 8 * mm, width - 16 * mm
    y = draw_lines(canvas, _wrap(canvas, data.event_title, bold, 11, inner)[:3], bold, 11, x, y, leading=LEADING)
    y -= 2 * mm
    y = draw_lines(canvas, _wrap(canvas, data.full_name, bold, 13, inner)[:2], bold, 13, x, y, leading=LEADING)
    canvas.setFillColor(GREY)
    y = draw_lines(canvas, [f"{data.role} · {data.status}", data.when], regular, 8.5, x, y, leading=LEADING)
    y = draw_lines(canvas, _wrap(canvas, data.venue, regular, 8.5, inner)[:2], regular, 8.5, x, y, leading=LEADING)
    if data.admits:
        size = min(58 * mm, y - 12 * mm)
        canvas.drawImage(qr_reader(data.ticket_url), (width - size) / 2, 10 * mm, size, size)
        canvas.setFont(regular, 7)
        canvas.drawCentredString(width / 2, 6 * mm, data.labels["show"])
    else:
        _draw_notice(canvas, data, y - 3 * mm, regular, bold)
    canvas.setFillColor(GREY)
    canvas.setFont(regular, 7)
    canvas.drawCentredString(width / 2, 3 * mm, data.code)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _draw_notice(canvas: Canvas, data: TicketData, top: float, regular: str, bold: str) -> None:
    """The box that takes the QR code's place on a ticket that does not admit: its heading (the
    status), the notice's paragraphs and the ticket page's address, to type or tap."""
    width, _height = A6
    inner = width - 24 * mm
    body = []
    for paragraph in data.notice:
        body += [*_wrap(canvas, paragraph, regular, 8.5, inner), ""]
    url = _split(canvas, data.ticket_url, regular, 7, inner)
    bottom = 8 * mm
    canvas.setFillColor(HexColor("#fff4d6"))
    canvas.setStrokeColor(GOLD)
    canvas.roundRect(8 * mm, bottom, width - 16 * mm, top - bottom, 3 * mm, stroke=1, fill=1)
    canvas.setFillColor(BLUE)
    y = draw_lines(canvas, [data.status], bold, 12, 12 * mm, top - 7 * mm, leading=LEADING)
    canvas.setFillColorRGB(0, 0, 0)
    room = int((y - 1 * mm - bottom - 4 * mm - 9 * len(url)) // 10.6)
    y = draw_lines(canvas, body[:room], regular, 8.5, 12 * mm, y - 1 * mm, leading=10.6 / 8.5)
    canvas.setFillColor(BLUE)
    draw_lines(canvas, url, regular, 7, 12 * mm, y, leading=9 / 7)


def _split(canvas: Canvas, text: str, font: str, size: float, width: float) -> list[str]:
    """`text` (an address, which has no spaces) cut into pieces no wider than `width`."""
    lines, line = [], ""
    for char in text:
        if line and canvas.stringWidth(line + char, font, size) > width:
            lines.append(line)
            line = ""
        line += char
    return [*lines, line] if line else lines


def render_poster(data: PosterData) -> bytes:
    """An A4 poster with a big QR code that opens the event's registration page."""
    regular, bold = register_fonts()
    buffer = io.BytesIO()
    width, height = A4
    canvas = new_canvas(buffer, A4)
    canvas.setTitle(data.event_title)
    canvas.setFillColor(BLUE)
    canvas.rect(0, height - 40 * mm, width, 40 * mm, stroke=0, fill=1)
    canvas.setFillColor(GOLD)
    canvas.setFont(bold, 30)
    canvas.drawCentredString(width / 2, height - 22 * mm, "BasQaru")
    canvas.setFillColorRGB(1, 1, 1)
    canvas.setFont(regular, 12)
    canvas.drawCentredString(width / 2, height - 32 * mm, data.labels["project"])
    canvas.setFillColorRGB(0, 0, 0)
    lines = _wrap(canvas, data.event_title, bold, 24, width - 30 * mm)[:4]
    y = draw_lines(canvas, lines, bold, 24, 0, height - 58 * mm, centre=width / 2, leading=30 / 24)
    canvas.setFillColor(GREY)
    y = draw_lines(canvas, [data.when], regular, 15, 0, y - 4 * mm, centre=width / 2, leading=LEADING)
    venue = _wrap(canvas, data.venue, regular, 13, width - 30 * mm)[:2]
    y = draw_lines(canvas, venue, regular, 13, 0, y, centre=width / 2, leading=LEADING)
    size = 110 * mm
    canvas.drawImage(qr_reader(data.register_url), (width - size) / 2, 45 * mm, size, size)
    canvas.setFillColor(BLUE)
    canvas.setFont(bold, 20)
    canvas.drawCentredString(width / 2, 33 * mm, data.labels["scan"])
    canvas.setFillColor(GREY)
    canvas.setFont(regular, 11)
    canvas.drawCentredString(width / 2, 22 * mm, data.register_url)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()
