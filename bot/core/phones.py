"""Phone numbers: E.164 normalisation and masking, with Google's libphonenumber metadata."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import phonenumbers
from phonenumbers import NumberParseException, PhoneNumberType

WHATSAPP_PREFIX = "whatsapp:"
DEFAULT_REGION = "IL"


class InvalidPhone(ValueError):
    """A number that cannot be used: unparseable, impossible or invalid for its country.

    `reason` says why, so a page can tell the person what to fix (one of REASONS); `prefix` is, for
    `not_in_use`, the first digits no number of that country begins with ('0541' of 054-1234567)."""

    def __init__(self, message: str, reason: str = "not_in_use", prefix: str = "") -> None:
        super().__init__(message)
        self.reason = reason
        self.prefix = prefix


REASONS = ("empty", "not_a_number", "country_code", "too_short", "too_long", "bad_length", "not_in_use")
_LENGTH_REASONS = {
    phonenumbers.ValidationResult.TOO_SHORT: "too_short",
    phonenumbers.ValidationResult.IS_POSSIBLE_LOCAL_ONLY: "too_short",
    phonenumbers.ValidationResult.TOO_LONG: "too_long",
    phonenumbers.ValidationResult.INVALID_LENGTH: "bad_length",
    phonenumbers.ValidationResult.INVALID_COUNTRY_CODE: "country_code",
}
_TYPES = ("fixed_line", "mobile", "toll_free", "premium_rate", "shared_cost", "personal_number", "voip", "pager",
          "uan", "voicemail")


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
        raise InvalidPhone("empty phone number", "empty")
    if text.startswith("00"):
        text = "+" + text[2:]
    try:
        number = phonenumbers.parse(text, region)
    except NumberParseException as exc:
        reason = "country_code" if exc.error_type == NumberParseException.INVALID_COUNTRY_CODE else "not_a_number"
        raise InvalidPhone(f"not a phone number ({exc._msg})", reason) from exc
    possible = phonenumbers.is_possible_number_with_reason(number)
    if possible != phonenumbers.ValidationResult.IS_POSSIBLE:
        reason = _LENGTH_REASONS.get(possible, "bad_length")
        raise InvalidPhone(f"wrong length for a phone number ({reason.replace('_', ' ')})", reason)
    if not phonenumbers.is_valid_number(number) and not _is_demo_number(number):
        reason, prefix = why_invalid(number)
        detail = " ".join(part for part in (reason.replace("_", " "), prefix) if part)
        raise InvalidPhone(f"not a valid number for its country ({detail})", reason, prefix)
    kind = phonenumbers.number_type(number)
    return Phone(
        e164=phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164),
        whatsapp=whatsapp,
        region=phonenumbers.region_code_for_number(number),
        mobile=kind in (PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE_OR_MOBILE) or _is_demo_number(number),
    )


def why_invalid(number: phonenumbers.PhoneNumber) -> tuple[str, str]:
    """Why a number of a possible length is still not valid, read off libphonenumber's own patterns per
    line type: ('not_in_use', '0541') when no number of its country begins so (054-1234567: Israel's plan
    has 054-2 to 054-9 only), ('too_short', '') when it is the start of a valid number, ('too_long', '')
    when a valid number with digits after it, else ('not_in_use', '')."""
    import regex

    region = phonenumbers.region_code_for_country_code(number.country_code)
    metadata = phonenumbers.PhoneMetadata.metadata_for_region(region) if region else None
    patterns = [desc.national_number_pattern for desc in (getattr(metadata, kind, None) for kind in _TYPES)
                if desc is not None and desc.national_number_pattern] if metadata is not None else []
    if not patterns:
        return "not_in_use", ""
    union = regex.compile("(?:" + ")|(?:".join(patterns) + ")")
    national = phonenumbers.national_significant_number(number)
    for end in range(1, len(national) + 1):
        if union.fullmatch(national[:end], partial=True) is not None:
            continue
        if end == len(national) and end > 1 and union.fullmatch(national[:-1]):
            return "too_long", ""
        start = national[:end]
        return "not_in_use", (f"{metadata.national_prefix}{start}" if metadata and metadata.national_prefix
                               else f"+{number.country_code} {start}")
    return "too_short", ""


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
