"""Offline retrieval: which topic of a knowledge base does a question ask about?

Three signals over the same normalised features (`knowledge.normalize`: word stems and Hebrew
prefix/suffix/spelling variants, plus character 3-4-grams):

* **coverage** - how much of the question a topic explains, BM25-style. Every question word
  is looked up in the topic's words for that language (title, examples and keywords count
  fully, answer prose less; a word met in many of the topic's texts counts more). Words are
  weighted by an IDF over topics, so "subscription" in a subscriptions business says little
  and "freeze" a lot. A word found in no topic is matched to the nearest vocabulary word when
  it looks like a typo; otherwise it keeps (more than) its weight, which is what pushes
  "what's the weather in Haifa" below the threshold.
* **topic cosine** - TF-IDF cosine with everything the topic says in that language except the
  answer (Rocchio), which gathers evidence spread over several examples.
* **paraphrase** - cosine with the single closest example or title, near 1 when a customer
  asks almost exactly an example.

A question is also scored against the other languages' texts at a discount (product names
are written in Latin letters everywhere, and the language of a two-word message can be
misread). Thesaurus concepts (`knowledge.thesaurus`, "@refund") take part in all three as extra
words shared by the three languages. A Naive Bayes classifier over all of a topic's texts
(`knowledge.classifier`) is blended into the ranking score. Whether to answer at all is a
separate decision (`knowledge.gate`, a logistic model over the lexical scores, the margin, the
posterior and how much of the question the KB knows), because the classifier's posterior sums
to one even for "what's the weather". All constants were fitted on KB examples (k-fold), the `tune` split and invented
off-topic questions (`knowledge/calibration/offtopic.yaml`); `holdout` is for reporting
(`python -m knowledge.evaluate`).
"""

from __future__ import annotations

import math
from array import array
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from knowledge.classifier import NaiveBayes
from knowledge.language import detect_language
from knowledge.normalize import Analysis, analyze, char_ngrams, edit_distance
from knowledge.thesaurus import CONCEPT_PREFIX
from knowledge.types import LANGS, Lang

if TYPE_CHECKING:  # `bot ask` answers from an index without the KB's pydantic models
    from knowledge.kb import KnowledgeBase

# The pseudo-topic made of the KB's out-of-scope examples (`knowledge.kb.OutOfScope`): it
# competes in the ranking like any topic, and when it comes first the question is refused.
OUT_OF_SCOPE = "_out_of_scope"


@dataclass(frozen=True, slots=True)
class RetrievalConfig:
    """Scoring knobs; defaults are the values tuned on KB examples and the `tune` split."""

    coverage_share: float = 0.3  # the rest goes to the two cosine signals
    centroid_share: float = 0.85  # of that rest, the whole-topic cosine; the remainder paraphrase
    centroid_answer: bool = False  # whether the answer prose is part of the whole-topic text
    answer_weight: float = 0.8  # a word met in answer prose, vs 1.0 in title/examples/keywords
    keyword_weight: float = 1.0
    tf_saturation: float = 1.0  # >0: words met often in a topic weigh more, BM25-style
    idf_power: float = 1.0
    word_share: float = 0.4  # in the paraphrase cosine; the rest is character n-grams
    variant_quality: float = 0.85  # a match through a stripped / stemmed reading
    fuzzy_min: float = 0.5  # n-gram Dice (or 1 - edits/length) for a typo match
    fuzzy_quality: float = 0.8
    # A typo match needs a word this long and at most this length gap (in letters): Hebrew's
    # unvowelled four-letter words are one edit away from dozens of others ("שמלת" / "שמות").
    fuzzy_min_length: int = 4
    fuzzy_max_gap: int = 99
    unknown_weight: float = 1.5  # IDF multiplier of a question word found in no topic
    other_language: float = 0.75
    # Thesaurus concepts (knowledge/synonyms.yaml): how much a concept counts as a question
    # word, and how strongly a concept met in one language's texts of a topic also counts for
    # the topic's other languages.
    concept_weight: float = 1.0
    concept_cross: float = 0.9
    concept_explains: bool = False  # an unknown word read as a concept is not "unknown"
    # How "known" a question word is, for the gate: 1 for its own form, less when only a
    # stripped or defective-spelling reading or a typo match is in the vocabulary. Hebrew
    # readings are generous ("מושיבים" -> "~ושב"), so counting every reading as fully known
    # made off-topic Hebrew look familiar.
    known_graded: bool = False
    known_variant: float = 0.75
    known_defective: float = 0.5
    known_fuzzy: float = 0.5
    # The out-of-scope examples' score is multiplied by this before ranking: >1 refuses more.
    out_of_scope_weight: float = 1.0
    # Naive Bayes over all of a topic's texts in every language (`knowledge.classifier`):
    # its posterior's share of the final score, smoothing, temperature, and the weight of
    # answer prose and keywords as training text.
    classifier_share: float = 0.35
    nb_alpha: float = 0.1
    nb_temperature: float = 8.0
    nb_answer_weight: float = 0.6
    nb_keyword_weight: float = 1.0
    nb_ngrams: float = 0.0  # >0: character n-grams are classifier features too, at this weight
    # Answer or abstain: the logistic gate of `knowledge.gate` (weights in
    # knowledge/calibration/gate.yaml); with use_gate=False, the older single threshold on the
    # best lexical score below.
    use_gate: bool = True
    # A question this close to one of the top topic's own examples (closest-example cosine) is
    # answered whatever the gate says: the owner filed that very question under that topic.
    # No off-topic tuning question comes within 0.85 of an example.
    example_match: float = 0.9
    threshold: float = 0.21  # best lexical score below this: "I don't know"
    gate_on_max: bool = True
    # Confidence = logistic(slope * (best lexical - centre) + margin_weight * (top - runner_up of
    # the blended score)), fitted by log-loss on the tune split, the KB examples (3-fold) and
    # invented off-topic questions (knowledge/calibration/offtopic.yaml); reliability: answers
    # given 0.8-1.0 were right 95% of the time, 0.4-0.6 about half the time.
    confidence_slope: float = 16.0
    confidence_centre: float = 0.3
    margin_weight: float = 6.0


