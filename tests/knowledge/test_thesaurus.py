"""The domain thesaurus: concepts found in text, and retrieval bridging paraphrases with them."""

from __future__ import annotations

from pathlib import Path

import pytest

from knowledge.kb import load_knowledge_base
from knowledge.normalize import analyze, tokenize
from knowledge.retrieval import RetrievalConfig, retrieve
from knowledge.thesaurus import ThesaurusError, build_thesaurus, default_thesaurus, load_thesaurus
from knowledge.types import LANGS
from tests.knowledge.conftest import write_kb


def concepts(text: str) -> tuple[str, ...]:
    return default_thesaurus().find(tokenize(text))


@pytest.mark.parametrize(
    ("text", "concept"),
    [
        ("how can I get in touch with you", "@contact"),  # phrase made of stop words but one
        ("can you reimburse me", "@refund"),
        ("ומתי תחזירו לי את הכסף", "@refund"),  # glued ו prefix, future inflection
        ("ולהקפיא את המנוי", "@freeze"),  # ו+ל prefixes on the customer's word
        ("хочу заморозить подписку", "@freeze"),
        ("верните деньги", "@refund"),
        ("how much does it cost", "@price"),
    ],
)
def test_finds_concepts(text: str, concept: str) -> None:
    assert concept in concepts(text)


@pytest.mark.parametrize("text", ["מה מזג האוויר מחר", "how do I make shakshuka", "какая столица Австралии"])
def test_off_topic_text_has_no_concepts(text: str) -> None:
    assert concepts(text) == ()


def test_derived_stopword_readings_do_not_fire() -> None:
    assert "@weekend" in concepts("ביום שישי")
    assert "@weekend" not in concepts("שיש לכם")


def test_entries_are_not_prefix_stripped() -> None:
    # "מספר" (number) is an entry; "ספר" (book) must not be read as it with מ stripped.
    assert "@number" in concepts("מה המספר")
    assert "@number" not in concepts("ספר טוב")


def test_same_concept_across_languages() -> None:
    found = {
        lang: set(concepts(text)) for lang, text in (("en", "money back"), ("he", "החזר כספי"), ("ru", "возврат денег"))
    }
    assert all("@refund" in c for c in found.values())


def test_phrase_needs_all_its_words_in_order() -> None:
    t = build_thesaurus([{"id": "contact", "en": ["get in touch"]}])
    assert t.find(tokenize("get in touch")) == ("@contact",)
    assert t.find(tokenize("touch in get")) == ()
    assert t.find(tokenize("get in")) == ()


def test_analysis_carries_concepts_only_when_asked() -> None:
    assert "@refund" in analyze("money back").concepts
    assert analyze("money back", concepts=False).concepts == ()


@pytest.mark.parametrize(
    "groups",
    [
        [{"en": ["a"]}],  # no id
        [{"id": "x", "de": ["geld"]}],  # unknown language
        [{"id": "x", "en": ["a"]}, {"id": "x", "ru": ["б"]}],  # defined twice
        [{"id": "x", "en": "refund"}],  # not a list
    ],
)
def test_bad_groups_are_rejected(groups: list[dict[str, object]]) -> None:
    with pytest.raises(ThesaurusError):
        build_thesaurus(groups)


def test_bad_file_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "synonyms.yaml"
    path.write_text("- just a list\n", encoding="utf-8")
    with pytest.raises(ThesaurusError):
        load_thesaurus(path)


def test_shipped_thesaurus_has_every_language_in_every_group() -> None:
    import yaml

    from knowledge.thesaurus import SYNONYMS_FILE

    groups = yaml.safe_load(SYNONYMS_FILE.read_text(encoding="utf-8"))["groups"]
    missing = [g["id"] for g in groups if not all(g.get(lang) for lang in LANGS)]
    assert missing == []
    assert len(load_thesaurus().concepts) == len(groups)


# --- retrieval through the thesaurus ---------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "topic"),
    [
        ("возместите мне", "refund"),  # no word shared with the topic, only the concept
        ("repay me", "refund"),
    ],
)
def test_paraphrase_answered_through_thesaurus(small_kb, question: str, topic: str) -> None:
    found = retrieve(small_kb, question, config=RetrievalConfig(concept_explains=True))
    assert found.topic == topic
    assert retrieve(small_kb, question).ranked[0].topic == topic


def test_concept_learned_in_one_language_helps_another(tmp_path: Path) -> None:
    """Only the English texts of `billing` say "refund"; a Russian refund question still finds it."""
    neutral = {"he": "נושא כללי", "en": "General", "ru": "Общая тема"}
    topics = {
        "billing": {
            "title": neutral,
            "answer": {"he": "תשובה", "en": "Answer", "ru": "Ответ"},
            "examples": {"he": ["שאלה על חשבון"], "en": ["I want a refund"], "ru": ["вопрос по счёту"]},
        },
        "opening": {
            "title": {"he": "שעות", "en": "Hours", "ru": "Часы"},
            "answer": {"he": "תשובה", "en": "Answer", "ru": "Ответ"},
            "examples": {"he": ["מתי אתם פתוחים"], "en": ["when are you open"], "ru": ["когда вы открыты"]},
        },
    }
    kb = load_knowledge_base(write_kb(tmp_path / "kb", topics))
    plain = retrieve(kb, "возврат")
    assert plain.ranked[0].topic == "billing"
    # With `concept_explains` the word itself no longer counts as unknown evidence.
    explained = retrieve(kb, "возврат", config=RetrievalConfig(concept_explains=True))
    assert explained.ranked[0].topic == "billing"
    assert explained.ranked[0].lexical > plain.ranked[0].lexical
