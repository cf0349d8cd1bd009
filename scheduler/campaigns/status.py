"""The outbox state machine, and delivery callbacks that move outbox rows forward only.

    queued ──▶ sending ──▶ sent ──▶ delivered
       │          │          └────▶ failed      (provider: undelivered / failed)
       │          ├──▶ failed                   (provider refused the message; nothing was sent)
       │          ├──▶ queued                   (provider was not reached at all: safe to try again)
       │          └──▶ unknown                  (interrupted mid-send: never resent automatically)
       └──▶ skipped (reason)                    (opted out, wrong status, balance, cancelled...)
    excluded (reason)                           (not in the audience when first seen: made so, never moves)

A callback may arrive for an `unknown` row: that proves the message left, so it moves on to
sent/delivered/failed like any other. Nothing ever moves back to queued once it may have left.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, literal, update
from sqlmodel import Session

from bot.core.models import OutboxItem, OutboxState, UTCDateTime

S = OutboxState
FINAL = frozenset({S.delivered, S.failed, S.skipped, S.excluded})
ACCOUNTED = frozenset({S.sent, S.delivered, S.failed, S.skipped, S.unknown, S.excluded})  # nothing left to do
ALLOWED: dict[str, frozenset[str]] = {
    S.queued: frozenset({S.sending, S.skipped}),
    S.sending: frozenset({S.sent, S.failed, S.unknown, S.queued}),
    S.unknown: frozenset({S.sent, S.delivered, S.failed}),
    S.sent: frozenset({S.delivered, S.failed}),
    S.delivered: frozenset(),
    S.failed: frozenset(),
    S.skipped: frozenset(),
    S.excluded: frozenset(),
}

# Twilio MessageStatus -> the outbox state it proves.
PROVIDER_STATES: dict[str, str] = {
    "sent": S.sent,
    "delivered": S.delivered,
    "read": S.delivered,
    "undelivered": S.failed,
    "failed": S.failed,
    "canceled": S.failed,
}


def can_move(current: str, new: str) -> bool:
    return new in ALLOWED.get(current, frozenset())


def predecessors(new: str) -> list[str]:
    return sorted(state for state, targets in ALLOWED.items() if new in targets)


def apply_provider_status(session: Session, sid: str, status: str, error_code: str | None, now: datetime) -> bool:
    """Move the outbox row with this provider sid forward; False when nothing moved (unknown sid, stale)."""
    new = PROVIDER_STATES.get(status)
    if new is None:
        return False
    table = OutboxItem.__table__  # type: ignore[attr-defined]
    values: dict[str, object] = {"state": new, "updated_at": now,
                                 "sent_at": func.coalesce(table.c.sent_at, literal(now, UTCDateTime()))}
    if error_code:
        values["error_code"] = error_code[:16]
    if new == S.failed:
        values["reason"] = func.coalesce(table.c.reason, "undelivered")
    if new == S.delivered:
        values["delivered_at"] = now
    result = session.execute(update(table).where(table.c.provider_sid == sid,
                                                 table.c.state.in_(predecessors(new))).values(**values))
    return bool(result.rowcount)  # type: ignore[attr-defined]


def outbox_status_listener(session: Session, sid: str, status: str, error_code: str | None, now: datetime) -> None:
    """Registered in handlers.delivery.LISTENERS: each Twilio status callback reaches the outbox too."""
    apply_provider_status(session, sid, status, error_code, now)
