"""The acceptance–transfer act (қабылдау-табыстау актісі) as a PDF: plain data in, bytes out.

The wording of the act is a legal form the grantor checks word for word, so it is kept here as
data in Kazakh and Russian (STYLE §7), not as translatable msgids. DejaVu Sans is embedded.
"""

import io
from dataclasses import dataclass
from datetime import date, datetime
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Image, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from core.pdf import register_fonts

MONTHS = {
    "kk": [
        "қаңтар",
        "ақпан",
        "наурыз",
        "сәуір",
        "мамыр",
        "маусым",
        "шілде",
        "тамыз",
        "қыркүйек",
        "қазан",
        "қараша",
        "желтоқсан",
    ],
    "ru": [
        "января",
        "февраля",
        "марта",
        "апреля",
        "мая",
        "июня",
        "июля",
        "августа",
        "сентября",
        "октября",
        "ноября",
        "декабря",
    ],
}

UNITS = {
    "kk": {"pcs": "дана", "set": "жинақ", "pack": "қорап"},
    "ru": {"pcs": "шт.", "set": "компл.", "pack": "уп."},
}

TEXT = {
    "kk": {
        "title": "ҚАБЫЛДАУ-ТАБЫСТАУ АКТІСІ",
        "draft": "ЖОБА — қол қойылмаған",
        "counter": "№ {number}/{year} актісіне кері акт (сол актіні жояды)",
        "city": "Шымкент қ.",
        "date": "{year} жылғы «{day}» {month}",
        "intro": "Біз, төменде қол қойғандар, бір тараптан {giver} (бұдан әрі – Тапсырушы), екінші тараптан "
        "{receiver} (бұдан әрі – Қабылдаушы){basis} осы актіні мына туралы жасадық: Тапсырушы тапсырды, "
        "ал Қабылдаушы төмендегі тауар-материалдық құндылықтарды қабылдады:",
        "basis": ", {basis} негізінде,",
        "columns": ["№", "Атауы", "Өлшем бірлігі", "Саны"],
        "total": "Барлығы",
        "closing": [
            "Тауар-материалдық құндылықтар толық көлемде және тиісті сапада тапсырылды. "
            "Тараптардың бір-біріне талаптары жоқ.",
            "Акт бірдей заңды күші бар екі данада жасалды, әр тарапқа бір данадан.",
        ],
        "gave": "Тапсырдым (Тапсырушы)",
        "took": "Қабылдадым (Қабылдаушы)",
        "signature": "(қолы)",
        "stamp": "М.О.",
        "ledger": "Есеп бойынша: {source} → {target}",
        "outside": "сыртқы тарап",
        "hash": "Актінің бақылау хэші (SHA-256): {hash}",
        "signed_at": "Электрондық түрде қол қойылды: {when}",
    },
    "ru": {
        "title": "АКТ ПРИЁМА-ПЕРЕДАЧИ",
        "draft": "ПРОЕКТ — не подписан",
        "counter": "Сторнирующий акт к акту № {number}/{year} (отменяет его)",
        "city": "г. Шымкент",
        "date": "«{day}» {month} {year} г.",
        "intro": "Мы, нижеподписавшиеся, {giver} (далее – Передающая сторона), с одной стороны, и {receiver} "
        "(далее – Принимающая сторона), с другой стороны{basis} составили настоящий акт о том, что "
        "Передающая сторона передала, а Принимающая сторона приняла следующие "
        "товарно-материальные ценности:",
        "basis": ", на основании {basis},",
        "columns": ["№ п/п", "Наименование", "Ед. изм.", "Количество"],
        "total": "Итого",
        "closing": [
            "Товарно-материальные ценности переданы в полном объёме и надлежащего качества. "
            "Стороны претензий друг к другу не имеют.",
            "Акт составлен в двух экземплярах, имеющих одинаковую юридическую силу, по одному для каждой стороны.",
        ],
        "gave": "Передал (Передающая сторона)",
        "took": "Принял (Принимающая сторона)",
        "signature": "(подпись)",
        "stamp": "М.П.",
        "ledger": "По учёту: {source} → {target}",
        "outside": "внешняя сторона",
        "hash": "Контрольный хеш акта (SHA-256): {hash}",
        "signed_at": "Подписан электронно: {when}",
    },
}


@dataclass(frozen=True)
class PartyData:
    name: str
    position: str
    organisation: str


@dataclass(frozen=True)
class ActLineData:
    name: str
    unit: str  # "pcs", "set", "pack"
    quantity: int


@dataclass(frozen=True)
class ActData:
    language: str  # "kk" or "ru"
    number: int | None
    year: int | None
    date: date
    giver: PartyData
    receiver: PartyData
    basis: str
    lines: list[ActLineData]
    source: str  # the giving holder's name, or "" when it is outside the ledger
    target: str
    content_hash: str = ""
    signed_at: datetime | None = None
    giver_signature: bytes | None = None
    receiver_signature: bytes | None = None
    counter_of: tuple[int, int] | None = None  # (number, year) of the act this one undoes


def format_date(value: date, language: str) -> str:
    text = TEXT[language]
    return text["date"].format(day=f"{value.day:02d}", month=MONTHS[language][value.month - 1], year=value.year)


