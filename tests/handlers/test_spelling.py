"""What customers type, read as what they meant (handlers/understanding/spelling.py), and the
polite requests, thanks and clear example wins of the intent rules that round 6 of issue 12 added."""

from __future__ import annotations

import pytest

from handlers.intents import classify_intent, is_thanks
from handlers.understanding.spelling import respelled, retyped_on_layout


@pytest.mark.parametrize(("typed", "meant"), [
    ("tbh rumv kscr", "אני רוצה לדבר"),  # Hebrew on the English layout
    ("nv vxyyux?", "מה הסטטוס?"),
    ("ghbdtn", None),  # one word is too little to tell
])
def test_hebrew_typed_on_the_english_layout(typed: str, meant: str | None) -> None:
    assert retyped_on_layout(typed) == meant


@pytest.mark.parametrize("text", ["ok thanks", "hello how much is it", "cancel my plan please", "I need a technician",
                                  "Example Hall 19:30"])
def test_english_is_never_retyped(text: str) -> None:
    assert retyped_on_layout(text) is None


@pytest.mark.parametrize(("text", "lang", "meant"), [
    ("אניצריך נציג", "he", "אני צריך נציג"),  # a missed space, the final letter restored
    ("мне щас нужен мастер", "ru", "мне сейчас нужен мастер"),
    ("чё с заявкой", "ru", "что с заявкой"),
    ("תכלס, תעבירו אותי לנציג", "he", "תעבירו אותי לנציג"),  # a filler dropped
    ("i need a techincian", "en", "i need a technician"),  # two letters swapped
    ("whats the staus of my ticket", "en", "whats the status of my ticket"),
])
def test_slang_glued_words_and_typos_are_spelled_out(text: str, lang: str, meant: str) -> None:
    assert respelled(text, lang) == meant  # type: ignore[arg-type]


@pytest.mark.parametrize(("text", "lang"), [
    ("אני ושירלי מגיעים", "he"),  # a name is not cut into two words
    ("Sergei and Natasha will come", "en"),
    ("сколько стоит тариф", "ru"),
    ("מה שעות התמיכה", "he"),
])
def test_what_is_already_plain_is_left_alone(text: str, lang: str) -> None:
    assert respelled(text, lang) is None  # type: ignore[arg-type]


@pytest.mark.parametrize(("text", "lang", "expected"), [
    # asked with "?", but a request about the customer's own account
    ("I'm away in March, could you stop the billing until I'm back?", "en", "freeze_request"),
    ("אני בחו\"ל חודשיים, אפשר להקפיא לי את המנוי עד שאחזור?", "he", "freeze_request"),
    ("можете приостановить мою подписку, пока я в отъезде?", "ru", "freeze_request"),
    # the rule asked about, not the action asked for
    ("can annual plans be paused?", "en", "faq"),
    ("אפשר לבטל את המנוי בכל זמן?", "he", "faq"),
    ("можно ли приостановить подписку?", "ru", "faq"),
    ("what happens if I don't answer a ticket for a few days?", "en", "faq"),
])
def test_polite_requests_and_questions_about_the_rule(text: str, lang: str, expected: str) -> None:
    assert classify_intent(text, lang).intent == expected  # type: ignore[arg-type]


@pytest.mark.parametrize("text", ["спасибки!", "thanx a lot", "ok thx", "מרסי"])
def test_chat_spellings_of_thanks(text: str) -> None:
    assert is_thanks(text)
