"""Phone normalisation and masking."""

from __future__ import annotations

import pytest

from bot.core.phones import InvalidPhone, is_israeli_mobile, mask_phone, normalize_phone


@pytest.mark.parametrize(("raw", "e164", "whatsapp"), [
    ("whatsapp:+972502345678", "+972502345678", True),
    ("050-234-5678", "+972502345678", False),
    ("0502345678", "+972502345678", False),
    ("00972502345678", "+972502345678", False),
    ("+7 916 123-45-67", "+79161234567", False),
    ("WhatsApp:+79161234567", "+79161234567", True),
])
def test_normalises_to_e164(raw: str, e164: str, whatsapp: bool) -> None:
    phone = normalize_phone(raw)
    assert phone.e164 == e164 and phone.whatsapp is whatsapp
    assert phone.address == (f"whatsapp:{e164}" if whatsapp else e164)


@pytest.mark.parametrize("raw", ["", "whatsapp:", "hello", "+97212", "+9725023456789999", "123"])
def test_rejects_what_is_not_a_number(raw: str) -> None:
    with pytest.raises(InvalidPhone):
        normalize_phone(raw)


def test_israeli_mobile_detection() -> None:
    assert is_israeli_mobile(normalize_phone("0502345678"))
    assert not is_israeli_mobile(normalize_phone("03-123-4567"))  # Tel Aviv landline
    assert not is_israeli_mobile(normalize_phone("+79161234567"))


def test_mask_keeps_country_code_and_last_two_digits() -> None:
    assert mask_phone("+972502345678") == "+972******78"
    assert "2345" not in mask_phone("whatsapp:+972502345678")
