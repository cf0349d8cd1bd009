"""Inbox search on SQLite (FTS5 trigram) and PostgreSQL (pg_trgm): a Hebrew word, a Russian word in
another case, a number by its last digits or in any formatting, a name; nothing it should not find;
messages and names that arrive later are found at once; the state counts and tabs agree."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import bindparam, inspect, text
from sqlalchemy.engine import Engine
from sqlmodel import Session

from bot.core.db import alembic_config, make_engine, session_scope
from bot.core.models import Contact, Conversation, ConversationStatus, Ticket, TicketStatus, UTCDateTime
from handlers import inbox_search
from handlers.inbox import counts_by_state, list_conversations
from handlers.records import current_conversation, get_or_create_contact, insert_inbound
from handlers.turn import Inbound
from tests.utils.databases import drop_postgres, postgres_or_skip

WS = "msg-software"
T0 = datetime(2026, 11, 22, 8, 0, tzinfo=UTC)
DANA, IVAN, JOHN = "+972502345678", "+972541112233", "+972527654321"


def arrive(engine: Engine, phone: str, text_: str, at: datetime, *, name: str | None = None,
           workspace: str = WS) -> int:
    """A customer's message stored the way the webhook stores it; returns its conversation's id."""
    with session_scope(engine) as session:
        contact = get_or_create_contact(session, workspace, phone, name)
        conversation = current_conversation(session, contact, "whatsapp", at)
        insert_inbound(session, Inbound(workspace=workspace, sender=phone, text=text_), contact, conversation, at)
        conversation.updated_at = at
        assert conversation.id is not None
        return conversation.id


def found(engine: Engine, q: str, workspace: str = WS) -> list[str]:
    with Session(engine) as session:
        return [row.contact.phone for row in list_conversations(session, workspace, q=q)]


@pytest.fixture
def three(engine: Engine) -> Engine:
    arrive(engine, DANA, "שלום, אני רוצה לבטל את המנוי שלי", T0, name="Dana Levi")
    arrive(engine, IVAN, "Хочу продлить подписку на год", T0 + timedelta(minutes=1), name="Иван Петров")
    arrive(engine, JOHN, "Where is my invoice? Order 8181", T0 + timedelta(minutes=2), name="John Smith")
    arrive(engine, "+972529999999", "אני רוצה לבטל", T0, name="Other Workspace", workspace="saas-billing")
    return engine


@pytest.mark.parametrize(("q", "expected"), [
    ("לבטל", [DANA]),                       # a Hebrew word
    ("המנוי", [DANA]),                      # and one with its article glued on
    ("מנוי", [DANA]),                       # found inside the prefixed form
    ("подписка", [IVAN]),                   # nominative finds the accusative "подписку"
    ("ПОДПИСКОЙ", [IVAN]),                  # any case form, any letter case
    ("5678", [DANA]),                       # the last 4 digits of a number
    ("050-234-5678", [DANA]),               # national formatting
    ("+972 50 234 5678", [DANA]),           # international formatting
    ("0502345678", [DANA]),
    ("8181", [JOHN]),                       # digits in a message text, not in any number
    ("Levi", [DANA]),                       # a name
    ("иван", [IVAN]),                       # a Russian name in lower case
    ("smith john", [JOHN]),                 # words in any order
    ("invoice where", [JOHN]),
    ("Da", [DANA]),                         # too short for the index: names and numbers only
])
def test_search_finds_what_it_should(three: Engine, q: str, expected: list[str]) -> None:
    assert found(three, q) == expected


@pytest.mark.parametrize("q", [
    "refund",                 # in no message
    "invoice Dana",           # the words are in different places (a message, a name)
    "לבטל Ivan",
    "0541112299",             # a number that differs in its last digits
    "5555",
    "Other Workspace",        # another workspace's customer
    "%", "_", '"', "'",       # LIKE and FTS5 syntax are taken literally
    "name : Dana", "NEAR(Dana)",
])
def test_search_does_not_find_what_it_should_not(three: Engine, q: str) -> None:
    assert found(three, q) == []


def test_newest_first_and_the_same_whichever_way_the_matches_are_read(three: Engine,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """Few matches are looked up by key, many are met walking the inbox: both give the same page."""
    arrive(three, "+972500000011", "I want to cancel", T0 + timedelta(minutes=5))
    arrive(three, "+972500000012", "cancel please, לבטל", T0 + timedelta(minutes=4))
    queries = ["cancel", "לבטל", "5678", "050-234-5678", "ПОДПИСКУ", "иван", "Levi", "smith john", "Da",
               "invoice Dana", "refund", "%"]
    by_key = {q: found(three, q) for q in queries}
    assert by_key["cancel"] == ["+972500000011", "+972500000012"]
    assert by_key["לבטל"] == ["+972500000012", DANA]
    monkeypatch.setattr(inbox_search, "BROAD", 0)  # every match met on the walk
    assert {q: found(three, q) for q in queries} == by_key


def test_new_messages_and_names_are_found_at_once(three: Engine, engine: Engine) -> None:
    assert found(engine, "חשבונית") == [] and found(engine, "Yosef") == []
    arrive(engine, JOHN, "שלחתי את החשבונית אתמול", T0 + timedelta(hours=1))
    assert found(engine, "חשבונית") == [JOHN]
    assert found(engine, "invoice") == [JOHN]           # the earlier message still counts
    arrive(engine, "+972533334444", "hi", T0 + timedelta(hours=2))      # no name yet
    assert found(engine, "Yosef") == []
    arrive(engine, "+972533334444", "again", T0 + timedelta(hours=3), name="Yosef Cohen")  # the name arrives
    assert found(engine, "Yosef") == ["+972533334444"] and found(engine, "3334444") == ["+972533334444"]
    with session_scope(engine) as session:           # an edited text: found by the new words only
        session.execute(text("UPDATE message SET body = 'changed my mind' WHERE body LIKE 'Where is%'"))
    assert found(engine, "invoice") == [] and found(engine, "mind") == [JOHN]
    with session_scope(engine) as session:           # a deleted message is no longer found
        session.execute(text("DELETE FROM message WHERE body = 'changed my mind'"))
    assert found(engine, "mind") == []


def _conversation(session: Session, phone: str, status: str, ticket: str | None, seq: int) -> int:
    contact = Contact(workspace=WS, phone=phone)
    session.add(contact)
    session.flush()
    conversation = Conversation(workspace=WS, contact_id=contact.id or 0, status=status, updated_at=T0)
    session.add(conversation)
    session.flush()
    if ticket:
        session.add(Ticket(workspace=WS, seq=seq, number=f"MS-{seq:05d}", contact_id=contact.id or 0,
                           conversation_id=conversation.id, status=ticket))
    return contact.id or 0


def test_counts_and_tabs_agree_with_each_conversations_state(engine: Engine) -> None:
    cases = [("pending", None), ("pending", TicketStatus.closed), ("open", TicketStatus.open),
             ("open", TicketStatus.open), ("open", TicketStatus.assigned), (ConversationStatus.snoozed, None),
             (ConversationStatus.resolved, TicketStatus.closed), (ConversationStatus.snoozed, TicketStatus.assigned)]
    with session_scope(engine) as session:
        contacts = [_conversation(session, f"+97250100{n:04d}", status, ticket, n + 1)
                    for n, (status, ticket) in enumerate(cases)]
        session.add(Conversation(workspace="saas-billing", contact_id=contacts[0], status="pending"))  # elsewhere
    with Session(engine) as session:
        counts = counts_by_state(session, WS)
        assert counts == {"bot": 2, "waiting": 2, "held": 1, "snoozed": 2, "resolved": 1}
        for state, count in counts.items():
            rows = list_conversations(session, WS, state=state)
            assert len(rows) == count and {row.state for row in rows} <= {state}
            # a tab and a search together: every number here starts +97250100
            assert len(list_conversations(session, WS, state=state, q="050100")) == count
        assert list_conversations(session, WS, state="waiting", q="0501000003")[0].contact.phone == "+972501000003"


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_migration_fills_the_index_from_stored_rows_and_goes_back(kind: str, tmp_path: Path) -> None:
    """Messages and names stored before 1402 are found after it; downgrade removes what it added."""
    url = f"sqlite:///{tmp_path / 'search.db'}" if kind == "sqlite" else postgres_or_skip()
    config = alembic_config(url)
    before = ScriptDirectory.from_config(config).get_revision("1402_inbox_search").down_revision
    assert isinstance(before, str)
    try:
        command.upgrade(config, before)
        engine = make_engine(url)
        when = {"t": T0}
        stamp = bindparam("t", type_=UTCDateTime())
        with engine.begin() as connection:
            connection.execute(text("INSERT INTO contact (workspace, phone, name, opted_out, created_at) "
                                    "VALUES (:w, :p, 'Иван Петров', false, :t)").bindparams(stamp),
                               {"w": WS, "p": IVAN, **when})
            contact_id = connection.execute(text("SELECT id FROM contact")).scalar_one()
            connection.execute(text("INSERT INTO conversation (workspace, contact_id, status, channel, state, "
                                    "created_at, updated_at) VALUES (:w, :c, 'pending', 'whatsapp', '{}', :t, :t)")
                               .bindparams(stamp), {"w": WS, "c": contact_id, **when})
            conversation_id = connection.execute(text("SELECT id FROM conversation")).scalar_one()
            connection.execute(text("INSERT INTO message (workspace, conversation_id, contact_id, direction, channel, "
                                    "sender, recipient, body, status, processed, created_at, updated_at) VALUES "
                                    "(:w, :v, :c, 'inbound', 'whatsapp', '', '', 'Хочу продлить подписку', "
                                    "'received', false, :t, :t)").bindparams(stamp),
                               {"w": WS, "v": conversation_id, "c": contact_id, **when})
        command.upgrade(config, "heads")
        assert found(engine, "подписка") == [IVAN] and found(engine, "2233") == [IVAN]
        assert found(engine, "петров") == [IVAN]
        command.downgrade(config, before)
        names = set(inspect(engine).get_table_names())
        indexes = {ix["name"] for ix in inspect(engine).get_indexes("message")}
        assert not names & {"message_search", "contact_search"} and "ix_message_body_trgm" not in indexes
        command.upgrade(config, "heads")
        assert found(engine, "подписка") == [IVAN]
        engine.dispose()
    finally:
        if kind == "postgresql":
            drop_postgres(url)
