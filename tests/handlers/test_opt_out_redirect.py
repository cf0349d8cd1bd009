"""A customer who moves messages from e-mail to this chat is not leaving: opting them out would stop
the very messages they asked for. A plain "don't send me messages here" still opts out."""

import pytest

from handlers.intents import classify_intent


@pytest.mark.parametrize("text, lang", [
    ("please don't email me the receipts, just send them here", "en"),
    ("אל תשלחו לי עדכונים לדואר, רק לפה בבקשה", "he"),
    ("не присылайте счета на почту, присылайте сюда", "ru"),
    ("אל תשלחו את הקבלות במייל, בוואטסאפ עדיף", "he"),
])
def test_moving_messages_here_is_no_opt_out(text: str, lang: str) -> None:
    assert classify_intent(text, lang).intent != "opt_out"


@pytest.mark.parametrize("text, lang", [
    ("אל תשלחו לי הודעות פה יותר", "he"),
    ("stop texting me", "en"),
    ("не пишите мне больше", "ru"),
    ("stop sending me emails and texts", "en"),
    ("не присылайте мне ничего, ни сюда ни на почту", "ru"),
])
def test_leaving_still_opts_out(text: str, lang: str) -> None:
    assert classify_intent(text, lang).intent == "opt_out"
