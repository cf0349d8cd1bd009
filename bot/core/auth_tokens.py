"""Owner API tokens: made at random, shown once, stored as a hash, named, expiring and revocable.

A token is `bo_` + 32 random bytes (url-safe base64). Only its sha256 is kept: a token has 256
bits of entropy, so a plain hash is enough (a slow password hash protects guessable secrets,
which these are not), and lookups stay one indexed query. The first characters are kept as a
`prefix` so an owner can tell tokens apart in `bot tokens list` without the database holding
anything that opens the API.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session, col, select

from bot.core.models import OwnerToken

TOKEN_PREFIX = "bo_"
SHOWN_CHARS = 10          # "bo_" + 7 characters: enough to tell tokens apart, far too few to guess the rest
MAX_TOKEN_CHARS = 200     # anything longer is not one of ours; refused before hashing
MAX_DAYS = 3650
TOUCH_EVERY = timedelta(minutes=1)   # last_used_at is a hint; writing it on every call would serialise SQLite


class TokenError(ValueError):
    """A token command that cannot be carried out (duplicate name, unknown token, bad expiry)."""


@dataclass(frozen=True)
class IssuedToken:
    row: OwnerToken
    secret: str          # the whole token; shown once and never stored


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _usable(token: str) -> bool:
    return 0 < len(token) <= MAX_TOKEN_CHARS and token.isascii() and token.isprintable()


def create_token(session: Session, *, workspace: str, name: str, days: int, now: datetime) -> IssuedToken:
    """A new token for `workspace`; the name must be unique among its tokens that still work."""
    name = name.strip()
    if not name or len(name) > 100:
        raise TokenError("a token needs a name of 1 to 100 characters (who or what uses it)")
    if not 1 <= days <= MAX_DAYS:
        raise TokenError(f"--days must be between 1 and {MAX_DAYS}")
    if any(row.name == name for row in active_tokens(session, workspace, now)):
        raise TokenError(f"workspace '{workspace}' already has a working token named '{name}'; revoke it first")
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    row = OwnerToken(workspace=workspace, name=name, prefix=secret[:SHOWN_CHARS], token_hash=token_hash(secret),
                     created_at=now, expires_at=now + timedelta(days=days))
    session.add(row)
    session.flush()
    return IssuedToken(row=row, secret=secret)


def list_tokens(session: Session, workspace: str) -> list[OwnerToken]:
    return list(session.exec(select(OwnerToken).where(OwnerToken.workspace == workspace)
                             .order_by(col(OwnerToken.created_at), col(OwnerToken.id))).all())


def active_tokens(session: Session, workspace: str, now: datetime) -> list[OwnerToken]:
    return [row for row in list_tokens(session, workspace) if is_active(row, now)]


def is_active(row: OwnerToken, now: datetime) -> bool:
    return row.revoked_at is None and row.expires_at > now


def revoke_token(session: Session, *, workspace: str, which: str, now: datetime) -> OwnerToken:
    """Revoke the working token named `which` (or whose shown prefix is `which`)."""
    matches = [row for row in active_tokens(session, workspace, now) if which in (row.name, row.prefix)]
    if not matches:
        raise TokenError(f"no working token named or starting '{which}' in workspace '{workspace}'")
    if len(matches) > 1:
        raise TokenError(f"'{which}' matches {len(matches)} tokens; use the name")
    matches[0].revoked_at = now
    session.add(matches[0])
    session.flush()
    return matches[0]


def find_active(session: Session, token: str, now: datetime) -> OwnerToken | None:
    """The working token row for a presented bearer token, or None (unknown, revoked, expired)."""
    if not _usable(token):
        return None
    row = session.exec(select(OwnerToken).where(OwnerToken.token_hash == token_hash(token))).first()
    return row if row is not None and is_active(row, now) else None


def needs_touch(row: OwnerToken, now: datetime) -> bool:
    return row.last_used_at is None or now - row.last_used_at >= TOUCH_EVERY


def mark_used(session: Session, token_id: int, now: datetime) -> None:
    row = session.get(OwnerToken, token_id)
    if row is not None:
        row.last_used_at = now
        session.add(row)
