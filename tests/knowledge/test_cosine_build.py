"""The packed cosine space is built fast (preallocated rows) yet holds exactly what the plain
algorithm gives: same rows in the same order, same postings, bit-identical weights."""

from __future__ import annotations

import math
import random
from collections import Counter, defaultdict

from knowledge.retrieval import _CosineSpace


def _reference(docs: list[Counter[str]]) -> tuple[dict[str, int], list[float], list[list[tuple[int, float]]]]:
    """TF-IDF postings the obvious way (what the build did before it wrote into packed arrays)."""
    df: Counter[str] = Counter()
    for doc in docs:
        df.update(doc.keys())
    idf = {f: math.log(1 + len(docs) / d) for f, d in df.items()}
    postings: defaultdict[str, list[tuple[int, float]]] = defaultdict(list)
    for i, doc in enumerate(docs):
        weights = {f: (1 + math.log(c)) * idf[f] for f, c in doc.items()}
        norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
        for f, w in weights.items():
            postings[f].append((i, w / norm))
    rows = {f: row for row, f in enumerate(postings)}
    return rows, [idf[f] for f in postings], list(postings.values())


def test_packed_space_equals_the_plain_algorithm() -> None:
    rng = random.Random(7)
    vocabulary = [f"w{i}" for i in range(300)]
    docs = [Counter(rng.choices(vocabulary, k=rng.randint(0, 25))) for _ in range(400)]
    space = _CosineSpace.build(docs)
    rows, idf, postings = _reference(docs)
    assert space.rows == rows and list(space.rows) == list(rows)
    assert list(space.idf) == idf
    for feature, row in rows.items():
        start, end = space.spans[2 * row], space.spans[2 * row + 1]
        assert list(zip(space.units[start:end], space.weights[start:end], strict=True)) == postings[row], feature
    assert space.unseen_idf == math.log(1 + len(docs))


def test_an_empty_corpus_builds_an_empty_space() -> None:
    space = _CosineSpace.build([])
    assert space.rows == {} and len(space.units) == 0 and space.unseen_idf == 0.0
