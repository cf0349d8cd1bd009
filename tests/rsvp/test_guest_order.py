"""The guest list's order: names as people read them (not by code point), tables and counts as numbers."""

from __future__ import annotations

from types import SimpleNamespace

from scheduler.rsvp.guest_order import sort_guests


def _guests(*rows: tuple[str, str | None, int, str]) -> list[SimpleNamespace]:
    return [SimpleNamespace(id=i, name=n, table_number=t, party_size=p, status=s)
            for i, (n, t, p, s) in enumerate(rows, start=1)]


def _names(guests: list[SimpleNamespace]) -> list[str]:
    return [g.name for g in guests]


def test_hebrew_final_letters_sort_with_their_plain_forms() -> None:
    # by code point the final kaf (U+05DA) comes before kaf (U+05DB): 'ךא' would lead 'כא'... and 'כהן'
    guests = _guests(("כהן", None, 1, "coming"), ("ךב", None, 1, "coming"), ("כא", None, 1, "coming"),
                     ("אבי", None, 1, "coming"))
    assert _names(sort_guests(guests, "name", "he")) == ["אבי", "כא", "ךב", "כהן"]


def test_russian_yo_sorts_with_ye_and_case_does_not_split_the_list() -> None:
    guests = _guests(("ёлка", None, 1, "x"), ("Жанна", None, 1, "x"), ("ежов", None, 1, "x"), ("Яков", None, 1, "x"),
                     ("елена", None, 1, "x"), ("Анна", None, 1, "x"))
    assert _names(sort_guests(guests, "name", "ru")) == ["Анна", "ежов", "елена", "ёлка", "Жанна", "Яков"]


def test_lower_and_upper_case_latin_names_interleave() -> None:
    guests = _guests(("Bob", None, 1, "x"), ("adam", None, 1, "x"), ("Émile", None, 1, "x"), ("zoe", None, 1, "x"))
    assert _names(sort_guests(guests, "name", "en")) == ["adam", "Bob", "Émile", "zoe"]


def test_the_readers_own_script_comes_first() -> None:
    guests = _guests(("Dana", None, 1, "x"), ("Олег", None, 1, "x"), ("דנה", None, 1, "x"))
    assert _names(sort_guests(guests, "name", "he"))[0] == "דנה"
    assert _names(sort_guests(guests, "name", "ru"))[0] == "Олег"
    assert _names(sort_guests(guests, "name", "en"))[0] == "Dana"


def test_tables_sort_as_numbers_and_guests_without_a_table_last() -> None:
    guests = _guests(("a", "10", 1, "x"), ("b", None, 1, "x"), ("c", "9", 1, "x"), ("d", "2", 1, "x"),
                     ("e", "VIP 2", 1, "x"), ("f", "VIP 10", 1, "x"))
    assert [g.table_number for g in sort_guests(guests, "table", "en")] == ["2", "9", "10", "VIP 2", "VIP 10", None]


def test_party_sizes_sort_as_numbers_largest_first_and_no_answer_last() -> None:
    guests = _guests(("a", None, 9, "coming"), ("b", None, 10, "maybe"), ("c", None, 2, "coming"),
                     ("d", None, 12, "not_coming"))
    assert _names(sort_guests(guests, "party_size", "en")) == ["b", "a", "c", "d"]


def test_numbers_inside_names_sort_as_numbers() -> None:
    guests = _guests(("אורח 10", None, 1, "x"), ("אורח 9", None, 1, "x"), ("אורח 1", None, 1, "x"))
    assert _names(sort_guests(guests, "name", "he")) == ["אורח 1", "אורח 9", "אורח 10"]
