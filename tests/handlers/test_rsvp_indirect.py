"""Guests answering in their own words (issue 12): indirect yes/maybe, emoji, counts built from
"+1" / "plus my wife", an answer beside a question - and what must stay unread."""

from __future__ import annotations

import pytest

from handlers.intents import classify_intent, parse_rsvp_reply
from handlers.party_size import additive_party_size


@pytest.mark.parametrize(("text", "status", "size"), [
    ("נשתדל להגיע", "maybe", None),
    ("we'll try to make it", "maybe", None),
    ("постараемся прийти", "maybe", None),
    ("אני בפנים!", "coming", None),
    ("wouldn't miss it for the world! me and my husband", "coming", 2),
    ("לא נפספס את זה, נגיע 3", "coming", 3),
    ("me +1", "coming", 2),
    ("actually plus my wife", "coming", 2),
    ("אה ואשתי גם, אז שניים", "coming", 2),
    ("coming! is there parking?", "coming", None),
    ("👍", "coming", None),
    ("👎", "not_coming", None),
    ("no problem, we'll be there, 2 of us", "coming", 2),      # a "no" that says no no
    ("אין בעיה, נגיע שנינו", "coming", 2),
    ("can't wait!! see you there", "coming", None),
    ("my wife can't come after all, so just me", "coming", 1),  # the no is about the others
    ("בעלי לא יוכל בסוף, אז רק אני", "coming", 1),
    ("муж не сможет, приду только я", "coming", 1),
    ("make that 3 instead of 2", "coming", 3),                  # the count taken back is not read
    ("не трое, а четверо нас будет", "coming", 4),
    ("нас будет трое, а не двое", "coming", 3),
    ("i think so, will confirm next week", "maybe", None),
    ("думаю да, но точно скажу позже", "maybe", None),
    ("נגיעעע 3 אנשיםם", "coming", 3),                           # a stretched letter is read once
    ("היי, קרה משהו ולא נוכל להגיע בסוף", "not_coming", None),  # "ולא": a glued "and not"
    ("turns out we can't, sorry", "not_coming", None),
    ("so sorry, we have to cancel - my mom is in hospital", "not_coming", None),
    ("всё-таки сможем прийти! вдвоём", "coming", 2),
    ("планы поменялись, нас будет двое", "coming", 2),          # one clause is the count
    ("מזל טוב! לצערי אהיה בחול באותו תאריך", "not_coming", None),  # regret: "אהיה" is where instead
    ("sadly we'll be abroad that week", "not_coming", None),
    ("כן כן, אני אשתי והילדה", "coming", 3),
    ("אוקיי אז תרשמו 3", "coming", 3),
    ("ya i'll b there w/ my hubby", "coming", 2),
    ("прийдём втроём", "coming", 3),
    ("не думаю что получится", "not_coming", None),              # not the yes of "получится"
    ("I don't think we can make it", "not_coming", None),
    ("как договаривались, будем вдвоём", "coming", 2),           # a question word opening a clause that tells
    ("כן נגיע, איפה זה בדיוק", "coming", None),
    # an apology or being elsewhere, with no "no": a no; "we'll be" / "נהיה" / "будем" only say where
    ("sorry, we're in Europe that week", "not_coming", None),
    ("so sorry, we'll be abroad that week", "not_coming", None),
    ("מצטערים מאוד, נהיה בחו\"ל באותו שבוע", "not_coming", None),
    ("Извините, мы в эти дни будем за границей", "not_coming", None),
    ("у нас в этот день другая свадьба", "not_coming", None),
    # ... but never for an apology beside a yes, or for being late
    ("sorry for the late reply, we're coming, 2 of us", "coming", 2),
    ("מצטערת שלקח לי זמן לענות, נגיע בשמחה!", "coming", None),
    ("простите, что поздно отвечаю, мы придём вдвоём", "coming", 2),
    ("sorry, we'll be there but a bit late", "coming", None),
    ("we'll be there that day!", "coming", None),
    ("so sorry 😔", "not_coming", None),                          # an apology and nothing else
    ("придём! сорри, что долго не отвечали", "coming", None),
])
def test_indirect_answers_are_read(text: str, status: str, size: int | None) -> None:
    parsed = parse_rsvp_reply(text)
    assert (parsed.status, parsed.party_size) == (status, size)


@pytest.mark.parametrize("text", [
    "can I come with 3?",            # one question: nothing answered
    "where is the hall? what time?",
    "sorry for the late reply!",     # an apology for something else is no "no"
    "סליחה, טעות",
    "извините за беспокойство",
    "sorry, can you resend the link",  # ... nor one before a request or a question
    "סליחה, אפשר לקבל שוב את הקישור",
    "извините, пришлите ещё раз ссылку",
    "sorry I missed your call",
    "🙏",                            # thanks, not an answer
    "❤️",
    "👍👎",                          # both: unclear
    "איך נוכל להגיע לאולם",           # a question without its "?" is still a question
    "what time should we be there",
    "где будет свадьба, сможем ли припарковаться",
])

def test_what_is_not_an_answer_stays_unread(text: str) -> None:
    assert parse_rsvp_reply(text).status is None


@pytest.mark.parametrize("text", [
    "just wanted to say we can't come",   # "just" before no count: the no stands
    "no worries, we can't make it",
    "sorry, not this time",
])
def test_a_no_stays_a_no(text: str) -> None:
    assert parse_rsvp_reply(text).status == "not_coming"


@pytest.mark.parametrize(("text", "status", "size"), [
    ("מצטערת, לא הבנתי", None, None),                  # the "לא" is about the message: nothing recorded
    ("סליחה, לא הבנתי מה זה", None, None),
    ("לא ממש הבנתי", None, None),
    ("sorry, I don't understand", None, None),
    ("didn't get it, sorry", None, None),
    ("извините, не поняла", None, None),
    ("не понял", None, None),
    ("לא הבנתי בהתחלה, אבל כן, מגיעים 2", "coming", 2),  # an answer beside it is still read
    ("didn't get it at first - we can't come, sorry", "not_coming", None),
    ("не понял сначала, но да, будем вдвоём", "coming", 2),
])
def test_not_understanding_is_no_no(text: str, status: str | None, size: int | None) -> None:
    parsed = parse_rsvp_reply(text)
    assert (parsed.status, parsed.party_size) == (status, size)


def test_a_thumbs_up_is_an_answer_only_from_a_guest() -> None:
    assert classify_intent("👍", "he", is_known_guest=True).intent == "rsvp_reply"
    assert classify_intent("👍", "he", is_known_guest=False).intent == "unknown"


def test_plus_reaches_past_a_possessive_but_me_and_my_wife_stays_two() -> None:
    assert additive_party_size("plus my wife") == 2
    assert additive_party_size("me and my wife") == 2
    assert additive_party_size("me + my wife + 2 kids") == 4


@pytest.mark.parametrize("text", ["unfortunately we'll be a bit late", "לצערי נאחר קצת",
                                  "к сожалению мы опоздаем минут на 30"])
def test_regret_about_being_late_is_not_a_no(text: str) -> None:
    assert parse_rsvp_reply(text).status != "not_coming"


def test_regret_about_being_away_is_still_a_no() -> None:
    assert parse_rsvp_reply("sadly we'll be abroad").status == "not_coming"