@dataclass(frozen=True, slots=True)
class ScoredTopic:
    """`score` ranks topics (lexical signals blended with the classifier); `lexical` alone
    decides whether the question is on-topic at all, since the classifier's posterior always
    sums to one, even for "what's the weather"."""

    topic: str
    score: float
    lexical: float = 0.0


@dataclass(frozen=True, slots=True)
class Retrieval:
    """The outcome: `topic` is None when nothing clears the threshold."""

    topic: str | None
    confidence: float
    lang: Lang
    ranked: tuple[ScoredTopic, ...]


def _features(analysis: Analysis) -> Iterator[str]:
    for variants in analysis.variants:
        yield from variants
    yield from analysis.concepts


def _nb_features(analysis: Analysis, weight: float, config: RetrievalConfig) -> dict[str, float]:
    out = dict.fromkeys(_features(analysis), weight)
    if config.nb_ngrams:
        for gram in analysis.ngrams:
            out.setdefault("#" + gram, weight * config.nb_ngrams)
    return out


def _words(analysis: Analysis) -> Iterator[tuple[str, tuple[str, ...], bool]]:
    """(token, variants, read as a concept) for every question word, then the concepts."""
    in_concept = analysis.in_concept or (False,) * len(analysis.tokens)
    yield from zip(analysis.tokens, analysis.variants, in_concept, strict=True)
    for concept in analysis.concepts:
        yield concept, (concept,), False


