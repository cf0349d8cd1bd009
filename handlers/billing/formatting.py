"""Amounts, dates and arithmetic written the way each language writes them.

Hebrew and English use "1,990.00"; Russian uses "1 990,00". The shekel is "₪" in Hebrew and
Russian and "ILS" in English, as the workspace's own knowledge base writes it.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from handlers.billing.policy import Step
from handlers.billing.texts import text

SYMBOLS: dict[str, dict[str, str]] = {
    "ILS": {"he": "₪", "ru": "₪", "en": "ILS"},
    "USD": {"he": "$", "ru": "$", "en": "USD"},
    "EUR": {"he": "€", "ru": "€", "en": "EUR"},
    "RUB": {"he": "₽", "ru": "₽", "en": "RUB"},
}


def number(value: Decimal | int, lang: str) -> str:
    """A plain number: integers as they are, money with two places."""
    if isinstance(value, int):
        return str(value)
    text = f"{value:,.2f}"
    if lang == "ru":
        text = text.replace(",", "\u00a0").replace(".", ",")
    return text


def money(value: Decimal, currency: str, lang: str) -> str:
    symbol = SYMBOLS.get(currency, {}).get(lang, currency)
    return f"{number(value, lang)} {symbol}"


def day(value: date, lang: str) -> str:
    """A date as `date_format` in texts.yaml writes it (12/03/2027, 12.03.2027, 12 Mar 2027)."""
    month_name = text("month_names", lang).split(",")[value.month - 1]
    return text("date_format", lang, day=value.day, month=value.month, year=value.year, month_name=month_name)


def percent(value: Decimal | int) -> str:
    return f"{Decimal(value).normalize():f}%"


def expression(step: Step, lang: str, currency: str) -> str:
    """The arithmetic of one step, ending with the result in the currency."""
    n = step.numbers
    result = money(step.result, currency, lang)
    if step.kind == "percent":
        return f"{percent(n[0])} × {number(n[1], lang)} = {result}"
    if step.kind == "minimum":
        return f"min({number(n[0], lang)}, {number(n[1], lang)}) = {result}"
    if step.kind == "pro_rata":
        return f"{number(n[0], lang)} × {n[1]} ÷ {n[2]} = {result}"
    if step.kind == "subtract":
        return f"{number(n[0], lang)} − {number(n[1], lang)} = {result}"
    if step.kind == "difference_pro_rata":
        return f"({number(n[0], lang)} − {number(n[1], lang)}) × {n[2]} ÷ {n[3]} = {result}"
    raise ValueError(f"unknown step kind {step.kind}")
