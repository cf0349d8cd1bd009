"""Small pieces every billing reply shares: dates or a dash, tidy spacing, the reported intent."""

from __future__ import annotations

import re
from datetime import date

from handlers.billing.formatting import day
from handlers.turn import TurnResult

_SPACES = re.compile(r"[ \t]{2,}")


def day_or_dash(value: date | str | None, lang: str) -> str:
    if value is None:
        return "—"
    return day(date.fromisoformat(value) if isinstance(value, str) else value, lang)


def squash(reply: str) -> str:
    """Optional parts left empty must not leave double spaces behind."""
    return "\n".join(_SPACES.sub(" ", line).strip() for line in reply.strip().splitlines())


def with_intent(result: TurnResult, intent: str) -> TurnResult:
    result.intent = intent
    return result
