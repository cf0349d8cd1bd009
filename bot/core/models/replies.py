"""Reply jobs: one row per received customer message, so answering it is a durable, claimable job.

The row is written in the same transaction as the inbound message. Whoever answers (the webhook
inline, the background worker, the sweep after a crash) first claims it with a token and a lease;
the turn's own transaction finishes it only while the token still matches, and the outbound reply
is linked here by a unique key, so a message is answered at most once even across processes.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Column, Index
from sqlmodel import Field, SQLModel

from bot.core.models.types import UTCDateTime, utcnow


class ReplyState(StrEnum):
    pending = "pending"    # stored, nobody answering yet (or released for a retry)
    claimed = "claimed"    # someone is answering; the lease says until when the claim holds
    sending = "sending"    # the reply is recorded and handed to the REST API: never sent again
    done = "done"          # answered (TwiML or REST)
    unknown = "unknown"    # the process died while the REST call was in flight: not resent
    failed = "failed"      # the provider refused it, or the turn kept failing (an apology went out)
    skipped = "skipped"    # the turn had nothing to say (e.g. staff holds the conversation)


UNFINISHED = (ReplyState.pending, ReplyState.claimed, ReplyState.sending)


class ReplyJob(SQLModel, table=True):
    """Answering one inbound message; `message_id` and `reply_message_id` are unique links."""

    __table_args__ = (Index("ix_replyjob_contact_state", "contact_id", "state"),)

    id: int | None = Field(default=None, primary_key=True)
    message_id: int = Field(foreign_key="message.id", unique=True)
    workspace: str = Field(max_length=64)
    contact_id: int = Field(foreign_key="contact.id")
    state: str = Field(default=ReplyState.pending, max_length=16, index=True)
    via: str | None = Field(default=None, max_length=8)             # twiml | rest
    claim_token: str | None = Field(default=None, max_length=32)
    lease_until: datetime | None = Field(default=None, sa_column=Column(UTCDateTime()))
    available_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))
    attempts: int = 0
    reply_message_id: int | None = Field(default=None, foreign_key="message.id", unique=True)
    error: str | None = Field(default=None, max_length=64)
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))
    updated_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))
