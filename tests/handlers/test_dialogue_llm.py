"""With an OpenAI key: the model reads a message the offline path could not place, as strict
structured output; the offline rules keep opt-out, abuse and entitlement; any failure keeps the
offline fallback. The real openai client talks to the local fake server."""

from __future__ import annotations

import json
from typing import Any

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from bot.core.models import Contact
from knowledge.llm import LLMAnswerer
from tests.conftest import FixedClock
from tests.fakes.fake_openai import FakeOpenAI, Script
from tests.handlers.dialogue_utils import add_customer, say

MSG = "msg-software"
DANA = "+972502349951"
GIBBERISH = "xyzzy plover frobozz?"


def answerer(fake: FakeOpenAI, timeout: float = 5.0) -> LLMAnswerer:
    return LLMAnswerer(api_key="test-key", base_url=fake.base_url, model="fake-chat", embedding_model=None,
                       timeout=timeout)


def reading(**fields: Any) -> str:
    base: dict[str, Any] = {"intent": "faq", "followup": False, "correction": False, "answers_proposal": "none",
                            "plan": None, "period": None, "months": None, "party_size": None, "event": None}
    return json.dumps({**base, **fields})


def understand_requests(fake: FakeOpenAI) -> list[dict[str, Any]]:
    return [r for r in fake.requests if r["path"] == "chat" and "response_format" in r]


def test_model_resolves_a_follow_up_the_rules_missed(engine: Engine, clock: FixedClock,
                                                     fake_openai: FakeOpenAI) -> None:
    add_customer(engine, MSG, DANA, "advanced", clock.now)
    llm = answerer(fake_openai)
    fake_openai.script.content = json.dumps({"topic": "maintenance-plans",
                                             "answer": "LLM: Essential is 297 or 970 ILS."})
    first = say(engine, MSG, DANA, "how much is Essential?", clock.now, answerer=llm)
    assert first.topic == "maintenance-plans"
    fake_openai.script.content = reading(followup=True, period="quarterly")
    second = say(engine, MSG, DANA, GIBBERISH, clock.now, answerer=llm)
    assert second.topic == "maintenance-plans" and second.intent == "faq"
    assert "297" in (second.reply or "") and "970" not in (second.reply or "")
    [request] = understand_requests(fake_openai)
    spec = request["response_format"]
    assert spec["type"] == "json_schema" and spec["json_schema"]["strict"] is True
    schema = spec["json_schema"]["schema"]
    assert schema["additionalProperties"] is False and set(schema["required"]) == set(schema["properties"])
    assert "opt_out" not in schema["properties"]["intent"]["enum"]
    said = [m["content"] for m in request["messages"]]
    assert "how much is Essential?" in said and said[-1] == GIBBERISH  # the last turns, then the message
    assert "maintenance-plans" in request["messages"][0]["content"]  # the stored state


def test_answered_turns_cost_no_understanding_call(engine: Engine, clock: FixedClock, fake_openai: FakeOpenAI) -> None:
    fake_openai.script.content = json.dumps({"topic": "maintenance-plans", "answer": "LLM: prices."})
    say(engine, MSG, DANA, "how much is Essential?", clock.now, answerer=answerer(fake_openai))
    assert understand_requests(fake_openai) == []


def test_the_model_cannot_opt_a_customer_out(engine: Engine, clock: FixedClock, fake_openai: FakeOpenAI) -> None:
    fake_openai.script.content = reading(intent="opt_out")  # outside the schema's enum: refused as a bad reading
    result = say(engine, MSG, DANA, GIBBERISH, clock.now, answerer=answerer(fake_openai))
    assert result.intent == "unknown"
    with Session(engine) as session:
        assert session.exec(select(Contact)).one().opted_out is False


def test_a_person_asked_through_the_model_is_still_checked_for_entitlement(engine: Engine, clock: FixedClock,
                                                                          fake_openai: FakeOpenAI) -> None:
    add_customer(engine, MSG, DANA, "essential", clock.now)
    fake_openai.script.content = reading(intent="human")
    result = say(engine, MSG, DANA, GIBBERISH, clock.now, answerer=answerer(fake_openai))
    assert (result.intent, result.handoff, result.ticket) == ("human", "denied", "none")


def test_the_model_answers_the_pending_proposal(engine: Engine, clock: FixedClock, fake_openai: FakeOpenAI) -> None:
    add_customer(engine, MSG, DANA, "advanced", clock.now)
    llm = answerer(fake_openai)
    fake_openai.script.content = reading(intent="unknown")
    offer = say(engine, MSG, DANA, "who won the football match yesterday?", clock.now, answerer=llm)
    assert offer.data["proposal"] == {"kind": "human"}
    fake_openai.script.content = reading(intent="unknown", answers_proposal="yes")
    taken = say(engine, MSG, DANA, "that works for me", clock.now, answerer=llm)
    assert (taken.intent, taken.handoff) == ("human", "human")


@pytest.mark.parametrize("content", ["not json", reading(plan="platinum"), reading(months=500),
                                     json.dumps({"intent": "faq"})])
def test_a_malformed_reading_keeps_the_offline_fallback(engine: Engine, clock: FixedClock, fake_openai: FakeOpenAI,
                                                        content: str) -> None:
    fake_openai.script.content = content
    result = say(engine, MSG, DANA, GIBBERISH, clock.now, answerer=answerer(fake_openai))
    assert result.intent == "unknown" and result.topic is None and len(understand_requests(fake_openai)) == 1


def test_a_timeout_keeps_the_offline_fallback(engine: Engine, clock: FixedClock, fake_openai: FakeOpenAI) -> None:
    fake_openai.script = Script(content=reading(intent="human"), delay=1.0)
    result = say(engine, MSG, DANA, GIBBERISH, clock.now, answerer=answerer(fake_openai, timeout=0.3))
    assert result.intent == "unknown" and result.handoff == "none"
