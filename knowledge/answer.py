"""Answer one customer question from a workspace's knowledge base, offline.

This is what `bot ask` prints and what the conversation pipeline uses for FAQ turns. The
reply is always in the question's language; when retrieval finds no topic, the reply is the
honest "I don't know" text from `messages.yaml`, which tells the customer how to go on.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import yaml
from pydantic import BaseModel, Field

from knowledge.kb import SAFE_LOADER, KnowledgeBase
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
    # Every topic answered, in the order the message asks them; empty for a one-question answer.
    # Not in `bot ask --json` (the contract fixes its keys), hence exclude.
    parts: list[str] = Field(default_factory=list, exclude=True)


@cache
def _messages(path: Path = MESSAGES_FILE) -> dict[str, dict[str, str]]:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=SAFE_LOADER)


def fallback_message(lang: Lang, key: str = "dont_know") -> str:
    """A configured reply (see messages.yaml) in `lang`, English if that language is missing."""
    texts = _messages()[key]
    return texts.get(lang) or texts["en"]


# Where a message holds a second question: sentence ends, and "and" / "и" / "а" / a Hebrew ו glued
# to a question or modal word ("ואפשר להקפיא?"). A bare "and" is not enough: "cancel and refund"
# is one question.
_SENTENCE_END = re.compile(r"[?？!;\n]+|(?<=[.])\s+")
_CLAUSE_START = re.compile(
    r"\s*,?\s+(?:and|also|plus)\s+(?=(?:can|could|how|what|when|where|is|are|do|does|did|will|would|"
    r"which|who|why|should|may|must|i)\b)"
    r"|\s*,?\s+(?:и|а|также)\s+(?=(?:можно|как|сколько|когда|где|что|есть|надо|нужно|какой|какая|какие|"
    r"почему|кто|во|вы|у)\b)"
    r"|\s*,?\s+(?=ו(?:אפשר|מה|איך|כמה|מתי|האם|יש|אם|למה|איפה|בטוח|צריך|אתם|מי)\b)",
    re.IGNORECASE,
)
_WORD = re.compile(r"\w+")
MAX_PARTS = 3  # each part is one more retrieval; three questions in a text message is plenty
# When nothing in the whole message was recognised (or the owner filed it as out of scope), a
# short part alone must be clearly on a topic: "do u take foreign credit cards?" scores 0.75 on
# refund timelines, the real second questions of the stories 0.86 and more.
PART_CONFIDENCE = 0.8


def split_questions(text: str) -> list[str]:
    """The questions or clauses of `text`, in order; one item when it asks one thing.

    A part needs two words of its own, so "hi," or "ok?" never stands as a question.
    """
    parts: list[str] = []
    for sentence in _SENTENCE_END.split(text):
        for clause in _CLAUSE_START.split(sentence):
            clause = clause.strip(" ,.-–—")
            if len(_WORD.findall(clause)) >= 2:
                parts.append(clause)
    return parts[:MAX_PARTS] if len(parts) > 1 else [text]


def answer_question(
    kb: KnowledgeBase,
    text: str,
    lang: Lang | None = None,
    *,
    config: RetrievalConfig | None = None,
) -> Answer:
    """The KB's answer to `text` in its language (detected unless given), part by part when
    the message asks several things (see the module docstring)."""
    lang = lang or detect_language(text)
    whole = _answer_one(kb, text, lang, config)
    pieces = split_questions(text)
    if len(pieces) < 2:
        return whole
    answered: list[Answer] = []
    for piece in pieces:
        got = _answer_one(kb, piece, lang, config)
        if whole.topic is None and got.confidence < PART_CONFIDENCE:
            continue
        if got.topic is not None and all(got.topic != a.topic for a in answered):
            answered.append(got)
    if whole.topic is not None and all(whole.topic != a.topic for a in answered):
        answered.insert(0, whole)  # the whole message's topic is kept, first when no part names it
    if len(answered) < 2:
        return whole if whole.topic is not None or not answered else answered[0]
    primary = whole if whole.topic is not None else answered[0]
    return primary.model_copy(update={
        "answer": "\n".join(a.answer for a in answered[:MAX_PARTS]),
        "parts": [a.topic for a in answered[:MAX_PARTS] if a.topic is not None],
    })


def _answer_one(kb: KnowledgeBase, text: str, lang: Lang, config: RetrievalConfig | None) -> Answer:
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
