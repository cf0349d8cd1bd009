"""What a conversation is currently about, stored so any worker can read the next turn in its light.

One row per conversation: the last topic and intent, the entities in play (plan, period, months,
party size, event type, the open ticket) and a pending proposal the bot made ("yes" would hand
over to a person, confirm a cancellation...). The row expires after a silence (`expires_at`);
an expired row is read as empty, never as the previous context.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column
from sqlmodel import Field, SQLModel

from bot.core.models.types import UTCDateTime, utcnow


class DialogueState(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    conversation_id: int = Field(foreign_key="conversation.id", unique=True)
    workspace: str = Field(index=True, max_length=64)
    data: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False, default=dict))
    updated_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))
    expires_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