@dataclass(slots=True)
class _CosineSpace:
    """TF-IDF vectors of short units (examples, titles) behind inverted lists.

    Feature `f` is row `rows[f]`: its IDF is `idf[row]` and its postings are
    `units`/`weights[spans[2 * row] : spans[2 * row + 1]]`. Packed arrays, since a list of
    (int, float) tuples for every character n-gram costs ~40 bytes an entry against 12 here, and
    a space loads from the index cache (`knowledge.index_cache`) without a Python object per entry.
    """

    rows: dict[str, int] = field(default_factory=dict)
    idf: array = field(default_factory=lambda: array("d"))
    spans: array = field(default_factory=lambda: array("q"))
    units: array = field(default_factory=lambda: array("i"))
    weights: array = field(default_factory=lambda: array("d"))
    unseen_idf: float = 0.0

    @classmethod
    def build(cls, docs: list[Counter[str]]) -> _CosineSpace:
        # Rows in order of first appearance (the order of `df`), postings in document order: a
        # row's slots are known from its document frequency, so each posting is written straight
        # into preallocated packed arrays (no per-posting tuple, no list of lists to repack).
        df: Counter[str] = Counter()
        for doc in docs:
            df.update(doc.keys())
        n = len(docs)
        rows = dict(zip(df, range(len(df)), strict=True))
        idf_list = [math.log(1 + n / d) for d in df.values()]
        spans = array("q", bytes(16 * len(df)))
        cursor = [0] * len(df)
        total = 0
        for row, d in enumerate(df.values()):
            spans[2 * row] = cursor[row] = total
            total += d
            spans[2 * row + 1] = total
        units = array("i", bytes(4 * total))
        weights = array("d", bytes(8 * total))
        log = math.log
        for i, doc in enumerate(docs):
            found = [rows[f] for f in doc]
            raw = [(1 + log(c)) * idf_list[row] for row, c in zip(found, doc.values(), strict=True)]
            norm = math.sqrt(sum([w * w for w in raw])) or 1.0
            for row, w in zip(found, raw, strict=True):
                slot = cursor[row]
                cursor[row] = slot + 1
                units[slot] = i
                weights[slot] = w / norm
        return cls(rows=rows, idf=array("d", idf_list), spans=spans, units=units, weights=weights,
                   unseen_idf=math.log(1 + n))

    def to_data(self) -> dict[str, Any]:
        """Columns of packed arrays (`knowledge.index_cache` stores them as raw bytes)."""
        return {"features": list(self.rows), "idf": self.idf, "spans": self.spans, "units": self.units,
                "weights": self.weights, "unseen_idf": self.unseen_idf}

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> _CosineSpace:
        features = data["features"]
        return cls(rows=dict(zip(features, range(len(features)), strict=True)), idf=data["idf"], spans=data["spans"],
                   units=data["units"], weights=data["weights"], unseen_idf=data["unseen_idf"])

    def add_scores(self, features: Counter[str], scores: list[float], share: float) -> None:
        """Add `share` x the cosine of `features` with every unit into `scores[unit]` (a list as
        long as the units: its specialised indexing is about twice as quick as a dict's)."""
        rows = {f: self.rows.get(f) for f in features}
        weights = {f: (1 + math.log(c)) * (self.idf[row] if (row := rows[f]) is not None else self.unseen_idf)
                   for f, c in features.items()}
        norm = math.sqrt(sum(w * w for w in weights.values()))
        if not norm:
            return
        spans, units, unit_weights = self.spans, self.units, self.weights
        for f, w in weights.items():
            row = rows[f]
            if row is None:
                continue
            scale = share * w / norm
            start, end = spans[2 * row], spans[2 * row + 1]
            for unit, uw in zip(units[start:end], unit_weights[start:end], strict=True):
                scores[unit] += scale * uw


_NEAR_WORDS = 20_000  # typo-search answers kept per language of a KB (a few MB at most)


class _PackedPostings(Mapping[str, dict[str, float]]):
    """A language's feature -> {topic: strength} as loaded from the index cache: packed arrays,
    each row turned into a dict when first read (a question reads a few dozen of thousands)."""

    __slots__ = ("_rows", "_topics", "_offsets", "_ids", "_strengths", "_built")

    def __init__(self, features: list[str], topics: list[str], offsets: array, ids: array, strengths: array) -> None:
        self._rows = dict(zip(features, range(len(features)), strict=True))
        self._topics, self._offsets, self._ids, self._strengths = topics, offsets, ids, strengths
        self._built: dict[str, dict[str, float]] = {}

    def __getitem__(self, feature: str) -> dict[str, float]:
        row = self._built.get(feature)
        if row is None:
            i = self._rows[feature]
            topics, ids, strengths = self._topics, self._ids, self._strengths
            row = {topics[ids[j]]: strengths[j] for j in range(self._offsets[i], self._offsets[i + 1])}
            self._built[feature] = row  # threads may race here; they store equal rows
        return row

    def __iter__(self) -> Iterator[str]:
        return iter(self._rows)

    def __len__(self) -> int:
        return len(self._rows)


