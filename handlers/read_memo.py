"""Reads a unit of work repeats, remembered until it next writes.

Several handlers of one turn ask the same question (is there a live ticket?); each asking costs a
query. A memo on the session answers repeats from memory; a write through the session (a flush,
an ORM UPDATE/DELETE), unflushed changes, or the end of its transaction forget everything, so an
answer is never older than the session's own last change.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from sqlalchemy import event
from sqlalchemy.orm import ORMExecuteState, Session, SessionTransaction

T = TypeVar("T")
_KEY = "read_memo"


def remembered(session: Session, key: Hashable, read: Callable[[], T]) -> T:
    """`read()`, or what it returned the last time since the session's last write."""
    memo: dict[Hashable, Any] = session.info.setdefault(_KEY, {})
    if memo and (session.new or session.dirty or session.deleted):
        memo.clear()  # unflushed changes could change the answer: read again (the query autoflushes)
    if key not in memo:
        memo[key] = read()
    return memo[key]  # type: ignore[no-any-return]


def remember(session: Session, key: Hashable, value: object) -> None:
    """Record what `key`'s read would return now, learnt by a caller's wider read (bot.inbound reads
    whether the contact has a live ticket, an open survey or guest rows together with the contact):
    the `remembered` read of `key` then answers from it, until the session next writes."""
    session.info.setdefault(_KEY, {})[key] = value


def _forget(session: Session) -> None:
    if session.info.get(_KEY):
        session.info[_KEY] = {}


@event.listens_for(Session, "after_flush")
def _after_flush(session: Session, _context: Any) -> None:
    _forget(session)


@event.listens_for(Session, "do_orm_execute")
def _on_execute(state: ORMExecuteState) -> None:
    if not state.is_select:
        _forget(state.session)


@event.listens_for(Session, "after_transaction_end")
def _after_transaction(session: Session, _transaction: SessionTransaction) -> None:
    _forget(session)
