"""Answer one customer question from a workspace's knowledge base, offline.

This is what `bot ask` prints and what the conversation pipeline uses for FAQ turns. The
reply is always in the question's language; when retrieval finds no topic, the reply is the
honest "I don't know" text from `messages.yaml`, which tells the customer how to go on.
"""

from __future__ import annotations

from pydantic import BaseModel, Field

# The answering itself lives in knowledge.answering (no pydantic there, for `bot ask`).
from knowledge.answering import (  # noqa: F401  (importable from here, as before)
    MAX_PARTS,
    MESSAGES_FILE,
    PART_CONFIDENCE,
    fallback_message,
    reply_to,
    split_questions,
)
from knowledge.kb import KnowledgeBase
from knowledge.retrieval import RetrievalConfig
from knowledge.types import Lang


class Answer(BaseModel):
    """The `bot ask --json` object; `topic` is None when the bot does not know."""

    workspace: str
    topic: str | None
    lang: Lang
    confidence: float = Field(ge=0.0, le=1.0)
    answer: str
    # Every topic answered, in the order the message asks them; empty for a one-question answer.
    # Not in `bot ask --json` (the contract fixes its keys), hence exclude.
    parts: list[str] = Field(default_factory=list, exclude=True)


def answer_question(
    kb: KnowledgeBase,
    text: str,
    lang: Lang | None = None,
    *,
    config: RetrievalConfig | None = None,
) -> Answer:
    """The KB's answer to `text` in its language (detected unless given), part by part when
    the message asks several things (see the module docstring)."""
    reply = reply_to(kb, text, lang, config=config)
    return Answer(workspace=reply.workspace, topic=reply.topic, lang=reply.lang, confidence=reply.confidence,
                  answer=reply.answer, parts=list(reply.parts))
