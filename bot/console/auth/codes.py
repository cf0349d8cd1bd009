"""One-time login codes: random digits, stored as an HMAC, short-lived, a few tries, used once."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import datetime

from sqlmodel import Session, col, select

from bot.console.config import config
from bot.core.models import ConsoleUser, LoginCode


def code_hash(secret: str, code: str) -> str:
    return hmac.new(secret.encode(), code.encode(), hashlib.sha256).hexdigest()


def new_code(session: Session, user: ConsoleUser, secret: str, now: datetime) -> str:
    """A fresh code for the user; earlier unused codes stop working (only the newest message counts)."""
    assert user.id is not None
    for old in session.exec(select(LoginCode).where(LoginCode.user_id == user.id, col(LoginCode.used_at).is_(None))):
        old.used_at = now
        session.add(old)
    digits = config().code_digits
    code = f"{secrets.randbelow(10 ** digits):0{digits}d}"
    session.add(LoginCode(user_id=user.id, code_hash=code_hash(secret, code), created_at=now,
                          expires_at=now + config().code_ttl))
    session.flush()
    return code


def redeem(session: Session, users: list[ConsoleUser], code: str, secret: str, now: datetime) -> ConsoleUser | None:
    """The user whose live code this is (the code is used up), else None and a wrong try is counted."""
    ids = [u.id for u in users if u.id is not None]
    if not ids:
        return None
    live = session.exec(select(LoginCode).where(col(LoginCode.user_id).in_(ids), col(LoginCode.used_at).is_(None),
                                                LoginCode.expires_at > now,
                                                LoginCode.attempts < config().code_tries)).all()
    wanted = code_hash(secret, code.strip())
    for row in live:
        if hmac.compare_digest(row.code_hash, wanted):
            row.used_at = now
            session.add(row)
            session.flush()
            return next(u for u in users if u.id == row.user_id)
    for row in live:
        row.attempts += 1
        session.add(row)
    session.flush()
    return None
