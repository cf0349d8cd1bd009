"""How an event's guest page looks: the owner's picture and two colours, checked before they are kept.

The picture: PNG or JPEG, told by its bytes (never by the file name or the browser's type), at most
`MAX_BYTES` and `MAX_SIDE` pixels a side. It is rewritten chunk by chunk (PNG) or segment by segment
(JPEG), keeping only what draws the image: EXIF (a phone photo's GPS position, camera, time), text
chunks and comments are dropped, and a file that does not parse to the end is refused. SVG, GIF and
WebP are refused (SVG can carry scripts; the others are not worth a second parser). It is stored in
the database (`EventImage`), so every worker serves it and deleting the event deletes it, and it is
served with its own exact type, `nosniff` and a sandboxing CSP (bot/routes/rsvp_page.py).
A picture wider or taller than `SHOWN_SIDE` is scaled down to it with Pillow (decoded, resized, encoded
again in its own format, still without metadata): a 6000-pixel photo is about 144 MB once a phone decodes
it, on every guest's page, while a phone's screen shows a fraction of that.

The colours (#rrggbb): the accent colours the heading, links and the answer button (white text on
it), so it must keep WCAG AA contrast (4.5:1) with white; the background must keep 4.5:1 with the
page's dark text, so nothing written on it becomes hard to read.
"""

from __future__ import annotations

import hashlib
import io
import re
import struct
import zlib
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session

from bot.core.models import Event, EventImage

MAX_BYTES = 2 * 1024 * 1024
MAX_SIDE = 6000
SHOWN_SIDE = 2000  # pixels a side kept: sharp on any phone's screen, about 16 MB once decoded
JPEG_QUALITY = 88
MIN_CONTRAST = 4.5
TEXT = "#222222"     # the page's text colour (bot/templates/rsvp/base.html)
WHITE = "#ffffff"
DEFAULT_ACCENT = "#2b6e4f"      # the standard look; a colour picker always sends a colour, so these mean none
DEFAULT_BACKGROUND = "#f6f4ef"
HEX = re.compile(r"#[0-9a-fA-F]{6}")
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# what draws a PNG (and the colour information that changes how it looks); anything else is dropped
PNG_KEEP = frozenset({b"IHDR", b"PLTE", b"IDAT", b"IEND", b"tRNS", b"gAMA", b"cHRM", b"sRGB", b"iCCP", b"sBIT",
                      b"bKGD", b"pHYs"})


class BrandingError(ValueError):
    """Refused with a code the console words (`branding_error.<code>` in its strings)."""

    def __init__(self, code: str, **values: object) -> None:
        super().__init__(code)
        self.code, self.values = code, values


@dataclass(frozen=True)
class CleanImage:
    content_type: str
    data: bytes
    width: int
    height: int


# -- colours ---------------------------------------------------------------------------------------------

