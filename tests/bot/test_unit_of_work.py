"""A unit of work commits whole or not at all, savepoints included (issue 13's leftover, issue 14).

Python's sqlite3 opens no transaction before a SAVEPOINT, so a `session_scope` whose first write
was an insert-or-get (a status callback's dedupe row, a contact) used to COMMIT at the savepoint's
RELEASE; an error after it could no longer roll that back.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select
from sqlalchemy.engine import Engine

from bot.core.db import session_scope
from bot.core.models import Contact, MessageStatusEvent
from handlers.delivery import record_status
from handlers.records import get_or_create_contact


class Boom(Exception):
    pass


def count(engine: Engine, model: type) -> int:
    with session_scope(engine) as session:
        return int(session.execute(select(func.count()).select_from(model)).scalar_one())


def test_a_status_callback_that_fails_after_its_dedupe_row_keeps_nothing(engine: Engine) -> None:
    with pytest.raises(Boom), session_scope(engine) as session:
        assert record_status(session, "SM" + "1" * 32, "delivered", None, datetime.now(UTC))
        raise Boom()
    assert count(engine, MessageStatusEvent) == 0
    with session_scope(engine) as session:  # so Twilio's retry of that callback is not taken for a duplicate
        assert record_status(session, "SM" + "1" * 32, "delivered", None, datetime.now(UTC))


def test_a_contact_created_through_a_savepoint_is_rolled_back_with_its_unit_of_work(engine: Engine) -> None:
    with pytest.raises(Boom), session_scope(engine) as session:
        get_or_create_contact(session, "msg-software", "+972502345678")
        raise Boom()
    assert count(engine, Contact) == 0