@dataclass(slots=True)
class _LangTerms:
    """One language's topic vocabulary: feature -> {topic: field strength}."""

    postings: Mapping[str, dict[str, float]] = field(default_factory=dict)  # a dict while building
    mass: dict[str, dict[str, float]] = field(default_factory=dict)
    surfaces: set[str] = field(default_factory=set)  # whole words, for typo matching
    # character n-gram -> row: `gram_words[gram_spans[2 * row] : gram_spans[2 * row + 1]]` contain it
    gram_index: dict[str, int] = field(default_factory=dict)
    gram_spans: array = field(default_factory=lambda: array("q"))
    gram_words: list[str] = field(default_factory=list)
    # (token, min_dice, min_length, max_gap) -> `closest_word`'s answer: the same unknown word comes
    # back in message after message, and the search is a tenth to a fifth of answering one
    _near: dict[tuple[str, float, int, int], tuple[str, float] | None] = field(
        default_factory=dict, repr=False, compare=False)

    def add(self, topic: str, analysis: Analysis, weight: float) -> None:
        self.surfaces.update(analysis.tokens)
        for variants in analysis.variants:
            self.add_features(topic, dict.fromkeys(variants), weight)

    def add_features(self, topic: str, features: Iterable[str], weight: float) -> None:
        # Called for every word of every text (a cold build's hot loop): locals, no max().
        mass, postings = self.mass, self.postings
        for feature in features:
            bucket = mass.get(feature)
            if bucket is None:
                bucket = mass[feature] = {}
                best = postings[feature] = {}  # type: ignore[index]
            else:
                best = postings[feature]
            bucket[topic] = bucket.get(topic, 0.0) + weight
            current = best.get(topic, 0.0)
            best[topic] = weight if weight > current else current

    def finish(self, tf_saturation: float) -> None:
        """Fix each (word, topic) strength: its best field, or with saturation its total
        weight over all the topic's texts, so a word in every example counts more than one
        met once in the answer."""
        if tf_saturation > 0:
            for feature, bucket in self.mass.items():
                best = self.postings[feature]
                for topic, mass in bucket.items():
                    best[topic] = mass / (mass + tf_saturation)
        self.mass = {}
        index: defaultdict[str, set[str]] = defaultdict(set)
        for word in self.surfaces:
            for gram in char_ngrams(word):
                index[gram].add(word)
        self.gram_index, self.gram_spans, self.gram_words = {}, array("q"), []
        self._near = {}  # answers from before the vocabulary was finished
        for gram, words in index.items():
            self.gram_index[gram] = len(self.gram_index)
            self.gram_spans.append(len(self.gram_words))
            self.gram_words.extend(words)
            self.gram_spans.append(len(self.gram_words))

    def to_data(self) -> dict[str, Any]:
        """Columns of packed arrays (`knowledge.index_cache` stores them as raw bytes)."""
        topics = sorted({t for bucket in self.postings.values() for t in bucket})
        number = {t: i for i, t in enumerate(topics)}
        features = list(self.postings)
        offsets, ids, strengths = array("q", [0]), array("i"), array("d")
        for feature in features:
            for topic, strength in self.postings[feature].items():
                ids.append(number[topic])
                strengths.append(strength)
            offsets.append(len(ids))
        return {"topics": topics, "features": features, "offsets": offsets, "ids": ids, "strengths": strengths,
                "surfaces": sorted(self.surfaces), "grams": list(self.gram_index), "gram_words": self.gram_words,
                "gram_spans": self.gram_spans}

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> _LangTerms:
        postings = _PackedPostings(data["features"], data["topics"], data["offsets"], data["ids"], data["strengths"])
        grams = data["grams"]
        return cls(postings=postings, surfaces=set(data["surfaces"]),
                   gram_index=dict(zip(grams, range(len(grams)), strict=True)), gram_spans=data["gram_spans"],
                   gram_words=data["gram_words"])

    def closest_word(self, token: str, min_dice: float, min_length: int, max_gap: int) -> tuple[str, float] | None:
        """The vocabulary word a typo most likely meant, with a similarity in (0, 1].

        One edit (two for long words) is accepted whatever the n-grams say - "refnd" shares few
        n-grams with "refund" - otherwise the n-gram Dice overlap must reach `min_dice`. Answers
        are kept per word (the vocabulary never changes once built; at most `_NEAR_WORDS` kept).
        """
        key = (token, min_dice, min_length, max_gap)
        try:
            return self._near[key]
        except KeyError:
            pass
        found = self._closest_word(token, min_dice, min_length, max_gap)
        if len(self._near) >= _NEAR_WORDS:
            self._near.clear()  # a flood of distinct words: start again rather than grow without end
        self._near[key] = found  # threads may race here; they store equal answers
        return found

    def _closest_word(self, token: str, min_dice: float, min_length: int, max_gap: int) -> tuple[str, float] | None:
        grams = set(char_ngrams(token))
        if len(token) < min_length or not grams:
            return None
        shared: Counter[str] = Counter()
        for gram in grams:
            row = self.gram_index.get(gram)
            if row is not None:
                shared.update(self.gram_words[self.gram_spans[2 * row] : self.gram_spans[2 * row + 1]])
        best: tuple[str, float] | None = None
        max_edits = 1 if len(token) < 8 else 2
        for word, count in shared.items():
            if abs(len(word) - len(token)) > max_gap:
                continue
            similarity = 2 * count / (len(grams) + len(set(char_ngrams(word))))
            if similarity < min_dice and abs(len(word) - len(token)) <= max_edits and word[0] == token[0]:
                edits = edit_distance(token, word, max_edits)
                if edits <= max_edits:
                    similarity = 1.0 - edits / max(len(token), len(word))
            # Ties go to the alphabetically first word: `shared` is built from sets of strings,
            # whose order changes with Python's hash seed, and the same question must score the
            # same in every process.
            if similarity >= min_dice and (best is None or (-similarity, word) < (-best[1], best[0])):
                best = (word, similarity)
        return best


