"""Business hours: weekly spans in the workspace zone, holidays, next opening, business minutes."""

from __future__ import annotations

from datetime import date, datetime

import holidays
import pytest

from bot.core.settings import ROOT
from bot.core.workspaces import Workspace, load_workspaces
from bot.core.workspaces.schema import Hours
from handlers.hours import (
    add_business_minutes,
    business_minutes_between,
    closing_holiday,
    holiday_eve,
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


# --- holiday eves (Erev Chag): a short day, from `hours.holiday_eve` (default: the Friday hours) ---

def with_hours(slug: str, hours: object) -> Workspace:
    """A demo workspace with other weekly hours, parsed as a YAML `hours:` value would be."""
    return ws(slug).model_copy(update={"hours": Hours.model_validate(hours)})


SUN_THU = {day: ["08:30-16:30"] for day in ("sun", "mon", "tue", "wed", "thu")}


def test_the_holidays_package_lists_no_eves_so_they_are_computed() -> None:
    calendar = holidays.country_holidays("IL", years=2026, categories=("public", "optional", "school"),
                                         language="en_US")
    assert date(2026, 9, 11) not in calendar                   # Erev Rosh Hashana 5787 is not in the package...
    assert calendar.get(date(2026, 9, 12)) == "Rosh Hashanah"  # ...Rosh Hashana (a Saturday) is
    assert holiday_eve(ws("msg-software").holidays, date(2026, 9, 11)) == "Rosh Hashanah"


@pytest.mark.parametrize(("day", "expected"), [
    (date(2026, 9, 11), "Rosh Hashanah"),     # Friday: Erev Rosh Hashana 5787 (the holiday starts Friday night)
    (date(2026, 9, 12), None),                # Rosh Hashana I is a holiday, not an eve of the second day
    (date(2026, 9, 13), None),                # Rosh Hashana II; the 14th is an ordinary Monday
    (date(2026, 9, 20), "Yom Kippur"),        # Sunday: Erev Yom Kippur
    (date(2026, 9, 25), "Sukkot"),            # Friday: Erev Sukkot
    (date(2026, 9, 27), None),                # Chol HaMoed Sukkot: an ordinary day
    (date(2026, 10, 2), "Simchat Torah / Shemini Atzeret"),  # Hoshana Raba, the last Chol HaMoed day
    (date(2026, 4, 1), "Pesach"),             # Wednesday: Erev Pesach
    (date(2026, 4, 3), None),                 # first day of Chol HaMoed Pesach
    (date(2026, 4, 7), "Seventh day of Pesach"),  # last day of Chol HaMoed: eve of Shvi'i shel Pesach
    (date(2026, 4, 21), "Independence Day"),  # Yom HaZikaron, the eve of Independence Day
    (date(2025, 4, 30), "Independence Day (observed)"),  # the eve follows the observed (moved) date
    (date(2026, 5, 21), "Shavuot"),           # Thursday: Erev Shavuot (Shavuot is a Friday)
    (date(2025, 4, 12), "Pesach"),            # Saturday: Pesach 5785 starts on Saturday night
    (date(2026, 11, 22), None),
])
def test_eves_of_israeli_holidays(day: date, expected: str | None) -> None:
    assert holiday_eve(ws("msg-software").holidays, day) == expected


def test_only_the_eves_of_holidays_that_close_count() -> None:
    remote = ws("remote-support").holidays   # closed: listed, only Yom Kippur
    assert holiday_eve(remote, date(2026, 9, 20)) == "Yom Kippur"
    assert holiday_eve(remote, date(2026, 9, 11)) is None
    assert holiday_eve(remote, date(2026, 4, 1)) is None


@pytest.mark.parametrize(("slug", "moment", "expected"), [
    ("msg-software", "2026-09-20T08:30:00+03:00", True),    # Erev Yom Kippur (Sunday): the short day opens as usual
    ("msg-software", "2026-09-20T12:59:59+03:00", True),
    ("msg-software", "2026-09-20T13:00:00+03:00", False),   # ...and ends at 13:00, not 16:30
    ("msg-software", "2026-09-20T16:00:00+03:00", False),
    ("msg-software", "2026-04-01T14:00:00+03:00", False),   # Erev Pesach (Wednesday)
    ("msg-software", "2026-04-06T14:00:00+03:00", True),    # Chol HaMoed Pesach: an ordinary day
    ("msg-software", "2026-04-07T14:00:00+03:00", False),   # the last day of Chol HaMoed is an eve
    ("msg-software", "2026-04-21T14:00:00+03:00", False),   # Yom HaZikaron: eve of Independence Day
    ("msg-software", "2026-05-21T15:00:00+03:00", False),   # Erev Shavuot (Thursday)
    ("msg-software", "2026-10-01T15:00:00+03:00", True),    # Chol HaMoed Sukkot, the day before Hoshana Raba
    ("msg-software", "2026-10-02T10:00:00+03:00", False),   # Hoshana Raba is a Friday: the eve opens no Friday
    ("msg-software", "2026-09-11T10:00:00+03:00", False),   # Erev Rosh Hashana is a Friday: still closed
    ("saas-billing", "2026-09-20T12:00:00+03:00", True),
    ("saas-billing", "2026-09-20T13:00:00+03:00", False),
    ("event-rsvp", "2026-04-01T13:30:00+03:00", False),
    ("remote-support", "2026-09-20T20:00:00+03:00", True),  # 24/7: the eve is worked like a Friday, 24 hours
    ("web-agency", "2026-11-03T17:59:00+03:00", True),      # before Unity Day: `regular`
])
def test_is_open_on_holiday_eves(slug: str, moment: str, expected: bool) -> None:
    assert is_open(ws(slug), at(moment)) is expected


@pytest.mark.parametrize(("slug", "moment", "expected"), [
    ("msg-software", "2026-09-20T13:00:00+03:00", "2026-09-22T08:30:00+03:00"),  # Erev YK -> after Yom Kippur
    ("msg-software", "2026-09-20T07:00:00+03:00", "2026-09-20T08:30:00+03:00"),  # the eve's morning opens
    ("msg-software", "2026-04-01T13:30:00+03:00", "2026-04-05T08:30:00+03:00"),  # Erev Pesach -> Chol HaMoed Sunday
    ("msg-software", "2026-05-21T14:00:00+03:00", "2026-05-24T08:30:00+03:00"),  # Erev Shavuot -> Sunday
    ("msg-software", "2026-09-10T17:00:00+03:00", "2026-09-14T08:30:00+03:00"),  # before Erev RH -> after RH II
    ("event-rsvp", "2026-09-20T13:00:00+03:00", "2026-09-22T09:00:00+03:00"),
])
def test_next_opening_after_an_eve(slug: str, moment: str, expected: str) -> None:
    assert next_opening(ws(slug), at(moment)) == at(expected)


def test_sla_business_minutes_stop_at_the_eves_early_closing() -> None:
    msg = ws("msg-software")
    assert business_minutes_between(msg, at("2026-09-20T08:30:00+03:00"), at("2026-09-20T23:00:00+03:00")) == 270
    # 240 business minutes from 10:00 on Erev Yom Kippur: 180 until 13:00, the other 60 on Tuesday
    assert add_business_minutes(msg, at("2026-09-20T10:00:00+03:00"), 240) == at("2026-09-22T09:30:00+03:00")


def test_without_the_key_an_eve_is_worked_like_a_friday() -> None:
    assert Hours.model_validate(SUN_THU).holiday_eve == "fri"
    friday = with_hours("msg-software", {**SUN_THU, "fri": ["08:00-12:00"]})
    assert is_open(friday, at("2026-09-20T08:29:00+03:00")) is False  # the day's own opening still holds
    assert is_open(friday, at("2026-09-20T11:59:00+03:00")) is True
    assert is_open(friday, at("2026-09-20T12:00:00+03:00")) is False
    assert is_open(friday, at("2026-09-11T11:00:00+03:00")) is True   # an eve on a Friday: the Friday hours
    assert is_open(friday, at("2026-09-21T10:00:00+03:00")) is False  # Yom Kippur itself
    closed_fridays = with_hours("msg-software", SUN_THU)  # closed on Fridays -> closed on eves
    assert is_open(closed_fridays, at("2026-09-20T09:00:00+03:00")) is False
    assert next_opening(closed_fridays, at("2026-09-17T17:00:00+03:00")) == at("2026-09-22T08:30:00+03:00")
    always = with_hours("remote-support", "24/7")
    assert is_open(always, at("2026-09-20T23:59:00+03:00")) is True


@pytest.mark.parametrize(("eve", "moment", "expected"), [
    ("regular", "2026-09-20T16:00:00+03:00", True),   # eves are ordinary days (the old behaviour)
    ("closed", "2026-09-20T09:00:00+03:00", False),
    ([], "2026-09-20T09:00:00+03:00", False),
    ("08:30-12:00", "2026-09-20T11:59:00+03:00", True),
    ("08:30-12:00", "2026-09-20T12:00:00+03:00", False),
    (["08:30-10:00", "11:00-12:00"], "2026-09-20T10:30:00+03:00", False),
    (["08:30-10:00", "11:00-12:00"], "2026-09-20T11:30:00+03:00", True),
    ("thu", "2026-09-20T16:00:00+03:00", True),       # worked like a Thursday
])
def test_holiday_eve_forms(eve: object, moment: str, expected: bool) -> None:
    assert is_open(with_hours("msg-software", {**SUN_THU, "holiday_eve": eve}), at(moment)) is expected


def test_a_24_7_workspace_can_close_early_before_yom_kippur() -> None:
    remote = with_hours("remote-support", {"always": True, "holiday_eve": ["00:00-14:00"]})
    assert is_open(remote, at("2026-09-20T13:59:00+03:00")) is True
    assert is_open(remote, at("2026-09-20T14:00:00+03:00")) is False
    assert next_opening(remote, at("2026-09-20T14:00:00+03:00")) == at("2026-09-22T00:00:00+03:00")
    assert is_open(remote, at("2026-04-01T20:00:00+03:00")) is True  # Erev Pesach: Pesach does not close here
    assert add_business_minutes(remote, at("2026-09-20T13:30:00+03:00"), 60) == at("2026-09-22T00:30:00+03:00")


def test_the_eve_short_day_is_in_the_workspace_zone() -> None:
    msg = ws("msg-software")  # Erev Yom Kippur 08:30-13:00 Israel summer time is 05:30-10:00 UTC
    assert is_open(msg, at("2026-09-20T09:59:00+00:00")) is True
    assert is_open(msg, at("2026-09-20T10:00:00+00:00")) is False
    assert business_minutes_between(msg, at("2026-09-20T05:30:00+00:00"), at("2026-09-20T10:00:00+00:00")) == 270
