"""Campaign texts (Jinja) in the three languages: the prefix joins the title, the event is never its key,
Russian puts it in its case, and the party size picks the Hebrew form of address."""

from __future__ import annotations

import pytest

from scheduler.campaigns.templates import EventValues, render, standard_texts, values_for
from tests.wording.rules import problems

TITLES = ("", "החתונה של דנה ויוסי", "Example Hall party", "Свадьба Анны", "24/7 Gala")
KINDS = tuple(standard_texts())


def _event(title: str, kind: str = "wedding") -> EventValues:
    return EventValues(event=title, date="12.03.2027", time="19:30", venue="Example Hall", type=kind)


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("lang", ["he", "en", "ru"])
def test_standard_texts_render_grammatically(kind: str, lang: str) -> None:
    found = []
    for title in TITLES:
        for plural in (False, True):
            body = render(standard_texts()[kind][lang], values_for(_event(title), "Dana", "https://x.test/r/t", "7",
                                                                   lang), plural=plural)
            found += [f"{p}: {body!r}" for p in problems(body, lang)]
    assert not found, "\n".join(found)


def test_an_untitled_event_is_named_by_its_type_never_its_key() -> None:
    values = values_for(_event(""), "Dana", "https://x.test/r/t", "7", "he")
    assert render("שלום {{ name }}, הוזמנת ל{{ event }}", values) == "שלום Dana, הוזמנת לחתונה"
    body = render(standard_texts()["invitation"]["he"], values)
    assert "לחתונה" in body and "להחתונה" not in body and "quota-wed" not in body
    assert "на свадьбу" in render(standard_texts()["invitation"]["ru"], values_for(_event(""), "A", "l", "", "ru"))
    assert "the wedding" in render(standard_texts()["thank_you"]["en"], values_for(_event(""), "A", "", "", "en"))


def test_hebrew_today_at_the_event_and_latin_titles_take_a_maqaf() -> None:
    he = standard_texts()["on_the_way"]["he"]
    assert "מחכים לכם היום בחתונה!" in render(he, values_for(_event(""), "Dana", "l", "7", "he"))
    assert "ל\u05beExample Hall party" in render("הוזמנת ל{{ event }}",
                                                values_for(_event("Example Hall party"), "D", "l", "7", "he"))
    assert "ב\u05be12.03.2027" in render(standard_texts()["invitation"]["he"],
                                        values_for(_event(""), "D", "l", "7", "he"))


def test_the_party_size_picks_the_form_of_address() -> None:
    he = standard_texts()["thank_you"]["he"]
    values = values_for(_event(""), "Dana", "", "", "he")
    assert render(he, values, plural=False) == "Dana, תודה שהגעת לחתונה! שמחנו לחגוג איתך."
    assert render(he, values, plural=True) == "Dana, תודה שהגעתם לחתונה! שמחנו לחגוג איתכם."


def test_russian_where_and_where_to() -> None:
    values = values_for(_event(""), "Анна", "l", "7", "ru")
    assert "Ждём вас сегодня на свадьбе!" in render(standard_texts()["on_the_way"]["ru"], values)
    assert "на Золотую свадьбу" in render("Приглашаем на {{ event }}",
                                          values_for(_event("Золотая свадьба"), "A", "l", "", "ru"))
