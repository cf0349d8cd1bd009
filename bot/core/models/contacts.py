"""People who write to a workspace: one row per (workspace, E.164 number)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, UniqueConstraint
from sqlmodel import Field, SQLModel

from bot.core.models.types import UTCDateTime, utcnow


class Contact(SQLModel, table=True):
    """A phone number as a workspace knows it; language and opt-out are remembered here."""

    __table_args__ = (UniqueConstraint("workspace", "phone", name="uq_contact_workspace_phone"),)

    id: int | None = Field(default=None, primary_key=True)
    workspace: str = Field(index=True, max_length=64)
    phone: str = Field(max_length=32)
    name: str | None = Field(default=None, max_length=200)
    language: str | None = Field(default=None, max_length=2)
    opted_out: bool = False
    opted_out_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime()))
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))
