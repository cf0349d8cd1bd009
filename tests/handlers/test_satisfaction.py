"""Satisfaction: after a person closes a ticket the customer is asked once (inside the 24-hour window) for a
1-5 rating in their language; the next bare rating is stored with the ticket and its assignee and thanked."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from bot.channels import ConsoleChannel
from bot.core.db import session_scope
from bot.core.models import SatisfactionSurvey, Ticket
from bot.services import Services
from bot.staff import actions
from handlers.customers import CustomerIn, upsert_customer
from handlers.satisfaction import parse_rating
from handlers.texts import text
from handlers.turn import Inbound, TurnContext, TurnResult
from tests.conftest import FixedClock

CUSTOMER = "+972502345678"
DOOR = actions.Door(workspace="msg-software")


class Agent:
    first_name, full_name, assignee = "Yael", "Yael Cohen", "Yael Cohen (web:1)"


def say(services: Services, body: str) -> TurnResult:
    from handlers.pipeline import handle_message

    workspace = services.workspaces.by_slug("msg-software")
    assert workspace is not None
    with session_scope(services.engine) as session:
        ctx = TurnContext(session=session, workspace=workspace, now=services.now())
        return handle_message(ctx, Inbound(workspace="msg-software", sender=CUSTOMER, text=body))


def handled_and_closed(services: Services, clock: FixedClock, first: str, close_after: timedelta) -> int:
    """A paying customer asks for a person, who takes the ticket, answers and (later) closes it."""
    workspace = services.workspaces.by_slug("msg-software")
    assert workspace is not None
    with session_scope(services.engine) as session:
        upsert_customer(session, workspace, CustomerIn(phone=CUSTOMER, name="Dana", plan="advanced"), clock.now)
    assert say(services, first).handoff == "human"
    with Session(services.engine) as session:
        ticket_id = session.exec(select(Ticket.id)).one()
    assert ticket_id is not None
    assert actions.take(services, ticket_id, DOOR, Agent()).ok
    assert actions.reply_to_ticket(services, ticket_id, DOOR, Agent(), "בודקת").ok
    clock.set(clock.now + close_after)
    assert actions.close(services, ticket_id, DOOR, Agent()).ok
    return ticket_id


def survey(engine: Engine) -> SatisfactionSurvey:
    with Session(engine) as session:
        return session.exec(select(SatisfactionSurvey)).one()


@pytest.mark.parametrize("answer, rating", [("⭐⭐⭐⭐", 4), ("5", 5), ("4/5", 4), ("חמש", 5)])
def test_asked_once_in_hebrew_and_a_bare_rating_is_stored_and_thanked(
        services: Services, clock: FixedClock, channel: ConsoleChannel, engine: Engine, answer: str,
        rating: int) -> None:
    ticket_id = handled_and_closed(services, clock, "אני רוצה לדבר עם נציג", timedelta(hours=2))
    to_customer = [m.body for m in channel.sent if m.to == CUSTOMER]
    asked = [b for b in to_customer if "1" in b and "5" in b and "מצוין" in b]
    assert len(asked) == 1 and asked[0] == to_customer[-1]
    assert survey(engine).asked and survey(engine).rating is None

    result = say(services, answer)
    assert result.intent == "satisfaction" and result.reply == text("csat_thanks", "he")
    stored = survey(engine)
    assert (stored.rating, stored.ticket_id, stored.assignee) == (rating, ticket_id, "Yael Cohen (web:1)")
    assert stored.answered_at == clock.now

    assert actions.close(services, ticket_id, DOOR, Agent()).ok is False  # closing again asks nothing
    assert say(services, "5").intent != "satisfaction", "answered once: a later 5 is not a rating"
    assert survey(engine).rating == rating


def test_outside_the_window_nobody_is_asked_and_it_is_recorded(
        services: Services, clock: FixedClock, channel: ConsoleChannel, engine: Engine) -> None:
    handled_and_closed(services, clock, "אני רוצה לדבר עם נציג", timedelta(hours=25))
    assert not [m for m in channel.sent if m.to == CUSTOMER and "מצוין" in m.body]
    stored = survey(engine)
    assert (stored.asked, stored.skipped, stored.rating) == (False, "outside_window", None)
    assert say(services, "5").intent != "satisfaction"
    assert survey(engine).rating is None


def test_another_message_lets_the_question_lapse_and_russian_is_asked_in_russian(
        services: Services, clock: FixedClock, channel: ConsoleChannel, engine: Engine) -> None:
    handled_and_closed(services, clock, "Мне нужен оператор, пожалуйста", timedelta(minutes=30))
    assert [m.body for m in channel.sent if m.to == CUSTOMER][-1].startswith("Как мы справились")
    assert say(services, "Сколько стоит тариф?").intent != "satisfaction"
    assert survey(engine).skipped == "ignored"
    assert say(services, "пять").intent != "satisfaction"
    assert survey(engine).rating is None


def test_only_a_whole_message_is_a_rating() -> None:
    assert [parse_rating(s) for s in ("3️⃣", "4 מתוך 5", "Пять!", "⭐️⭐️")] == [3, 4, 5, 2]
    assert [parse_rating(s) for s in ("5 guests", "6", "0", "I'd give 5", "", "⭐⭐⭐⭐⭐⭐")] == [None] * 6
