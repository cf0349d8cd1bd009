"""Round 13, tuner C: more words typed in Latin letters: Hebrew (knowledge/translit_he.yaml: an RSVP quota, who is
entitled, the personal area, "and if") and Russian chat words about news on a request (knowledge/translit.yaml).
Own wording, none of a held-out story's sentences."""

from __future__ import annotations

import pytest

from knowledge.translit import as_russian
from knowledge.translit_he import as_hebrew


@pytest.mark.parametrize(
    ("latin", "hebrew"),
    [
        ("kama ishurei hagaa yesh bechinam?", "כמה אישורי הגעה יש בחינם?"),
        ("ani zakai lehanacha?", "אני זכאי להנחה?"),
        ("eifo ha ezor ha ishi?", "איפה האזור האישי?"),
        ("veim ein li cheshbon?", "ואם אין לי חשבון?"),
        ("ma hamechir lebat mitzva?", "מה המחיר לבת מצווה?"),
    ],
)
def test_more_hebrew_words_in_latin_letters(latin: str, hebrew: str) -> None:
    assert as_hebrew(latin) == hebrew


@pytest.mark.parametrize("english", ["meet me at the bar", "my bat is broken", "is there a bar at the venue?"])
def test_english_with_those_words_stays_english(english: str) -> None:
    assert as_hebrew(english) is None


@pytest.mark.parametrize(
    ("latin", "russian"),
    [
        ("kakie novosti po moei zayavke?", "какие новости по моей заявке?"),
        ("chto slyshno s obrashcheniem?", "что слышно с обращением?"),
    ],
)
def test_russian_news_on_a_request(latin: str, russian: str) -> None:
    assert as_russian(latin) == russian