@dataclass(slots=True)
class TopicIndex:
    """Everything retrieval needs from one KB load; built once, read by many requests."""

    topic_ids: tuple[str, ...]
    terms: dict[Lang, _LangTerms]
    unit_topics: list[tuple[str, Lang]]
    words: _CosineSpace
    grams: _CosineSpace
    doc_keys: list[tuple[str, Lang]]
    doc_words: _CosineSpace
    doc_grams: _CosineSpace
    classifier: NaiveBayes | None = None
    _unit_runs: list[tuple[tuple[str, Lang], int, int]] | None = field(default=None, repr=False, compare=False)

    def unit_runs(self) -> list[tuple[tuple[str, Lang], int, int]]:
        """(topic, language) with each stretch `[start, end)` of consecutive units it owns: a
        topic's examples are indexed together, so the best unit of each is a `max` over a slice."""
        runs = self._unit_runs
        if runs is None:
            runs = []
            for unit, key in enumerate(self.unit_topics):
                if runs and runs[-1][0] == key:
                    runs[-1] = (key, runs[-1][1], unit + 1)
                else:
                    runs.append((key, unit, unit + 1))
            self._unit_runs = runs
        return runs

    def to_data(self) -> dict[str, Any]:
        """Plain JSON-able data (`knowledge.index_cache` keeps built indexes on disk, never pickled)."""
        return {
            "topic_ids": list(self.topic_ids),
            "terms": {lang: terms.to_data() for lang, terms in self.terms.items()},
            "unit_topics": self.unit_topics, "doc_keys": self.doc_keys,
            "words": self.words.to_data(), "grams": self.grams.to_data(),
            "doc_words": self.doc_words.to_data(), "doc_grams": self.doc_grams.to_data(),
            "classifier": self.classifier.to_data() if self.classifier is not None else None,
        }

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> TopicIndex:
        return cls(
            topic_ids=tuple(data["topic_ids"]),
            terms={lang: _LangTerms.from_data(terms) for lang, terms in data["terms"].items()},
            unit_topics=[(topic, lang) for topic, lang in data["unit_topics"]],
            words=_CosineSpace.from_data(data["words"]), grams=_CosineSpace.from_data(data["grams"]),
            doc_keys=[(topic, lang) for topic, lang in data["doc_keys"]],
            doc_words=_CosineSpace.from_data(data["doc_words"]), doc_grams=_CosineSpace.from_data(data["doc_grams"]),
            classifier=NaiveBayes.from_data(data["classifier"]) if data["classifier"] is not None else None,
        )


def _topic_texts(kb: KnowledgeBase) -> Iterator[tuple[str, Lang, str, str]]:
    """(topic id, language, field kind, text) for every indexed text."""
    for topic in kb.topics.values():
        for lang in LANGS:
            yield topic.id, lang, "title", topic.title.get(lang)
            for example in topic.examples.get(lang):
                yield topic.id, lang, "example", example
            for keyword in topic.keywords.get(lang):
                yield topic.id, lang, "keywords", keyword
            yield topic.id, lang, "answer", topic.answer.get(lang)
    for lang in LANGS:
        for example in kb.out_of_scope.examples.get(lang):
            yield OUT_OF_SCOPE, lang, "example", example


