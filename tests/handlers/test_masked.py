"""Swear words with letters hidden behind masks are read as the abuse list's words (issue 12)."""

from __future__ import annotations

import pytest

from handlers.intents import classify_intent, lexicon
from handlers.understanding.masked import hides_any, masked_words


@pytest.mark.parametrize("text", ["what a sh*tty update", "you f**kers", "бл*, опять не работает", "ну вы и м*даки"])
def test_a_masked_swear_word_is_abuse(text: str) -> None:
    assert hides_any(text, lexicon().abuse.singles)


@pytest.mark.parametrize("text", ["*urgent* please", "price is 3*4", "write to a@b.com", "stop!!", "the ***** app",
                                  "rate us 5* on the store"])
def test_a_star_that_hides_no_listed_word_is_nothing(text: str) -> None:
    assert not hides_any(text, lexicon().abuse.singles)


def test_only_words_with_a_mask_after_a_letter_are_masked() -> None:
    assert masked_words("a* and f*** and *bold*") == ["f***", "bold*"]


@pytest.mark.parametrize(("text", "lang"), [("you people are nothing but crooks", "en"), ("אתם פשוט נוכלים", "he"),
                                            ("вы там все жулики", "ru")])
def test_names_called_at_you_are_abuse(text: str, lang: str) -> None:
    assert classify_intent(text, lang).intent == "abuse"  # type: ignore[arg-type]


@pytest.mark.parametrize(("text", "lang"), [("watch out for scammers using your name", "en"),
                                            ("do scammers use your logo?", "en"),
                                            ("мне звонили мошенники от вашего имени, это вы?", "ru")])
def test_scammers_spoken_of_are_no_abuse(text: str, lang: str) -> None:
    assert classify_intent(text, lang).intent != "abuse"  # type: ignore[arg-type]


@pytest.mark.parametrize(("text", "lang"), [("no idea who you are. please stop texting me", "en"),
                                            ("מי אתם בכלל? תפסיקו לשלוח לי הודעות", "he"),
                                            ("откуда у вас мой номер? больше не пишите мне", "ru"),
                                            ("прекратите присылать мне рекламу", "ru"), ("quit texting me", "en")])
def test_an_opt_out_beside_a_question_or_with_another_verb(text: str, lang: str) -> None:
    assert classify_intent(text, lang).intent == "opt_out"  # type: ignore[arg-type]


@pytest.mark.parametrize(("text", "lang"), [("צריך לעשות משהו לפני?", "he"),
                                            ("a freelancer changed some stuff on our site, is that on you?", "en")])
def test_a_real_word_is_no_typo_of_a_person_word(text: str, lang: str) -> None:
    assert classify_intent(text, lang).intent != "human"  # type: ignore[arg-type]
