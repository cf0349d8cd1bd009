"""What every console page refuses before it reads its parameters: ids wider than the database's
integers and NUL in any text (issue 13 hardening, security review of 2026-12-07).

Unchecked, each was a 500 on a page an attacker with any console login could reach: an id of
2**70 in `/app/events/{event_id}`, `/app/inbox/{conversation_id}` or `/app/users/{user_id}/disable`
overflowed the driver (SQLite and PostgreSQL), and a NUL in a form or a search (an event title, a
guest name, an inbox reply, `?q=`) reached PostgreSQL, which cannot store it, or a model that refused
it by raising inside the page. The API bounds the same things per field (bot/routes/params.py,
bot/core/fields.py); the console's pages are many and plain forms, so the check is one router-level
dependency (bot.console.routing.page_router) that sees every path, query and form value.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from fastapi import HTTPException, Request
from starlette.datastructures import UploadFile

MAX_ID = 2**31 - 1  # the widest id column (PostgreSQL INTEGER)
# Parameters that name a row by its id (path, query or form); not every `*_id` does: a Telegram user id
# (`telegram_id`) is wider than 2**31, an import's `upload_id` is a random name
ROW_IDS = frozenset({"event_id", "guest_id", "campaign_id", "conversation_id", "user_id", "ticket_id"})
_NUMBER = re.compile(r"\s*[+-]?[0-9][0-9_]*\s*")  # what an int path parameter accepts, ASCII digits


def _has_nul(value: object) -> bool:
    return isinstance(value, str) and "\x00" in value


def out_of_range_id(name: str, value: object) -> bool:
    """A row id no row can have: wider than `MAX_ID` (a 404, as for any unknown id)."""
    if name not in ROW_IDS:
        return False
    text = str(value)
    if not _NUMBER.fullmatch(text):
        return False  # not a number at all: the route's own validation answers 422
    digits = text.strip().lstrip("+-").replace("_", "")
    return len(digits) > 12 or int(digits) > MAX_ID


async def checked_inputs(request: Request) -> None:
    """404 for an id past `MAX_ID` (in the path, the query or a form: `guest_id` of the one-guest preview)
    or NUL in the path; 422 for NUL in a query or form value (or name)."""
    for name, value in request.path_params.items():
        if _has_nul(value) or out_of_range_id(name, value):
            raise HTTPException(404, "not found")
    if any(_has_nul(k) or _has_nul(v) for k, v in request.query_params.multi_items()):
        raise HTTPException(422, "a parameter contains a NUL character")
    if any(out_of_range_id(k, v) for k, v in request.query_params.multi_items()):
        raise HTTPException(404, "not found")
    if request.method in ("POST", "PUT", "PATCH") and request.headers.get("content-type", "").startswith(
            ("application/x-www-form-urlencoded", "multipart/form-data")):
        form = await request.form()  # parsed once: the page's own Form parameters read the same object
        for key, value in form.multi_items():
            if _has_nul(key) or (not isinstance(value, UploadFile) and _has_nul(value)):
                raise HTTPException(422, "a form field contains a NUL character")
            if not isinstance(value, UploadFile) and out_of_range_id(key, value):
                raise HTTPException(404, "not found")


def one_of(value: str, allowed: Iterable[str]) -> str:
    """`value` when it is one of a select's or a link's choices, else 422 (the console's error page in the
    person's language): a forged choice was silently replaced by the first one (?format=pdf gave an
    Excel file, ?status=hacked every guest), which hid that the request was not what it seemed."""
    if value not in allowed:
        raise HTTPException(422, "not one of the choices")
    return value
