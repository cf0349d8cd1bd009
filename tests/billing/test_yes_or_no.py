"""A reply to the bot's "shall I ...?" is read as yes / no only when it answers; a new question that
happens to contain "not / не / לא" after "if / если / אם" asks something else."""

import pytest

from handlers.billing.confirm import yes_or_no


@pytest.mark.parametrize("message, expected", [
    ("no", False),
    ("нет, не надо", False),
    ("לא תודה", False),
    ("yes please", True),
    ("да", True),
    ("כן", True),
    ("ok when?", True),
    ("no, why?", False),
    ("а если не почините?", None),
    ("what if you can't fix it", None),
    ("ואם לא תצליחו לתקן?", None),
    ("а что если не получится", None),
    ("how do I not pay twice", None),
])
def test_reading_a_reply(message: str, expected: bool | None) -> None:
    assert yes_or_no(message) is expected


@pytest.mark.parametrize("message, expected", [
    ("ומה אם לא יעבוד?", None),      # the intent rules' question and condition words, behind a glued "and"
    ("ולמה לא?", None),
    ("whether that works or not", None),
    ("כן, בבקשה", True),
])
def test_question_words_come_from_the_intent_rules(message: str, expected: bool | None) -> None:
    assert yes_or_no(message) is expected


@pytest.mark.parametrize("message, expected", [
    ("תעבירו אותי בבקשה לחבילת Business", True),     # a moving verb beside a plan
    ("переведите меня на другой тариф", True),       # ...or a plan word
    ("move me to Pro please", True),
    ("תעבירו אותי לנציג", False),                    # a person, not a plan
    ("переведите деньги обратно на карту", False),
    ("how do I upgrade to Pro?", False),             # a question about the rule
])
def test_plan_change_by_a_moving_verb(message: str, expected: bool) -> None:
    from bot.core.settings import ROOT
    from bot.core.workspaces import load_workspaces
    from handlers.billing.plan_change import wants_plan_change

    workspace = load_workspaces(ROOT / "workspaces").by_slug("saas-billing")
    assert wants_plan_change(message, workspace) is expected