def _party(party: PartyData) -> str:
    return ", ".join(part for part in (party.organisation, party.position, party.name) if part)


def render_act(data: ActData) -> bytes:
    """The act on A4, in `data.language` (kk or ru)."""
    language = data.language if data.language in TEXT else "kk"
    text = TEXT[language]
    regular, bold = register_fonts()
    base = ParagraphStyle("base", fontName=regular, fontSize=10.5, leading=14)
    styles = {
        "title": ParagraphStyle("title", parent=base, fontName=bold, fontSize=14, leading=18, alignment=TA_CENTER),
        "centre": ParagraphStyle("centre", parent=base, alignment=TA_CENTER),
        "body": ParagraphStyle("body", parent=base, alignment=TA_JUSTIFY, firstLineIndent=10 * mm),
        "right": ParagraphStyle("right", parent=base, alignment=TA_RIGHT),
        "cell": ParagraphStyle("cell", parent=base, fontSize=10, leading=12.5),
        "head": ParagraphStyle("head", parent=base, fontName=bold, fontSize=10, leading=12.5, alignment=TA_CENTER),
        "total": ParagraphStyle("total", parent=base, fontName=bold, fontSize=10, leading=12.5, alignment=TA_RIGHT),
        "small": ParagraphStyle("small", parent=base, fontSize=8, leading=10, textColor=colors.HexColor("#444444")),
        "sign": ParagraphStyle("sign", parent=base, fontSize=10, leading=13),
        "signhead": ParagraphStyle("signhead", parent=base, fontName=bold, fontSize=10.5, leading=13),
    }

    def p(value: str, style: str = "body") -> Paragraph:
        # Quotes too, so that no value can end an attribute of the paragraph's markup.
        return Paragraph(escape(value, {'"': "&quot;", "'": "&#39;"}), styles[style])

    story = []
    number = f" № {data.number}" if data.number else " № ____"
    story.append(p(text["title"] + number, "title"))
    if data.counter_of:
        story.append(p(text["counter"].format(number=data.counter_of[0], year=data.counter_of[1]), "centre"))
    if not data.number:
        story.append(p(text["draft"], "centre"))
    story.append(Spacer(1, 5 * mm))
    story.append(
        Table(
            [[p(text["city"], "cell"), p(format_date(data.date, language), "right")]],
            colWidths=[85 * mm, 85 * mm],
            style=[
                ("FONTNAME", (0, 0), (-1, -1), regular),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ],
        )
    )
    story.append(Spacer(1, 5 * mm))
    basis = text["basis"].format(basis=data.basis) if data.basis else ","
    story.append(p(text["intro"].format(giver=_party(data.giver), receiver=_party(data.receiver), basis=basis)))
    story.append(Spacer(1, 4 * mm))

    units = UNITS[language]
    rows = [[p(label, "head") for label in text["columns"]]]
    for index, line in enumerate(data.lines, start=1):
        rows.append(
            [
                p(str(index), "cell"),
                p(line.name, "cell"),
                p(units.get(line.unit, line.unit), "cell"),
                p(str(line.quantity), "cell"),
            ]
        )
    rows.append([p(text["total"], "total"), "", "", p(str(sum(line.quantity for line in data.lines)), "total")])
    table = Table(rows, colWidths=[14 * mm, 96 * mm, 30 * mm, 30 * mm], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), regular),
                ("GRID", (0, 0), (-1, -1), 0.6, colors.black),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee")),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("ALIGN", (3, 1), (3, -1), "RIGHT"),
                ("SPAN", (0, -1), (2, -1)),
            ]
        )
    )
    story.append(table)
    story.append(Spacer(1, 4 * mm))
    for paragraph in text["closing"]:
        story.append(p(paragraph))
    story.append(Spacer(1, 8 * mm))

    def signature_block(heading: str, party: PartyData, png: bytes | None) -> list:
        image = (
            Image(io.BytesIO(png), width=50 * mm, height=18 * mm, kind="proportional") if png else Spacer(1, 18 * mm)
        )
        return [
            p(heading, "signhead"),
            p(party.organisation, "sign"),
            p(party.position, "sign"),
            Spacer(1, 2 * mm),
            image,
            p("_______________________  " + party.name, "sign"),
            p(text["signature"] + "          " + text["stamp"], "small"),
        ]

    signatures = Table(
        [
            [
                signature_block(text["gave"], data.giver, data.giver_signature),
                signature_block(text["took"], data.receiver, data.receiver_signature),
            ]
        ],
        colWidths=[85 * mm, 85 * mm],
    )
    signatures.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), regular),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    story.append(signatures)
    story.append(Spacer(1, 8 * mm))
    story.append(
        p(text["ledger"].format(source=data.source or text["outside"], target=data.target or text["outside"]), "small")
    )
    if data.signed_at:
        story.append(p(text["signed_at"].format(when=data.signed_at.strftime("%Y-%m-%d %H:%M")), "small"))
    if data.content_hash:
        story.append(p(text["hash"].format(hash=data.content_hash), "small"))

    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=18 * mm,
        bottomMargin=18 * mm,
        title=text["title"] + number,
        author="BasQaru Events",
        initialFontName=regular,
        initialFontSize=10,
    )
    document.build(story)
    return buffer.getvalue()
