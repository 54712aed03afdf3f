"""The grantor's report as a PDF: plain data in, bytes out (no ORM). DejaVu Sans is embedded,
so Kazakh letters print; titles arrive already in the report's language."""

import io
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Image, KeepTogether, PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from core.pdf import register_fonts

STATUS_COLOURS = {
    "met": colors.HexColor("#e6f4ea"),
    "on_track": colors.HexColor("#e8f0fe"),
    "behind": colors.HexColor("#fce8e6"),
}
THUMB = 55 * mm
PHOTO_COLUMNS = 4


@dataclass(frozen=True)
class Line:
    code: str
    title: str
    unit: str
    target: str
    actual: str
    percent: int
    status: str
    status_label: str
    group: str = ""
    note: str = ""  # how the actual is counted, and the reading taken
    # The plan and the figure as numbers, where each is one number (the spreadsheet stores them
    # as numbers); None where the figure is a pair ("4/1") or counted per event.
    target_value: int | float | None = None
    actual_value: int | float | None = None


@dataclass(frozen=True)
class Photo:
    path: str
    caption: str
    date: str


@dataclass(frozen=True)
class PhotoSection:
    title: str
    date: str
    photos: list[Photo]


@dataclass
class ReportData:
    plan_name: str
    grantee: str
    grantor: str
    agreement: str
    period: str
    as_of: str
    block3: list[Line]
    block4: list[Line]
    labels: dict
    evidence: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    photos: list[PhotoSection] = field(default_factory=list)
    # The breakdowns collected of the direct beneficiaries: (caption, [(label, people)]).
    breakdowns: list[tuple[str, list[tuple[str, int]]]] = field(default_factory=list)


def _styles(regular: str, bold: str) -> dict[str, ParagraphStyle]:
    # Lines break between words only, never inside one («жарияланы-м»): the columns below are
    # wide enough for the longest Kazakh and Russian word each of them holds. Not "small": it
    # holds evidence links and photo captions, which may be longer than any line and must wrap
    # rather than run off the page.
    whole = {"splitLongWords": False}
    return {
        "title": ParagraphStyle("title", fontName=bold, fontSize=15, leading=19, spaceAfter=4, **whole),
        "h2": ParagraphStyle("h2", fontName=bold, fontSize=12, leading=15, spaceBefore=8, spaceAfter=4, **whole),
        "body": ParagraphStyle("body", fontName=regular, fontSize=9, leading=11.5, **whole),
        "cell": ParagraphStyle("cell", fontName=regular, fontSize=8, leading=10, **whole),
        "group": ParagraphStyle("group", fontName=bold, fontSize=8, leading=10, **whole),
        "small": ParagraphStyle("small", fontName=regular, fontSize=7, leading=9),
    }


def _markup(text) -> str:
    """`text` escaped for reportlab's paragraph markup, inside an attribute's quotes as well as
    between tags: an evidence link is the grantee's input and may hold any of & < > " '."""
    return escape(str(text), {'"': "&quot;", "'": "&#39;"})


