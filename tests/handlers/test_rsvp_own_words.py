"""A guest's reply read for the sender's own answer (issue 12, round 6): a "no" about someone else,
times that are no party size, hedges that are no yes, and courtesy that answers nothing."""

from __future__ import annotations

import pytest

from handlers.intents import RsvpParse, parse_rsvp_reply, party_size_in
from handlers.party_size import additive_party_size, time_amounts
from handlers.rsvp_reply import _others_left_out, courtesy, read_answer


@pytest.mark.parametrize(("text", "status", "size"), [
    ("my sister won't be able to come", None, None),              # about the sister: ask the sender
    ("הבן שלי לא יוכל להגיע", None, None),
    ("папа не придёт", None, None),
    ("grandpa can't make it but we will, 3 of us", "coming", 3),   # the other clause is the sender's
    ("סבתא לא תגיע, אנחנו נגיע 2", "coming", 2),
    ("бабушка не сможет, а мы придём втроём", "coming", 3),
    ("my husband and I can't come", "not_coming", None),         # the sender is in the no
    ("אני ובעלי לא נוכל", "not_coming", None),
    ("мы с женой не сможем", "not_coming", None),
    ("we can't come, the baby is sick", "not_coming", None),     # the sender's own no, a reason beside
    # written for the invited guest by a relative: "he" / "she" is the guest, the no is theirs
    ("Hi, this is Jake's wife. He won't be able to come", "not_coming", None),
    ("היי, זאת אשתו של יוסי. הוא לא יוכל להגיע", "not_coming", None),
    ("пишу за маму, она не сможет прийти", "not_coming", None),
    ("this is Dana, my brother won't be able to come", None, None),  # the sender's brother
    ("это Ольга, мой брат не сможет прийти", None, None),
])
def test_a_no_about_someone_else_is_not_the_senders(text: str, status: str | None, size: int | None) -> None:
    assert read_answer(text) == RsvpParse(status, size)


@pytest.mark.parametrize(("text", "asks"), [
    ("my sister won't be able to come", True),
    ("grandpa can't make it but I will", True),                  # coming, but how many now?
    ("grandpa can't make it but we will, 3 of us", False),
    ("נבוא בלי הילדים", True),                                   # "without the kids": the count is unknown
    ("придём без детей, вдвоём", False),
    ("we'll come without delay", False),                         # "without" before no person
])
def test_someone_left_out_without_a_count_is_asked(text: str, asks: bool) -> None:
    assert _others_left_out(text, read_answer(text).party_size) is asks


@pytest.mark.parametrize(("text", "size"), [
    ("coming, 5 minutes away", None),
    ("we'll be there by 8", None),
    ("נגיע בשעה 9, שלושה אנשים", 3),
    ("придём к 7, нас четверо", 4),
    ("about 5 people", 5),
    ("около 6 человек", 6),                                      # a people noun after the number wins
])
def test_a_time_is_no_party_size(text: str, size: int | None) -> None:
    assert party_size_in(text) == size


def test_time_amounts_marks_only_the_time() -> None:
    assert time_amounts(["stuck", "in", "traffic", "15", "min", "3", "of", "us"]) == \
        [False, False, False, True, False, False, False, False]
    assert additive_party_size("2 adults, 2 kids, there in 10 minutes") == 4


@pytest.mark.parametrize(("text", "status"), [
    ("hopefully we can make it", "maybe"),
    ("we hope to be there", "maybe"),
    ("will confirm once I know my shifts", "maybe"),
    ("עוד לא החלטנו", "maybe"),
    ("пока не решили", "maybe"),
    ("hope you have a wonderful day", None),                     # a wish, no hedge about coming
])
def test_hedges_are_maybe_never_yes(text: str, status: str | None) -> None:
    assert parse_rsvp_reply(text).status == status


@pytest.mark.parametrize(("text", "kind"), [
    ("congratulations to the bride and groom!", "wishes"),
    ("ברכות חמות לזוג המאושר", "wishes"),
    ("от всей души поздравляем", "wishes"),
    ("🥳🥳", "emoji"),
    ("💐", "emoji"),
    ("heading over now", "arriving"),
    ("כבר בדרך אליכם", "arriving"),
    ("выезжаем, скоро будем", "arriving"),
    ("congrats! can we bring our baby?", None),                  # a question is not courtesy
    ("thank you", None),                                          # thanks go the ordinary way
])
def test_courtesy(text: str, kind: str | None) -> None:
    assert courtesy(text) == kind


def test_party_emoji_is_no_answer() -> None:
    assert parse_rsvp_reply("🎉").status is None
    assert parse_rsvp_reply("👍").status == "coming"


@pytest.mark.parametrize(("text", "status"), [
    ("we can come as long as we leave early", "maybe"),          # a condition: not settled
    ("נגיע אם נמצא בייביסיטר", "maybe"),
    ("придём, если не заболеем", "maybe"),
    ("даже если опоздаем, придём", "coming"),                    # "even if" is no condition
    ("sorry we can't, will let you know if anything changes", "not_coming"),  # an afterthought
    ("к сожалению не сможем, если что изменится - сообщу", "not_coming"),
    ("I don't think so", "not_coming"),                          # a doubt that is a no
    ("לא נראה לי שנבוא", "not_coming"),
    ("לא 3 אלא 4, מגיעים", "coming"),                            # "אלא" is not "אלא אם"
])
def test_conditions_afterthoughts_and_doubts(text: str, status: str) -> None:
    assert read_answer(text).status == status


@pytest.mark.parametrize(("text", "asks"), [
    ("what day is it on", True),                                 # a question word opens it
    ("table number", True),                                      # a few words naming a fact
    ("באיזה יום זה?", True),
    ("sorry, we'll be at another wedding that day", False),       # tells, asks nothing
    ("мы в этот день будем на другом празднике, простите", False),
])
def test_event_facts_answer_questions_only(text: str, asks: bool) -> None:
    from handlers.rsvp_event_info import _asks

    assert _asks(text) is asks
