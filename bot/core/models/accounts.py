"""Console accounts: who may log in to /app, their sessions and one-time login codes.

Roles: `owner` (everything in the workspace), `staff` (the support inbox), `event_owner` (their own
RSVP events, through the RsvpAccount their phone owns, plus events they were invited to co-host).
Only hashes of session ids, codes and passwords are stored, so a copy of the database opens nothing.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import BigInteger, Column, UniqueConstraint
from sqlmodel import Field, SQLModel

from bot.core.models.types import UTCDateTime, utcnow


class Role(StrEnum):
    owner = "owner"
    staff = "staff"
    event_owner = "event_owner"


class ConsoleUser(SQLModel, table=True):
    """One person's account in one workspace; the phone receives login codes."""

    __table_args__ = (UniqueConstraint("workspace", "phone", name="uq_console_user_phone"),)

    id: int | None = Field(default=None, primary_key=True)
    workspace: str = Field(index=True, max_length=64)
    phone: str = Field(max_length=32, index=True)
    name: str = Field(max_length=200)
    role: str = Field(default=Role.event_owner, max_length=16)
    language: str | None = Field(default=None, max_length=2)
    password_hash: str | None = Field(default=None, max_length=255)   # argon2id; None: codes only
    rsvp_account_id: int | None = Field(default=None, foreign_key="rsvpaccount.id", index=True)
    # staff: the same person in Telegram; BIGINT because Telegram user ids passed 2**31 (1501)
    telegram_user_id: int | None = Field(default=None, sa_column=Column(BigInteger))
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))
    disabled_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime()))


class ConsoleSession(SQLModel, table=True):
    """A logged-in browser; the cookie holds the id, the table only its sha256 (revocable any time)."""

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="consoleuser.id", index=True)
    token_hash: str = Field(max_length=64, unique=True, index=True)
    csrf_token: str = Field(max_length=64)
    created_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    last_seen_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    expires_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    revoked_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime()))
    user_agent: str = Field(default="", max_length=200)


class LoginCode(SQLModel, table=True):
    """A one-time code sent to the account's phone; counts wrong tries, used once."""

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="consoleuser.id", index=True)
    code_hash: str = Field(max_length=64)
    created_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    expires_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    attempts: int = 0
    used_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime()))


class EventMember(SQLModel, table=True):
    """A co-host: another console user who may run this event like its owner."""

    __table_args__ = (UniqueConstraint("event_id", "user_id", name="uq_event_member"),)

    id: int | None = Field(default=None, primary_key=True)
    event_id: int = Field(foreign_key="event.id", index=True)
    user_id: int = Field(foreign_key="consoleuser.id", index=True)
    invited_by: int | None = Field(default=None, foreign_key="consoleuser.id")
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))
