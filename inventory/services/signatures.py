"""Signature images from the signature pad: decoding the data URL and checking the PNG."""

import base64
import binascii
import io

from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from core.errors import DomainError
from core.uploads import image_pixels

MAX_SIGNATURE_BYTES = 512 * 1024
# The pad is the page's width by 180 CSS pixels, times the screen's pixel ratio: some 2400 × 360
# on a wide desktop screen, 2700 × 540 on a phone held sideways (ratio 3), 3660 × 720 at the rare
# ratio 4. 4 million pixels leaves room for all of them and costs 16 MB to check, where a
# 12000 × 12000 PNG of a few kilobytes would cost 0.6 GB.
MAX_SIGNATURE_PIXELS = 4_000_000
# A drawn signature covers at least this many dark pixels; fewer is an empty or accidental pad.
MIN_SIGNATURE_INK = 40


def decode_signature(data_url: str) -> bytes:
    """The bytes of a `data:image/png;base64,…` URL from the signature pad.
    Raises DomainError `bad_signature`."""
    prefix = "data:image/png;base64,"
    if not isinstance(data_url, str) or not data_url.startswith(prefix):
        raise DomainError(_("The signature is not a PNG image."), code="bad_signature")
    encoded = data_url[len(prefix) :]
    if len(encoded) > MAX_SIGNATURE_BYTES * 4 // 3 + 4:
        raise DomainError(_("The signature image is too large."), code="bad_signature")
    try:
        return base64.b64decode(encoded, validate=True)
    except (binascii.Error, ValueError):
        raise DomainError(_("The signature is not a PNG image."), code="bad_signature") from None


def validate_signature(content: bytes, *, field_name: str) -> None:
    """Accept only a decodable PNG of sensible size (at most MAX_SIGNATURE_PIXELS, checked
    before decoding) with some ink on it. Raises DomainError `bad_signature` or `blank_signature`."""
    if not content or len(content) > MAX_SIGNATURE_BYTES:
        raise DomainError(_("The signature is not a PNG image."), code="bad_signature", field=field_name)
    # The header's size is checked before any pixel is decoded: a tiny PNG may declare billions.
    if (image_pixels(io.BytesIO(content)) or 0) > MAX_SIGNATURE_PIXELS:
        raise DomainError(_("The signature image is too large."), code="bad_signature", field=field_name)
    try:
        with Image.open(io.BytesIO(content)) as image:
            if image.format != "PNG":
                raise DomainError(_("The signature is not a PNG image."), code="bad_signature", field=field_name)
            width, height = image.size
            if not (50 <= width <= 4000 and 20 <= height <= 4000):
                raise DomainError(_("The signature image has an unusual size."), code="bad_signature", field=field_name)
            image.load()
            canvas = Image.new("RGBA", image.size, "white")
            canvas.alpha_composite(image.convert("RGBA"))
            ink = sum(canvas.convert("L").point(lambda v: 255 if v < 128 else 0).histogram()[255:])
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise DomainError(_("The signature is not a PNG image."), code="bad_signature", field=field_name) from None
    if ink < MIN_SIGNATURE_INK:
        raise DomainError(_("The signature is empty: sign in the box."), code="blank_signature", field=field_name)
