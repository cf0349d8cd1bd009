"""Round 10 tryouts (issue 12): choosing a plan by name starts the change, plans set side by side are
compared, "can I get a refund for MY ..." asks for one, "and meanwhile?" with a ticket waiting is about
the ticket, a fact told after an answer is no question, and a hedge on an amount is no topic word."""

from pathlib import Path

import pytest

from bot.core.settings import ROOT
from bot.core.workspaces.loader import load_workspace
from handlers.billing.plan_change import wants_plan_change
from handlers.billing.prices import compares_plans
from handlers.faq import _tells
from handlers.intents import classify_intent
from handlers.ticket_waiting import asks_what_meanwhile


@pytest.fixture(scope="module")
def saas():  # type: ignore[no-untyped-def]
    return load_workspace(Path(ROOT) / "workspaces" / "saas-billing.yaml")


@pytest.mark.parametrize("text", [
    "fine, we'll go with Business", "i'll take pro", "sign me up for Business please", "אני לוקח את Pro",
    "נלך על Business", "давайте Pro", "беру Business",
])
def test_choosing_a_plan_by_name_changes_plans(saas, text: str) -> None:  # type: ignore[no-untyped-def]
    assert wants_plan_change(text, saas)


@pytest.mark.parametrize("text", [
    "давайте про возврат поговорим", "давайте обсудим тариф", "I'll take the plan", "what do I get if I go with Pro?",
    "does Pro go with the API", "let's go with that",
])
def test_a_choice_word_without_a_plan_or_in_a_question_changes_nothing(saas, text: str) -> None:  # type: ignore[no-untyped-def]
    assert not wants_plan_change(text, saas)


@pytest.mark.parametrize("text, expected", [
    ("whats the difference between starter and pro", True), ("מה ההבדל בין Pro ל-Business?", True),
    ("чем Pro отличается от Business?", True), ("how much is Pro?", False), ("upgrade me to Pro", False),
])
def test_plans_set_side_by_side(text: str, expected: bool) -> None:
    assert compares_plans(text) is expected


@pytest.mark.parametrize("text, lang, intent", [
    ("can I get a refund for my license?", "en", "refund_request"),
    ("could we get a refund for our subscription please?", "en", "refund_request"),
    ("can I get a refund?", "en", "faq"),
    ("can I get a refund for the annual plan?", "en", "faq"),
    ("can I get a refund if I cancel after 20 days?", "en", "faq"),
    ("can I get my data after I cancel?", "en", "faq"),
    ("יש אפשרות לעצור לי את המנוי לחודשיים? אני בטיול", "he", "faq"),  # a question word outside the polite phrase
])
def test_a_polite_refund_on_ones_own_account_is_a_request(text: str, lang: str, intent: str) -> None:
    assert classify_intent(text, lang).intent == intent


@pytest.mark.parametrize("text, expected", [
    ("תודה, ובינתיים מה לעשות?", True), ("ok and in the meantime what should I do?", True),
    ("спасибо, а пока что мне делать?", True), ("בינתיים הכל עובד, תודה", False),
    ("the backup runs meanwhile", False), ("what should I do?", False),
])
def test_what_to_do_meanwhile(text: str, expected: bool) -> None:
    assert asks_what_meanwhile(text) is expected


@pytest.mark.parametrize("text, expected", [
    ("we pay every quarter btw", True), ("אגב אנחנו משלמים כל רבעון", True), ("мы кстати платим поквартально", True),
    ("and if we pay every quarter?", False), ("what if we pay every quarter", False),
    ("а если платим поквартально", False),
])
def test_a_told_fact_asks_nothing(text: str, expected: bool) -> None:
    assert _tells(text) is expected


@pytest.mark.parametrize("text, expected", [
    ("fine. what does the upgrade cost per year then", False),
    ("if you change the refund policy does it apply to me", False),
    ("אם אשדרג ל-Pro זה נכנס מיד", False),
    ("шучу. сколько стоит перейти на Pro на год", False),
    ("upgrade me to pro", True), ("שדרגו אותי ל-Business", True), ("смените мне тариф на Pro", True),
    ("ok, upgrade to pro and what about the invoice", True),
])
def test_a_clause_that_asks_is_no_plan_change(saas, text: str, expected: bool) -> None:  # type: ignore[no-untyped-def]
    assert wants_plan_change(text, saas) is expected
