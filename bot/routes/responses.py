"""The error answers every route may give, documented once so the OpenAPI lists each status and body.

All JSON errors have one shape, `{"detail": ...}`: a sentence, an object (`code`/`field`, `message`
and facts such as `next_allowed`), or FastAPI's list of field errors for a request that does not
match the schema. Routers pass `errors(...)` as `responses=`; schemathesis (tests/limits) checks
that nothing else comes back.
"""

from __future__ import annotations

import math
from typing import Any

from fastapi import Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field


class ErrorOut(BaseModel):
    """Every JSON error answer."""

    detail: str | dict[str, Any] | list[dict[str, Any]] = Field(
        description="What went wrong: a sentence, an object with `message` (and `code` or `field`), "
                    "or a list of field errors (`loc`, `msg`, `type`) for a request that does not match the schema")


DESCRIPTIONS: dict[int, str] = {
    400: "The request cannot be read (a malformed form, file or update)",
    401: "No bearer token (`Authorization: Bearer <the workspace's api_token>`)",
    402: "The free quota is used up: a package must be bought first",
    403: "The token or signature does not open this resource",
    404: "No such workspace, event, campaign, customer, ticket or link",
    409: "Conflicts with the current state (a duplicate, or a campaign that can no longer change)",
    410: "The link has expired",
    413: "The request body is larger than the limit (docs/limits.md)",
    422: "A field is missing, malformed, out of range, or breaks a rule; `detail` says which",
    429: "Too many requests; retry after `Retry-After` seconds",
    503: "The database is unavailable for a moment; retry after `Retry-After` seconds",
}
# What any route behind a body-reading, throttled, database-backed door can answer.
COMMON = (413, 429, 503)
OWNER = (401, 403, 404, 422, *COMMON)
HTML_ERROR = {"text/html": {"schema": {"type": "string"}}}


def errors(*codes: int, html: tuple[int, ...] = ()) -> dict[int | str, dict[str, Any]]:
    """`responses=` for these status codes; those in `html` may also come back as an HTML page."""
    out: dict[int | str, dict[str, Any]] = {}
    for code in sorted(set(codes) | set(html)):
        entry: dict[str, Any] = {"model": ErrorOut, "description": DESCRIPTIONS[code]}
        if code in html:
            entry["content"] = HTML_ERROR
        out[code] = entry
    return out


def binary(*media_types: str, description: str) -> dict[int | str, dict[str, Any]]:
    """A 200 whose body is a file (CSV, XLSX) or plain text rather than JSON."""
    return {200: {"description": description,
                  "content": {m: {"schema": {"type": "string", "format": "binary"}} for m in media_types}}}


def _printable(value: Any) -> Any:
    """`value` as JSON can carry it: a NaN or infinity as its name, a lone UTF-16 surrogate (which UTF-8
    cannot encode) as its escape."""
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    if isinstance(value, str):
        return value.encode("utf-8", "backslashreplace").decode("utf-8")
    if isinstance(value, list | tuple):
        return [_printable(item) for item in value]
    if isinstance(value, dict):
        return {_printable(key): _printable(item) for key, item in value.items()}
    return value


async def validation_error(request: Request, exc: RequestValidationError) -> Response:
    """FastAPI's 422 (`detail`: the list of field errors), written so that any input can be echoed: its own
    handler failed on a `NaN` or a `"\\ud800"` in the body and answered 500 (review of 2026-12).

    A console page (`/app/...`, a person in a browser, often a phone) gets the console's error page in
    their language instead of the JSON list."""
    if request.url.path.startswith("/app/") and not request.url.path.startswith("/app/static/"):
        from bot.console.templating import render  # the console is an optional edge of the app

        return render(request, "error.html", {"status": 422, "detail": ""}, status_code=422)
    return JSONResponse({"detail": _printable(jsonable_encoder(exc.errors()))}, status_code=422)
