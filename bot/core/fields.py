"""Request fields checked against the database columns before the database sees them.

PostgreSQL refuses NUL in text and numbers wider than a column; unchecked, each was a 500 that
lost the request (issue 13, item 7). The bounds here are read from the models' own columns, so a
column that grows is matched by its API field without a second number to keep in step.
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Annotated, Any

from pydantic import AfterValidator, Field
from sqlmodel import SQLModel

from bot.core.limits import MAX_MONEY

NO_NUL = r"^[^\x00]*$"  # any text without NUL (PostgreSQL cannot store it)


def width(model: type[SQLModel], column: str) -> int:
    """The declared length of a text column (VARCHAR(n))."""
    length = getattr(model.__table__.c[column].type, "length", None)  # type: ignore[attr-defined]
    if not isinstance(length, int):
        raise TypeError(f"{model.__name__}.{column} has no declared width")
    return length


def text(model: type[SQLModel], column: str, default: Any = ..., **options: Any) -> Any:
    """A `Field` for free text stored in `model.column`: at most its width, no NUL."""
    return Field(default, max_length=width(model, column), pattern=NO_NUL, **options)


def money(default: Decimal = Decimal("0"), **options: Any) -> Any:
    """A `Field` for an amount the Money column (NUMERIC(12, 2)) can hold."""
    return Field(default, ge=-MAX_MONEY, le=MAX_MONEY, max_digits=12, decimal_places=2, allow_inf_nan=False,
                 **options)


def strip_nul(value: str) -> str:
    """For texts from outside that must be kept, not refused (a customer's message): NUL removed."""
    return value.replace("\x00", "")


def clip(value: str, model: type[SQLModel], column: str) -> str:
    """NUL removed and cut to the column's width (a WhatsApp profile name longer than the column)."""
    return strip_nul(value)[:width(model, column)]


EARLIEST, LATEST = datetime(1970, 1, 1, tzinfo=UTC), datetime(2200, 1, 1, tzinfo=UTC)


def _sane_moment(value: datetime) -> datetime:
    """Years far away overflow when a time zone is applied (year 1 at +14:00); no message needs them."""
    aware = value if value.tzinfo is not None else value.replace(tzinfo=UTC)
    try:
        inside = EARLIEST <= aware.astimezone(UTC) <= LATEST
    except (OverflowError, ValueError):
        inside = False
    if not inside:
        raise ValueError(f"a date between {EARLIEST.year} and {LATEST.year} is expected")
    return value


Moment = Annotated[datetime, AfterValidator(_sane_moment)]
