"""Security headers on every response, HTML and API alike.

A route may set its own Content-Security-Policy (the RSVP page does); it always gets
`frame-ancestors 'none'` added, so no page of ours can be framed for clickjacking. Responses
are `no-store` unless a route says otherwise: almost everything here (API answers, RSVP pages,
TwiML replies) carries personal data that must not sit in a shared or browser cache. HSTS is
sent only when PUBLIC_BASE_URL is https (it would lock a plain-http demo out of itself).
"""

from __future__ import annotations

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from bot.security.ops_access import DOCS_PATHS

API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'"
# Pages of ours (the console to come) load their own scripts and styles, never anyone else's.
HTML_CSP = ("default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; object-src 'none'; "
            "base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
# FastAPI's /docs and /redoc load Swagger UI / ReDoc from a CDN and start them with an inline script.
DOCS_CSP = ("default-src 'none'; script-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net; "
            "style-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net https://fonts.googleapis.com; "
            "font-src https://fonts.gstatic.com; img-src 'self' data: https://fastapi.tiangolo.com "
            "https://cdn.redoc.ly; connect-src 'self'; worker-src blob:; frame-ancestors 'none'; base-uri 'none'")
HSTS = "max-age=31536000; includeSubDomains"


def _policy(path: str, content_type: str, existing: str | None) -> str:
    if existing:
        return existing if "frame-ancestors" in existing else f"{existing.rstrip('; ')}; frame-ancestors 'none'"
    if path in DOCS_PATHS:
        return DOCS_CSP
    return HTML_CSP if content_type.startswith("text/html") else API_CSP


class SecurityHeaders:
    """Pure ASGI middleware: adds headers to `http.response.start`, never touches the body."""

    def __init__(self, app: ASGIApp, *, https: bool) -> None:
        self.app = app
        self.https = https

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = scope["path"]

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers["Content-Security-Policy"] = _policy(path, headers.get("content-type", ""),
                                                             headers.get("content-security-policy"))
                headers.setdefault("X-Content-Type-Options", "nosniff")
                headers.setdefault("X-Frame-Options", "DENY")
                headers.setdefault("Referrer-Policy", "no-referrer")
                headers.setdefault("Cache-Control", "no-store")
                headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
                if self.https:
                    headers.setdefault("Strict-Transport-Security", HSTS)
            await send(message)

        await self.app(scope, receive, with_headers)
