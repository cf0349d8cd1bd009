"""Optional LLM layer: embeddings re-ranking and grounded answers, with an offline fallback.

With an OpenAI(-compatible) key the bot can phrase an answer for the exact question asked,
but only from the answers of the topics retrieval found: the model sees those topics, must
cite the one it used, and must refuse (topic null) when none covers the question. Anything
else - a topic id it was not given, broken JSON, a timeout, a server error - falls back to
the offline answer, so the bot never depends on the LLM being up or well-behaved. The
customer's text goes only in the user role, never into the system prompt.
"""

from __future__ import annotations

import json
import logging
import math
from dataclasses import dataclass
from typing import Any

import openai
from openai import AsyncOpenAI, OpenAI

from knowledge.answer import Answer, answer_question, fallback_message
from knowledge.kb import KnowledgeBase
from knowledge.language import detect_language
from knowledge.retrieval import Retrieval, ScoredTopic, retrieve
from knowledge.types import Lang

log = logging.getLogger(__name__)

LANGUAGE_NAMES: dict[Lang, str] = {"he": "Hebrew", "en": "English", "ru": "Russian"}
SYSTEM_PROMPT = """You are the customer-support assistant of one business. Answer the customer's \
message using ONLY the knowledge-base topics below; never add facts, prices, dates or promises \
that are not written there. Reply in {language}, briefly, in plain text suitable for WhatsApp.
If none of the topics answers the message, do not answer it: set "topic" to null.
Reply with one JSON object and nothing else: {{"topic": "<id of the topic you used, or null>", \
"answer": "<your reply>"}}.

Topics:
{topics}"""
# Errors after which the offline answer is used; anything else is a bug and should surface.
# (json.JSONDecodeError is a ValueError.)
FALLBACK_ERRORS = (openai.OpenAIError, ValueError, KeyError, TypeError)


@dataclass(frozen=True, slots=True)
class _Draft:
    """What the model said, before it is checked against the topics it was given."""

    topic: str | None
    answer: str


