"""Personal RSVP links: `/r/<token_id>.<signature>`, unguessable and checked in constant time.

`Guest.token_id` is 128 random bits; the HMAC (SECRET_KEY) over it means a leaked database dump
of token ids alone does not make working links, and a link cannot be forged by editing it.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
from datetime import datetime, timedelta

from sqlmodel import Session, select

from bot.core.models import Event, Guest

SIGNATURE_CHARS = 22  # 132 bits of the SHA-256 HMAC, base64url
LINK_OPEN_AFTER_START = timedelta(hours=12)  # answers close once the event is over
_PURPOSE = b"rsvp-link:"
_TOKEN = re.compile(r"[A-Za-z0-9_-]{1,64}\.[A-Za-z0-9_-]{1,35}")  # base64url id and signature, nothing else


def new_token_id() -> str:
    return secrets.token_urlsafe(16)  # 22 characters


def _signature(secret: str, token_id: str) -> str:
    digest = hmac.new(secret.encode("utf-8"), _PURPOSE + token_id.encode("utf-8"), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode("ascii").rstrip("=")[:SIGNATURE_CHARS]


def make_token(secret: str, token_id: str) -> str:
    return f"{token_id}.{_signature(secret, token_id)}"


def guest_link(base_url: str, secret: str, guest: Guest) -> str:
    """The guest's personal page, for invitations and reminders."""
    return f"{base_url.rstrip('/')}/r/{make_token(secret, guest.token_id)}"


def verify_token(secret: str, token: str) -> str | None:
    """The token id when the signature matches, else None (compare_digest: no timing oracle)."""
    if not token or len(token) > 100 or not _TOKEN.fullmatch(token):  # `/r/ששש.ששש` is no link: 404, not 500
        return None
    token_id, signature = token.split(".")
    return token_id if hmac.compare_digest(_signature(secret, token_id).encode(), signature.encode()) else None


def guest_for_token(session: Session, secret: str, token: str) -> Guest | None:
    token_id = verify_token(secret, token)
    if token_id is None:
        return None
    return session.exec(select(Guest).where(Guest.token_id == token_id)).first()


def link_open(event: Event, now: datetime) -> bool:
    """Guests may answer until the event is over."""
    return now <= event.starts_at + LINK_OPEN_AFTER_START
