"""Owner API tokens: only a hash is stored, so a copy of the database opens nothing."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column
from sqlmodel import Field, SQLModel

from bot.core.models.types import UTCDateTime, utcnow


class OwnerToken(SQLModel, table=True):
    """One named bearer token for a workspace's API; several per workspace, each revocable."""

    id: int | None = Field(default=None, primary_key=True)
    workspace: str = Field(index=True, max_length=64)
    name: str = Field(max_length=100)
    prefix: str = Field(max_length=16)                      # shown by `bot tokens list` to tell them apart
    token_hash: str = Field(max_length=64, unique=True, index=True)  # sha256 hex of the whole token
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))
    expires_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    last_used_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime()))
    revoked_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime()))