def _luminance(colour: str) -> float:
    """WCAG 2 relative luminance of #rrggbb."""
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio, 1 (none) to 21 (black on white)."""
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def check_colour(value: str | None, against: str, field: str) -> str | None:
    """The colour normalised (#rrggbb, lower case), None for none; BrandingError when unreadable."""
    if value is None or not value.strip():
        return None
    value = value.strip()
    if not HEX.fullmatch(value):
        raise BrandingError("bad_colour", field=field)
    ratio = contrast(value, against)
    if ratio < MIN_CONTRAST:
        raise BrandingError(f"low_contrast_{field}", ratio=f"{ratio:.1f}", needed=f"{MIN_CONTRAST:.1f}")
    return value.lower()


def set_colours(event: Event, accent: str | None, background: str | None) -> None:
    """Check both first, then set both (None: the standard look)."""
    checked = check_colour(accent, WHITE, "accent"), check_colour(background, TEXT, "background")
    event.theme_accent = None if checked[0] == DEFAULT_ACCENT else checked[0]
    event.theme_background = None if checked[1] == DEFAULT_BACKGROUND else checked[1]


# -- the picture -----------------------------------------------------------------------------------------

def _check_size(width: int, height: int) -> None:
    if not (0 < width <= MAX_SIDE and 0 < height <= MAX_SIDE):
        raise BrandingError("image_too_large_sides", max_side=MAX_SIDE)


def _clean_png(data: bytes) -> CleanImage:
    out, at, size = [PNG_SIGNATURE], len(PNG_SIGNATURE), None
    while at < len(data):
        if at + 12 > len(data):
            raise BrandingError("bad_image")
        length, kind = struct.unpack(">I4s", data[at:at + 8])
        end = at + 12 + length
        body = data[at + 8:at + 8 + length]
        if end > len(data) or struct.unpack(">I", data[end - 4:end])[0] != zlib.crc32(kind + body):
            raise BrandingError("bad_image")
        if size is None:
            if kind != b"IHDR" or length != 13:
                raise BrandingError("bad_image")
            size = struct.unpack(">II", body[:8])
        if kind in PNG_KEEP:
            out.append(data[at:end])
        at = end
        if kind == b"IEND":
            break
    if size is None or not out[-1][4:8] == b"IEND":
        raise BrandingError("bad_image")
    _check_size(*size)
    return CleanImage("image/png", b"".join(out), size[0], size[1])


def _clean_jpeg(data: bytes) -> CleanImage:
    out, at, size = [b"\xff\xd8"], 2, None
    while True:
        if at + 4 > len(data) or data[at] != 0xFF:
            raise BrandingError("bad_image")
        marker = data[at + 1]
        if marker == 0xFF:  # fill byte
            at += 1
            continue
        length = struct.unpack(">H", data[at + 2:at + 4])[0]
        end = at + 2 + length
        if length < 2 or end > len(data):
            raise BrandingError("bad_image")
        segment = data[at:end]
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):  # a frame header: the size
            height, width = struct.unpack(">HH", segment[5:9])
            size = (width, height)
        keep = not (0xE1 <= marker <= 0xEF or marker == 0xFE)  # APP1..APP15 (EXIF, XMP...) and comments
        if marker == 0xE2 and segment[4:16] == b"ICC_PROFILE\x00":
            keep = True  # the colour profile changes how it looks
        if keep:
            out.append(segment)
        at = end
        if marker == 0xDA:  # start of scan: the picture itself follows, up to the end marker
            finish = data.rfind(b"\xff\xd9")
            if finish < at:
                raise BrandingError("bad_image")
            out.append(data[at:finish + 2])
            break
    if size is None:
        raise BrandingError("bad_image")
    _check_size(*size)
    return CleanImage("image/jpeg", b"".join(out), size[0], size[1])


def clean_image(data: bytes) -> CleanImage:
    """The picture as it will be kept (metadata removed, at most `SHOWN_SIDE` a side), or BrandingError
    (too big, not PNG/JPEG, broken)."""
    clean = _parsed(data)
    return clean if max(clean.width, clean.height) <= SHOWN_SIDE else _scaled_down(clean)


def _scaled_down(clean: CleanImage) -> CleanImage:
    """`clean` resized to fit `SHOWN_SIDE`, in its own format; only the colour profile is carried over."""
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(clean.data)) as picture:
            picture.load()
            picture.thumbnail((SHOWN_SIDE, SHOWN_SIDE), Image.Resampling.LANCZOS)
            profile = picture.info.get("icc_profile")
            out = io.BytesIO()
            if clean.content_type == "image/png":
                picture.save(out, "PNG", optimize=True, icc_profile=profile)
            else:
                picture.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True, icc_profile=profile)
            width, height = picture.size
    except (OSError, ValueError, UnidentifiedImageError, Image.DecompressionBombError) as exc:
        raise BrandingError("bad_image") from exc  # parsed, but its pixels do not decode
    return CleanImage(clean.content_type, out.getvalue(), width, height)


def _parsed(data: bytes) -> CleanImage:
    if len(data) > MAX_BYTES:
        raise BrandingError("image_too_big", max_mb=MAX_BYTES // (1024 * 1024))
    try:
        if data.startswith(PNG_SIGNATURE):
            return _clean_png(data)
        if data.startswith(b"\xff\xd8\xff"):
            return _clean_jpeg(data)
    except struct.error as exc:
        raise BrandingError("bad_image") from exc
    raise BrandingError("image_type")


def save_image(session: Session, event: Event, data: bytes, now: datetime) -> EventImage:
    """Check, clean and store (replacing any earlier picture); not committed."""
    assert event.id is not None
    clean = clean_image(data)
    image = session.get(EventImage, event.id) or EventImage(event_id=event.id, content_type="", data=b"", sha256="")
    image.content_type, image.data = clean.content_type, clean.data
    image.width, image.height, image.updated_at = clean.width, clean.height, now
    image.sha256 = hashlib.sha256(clean.data).hexdigest()
    session.add(image)
    return image


def remove_image(session: Session, event: Event) -> bool:
    image = session.get(EventImage, event.id)
    if image is None:
        return False
    session.delete(image)
    return True
