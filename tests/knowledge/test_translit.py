"""Russian typed in Latin letters is read back as Russian; English and product names are not."""

from __future__ import annotations

import pytest

from knowledge.translit import as_russian, russian_spelling


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("skolko stoit essential na god?", "сколько стоит essential на год?"),
        ("privet, mozhno operatora", "привет, можно оператора"),
        ("ne pishite mne bolshe", "не пишите мне больше"),
        ("kakoy u menya tarif?", "какой у меня тариф?"),
        ("spasibo!", "спасибо!"),
        ("spasibo za pomosh", "спасибо за помощь"),
        ("ok, ponyatno", "ok, понятно"),
        ("net, spasibo", "нет, спасибо"),
        ("davay operatora", "давай оператора"),
    ],
)
def test_transliterated_russian_is_read_as_russian(text: str, expected: str) -> None:
    assert as_russian(text) == expected


@pytest.mark.parametrize(
    "text",
    ["hello how much", "how much is essential a year?", "STOP", "ok", "thx", "Hi, can I talk to someone?",
     "Yes we are coming", "Maria", "שלום privet", "привет kak dela", "", "123"],
)
def test_english_hebrew_cyrillic_and_names_are_left_alone(text: str) -> None:
    assert as_russian(text) is None


def test_a_dropped_soft_sign_is_restored() -> None:
    assert russian_spelling("skolko") == "сколько"
    assert russian_spelling("bolshe") == "больше"
    assert russian_spelling("qwzx") is None


@pytest.mark.parametrize("latin, cyrillic", [
    ("a nuzhno li sdelat backup do togo kak tekhnik zaydet?", "а нужно ли сделать бэкап до того как техник"),
    ("zabyla password ot lichnogo kabineta", "забыла пароль от личного кабинета"),
])
def test_borrowed_english_words_read_as_their_russian_word(latin: str, cyrillic: str) -> None:
    """Round 10 (issue 12): an English word inside transliterated Russian ("backup", "password") is the
    Russian word the knowledge bases use, and an English-looking word is Russian there ("do" is "до")."""
    assert (as_russian(latin) or "").startswith(cyrillic)


def test_a_workspace_word_in_latin_letters_is_russian() -> None:
    """Round 11 (issue 12): the workspaces' own Russian words (an event business's "куратор") are words the
    bot knows, so a customer asking for one in Latin letters is read as Russian, not left half English."""
    assert as_russian("dobryy den, mozhno kuratora?") == "добрый день, можно куратора?"
