"""Server-side sessions: the cookie carries a random id, the table its sha256, so any session can be
ended at once (logout, logout everywhere) and a copy of the table opens nothing. A new id is issued at
every login (no fixation). Each session has its own CSRF token."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import update
from sqlmodel import Session, col, select

from bot.console.config import config
from bot.core.models import ConsoleSession, ConsoleUser

COOKIE = "bo_session"


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class LoggedIn:
    user: ConsoleUser
    session_id: int
    csrf_token: str


def start_session(session: Session, user: ConsoleUser, now: datetime, user_agent: str = "") -> str:
    """A new session for the user; returns the cookie value (never stored)."""
    assert user.id is not None
    token = secrets.token_urlsafe(32)
    session.add(ConsoleSession(user_id=user.id, token_hash=_digest(token), csrf_token=secrets.token_urlsafe(32),
                               created_at=now, last_seen_at=now, expires_at=now + config().session_max,
                               user_agent=user_agent[:200]))
    session.flush()
    return token


def resume(session: Session, token: str, now: datetime) -> LoggedIn | None:
    """The logged-in user of this cookie, or None when it is unknown, ended, expired or idle too long."""
    if not token or len(token) > 100:
        return None
    found = session.exec(select(ConsoleSession, ConsoleUser)
                         .join(ConsoleUser, col(ConsoleUser.id) == col(ConsoleSession.user_id))
                         .where(ConsoleSession.token_hash == _digest(token))).first()
    if found is None:
        return None
    row, user = found
    cfg = config()
    if (row.revoked_at is not None or row.expires_at <= now or row.last_seen_at + cfg.session_idle <= now
            or user.disabled_at is not None):
        return None
    if now - row.last_seen_at >= cfg.session_touch:
        row.last_seen_at = now
        session.add(row)
        session.commit()
    assert row.id is not None
    return LoggedIn(user=user, session_id=row.id, csrf_token=row.csrf_token)


def end_session(session: Session, session_id: int, now: datetime) -> None:
    session.execute(update(ConsoleSession).where(col(ConsoleSession.id) == session_id,
                                                 col(ConsoleSession.revoked_at).is_(None)).values(revoked_at=now))


def end_all_sessions(session: Session, user_id: int, now: datetime, *, keep: int | None = None) -> int:
    """Logout everywhere: every open session of the user ends (but `keep`, the one that changed the
    password: a new password should lock out whoever knew the old one, not the person who set it);
    returns how many."""
    query = update(ConsoleSession).where(col(ConsoleSession.user_id) == user_id,
                                         col(ConsoleSession.revoked_at).is_(None))
    if keep is not None:
        query = query.where(col(ConsoleSession.id) != keep)
    result = session.execute(query.values(revoked_at=now))
    return int(result.rowcount or 0)  # type: ignore[attr-defined]
