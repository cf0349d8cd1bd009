"""Session 12, tuner C: Hebrew words in Latin letters for where one is, what a start costs and "final"; a prefix
written apart before a short Hebrew word; a Russian courtesy in an English conversation stays English."""

from __future__ import annotations

import pytest

from handlers.understanding.spelling import respelled
from knowledge.translit import as_russian
from knowledge.translit_he import as_hebrew


@pytest.mark.parametrize(
    ("latin", "hebrew"),
    [
        ("ani yoshev mul hamachshev", "אני יושב מול המחשב"),
        ("ze sofi?", "זה סופי?"),
        ("kama dmei pticha?", "כמה דמי פתיחה?"),
        ("ve ma im hamechir?", "ומה עם המחיר?"),
    ],
)
def test_hebrew_in_latin_letters(latin: str, hebrew: str) -> None:
    assert as_hebrew(latin) == hebrew


@pytest.mark.parametrize("english", ["the mall is far", "is it final, Sofi?", "the sof key"])
def test_english_stays_english(english: str) -> None:
    assert as_hebrew(english) is None


@pytest.mark.parametrize("thanks", ["spasibo bolshoe", "ok privet", "poka, spasibo"])
def test_russian_courtesy_keeps_an_english_conversation(thanks: str) -> None:
    assert as_russian(thanks, "en") is None
    assert as_russian(thanks, "ru") is not None  # in a Russian conversation, or a new one, it is Russian
    assert as_russian(thanks) is not None


def test_russian_request_is_russian_in_an_english_conversation_too() -> None:
    assert as_russian("spasibo, a mozhno operatora?", "en") == "спасибо, а можно оператора?"


@pytest.mark.parametrize(
    ("text", "plain"),
    [
        ("we need a razrabotchik for the shop", "we need a developer for the shop"),
        ("pls make the bitul today", "please make the cancellation today"),
        ("whats in the pro plan", "what is included in the pro plan"),
    ],
)
def test_borrowed_words_read_in_english(text: str, plain: str) -> None:
    assert respelled(text, "en") == plain