class LLMAnswerer:
    """Grounded answers from a chat model; offline retrieval stays the source of truth."""

    def __init__(
        self,
        api_key: str,
        base_url: str | None,
        model: str,
        embedding_model: str | None,
        timeout: float,
        *,
        max_retries: int = 0,
        candidates: int = 3,
    ) -> None:
        options: dict[str, Any] = {"api_key": api_key, "timeout": timeout, "max_retries": max_retries}
        if base_url:
            options["base_url"] = base_url
        self.model = model
        self.embedding_model = embedding_model
        self.candidates = candidates
        self._client = OpenAI(**options)
        self._aclient = AsyncOpenAI(**options)
        self._topic_vectors: dict[tuple[int, str, Lang], list[float]] = {}

    # -- prompts ---------------------------------------------------------------------------

    def _candidates(self, kb: KnowledgeBase, found: Retrieval) -> list[str]:
        return [s.topic for s in found.ranked[: self.candidates] if s.topic in kb.topics]

    def _messages(self, kb: KnowledgeBase, text: str, lang: Lang, topic_ids: list[str]) -> list[dict[str, str]]:
        blocks = []
        for topic_id in topic_ids:
            topic = kb.topics[topic_id]
            blocks.append(f"[{topic_id}] {topic.title.get(lang)}\n{topic.answer.get(lang).strip()}")
        system = SYSTEM_PROMPT.format(language=LANGUAGE_NAMES[lang], topics="\n\n".join(blocks))
        return [{"role": "system", "content": system}, {"role": "user", "content": text}]

    @staticmethod
    def _parse(content: str | None) -> _Draft:
        raw = (content or "").strip()
        if raw.startswith("```"):  # models like to fence JSON
            raw = raw.strip("`").removeprefix("json").strip()
        data = json.loads(raw)
        if not isinstance(data, dict):
            raise ValueError("the model did not reply with a JSON object")
        topic = data.get("topic")
        return _Draft(topic=str(topic) if topic else None, answer=str(data.get("answer") or "").strip())

    def _check(self, kb: KnowledgeBase, draft: _Draft, offered: list[str], lang: Lang, found: Retrieval) -> Answer:
        """Accept the draft only if it is grounded in a topic it was given, else raise."""
        if draft.topic is None:
            return Answer(workspace=kb.workspace, topic=None, lang=lang, confidence=0.0, answer=fallback_message(lang))
        if draft.topic not in offered:
            raise ValueError(f"model cited topic {draft.topic!r}, not one of {offered}")
        if not draft.answer:
            raise ValueError("model returned an empty answer")
        # Offline confidence holds when the model agrees with retrieval's first choice.
        confidence = found.confidence if found.ranked and found.ranked[0].topic == draft.topic else 0.5
        return Answer(workspace=kb.workspace, topic=draft.topic, lang=lang, confidence=confidence, answer=draft.answer)

    # -- embeddings re-ranking --------------------------------------------------------------

    def _topic_text(self, kb: KnowledgeBase, topic_id: str, lang: Lang) -> str:
        topic = kb.topics[topic_id]
        return " | ".join([topic.title.get(lang), *topic.examples.get(lang)])

    def rerank(self, kb: KnowledgeBase, text: str, found: Retrieval) -> Retrieval:
        """Re-order the top candidates by embedding similarity mixed with the offline score.

        Topic vectors are cached per KB object, so a reloaded KB is embedded afresh.
        """
        if not self.embedding_model or not found.ranked:
            return found
        offered = self._candidates(kb, found)
        missing = [t for t in offered if (id(kb), t, found.lang) not in self._topic_vectors]
        inputs = [text] + [self._topic_text(kb, t, found.lang) for t in missing]
        result = self._client.embeddings.create(model=self.embedding_model, input=inputs)
        vectors = [d.embedding for d in sorted(result.data, key=lambda d: d.index)]
        for topic_id, vector in zip(missing, vectors[1:], strict=True):
            self._topic_vectors[(id(kb), topic_id, found.lang)] = vector
        query = vectors[0]
        mixed = [
            ScoredTopic(
                s.topic, 0.5 * s.score + 0.5 * _cosine(query, self._topic_vectors[(id(kb), s.topic, found.lang)])
            )
            for s in found.ranked
            if s.topic in offered
        ]
        mixed.sort(key=lambda s: -s.score)
        return Retrieval(topic=found.topic, confidence=found.confidence, lang=found.lang, ranked=tuple(mixed))

    # -- public API -------------------------------------------------------------------------

    def answer(self, kb: KnowledgeBase, text: str, lang: Lang | None = None) -> Answer:
        """A grounded LLM answer, or the offline answer when the LLM fails or misbehaves."""
        lang = lang or detect_language(text)
        found = retrieve(kb, text, lang)
        try:
            found = self.rerank(kb, text, found)
        except FALLBACK_ERRORS as exc:
            log.warning("embedding re-rank skipped: %s", exc)
        offered = self._candidates(kb, found)
        if not offered:
            return answer_question(kb, text, lang)
        try:
            reply = self._client.chat.completions.create(
                model=self.model,
                messages=self._messages(kb, text, lang, offered),  # type: ignore[arg-type]
                temperature=0,
            )
            return self._check(kb, self._parse(reply.choices[0].message.content), offered, lang, found)
        except FALLBACK_ERRORS as exc:
            log.warning("LLM answer failed, using the offline answer: %s", exc)
            return answer_question(kb, text, lang)

    async def aanswer(self, kb: KnowledgeBase, text: str, lang: Lang | None = None) -> Answer:
        """`answer` for async callers (no embeddings re-rank, to keep the webhook path short)."""
        lang = lang or detect_language(text)
        found = retrieve(kb, text, lang)
        offered = self._candidates(kb, found)
        if not offered:
            return answer_question(kb, text, lang)
        try:
            reply = await self._aclient.chat.completions.create(
                model=self.model,
                messages=self._messages(kb, text, lang, offered),  # type: ignore[arg-type]
                temperature=0,
            )
            return self._check(kb, self._parse(reply.choices[0].message.content), offered, lang, found)
        except FALLBACK_ERRORS as exc:
            log.warning("LLM answer failed, using the offline answer: %s", exc)
            return answer_question(kb, text, lang)

    # -- structured understanding (handlers/dialogue/model.py) -------------------------------

    def understand(self, text: str, lang: Lang, history: list[tuple[str, str]], context: dict[str, Any],
                   intents: list[str], plans: list[str]) -> Understanding | None:
        """The model's reading of the last message with the turns before it, or None on any failure.

        The answer is held to a strict JSON schema and checked again here (an intent or plan it was
        not offered is a failure); the caller still lets the offline rules win for opt-out and abuse,
        and entitlement is never the model's to decide.
        """
        schema = understanding_schema(intents, plans)
        messages = [{"role": "system", "content": UNDERSTAND_PROMPT.format(
            language=LANGUAGE_NAMES[lang], context=json.dumps(context, ensure_ascii=False))}]
        messages += [{"role": "assistant" if who == "bot" else "user", "content": said} for who, said in history]
        messages.append({"role": "user", "content": text})
        try:
            reply = self._client.chat.completions.create(
                model=self.model, messages=messages, temperature=0,  # type: ignore[arg-type]
                response_format={"type": "json_schema",  # type: ignore[arg-type]
                                 "json_schema": {"name": "understanding", "strict": True, "schema": schema}},
            )
            return Understanding.parse(reply.choices[0].message.content, intents, plans)
        except FALLBACK_ERRORS as exc:
            log.warning("LLM understanding failed, keeping the offline reading: %s", exc)
            return None

    def close(self) -> None:
        self._client.close()


