import pytest

from knowledge.language import detect_language


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("שלום", "he"),
        ("מה שעות התמיכה?", "he"),
        ("ה-WhatsApp לא עובד", "he"),
        ("WhatsApp Business API לא עובד", "he"),
        ("מה זה API key", "he"),
        ("не работает WiFi", "ru"),
        ("Привет", "ru"),
        ("Как отменить подписку в Excel?", "ru"),
        ("how do I cancel?", "en"),
        ("ok", "en"),
        ("how do I say שלום in Hebrew?", "en"),
        ("privet kak dela", "en"),  # transliterated Russian stays English
    ],
)
def test_detects_short_and_mixed_texts(text: str, expected: str) -> None:
    assert detect_language(text) == expected


@pytest.mark.parametrize("text", ["3", "👍", "?!", "", "   ", "050-234-5678"])
def test_no_letters_uses_the_fallback_else_english(text: str) -> None:
    assert detect_language(text) == "en"
    assert detect_language(text, fallback="ru") == "ru"
    assert detect_language(text, fallback="he") == "he"


def test_letters_win_over_the_fallback() -> None:
    assert detect_language("yes 2", fallback="he") == "en"
    assert detect_language("כן 2", fallback="en") == "he"
