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
