"""What one webhook turn costs the database, counted statement by statement (SQLAlchemy's
before_cursor_execute) and commit by commit, so a change that adds queries or transactions to every
message shows up here.

Issue 14: the offline turn stores the message and answers it in ONE transaction (message, reply,
conversation, dialogue state, ticket, staff alert, finished reply job), one commit. Measured when
written: a contact's first message 24 statements on SQLite, 22 on PostgreSQL (contact and
conversation are created), each FAQ follow-up 14-16 and 12-14, every turn one commit (before:
31-36 and 22-24 statements, 3-4 commits). SQLite's BEGIN IMMEDIATE and PRAGMA are counted too.
Then (issue 14, the database side of a turn): a contact created by the turn is not looked up twice
and has no conversation or reply job to look for (first message 21 / 19), and SQLite's grouped
writers keep their connection and its lock wait (no PRAGMA a turn): follow-ups 13-15 / 12-14.
Then on SQLite the contact, its latest conversation and whether a reply job of it is unfinished are
one statement (bot.inbound._CONTACT_AT_ONCE): follow-ups two fewer, at most 13.
Then that statement also says whether the contact has a live ticket, an open satisfaction question or
guest rows of upcoming events, and the handlers' reads of what it found absent answer from the read
memo (handlers.read_memo); on PostgreSQL it follows the contact's lock, replacing the conversation and
reply-job reads: follow-ups 8-10 on both (were 11-13 / 12-14), a first message 19 / 17 (a contact
created by the turn has no ticket or survey to look for). tests/bot/test_turn_first_read.py checks
that the answers stay those of the handlers' own reads.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import event
from sqlmodel import Session, select

from bot import inbound
from bot.app import create_app
from bot.core.models import ReplyJob, StaffNotification, Ticket
from bot.core.settings import Settings
from bot.services import Services
from tests.utils.twilio import inbound_form, new_sid, post_signed

# (a contact's first message, each follow-up) by database, as measured: a change that adds a statement fails
BOUNDS = {"sqlite": (19, 10), "postgresql": (17, 10)}
COMMITS_A_TURN = 1
CUSTOMER = "+972502345678"


@pytest.fixture
def statements(services: Services, monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Statements and commits of the webhook's turn only (its thread, inside `respond`): the reply
    worker's background polls run meanwhile and are not the turn's cost."""
    seen: list[str] = []
    turn = threading.local()
    respond = inbound.respond

    def counted_respond(*args: Any, **kwargs: Any) -> Any:
        turn.active = True
        try:
            return respond(*args, **kwargs)
        finally:
            turn.active = False

    def record(_conn, _cursor, statement: str, *_args: object) -> None:  # type: ignore[no-untyped-def]
        if getattr(turn, "active", False):
            seen.append(statement.split(None, 1)[0].upper())

    def committed(_conn) -> None:  # type: ignore[no-untyped-def]
        if getattr(turn, "active", False):
            seen.append("COMMIT")

    monkeypatch.setattr(inbound, "respond", counted_respond)
    event.listen(services.engine, "before_cursor_execute", record)
    event.listen(services.engine, "commit", committed)
    yield seen
    event.remove(services.engine, "before_cursor_execute", record)
    event.remove(services.engine, "commit", committed)


def _turn(client: TestClient, settings: Settings, statements: list[str], text: str) -> tuple[int, int, str]:
    statements.clear()
    response = post_signed(client, settings, "/webhooks/twilio/messages", inbound_form(text, sid=new_sid()))
    assert response.status_code == 200
    return sum(s != "COMMIT" for s in statements), statements.count("COMMIT"), response.text


def test_an_faq_turn_stays_within_its_query_budget_and_commits_once(
        services: Services, settings: Settings, statements: list[str]) -> None:
    with TestClient(create_app(services=services), raise_server_exceptions=False) as client:
        counts = []
        for text in ["מה שעות התמיכה?", "how much is the advanced plan?", "what is the capital of France?",
                     "can I move the program to a new computer?"]:
            n, commits, twiml = _turn(client, settings, statements, text)
            assert "<Message>" in twiml
            counts.append((n, commits))
    (first, _), *follow_ups = counts
    first_bound, follow_up_bound = BOUNDS[services.engine.dialect.name]
    assert first <= first_bound, counts
    assert all(n <= follow_up_bound for n, _ in follow_ups), counts
    assert all(c == COMMITS_A_TURN for _, c in counts), counts
    with Session(services.engine) as session:
        assert {job.state for job in session.exec(select(ReplyJob))} == {"done"}


def test_a_handoff_commits_its_ticket_and_staff_alert_with_the_reply(
        services: Services, settings: Settings, statements: list[str]) -> None:
    """The staff alert is no longer stored after the turn commits (issue 13): one commit has it all."""
    with TestClient(create_app(services=services), raise_server_exceptions=False) as client:
        response = client.post("/api/workspaces/msg-software/customers",
                               headers={"Authorization": "Bearer demo-token-msg-software-0001"},
                               json={"phone": CUSTOMER, "name": "Dana", "plan": "advanced", "status": "active",
                                     "paid_until": "2027-06-30"})
        assert response.status_code == 200, response.text
        _, commits, twiml = _turn(client, settings, statements, "אני רוצה לדבר עם נציג")
    assert "<Message>" in twiml and commits == COMMITS_A_TURN, statements
    with Session(services.engine) as session:
        ticket = session.exec(select(Ticket)).one()
        alert = session.exec(select(StaffNotification)).one()
        assert alert.ticket_id == ticket.id and alert.kind == "handoff"
        assert session.exec(select(ReplyJob)).one().state == "done"
