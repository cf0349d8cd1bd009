"""Finding or creating the rows a turn works on, safely under concurrent webhooks.

Inserts go through a savepoint and fall back to a read on a unique-key clash, so two workers
receiving messages from the same number at once never create two contacts (no check-then-insert race).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TypeVar

from sqlalchemy import bindparam, insert
from sqlalchemy import inspect as inspect_mapped
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import make_transient_to_detached
from sqlmodel import Session, SQLModel, col, select

from bot.core.models import Contact, Conversation, ConversationStatus, Direction, Message
from handlers.turn import Inbound

T = TypeVar("T", bound=SQLModel)

# Every turn runs these: built once (building a statement costs more than running it), values bound.
_CONTACT = select(Contact).where(Contact.workspace == bindparam("workspace"), Contact.phone == bindparam("phone"))
_CONTACT_LOCKED = _CONTACT.with_for_update()
_LATEST_CONVERSATION = (select(Conversation).where(Conversation.contact_id == bindparam("contact_id"))
                        .order_by(col(Conversation.id).desc()).limit(1))
# A turn writes two message rows: a plain INSERT each (no ORM unit of work, no SQLModel __init__).
_INSERT_MESSAGE = insert(Message.__table__)  # type: ignore[attr-defined]
_NEW_MESSAGE = inspect_mapped(Message).class_manager.new_instance


def insert_or_get(session: Session, row: T, find: Callable[[], T | None], *, look_first: bool = True) -> tuple[T, bool]:
    """Insert `row`; if a unique key says it exists, return the existing one. (row, created).
    `look_first=False`: the caller has just looked and found none."""
    existing = find() if look_first else None
    if existing is not None:
        return existing, False
    try:
        with session.begin_nested():
            session.add(row)
            session.flush()
    except IntegrityError:
        found = find()
        if found is None:
            raise
        return found, False
    return row, True


def get_or_create_contact(session: Session, workspace: str, phone: str, name: str | None = None, *,
                          lock: bool = False) -> Contact:
    """The contact of `phone`; `lock` (PostgreSQL) holds its row until the transaction ends, so one
    contact's turns run one at a time across workers."""
    return contact_of(session, workspace, phone, name, lock=lock)[0]


def contact_of(session: Session, workspace: str, phone: str, name: str | None = None, *,
               lock: bool = False, looked: bool = False) -> tuple[Contact, bool]:
    """(contact, created by this call): as get_or_create_contact. A contact this transaction created
    has no conversation and no reply job yet, so the turn need not look for them. `looked`: the
    caller has just looked for the contact and found none (it is inserted at once)."""
    def find() -> Contact | None:
        query = _CONTACT_LOCKED if lock else _CONTACT
        return session.exec(query, params={"workspace": workspace, "phone": phone}).first()

    contact = None if looked else find()  # the common case: known, so no Contact object is built for insert_or_get
    created = False
    if contact is None:
        contact, created = insert_or_get(session, Contact(workspace=workspace, phone=phone, name=name), find,
                                         look_first=False)
    if name and not contact.name:
        contact.name = name
    return contact, created


def current_conversation(session: Session, contact: Contact, channel: str, now: datetime, *,
                         new_contact: bool = False) -> Conversation:
    """The contact's latest conversation, woken if snoozed and reopened if resolved; or a new one the
    bot owns (at once for a `new_contact` created in this transaction: it has none)."""
    live = None if new_contact else session.exec(_LATEST_CONVERSATION, params={"contact_id": contact.id}).first()
    return conversation_from(session, contact, live, channel, now)


def conversation_from(session: Session, contact: Contact, live: Conversation | None, channel: str,
                      now: datetime) -> Conversation:
    """`current_conversation` given the contact's latest conversation (`live`, None if it has none),
    read by the caller together with the contact (bot.inbound on SQLite)."""
    if live is not None:
        if live.status == ConversationStatus.snoozed:  # a customer who writes ends any snooze
            live.status = ConversationStatus.open if live.assignee else ConversationStatus.pending
            live.snoozed_until = None
        elif live.status == ConversationStatus.resolved:  # writing again reopens it, history and all
            live.status = ConversationStatus.pending
        return live
    conversation = Conversation(
        workspace=contact.workspace, contact_id=contact.id or 0, channel=channel,
        language=contact.language, created_at=now, updated_at=now,
    )
    session.add(conversation)
    session.flush()
    return conversation


