"""Verifying `X-Twilio-Signature` against the public URL Twilio called.

Behind a proxy `request.url` is the internal address, so the URL is rebuilt from
`PUBLIC_BASE_URL`. Twilio's own RequestValidator computes the expected value (with and without the
port, as it does); the comparison is ours, in constant time.

Both the validator and the URL variants are the same for every request of a door, so they are made
once (cached) instead of per request; the URL as rebuilt is tried first, so a genuine request costs
one HMAC, not one for each variant.
"""

from __future__ import annotations

import hmac
from collections.abc import Mapping
from functools import lru_cache
from typing import Any
from urllib.parse import urlparse

from twilio.request_validator import RequestValidator, add_port, remove_port


def public_url(base_url: str, path: str, query: str) -> str:
    return f"{base_url.rstrip('/')}{path}" + (f"?{query}" if query else "")


@lru_cache(maxsize=8)
def _validator(auth_token: str) -> RequestValidator:
    return RequestValidator(auth_token)


@lru_cache(maxsize=256)
def url_candidates(url: str) -> tuple[str, ...]:
    """`url` first, then its with-port and without-port forms (Twilio signs either), no repeats."""
    parsed = urlparse(url)
    return tuple(dict.fromkeys((url, add_port(parsed), remove_port(parsed))))


def signature_valid(auth_token: str, url: str, params: Mapping[str, Any], signature: str | None) -> bool:
    if not signature or not auth_token:
        return False
    validator = _validator(auth_token)
    given = signature.encode()
    for candidate in url_candidates(url):
        expected = validator.compute_signature(candidate, params)
        if hmac.compare_digest(expected.encode(), given):
            return True
    return False
