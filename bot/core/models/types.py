"""Column types shared by every table.

SQLite forgets time zones and PostgreSQL keeps them; `UTCDateTime` makes both hand back aware UTC
datetimes so comparisons never mix naive and aware values.
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import DateTime, Numeric
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator


class UTCDateTime(TypeDecorator[datetime]):
    """Stores aware datetimes as UTC; returns aware UTC datetimes on every backend."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column; pass an aware datetime")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


class Money(TypeDecorator[Decimal]):
    """Decimal money with two places; SQLite would otherwise round-trip through float."""

    impl = Numeric(12, 2, asdecimal=True)
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> Decimal | None:
        if value is None:
            return None
        return Decimal(str(value)).quantize(Decimal("0.01"))

    def process_result_value(self, value: Any, dialect: Dialect) -> Decimal | None:
        if value is None:
            return None
        return Decimal(str(value)).quantize(Decimal("0.01"))


def utcnow() -> datetime:
    """Wall-clock UTC; only for row bookkeeping, never for business decisions (those take `now`)."""
    return datetime.now(UTC)


def coerce_date(value: Any) -> Any:
    """For `mode="before"` validators: owners send dates as dates, datetimes or ISO strings with a time."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, str) and "T" in value:
        return datetime.fromisoformat(value).date()
    return value
