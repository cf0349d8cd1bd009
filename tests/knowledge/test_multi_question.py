"""Two questions in one message (issue 12): each part that passes the gate is answered, the
whole message's answer is kept when it passes, and `bot ask --json` keeps its contract keys."""

from __future__ import annotations

import pytest

from knowledge.answer import answer_question, split_questions
from knowledge.kb import load_knowledge_base
from tests.knowledge.conftest import BASES


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ("how much is Essential? and can I freeze it?", ["how much is Essential", "can I freeze it"]),
        ("כמה עולה Essential ואפשר להקפיא?", ["כמה עולה Essential", "ואפשר להקפיא"]),
        ("вы делаете логотипы? и во сколько работает поддержка?",
         ["вы делаете логотипы", "во сколько работает поддержка"]),
        ("cancel and refund my plan", ["cancel and refund my plan"]),  # a bare "and" joins one request
        ("hi, how do I cancel?", ["hi, how do I cancel?"]),
        ("Привет! как отменить подписку?", ["Привет! как отменить подписку?"]),  # a greeting is no question
    ],
)
def test_split_questions(text: str, parts: list[str]) -> None:
    assert split_questions(text) == parts


def test_an_unanswerable_first_question_does_not_sink_the_second() -> None:
    kb = load_knowledge_base(BASES / "remote-support")
    answer = answer_question(kb, "are your technicians certified? is it safe to let you connect?")
    assert answer.topic == "remote-session-security"


@pytest.mark.parametrize(
    "text",
    ["כמה עולה Essential ואפשר להקפיא?", "how much is Essential? and can I freeze it?",
     "сколько стоит Essential? и можно ли его заморозить?"],
)
def test_both_questions_answered_in_message_order(text: str) -> None:
    kb = load_knowledge_base(BASES / "msg-software")
    answer = answer_question(kb, text)
    assert answer.parts == ["maintenance-plans", "no-freeze"]
    assert "297" in answer.answer
    assert answer.answer.index("297") < answer.answer.index(kb.topic("no-freeze").answer.get(answer.lang).strip()[:20])
    assert set(answer.model_dump()) == {"workspace", "topic", "lang", "confidence", "answer"}


def test_one_question_keeps_its_whole_message_answer() -> None:
    kb = load_knowledge_base(BASES / "msg-software")
    answer = answer_question(kb, "אפשר להקפיא את המנוי לחודשיים?")
    assert answer.topic == "no-freeze"
    assert answer.parts == []


def test_off_topic_questions_stay_unanswered() -> None:
    kb = load_knowledge_base(BASES / "web-agency")
    assert answer_question(kb, "what's the weather? who won the game?").topic is None


@pytest.mark.parametrize(
    "text", ["אני רוצה לחדש את המנוי", "how do I renew?", "подписка закончилась, как её возобновить?"]
)
def test_renewal_is_not_answered_with_cancellation(text: str) -> None:
    kb = load_knowledge_base(BASES / "saas-billing")
    assert answer_question(kb, text).topic == "data-after-cancel"


def test_a_doubtful_part_does_not_answer_a_message_nothing_else_matched() -> None:
    kb = load_knowledge_base(BASES / "saas-billing")
    assert answer_question(kb, "do u take foreign credit cards? im not in israel").topic is None


@pytest.mark.parametrize(
    ("slug", "text", "needles"),
    [
        ("msg-software", "כמה עולה Essential ואפשר להקפיא?", ["297", "אי אפשר להקפיא"]),
        ("remote-support", "вы работаете в субботу? и надо ли делать бэкап перед подключением?",
         ["круглосуточно", "резервную копию"]),
        ("remote-support", "are you open on saturday? do I need to back up my files before you connect?",
         ["24 hours", "back up"]),
    ],
)
def test_several_answers_share_the_sms_budget(engine, clock, slug: str, text: str, needles: list[str]) -> None:  # type: ignore[no-untyped-def]
    from scheduler.segments import count_segments
    from tests.handlers.dialogue_utils import say

    result = say(engine, slug, "+972502369901", text, clock.now, channel="sms")
    assert all(needle in result.reply for needle in needles), result.reply
    assert count_segments(result.reply).segments <= 3
    assert len(result.data["topics"]) == 2
