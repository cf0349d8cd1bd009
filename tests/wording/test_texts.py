"""Every sentence the product writes, rendered in he / en / ru with representative values.

One text source per language: every key of every text file has he, en and ru with the same blanks.
Then each key is rendered with numbers 1, 2, 5 and 21, every weekday, Latin and Hebrew titles, the
demo workspaces' plan names, and in Hebrew both forms of address; `rules.problems` checks the result
(maqaf, article after ל/ב, Russian case after a preposition, counts, doubled words, unfilled blanks,
no mixed address).
"""

from __future__ import annotations

import re
import string
from datetime import UTC, datetime, timedelta
from functools import cache
from itertools import cycle, islice
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import yaml

from bot.core.workspaces import load_workspaces
from handlers.support_texts import say_date, say_when
from handlers.texts import TextBook
from knowledge.grammar import address, counts
from tests.wording.rules import problems

ROOT = Path(__file__).resolve().parents[2]
SOURCES = {
    "handlers": ROOT / "handlers" / "texts.yaml",
    "billing": ROOT / "handlers" / "billing" / "texts.yaml",
    "rsvp_owner": ROOT / "scheduler" / "rsvp" / "messages.yaml",
    "knowledge": ROOT / "knowledge" / "messages.yaml",
    "rsvp_page": ROOT / "bot" / "templates" / "rsvp" / "strings.yaml",
}
LANGS = ("he", "en", "ru")
NUMBERS = (1, 2, 5, 21)
# Sentences for staff and owners (Telegram, API) are not spoken to a customer: no address check.
NOT_CUSTOMER_FACING = re.compile(r"^(support_staff_|staff_|support_reason_|kind\.|step\.)")
WORKSPACES = load_workspaces(ROOT / "workspaces")


def _entries(path: Path) -> dict[str, dict[str, str]]:
    return {key: dict(value) for key, value in yaml.safe_load(path.read_text(encoding="utf-8")).items()}


@cache
def _book(source: str) -> TextBook:
    return TextBook(SOURCES[source])


ALL = [(source, key) for source, path in SOURCES.items() for key in _entries(path)]


def _fields(template: str) -> dict[str, str]:
    return {name: spec or "" for _, name, spec, _ in string.Formatter().parse(template) if name is not None}


def _plan_names(lang: str) -> list[str]:
    return [plan.name.get(lang) or plan.name["en"] for ws in WORKSPACES.workspaces.values()
            for plan in ws.plans.values()]


def _moments(lang: str) -> list[Any]:
    start = datetime(2026, 11, 23, 6, 30, tzinfo=UTC)  # a Monday
    return [say_when(start + timedelta(days=d), lang, ZoneInfo("Asia/Jerusalem")) for d in range(7)]


FRAGMENTS = ("closed_for", "approval", "timeline", "vat", "what", "email_part", "name_part")  # may be empty
SENTENCES = {"terms": "Terms.", "data": "Data.", "quote": "Quote.", "messages": "[IN] hi", "options": "1. A"}


def _options(name: str, spec: str, lang: str) -> list[Any]:
    """Representative values for one blank."""
    if counts.is_unit(spec) or name in ("count", "limit", "allowance", "used", "remaining", "id", "row"):
        return list(NUMBERS)
    if name in ("when", "due"):
        return _moments(lang)
    if name in ("event", "venue"):
        return ["החתונה", "Example Hall", "свадьба", "בר המצווה של יונתן", "24/7 Party", "the wedding"]
    if name == "workspace":
        return ["Example", "חברת הדוגמה", "Пример"]
    if name in ("plan", "old", "new", "plans"):
        return _plan_names(lang)
    if name in ("days", "months", "window", "n", "card", "transfer"):
        unit = "month" if name == "months" else "day"
        return [counts.count(n, unit, lang) for n in NUMBERS]
    if name in ("date", "kept", "export", "start", "resume", "until", "delivered", "joined", "requested"):
        return [say_date(datetime(2027, 3, 12).date(), lang), "12/03/2027"]
    if name in ("day", "month", "year"):
        return [3, 12, 2027]
    if name in FRAGMENTS:
        return ["", " (x)"]
    if name in SENTENCES:
        return [SENTENCES[name]]
    if name == "phone":
        return ["+972501234567"]
    return [{"name": "Dana", "staff": "Noa", "text": "hello there"}.get(name, f"{name}_x")]


def _scenarios(template: str, lang: str) -> list[dict[str, Any]]:
    fields = _fields(template)
    options = {name: _options(name, spec, lang) for name, spec in fields.items()}
    width = max((len(o) for o in options.values()), default=1)
    return [{name: list(islice(cycle(opts), i + 1))[-1] for name, opts in options.items()} for i in range(width)]


# Formats rather than sentences: their languages may use different parts of a date.
FORMATS = {("billing", "date_format")}


def _mid_sentence(values: dict[str, Any], rendered: str) -> list[str]:
    """A plan's name ("Monthly subscription") read as a common word mid-sentence: "your Monthly ..."."""
    names = [str(values[k]) for k in ("plan", "old", "new") if k in values and str(values[k])[:1].isupper()]
    return [f"plan name {n!r} mid-sentence" for n in names if re.search(rf"[a-z] {re.escape(n)}", rendered)]


@pytest.mark.parametrize(("source", "key"), ALL)
def test_every_key_exists_in_three_languages_with_the_same_blanks(source: str, key: str) -> None:
    variants = _entries(SOURCES[source])[key]
    assert set(variants) >= set(LANGS), f"{source}:{key} lacks {set(LANGS) - set(variants)}"
    blanks = {lang: set(_fields(variants[lang])) for lang in LANGS}
    if (source, key) in FORMATS:
        return
    assert blanks["he"] == blanks["en"] == blanks["ru"], f"{source}:{key} blanks differ: {blanks}"


@pytest.mark.parametrize(("source", "key"), ALL)
def test_every_sentence_renders_grammatically(source: str, key: str) -> None:
    book = _book(source)
    customer = NOT_CUSTOMER_FACING.match(key) is None
    found = []
    for lang in LANGS:
        template = book.entries[key][lang]
        for values in _scenarios(template, lang):
            for form in ("singular", "plural"):
                with address.addressing(form):  # type: ignore[arg-type]
                    rendered = book.text(key, lang, **values)
                found += [f"{lang} {form}: {p} in {rendered!r}"
                          for p in problems(rendered, lang, customer_facing=customer) + _mid_sentence(values, rendered)]
    assert not found, f"{source}:{key}\n" + "\n".join(sorted(set(found)))
