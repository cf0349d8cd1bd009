"""Small PNG and JPEG files built byte by byte for the branding tests (no imaging library needed)."""

from __future__ import annotations

import struct
import zlib


def _chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def png(width: int = 600, height: int = 240, *, extra: tuple[tuple[bytes, bytes], ...] = ()) -> bytes:
    """A real, decodable RGB picture (a two-colour gradient); `extra` chunks go before the pixels."""
    rows = bytearray()
    for y in range(height):
        rows.append(0)  # filter: none
        for x in range(width):
            rows += bytes((40 + 150 * x // width, 90 + 60 * y // height, 120))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + b"".join(_chunk(k, v) for k, v in extra)
            + _chunk(b"IDAT", zlib.compress(bytes(rows), 9)) + _chunk(b"IEND", b""))


def jpeg(width: int = 320, height: int = 200, *, exif: bytes = b"") -> bytes:
    """A JPEG's structure (markers, frame header with the size, scan, end) with an optional EXIF segment."""
    def segment(marker: int, body: bytes) -> bytes:
        return bytes((0xFF, marker)) + struct.pack(">H", len(body) + 2) + body

    app1 = segment(0xE1, b"Exif\x00\x00" + exif) if exif else b""
    frame = struct.pack(">BHHB", 8, height, width, 1) + b"\x01\x11\x00"
    return (b"\xff\xd8" + segment(0xE0, b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00") + app1
            + segment(0xFE, b"a comment") + segment(0xDB, b"\x00" + bytes(range(64)))
            + segment(0xC0, frame) + segment(0xDA, b"\x01\x01\x00\x00\x3f\x00") + b"\x12\x34\x56" + b"\xff\xd9")
