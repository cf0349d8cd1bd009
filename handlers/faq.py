"""FAQ: answer from the workspace's own knowledge base, or leave the turn to the fallback."""

from __future__ import annotations

from handlers.turn import Turn, TurnResult


def handle(turn: Turn) -> TurnResult | None:
    """Answers only when retrieval is confident; otherwise returns None (honest "don't know")."""
    answer = lookup(turn)
    if answer is None or answer.topic is None:
        return None
    return turn.result(answer.answer, intent="faq", topic=answer.topic, confidence=answer.confidence,
                       lang=answer.lang)


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
