import pytest

from knowledge.normalize import (
    analyze,
    char_ngrams,
    hebrew_prefix_variants,
    is_stopword,
    normalize_text,
    tokenize,
    word_variants,
)


def test_niqqud_finals_and_quotes_are_normalised() -> None:
    assert tokenize("שָׁלוֹם") == tokenize("שלום")
    assert normalize_text("ךםןףץ") == "כמנפצ"
    assert tokenize("צ'אט") == ["צאט"]
    assert tokenize("Ёлка ЁЖ") == ["елка", "еж"]


@pytest.mark.parametrize(
    ("word", "stem"),
    [
        ("והשירות", "שירות"),
        ("בתוכנה", "תוכנה"),
        ("כשהמנוי", "מנוי"),
        ("שהחבילה", "חבילה"),
        ("ומהמחשב", "מחשב"),
        ("להחזר", "החזר"),
        ("וביטול", "ביטול"),
    ],
)
def test_hebrew_prefixes_become_variants(word: str, stem: str) -> None:
    variants = hebrew_prefix_variants(normalize_text(word))
    assert variants[0] == normalize_text(word), "the word itself is kept"
    assert normalize_text(stem) in variants


def test_short_words_are_not_stripped_to_nothing() -> None:
    assert hebrew_prefix_variants("מה") == ["מה"]
    assert hebrew_prefix_variants("של") == ["של"]


def test_plural_and_spelling_variants_meet() -> None:
    assert set(word_variants(tokenize("מנויים")[0])) & set(word_variants(tokenize("מנוי")[0]))
    # full and defective spelling (כתיב מלא / חסר) share a feature
    assert set(word_variants(tokenize("תוכנה")[0])) & set(word_variants(tokenize("תכנה")[0]))
    assert tokenize("שיירות") == tokenize("שירות")


def test_russian_inflections_share_a_feature() -> None:
    forms = ["подписка", "подписку", "подписки", "подпиской"]
    common = set.intersection(*(set(word_variants(f)) for f in forms))
    assert common
    assert set(word_variants("отмена")) & set(word_variants("отменить"))


def test_english_stems() -> None:
    assert set(word_variants("cancelling")) & set(word_variants("cancel"))
    assert set(word_variants("refunds")) & set(word_variants("refund"))


def test_ngrams_overlap_despite_a_typo() -> None:
    a, b = set(char_ngrams("subscription")), set(char_ngrams("subscribtion"))
    assert len(a & b) / len(a | b) > 0.5
    assert char_ngrams("14") == ()


def test_stopwords_are_dropped_also_behind_a_prefix() -> None:
    assert is_stopword("ואני")
    assert is_stopword("the")
    assert is_stopword("пожалуйста")
    assert analyze("what is the refund policy").tokens == ("refund", "policy")
