"""Operators' pages in production: /metrics, /docs, /redoc and /openapi.json need a token.

/metrics takes METRICS_TOKEN; the API documentation also takes any working owner token (an
owner may read the docs of the API they hold a token for). Either as `Authorization: Bearer
<token>` (scripts, Prometheus' `authorization` setting) or as the password of HTTP Basic, so a
browser can open /docs (it asks once and sends it with the page's own /openapi.json fetch).
Outside production these pages stay open: they are how a newcomer explores the demo.
"""

from __future__ import annotations

import base64
import binascii
import hmac

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import Headers
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Receive, Scope, Send

from bot.core.settings import Settings

METRICS_PATHS = frozenset({"/metrics"})
DOCS_PATHS = frozenset({"/docs", "/docs/oauth2-redirect", "/redoc", "/openapi.json"})
OPS_PATHS = METRICS_PATHS | DOCS_PATHS


def presented_token(headers: Headers) -> str | None:
    """The token in `Authorization: Bearer <t>` or `Basic base64(user:<t>)`, else None."""
    scheme, _, value = headers.get("authorization", "").partition(" ")
    value = value.strip()
    if scheme.lower() == "bearer" and value:
        return value
    if scheme.lower() == "basic" and value:
        try:
            decoded = base64.b64decode(value, validate=True).decode("utf-8")
        except (binascii.Error, UnicodeDecodeError):
            return None
        password = decoded.partition(":")[2]
        return password or None
    return None


class OpsAccess:
    """Pure ASGI middleware; only active when ENVIRONMENT=production."""

    def __init__(self, app: ASGIApp, *, settings: Settings) -> None:
        self.app = app
        self.enabled = settings.is_production
        self.metrics_token = settings.metrics_token.get_secret_value()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if not self.enabled or scope["type"] != "http" or scope["path"] not in OPS_PATHS:
            await self.app(scope, receive, send)
            return
        token = presented_token(Headers(scope=scope))
        if token is not None and await self._allowed(scope, token):
            await self.app(scope, receive, send)
            return
        status = 401 if token is None else 403
        detail = ("this page needs METRICS_TOKEN (Authorization: Bearer ...)" if scope["path"] in METRICS_PATHS
                  else "the API documentation needs an owner token or METRICS_TOKEN (Bearer, or as a Basic password)")
        response = JSONResponse({"detail": detail}, status_code=status,
                                headers={"WWW-Authenticate": 'Basic realm="operators", charset="UTF-8"'})
        await response(scope, receive, send)

    async def _allowed(self, scope: Scope, token: str) -> bool:
        if self.metrics_token and hmac.compare_digest(token.encode(), self.metrics_token.encode()):
            return True
        if scope["path"] in METRICS_PATHS:
            return False
        from bot.deps import owner_token  # the edge's token lookup; imported late to keep this module light

        services = scope["app"].state.services
        return await run_in_threadpool(owner_token, services, token) is not None
