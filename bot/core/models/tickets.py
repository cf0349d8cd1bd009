"""Tickets: the unit of work a person picks up, numbered per workspace (MS-00042)."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Column, Index, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from bot.core.models.types import UTCDateTime, utcnow


class TicketStatus(StrEnum):
    open = "open"            # waiting for a person
    assigned = "assigned"    # a staff member took it
    closed = "closed"


class Ticket(SQLModel, table=True):
    """One customer request handed to people; one open ticket per contact at a time."""

    # The inbox's waiting and held tabs start from the live tickets by state (migration 1402).
    __table_args__ = (UniqueConstraint("workspace", "seq", name="uq_ticket_workspace_seq"),
                      Index("ix_ticket_status_conversation", "status", "conversation_id"))

    id: int | None = Field(default=None, primary_key=True)
    workspace: str = Field(index=True, max_length=64)
    seq: int
    number: str = Field(max_length=32, index=True)
    contact_id: int = Field(foreign_key="contact.id", index=True)
    conversation_id: int | None = Field(default=None, foreign_key="conversation.id")
    customer_id: int | None = Field(default=None, foreign_key="customer.id")
    status: str = Field(default=TicketStatus.open, max_length=16)
    handoff: str = Field(default="human", max_length=16)
    reason: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    assignee: str | None = Field(default=None, max_length=200)
    staff_chat_id: str | None = Field(default=None, max_length=64)
    staff_message_id: int | None = None
    due_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime()))
    first_response_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime()))
    last_customer_message_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime()))
    # The customer owes an answer when staff wrote last; inactivity is counted from here (web-agency: 2 days).
    last_staff_message_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime()))
    # When staff were told about the ticket; None for a queued ticket until the next opening.
    alerted_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime()))
    sla_alerted: bool = False
    closed_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime()))
    close_reason: str | None = Field(default=None, max_length=64)
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))
