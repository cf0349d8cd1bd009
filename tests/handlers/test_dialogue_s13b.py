"""Session 13, tuner B (round 2): what a refusal of a person leaves to lean on, and a plan's price asked
anew after a feature topic (own wording)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy.engine import Engine

from tests.conftest import FixedClock
from tests.handlers.dialogue_utils import add_customer, say

REMOTE, AGENCY, MSG = "remote-support", "web-agency", "msg-software"
FROZEN, LAPSED, ACTIVE = "+972559870001", "+972559870002", "+972559870003"


def test_after_a_frozen_account_is_refused_a_person_how_come_gets_the_freeze_rule(
        engine: Engine, clock: FixedClock) -> None:
    add_customer(engine, REMOTE, FROZEN, "monthly", clock.now, status="frozen")
    refused = say(engine, REMOTE, FROZEN, "I want to speak with a technician", clock.now)
    assert refused.handoff == "denied"
    then = say(engine, REMOTE, FROZEN, "how come? what am I supposed to do now", clock.now + timedelta(minutes=1))
    assert (then.intent, then.topic) == ("faq", "account-freeze")


def test_after_a_lapsed_service_is_refused_a_person_the_way_back_is_who_is_entitled(
        engine: Engine, clock: FixedClock) -> None:
    add_customer(engine, AGENCY, LAPSED, "standard", clock.now, status="expired")
    refused = say(engine, AGENCY, LAPSED, "get me one of your developers please", clock.now)
    assert refused.handoff == "denied"
    then = say(engine, AGENCY, LAPSED, "ладно, и что мне сделать чтобы вы снова помогали?",
               clock.now + timedelta(minutes=1))
    assert then.topic == "eligibility"


def test_a_refusal_for_a_reason_no_topic_explains_carries_no_topic(engine: Engine, clock: FixedClock) -> None:
    from handlers.dialogue.store import load

    add_customer(engine, MSG, ACTIVE, "essential", clock.now)
    refused = say(engine, MSG, ACTIVE, "put me through to a real person", clock.now)
    assert refused.handoff == "denied"
    from sqlmodel import Session, select

    from bot.core.models import Conversation
    with Session(engine) as session:
        conversation = session.exec(select(Conversation)).first()
        assert conversation is not None
        assert load(session, conversation, clock.now).topic is None


def test_a_plans_price_asked_anew_after_a_feature_leaves_the_feature(engine: Engine, clock: FixedClock) -> None:
    add_customer(engine, MSG, ACTIVE, "essential", clock.now)
    say(engine, MSG, ACTIVE, "если я сменю компьютер, программу перенесёте?", clock.now)
    then = say(engine, MSG, ACTIVE, "и почём Advanced на целый год?", clock.now + timedelta(minutes=1))
    assert then.topic == "maintenance-plans"


def test_a_follow_up_that_says_the_other_period_gets_that_periods_refund_rule(
        engine: Engine, clock: FixedClock) -> None:
    add_customer(engine, "saas-billing", "+972559870004", "pro", clock.now)
    first = say(engine, "saas-billing", "+972559870004", "how is a refund worked out if I leave the yearly plan early?",
                clock.now)
    assert first.topic == "refund-annual"
    then = say(engine, "saas-billing", "+972559870004", "sorry, we are actually on the monthly one",
               clock.now + timedelta(minutes=1))
    assert then.topic == "refund-monthly"


@pytest.mark.parametrize(
    ("text", "followup"),
    [
        ("ok, also for the yearly plan?", True),
        ("ладно, тоже на год?", True),
        ("יופי, גם בסופ\"ש?", True),
        ("ok. Also, how do I reset my password?", False),  # "also" as a lead-in opens a question of its own
        ("ok I also have another computer", False),  # "also" later in a sentence of its own
    ],
)
def test_too_after_an_acknowledgement_still_stretches_the_last_question(text: str, followup: bool) -> None:
    from bot.core.settings import ROOT
    from bot.core.workspaces import load_workspaces
    from handlers.dialogue.entities import extract

    found = load_workspaces(ROOT / "workspaces").by_slug("msg-software")
    assert found is not None
    assert extract(text, found).followup is followup


def test_months_asked_about_as_a_unit_keep_the_annual_refund_rule(engine: Engine, clock: FixedClock) -> None:
    add_customer(engine, "saas-billing", "+972559870005", "pro", clock.now)
    first = say(engine, "saas-billing", "+972559870005", "how is a refund worked out if I leave the yearly plan early?",
                clock.now)
    assert first.topic == "refund-annual"
    then = say(engine, "saas-billing", "+972559870005", "и это считают по месяцам или по дням?",
               clock.now + timedelta(minutes=1))
    assert then.topic == "refund-annual"
