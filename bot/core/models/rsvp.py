"""RSVP: event owners' accounts, their events and the guests who answer."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Column, LargeBinary, UniqueConstraint
from sqlmodel import Field, SQLModel

from bot.core.models.types import UTCDateTime, utcnow


class EventType(StrEnum):
    wedding = "wedding"
    private = "private"
    business = "business"


class GuestStatus(StrEnum):
    not_invited = "not_invited"
    message_sent = "message_sent"
    coming = "coming"
    not_coming = "not_coming"
    maybe = "maybe"
    interested = "interested"  # business events
    no_answer = "no_answer"


class RsvpAccount(SQLModel, table=True):
    """An event owner: the plan bought and the SMS balance (in billed segments) campaigns spend."""

    __table_args__ = (UniqueConstraint("workspace", "owner_phone", name="uq_rsvp_account_owner"),)

    id: int | None = Field(default=None, primary_key=True)
    workspace: str = Field(index=True, max_length=64)
    owner_name: str = Field(max_length=200)
    owner_phone: str = Field(max_length=32)
    plan: str = Field(default="free", max_length=32)   # free | digital | full-service
    sms_balance: int = 0                                # billed segments left
    package_bought: bool = False                        # unlocks RSVPs beyond the free quota
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))


class Event(SQLModel, table=True):
    """One event; `key` is the owner's own id for it (story files and the API use it)."""

    __table_args__ = (UniqueConstraint("workspace", "key", name="uq_event_workspace_key"),)

    id: int | None = Field(default=None, primary_key=True)
    workspace: str = Field(index=True, max_length=64)
    account_id: int = Field(foreign_key="rsvpaccount.id", index=True)
    key: str = Field(max_length=64)
    type: str = Field(default=EventType.wedding, max_length=16)
    title: str = Field(default="", max_length=200)
    starts_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    timezone: str = Field(default="Asia/Jerusalem", max_length=64)
    venue: str = Field(max_length=200)
    venue_key: str = Field(default="", max_length=200, index=True)  # normalised venue for duplicate checks
    # The title and venue in other languages, {"en": {"title": ..., "venue": ...}}; `title`/`venue` above
    # are the default every language falls back to (scheduler/rsvp/event_texts.py).
    localized: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False, default=dict))
    # The guest page's colours (#rrggbb), checked for contrast when set (scheduler/rsvp/branding.py).
    theme_accent: str | None = Field(default=None, max_length=7)
    theme_background: str | None = Field(default=None, max_length=7)
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))


class EventImage(SQLModel, table=True):
    """The picture on an event's guest page, stored cleaned (metadata such as GPS removed) in the database,
    so every worker serves it and deleting the event deletes it."""

    event_id: int = Field(foreign_key="event.id", primary_key=True)
    content_type: str = Field(max_length=32)          # image/png | image/jpeg, from the bytes, never the upload
    data: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    width: int = 0
    height: int = 0
    sha256: str = Field(max_length=64)                # the ETag
    updated_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))


class Guest(SQLModel, table=True):
    """A guest of one event; `token_id` is the random part of the personal link."""

    __table_args__ = (UniqueConstraint("event_id", "phone", name="uq_guest_event_phone"),)

    id: int | None = Field(default=None, primary_key=True)
    workspace: str = Field(index=True, max_length=64)
    event_id: int = Field(foreign_key="event.id", index=True)
    name: str = Field(max_length=200)
    phone: str = Field(max_length=32, index=True)
    language: str | None = Field(default=None, max_length=2)
    status: str = Field(default=GuestStatus.not_invited, max_length=16)
    party_size: int = 1
    invited_count: int = 1            # how many the invitation is for
    table_number: str | None = Field(default=None, max_length=16)
    group: str | None = Field(default=None, max_length=100)
    children: int = 0                 # of the party, how many are children (the rest are adults)
    notes: str | None = Field(default=None, max_length=500)   # the owner's own note
    token_id: str = Field(max_length=32, unique=True)
    answered_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime()))
    answer_source: str | None = Field(default=None, max_length=16)  # link | sms | whatsapp | owner
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))
    updated_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))
