"""The LLM layer against a local fake OpenAI-compatible server, through the real client."""

from __future__ import annotations

import asyncio
import json

import pytest

from knowledge.answer import answer_question, fallback_message
from knowledge.llm import LLMAnswerer
from tests.fakes.fake_openai import FakeOpenAI


def _llm(fake: FakeOpenAI, *, timeout: float = 5.0, embeddings: bool = False) -> LLMAnswerer:
    return LLMAnswerer(
        api_key="test-key",
        base_url=fake.base_url,
        model="fake-chat",
        embedding_model="fake-embed" if embeddings else None,
        timeout=timeout,
    )


def _reply(topic: str | None, answer: str) -> str:
    return json.dumps({"topic": topic, "answer": answer}, ensure_ascii=False)


def test_grounded_answer_cites_a_retrieved_topic(fake_openai: FakeOpenAI, small_kb) -> None:
    fake_openai.script.content = _reply("refund", "Yes - within 14 days of the charge you get your money back.")
    answer = _llm(fake_openai).answer(small_kb, "I paid yesterday, can I still get my money back?")
    assert answer.topic == "refund"
    assert answer.lang == "en"
    assert answer.answer.startswith("Yes - within 14 days")

    request = fake_openai.requests[-1]
    system, user = request["messages"]
    assert system["role"] == "system" and "[refund]" in system["content"] and "English" in system["content"]
    assert "14 days" in system["content"], "the topic answer is the grounding"
    assert user == {"role": "user", "content": "I paid yesterday, can I still get my money back?"}
    assert request["model"] == "fake-chat"


def test_refuses_outside_the_kb(fake_openai: FakeOpenAI, small_kb) -> None:
    fake_openai.script.content = _reply(None, "")
    answer = _llm(fake_openai).answer(small_kb, "מה עם ההחזר על הנעליים שקניתי בחנות אחרת?")
    assert answer.topic is None
    assert answer.lang == "he"
    assert answer.answer == fallback_message("he")


def test_unknown_topic_cited_falls_back_to_offline(fake_openai: FakeOpenAI, small_kb) -> None:
    fake_openai.script.content = _reply("free-pizza", "Every customer gets a free pizza!")
    question = "How do I get a refund?"
    answer = _llm(fake_openai).answer(small_kb, question)
    assert answer == answer_question(small_kb, question)
    assert "pizza" not in answer.answer


@pytest.mark.parametrize("content", ["not json at all", "[1, 2]", '```json\n{"topic": "refund"}\n```'])
def test_malformed_replies_fall_back_to_offline(fake_openai: FakeOpenAI, small_kb, content: str) -> None:
    fake_openai.script.content = content
    question = "Можно заморозить подписку?"
    assert _llm(fake_openai).answer(small_kb, question) == answer_question(small_kb, question)


def test_timeout_falls_back_to_offline(fake_openai: FakeOpenAI, small_kb) -> None:
    fake_openai.script.content = _reply("refund", "too late")
    fake_openai.script.delay = 1.0
    question = "How do I get a refund?"
    answer = _llm(fake_openai, timeout=0.2).answer(small_kb, question)
    assert answer == answer_question(small_kb, question)
    assert answer.answer != "too late"


def test_server_error_falls_back_to_offline(fake_openai: FakeOpenAI, small_kb) -> None:
    fake_openai.script.status = 500
    question = "מה שעות הפעילות של התמיכה?"
    answer = _llm(fake_openai).answer(small_kb, question)
    assert answer == answer_question(small_kb, question)
    assert answer.topic == "support-hours"


def test_async_answer(fake_openai: FakeOpenAI, small_kb) -> None:
    fake_openai.script.content = _reply("subscription-freeze", "Можно, до трёх месяцев в году.")
    answer = asyncio.run(_llm(fake_openai).aanswer(small_kb, "Можно заморозить подписку?"))
    assert (answer.topic, answer.lang, answer.answer) == ("subscription-freeze", "ru", "Можно, до трёх месяцев в году.")


def test_async_server_error_falls_back(fake_openai: FakeOpenAI, small_kb) -> None:
    fake_openai.script.status = 503
    question = "Можно заморозить подписку?"
    assert asyncio.run(_llm(fake_openai).aanswer(small_kb, question)) == answer_question(small_kb, question)


def test_embeddings_rerank_and_cache(fake_openai: FakeOpenAI, small_kb) -> None:
    fake_openai.script.content = _reply("refund", "Within 14 days.")
    llm = _llm(fake_openai, embeddings=True)
    assert llm.answer(small_kb, "How do I get a refund?").topic == "refund"
    first = [r for r in fake_openai.requests if r["path"] == "embeddings"]
    assert first and first[0]["model"] == "fake-embed" and first[0]["input"][0] == "How do I get a refund?"
    fake_openai.requests.clear()
    llm.answer(small_kb, "refund policy")
    again = [r for r in fake_openai.requests if r["path"] == "embeddings"]
    assert all(len(r["input"]) < len(first[0]["input"]) for r in again), "topic vectors are cached"