def build_index(kb: KnowledgeBase, config: RetrievalConfig | None = None) -> TopicIndex:
    """Analyse every text of every topic once."""
    config = config or RetrievalConfig()
    weights = {"example": 1.0, "title": 1.0, "keywords": config.keyword_weight, "answer": config.answer_weight}
    terms = {lang: _LangTerms() for lang in LANGS}
    unit_topics: list[tuple[str, Lang]] = []
    word_docs: list[Counter[str]] = []
    gram_docs: list[Counter[str]] = []
    docs_w: dict[tuple[str, Lang], Counter[str]] = defaultdict(Counter)
    docs_g: dict[tuple[str, Lang], Counter[str]] = defaultdict(Counter)
    nb_weights = {"example": 1.0, "title": 1.0, "keywords": config.nb_keyword_weight, "answer": config.nb_answer_weight}
    nb_docs: list[tuple[str, dict[str, float]]] = []
    for topic_id, lang, kind, text in _topic_texts(kb):
        analysis = analyze(text, lang)
        if not analysis.tokens:
            continue
        nb_docs.append((topic_id, _nb_features(analysis, nb_weights[kind], config)))
        # The out-of-scope list is scored by its closest example, never by a centroid.
        if topic_id != OUT_OF_SCOPE and (kind != "answer" or config.centroid_answer):
            docs_w[(topic_id, lang)].update(_features(analysis))
            docs_g[(topic_id, lang)].update(analysis.ngrams)
            for other in LANGS:
                if other != lang:
                    docs_w[(topic_id, other)].update(analysis.concepts)
        terms[lang].add(topic_id, analysis, weights[kind])
        for other in LANGS:
            cross = 1.0 if other == lang else config.concept_cross
            terms[other].add_features(topic_id, analysis.concepts, weights[kind] * cross)
        if kind in ("example", "title"):
            unit_topics.append((topic_id, lang))
            word_docs.append(Counter(_features(analysis)))
            gram_docs.append(Counter(analysis.ngrams))
    for lang_terms in terms.values():
        lang_terms.finish(config.tf_saturation)
    return TopicIndex(
        topic_ids=tuple(kb.topics) + ((OUT_OF_SCOPE,) if any(kb.out_of_scope.examples.get(g) for g in LANGS) else ()),
        terms=terms,
        unit_topics=unit_topics,
        words=_CosineSpace.build(word_docs),
        grams=_CosineSpace.build(gram_docs),
        doc_keys=list(docs_w),
        doc_words=_CosineSpace.build(list(docs_w.values())),
        doc_grams=_CosineSpace.build([docs_g[k] for k in docs_w]),
        classifier=NaiveBayes.train(nb_docs, alpha=config.nb_alpha, temperature=config.nb_temperature)
        if config.classifier_share
        else None,
    )


def get_index(kb: KnowledgeBase) -> TopicIndex:
    """The KB's index, built on first use and kept on the KB object."""
    if kb._index is None:
        kb._index = build_index(kb)
    return kb._index


def _token_matches(
    terms: _LangTerms, token: str, variants: tuple[str, ...], config: RetrievalConfig, *, fuzzy: bool = True
) -> tuple[dict[str, float], float]:
    """{topic: strength} for one question word in one language, and how directly the word is in
    the vocabulary (1 for its own form, less through a stripped, defective-spelling or typo
    reading; `RetrievalConfig.known_graded`)."""
    best: dict[str, float] = {}
    directness = 0.0
    for i, feature in enumerate(variants):
        postings = terms.postings.get(feature)
        if not postings:
            continue
        quality = 1.0 if i == 0 else config.variant_quality
        known = 1.0 if i == 0 else config.known_defective if feature.startswith("~") else config.known_variant
        directness = max(directness, known)
        for topic, strength in postings.items():
            if quality * strength > best.get(topic, 0.0):
                best[topic] = quality * strength
    if best or not fuzzy:
        return best, directness
    near = terms.closest_word(token, config.fuzzy_min, config.fuzzy_min_length, config.fuzzy_max_gap)
    if near is None:
        return best, directness
    quality = config.fuzzy_quality * near[1]
    for topic, strength in terms.postings.get(near[0], {}).items():
        best[topic] = max(best.get(topic, 0.0), quality * strength)
    return best, config.known_fuzzy * near[1]


