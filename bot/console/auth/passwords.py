"""Passwords with argon2id (argon2-cffi's defaults, which follow RFC 9106's second recommendation)."""

from __future__ import annotations

from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_HASHER = PasswordHasher()
MIN_LENGTH = 10


@cache
def _dummy() -> str:
    """Verified when the number has no account with a password, so both answers take the same time.
    Hashed on first use: an argon2 hash is tens of milliseconds that every server start paid."""
    return _HASHER.hash("not-a-real-password-0000")


def hash_password(password: str) -> str:
    if len(password) < MIN_LENGTH:
        raise ValueError(f"a password needs at least {MIN_LENGTH} characters")
    return _HASHER.hash(password)


def verify_password(stored: str | None, password: str) -> bool:
    try:
        return _HASHER.verify(stored or _dummy(), password) and stored is not None
    except (VerificationError, InvalidHashError):
        return False
