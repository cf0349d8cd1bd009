"""How a knowledge base answers one message, without pydantic: the core of `knowledge.answer`.

`knowledge.answer.answer_question` wraps this in its pydantic `Answer` for the conversation
pipeline; `bot ask` calls it directly on an answering-only view of the KB read from the index
cache (`knowledge.answer_index`), so a call imports neither pydantic nor the KB's model classes.
Both go through this one function, so they answer the same.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path
from typing import Any, Protocol

from knowledge.files import read_data_yaml
from knowledge.language import detect_language
from knowledge.retrieval import RetrievalConfig, retrieve
from knowledge.types import Lang

MESSAGES_FILE = Path(__file__).with_name("messages.yaml")


class _Texts(Protocol):
    def get(self, lang: Lang) -> Any: ...


class _Topic(Protocol):
    @property
    def id(self) -> str: ...

    @property
    def answer(self) -> _Texts: ...


class AnswerSource(Protocol):
    """What answering reads of a KB: `knowledge.kb.KnowledgeBase`, or the answering-only view."""

    @property
    def workspace(self) -> str: ...

    def topic(self, topic_id: str) -> _Topic | None: ...


@dataclass(frozen=True, slots=True)
class Reply:
    """The fields of `knowledge.answer.Answer` (see there)."""

    workspace: str
    topic: str | None
    lang: Lang
    confidence: float
    answer: str
    parts: tuple[str, ...] = ()


@cache
def _messages(path: Path = MESSAGES_FILE) -> dict[str, dict[str, str]]:
    return read_data_yaml(path)  # type: ignore[no-any-return]


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


def reply_to(kb: AnswerSource, text: str, lang: Lang | None = None, *,
             config: RetrievalConfig | None = None) -> Reply:
    """The KB's answer to `text` in its language (detected unless given), part by part when
    the message asks several things (see `knowledge.answer`)."""
    lang = lang or detect_language(text)
    whole = _answer_one(kb, text, lang, config)
    pieces = split_questions(text)
    if len(pieces) < 2:
        return whole
    answered: list[Reply] = []
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
    return replace(primary, answer="\n".join(a.answer for a in answered[:MAX_PARTS]),
                   parts=tuple(a.topic for a in answered[:MAX_PARTS] if a.topic is not None))


def _answer_one(kb: AnswerSource, text: str, lang: Lang, config: RetrievalConfig | None) -> Reply:
    found = retrieve(kb, text, lang, config)  # type: ignore[arg-type]
    topic = kb.topic(found.topic) if found.topic else None
    if topic is None:
        return Reply(workspace=kb.workspace, topic=None, lang=lang, confidence=found.confidence,
                     answer=fallback_message(lang))
    return Reply(workspace=kb.workspace, topic=topic.id, lang=lang, confidence=found.confidence,
                 answer=topic.answer.get(lang).strip())
