"""Round 11, tuner B (topics and follow-ups): own wordings of each cause fixed, the word-level readings
and the follow-up decisions they feed (issue 12)."""

from __future__ import annotations

import pytest
from sqlalchemy.engine import Engine

from handlers.billing.plan_change import wants_plan_change
from handlers.dialogue.entities import extract
from knowledge.normalize import analyze, tokenize
from tests.conftest import FixedClock
from tests.handlers.dialogue_utils import add_customer, say, workspace

REMOTE = "remote-support"
TOM = "+972502311901"


@pytest.mark.parametrize(("text", "stretches"), [
    ("and is the handling fee refunded too?", True),
    ("does that go for weekends as well?", True),
    ("וזה חל גם על השבת?", True),
    ("а выходные тоже?", True),
    ("Also, how do I pay by card?", False),  # a lead-in before a comma opens a question of its own
    ("И также: где мои купоны?", False),
    ("and if I open two calls on the same day?", False),  # "the same" is no "too"
])
def test_a_case_stretched_by_too_and_not_a_lead_in(text: str, stretches: bool) -> None:
    assert extract(text, workspace(REMOTE)).stretches is stretches


def test_hebrew_prefix_glued_to_a_product_name_leaves_the_name_a_word() -> None:
    assert tokenize("מה יוצא לי מלעבור לWB Cloud?")[-2:] == ["wb", "cloud"]
    assert "whatsapp" in tokenize("בעיה בWhatsApp")


def test_support_chat_shorthand_is_spelled_out() -> None:
    assert analyze("wat r ur hrs for suprt", "en").tokens == ("hours", "support")


@pytest.mark.parametrize(("text", "absent"), [
    ("we'd like a cheaper plan", "wed"),  # "wed" is the stem of "wedding"
    ("we're on the Pro plan", "were"),
    ("I'll be abroad in May", "ill"),
])
def test_pronoun_contractions_are_spelled_out_for_retrieval(text: str, absent: str) -> None:
    assert absent not in tokenize(text)


@pytest.mark.parametrize(("text", "wants"), [
    ("we'd like to go from Business to Pro, how does that work?", False),
    ("רוצים לעבור מביזנס לפרו, איך זה עובד?", False),
    ("хотим сменить Business на Pro, как это происходит?", False),
    ("I want to switch to Pro please", True),  # the wish alone still asks for the change
    ("хочу перейти на Pro", True),
])
def test_a_plan_change_wished_for_with_how_it_works_asks_the_rule(text: str, wants: bool) -> None:
    assert wants_plan_change(text) is wants


@pytest.mark.parametrize(("text", "lang", "present", "absent"), [
    ("will we lose the data right away?", "en", "@urgent", "@access"),
    ("will we lose the data right away?", "en", "@urgent", "@vacation"),
    ("I'll be away for two months", "en", "@vacation", "@urgent"),
    ("a call of March on my April invoice", "en", "@month_name", "@access"),
    ("заявка от 30 апреля в счёте за май", "ru", "@month_name", "@access"),
    ("קריאה מסוף יוני בחשבון של יולי", "he", "@month_name", "@access"),
])
def test_thesaurus_reads_when_and_months_not_rights_or_travel(text: str, lang: str, present: str,
                                                             absent: str) -> None:
    concepts = analyze(text, lang).concepts  # type: ignore[arg-type]
    assert present in concepts and absent not in concepts


def test_may_the_verb_is_no_month() -> None:
    assert "@month_name" not in analyze("may I pay by card?", "en").concepts


@pytest.fixture
def tom(engine: Engine, clock: FixedClock) -> None:
    add_customer(engine, REMOTE, TOM, "monthly", clock.now)


@pytest.mark.parametrize(("first", "topic", "follow", "expected"), [
    # the case is covered by the last answer: kept, though alone it reads as another topic
    ("how would I shut my account down with you?", "close-account",
     "and if one of my calls is still open then?", "close-account"),
    ("איך סוגרים אצלכם את החשבון?", "close-account", "ואם יש לי קריאה שעוד בטיפול?", "close-account"),
    # a case with a topic of its own that the message alone names surely: that topic
    ("what do you cover in remote support?", "service-scope", "and if you can't fix it?", "no-fix-no-pay"),
    # a lead-in "also," opens a question of its own
    ("how would I shut my account down with you?", "close-account",
     "Also, is the remote connection safe?", "remote-session-security"),
])
def test_an_and_if_case_keeps_the_topic_unless_it_names_its_own(
        engine: Engine, clock: FixedClock, tom: None, first: str, topic: str, follow: str, expected: str) -> None:
    assert say(engine, REMOTE, TOM, first, clock.now).topic == topic
    assert say(engine, REMOTE, TOM, follow, clock.now).topic == expected


def test_when_after_a_person_was_asked_is_the_request_status(engine: Engine, clock: FixedClock, tom: None) -> None:
    """"and when will that be?" right after the request went to a person is its status, not a question for
    the knowledge base; without a request waiting it stays what the rules made of it."""
    assert say(engine, REMOTE, TOM, "need a technician, my printer is offline", clock.now).intent == "human"
    assert say(engine, REMOTE, TOM, "and when will that be?", clock.now).intent == "ticket_status"


def test_when_with_no_request_waiting_is_no_status(engine: Engine, clock: FixedClock, tom: None) -> None:
    assert say(engine, REMOTE, TOM, "how would I shut my account down with you?", clock.now).topic == "close-account"
    assert say(engine, REMOTE, TOM, "and when will that be?", clock.now).intent != "ticket_status"
