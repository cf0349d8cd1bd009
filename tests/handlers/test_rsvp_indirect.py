"""Guests answering in their own words (issue 12): indirect yes/maybe, emoji, counts built from
"+1" / "plus my wife", an answer beside a question - and what must stay unread."""

from __future__ import annotations

import pytest

from handlers.intents import classify_intent, parse_rsvp_reply
from handlers.party_size import additive_party_size


@pytest.mark.parametrize(("text", "status", "size"), [
    ("נשתדל להגיע", "maybe", None),
    ("we'll try to make it", "maybe", None),
    ("постараемся прийти", "maybe", None),
    ("אני בפנים!", "coming", None),
    ("wouldn't miss it for the world! me and my husband", "coming", 2),
    ("לא נפספס את זה, נגיע 3", "coming", 3),
    ("me +1", "coming", 2),
    ("actually plus my wife", "coming", 2),
    ("אה ואשתי גם, אז שניים", "coming", 2),
    ("coming! is there parking?", "coming", None),
    ("👍", "coming", None),
    ("👎", "not_coming", None),
])
def test_indirect_answers_are_read(text: str, status: str, size: int | None) -> None:
    parsed = parse_rsvp_reply(text)
    assert (parsed.status, parsed.party_size) == (status, size)


@pytest.mark.parametrize("text", [
    "can I come with 3?",            # one question: nothing answered
    "where is the hall? what time?",
    "sorry, we're in Europe that week",
    "🙏",                            # thanks, not an answer
    "❤️",
    "👍👎",                          # both: unclear
])
def test_what_is_not_an_answer_stays_unread(text: str) -> None:
    assert parse_rsvp_reply(text).status is None


def test_a_thumbs_up_is_an_answer_only_from_a_guest() -> None:
    assert classify_intent("👍", "he", is_known_guest=True).intent == "rsvp_reply"
    assert classify_intent("👍", "he", is_known_guest=False).intent == "unknown"


def test_plus_reaches_past_a_possessive_but_me_and_my_wife_stays_two() -> None:
    assert additive_party_size("plus my wife") == 2
    assert additive_party_size("me and my wife") == 2
    assert additive_party_size("me + my wife + 2 kids") == 4
