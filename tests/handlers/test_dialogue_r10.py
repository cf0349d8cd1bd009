"""Round 10 of the conversation layer (issue 12): own wordings of each cause fixed, through the
one entry point `classify_intent` with the context the pipeline gives (open ticket, person words)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy.engine import Engine

from bot.core.settings import ROOT
from bot.core.workspaces import load_workspaces
from handlers.intents import classify_intent
from tests.handlers.dialogue_utils import add_customer, say

REMOTE_WORDS = load_workspaces(ROOT / "workspaces").by_slug("remote-support").understanding.all_person_words()


def intent(text: str, lang: str = "en", **context: object) -> str:
    return classify_intent(text, lang, person_words=REMOTE_WORDS, **context).intent  # type: ignore[arg-type]


@pytest.mark.parametrize(("text", "lang"), [
    ("I messaged you on Tuesday about the scanner, any news?", "en"),
    ("any update on the scanner issue?", "en"),
    ("שלחתי לכם אתמול הודעה על הסורק, יש חדש?", "he"),
    ("פנינו אליכם לגבי החשבונית, יש תשובה?", "he"),
    ("Я вам на днях писала про сканер, есть ответ?", "ru"),
    ("Обращался к вам в понедельник, какой статус?", "ru"),
])
def test_a_request_sent_before_asked_after_is_ticket_status(text: str, lang: str) -> None:
    assert intent(text, lang) == "ticket_status"
    assert intent(text, lang, has_open_ticket=True) == "ticket_status"


@pytest.mark.parametrize(("text", "lang"), [
    ("is somebody working on my ticket about the scanner?", "en"),
    ("Что с моей заявкой? Час прошёл, никто не подключился", "ru"),
    ("כבר עברה שעה, יש משהו?", "he"),
])
def test_progress_of_an_open_request_asks_no_new_person(text: str, lang: str) -> None:
    assert intent(text, lang, has_open_ticket=True) == "ticket_status"


@pytest.mark.parametrize(("text", "lang"), [
    ("а в целом за сколько вы обещаете ответить?", "ru"),
    ("in general how fast do you promise to reply to a call?", "en"),
])
def test_the_promise_in_general_is_a_question_even_with_a_ticket_open(text: str, lang: str) -> None:
    assert intent(text, lang, has_open_ticket=True) == "faq"


@pytest.mark.parametrize(("text", "lang"), [
    ("мастер, подключитесь пожалуйста, принтер не печатает", "ru"),
    ("I need a tech, can you connect to my laptop?", "en"),
])
def test_a_remote_connection_asked_for_is_still_a_person(text: str, lang: str) -> None:
    assert intent(text, lang) == "human"


@pytest.mark.parametrize(("text", "lang"), [
    ("never mind the refund, just make sure the plan won't renew", "en"),
    ("Возврат не нужен, просто не продлевайте подписку", "ru"),
    ("ההחזר כבר לא רלוונטי, רק שלא יחייבו אותי מהחודש הבא", "he"),
])
def test_a_dropped_action_leaves_what_the_rest_asks_for(text: str, lang: str) -> None:
    assert intent(text, lang) == "cancel_subscription"


@pytest.mark.parametrize(("text", "lang"), [
    ("what happens if my plan doesn't renew?", "en"),
    ("а если подписка не продлится, что будет с данными?", "ru"),
])
def test_not_renewing_asked_about_starts_no_cancellation(text: str, lang: str) -> None:
    assert intent(text, lang) not in ("cancel_subscription", "freeze_request", "refund_request")


# Through the pipeline: the go-ahead after an action's rule, and a ticket number corrected.

SAAS, REMOTE = "saas-billing", "remote-support"
NOW = datetime(2026, 11, 22, 10, 0, tzinfo=timezone(timedelta(hours=2)))


@pytest.mark.parametrize(("rule", "go", "action"), [
    ("can a monthly plan be frozen?", "fine, do it", "freeze_request"),
    ("איך מבטלים מנוי חודשי?", "אוקיי תבטלו", "cancel_subscription"),
    ("можно ли вернуть деньги за месяц?", "да", "refund_request"),
])
def test_go_ahead_after_the_rule_asks_for_its_action(engine: Engine, rule: str, go: str, action: str) -> None:
    add_customer(engine, SAAS, "+972502349561", "pro", NOW)
    assert say(engine, SAAS, "+972502349561", rule, NOW).intent == "faq"
    assert say(engine, SAAS, "+972502349561", go, NOW + timedelta(minutes=1)).intent == action


def test_a_question_after_the_rule_starts_no_action(engine: Engine) -> None:
    add_customer(engine, SAAS, "+972502349562", "pro", NOW)
    say(engine, SAAS, "+972502349562", "can a monthly plan be frozen?", NOW)
    assert say(engine, SAAS, "+972502349562", "ok, do it for how long max?", NOW).intent not in (
        "freeze_request", "cancel_subscription", "refund_request")


def test_a_bare_yes_never_closes_a_call(engine: Engine) -> None:
    """Closing a waiting call is done at once, with no confirmation: only "close it" said goes ahead."""
    add_customer(engine, REMOTE, "+972502349563", "monthly", NOW)
    say(engine, REMOTE, "+972502349563", "can a waiting call be cancelled?", NOW)
    assert say(engine, REMOTE, "+972502349563", "yes", NOW).intent != "ticket_close"


def test_a_corrected_ticket_number_is_still_about_the_ticket(engine: Engine) -> None:
    add_customer(engine, REMOTE, "+972502349564", "monthly", NOW)
    assert say(engine, REMOTE, "+972502349564", "what's the status of RS-1201?", NOW).intent == "ticket_status"
    assert say(engine, REMOTE, "+972502349564", "sorry, typo: RS-1210", NOW).intent == "ticket_status"


@pytest.mark.parametrize(("slug", "text", "leans"), [
    ("msg-software", "וזה בתשלום אצלי או שזה חלק מהמנוי?", True),
    ("remote-support", "and if you can't fix it?", False),  # a new eventuality: its own topic
    ("msg-software", "а это для меня платно или входит в обслуживание?", True),
    ("msg-software", "and if I simply stop paying for a while?", False),  # a course of the customer's own
    ("msg-software", "а если мы перейдём на облако?", False),
    ("saas-billing", "and how long does it take to get the money?", False),  # asks its own question
    ("saas-billing", "how long does it take?", False),  # no "and"
])
def test_which_and_questions_lean_on_the_last_one(slug: str, text: str, leans: bool) -> None:
    from handlers.dialogue.entities import extract
    from handlers.dialogue.flow import _leans_on_last

    found = load_workspaces(ROOT / "workspaces").by_slug(slug)
    assert found is not None
    assert _leans_on_last(extract(text, found)) is leans


def test_every_topic_tied_to_an_action_is_a_topic_of_its_knowledge_base() -> None:
    from tests.handlers.dialogue_utils import KNOWLEDGE, WORKSPACES

    for found in WORKSPACES:
        kb = KNOWLEDGE.get(found.slug)
        for topic_id in found.understanding.topic_actions:
            assert kb is not None and kb.topic(topic_id) is not None, (found.slug, topic_id)
