"""Business hours: weekly spans in the workspace zone, holidays, next opening, business minutes."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from bot.settings import ROOT
from bot.workspaces import Workspace, load_workspaces
from handlers.hours import (
    add_business_minutes,
    business_minutes_between,
    closing_holiday,
    is_open,
    next_opening,
)

WS = load_workspaces(ROOT / "workspaces")


def ws(slug: str) -> Workspace:
    found = WS.by_slug(slug)
    assert found is not None
    return found


def at(text: str) -> datetime:
    return datetime.fromisoformat(text)


@pytest.mark.parametrize(("slug", "moment", "expected"), [
    ("msg-software", "2026-11-22T08:29:59+02:00", False),   # Sunday, a second before opening
    ("msg-software", "2026-11-22T08:30:00+02:00", True),    # at opening
    ("msg-software", "2026-11-22T16:29:59+02:00", True),
    ("msg-software", "2026-11-22T16:30:00+02:00", False),   # closing time is closed
    ("msg-software", "2026-11-27T10:00:00+02:00", False),   # Friday
    ("msg-software", "2026-11-22T06:30:00+00:00", True),    # the same instant in UTC
    ("msg-software", "2026-09-21T10:00:00+03:00", False),   # Yom Kippur (Monday)
    ("msg-software", "2026-04-22T10:00:00+03:00", False),   # Independence Day
    ("remote-support", "2026-11-28T03:00:00+02:00", True),  # Saturday night: 24/7
    ("remote-support", "2026-09-21T00:00:00+03:00", False),  # Yom Kippur closes the whole civil date
    ("remote-support", "2026-09-21T23:59:00+03:00", False),
    ("remote-support", "2026-09-20T23:59:00+03:00", True),  # Yom Kippur eve stays open (documented choice)
    ("remote-support", "2026-04-22T10:00:00+03:00", True),  # other holidays are not listed: open
    ("web-agency", "2026-11-23T11:00:00+03:00", True),      # Monday 11:00 Moscow
    ("web-agency", "2026-11-23T10:00:00+02:00", True),      # the same instant from Israel
    ("web-agency", "2026-11-23T10:59:00+03:00", False),
    ("web-agency", "2026-11-04T12:00:00+03:00", False),     # Unity Day (Wednesday)
    ("web-agency", "2026-11-22T12:00:00+03:00", False),     # Sunday
])
def test_is_open(slug: str, moment: str, expected: bool) -> None:
    assert is_open(ws(slug), at(moment)) is expected


@pytest.mark.parametrize(("slug", "moment", "expected"), [
    ("msg-software", "2026-11-22T10:00:00+02:00", "2026-11-22T10:00:00+02:00"),   # open: now
    ("msg-software", "2026-11-22T17:00:00+02:00", "2026-11-23T08:30:00+02:00"),
    ("msg-software", "2026-11-26T17:00:00+02:00", "2026-11-29T08:30:00+02:00"),   # Thursday evening -> Sunday
    ("msg-software", "2026-09-20T17:00:00+03:00", "2026-09-22T08:30:00+03:00"),   # skips Yom Kippur
    ("remote-support", "2026-09-21T09:00:00+03:00", "2026-09-22T00:00:00+03:00"),
    ("web-agency", "2026-11-03T19:00:00+03:00", "2026-11-05T11:00:00+03:00"),     # skips Unity Day
    ("web-agency", "2026-12-30T19:00:00+03:00", "2027-01-11T11:00:00+03:00"),     # New Year holidays
])
def test_next_opening(slug: str, moment: str, expected: str) -> None:
    opening = next_opening(ws(slug), at(moment))
    assert opening == at(expected)
    assert opening is not None and opening.tzinfo is not None


def test_business_minutes_skip_nights_weekends_and_holidays() -> None:
    msg = ws("msg-software")
    assert business_minutes_between(msg, at("2026-11-22T16:00:00+02:00"), at("2026-11-23T09:00:00+02:00")) == 60
    assert business_minutes_between(msg, at("2026-11-26T16:00:00+02:00"), at("2026-11-29T08:40:00+02:00")) == 40
    assert business_minutes_between(msg, at("2026-11-23T09:00:00+02:00"), at("2026-11-22T09:00:00+02:00")) == 0
    assert add_business_minutes(msg, at("2026-11-26T16:00:00+02:00"), 240) == at("2026-11-29T12:00:00+02:00")
    assert add_business_minutes(msg, at("2026-11-27T02:00:00+02:00"), 0) == at("2026-11-29T08:30:00+02:00")
    remote = ws("remote-support")
    assert add_business_minutes(remote, at("2026-09-20T23:30:00+03:00"), 60) == at("2026-09-22T00:30:00+03:00")


def test_business_minutes_are_exact_across_a_dst_change() -> None:
    remote = ws("remote-support")  # Israel leaves summer time on 2026-10-25 at 02:00 (clocks back one hour)
    start, end = at("2026-10-25T00:00:00+03:00"), at("2026-10-25T04:00:00+02:00")
    assert business_minutes_between(remote, start, end) == 5 * 60


def test_holiday_rules_all_listed_none() -> None:
    assert closing_holiday(ws("msg-software").holidays, date(2026, 9, 12)) == "Rosh Hashanah"
    assert closing_holiday(ws("remote-support").holidays, date(2026, 9, 12)) is None
    assert closing_holiday(ws("remote-support").holidays, date(2026, 9, 21)) == "Yom Kippur"
    assert closing_holiday(ws("web-agency").holidays, date(2026, 6, 12)) == "Russia Day"
    assert closing_holiday(ws("web-agency").holidays, date(2026, 6, 15)) is None


def test_hours_that_never_open_give_no_opening() -> None:
    closed = ws("msg-software").model_copy(update={"hours": ws("msg-software").hours.model_copy(update={"week": {}})})
    assert next_opening(closed, at("2026-11-22T10:00:00+02:00")) is None
    assert add_business_minutes(closed, at("2026-11-22T10:00:00+02:00"), 10) is None
