"""Reading and writing a conversation's dialogue state (the `dialoguestate` row).

The state is loaded at the start of a turn and saved at its end, in the turn's transaction, so
the next message, whichever worker receives it, is read with it. Past `expires_at` (a silence
longer than words.yaml's `expire_after_minutes`) the row reads as empty: an old topic must not
bend a new question.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import bindparam
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from bot.core.models import Conversation, DialogueState
from handlers.dialogue.words import lexicon


@dataclass
class State:
    """What the conversation is about now."""

    topic: str | None = None          # the knowledge-base topic last answered
    intent: str | None = None         # the last turn's intent
    slots: dict[str, Any] = field(default_factory=dict)  # plan, period, months, event, party_size, ticket
    tags: list[str] = field(default_factory=list)        # the entity tags the last FAQ answer was fitted to
    pending: dict[str, Any] | None = None  # a proposal the bot made: {"kind": "human"|"more"|"slot", ...}
    fitted: bool = False              # the last answer was a short part of `topic`
    question: str | None = None       # the question `topic` answered, as resolved (a follow-up is read with it)

    @classmethod
    def of(cls, data: dict[str, Any]) -> State:
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        return cls(**known)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


_ROW = select(DialogueState).where(DialogueState.conversation_id == bindparam("conversation_id"))  # built once


def _row(session: Session, conversation: Conversation) -> DialogueState | None:
    return session.exec(_ROW, params={"conversation_id": conversation.id}).first()


def load(session: Session, conversation: Conversation, now: datetime) -> State:
    return read(session, conversation, now)[0]


def read(session: Session, conversation: Conversation, now: datetime) -> tuple[State, DialogueState | None]:
    """The live state and its row (kept so the end of the turn writes without a second look-up)."""
    row = _row(session, conversation)
    if row is None or row.expires_at <= now:
        return State(), row
    return State.of(row.data or {}), row


def save(session: Session, conversation: Conversation, state: State, now: datetime,
         row: DialogueState | None = None) -> DialogueState:
    """Upsert the row; a concurrent first insert for the same conversation is read back and updated."""
    expires = now + timedelta(minutes=lexicon().expire_after_minutes)
    row = row if row is not None else _row(session, conversation)
    if row is None:
        row = DialogueState(conversation_id=conversation.id or 0, workspace=conversation.workspace,
                            data=state.as_dict(), updated_at=now, expires_at=expires)
        try:
            with session.begin_nested():
                session.add(row)
                session.flush()
            return row
        except IntegrityError:
            row = _row(session, conversation)
            assert row is not None
    row.data = state.as_dict()  # a new dict, so the JSON column is seen as changed
    row.updated_at, row.expires_at = now, expires
    session.add(row)
    return row


def snapshot(session: Session, conversation: Conversation, now: datetime) -> dict[str, Any]:
    """The stored state as plain data (what stories assert with `state:`)."""
    return load(session, conversation, now).as_dict()