def store_inbound(session: Session, inbound: Inbound, now: datetime, *, lock: bool = False) -> tuple[Message, bool]:
    """Persist a received message before anything answers it; (row, is_new). `lock`: as in
    get_or_create_contact (the contact's row held to the commit, PostgreSQL)."""
    contact = get_or_create_contact(session, inbound.workspace, inbound.sender, inbound.profile_name, lock=lock)
    row = Message(
        workspace=inbound.workspace, contact_id=contact.id, direction=Direction.inbound,
        channel=inbound.channel, provider_sid=inbound.provider_sid, sender=inbound.sender,
        recipient=inbound.recipient, body=inbound.text, status="received", created_at=now, updated_at=now,
    )
    if inbound.provider_sid is None:
        session.add(row)
        session.flush()
        return row, True

    def find() -> Message | None:
        return session.exec(select(Message).where(Message.provider_sid == inbound.provider_sid)).first()

    return insert_or_get(session, row, find)


def _insert_message(session: Session, values: dict[str, object]) -> Message:
    """INSERT a message row (every column given), then put it in the session as if it had been read
    back: later changes to it are ordinary ORM updates, and `session.get` finds it without SQL. An
    ORM insert (SQLModel's __init__, the unit of work's flush) cost several times the INSERT itself,
    twice a turn. Raises IntegrityError as the ORM insert did (a redelivered MessageSid). The
    session's pending changes are written first, as that flush did: rows change in the order the
    code made them (PostgreSQL then returns an unordered read in that order too)."""
    session.flush()
    result = session.connection().execute(_INSERT_MESSAGE, values)
    row = _NEW_MESSAGE()  # SQLModel.__new__: pydantic's bookkeeping, no validation
    row.__dict__.update(values, id=result.inserted_primary_key[0])
    make_transient_to_detached(row)  # every attribute committed, as loaded from the database
    session.add(row)
    return row


def _message(*, workspace: str, contact_id: int | None, conversation_id: int | None, direction: str, channel: str,
             body: str, status: str, now: datetime, provider_sid: str | None = None, sender: str = "",
             recipient: str = "", intent: str | None = None, topic: str | None = None,
             language: str | None = None) -> dict[str, object]:
    """A message row's every column (the model's defaults for the rest), for `_insert_message`."""
    return {"workspace": workspace, "conversation_id": conversation_id, "contact_id": contact_id,
            "direction": direction, "channel": channel, "provider_sid": provider_sid, "sender": sender,
            "recipient": recipient, "body": body, "status": status, "error_code": None, "intent": intent,
            "topic": topic, "confidence": None, "language": language, "processed": False, "created_at": now,
            "updated_at": now}


def insert_inbound(session: Session, inbound: Inbound, contact: Contact, conversation: Conversation,
                   now: datetime) -> Message:
    """Insert a received message already placed in its conversation. A redelivered MessageSid raises
    IntegrityError from the unique key (no look-up first: the caller's transaction is rolled back and
    the redelivery handled on its own path, see bot.inbound)."""
    return _insert_message(session, _message(
        workspace=inbound.workspace, contact_id=contact.id, conversation_id=conversation.id,
        direction=Direction.inbound, channel=inbound.channel, provider_sid=inbound.provider_sid,
        sender=inbound.sender, recipient=inbound.recipient, body=inbound.text, status="received", now=now))


def store_outbound(
    session: Session, *, workspace: str, contact: Contact, conversation: Conversation | None,
    body: str, channel: str, now: datetime, status: str = "queued", intent: str | None = None,
    topic: str | None = None, language: str | None = None, provider_sid: str | None = None,
) -> Message:
    return _insert_message(session, _message(
        workspace=workspace, contact_id=contact.id, conversation_id=conversation.id if conversation else None,
        direction=Direction.outbound, channel=channel, recipient=contact.phone, body=body, status=status,
        intent=intent, topic=topic, language=language, provider_sid=provider_sid, now=now))


def recent_messages(session: Session, conversation: Conversation, limit: int = 10) -> list[Message]:
    """The last messages of a conversation, oldest first (for staff alerts and transcripts)."""
    rows = session.exec(
        select(Message).where(Message.conversation_id == conversation.id)
        .order_by(col(Message.id).desc()).limit(limit)
    ).all()
    return list(reversed(rows))
