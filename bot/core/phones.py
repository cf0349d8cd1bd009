"""Phone numbers: E.164 normalisation and masking, with Google's libphonenumber metadata."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import phonenumbers
from phonenumbers import NumberParseException, PhoneNumberType

WHATSAPP_PREFIX = "whatsapp:"
DEFAULT_REGION = "IL"


class InvalidPhone(ValueError):
    """A number that cannot be used: unparseable, impossible or invalid for its country."""


@dataclass(frozen=True)
class Phone:
    e164: str
    whatsapp: bool  # arrived (or is to be sent) with the `whatsapp:` prefix
    region: str | None
    mobile: bool

    @property
    def address(self) -> str:
        """The form Twilio expects in From/To for this channel."""
        return f"{WHATSAPP_PREFIX}{self.e164}" if self.whatsapp else self.e164


def normalize_phone(raw: str, region: str = DEFAULT_REGION) -> Phone:
    """Parse `raw` (local or international, with or without `whatsapp:`) into E.164."""
    return _normalize(raw or "", region)


@lru_cache(maxsize=8192)  # every webhook parses its From and To; both repeat (InvalidPhone is not cached)
def _normalize(raw: str, region: str) -> Phone:
    text = raw.strip()
    whatsapp = text.lower().startswith(WHATSAPP_PREFIX)
    if whatsapp:
        text = text[len(WHATSAPP_PREFIX):].strip()
    if not text:
        raise InvalidPhone("empty phone number")
    if text.startswith("00"):
        text = "+" + text[2:]
    try:
        number = phonenumbers.parse(text, region)
    except NumberParseException as exc:
        raise InvalidPhone(f"not a phone number ({exc._msg})") from exc
    if not phonenumbers.is_possible_number(number):
        raise InvalidPhone("wrong length for a phone number")
    if not phonenumbers.is_valid_number(number) and not _is_demo_number(number):
        raise InvalidPhone("not a valid number for its country")
    kind = phonenumbers.number_type(number)
    return Phone(
        e164=phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164),
        whatsapp=whatsapp,
        region=phonenumbers.region_code_for_number(number),
        mobile=kind in (PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE_OR_MOBILE) or _is_demo_number(number),
    )


def _is_demo_number(number: phonenumbers.PhoneNumber) -> bool:
    """The demo workspaces' own numbers (+97250000000N) are placeholders, not real lines."""
    return number.country_code == 972 and str(number.national_number).startswith("5000000")


def is_israeli_mobile(phone: Phone) -> bool:
    return phone.region == "IL" and phone.mobile


def mask_phone(value: str) -> str:
    """Keep the country code and the last two digits: enough to tell numbers apart in logs."""
    digits = [c for c in value if c.isdigit()]
    if len(digits) < 6:
        return "***"
    prefix = "+" if "+" in value else ""
    return f"{prefix}{''.join(digits[:3])}******{''.join(digits[-2:])}"
