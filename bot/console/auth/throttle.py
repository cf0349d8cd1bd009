"""Throttled login: code requests and failed tries are counted per phone and per client address.

Uses the security module's `limits` storage (bot/security/throttle.py: Redis when REDIS_URL is set, so
every worker shares the counters; memory otherwise). Answers stay generic: a refused or failed try
never says whether the number has an account (OWASP Authentication Cheat Sheet).
"""

from __future__ import annotations

import hashlib
import logging
import math
import time

from limits import RateLimitItem, RateLimitItemPerDay, parse_many
from limits.aio.storage import MemoryStorage, Storage
from limits.aio.strategies import MovingWindowRateLimiter

from bot.console.config import config

log = logging.getLogger("bot.console.throttle")


def _storage(redis_url: str) -> Storage:
    try:
        from bot.security.throttle import build_storage
    except ImportError:  # the security module is optional here; memory is right for one process
        return MemoryStorage()
    return build_storage(redis_url)


def _pair(phone: str, ip: str) -> str:
    return f"{phone}\x1f{ip}"


def _key(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()[:32]  # the store never holds a phone number


class LoginThrottle:
    def __init__(self, redis_url: str = "", enabled: bool = True) -> None:
        self.enabled = enabled
        self.limiter = MovingWindowRateLimiter(_storage(redis_url))
        cfg = config()
        self.rules: dict[str, list[RateLimitItem]] = {
            "code-phone-ip": parse_many(cfg.codes_per_phone_ip), "code-phone": parse_many(cfg.codes_per_phone),
            "code-ip": parse_many(cfg.codes_per_ip), "fail-phone-ip": parse_many(cfg.failures_per_phone_ip),
            "fail-phone": parse_many(cfg.failures_per_phone), "fail-ip": parse_many(cfg.failures_per_ip)}

    async def _over(self, name: str, key: str, *, hit: bool) -> int | None:
        for item in self.rules[name]:
            allowed = await (self.limiter.hit if hit else self.limiter.test)(item, name, _key(key))
            if not allowed:
                stats = await self.limiter.get_window_stats(item, name, _key(key))
                return max(1, math.ceil(stats.reset_time - time.time()))
        return None

    async def code_request(self, phone: str, ip: str) -> int | None:
        """Seconds to wait when this code request is one too many, else None (and it is counted)."""
        checks = [("code-ip", ip, True), ("code-phone-ip", _pair(phone, ip), True), ("code-phone", phone, True)]
        return await self._guarded(lambda: self._first(checks))

    async def may_try(self, phone: str, ip: str, *, code: bool = False) -> int | None:
        """Seconds to wait when this address, this number from this address, or (not for a code)
        this number from everywhere failed too often, else None (nothing counted)."""
        checks = [("fail-ip", ip, False), ("fail-phone-ip", _pair(phone, ip), False)]
        return await self._guarded(lambda: self._first(checks if code else [*checks, ("fail-phone", phone, False)]))

    async def failed(self, phone: str, ip: str) -> None:
        """Counted under every rule (`_first` stops at the first rule already over, which then refuses anyway)."""
        await self._guarded(lambda: self._hit_all([("fail-ip", ip), ("fail-phone-ip", _pair(phone, ip)),
                                                   ("fail-phone", phone)]))

    async def invitation(self, inviter: int, per_day: int, *, hit: bool) -> int | None:
        """Seconds until this account may invite one more co-host (`rsvp.cohost_invites_per_day` in 24
        hours, the workspace's number), else None; counted when `hit` (after an invitation was made).
        Each invitation makes an account anyone may ask a login code by SMS for, so this bounds how many
        strangers' numbers one event owner can put there, removing and inviting again included."""
        item = RateLimitItemPerDay(per_day)

        async def check() -> int | None:
            allowed = await (self.limiter.hit if hit else self.limiter.test)(item, "cohost-invites", str(inviter))
            if allowed or hit:
                return None
            stats = await self.limiter.get_window_stats(item, "cohost-invites", str(inviter))
            return max(1, math.ceil(stats.reset_time - time.time()))

        return await self._guarded(check)

    async def _hit_all(self, rules: list[tuple[str, str]]) -> None:
        for name, key in rules:
            await self._over(name, key, hit=True)

    async def _first(self, checks: list[tuple[str, str, bool]]) -> int | None:
        for name, key, hit in checks:
            wait = await self._over(name, key, hit=hit)
            if wait is not None:
                return wait
        return None

    async def _guarded(self, run: object) -> int | None:
        if not self.enabled:
            return None
        try:
            return await run()  # type: ignore[operator,no-any-return]
        except Exception:  # a store that is down must not lock everyone out
            log.warning("login throttle store unavailable; attempt let through", exc_info=True)
            return None
