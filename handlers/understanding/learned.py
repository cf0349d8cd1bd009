"""Intents learned from example messages, scored by the same retrieval machinery as KB topics.

Each intent has a file under `examples/` with many phrasings per language. They are loaded as the
topics of one in-memory knowledge base, so a message is scored exactly as a KB question is
(`knowledge.retrieval`: stems and Hebrew prefix readings, character n-grams for typos, the
thesaurus, the Naive Bayes blend). `question.yaml` holds questions ABOUT the rules ("how do I
cancel?") as a competing class: a message nearest to it is left to the knowledge base.

The word lists of `intents.yaml` stay the first, high-precision layer; this layer only speaks
when they found nothing (see `handlers.intents.classify_intent`).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

import yaml

from knowledge.kb import KnowledgeBase, PerLang, Topic
from knowledge.retrieval import RetrievalConfig, TopicIndex, build_index, score_question
from knowledge.types import LANGS, Lang

EXAMPLES_DIR = Path(__file__).with_name("examples")
QUESTION = "question"  # the class of rule questions: a win leaves the message to the KB


@dataclass(frozen=True, slots=True)
class LearnedGuess:
    """The best intent by examples, how well it scored, and by how much it beat the next one."""

    intent: str
    score: float  # blended retrieval score
    paraphrase: float  # cosine with the closest single example
    margin: float  # over the runner-up's blended score


def load_examples(folder: Path = EXAMPLES_DIR) -> KnowledgeBase:
    """The example files as a knowledge base whose topics are intents (answers left empty)."""
    topics: dict[str, Topic] = {}
    for path in sorted(folder.glob("*.yaml")):
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        examples = {lang: [str(e) for e in raw.get(lang) or []] for lang in LANGS}
        missing = [lang for lang in LANGS if not examples[lang]]
        if missing:
            raise ValueError(f"{path}: no examples for {', '.join(missing)}")
        topics[path.stem] = Topic(
            id=path.stem,
            title=PerLang[str](**{lang: examples[lang][0] for lang in LANGS}),
            answer=PerLang[str](he="", en="", ru=""),
            examples=PerLang[list[str]](**examples),
        )
    return KnowledgeBase(workspace="_intents", path=folder, topics=topics)


@cache
def _index(folder: Path = EXAMPLES_DIR) -> TopicIndex:
    """Built once per process, and kept in the on-disk index cache between processes."""
    from knowledge.index_cache import cached_topic_index

    return cached_topic_index("intents", sorted(folder.glob("*.yaml")),
                              lambda: build_index(load_examples(folder), RetrievalConfig()),
                              extra=str(folder.resolve()))


@lru_cache(maxsize=4096)  # a turn may ask twice (ticket follow-up, then the example layer)
def score_intents(text: str, lang: Lang, folder: Path = EXAMPLES_DIR,
                  impossible: frozenset[str] = frozenset()) -> LearnedGuess | None:
    """The intent whose examples the message is closest to; None when nothing matched at all.

    `impossible`: intents the turn's context rules out (a ticket question with no ticket open). They
    do not count as the runner-up, so "is someone there who can look at this?" is not held back by
    its likeness to "is anyone working on it?" from a customer with nothing open; a message whose
    best intent is one of them is still reported as such (the caller drops it)."""
    scores = score_question(_index(folder), text, lang, RetrievalConfig())
    if not scores.ranked:
        return None
    top = scores.ranked[0]
    rivals = [s.score for s in scores.ranked[1:] if top.topic in impossible or s.topic not in impossible]
    runner_up = rivals[0] if rivals else 0.0
    return LearnedGuess(top.topic, top.score, scores.paraphrase, top.score - runner_up)
