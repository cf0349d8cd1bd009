"""Messages carried across a redirect ("saved", "that number is taken") in the query string, signed
with the reader's own session CSRF token: a page shows `?error=...` only when this console wrote it
for this session, so a link from outside cannot put its own sentence ("your session expired, call
...") in the page's alert box. No server-side flash store is needed, so any web process can read it."""

from __future__ import annotations

import hashlib
import hmac
from urllib.parse import urlencode

from starlette.requests import Request

SIGNATURE = "sig"
MAX_CHARS = 300


def _signature(request: Request, path: str, values: dict[str, str]) -> str:
    key = str(getattr(request.state, "console_csrf", "") or "").encode()
    message = "\x1f".join([path, *(f"{k}={values[k]}" for k in sorted(values))]).encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()[:32]


def notice_url(request: Request, path: str, **messages: str) -> str:
    """`path` with the given messages (clipped) and their signature for this session."""
    values = {name: str(text)[:MAX_CHARS] for name, text in messages.items() if text}
    if not values:
        return path
    return f"{path}?{urlencode({**values, SIGNATURE: _signature(request, path, values)})}"


def read_notices(request: Request, *names: str) -> dict[str, str]:
    """The named messages of this request's URL, each "" unless the signature is this session's."""
    given = {name: request.query_params.get(name, "")[:MAX_CHARS] for name in names}
    present = {name: value for name, value in given.items() if value}
    signature = request.query_params.get(SIGNATURE, "")
    if not present or not getattr(request.state, "console_csrf", ""):
        return dict.fromkeys(names, "")
    if not hmac.compare_digest(signature, _signature(request, request.url.path, present)):
        return dict.fromkeys(names, "")
    return {name: given[name] for name in names}
