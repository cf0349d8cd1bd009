"""Satisfaction (CSAT): one row per ticket a person closed, asked once, answered 1-5 or never."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column
from sqlmodel import Field, SQLModel

from bot.core.models.types import UTCDateTime, utcnow


class SatisfactionSurvey(SQLModel, table=True):
    """The question after a close and its answer; `asked` False says why it was not asked (`skipped`).

    The assignee is copied at close time, so a rating stays with the person who handled the ticket
    even after the ticket is reassigned or reopened.
    """

    id: int | None = Field(default=None, primary_key=True)
    workspace: str = Field(index=True, max_length=64)
    ticket_id: int = Field(foreign_key="ticket.id", unique=True)
    contact_id: int = Field(foreign_key="contact.id", index=True)
    conversation_id: int | None = Field(default=None, foreign_key="conversation.id")
    assignee: str | None = Field(default=None, max_length=200)
    asked: bool = False
    skipped: str | None = Field(default=None, max_length=32)  # outside_window | opted_out | not_sent | ignored
    rating: int | None = None
    asked_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime()))
    answered_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime()))
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False, index=True))
