"""Conversations and the messages in them.

Status follows the helpdesk model proven by Chatwoot: `pending` while the bot owns the
conversation, `open` while it waits for (or is held by) a person, `snoozed`, `resolved`.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Column, Index, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from bot.core.models.types import UTCDateTime, utcnow


class ConversationStatus(StrEnum):
    pending = "pending"
    open = "open"
    snoozed = "snoozed"
    resolved = "resolved"


class Conversation(SQLModel, table=True):
    """One thread between a contact and a workspace on one channel family."""

    # The inbox lists a workspace's conversations newest activity first, and counts them by state.
    __table_args__ = (Index("ix_conversation_workspace_updated", "workspace", "updated_at"),
                      Index("ix_conversation_workspace_status", "workspace", "status"))

    id: int | None = Field(default=None, primary_key=True)
    workspace: str = Field(index=True, max_length=64)
    contact_id: int = Field(foreign_key="contact.id", index=True)
    status: str = Field(default=ConversationStatus.pending, max_length=16)
    channel: str = Field(default="whatsapp", max_length=16)
    assignee: str | None = Field(default=None, max_length=200)
    language: str | None = Field(default=None, max_length=2)
    last_inbound_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime()))
    # A snooze with a time: the inbox wakes the conversation when it passes (None: until the customer writes).
    snoozed_until: datetime | None = Field(default=None, sa_column=Column(UTCDateTime()))
    # A multi-step flow in progress (a confirmation asked, a clarifying question), so the next
    # message is read in its light: {"awaiting": "cancel_confirm", ...}.
    state: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False, default=dict))
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))
    updated_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))


class Direction(StrEnum):
    inbound = "inbound"
    outbound = "outbound"


# Delivery states ranked so a late callback never moves a message backwards.
STATUS_RANK: dict[str, int] = {
    "accepted": 0,
    "scheduled": 0,
    "queued": 1,
    "sending": 2,
    "sent": 3,
    "receiving": 3,
    "received": 4,
    "delivered": 5,
    "read": 6,
    # terminal failures outrank everything but a later proof of delivery
    "undelivered": 5,
    "failed": 5,
    "canceled": 5,
    "partially_delivered": 5,
}


class Message(SQLModel, table=True):
    """Every message in or out; `provider_sid` is Twilio's MessageSid and is unique."""

    # Analytics and knowledge gaps read a workspace's messages over a time range.
    __table_args__ = (Index("ix_message_workspace_created", "workspace", "created_at"),)

    id: int | None = Field(default=None, primary_key=True)
    workspace: str = Field(index=True, max_length=64)
    conversation_id: int | None = Field(default=None, foreign_key="conversation.id", index=True)
    contact_id: int | None = Field(default=None, foreign_key="contact.id", index=True)
    direction: str = Field(max_length=8)
    channel: str = Field(default="whatsapp", max_length=16)
    provider_sid: str | None = Field(default=None, max_length=64, unique=True)
    sender: str = Field(default="", max_length=64)
    recipient: str = Field(default="", max_length=64)
    body: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    status: str = Field(default="received", max_length=24)
    error_code: str | None = Field(default=None, max_length=16)
    intent: str | None = Field(default=None, max_length=32)
    topic: str | None = Field(default=None, max_length=64)
    confidence: float | None = Field(default=None)  # how sure the turn was of its intent or topic (0-1)
    language: str | None = Field(default=None, max_length=2)
    processed: bool = False
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))
    updated_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))


class MessageStatusEvent(SQLModel, table=True):
    """Each (sid, status) callback once: the unique key makes redelivered callbacks no-ops."""

    __table_args__ = (UniqueConstraint("provider_sid", "status", name="uq_status_event"),)

    id: int | None = Field(default=None, primary_key=True)
    provider_sid: str = Field(max_length=64, index=True)
    status: str = Field(max_length=24)
    error_code: str | None = Field(default=None, max_length=16)
    received_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))
