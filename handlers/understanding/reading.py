"""What the intent rules need to know about a turn beyond its text.

A message is read in its context: "יש עדכון?" asks about the open ticket only when there is one,
and "אני צריך טכנאי" asks for a person in a business whose customers call people "technicians".
Russian typed in Latin letters, and Hebrew or Russian typed on an English keyboard layout, is turned
back into its own script first, so that everything after it (language, intent, the knowledge base,
the reply) reads it as the language it is; then chat slang, glued words and typos are spelled out
(`handlers.understanding.spelling`).
"""

from __future__ import annotations

from dataclasses import replace

import regex

from handlers.intents import IntentGuess, classify_intent, without_courtesy, without_disclaimer
from handlers.tickets import live_ticket
from handlers.turn import Turn
from handlers.understanding.self_correction import read_self_correction
from handlers.understanding.spelling import respelled, retyped_on_layout
from knowledge.translit import as_russian
from knowledge.translit_he import as_hebrew

ORIGINAL_TEXT = "original_text"  # turn.extras key: the text as typed, when it was transliterated
_LATIN_WORDS = regex.compile(r"[A-Za-z]{2,}")


def read_transliteration(turn: Turn) -> None:
    """Replace a transliterated Russian text by its Cyrillic reading, a text typed on the wrong
    keyboard layout ("tbh rumv bmhd", "ן מקקג שמ שעקמא") by what the same keys type in the
    workspace's Hebrew, Russian or English, or, in a workspace that speaks Hebrew, Hebrew typed in
    Latin letters ("efshar ledaber im natsig?", `knowledge/translit_he.py`) by its Hebrew, so that
    language, intent, the knowledge base and the reply follow it (the stored message keeps what the
    customer typed; `turn.extras["original_text"]` too). Latin letters that read both as Russian and as
    Hebrew are the language whose reading leaves fewer words unread; in a conversation already in Hebrew a
    short follow-up ("ve ha advanced?") is read as Hebrew on less evidence."""
    text = turn.inbound.text
    languages = turn.workspace.languages
    hebrew = None
    remembered = turn.conversation.language or turn.contact.language
    if "he" in languages:
        hebrew = as_hebrew(text, leaning=remembered == "he")
    readable = _likelier(as_russian(text, remembered), hebrew) \
        or retyped_on_layout(text, [lang for lang in languages if lang in ("he", "ru", "en")]) or hebrew
    if readable is not None:
        turn.extras[ORIGINAL_TEXT] = text
        turn.inbound = replace(turn.inbound, text=readable)


def _likelier(russian: str | None, hebrew: str | None) -> str | None:
    """The Russian reading of a Latin-letter text, unless the Hebrew one reads more of its words: "kama ole
    ha essential le shana" is Hebrew whose "ha" and "shana" also spell Russian words (from "Рош ха-Шана")."""
    if russian is None or hebrew is None:
        return russian
    return hebrew if _latin_words(hebrew) < _latin_words(russian) else russian


def _latin_words(text: str) -> int:
    """Words of two or more Latin letters left in a reading: what it could not read (names included)."""
    return len(_LATIN_WORDS.findall(text))


def read_spelling(turn: Turn) -> None:
    """Spell out chat slang, split glued Hebrew words and correct typos in the turn's language
    ("мне щас мастер нужен" -> "мне сейчас мастер нужен", "רוצהלבטל" -> "רוצה לבטל")."""
    fixed = respelled(turn.inbound.text, turn.lang)  # type: ignore[arg-type]
    if fixed is not None:
        turn.extras.setdefault(ORIGINAL_TEXT, turn.inbound.text)
        turn.inbound = replace(turn.inbound, text=fixed)


def read_without_courtesy(turn: Turn) -> None:
    """Drop a leading thanks or greeting before a question of its own ("תודה! ועוד שאלה, אפשר להעביר
    את התוכנה למחשב חדש?"), so that the intent rules, retrieval and the dialogue layer read the
    question alone. The stored message keeps what the customer typed (`original_text` too)."""
    rest = without_courtesy(turn.inbound.text)
    if rest is not None:
        turn.extras.setdefault(ORIGINAL_TEXT, turn.inbound.text)
        turn.inbound = replace(turn.inbound, text=rest)


def read_without_disclaimer(turn: Turn) -> None:
    """Drop the clauses of a question that only say it is one ("отменять не буду, просто интересно", "only
    asking, not quitting"), once the intent rules have read them: the knowledge base and the dialogue layer read the
    question alone. The stored message keeps what the customer typed (`original_text` too)."""
    rest = without_disclaimer(turn.inbound.text)
    if rest is not None:
        turn.extras.setdefault(ORIGINAL_TEXT, turn.inbound.text)
        turn.inbound = replace(turn.inbound, text=rest)


def has_open_ticket(turn: Turn) -> bool:
    return turn.contact.id is not None and live_ticket(turn.session, turn.contact.id) is not None


def classify_turn(turn: Turn, *, is_known_guest: bool) -> IntentGuess:
    """`classify_intent` with the turn's context: its open ticket and the workspace's words. The
    spelling is read first (`read_spelling`), then a courtesy before the question is dropped
    (`read_without_courtesy`); a question's disclaimer is dropped after (`read_without_disclaimer`)."""
    read_spelling(turn)
    read_self_correction(turn)  # "...? oh, not close, move ...": what a correction takes back is dropped
    read_without_courtesy(turn)
    guess = classify_intent(
        turn.inbound.text,
        turn.lang,  # type: ignore[arg-type]
        is_known_guest=is_known_guest,
        has_open_ticket=has_open_ticket(turn),
        person_words=turn.workspace.understanding.all_person_words(),
    )
    if guess.intent == "faq":
        read_without_disclaimer(turn)
    return guess
