"""Which form of address the reply being written uses: the workspace's, or plural for a party.

Set once where the workspace is known (a turn, a timed job, a campaign) and read by whatever fills
a sentence, so the dozens of places that write a sentence need not pass it along. Unset, the form is
plural: the polite form every sentence can take.

Texts the owner writes whole (knowledge-base answers) cannot carry both forms, so `words_of` finds
the words that speak in a given form (address.yaml) and `bot kb lint` reports those of the other one.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from pathlib import Path
from typing import Literal, Protocol

import yaml

Form = Literal["singular", "plural"]
DEFAULT: Form = "plural"
_current: ContextVar[Form] = ContextVar("form_of_address", default=DEFAULT)
WORDS_FILE = Path(__file__).with_name("address.yaml")
# A span in quotes: someone else's words or a slogan, not the text speaking to its reader. A quote
# mark between two letters is a gershayim (מע"מ, ש"ח) and neither opens nor closes one.
_QUOTE_OPEN, _QUOTE_CLOSE = '"“„«״', '"”“»״'
_QUOTED = re.compile(
    rf"(?<!\w)[{_QUOTE_OPEN}](?:[^{_QUOTE_CLOSE}{_QUOTE_OPEN}\n]|(?<=\w)[\"״](?=\w))*?"
    rf"[{_QUOTE_CLOSE}](?!\w)"
)


class HasAddress(Protocol):
    @property
    def form_of_address(self) -> Form: ...


def current() -> Form:
    return _current.get()


def is_plural() -> bool:
    return _current.get() == "plural"


def for_party(form: Form, party_size: int | None) -> Form:
    """A message to a party of more than one speaks to them all (plural) whatever the workspace's form."""
    return "plural" if party_size is not None and party_size > 1 else form


def use(workspace: HasAddress) -> None:
    """Address the rest of this turn (this context) the way `workspace` does."""
    _current.set(workspace.form_of_address)


@contextmanager
def addressing(form: Form) -> Iterator[None]:
    token = _current.set(form)
    try:
        yield
    finally:
        _current.reset(token)


def other(form: Form) -> Form:
    return "plural" if form == "singular" else "singular"


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@cache
def _patterns() -> dict[Form, re.Pattern[str]]:
    data = yaml.safe_load(WORDS_FILE.read_text(encoding="utf-8"))
    prefixes = _alternation(data["prefixes"])
    patterns: dict[Form, re.Pattern[str]] = {}
    forms: tuple[Form, ...] = ("singular", "plural")
    for form in forms:
        lists = data[form]
        parts = [rf"(?:{prefixes})?(?:{_alternation(lists['words'])})", rf"ו?(?:{_alternation(lists['imperatives'])})"]
        if lists["imperatives_alone"]:
            parts.append(_alternation(lists["imperatives_alone"]))
        patterns[form] = re.compile(rf"(?<![\w/])(?:{'|'.join(parts)})(?![\w/])")
    return patterns


def words_of(form: Form, text: str) -> list[str]:
    """The words of Hebrew `text` that speak to its reader in `form` ("שלכם", "תוכלו" for plural), each
    once in order of appearance; words in quotes are someone else's and do not count."""
    found: list[str] = []
    for match in _patterns()[form].finditer(_QUOTED.sub(" ", text)):
        if match.group(0) not in found:
            found.append(match.group(0))
    return found
