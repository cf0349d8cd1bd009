"""A canned reply's button label: whole when it fits, else its first clause or whole words and "…"; never
half a word, never longer than the limit (plus the "…")."""

from __future__ import annotations

import pytest

from bot.console.pages.inbox import canned_label

REPLIES = [
    "Thanks for your patience, I'm checking this now and will get back to you shortly.",
    "תודה על הסבלנות, אני בודק את זה עכשיו ואחזור אליך בהקדם.",
    "Рад, что всё получилось! Если будет что-то ещё, пишите сюда в любое время.",
    "one two three four five six seven eight nine ten eleven twelve thirteen",
    "x" * 60,
]


@pytest.mark.parametrize("reply", REPLIES)
@pytest.mark.parametrize("limit", [20, 40])
def test_a_label_is_whole_words_of_the_reply(reply: str, limit: int) -> None:
    label = canned_label(reply, limit)
    assert label.endswith("…") and len(label) <= limit + 1
    kept = label.removesuffix("…")
    assert reply.startswith(kept) and kept.strip() == kept and kept
    assert " " not in reply or reply[len(kept)] in " ,.!?;:", f"a word cut in two: {label!r}"


def test_a_short_reply_is_its_own_label() -> None:
    assert canned_label("On it!", 40) == "On it!"
    assert canned_label("  two\nlines ", 40) == "two lines"
