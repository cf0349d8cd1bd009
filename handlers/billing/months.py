"""Calendar arithmetic the policies are written in: "a month after", "whole months left".

A month after 31 January is the last day of February (28 or 29), as a billing system bills it.
"""

from __future__ import annotations

import calendar
from datetime import date


def add_months(day: date, months: int) -> date:
    """The same day `months` later (or earlier), clamped to the end of a shorter month."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def months_started(start: date, today: date, limit: int) -> int:
    """How many of the `limit` monthly periods beginning at `start` have begun by `today`.

    The period that begins on `today` counts as begun: a month the customer can already use is
    a month consumed, so it is never refunded.
    """
    if today < start:
        return 0
    count = 0
    while count < limit and add_months(start, count) <= today:
        count += 1
    return count
