"""Why a message did not reach a guest, said in words ("the phone is off or unreachable", not "30003").

The codes stay in the report for programs; owners read these sentences (`delivery_words.yaml`).
A provider code wins over the row's reason, since it is the more precise of the two.
"""

from __future__ import annotations

from pathlib import Path

from handlers.texts import TextBook

WORDS_FILE = Path(__file__).with_name("delivery_words.yaml")
_BOOK = TextBook(WORDS_FILE)


def why(reason: str | None, code: str | None, lang: str) -> str | None:
    """The owner's sentence for a row's reason and provider code; None when there is nothing to say."""
    if code:
        key = f"code.{code}"
        return _BOOK.text(key if key in _BOOK.entries else "code.other", lang, code=code)
    if reason:
        key = f"reason.{reason}"
        return _BOOK.text(key, lang) if key in _BOOK.entries else reason
    return None
