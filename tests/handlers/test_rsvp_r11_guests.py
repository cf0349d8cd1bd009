"""Guests' answers, round 11 (issue 12): who is named as not coming is not counted, the count said last
as the result wins, a polite decline with no no-word is a decline, and a decline said with a request to
stop the messages is read from the rest of the message. Own wording."""

from __future__ import annotations

import pytest

from handlers.party_size import present_party
from handlers.rsvp_reply import _beside_stop, _politely_declines, read_answer


@pytest.mark.parametrize(("text", "size"), [
    ("we're 6 but my uncle can't come in the end so 5 of us", 5),
    ("Only 2 of us, the kids aren't coming", 2),
    ("נגיע רק ארבעה, אחד חולה", 4),
    ("אני ואשתי, הבן לא יגיע", 2),
    ("אנחנו 4, לא כולל התינוק", 4),
    ("мы придём вдвоём, дети не смогут", 2),
    ("нас будет трое, младший болеет", 3),
])
def test_people_named_as_not_coming_are_not_counted(text: str, size: int) -> None:
    assert present_party(text) == size
    assert read_answer(text).party_size == size


@pytest.mark.parametrize("text", [
    "נגיע 3", "we'll be 3, the little one stays with grandma", "my parents won't make it",
    "I can't come but my wife will", "we'll come, my husband not sure yet",
])
def test_nothing_to_leave_out_leaves_the_count_alone(text: str) -> None:
    """No one named as absent (or the speaker is, or no one is counted): the usual reading stands."""
    assert present_party(text) is None


def test_a_no_about_someone_else_then_the_result_is_coming() -> None:
    parsed = read_answer("there were going to be 4 of us but my dad can't come so 3")
    assert (parsed.status, parsed.party_size) == ("coming", 3)


@pytest.mark.parametrize("text", [
    "this isn't relevant for me anymore, thanks", "כבר לא רלוונטי לנו, תודה רבה", "уже не актуально для нас, увы",
    "I'll have to pass this time, sorry", "we'll skip this one, thanks", "נוותר הפעם, תודה", "пожалуй, пропустим",
])
def test_a_polite_decline_is_a_no(text: str) -> None:
    assert _politely_declines(text)
    assert read_answer(text).status == "not_coming"


@pytest.mark.parametrize("text", [
    "the kids menu isn't relevant for us", "is the dress code relevant?", "חניה לא רלוונטית לנו, נגיע במונית",
    "парковка нам не актуальна, приедем на такси", "пропущу церемонию, приду на банкет", "skip the speeches please",
])
def test_a_remark_about_something_else_is_no_decline(text: str) -> None:
    assert not _politely_declines(text)
    assert read_answer(text).status != "not_coming"


@pytest.mark.parametrize(("text", "rest"), [
    ("we can't make it, sorry. please stop the reminders", "we cant make it, sorry, please"),
    ("לא נגיע, ותפסיקו לשלוח לי הודעות", "לא נגיע"),
    ("не придём, хватит слать напоминания", "не придем"),
])
def test_the_decline_beside_a_stop_request(text: str, rest: str) -> None:
    assert _beside_stop(text) == rest
    assert read_answer(_beside_stop(text)).status == "not_coming"


@pytest.mark.parametrize("text", [
    "לא רוצה לקבל יותר הודעות", "please don't send me any more reminders", "не присылайте мне больше сообщений",
])
def test_a_stop_request_alone_leaves_no_answer(text: str) -> None:
    rest = _beside_stop(text)
    assert not rest or read_answer(rest).status is None
