"""FAQ: answer from the workspace's own knowledge base, or leave the turn to the fallback.

The answer fits the question (handlers/dialogue/fitting.py): a question that names a plan, a
period or an event gets that part of the topic first, with the rest on request; a follow-up
("ולשלושה חודשים?") is answered from the previous turn's topic.
"""

from __future__ import annotations

from typing import Any

from handlers.dialogue import flow as dialogue
from handlers.dialogue.fitting import fit
from handlers.turn import Turn, TurnResult

FOLLOWUP_CONFIDENCE = 0.6


def handle(turn: Turn) -> TurnResult | None:
    """Answers only when retrieval is confident (or the topic carries on); otherwise None."""
    found = dialogue.reading(turn)
    answer = lookup(turn)
    topic_id = answer.topic if answer is not None else None
    confidence = answer.confidence if answer is not None else 0.0
    inherited: set[str] = set()
    if found is not None and found.followup_topic and (
            topic_id in (None, found.followup_topic)
            or (found.entities.followup and not dialogue.stands_alone(found))):  # "and ...?" keeps the topic
        if topic_id != found.followup_topic:
            confidence = FOLLOWUP_CONFIDENCE
        topic_id, inherited = found.followup_topic, found.inherited
    if topic_id is None:
        return None
    topic = _topic(turn, topic_id)
    if topic is None:
        return None
    asked = found.entities.tags() if found is not None else set()
    lang = answer.lang if answer is not None else turn.lang
    names = _names(turn, found)
    if turn.ctx.answerer is not None and answer is not None and answer.topic == topic_id and not asked:
        reply, fitted = answer.answer, False  # the model phrased it for this question already
    else:
        shaped = fit(topic, lang, asked=asked, inherited=inherited, names=names, channel=turn.inbound.channel)
        reply, fitted = shaped.reply, shaped.fitted
    data: dict[str, Any] = {"fitted": fitted, "asked_tags": sorted(asked | inherited)}
    if fitted:
        data["proposal"] = {"kind": "more", "topic": topic_id}
    return turn.result(reply, intent="faq", topic=topic_id, confidence=confidence, lang=lang, data=data)


def _topic(turn: Turn, topic_id: str):  # type: ignore[no-untyped-def]
    registry = turn.ctx.knowledge
    kb = registry.get(turn.workspace.slug) if registry is not None else None
    return kb.topic(topic_id) if kb is not None else None


def _names(turn: Turn, found: dialogue.Reading | None) -> list[str]:
    """How the plan the question names is written, for topics that have no facts."""
    if found is None or found.entities.plan is None:
        return []
    spec = turn.workspace.plans.get(found.entities.plan)
    return [found.entities.plan, *(spec.name.values() if spec else [])]


def lookup(turn: Turn):  # type: ignore[no-untyped-def]
    from knowledge.answer import answer_question

    registry = turn.ctx.knowledge
    if registry is None:
        return None
    kb = registry.get(turn.workspace.slug)
    if kb is None:
        return None
    if turn.ctx.answerer is not None:
        return turn.ctx.answerer.answer(kb, turn.inbound.text, turn.lang)
    return answer_question(kb, turn.inbound.text, turn.lang)
