"""A list of people as a PDF for the grantor: plain data in (monitoring.lists), bytes out.
Landscape A4, DejaVu Sans embedded, the header row repeated on every page."""

import io

from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import LongTable, Paragraph, SimpleDocTemplate, Spacer, TableStyle

from core.pdf import register_fonts

from .lists import PeopleList, cells, header
from .pdf import _markup as markup

PAGE_WIDTH = landscape(A4)[0] - 24 * mm


def _widths(data: PeopleList) -> list[float]:
    fixed = [10 * mm, 62 * mm, 58 * mm, 16 * mm, 30 * mm]
    if data.columns:
        events = [7 * mm] * len(data.events)
    else:
        events = [48 * mm]
    total = [22 * mm]
    spare = PAGE_WIDTH - sum(fixed + events + total)
    fixed[1] += spare / 2
    fixed[2] += spare / 2
    return fixed + events + total


def render_people_list(data: PeopleList) -> bytes:
    regular, bold = register_fonts()
    title = ParagraphStyle("title", fontName=bold, fontSize=13, leading=16, spaceAfter=3)
    body = ParagraphStyle("body", fontName=regular, fontSize=8.5, leading=10.5)
    cell = ParagraphStyle("cell", fontName=regular, fontSize=7.5, leading=9)
    head = ParagraphStyle("head", fontName=bold, fontSize=7.5, leading=9)

    story = [
        Paragraph(markup(data.title), title),
        Paragraph(markup(data.activity), body),
        Paragraph(markup(f"{data.plan_name} · {data.period}"), body),
        Paragraph(
            markup(
                _("%(people)s people, %(attendances)s attendances.")
                % {"people": len(data.rows), "attendances": data.attendances}
            ),
            body,
        ),
        Spacer(1, 2 * mm),
    ]
    story += [Paragraph(markup(f"{event.number}. {event.day} · {event.title}"), cell) for event in data.events]
    story.append(Spacer(1, 3 * mm))
    table_rows = [[Paragraph(markup(text), head) for text in header(data)]]
    for row in data.rows:
        table_rows.append(
            [Paragraph(markup(value), cell) if isinstance(value, str) else value for value in cells(data, row)]
        )
    table = LongTable(table_rows, colWidths=_widths(data), repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), regular),
                ("FONTSIZE", (0, 0), (-1, -1), 7.5),
                ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#dde3ea")),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("ALIGN", (5, 1), (-1, -1), "CENTER"),
                ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, colors.HexColor("#f6f7f9")]),
            ]
        )
    )
    story.append(table)

    def footer(canvas, document):
        canvas.saveState()
        canvas.setFont(regular, 7)
        canvas.drawString(12 * mm, 8 * mm, data.title[:120])
        canvas.drawRightString(document.pagesize[0] - 12 * mm, 8 * mm, _("Page %(n)s") % {"n": document.page})
        canvas.restoreState()

    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=landscape(A4),
        leftMargin=12 * mm,
        rightMargin=12 * mm,
        topMargin=12 * mm,
        bottomMargin=14 * mm,
        title=data.title,
        author="BasQaru Events",
        initialFontName=regular,
        initialFontSize=8,
    )
    document.build(story, onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue()
