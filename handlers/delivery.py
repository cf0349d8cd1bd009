"""Delivery status from the provider: idempotent, and never backwards.

Each (sid, status) is recorded once under a unique key; the message moves only to a status that
ranks higher, so a late "sent" never overwrites "delivered".
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from bot.core.models import STATUS_RANK, Message, MessageStatusEvent

# Other records that follow a message's delivery (campaign outbox rows) register here.
StatusListener = Callable[[Session, str, str, str | None, datetime], None]
LISTENERS: list[StatusListener] = []


def advances(current: str, new: str) -> bool:
    return STATUS_RANK.get(new, -1) > STATUS_RANK.get(current, -1)


def record_status(session: Session, sid: str, status: str, error_code: str | None, now: datetime) -> bool:
    """Apply one callback; False when it was a redelivery already seen."""
    try:
        with session.begin_nested():
            session.add(MessageStatusEvent(provider_sid=sid, status=status, error_code=error_code, received_at=now))
            session.flush()
    except IntegrityError:
        return False
    message = session.exec(select(Message).where(Message.provider_sid == sid)).first()
    if message is not None and advances(message.status, status):
        message.status = status
        message.error_code = error_code or message.error_code
        message.updated_at = now
    for listener in LISTENERS:
        listener(session, sid, status, error_code, now)
    return True
