"""Answer/abstain gate: fitted weights load, the fit is sound, and retrieval uses it."""

from __future__ import annotations

import math
import random
from pathlib import Path

import pytest

from knowledge.crossval import fold, load_offtopic
from knowledge.gate import FEATURES, Gate, default_gate, features, fit_logistic, load_gate
from knowledge.kb import load_knowledge_base
from knowledge.normalize import tokenize, word_variants
from knowledge.retrieval import QuestionScores, RetrievalConfig, ScoredTopic, get_index, retrieve, score_question

BASES = Path(__file__).resolve().parents[2] / "knowledge" / "bases"


def test_shipped_gate_has_every_feature_and_a_cut_in_range() -> None:
    gate = load_gate()
    assert len(gate.weights) == len(FEATURES) == len(gate.confidence_weights)
    assert 0.0 < gate.cut < 1.0


def test_gate_file_missing_a_feature_fails_loudly(tmp_path: Path) -> None:
    path = tmp_path / "gate.yaml"
    path.write_text("cut: 0.5\nbias: 0.0\nweights: {lexical: 1.0}\n", encoding="utf-8")
    with pytest.raises(ValueError, match="missing"):
        load_gate(path)


def test_fit_logistic_finds_the_separating_direction() -> None:
    rng = random.Random(7)
    rows = [[rng.uniform(0, 1), rng.uniform(0, 1)] for _ in range(400)]
    labels = [1 if x > 0.5 else 0 for x, _ in rows]  # only the first feature matters
    coefs, bias = fit_logistic(rows, labels, [1.0] * len(rows), l2=0.1)
    assert coefs[0] > 5 * abs(coefs[1])
    assert math.isclose(-bias / coefs[0], 0.5, abs_tol=0.1)


def test_features_are_none_without_a_ranked_topic() -> None:
    assert features(QuestionScores(ranked=[])) is None
    scored = QuestionScores(ranked=[ScoredTopic("a", 0.5, 0.4), ScoredTopic("b", 0.2, 0.1)], tokens=3, known=1.0)
    x = features(scored)
    assert x is not None and len(x) == len(FEATURES)
    assert x[FEATURES.index("margin")] == pytest.approx(0.3)


def test_gate_decides_and_confidence_follows_the_gate(small_kb) -> None:
    gate = Gate(weights=(0.0,) * len(FEATURES), bias=-5.0, cut=0.5)  # refuses everything
    scores = score_question(get_index(small_kb), "how do I get my money back", "en", RetrievalConfig())
    assert scores.ranked and gate.probability(scores) < gate.cut
    assert gate.confidence(scores) == pytest.approx(gate.probability(scores))  # no confidence model: same


def test_known_share_separates_kb_words_from_unknown_ones(small_kb) -> None:
    index = get_index(small_kb)
    on = score_question(index, "refund policy", "en", RetrievalConfig())
    off = score_question(index, "crocodile alligator difference", "en", RetrievalConfig())
    assert on.known > off.known


@pytest.mark.parametrize("workspace", ["saas-billing", "remote-support"])
def test_shipped_gate_refuses_most_invented_off_topic_questions(workspace: str) -> None:
    kb = load_knowledge_base(BASES / workspace)
    questions = load_offtopic()
    refused = sum(retrieve(kb, q).topic is None for _, q in questions)
    assert refused / len(questions) >= 0.85


def test_old_threshold_gate_still_available(small_kb) -> None:
    config = RetrievalConfig(use_gate=False, threshold=0.99)
    assert retrieve(small_kb, "refund policy", config=config).topic is None
    assert retrieve(small_kb, "refund policy").topic == "refund"
    assert default_gate() is default_gate()


def test_fold_holds_the_same_positions_out_in_every_language() -> None:
    kb = load_knowledge_base(BASES / "saas-billing")
    reduced, held = fold(kb, 0, 3)
    topic = next(iter(kb.topics.values()))
    for lang in ("he", "en", "ru"):
        kept = reduced.topics[topic.id].examples.get(lang)
        assert topic.examples.get(lang)[0] not in kept
        assert topic.examples.get(lang)[1] in kept
    assert {c.lang for c in held} == {"he", "en", "ru"}


def test_chat_shorthand_and_glued_numbers_are_spelled_out() -> None:
    assert tokenize("300ppl 50msgs at 2am") == ["300", "people", "50", "messages", "at", "2", "am"]


def test_hebrew_past_tense_meets_the_noun_through_its_stem() -> None:
    assert set(word_variants("ביטלתי")) & set(word_variants("ביטול"))


def test_adjacent_off_topic_batch_splits_into_halves_in_every_language() -> None:
    from knowledge.crossval import load_adjacent

    cases = load_adjacent("event-rsvp")
    assert {c.lang for c in cases} == {"he", "en", "ru"}
    assert {c.source for c in cases} == {"adjacent", "adjacent2"}
    assert all(c.topic is None and c.workspace == "event-rsvp" for c in cases)
    assert load_adjacent("no-such-workspace") == []


def test_a_topic_example_word_for_word_is_answered_even_when_the_gate_refuses(
    small_kb, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The owner filed that very question under the topic; a gate refit must not undo it."""
    import knowledge.gate

    refuse_all = Gate(weights=(0.0,) * len(FEATURES), bias=-5.0, cut=0.5)
    monkeypatch.setattr(knowledge.gate, "default_gate", lambda: refuse_all)
    topic = next(iter(small_kb.topics.values()))
    example = topic.examples.get("en")[0]
    assert retrieve(small_kb, example, "en").topic == topic.id
    assert retrieve(small_kb, example, "en", RetrievalConfig(example_match=1.01)).topic is None
    assert retrieve(small_kb, "refund policy for crocodiles", "en").topic is None  # not an example: the gate rules