def _coverage(
    index: TopicIndex, analysis: Analysis, lang: Lang, config: RetrievalConfig
) -> tuple[dict[str, float], float]:
    """Share of the question's IDF mass that each topic explains, in [0, 1], and how many
    question words some topic of that language uses (typo matches and thesaurus words included)."""
    n = len(index.topic_ids)
    totals: defaultdict[str, float] = defaultdict(float)
    mass = 0.0
    known = 0.0
    for token, variants, in_concept in _words(analysis):
        concept = token.startswith(CONCEPT_PREFIX)
        matches, directness = _token_matches(index.terms[lang], token, variants, config, fuzzy=not concept)
        if not concept and in_concept:
            known += 1.0  # a thesaurus word is support vocabulary even if no topic uses it
        elif not concept and any(topic != OUT_OF_SCOPE for topic in matches):
            # Words only the out-of-scope examples use are what makes a question foreign.
            known += directness if config.known_graded else 1.0
        if not matches and in_concept and config.concept_explains:
            continue  # a synonym the topics do not use: its concept stands for it
        idf = math.log(1 + n / max(1, len(matches))) ** config.idf_power
        if not matches:
            idf *= config.unknown_weight
        if concept:
            idf *= config.concept_weight
        mass += idf
        for topic, strength in matches.items():
            totals[topic] += idf * strength
    return ({topic: value / mass for topic, value in totals.items()} if mass else {}), known


def _paraphrase(index: TopicIndex, analysis: Analysis, config: RetrievalConfig) -> dict[tuple[str, Lang], float]:
    """Best cosine with one example or title, per (topic, language)."""
    scores = [0.0] * len(index.unit_topics)
    index.words.add_scores(Counter(_features(analysis)), scores, config.word_share)
    index.grams.add_scores(Counter(analysis.ngrams), scores, 1.0 - config.word_share)
    best: dict[tuple[str, Lang], float] = {}
    for key, start, end in index.unit_runs():
        score = max(scores[start:end])
        if score > best.get(key, 0.0):
            best[key] = score
    return best


def _centroid(index: TopicIndex, analysis: Analysis, config: RetrievalConfig) -> dict[tuple[str, Lang], float]:
    """Cosine with everything a topic says in one language (Rocchio-style)."""
    scores = [0.0] * len(index.doc_keys)
    index.doc_words.add_scores(Counter(_features(analysis)), scores, config.word_share)
    index.doc_grams.add_scores(Counter(analysis.ngrams), scores, 1.0 - config.word_share)
    return {key: score for key, score in zip(index.doc_keys, scores, strict=True) if score}


@dataclass(frozen=True, slots=True)
class QuestionScores:
    """Ranked topics plus what the answer/abstain gate (`knowledge.gate`) looks at: how much
    of the question the KB knows at all and how the top topic was reached."""

    ranked: list[ScoredTopic]
    tokens: int = 0  # content words (stop words removed)
    concepts: int = 0  # thesaurus concepts the question mentions
    known: float = 0.0  # share of content words some topic uses, in the best language
    coverage: float = 0.0  # the top topic's coverage signal
    paraphrase: float = 0.0  # the top topic's closest single example
    posterior: float = 0.0  # the classifier's posterior of the top topic
    concept_hit: float = 0.0  # share of the question's concepts the top topic uses
    out_of_scope: bool = False  # the KB's out-of-scope examples matched best: refuse
    out_of_scope_score: float = 0.0  # their blended score when a real topic came first


