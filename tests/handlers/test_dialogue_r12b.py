"""Round 12, tuner B: how the dialogue layer reads follow-ups that keep the last topic (own wording)."""

from __future__ import annotations

import pytest

from bot.core.settings import ROOT
from bot.core.workspaces import load_workspaces


def _entities(slug: str, text: str):  # type: ignore[no-untyped-def]
    from handlers.dialogue.entities import extract

    found = load_workspaces(ROOT / "workspaces").by_slug(slug)
    assert found is not None
    return extract(text, found)


@pytest.mark.parametrize(("text", "asks"), [
    ("what about the request that's still waiting?", True),
    ("ok, what about my invoice?", True),
    ("ומה עם הקריאה שעוד פתוחה?", True),
    ("а как же заявка, которая ещё открыта?", True),
    ("and how much is it?", False),  # an "and ...?" that asks its own question
    ("what is the price of an hour?", False),
])
def test_what_about_asks_the_last_question_again(text: str, asks: bool) -> None:
    from handlers.dialogue.flow import _asks_about

    assert _asks_about(_entities("remote-support", text)) is asks


@pytest.mark.parametrize(("text", "followup"), [
    ("ועד איזו שעה אפשר לכתוב?", True),
    ("ומאיזו שעה אתם פותחים?", True),
    ("ועדה של הבניין שלנו צריכה אתר", False),  # a word that begins with ו, not a glued "and"
    ("n how much for a year?", True),  # chat shorthand for "and"
])
def test_and_opens_a_follow_up(text: str, followup: bool) -> None:
    assert _entities("web-agency", text).followup is followup


@pytest.mark.parametrize(("text", "plan"), [
    ("אני בסטנדרט", "standard"),
    ("בעצם יש לנו פריוריטי", "priority"),
    ("у нас приоритетный", "priority"),
])
def test_plan_spellings_customers_use(text: str, plan: str) -> None:
    assert _entities("web-agency", text).plan == plan


def test_the_difference_points_back() -> None:
    assert _entities("saas-billing", "any refund of the difference?").anaphor


def test_chat_shorthand_is_spelled_out() -> None:
    from knowledge.normalize import tokenize

    assert tokenize("wen do u guys wrk") == ["when", "do", "guys", "work"]


@pytest.mark.parametrize("text", ["do I have to back everything up first", "should I back my files up"])
def test_back_up_with_words_between_is_a_backup(text: str) -> None:
    from knowledge.normalize import tokenize
    from knowledge.thesaurus import default_thesaurus

    assert "@backup" in default_thesaurus().find(tokenize(text))
