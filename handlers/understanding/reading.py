"""What the intent rules need to know about a turn beyond its text.

A message is read in its context: "יש עדכון?" asks about the open ticket only when there is one,
and "אני צריך טכנאי" asks for a person in a business whose customers call people "technicians".
Russian typed in Latin letters is turned back into Cyrillic first, so that everything after it
(language, intent, the knowledge base, the reply) reads it as the Russian it is.
"""

from __future__ import annotations

from dataclasses import replace

from handlers.intents import IntentGuess, classify_intent, without_courtesy
from handlers.tickets import live_ticket
from handlers.turn import Turn
from knowledge.translit import as_russian

ORIGINAL_TEXT = "original_text"  # turn.extras key: the text as typed, when it was transliterated


def read_transliteration(turn: Turn) -> None:
    """Replace a transliterated Russian text by its Cyrillic reading (the stored message keeps
    what the customer typed; `turn.extras["original_text"]` too)."""
    cyrillic = as_russian(turn.inbound.text)
    if cyrillic is not None:
        turn.extras[ORIGINAL_TEXT] = turn.inbound.text
        turn.inbound = replace(turn.inbound, text=cyrillic)


def read_without_courtesy(turn: Turn) -> None:
    """Drop a leading thanks or greeting before a question of its own ("תודה! ועוד שאלה, אפשר להעביר
    את התוכנה למחשב חדש?"), so that the intent rules, retrieval and the dialogue layer read the
    question alone. The stored message keeps what the customer typed (`original_text` too)."""
    rest = without_courtesy(turn.inbound.text)
    if rest is not None:
        turn.extras.setdefault(ORIGINAL_TEXT, turn.inbound.text)
        turn.inbound = replace(turn.inbound, text=rest)


def has_open_ticket(turn: Turn) -> bool:
    return turn.contact.id is not None and live_ticket(turn.session, turn.contact.id) is not None


def classify_turn(turn: Turn, *, is_known_guest: bool) -> IntentGuess:
    """`classify_intent` with the turn's context: its open ticket and the workspace's words. A
    courtesy before the question is dropped first (`read_without_courtesy`)."""
    read_without_courtesy(turn)
    return classify_intent(
        turn.inbound.text,
        turn.lang,  # type: ignore[arg-type]
        is_known_guest=is_known_guest,
        has_open_ticket=has_open_ticket(turn),
        person_words=turn.workspace.understanding.all_person_words(),
    )
