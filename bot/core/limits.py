"""Every limit on what comes from outside, in one place, fed from settings (table: docs/limits.md).

Request bodies are refused early with 413 while they are read; templates, uploads, imported rows
and query integers read their bounds from `current()`, which the service sets from its settings at
start-up (`configure`), so a test or an operator changes a limit in one place.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from bot.core.settings import Settings

# Cells an XLSX may hold, on average per row allowed: the template has 6 columns. openpyxl parses every
# cell (about 5 us each), including those past `import_cells_per_row`, so cells are bounded as a whole.
CELLS_PER_SCANNED_ROW = 8


@dataclass(frozen=True)
class Limits:
    """The bounds that keep one request from taking the server's memory, time or workers."""

    body_bytes: int = 64 * 1024               # webhooks and forms
    upload_bytes: int = 5 * 1024 * 1024       # /api/ bodies (guest files)
    import_cells_per_row: int = 64            # columns read from one row of a guest file
    import_scanned_rows: int = 50_000         # rows read from a guest file, empty ones included
    import_unzipped_bytes: int = 64 * 1024 * 1024  # an XLSX unpacked (zip bombs)
    import_cells: int = 400_000               # cells in an XLSX, counted before openpyxl parses any (8 a row)
    template_chars: int = 1000                # an owner's campaign template
    rendered_chars: int = 4000                # one rendered message (and any string made while rendering)
    render_seconds: float = 1.0               # one render
    campaign_segments: int = 10               # SMS segments of one campaign message (workspace sms.max_segments)
    range_items: int = 100                    # range() inside a template

    @classmethod
    def of(cls, settings: Settings) -> Limits:
        return cls(body_bytes=settings.max_body_bytes, upload_bytes=settings.max_upload_bytes,
                   import_cells_per_row=settings.import_max_cells_per_row,
                   import_scanned_rows=settings.import_max_scanned_rows,
                   import_unzipped_bytes=settings.import_max_unzipped_bytes,
                   import_cells=settings.import_max_scanned_rows * CELLS_PER_SCANNED_ROW,
                   template_chars=settings.template_max_chars, rendered_chars=settings.template_max_rendered_chars,
                   render_seconds=settings.template_render_seconds, campaign_segments=settings.campaign_max_segments)


# Bounds written into the OpenAPI (so they are fixed, not settings): paging and numbers in API bodies.
MAX_OFFSET = 1_000_000
MAX_PAGE = 500
MAX_MONEY = 10**9          # balances and amounts, in the workspace currency
MAX_COUNT = 1_000_000      # counters such as abuse_count

DEFAULTS = Limits()
_active: Limits = DEFAULTS


def configure(settings: Settings) -> Limits:
    """Make the settings' limits the ones in force (the service calls this when it is built)."""
    global _active
    _active = Limits.of(settings)
    return _active


def current() -> Limits:
    return _active


TOO_LARGE_TEXTS = Path(__file__).with_name("too_large.yaml")
# Console pages that take a file (the rest of the console's forms keep the small webhook limit)
CONSOLE_UPLOADS = ("/import", "/guest-page")


class BodyTooLarge(Exception):
    pass


class BodySizeLimit:
    """Pure ASGI middleware: webhooks get a small limit, uploads (`/api/`) a larger one."""

    def __init__(self, app: ASGIApp, *, default_limit: int, upload_limit: int) -> None:
        self.app = app
        self.default_limit = default_limit
        self.upload_limit = upload_limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = scope["path"]  # guest files come to /api/ and to the console's /app/events/{id}/import,
        # the guest page's picture (up to 2 MB) to /app/events/{id}/guest-page
        upload = path.startswith("/api/") or path.startswith("/app/") and path.endswith(CONSOLE_UPLOADS)
        limit = self.upload_limit if upload else self.default_limit
        declared = dict(scope.get("headers") or []).get(b"content-length")
        page = path.startswith("/app/")  # a person at a console form: a page they can read, not JSON
        if declared is not None and declared.isdigit() and int(declared) > limit:
            await _refuse(send, limit, page=page, upload=upload)
            return
        seen = 0
        started = False

        async def limited_receive() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise BodyTooLarge
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, limited_receive, tracking_send)
        except BodyTooLarge:
            if not started:
                await _refuse(send, limit, page=page, upload=upload)


def _too_large_page(limit: int, *, upload: bool) -> bytes:
    """The console's refusal: the same sentence in Hebrew, Russian and English (too_large.yaml), about the
    file of an upload form or the text of any other."""
    import html

    import yaml

    texts = yaml.safe_load(TOO_LARGE_TEXTS.read_text(encoding="utf-8"))["file" if upload else "text"]
    mb = max(1, round(limit / (1024 * 1024)))
    lines = "".join(f'<p lang="{lang}" dir="{"rtl" if lang == "he" else "ltr"}">'
                    f"{html.escape(texts[lang].format(mb=mb))}</p>" for lang in ("he", "ru", "en"))
    return ('<!doctype html><html><head><meta charset="utf-8"><meta name="viewport" '
            f'content="width=device-width, initial-scale=1"><title>413</title></head><body>{lines}</body></html>'
            ).encode()


async def _refuse(send: Send, limit: int, *, page: bool = False, upload: bool = False) -> None:
    if page:
        body, kind = _too_large_page(limit, upload=upload), b"text/html; charset=utf-8"
    else:
        body, kind = json.dumps({"detail": f"request body larger than {limit} bytes"}).encode(), b"application/json"
    await send({"type": "http.response.start", "status": 413,
                "headers": [(b"content-type", kind), (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})
