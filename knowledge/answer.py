"""Answer one customer question from a workspace's knowledge base, offline.

This is what `bot ask` prints and what the conversation pipeline uses for FAQ turns. The
reply is always in the question's language; when retrieval finds no topic, the reply is the
honest "I don't know" text from `messages.yaml`, which tells the customer how to go on.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml
from pydantic import BaseModel, Field

from knowledge.kb import KnowledgeBase
from knowledge.language import detect_language
from knowledge.retrieval import RetrievalConfig, retrieve
from knowledge.types import Lang

MESSAGES_FILE = Path(__file__).with_name("messages.yaml")


class Answer(BaseModel):
    """The `bot ask --json` object; `topic` is None when the bot does not know."""

    workspace: str
    topic: str | None
    lang: Lang
    confidence: float = Field(ge=0.0, le=1.0)
    answer: str


@cache
def _messages(path: Path = MESSAGES_FILE) -> dict[str, dict[str, str]]:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def fallback_message(lang: Lang, key: str = "dont_know") -> str:
    """A configured reply (see messages.yaml) in `lang`, English if that language is missing."""
    texts = _messages()[key]
    return texts.get(lang) or texts["en"]


def answer_question(
    kb: KnowledgeBase,
    text: str,
    lang: Lang | None = None,
    *,
    config: RetrievalConfig | None = None,
) -> Answer:
    """The KB's answer to `text` in its language (detected unless given)."""
    lang = lang or detect_language(text)
    found = retrieve(kb, text, lang, config)
    topic = kb.topic(found.topic) if found.topic else None
    if topic is None:
        return Answer(
            workspace=kb.workspace,
            topic=None,
            lang=lang,
            confidence=found.confidence,
            answer=fallback_message(lang),
        )
    return Answer(
        workspace=kb.workspace,
        topic=topic.id,
        lang=lang,
        confidence=found.confidence,
        answer=topic.answer.get(lang).strip(),
    )
