"""An answering-only view of a workspace's knowledge base, read from the index cache.

`bot ask` needs a KB's retrieval index and each topic's answer texts, nothing else. The file
`knowledge.registry.load_indexed` stores holds those beside the full topics (titles, examples,
keywords, facts) it validates back into pydantic models; reading only the answers and the index
from it spares a call pydantic and the KB's model classes (~0.13 s of CPU). The answer is the
same: it comes from the same file by the same code (`knowledge.answering.reply_to`); a test
checks it against the full path on the KB evaluation questions.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from knowledge import index_cache
from knowledge.files import kb_cache_entry
from knowledge.retrieval import TopicIndex
from knowledge.types import Lang


@dataclass(frozen=True, slots=True)
class TopicAnswer:
    """A topic as answering reads it: its id and its answer in each language."""

    id: str
    answer: dict[Lang, str]  # `.get(lang)`, as the model's `PerLang` has


@dataclass(frozen=True, slots=True)
class AnswerIndex:
    """What `knowledge.answering.reply_to` reads of a `KnowledgeBase` (workspace, `topic()`, the
    retrieval index under the same attribute name)."""

    workspace: str
    topics: dict[str, TopicAnswer]
    _index: TopicIndex

    def topic(self, topic_id: str) -> TopicAnswer | None:
        return self.topics.get(topic_id)


def load_answer_index(folder: Path) -> AnswerIndex | None:
    """The answering view of the KB in `folder` from its index cache file, or None when the cache
    has none for the folder as it is now (then `load_indexed` builds and stores it)."""

    def load(data: dict[str, Any]) -> AnswerIndex:
        topics = {raw["id"]: TopicAnswer(raw["id"], raw["answer"]) for raw in data["topics"]}
        return AnswerIndex(workspace=folder.name, topics=topics, _index=TopicIndex.from_data(data["index"]))

    kind, files, extra = kb_cache_entry(folder)
    return index_cache.stored(kind, files, load, extra=extra)
