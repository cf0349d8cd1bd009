"""Filling a sentence's blanks with grammar: `{when:с}`, `{event:ל}`, `{days:day}`.

A blank's format spec names what comes before the value or what the number counts:
- a preposition: "с", "до", "на" (Russian: the case is chosen and "с" becomes "со" where needed),
  "ל", "ב", "מ" (Hebrew: joined as a prefix), "to", "from" (English: written before); "на.loct"
  names the Russian case when it is not the preposition's usual one ("на свадьбе", where one is);
- a counted noun from `counts.yaml`: `{days:day}` -> "5 дней", `{n:day.gen}` for the Russian genitive.
A value may be a `Phrase` (a date, an event) that knows how to say itself after a preposition.
Hebrew sentences then choose their form of address and get a maqaf where their own prefix meets
Latin letters or digits (in the text or at the start of a value); values are never rewritten.
"""

from __future__ import annotations

import re
import string
from collections.abc import Mapping
from typing import Any, Protocol, runtime_checkable

from knowledge.grammar import address, counts, hebrew, russian

_HEBREW = re.compile(r"^[\u05d0-\u05ea]+$")
_CYRILLIC = re.compile(r"^[А-Яа-яЁё]+$")


@runtime_checkable
class Phrase(Protocol):
    """A value that says itself differently after a preposition (a weekday, an event's title)."""

    def after(self, preposition: str) -> str: ...


def with_preposition(value: str, preposition: str, case: str | None = None) -> str:
    """`value` after `preposition`; the preposition's script says the language (`case`: Russian only)."""
    if _HEBREW.match(preposition):
        return hebrew.attach(preposition, value)
    if _CYRILLIC.match(preposition):
        return russian.after(preposition, value, case)
    return f"{preposition} {value}"


class _Formatter(string.Formatter):
    def __init__(self, lang: str) -> None:
        self.lang = lang

    def format_field(self, value: Any, format_spec: str) -> str:
        if not format_spec:
            return super().format_field(value, format_spec)
        if counts.is_unit(format_spec) and counts.is_number(value):
            return counts.count(value, format_spec, self.lang)
        preposition, _, case = format_spec.partition(".")  # "на.loct": where, not where to
        if isinstance(value, Phrase):
            return value.after(preposition)
        if isinstance(value, str) and (_HEBREW.match(preposition) or _CYRILLIC.match(preposition)
                                       or preposition.isalpha()):
            return with_preposition(value, preposition, case or None)
        return super().format_field(value, format_spec)


def fill(template: str, lang: str, values: Mapping[str, Any]) -> str:
    """`template` with its blanks filled for `lang` (see the module docstring for the specs).

    In Hebrew the form of address is chosen in the template and a maqaf is put where the template's
    own prefix meets a value in Latin letters or digits ("ל{workspace}" -> "ל־Example"); the values
    themselves (a customer's words relayed to staff) are never rewritten.
    """
    if lang != "he":
        return _Formatter(lang).vformat(template, (), dict(values)) if values else template
    template = hebrew.choose(template, address.is_plural())
    formatter = _Formatter(lang)
    out = ""
    for literal, field, spec, conversion in formatter.parse(template):
        out += hebrew.fix_glued(literal)
        if field is not None:
            value = formatter.convert_field(formatter.get_field(field, (), dict(values))[0], conversion)
            rendered = formatter.format_field(value, spec or "")
            out = hebrew.glue(out, rendered) + rendered
    return out
