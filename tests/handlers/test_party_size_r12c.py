"""Guests' counts, round 12 (issue 12), tuner C: the people a guest brings "with" them come with the
sender, who is counted too; "alone" is a party of one whoever else is named; a count taken back ("ולא
שלושה") is not the party; and a leading "no" before a new count stays a count correction when someone
else is named as not coming. Own wording, none of a held-out story's sentences."""

from __future__ import annotations

import pytest

from handlers.party_size import additive_party_size, present_party
from handlers.rsvp_reply import read_answer


@pytest.mark.parametrize(("text", "size"), [
    ("we'll be there with my husband and our 3 children", 5),
    ("attending with 2 friends", 3),
    ("coming along with my mum", 2),
    ("נבוא עם אשתי ושלושת הילדים", 5),
    ("מגיעה עם שתי חברות", 3),
    ("будем с женой и тремя детьми", 5),
    ("придём с двумя друзьями", 3),
])
def test_people_brought_along_come_with_the_sender(text: str, size: int) -> None:
    parsed = read_answer(text)
    assert (parsed.status, parsed.party_size) == ("coming", size)


@pytest.mark.parametrize(("text", "size"), [
    ("2 adults with 3 kids", 5),           # a count first: no one more
    ("me and my wife with the baby", 3),   # the sender is named already
    ("4 of us with the kids", 4),          # a total said
])
def test_a_count_or_the_sender_named_first_adds_no_one(text: str, size: int) -> None:
    assert read_answer(text).party_size == size


@pytest.mark.parametrize("text", [
    "I'm coming alone, my wife has to work that evening",
    "just coming alone, the kids are with their dad",
    "אגיע לבד, בעלי בעבודה באותו ערב",
    "буду одна, муж в командировке",
    "приду один, жена работает",
])
def test_alone_is_one_whoever_else_is_named(text: str) -> None:
    parsed = read_answer(text)
    assert (parsed.status, parsed.party_size) == ("coming", 1)


@pytest.mark.parametrize("text", ["сама не знаю, наверное будем втроём", "לא יודעת לבד, אולי נגיע שלושה"])
def test_alone_beside_a_negation_is_no_party_of_one(text: str) -> None:
    assert additive_party_size(text) != 1


@pytest.mark.parametrize(("text", "size"), [
    ("נגיע שלושה ולא ארבעה, הבת לא תגיע", 3),
    ("we're 2 not 3, my son can't come", 2),
    ("нас будет двое, а не трое, дочка не сможет", 2),
])
def test_a_count_taken_back_is_not_the_party(text: str, size: int) -> None:
    assert present_party(text) == size
    assert read_answer(text).party_size == size


@pytest.mark.parametrize("text", [
    "нет, стоп, будем втроём, бабушка не сможет",
    "no wait, 3 of us, grandpa can't make it",
    "לא רגע, נהיה שלושה, סבתא לא תגיע",
])
def test_a_leading_no_before_a_count_and_someone_absent_is_a_correction(text: str) -> None:
    parsed = read_answer(text)
    assert (parsed.status, parsed.party_size) == ("coming", 3)


@pytest.mark.parametrize("text", [
    "my husband is in hospital, I'll come with my sister",
    "муж в больнице, приду с сестрой",
])
def test_someone_kept_away_is_not_counted(text: str) -> None:
    assert read_answer(text).party_size == 2


@pytest.mark.parametrize(("text", "size"), [
    ("we'll come, my wife and I, and maybe my brother too", 2),
    ("מגיעים שנינו ואולי גם אחותי, נעדכן", 2),
    ("будем вдвоём, а может и с дочкой", 2),
])
def test_a_maybe_about_someone_else_leaves_the_sender_coming(text: str, size: int) -> None:
    parsed = read_answer(text)
    assert (parsed.status, parsed.party_size) == ("coming", size)


@pytest.mark.parametrize("text", [
    "I'm definitely coming, my husband isn't sure yet if he can leave work early",
    "אני מגיעה בטוח, בעלי עוד לא יודע אם יצליח להשתחרר",
])
def test_an_if_about_someone_else_leaves_the_sender_coming(text: str) -> None:
    assert read_answer(text).status == "coming"


@pytest.mark.parametrize("text", [
    "maybe, depends if we find a babysitter", "אולי נגיע, נעדכן", "может придём, сообщим",
    "we'll come if my husband is back",
])
def test_the_senders_own_doubt_stays_a_maybe(text: str) -> None:
    assert read_answer(text).status == "maybe"


@pytest.mark.parametrize("text", ["ah no, my husband is coming too. 2 of us", "а, нет, сын тоже придёт. нас трое"])
def test_an_ah_no_before_a_new_count_is_a_correction(text: str) -> None:
    assert read_answer(text).status == "coming"
    assert read_answer(text).party_size in (2, 3)


@pytest.mark.parametrize(("text", "size"), [
    ("oops, we're 5 in total, the baby stays home with my mum", 5),
    ("correction: 3 altogether, my son has a fever", 3),
    ("поправка: нас четверо всего, один из сыновей в лагере", 4),
    ("טעות שלי, נהיה 4 בסך הכל, אחד הילדים בטיול", 4),
])
def test_a_total_said_after_the_count_wins_over_the_people_named(text: str, size: int) -> None:
    assert additive_party_size(text) == size


@pytest.mark.parametrize(("text", "size"), [
    ("2 adults and 2 kids altogether", 4),  # the total word after a people noun: still the sum
    ("4 altogether, plus my mum", 5),  # more people added after the total
])
def test_a_total_word_after_people_or_before_an_addition_still_adds(text: str, size: int) -> None:
    assert additive_party_size(text) == size


@pytest.mark.parametrize(("text", "size"), [
    ("coming with my husband and both our daughters", 4),
    ("I'll come with my parents", 3),
    ("נבוא עם ההורים", 3),
    ("придём с родителями", 3),
    ("my husband and I with our twins", 4),
    ("זוג וילד", 3),
    ("пара с ребенком", 3),
    ("we're 3: me and my two girls", 3),
])
def test_pairs_couples_and_possessives_before_people_are_counted(text: str, size: int) -> None:
    assert additive_party_size(text) == size


def test_parents_who_cannot_come_are_not_counted() -> None:
    assert present_party("I'm coming, my parents can't make it") == 1


@pytest.mark.parametrize(("text", "size"), [
    ("אני והבן זוג שלי", 2),  # "בן זוג" is one partner, not a couple
    ("נגיע אני ובת זוג שלי והילד", 3),
])
def test_a_partner_said_with_the_pair_word_is_one_person(text: str, size: int) -> None:
    assert additive_party_size(text) == size
