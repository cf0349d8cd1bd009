"""Verifying `X-Twilio-Signature` against the public URL Twilio called.

Behind a proxy `request.url` is the internal address, so the URL is rebuilt from
`PUBLIC_BASE_URL`. Twilio's own RequestValidator computes the expected value (with and without the
port, as it does); the comparison is ours, in constant time.
"""

from __future__ import annotations

import hmac
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlparse

from twilio.request_validator import RequestValidator, add_port, remove_port


def public_url(base_url: str, path: str, query: str) -> str:
    return f"{base_url.rstrip('/')}{path}" + (f"?{query}" if query else "")


def signature_valid(auth_token: str, url: str, params: Mapping[str, Any], signature: str | None) -> bool:
    if not signature or not auth_token:
        return False
    validator = RequestValidator(auth_token)
    given = signature.encode()
    parsed = urlparse(url)
    for candidate in {url, add_port(parsed), remove_port(parsed)}:
        expected = validator.compute_signature(candidate, params)
        if hmac.compare_digest(expected.encode(), given):
            return True
    return False
