"""The staff-notification outbox: alerts for the staff chat, kept until Telegram has accepted them.

Alerts are written here first (in the turn's or the job's transaction) and delivered afterwards,
so a Telegram outage delays them instead of losing them. The Telegram message id is kept so a
staff member's reply to an alert can be traced back to its ticket.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import BigInteger, Column, Index, Text
from sqlmodel import Field, SQLModel

from bot.core.models.types import UTCDateTime, utcnow


class NotificationStatus(StrEnum):
    pending = "pending"
    sending = "sending"   # claimed by a deliverer; reclaimed after a lease if that process died
    sent = "sent"
    failed = "failed"     # gave up (e.g. the chat does not exist); kept for the operator


class StaffNotification(SQLModel, table=True):
    """One message for a workspace's staff chat."""

    __table_args__ = (Index("ix_staffnotification_chat_message", "chat_id", "telegram_message_id"),)

    id: int | None = Field(default=None, primary_key=True)
    workspace: str = Field(index=True, max_length=64)
    chat_id: str = Field(max_length=64)
    kind: str = Field(max_length=16)  # handoff | relay | abuse | sla | notice | refund ...
    text: str = Field(sa_column=Column(Text, nullable=False))
    ticket_id: int | None = Field(default=None, foreign_key="ticket.id", index=True)
    buttons: bool = False
    ref: str | None = Field(default=None, max_length=64, index=True)  # "refund:42": what the buttons act on
    reply_to_message_id: int | None = None
    status: str = Field(default=NotificationStatus.pending, max_length=16, index=True)
    attempts: int = 0
    next_attempt_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))
    last_error: str | None = Field(default=None, max_length=300)
    telegram_message_id: int | None = None
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))
    sent_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime()))


class TelegramUpdateSeen(SQLModel, table=True):
    """Telegram update ids already handled: a redelivered update (webhook retry) is a no-op."""

    update_id: int = Field(sa_column=Column(BigInteger, primary_key=True, autoincrement=False))
    received_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))
