"""Session 13, tuner B: follow-ups that open with "too", bare questions of a bound, short month words (own wording)."""

from __future__ import annotations

import pytest

from bot.core.settings import ROOT
from bot.core.workspaces import load_workspaces


def _entities(slug: str, text: str):  # type: ignore[no-untyped-def]
    from handlers.dialogue.entities import extract

    found = load_workspaces(ROOT / "workspaces").by_slug(slug)
    assert found is not None
    return extract(text, found)


@pytest.mark.parametrize(
    ("text", "followup"),
    [
        ("גם בחבילה השנתית?", True),
        ("тоже на годовом тарифе?", True),
        ("too on the yearly one?", True),
        ("Also, how do I export my data?", False),  # a lead-in before a comma opens a question of its own
        ("גם", False),  # "too" alone says no case
    ],
)
def test_too_opens_a_follow_up(text: str, followup: bool) -> None:
    assert _entities("saas-billing", text).followup is followup


@pytest.mark.parametrize(
    ("text", "bare"),
    [
        ("max how many months?", True),
        ("how many months at the most", True),
        ("כמה חודשים לכל היותר?", True),
        ("сколько месяцев максимум?", True),
        ("how many months does the trial last?", False),  # names what it asks about
        ("כמה חודשים אפשר להקפיא מנוי שנתי?", False),
    ],
)
def test_a_bound_with_only_units_is_a_bare_question(text: str, bare: bool) -> None:
    from handlers.dialogue.flow import _bare_question

    assert _bare_question(_entities("saas-billing", text)) is bare


@pytest.mark.parametrize(
    ("text", "months"),
    [
        ("сколько стоит на 3 мес?", 3),
        ("price for 6 mos?", 6),
    ],
)
def test_short_month_words_count_as_months(text: str, months: int) -> None:
    assert _entities("msg-software", text).months == months


def test_thats_points_back() -> None:
    assert _entities("msg-software", "so that's not your job?").anaphor


def test_short_month_word_is_read_as_month_by_retrieval() -> None:
    from knowledge.normalize import tokenize

    assert "месяца" in tokenize("на 3 мес")