UNDERSTAND_PROMPT = """You read one customer message of a support conversation (the customer writes \
in {language}). Use the earlier turns only to understand the last message. Reply with JSON only.
- intent: what the last message wants, one of the allowed values ("faq" for a question about the \
business's rules or prices).
- followup: true when the message only makes sense with the previous turn ("and for 3 months?", \
"which of them is cheaper?", "and for a bar mitzvah?").
- correction: true when it corrects a value the customer just gave ("wait, actually 2").
- answers_proposal: "yes" or "no" when it answers the bot's last question or offer, else "none".
- plan, period, months, party_size, event: what the message (read with the previous turns) names, \
else null. period is monthly, quarterly or annual; event is wedding, private or business.
What the bot remembers of the conversation: {context}"""


@dataclass(frozen=True, slots=True)
class Understanding:
    """The model's structured reading of one message (validated against what it was offered)."""

    intent: str
    followup: bool
    correction: bool
    answers_proposal: str  # yes | no | none
    plan: str | None
    period: str | None
    months: int | None
    party_size: int | None
    event: str | None

    @classmethod
    def parse(cls, content: str | None, intents: list[str], plans: list[str]) -> Understanding:
        data = json.loads((content or "").strip())
        if not isinstance(data, dict):
            raise ValueError("the model did not reply with a JSON object")
        found = cls(intent=str(data["intent"]), followup=bool(data["followup"]), correction=bool(data["correction"]),
                    answers_proposal=str(data["answers_proposal"]), plan=data["plan"], period=data["period"],
                    months=data["months"], party_size=data["party_size"], event=data["event"])
        if found.intent not in intents or found.answers_proposal not in ANSWERS:
            raise ValueError(f"model reading outside the schema: {found.intent!r} / {found.answers_proposal!r}")
        if found.plan is not None and found.plan not in plans or found.period not in (None, *PERIODS) \
                or found.event not in (None, *EVENTS):
            raise ValueError("model named a plan, period or event it was not offered")
        for number in (found.months, found.party_size):
            if number is not None and (not isinstance(number, int) or not 0 < number <= MAX_COUNT):
                raise ValueError(f"model gave an impossible count {number!r}")
        return found


ANSWERS = ("yes", "no", "none")
PERIODS = ("monthly", "quarterly", "annual")
EVENTS = ("wedding", "private", "business")
MAX_COUNT = 99


def understanding_schema(intents: list[str], plans: list[str]) -> dict[str, Any]:
    """Strict structured output: every field required, nothing else allowed, enums for the choices."""
    def nullable(kind: str, choices: list[str] | tuple[str, ...] | None = None) -> dict[str, Any]:
        spec: dict[str, Any] = {"type": [kind, "null"]}
        if choices:
            spec["enum"] = [*choices, None]
        return spec

    properties = {
        "intent": {"type": "string", "enum": intents},
        "followup": {"type": "boolean"},
        "correction": {"type": "boolean"},
        "answers_proposal": {"type": "string", "enum": list(ANSWERS)},
        "plan": nullable("string", plans),
        "period": nullable("string", PERIODS),
        "months": nullable("integer"),
        "party_size": nullable("integer"),
        "event": nullable("string", EVENTS),
    }
    return {"type": "object", "properties": properties, "required": list(properties), "additionalProperties": False}


# The name the service wiring uses (bot/services.py).
GroundedAnswerer = LLMAnswerer


def _cosine(a: list[float], b: list[float]) -> float:
    dot = sum(x * y for x, y in zip(a, b, strict=False))
    norm = math.sqrt(sum(x * x for x in a)) * math.sqrt(sum(y * y for y in b))
    return dot / norm if norm else 0.0
