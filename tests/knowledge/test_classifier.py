"""Naive Bayes topic classifier: learns from all of a topic's texts, says nothing on unknowns."""

from __future__ import annotations

import math

import pytest

from knowledge.classifier import NaiveBayes
from knowledge.retrieval import RetrievalConfig, get_index, retrieve, score_topics

DOCS = [
    ("refund", {"refund": 1.0, "money": 1.0, "@refund": 1.0}),
    ("refund", {"возврат": 1.0, "@refund": 1.0}),
    ("hours", {"open": 1.0, "hours": 1.0, "@hours": 1.0}),
    ("hours", {"פתוחים": 1.0, "@hours": 1.0}),
]


def test_posterior_prefers_the_topic_that_uses_the_features() -> None:
    nb = NaiveBayes.train(DOCS)
    post = nb.posterior(["@refund", "unknown-word"])
    assert post["refund"] > 0.9
    assert math.isclose(sum(post.values()), 1.0)


def test_features_from_other_languages_pool_into_one_topic() -> None:
    nb = NaiveBayes.train(DOCS)
    # a Hebrew-script word learned from the Hebrew text of "hours" only
    assert max(nb.posterior(["פתוחים"]).items(), key=lambda kv: kv[1])[0] == "hours"


def test_unknown_features_give_no_opinion() -> None:
    assert NaiveBayes.train(DOCS).posterior(["weather", "borscht"]) == {}


def test_temperature_softens_without_reordering() -> None:
    sharp = NaiveBayes.train(DOCS, temperature=1.0).posterior(["money", "open"])
    soft = NaiveBayes.train(DOCS, temperature=4.0).posterior(["money", "open"])
    assert max(sharp, key=sharp.__getitem__) == max(soft, key=soft.__getitem__)
    assert max(soft.values()) <= max(sharp.values())


def test_storage_is_sparse() -> None:
    nb = NaiveBayes.train(DOCS)
    assert [i for i, _ in nb.gains["@refund"]] == [nb.topics.index("refund")]


def test_weights_count_like_repetitions() -> None:
    once = NaiveBayes.train([("a", {"x": 1.0}), ("b", {"y": 1.0, "x": 1.0})])
    heavy = NaiveBayes.train([("a", {"x": 3.0}), ("b", {"y": 1.0, "x": 1.0})])
    assert heavy.posterior(["x"])["a"] > once.posterior(["x"])["a"]


def test_retrieval_blends_the_classifier_but_gates_on_lexical_evidence(small_kb) -> None:
    ranked = score_topics(get_index(small_kb), "how do I get my money back", "en", RetrievalConfig())
    assert ranked[0].topic == "refund"
    assert ranked[0].score != ranked[0].lexical  # the classifier moved the blended score
    # The posterior always sums to one, yet an off-topic question still gets no topic.
    assert retrieve(small_kb, "who won the football game").topic is None


@pytest.mark.parametrize("share", [0.0, 0.5])
def test_classifier_can_be_switched_off(small_kb, share: float) -> None:
    from knowledge.retrieval import build_index

    config = RetrievalConfig(classifier_share=share)
    index = build_index(small_kb, config)
    assert (index.classifier is None) == (share == 0.0)
    assert score_topics(index, "refund policy", "en", config)[0].topic == "refund"