def score_question(index: TopicIndex, text: str, lang: Lang, config: RetrievalConfig) -> QuestionScores:
    """Every topic with a positive score, best first, and the gate's features."""
    analysis = analyze(text, lang)
    if not analysis.tokens:
        return QuestionScores(ranked=[])
    paraphrase = _paraphrase(index, analysis, config)
    centroid = _centroid(index, analysis, config) if config.centroid_share else {}
    para_share = (1.0 - config.coverage_share) * (1.0 - config.centroid_share)
    cent_share = (1.0 - config.coverage_share) * config.centroid_share
    best: dict[str, float] = {}
    parts: dict[str, tuple[float, float]] = {}  # topic -> (coverage, paraphrase) of its best language
    known = 0.0
    for doc_lang in LANGS:
        coverage, lang_known = _coverage(index, analysis, doc_lang, config)
        known = max(known, lang_known)
        damp = 1.0 if doc_lang == lang else config.other_language
        for topic in index.topic_ids:
            cov = coverage.get(topic, 0.0)
            para = paraphrase.get((topic, doc_lang), 0.0)
            # The out-of-scope list is a bag of unrelated questions: its closest example is the
            # evidence, not the whole list's centroid.
            if topic == OUT_OF_SCOPE:
                whole, weight = para, damp * config.out_of_scope_weight
            else:
                whole, weight = centroid.get((topic, doc_lang), 0.0), damp
            score = config.coverage_share * cov + para_share * para
            score += cent_share * whole
            score *= weight
            if score > best.get(topic, 0.0):
                best[topic] = score
                parts[topic] = (cov, para)
    lexical = best
    posterior: dict[str, float] = {}
    if index.classifier is not None and config.classifier_share:
        posterior = index.classifier.posterior(_nb_features(analysis, 1.0, config))
        share = config.classifier_share
        best = {t: (1.0 - share) * best.get(t, 0.0) + share * posterior.get(t, 0.0) for t in {*best, *posterior}}
        best = {t: v for t, v in best.items() if v > 0.0}
    ranked = sorted(best.items(), key=lambda item: (-item[1], item[0]))
    out_of_scope = bool(ranked) and ranked[0][0] == OUT_OF_SCOPE
    scored = [
        ScoredTopic(topic, round(score, 6), round(lexical.get(topic, 0.0), 6))
        for topic, score in ranked
        if topic != OUT_OF_SCOPE
    ]
    if not scored or out_of_scope:
        return QuestionScores(
            ranked=scored, tokens=len(analysis.tokens), concepts=len(analysis.concepts), out_of_scope=out_of_scope
        )
    top = scored[0].topic
    cov, para = parts.get(top, (0.0, 0.0))
    hits = 0
    for concept in analysis.concepts:
        if any(top in index.terms[doc_lang].postings.get(concept, {}) for doc_lang in LANGS):
            hits += 1
    return QuestionScores(
        ranked=scored,
        tokens=len(analysis.tokens),
        concepts=len(analysis.concepts),
        known=known / len(analysis.tokens),
        coverage=cov,
        paraphrase=para,
        posterior=posterior.get(top, 0.0),
        concept_hit=hits / len(analysis.concepts) if analysis.concepts else 0.0,
        out_of_scope_score=best.get(OUT_OF_SCOPE, 0.0),
    )


def score_topics(index: TopicIndex, text: str, lang: Lang, config: RetrievalConfig) -> list[ScoredTopic]:
    """Every topic with a positive score, best first."""
    return score_question(index, text, lang, config).ranked


def confidence_of(ranked: list[ScoredTopic], config: RetrievalConfig) -> float:
    """Calibrated probability in [0, 1] that the top topic is the right answer."""
    if not ranked:
        return 0.0
    gate = max(s.lexical for s in ranked)
    runner_up = ranked[1].score if len(ranked) > 1 else 0.0
    margin = ranked[0].score - runner_up
    z = config.confidence_slope * (gate - config.confidence_centre) + config.margin_weight * margin
    return round(1.0 / (1.0 + math.exp(-z)), 4)


def retrieve(
    kb: KnowledgeBase,
    text: str,
    lang: Lang | None = None,
    config: RetrievalConfig | None = None,
) -> Retrieval:
    """Find the topic `text` asks about, or None when it is outside the KB."""
    config = config or RetrievalConfig()
    lang = lang or detect_language(text)
    scores = score_question(get_index(kb), text, lang, config)
    ranked = scores.ranked
    if scores.out_of_scope:
        answer, confidence = False, 0.0
    elif config.use_gate and ranked:
        from knowledge.gate import default_gate  # the gate module imports QuestionScores from here

        gate = default_gate()
        answer = scores.paraphrase >= config.example_match or gate.probability(scores) >= gate.cut
        confidence = round(gate.confidence(scores), 4)
    else:
        lexical = max((s.lexical for s in ranked), default=0.0) if config.gate_on_max else 0.0
        answer = bool(ranked) and (lexical if config.gate_on_max else ranked[0].lexical) >= config.threshold
        confidence = confidence_of(ranked, config)
    topic = ranked[0].topic if answer else None
    return Retrieval(topic=topic, confidence=confidence, lang=lang, ranked=tuple(ranked[:5]))
