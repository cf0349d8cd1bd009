"""The order in which handlers see a turn; like aiogram's `get_routers()`, the fallback comes last.

Interceptors run before intent routing (opt-out before all, a staff-held conversation, a question
awaiting its answer); then each intent goes to its handlers in order until one answers.
"""

from __future__ import annotations

from collections.abc import Callable

from handlers import fallback, faq, greeting, opt_out
from handlers.turn import Turn, TurnResult

Handler = Callable[[Turn], TurnResult | None]


def get_interceptors() -> list[Handler]:
    return [opt_out.handle]


def _intent_table() -> dict[str, list[Handler]]:
    return {
        "greeting": [greeting.handle],
        "faq": [faq.handle],
    }


def handlers_for(intent: str) -> list[Handler]:
    return _intent_table().get(intent, [faq.handle])


def fall_back(turn: Turn) -> TurnResult:
    result = fallback.handle(turn)
    assert result is not None
    return result


def is_known_guest(turn: Turn) -> bool:
    """Only a guest of one of the workspace's events may have a message read as an RSVP answer."""
    return False
