"""A number with its noun, in the form each language wants: "1 гость, 2 гостя, 5 гостей", "אורח אחד".

The forms are data (`counts.yaml`); Russian picks by the last digits (1 and 21 are "one", 2-4 and
22-24 "few", 11-14 and the rest "many"), Hebrew has words for one and sometimes for two.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import yaml

COUNTS_FILE = Path(__file__).with_name("counts.yaml")


@lru_cache(maxsize=1)
def units() -> dict[str, dict[str, dict[str, object]]]:
    return dict(yaml.safe_load(COUNTS_FILE.read_text(encoding="utf-8")))


def is_unit(name: str) -> bool:
    return name.split(".")[0] in units()


def is_number(value: object) -> bool:
    """A count as callers hand it over: 5, 2.5, or "5" (a setting written as text)."""
    if isinstance(value, bool):
        return False
    if isinstance(value, int | float):
        return True
    return isinstance(value, str) and bool(re.fullmatch(r"\d+(\.\d+)?", value.strip()))


def _as_number(value: int | float | str) -> int | float:
    number = float(value)
    return int(number) if number.is_integer() else number


def russian_category(n: int | float) -> str:
    if not float(n).is_integer():
        return "few"  # a fraction takes the genitive singular: "2,5 дня"
    n = int(n)
    if n % 10 == 1 and n % 100 != 11:
        return "one"
    if n % 10 in (2, 3, 4) and n % 100 not in (12, 13, 14):
        return "few"
    return "many"


def _category(n: int | float, lang: str, forms: dict[str, object]) -> str:
    if lang == "ru":
        return russian_category(n)
    if n == 1:
        return "one"
    if n == 2 and "two" in forms:
        return "two"
    return "other"


def count(n: int | float | str, unit: str, lang: str) -> str:
    """`n` with the noun `unit` ("day", "guest", or "day.gen" for the Russian genitive)."""
    n = _as_number(n)
    name, _, case = unit.partition(".")
    by_lang = units()[name]
    forms = by_lang.get(lang) or by_lang["en"]
    if case and isinstance(forms.get(case), dict):
        forms = forms[case]  # type: ignore[assignment]
    template = forms.get(_category(n, lang, forms)) or forms.get("other") or forms["many"]
    shown = f"{n:g}".replace(".", ",") if lang == "ru" and isinstance(n, float) else f"{n:g}"
    return str(template).replace("{n}", shown)
