"""Drawing helpers shared by every printed document (badges, certificates, lists).

Pure: reportlab canvases in, nothing of the ORM. Speed matters (300 badges in a couple of
seconds, 1,400 certificates in half a minute), so QR codes are drawn as vector paths from a
cached module matrix instead of PNG images, the logo's ImageReader is cached per file, and
the fonts are registered once (core.pdf).
"""

import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import qrcode
from qrcode.constants import ERROR_CORRECT_M
from reportlab.lib.colors import Color, HexColor, white
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from core.pdf import (
    cut_text,
    draw_lines,  # noqa: F401 - the documents draw their lines with it
    register_fonts,
)

INK = HexColor("#202124")
GREY = HexColor("#5f6368")
LIGHT = HexColor("#e8eaed")


@dataclass(frozen=True)
class Branding:
    primary: str = "#0b5394"
    accent: str = "#f1c232"
    logo_path: str | None = None  # an image file; None draws the BasQaru wordmark


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


def draw_logo(
    canvas: Canvas, branding: Branding, x: float, y: float, width: float, height: float, *, on_colour: bool
) -> None:
    """The event's logo fitted into the box, or the BasQaru wordmark when there is none."""
    if branding.logo_path:
        canvas.drawImage(
            _image_reader(branding.logo_path), x, y, width, height, preserveAspectRatio=True, anchor="w", mask="auto"
        )
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


def fit_text(
    text: str, font: str, width: float, max_size: float, min_size: float, max_lines: int = 2
) -> tuple[float, list[str]]:
    """The largest size (≤ max_size) at which `text` fits `width`, on one line if it can be at
    least `min_size`, else wrapped on up to `max_lines` balanced lines; the last resort cuts it.

    Never divides by zero: text that is empty or has no width (zero-width spaces, combining
    marks alone) comes back as no lines, and so does any text for a box of no width. Characters
    the font lacks (emoji, Chinese) are measured as its blank box glyph, as they are drawn."""
    text = " ".join(visible_text(text).split())
    natural = stringWidth(text, font, 1)
    if width <= 0:
        return min_size, []
    if natural <= 0:
        return max_size, []
    one_line = width / natural
    if one_line >= min_size or max_lines == 1:
        size = min(max_size, one_line)
        if size >= min_size:
            return size, [text]
        return min_size, [cut_text(text, font, min_size, width)]
    best_size, best_lines = 0.0, [text]
    for count in range(2, max_lines + 1):
        lines = _balanced_lines(text, count)
        # The widest line has a width, as the whole text has one.
        size = min(max_size, width / max(stringWidth(line, font, 1) for line in lines))
        if size > best_size + 0.5:
            best_size, best_lines = size, lines
    if best_size >= min_size:
        return best_size, best_lines
    return min_size, [cut_text(line, font, min_size, width) for line in best_lines]


def visible_text(text: str) -> str:
    """`text` without the characters that print as nothing: format characters (zero-width
    spaces, direction marks, byte-order marks) and control characters. A name stored before
    names were cleaned may hold them; so may an event's title."""
    return "".join(char for char in text or "" if unicodedata.category(char) not in ("Cf", "Cc", "Cs"))


def _balanced_lines(text: str, count: int) -> list[str]:
    words = text.split()
    if len(words) <= 1 or count == 1:
        return [text]
    if count == 2 or len(words) == 2:
        best = min(range(1, len(words)), key=lambda i: max(len(" ".join(words[:i])), len(" ".join(words[i:]))))
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
