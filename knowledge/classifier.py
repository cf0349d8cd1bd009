"""A supervised topic classifier over everything a topic says, in every language at once.

Retrieval's lexical scores compare a question with one language's texts of a topic. This
classifier instead learns, per topic, how likely each feature is across *all* its texts:
examples, title and keywords in he, en and ru, plus the answer prose at a lower weight.
Words of different scripts never collide, so pooling the languages costs nothing, while the
thesaurus concepts ("@refund") they share let a Hebrew example vote for a Russian question.

It is multinomial Naive Bayes with additive smoothing - small (a count table), trained in
milliseconds at KB load, and honest about evidence: a feature no topic uses says nothing.
Its posterior is blended into the retrieval score (`RetrievalConfig.classifier_share`).
"""

from __future__ import annotations

import math
from array import array
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class NaiveBayes:
    """Sparse log-likelihoods: a feature stores only the topics that use it, as the gain over
    the topic's floor log(alpha / denominator), so memory grows with the text, not with
    features x topics. The rows are spans of two packed arrays, which load from the index
    cache (`knowledge.index_cache`) without building a tuple per feature."""

    topics: tuple[str, ...]
    floors: tuple[float, ...]  # log P(unused feature | topic)
    rows: dict[str, int]  # feature -> row: its entries are ids/values[spans[2 * row] : spans[2 * row + 1]]
    spans: array
    ids: array  # topic index
    values: array  # gain over floor
    temperature: float

    @classmethod
    def train(
        cls,
        docs: Iterable[tuple[str, Mapping[str, float]]],
        *,
        alpha: float = 0.1,
        temperature: float = 1.0,
    ) -> NaiveBayes:
        """`docs` are (topic, {feature: weight}) pairs; a topic may have many."""
        counts: dict[str, Counter[str]] = {}
        for topic, features in docs:
            bucket = counts.setdefault(topic, Counter())
            for feature, weight in features.items():
                bucket[feature] += weight
        topics = tuple(counts)
        size = len(set().union(*counts.values())) if counts else 1
        denominators = [sum(counts[t].values()) + alpha * size for t in topics]
        gains: dict[str, list[tuple[int, float]]] = {}
        for i, topic in enumerate(topics):
            for feature, count in counts[topic].items():
                gains.setdefault(feature, []).append((i, math.log1p(count / alpha)))
        rows: dict[str, int] = {}
        spans, ids, values = array("q"), array("i"), array("d")
        for feature, row in gains.items():
            rows[feature] = len(rows)
            spans.append(len(ids))
            ids.extend(i for i, _ in row)
            values.extend(g for _, g in row)
            spans.append(len(ids))
        return cls(topics=topics, floors=tuple(math.log(alpha / d) for d in denominators), rows=rows, spans=spans,
                   ids=ids, values=values, temperature=temperature)

    @property
    def gains(self) -> dict[str, tuple[tuple[int, float], ...]]:
        """feature -> ((topic index, gain over floor), ...), for inspection (built on each call)."""
        spans = self.spans
        return {f: tuple(zip(self.ids[spans[2 * r] : spans[2 * r + 1]], self.values[spans[2 * r] : spans[2 * r + 1]],
                             strict=True)) for f, r in self.rows.items()}

    def posterior(self, features: Iterable[str] | Mapping[str, float]) -> dict[str, float]:
        """P(topic | features) over the known features; empty when none is known. A mapping
        gives each feature a weight (how many times it counts)."""
        weighted = features if isinstance(features, Mapping) else dict.fromkeys(features, 1.0)
        known = 0.0
        totals = [0.0] * len(self.topics)
        for feature, weight in weighted.items():
            row = self.rows.get(feature)
            if row is None:
                continue
            known += weight
            start, end = self.spans[2 * row], self.spans[2 * row + 1]
            for i, gain in zip(self.ids[start:end], self.values[start:end], strict=True):
                totals[i] += weight * gain
        if not known:
            return {}
        totals = [known * floor + total for floor, total in zip(self.floors, totals, strict=True)]
        top = max(totals)
        weights = [math.exp((v - top) / self.temperature) for v in totals]
        norm = sum(weights)
        return {topic: w / norm for topic, w in zip(self.topics, weights, strict=True)}

    def to_data(self) -> dict[str, object]:
        """Plain data with packed arrays (`knowledge.index_cache` stores them as raw bytes)."""
        return {"topics": list(self.topics), "floors": list(self.floors), "temperature": self.temperature,
                "features": list(self.rows), "spans": self.spans, "ids": self.ids, "gains": self.values}

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> NaiveBayes:
        features = data["features"]
        return cls(topics=tuple(data["topics"]), floors=tuple(data["floors"]),
                   rows=dict(zip(features, range(len(features)), strict=True)), spans=data["spans"], ids=data["ids"],
                   values=data["gains"], temperature=float(data["temperature"]))
