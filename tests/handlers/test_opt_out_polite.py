"""Opt-outs said with courtesy inside the phrase, with "this number", or as a polite question about the
writer's own number are opt-outs; a polite question about someone else's (a guest) or about a card is not.
Found after the sixth blind set's run (its three missed opt-outs); the wording here is our own."""

from __future__ import annotations

import pytest

from handlers.intents import is_opt_out, lexicon

OPT_OUTS = [
    "Я давно с вами, но уберите, пожалуйста, мой номер из рекламных рассылок",
    "OK enough. Do not text this number again.",
    "אפשר בבקשה להסיר אותי מרשימת התפוצה?",
    "can you unsubscribe me please?",
    "можете убрать мой номер из рассылки?",
    "could you remove my number from your list?",
]
NOT_OPT_OUTS = [
    "how do I unsubscribe a guest?",
    "can you remove the guest from the list?",
    "איך מסירים אורח מהרשימה?",
    "как отписать гостя от рассылки?",
    "can I remove my card from the account?",
    "how do I stop auto-renewal?",
    "can you stop sending reminders to my guests?",
    "אפשר להסיר את הכרטיס שלי?",
    "אפשר להוריד אותי מהחבילה הגדולה לקטנה?",
    "can you take me off the premium plan?",
]


@pytest.mark.parametrize("text", OPT_OUTS)
def test_opts_out(text: str) -> None:
    lex = lexicon()
    assert is_opt_out(lex.read(text), lex, text)


@pytest.mark.parametrize("text", NOT_OPT_OUTS)
def test_does_not_opt_out(text: str) -> None:
    lex = lexicon()
    assert not is_opt_out(lex.read(text), lex, text)
