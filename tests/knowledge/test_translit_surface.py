"""Russian in Latin letters: й after a vowel, "ia" as ия, and product names that count for no language (issue 12)."""

from __future__ import annotations

import pytest

from knowledge.translit import as_russian


@pytest.mark.parametrize(("latin", "cyrillic"), [("zdravstvuite", "здравствуйте"),
                                                 ("sait ne rabotaet", "сайт не работает"),
                                                 ("mozhno specialista", "можно специалиста")])
def test_i_after_a_vowel_and_ia(latin: str, cyrillic: str) -> None:
    assert as_russian(latin) == cyrillic


def test_a_product_name_is_no_english_word() -> None:
    assert as_russian("a advanced skolko?") == "а advanced сколько?"


@pytest.mark.parametrize("text", ["how much is essential", "advanced price", "my whatsapp is down"])
def test_english_with_a_product_name_stays_english(text: str) -> None:
    assert as_russian(text) is None
