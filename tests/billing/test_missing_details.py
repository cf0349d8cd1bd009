"""Billing actions that lack a detail ask for it and read the next message as the answer, in
he / en / ru; a value past the policy's limit is refused with the limit (numbers from the YAML)."""

from __future__ import annotations

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from bot.core.models import SubscriptionRequest
from handlers.billing.freeze import requested_months
from tests.billing.test_handlers import SAAS, say, seed


@pytest.mark.parametrize(("ask", "answer", "months"), [
    ("I want to freeze my subscription", "2", 2),
    ("אני רוצה להקפיא את המנוי", "חודשיים", 2),
    ("Хочу заморозить подписку", "на три месяца", 3),
])
def test_a_freeze_without_a_length_asks_then_reads_the_answer(engine: Engine, ask: str, answer: str,
                                                              months: int) -> None:
    seed(engine)
    asked = say(engine, ask)
    assert asked.intent == "freeze_request" and asked.data["billing_reason"] == "months_missing"
    assert str(SAAS.billing.freeze.max_months_per_year) in (asked.reply or "")
    with Session(engine) as session:
        assert session.exec(select(SubscriptionRequest)).all() == []  # nothing recorded before the length is known
    quoted = say(engine, answer)
    assert quoted.intent == "freeze_request"
    with Session(engine) as session:
        [request] = session.exec(select(SubscriptionRequest)).all()
        assert (request.kind, request.state, request.details["months"]) == ("freeze", "pending_confirmation", months)


@pytest.mark.parametrize(("answer", "said"), [
    ("4", "4 months"), ("ל-4 חודשים", "4 חודשים"), ("на 5 месяцев", "5 месяцев")])
def test_an_answer_past_the_yearly_allowance_says_the_limit(engine: Engine, answer: str, said: str) -> None:
    seed(engine)
    say(engine, "I want to freeze my subscription")
    refused = say(engine, answer)
    assert refused.intent == "freeze_request" and refused.data["billing_reason"] == "allowance_exceeded"
    assert said in (refused.reply or "")
    assert str(SAAS.billing.freeze.max_months_per_year) in (refused.reply or "")


def test_an_unrelated_question_after_the_ask_is_answered_as_usual(engine: Engine) -> None:
    seed(engine)
    say(engine, "I want to freeze my subscription")
    other = say(engine, "how do I export my data?")
    assert other.intent != "freeze_request"


def test_requested_months_is_none_when_not_said() -> None:
    assert requested_months("I want to freeze my subscription") is None
    assert requested_months("freeze for 2 months") == 2
    assert requested_months("להקפיא לשלושה חודשים") == 3