def _p(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(_markup(text), style)


def _table(lines: list[Line], labels: dict, st: dict, regular: str, bold: str) -> Table:
    header = [
        _p(labels[key], st["group"]) for key in ("code", "indicator", "unit", "target", "actual", "percent", "status")
    ]
    data, style = (
        [header],
        [
            ("FONTNAME", (0, 0), (-1, -1), regular),
            ("GRID", (0, 0), (-1, -1), 0.3, colors.grey),
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#dde3ea")),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("REPEATROWS", (0, 0), (-1, 0)),
        ],
    )
    group = None
    for line in lines:
        if line.group != group:
            group = line.group
            data.append([_p(group, st["group"]), "", "", "", "", "", ""])
            style += [
                ("SPAN", (0, len(data) - 1), (-1, len(data) - 1)),
                ("BACKGROUND", (0, len(data) - 1), (-1, len(data) - 1), colors.HexColor("#f4f5f7")),
            ]
        data.append(
            [
                _p(line.code, st["cell"]),
                _titled(line, st),
                _p(line.unit, st["cell"]),
                _p(line.target, st["cell"]),
                _p(line.actual, st["cell"]),
                _p(f"{line.percent}%", st["cell"]),
                _p(line.status_label, st["cell"]),
            ]
        )
        style.append(("BACKGROUND", (6, len(data) - 1), (6, len(data) - 1), STATUS_COLOURS.get(line.status)))
    table = Table(data, colWidths=[16 * mm, 104 * mm, 28 * mm, 20 * mm, 46 * mm, 14 * mm, 30 * mm], repeatRows=1)
    table.setStyle(TableStyle([s for s in style if s[0] != "REPEATROWS"]))
    return table


def _titled(line: Line, st: dict) -> Paragraph:
    """The grantor's title, and under it in small grey type how the figure is counted."""
    if not line.note:
        return _p(line.title, st["cell"])
    return Paragraph(
        f'{_markup(line.title)}<br/><font size="6.5" color="#5f6b7a">{_markup(line.note)}</font>', st["cell"]
    )


def _breakdowns(data: ReportData, st: dict) -> list:
    """One small table per breakdown (age band, district), side by side."""
    tables = []
    for caption, counts in data.breakdowns:
        rows = [[_p(caption, st["group"]), ""]] + [
            [_p(label, st["cell"]), _p(str(n), st["cell"])] for label, n in counts
        ]
        table = Table(rows, colWidths=[60 * mm, 20 * mm])
        table.setStyle(
            TableStyle(
                [
                    ("FONTNAME", (0, 0), (-1, -1), st["cell"].fontName),
                    ("GRID", (0, 0), (-1, -1), 0.3, colors.grey),
                    ("SPAN", (0, 0), (-1, 0)),
                    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#dde3ea")),
                    ("ALIGN", (1, 1), (1, -1), "RIGHT"),
                ]
            )
        )
        tables.append(table)
    if not tables:
        return []
    row = Table([tables], colWidths=[90 * mm] * len(tables), hAlign="LEFT")
    row.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), st["cell"].fontName),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return [Spacer(1, 3 * mm), row]


def _photo_grid(section: PhotoSection, st: dict) -> Table:
    cells, rows = [], []
    for photo in section.photos:
        image = Image(photo.path)
        scale = min(THUMB / image.imageWidth, THUMB * 0.75 / image.imageHeight)
        image.drawWidth, image.drawHeight = image.imageWidth * scale, image.imageHeight * scale
        cells.append([image, _p(f"{photo.date} · {photo.caption}", st["small"])])
        if len(cells) == PHOTO_COLUMNS:
            rows.append(cells)
            cells = []
    if cells:
        rows.append(cells + [""] * (PHOTO_COLUMNS - len(cells)))
    table = Table(rows, colWidths=[THUMB + 6 * mm] * PHOTO_COLUMNS)
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), st["small"].fontName),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("ALIGN", (0, 0), (-1, -1), "CENTER"),
            ]
        )
    )
    return table


def render_report(data: ReportData) -> bytes:
    regular, bold = register_fonts()
    st = _styles(regular, bold)
    labels = data.labels
    story = [
        _p(labels["title"], st["title"]),
        _p(data.plan_name, st["body"]),
        _p(f"{labels['grantee']}: {data.grantee} · {labels['grantor']}: {data.grantor}", st["body"]),
        _p(
            f"{labels['agreement']}: {data.agreement} · {labels['period']}: {data.period} · "
            f"{labels['as_of']}: {data.as_of}",
            st["body"],
        ),
        _p(labels["block3"], st["h2"]),
        _table(data.block3, labels, st, regular, bold),
        _p(labels["block4"], st["h2"]),
        _table(data.block4, labels, st, regular, bold),
        *_breakdowns(data, st),
    ]
    if data.evidence:
        story.append(_p(labels["evidence"], st["h2"]))
        for code, links in data.evidence.items():
            story.append(_p(code, st["group"]))
            for caption, address in links:
                story.append(
                    Paragraph(
                        f'{_markup(caption)}: <link href="{_markup(address)}" color="blue">{_markup(address)}</link>',
                        st["small"],
                    )
                )
    if data.photos:
        story += [PageBreak(), _p(labels["photos"], st["h2"])]
        for section in data.photos:
            story.append(
                KeepTogether(
                    [_p(f"{section.title} · {section.date}", st["group"]), Spacer(1, 2 * mm), _photo_grid(section, st)]
                )
            )
            story.append(Spacer(1, 5 * mm))

    def footer(canvas, document):
        canvas.saveState()
        canvas.setFont(regular, 7)
        canvas.drawRightString(document.pagesize[0] - 12 * mm, 8 * mm, labels["page"] % {"n": document.page})
        canvas.restoreState()

    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=landscape(A4),
        leftMargin=12 * mm,
        rightMargin=12 * mm,
        topMargin=12 * mm,
        bottomMargin=14 * mm,
        title=str(labels["title"]),
        author="BasQaru Events",
        initialFontName=regular,
        initialFontSize=9,
    )
    document.build(story, onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue()
