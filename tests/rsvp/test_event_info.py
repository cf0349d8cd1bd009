"""Guests' questions about their own event are answered from the event, not the vendor's policy."""

from __future__ import annotations

import pytest
from sqlmodel import Session

from bot.core.workspaces import Workspace
from handlers.rsvp_event_info import asked
from tests.rsvp.conftest import add_guests, make_event, phone
from tests.rsvp.test_reply import say


@pytest.mark.parametrize(("text", "kind"), [
    ("מה השולחן שלי?", "table"), ("באיזה שולחן אנחנו?", "table"), ("what's my table number?", "table"),
    ("какой у нас столик?", "table"), ("באיזו שעה מתחיל?", "time"), ("what time does it start?", "time"),
    ("во сколько начало?", "time"), ("איפה החתונה?", "venue"), ("where is the wedding?", "venue"),
    ("где свадьба?", "venue"), ("какого числа свадьба?", "date"),
])
def test_question_kinds(text: str, kind: str) -> None:
    assert asked(text) == kind


@pytest.mark.parametrize("text", ["מגיעים 3", "thanks!", "how much is the digital package?"])
def test_other_messages_are_not_event_questions(text: str) -> None:
    assert asked(text) is None


def test_table_time_and_venue_come_from_the_guests_event(session: Session, workspace: Workspace) -> None:
    event = make_event(session, workspace, venue="Example Hall")
    guest = add_guests(session, event, 1)[0]
    guest.table_number = "12"
    table = say(session, workspace, guest.phone, "מה השולחן שלי?")
    assert table.intent == "faq" and table.topic is None and "12" in (table.reply or "")
    when = say(session, workspace, guest.phone, "באיזו שעה מתחיל?")
    assert "19:30" in (when.reply or "") and "12.03.2027" in (when.reply or "")
    where = say(session, workspace, guest.phone, "where is the wedding?")
    assert where.lang == "en" and "Example Hall" in (where.reply or "")
    assert "waze.com/ul?q=Example+Hall" in (where.reply or "") and "google.com/maps" in (where.reply or "")


def test_no_table_yet_is_said_plainly(session: Session, workspace: Workspace) -> None:
    guest = add_guests(session, make_event(session, workspace), 1)[0]
    result = say(session, workspace, guest.phone, "what's my table?")
    assert result.data.get("asked") == "table" and "not been assigned" in (result.reply or "")


def test_a_stranger_asking_gets_no_event_facts(session: Session, workspace: Workspace) -> None:
    make_event(session, workspace, venue="Secret Garden")
    result = say(session, workspace, phone(777), "where is the wedding?")
    assert "Secret Garden" not in (result.reply or "")
