"""Throttling at the doors anyone can knock on: /api, /r/ (RSVP links) and the Telegram webhook.

Counters per client IP (and per owner token on /api) in a moving window, with the `limits`
library: in memory by default, in Redis when REDIS_URL is set (so every worker shares them).
Failed authentication (a wrong token, an unknown link, a wrong webhook secret) is counted
separately against a much smaller allowance, so guessing stops long before it can succeed,
while an owner who mistypes a token once is not locked out. A refused request gets 429 with
Retry-After. Twilio's webhooks are not throttled here: they are signed, and Twilio retries.
"""

from __future__ import annotations

import hashlib
import logging
import math
import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from limits import RateLimitItem, parse_many
from limits.aio.storage import MemoryStorage, RedisStorage, Storage
from limits.aio.strategies import MovingWindowRateLimiter
from starlette.datastructures import Headers
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from bot.core.metrics import THROTTLED
from bot.core.settings import Settings
from bot.security.ops_access import OPS_PATHS

log = logging.getLogger("bot.throttle")

# Which statuses mean "a guess that missed" at each door.
FAILED = {"api": {401, 403}, "rsvp": {404}, "telegram": {403}, "ops": {401, 403}}
BUSY_PAGE = """<!doctype html><html lang="he" dir="rtl"><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>429</title>
<p>יותר מדי ניסיונות. נסו שוב בעוד {seconds} שניות.</p>
<p dir="ltr" lang="en">Too many attempts. Please try again in {seconds} seconds.</p>
<p dir="ltr" lang="ru">Слишком много попыток. Попробуйте снова через {seconds} с.</p></html>"""


def door_of(path: str) -> str | None:
    if path.startswith("/api/"):
        return "api"
    if path.startswith("/r/"):
        return "rsvp"
    if path.startswith("/webhooks/telegram/"):
        return "telegram"
    if path in OPS_PATHS:
        return "ops"
    return None


@dataclass(frozen=True)
class Rules:
    """Every allowance, parsed once from settings (the one place limits are written)."""

    api_ip: list[RateLimitItem]
    api_token: list[RateLimitItem]
    rsvp_ip: list[RateLimitItem]
    telegram_ip: list[RateLimitItem]
    failed_ip: list[RateLimitItem]

    @classmethod
    def from_settings(cls, settings: Settings) -> Rules:
        return cls(api_ip=parse_many(settings.rate_limit_api_per_ip),
                   api_token=parse_many(settings.rate_limit_api_per_token),
                   rsvp_ip=parse_many(settings.rate_limit_rsvp_per_ip),
                   telegram_ip=parse_many(settings.rate_limit_telegram_per_ip),
                   failed_ip=parse_many(settings.rate_limit_failed_auth_per_ip))


def build_storage(redis_url: str) -> Storage:
    """Redis when configured (shared by workers and restarts), else this process's memory."""
    if not redis_url:
        return MemoryStorage()
    uri = redis_url if redis_url.startswith("async+") else f"async+{redis_url}"
    return RedisStorage(uri, implementation="redispy")


class Throttle:
    """Pure ASGI middleware (no body buffering, works for streaming responses too)."""

    def __init__(self, app: ASGIApp, *, settings: Settings, storage: Storage | None = None) -> None:
        self.app = app
        self.enabled = settings.rate_limits_enabled
        self.rules = Rules.from_settings(settings)
        self.limiter = MovingWindowRateLimiter(storage or build_storage(settings.redis_url))
        # Failures are counted when their answers leave, so a burst sent all at once would get every
        # request in flight past the failure allowance; capping what one address has in flight (per
        # process) bounds that overshoot. A person or a script rarely has more than a few at once.
        self.max_in_flight = settings.rate_limit_in_flight_per_ip
        self.in_flight: Counter[str] = Counter()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        door = door_of(scope["path"]) if scope["type"] == "http" and self.enabled else None
        if door is None:
            await self.app(scope, receive, send)
            return
        client = scope.get("client")
        ip = client[0] if client else "unknown"
        if self.in_flight[ip] >= self.max_in_flight:
            await self._refuse(door, 1, scope, receive, send)
            return
        # The place is taken before the failure allowance is read and given back only after this
        # request's failure is counted: at most max_in_flight answers can be on their way unseen.
        self.in_flight[ip] += 1
        try:
            await self._admitted(door, ip, scope, receive, send)
        finally:
            self.in_flight[ip] -= 1
            if not self.in_flight[ip]:
                del self.in_flight[ip]

    async def _admitted(self, door: str, ip: str, scope: Scope, receive: Receive, send: Send) -> None:
        try:
            refused = await self._refusal(door, ip, Headers(scope=scope))
        except Exception:  # a throttle whose store is down must not take the service down with it
            log.warning("rate-limit store unavailable; request let through", exc_info=True)
            await self.app(scope, receive, send)
            return
        if refused is not None:
            await self._refuse(door, refused, scope, receive, send)
            return
        status = 0

        async def watch(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        await self.app(scope, receive, watch)
        if status in FAILED[door]:
            await self._count_failure(ip)

    async def _refuse(self, door: str, seconds: int, scope: Scope, receive: Receive, send: Send) -> None:
        THROTTLED.labels(door).inc()
        await self._too_many(door, seconds)(scope, receive, send)

    async def _count_failure(self, ip: str) -> None:
        try:
            for item in self.rules.failed_ip:
                await self.limiter.hit(item, "failed", ip)
        except Exception:
            log.warning("rate-limit store unavailable; failure not counted", exc_info=True)

    async def _refusal(self, door: str, ip: str, headers: Headers) -> int | None:
        """Seconds to wait when this request is over an allowance, else None (the hit is counted)."""
        for item in self.rules.failed_ip:
            if not await self.limiter.test(item, "failed", ip):
                return await self._wait(item, "failed", ip)
        checks: list[tuple[Iterable[RateLimitItem], str, str]] = []
        if door == "api":
            checks.append((self.rules.api_ip, "api-ip", ip))
            authorization = headers.get("authorization")
            if authorization:  # keyed by a digest: the store never holds a usable token
                digest = hashlib.sha256(authorization.encode("utf-8", "replace")).hexdigest()[:32]
                checks.append((self.rules.api_token, "api-token", digest))
        elif door == "rsvp":
            checks.append((self.rules.rsvp_ip, "rsvp-ip", ip))
        elif door == "telegram":
            checks.append((self.rules.telegram_ip, "telegram-ip", ip))
        for items, namespace, key in checks:
            for item in items:
                if not await self.limiter.hit(item, namespace, key):
                    return await self._wait(item, namespace, key)
        return None

    async def _wait(self, item: RateLimitItem, namespace: str, key: str) -> int:
        stats = await self.limiter.get_window_stats(item, namespace, key)
        return max(1, math.ceil(stats.reset_time - time.time()))

    @staticmethod
    def _too_many(door: str, seconds: int) -> Response:
        headers = {"Retry-After": str(seconds), "Cache-Control": "no-store"}
        if door == "rsvp":
            return HTMLResponse(BUSY_PAGE.format(seconds=seconds), status_code=429, headers=headers)
        return JSONResponse({"detail": f"too many requests; retry after {seconds} seconds"}, status_code=429,
                            headers=headers)
