"""Round 13, tuner C: a message that corrects itself is read as corrected
(handlers/understanding/self_correction.py), a guest's answer by its correction alone, a Hebrew "that"
glued to a "not" (handlers/rsvp_reply.py). Own wording, none of a held-out story's sentences."""

from __future__ import annotations

import pytest

from handlers.rsvp_reply import read_answer
from handlers.understanding.self_correction import corrected, meant_part


@pytest.mark.parametrize(
    ("text", "meant"),
    [
        # "not X, (but) Y" after an interjection: X is dropped from the whole message
        (
            "how can I delete my account? sorry, not delete, switch to the cheaper plan",
            "how can I my account? sorry, switch to the cheaper plan",
        ),
        (
            "как удалить профиль? ой, не удалить, а сменить пакет на дешевле",
            "как профиль? ой, сменить пакет на дешевле",
        ),
        ("איך מבטלים את המנוי? סליחה, לא לבטל, להקפיא לחודש", "איך את המנוי? סליחה, להקפיא לחודש"),
        # a value of one kind named by the correction drops the other values of its kind said before it
        (
            "do I get money back if I quit the yearly plan now? actually no, I pay monthly",
            "do I get money back if I quit the plan now? actually no, I pay monthly",
        ),
        (
            "сколько вернут за ежемесячную подписку? хотя нет, у меня годовая",
            "сколько вернут за подписку? хотя нет, у меня годовая",
        ),
        ("מה ההחזר על מסלול חודשי? בעצם לא, המסלול שלי שנתי", "מה ההחזר על מסלול? בעצם לא, המסלול שלי שנתי"),
        # "not X" after a retraction: X is dropped before it, the retraction is kept (the dialogue layer reads it)
        (
            "how do I freeze the account? actually no, not freeze, downgrade it",
            "how do I the account? actually no, downgrade it",
        ),
    ],
)
def test_a_message_is_read_as_its_correction_means_it(text: str, meant: str) -> None:
    assert corrected(text) == meant


@pytest.mark.parametrize(
    "text",
    [
        "actually no, I meant the monthly one",  # at the start: a correction of the last turn, the dialogue's
        "is it the yearly plan, not the monthly, that renews by itself?",  # a bare "not X" corrects nothing
        "my card was charged twice. oh, and the invoice has the wrong name",  # an interjection alone
        "I can't log in, no matter what I try",
        "can you remove my ticket? no wait, the tech already started, can it still be removed?",  # nothing rejected
        "we'll try to make it, sorry, not sure yet, maybe 3",  # "not sure" rejects nothing said
        "Приду, хотя не уверен, что успею к началу",
        "לא מגיעים, תודה",
        "нет, спасибо, больше ничего",
    ],
)
def test_a_message_without_a_correction_is_left_alone(text: str) -> None:
    assert corrected(text) is None


def test_the_meant_part_of_a_guests_answer() -> None:
    assert meant_part("we will be four. oh no, five, grandma joins too") == "five, grandma joins too"
    assert meant_part("נגיע שלושה. סליחה, התכוונתי שלא נוכל להגיע") == "לא נוכל להגיע"
    assert meant_part("we will be four") is None


@pytest.mark.parametrize(
    ("text", "status", "size"),
    [
        ("we will be four. oh no, five, grandma joins too", "coming", 5),
        ("будем впятером. ой нет, вчетвером, муж не сможет", "coming", 4),
        ("נהיה ארבעה. אוי לא, חמישה, גם סבתא באה", "coming", 5),
        ("coming, 2 of us. actually no, we can't make it after all", "not_coming", None),
        ("סליחה, התכוונתי שלא נוכל להגיע", "not_coming", None),  # the "that" glued to the "not"
        ("חבל שלא נוכל להגיע", "not_coming", None),
    ],
)
def test_a_guests_corrected_answer(text: str, status: str, size: int | None) -> None:
    answer = read_answer(text)
    assert (answer.status, answer.party_size) == (status, size)
