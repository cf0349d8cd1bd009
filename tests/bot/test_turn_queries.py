"""What one webhook turn costs the database, counted statement by statement (SQLAlchemy's
before_cursor_execute), so a change that adds queries to every message shows up here.

Measured when written: 31-36 statements for a contact's first message (contact, conversation and
dialogue state are created) and 22-24 for each message after it, with 3-4 commits (the message and
its reply job are stored and committed before anything answers, then the turn commits its writes
in one transaction; reply-job bookkeeping and read-only sessions commit too).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import event

from bot.app import create_app
from bot.core.settings import Settings
from bot.services import Services
from tests.utils.twilio import inbound_form, new_sid, post_signed

FIRST_MESSAGE_BOUND = 40
FOLLOW_UP_BOUND = 26
FOLLOW_UP_COMMITS_BOUND = 4


@pytest.fixture
def statements(services: Services) -> Iterator[list[str]]:
    seen: list[str] = []

    def record(_conn, _cursor, statement: str, *_args: object) -> None:  # type: ignore[no-untyped-def]
        seen.append(statement.split(None, 1)[0].upper())

    def committed(_conn) -> None:  # type: ignore[no-untyped-def]
        seen.append("COMMIT")

    event.listen(services.engine, "before_cursor_execute", record)
    event.listen(services.engine, "commit", committed)
    yield seen
    event.remove(services.engine, "before_cursor_execute", record)
    event.remove(services.engine, "commit", committed)


def test_a_turn_stays_within_its_query_budget(services: Services, settings: Settings,
                                              statements: list[str]) -> None:
    with TestClient(create_app(services=services), raise_server_exceptions=False) as client:
        counts = []
        for text in ["מה שעות התמיכה?", "how much is the advanced plan?", "what is the capital of France?"]:
            statements.clear()
            response = post_signed(client, settings, "/webhooks/twilio/messages", inbound_form(text, sid=new_sid()))
            assert response.status_code == 200 and "<Message>" in response.text
            counts.append((sum(s != "COMMIT" for s in statements), statements.count("COMMIT")))
    (first, _), *follow_ups = counts
    assert first <= FIRST_MESSAGE_BOUND, counts
    assert all(n <= FOLLOW_UP_BOUND for n, _ in follow_ups), counts
    assert all(c <= FOLLOW_UP_COMMITS_BOUND for _, c in follow_ups), counts
