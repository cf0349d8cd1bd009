"""What customers asked that the knowledge base does not answer well (`bot kb gaps`).

A running server stores every inbound message with the intent it was given. The gaps are the
questions left unanswered (`unknown`) and the FAQ answers the knowledge base gives with low
confidence. Both are judged against the knowledge base as it is NOW, by running retrieval again:
a question the owner has since answered drops off the list, and a question that used to pass
but no longer does shows up. Similar texts are grouped (the same content words, or most of
them), so the owner sees "12 × how do I export contacts" rather than twelve lines.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlmodel import Session, col, select

from bot.core.models import Direction, Message
from knowledge.answer import answer_question
from knowledge.kb import KnowledgeBase
from knowledge.normalize import analyze
from knowledge.types import Lang

LOW_CONFIDENCE = 0.5  # an FAQ answer below this is listed as a gap
SIMILAR = 0.5  # Jaccard overlap of content-word stems that puts two texts in one group
GAP_INTENTS = ("unknown", "faq")


@dataclass
class Gap:
    """One group of similar messages."""

    text: str  # the first message of the group, as the customer wrote it
    count: int = 0
    kind: str = "unanswered"  # unanswered | low_confidence
    langs: set[str] = field(default_factory=set)
    last_seen: datetime | None = None
    confidence: float = 0.0  # the best confidence the KB gives the group's messages now
    topic: str | None = None  # the topic the KB would answer with now, when it answers
    keys: frozenset[str] = frozenset()
    examples: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        return {"text": self.text, "count": self.count, "kind": self.kind, "langs": sorted(self.langs),
                "last_seen": self.last_seen.isoformat() if self.last_seen else None,
                "confidence": round(self.confidence, 3), "topic": self.topic, "examples": self.examples}


def text_key(text: str) -> frozenset[str]:
    """A message's content-word stems (the first, most specific variant of each word)."""
    analysis = analyze(text, concepts=False)
    return frozenset(variants[1] if len(variants) > 1 else variants[0] for variants in analysis.variants)


def _similar(a: frozenset[str], b: frozenset[str]) -> bool:
    if not a or not b:
        return a == b
    return len(a & b) / len(a | b) >= SIMILAR


def inbound_gap_candidates(session: Session, workspace: str, since: datetime | None) -> list[Message]:
    """Inbound messages the bot did not answer or answered from the KB, oldest first."""
    query = select(Message).where(
        Message.workspace == workspace, Message.direction == Direction.inbound, col(Message.intent).in_(GAP_INTENTS)
    )
    if since is not None:
        query = query.where(col(Message.created_at) >= since)
    return list(session.exec(query.order_by(col(Message.created_at), col(Message.id))))


def find_gaps(messages: list[Message], kb: KnowledgeBase | None, *, low: float = LOW_CONFIDENCE) -> list[Gap]:
    """Group the messages the KB answers badly today; biggest groups first."""
    groups: list[Gap] = []
    for message in messages:
        text = (message.body or "").strip()
        if not text:
            continue
        lang: Lang | None = message.language if message.language in ("he", "en", "ru") else None  # type: ignore[assignment]
        answer = answer_question(kb, text, lang) if kb is not None else None
        if answer is not None and answer.topic is not None and answer.confidence >= low:
            continue  # the KB answers it well now
        kind = "unanswered" if answer is None or answer.topic is None else "low_confidence"
        key = text_key(text)
        group = next((g for g in groups if _similar(g.keys, key)), None)
        if group is None:
            group = Gap(text=text, kind=kind, keys=key)
            groups.append(group)
        group.count += 1
        if message.language:
            group.langs.add(message.language)
        group.last_seen = message.created_at
        if answer is not None and answer.confidence >= group.confidence:
            group.confidence, group.topic = float(answer.confidence), answer.topic
        if kind == "unanswered":
            group.kind = "unanswered"
        if len(group.examples) < 3 and text not in group.examples:
            group.examples.append(text)
    return sorted(groups, key=lambda g: (-g.count, g.kind != "unanswered", g.text))
