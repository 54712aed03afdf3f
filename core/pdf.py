"""PDF fonts, QR codes and lines of text shared by every PDF the project makes.

DejaVu Sans covers Kazakh Cyrillic (ә ғ қ ң ө ұ ү һ і). It is registered once and embedded in
every PDF; if the font file is missing we fail loudly instead of falling back to Helvetica,
which would print Kazakh letters as black boxes.
"""

import io
from functools import cache

import qrcode
from django.conf import settings
from qrcode.constants import ERROR_CORRECT_M
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

FONT = "DejaVuSans"
FONT_BOLD = "DejaVuSans-Bold"


@cache
def register_fonts() -> tuple[str, str]:
    for name in (FONT, FONT_BOLD):
        path = settings.PDF_FONT_DIR / f"{name}.ttf"
        if not path.exists():
            raise RuntimeError(f"PDF font missing: {path}. Run `make assets` to restore it.")
        pdfmetrics.registerFont(TTFont(name, str(path)))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD, italic=FONT, boldItalic=FONT_BOLD)
    return FONT, FONT_BOLD


def new_canvas(buffer, pagesize) -> Canvas:
    """A reportlab canvas whose initial font is DejaVu Sans, so no Helvetica enters the file."""
    regular, _ = register_fonts()
    return Canvas(buffer, pagesize=pagesize, initialFontName=regular, initialFontSize=10)


def qr_png(data: str, *, box_size: int = 10, border: int = 2) -> bytes:
    """A QR code as PNG bytes (error correction M survives a crease or a smudge)."""
    qr = qrcode.QRCode(error_correction=ERROR_CORRECT_M, box_size=box_size, border=border)
    qr.add_data(data)
    qr.make(fit=True)
    buffer = io.BytesIO()
    qr.make_image(fill_color="black", back_color="white").save(buffer, format="PNG")
    return buffer.getvalue()


def qr_reader(data: str) -> ImageReader:
    return ImageReader(io.BytesIO(qr_png(data)))


def cut_text(text: str, font: str, size: float, width: float) -> str:
    """`text` as it is if it fits `width`, else cut short with "…" ("" when not a letter fits)."""
    if stringWidth(text, font, size) <= width:
        return text
    while text and stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text.rstrip() + "…" if text.strip() else ""


def draw_lines(
    canvas: Canvas,
    lines: list[str],
    font: str,
    size: float,
    x: float,
    y: float,
    *,
    centre: float | None = None,
    leading: float = 1.15,
) -> float:
    """Draw lines downwards from baseline `y` (each centred on `centre` when given), `leading`
    times the size apart; return the baseline after the last one."""
    canvas.setFont(font, size)
    for line in lines:
        if centre is not None:
            canvas.drawCentredString(centre, y, line)
        else:
            canvas.drawString(x, y, line)
        y -= size * leading
    return y
