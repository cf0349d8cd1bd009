"""Entitlement, table-driven: every row of the contract's plans table, at, inside and outside hours."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

import pytest

from bot.core.settings import ROOT
from bot.core.workspaces import load_workspaces
from handlers.entitlement import decide, entitling_plans

WS = load_workspaces(ROOT / "workspaces")

IL_IN = "2026-11-22T10:00:00+02:00"      # Sunday, in every Israeli workspace's hours
IL_AT_OPEN = "2026-11-22T08:30:00+02:00"  # msg-software opens
IL_OUT = "2026-11-22T20:00:00+02:00"     # Sunday evening
IL_WEEKEND = "2026-11-28T11:00:00+02:00"  # Saturday
YOM_KIPPUR = "2026-09-21T11:00:00+03:00"
PESACH = "2026-04-02T11:00:00+03:00"      # a Thursday
EREV_YK_MORNING = "2026-09-20T10:00:00+03:00"  # Sunday, Erev Yom Kippur: the short day (until 13:00 here)
EREV_YK_AFTERNOON = "2026-09-20T14:00:00+03:00"
EREV_YK_EARLY = "2026-09-20T07:00:00+03:00"    # before the eve's opening: it still opens today
EREV_PESACH_AFTERNOON = "2026-04-01T14:00:00+03:00"
MSK_IN = "2026-11-23T11:00:00+03:00"     # Monday, at opening
MSK_OUT = "2026-11-23T20:00:00+03:00"
MSK_WEEKEND = "2026-11-22T12:00:00+03:00"
UNITY_DAY = "2026-11-04T12:00:00+03:00"


@dataclass
class C:
    plan: str
    status: str = "active"
    paid_until: date | None = None
    flags: list[str] = field(default_factory=list)
    balance: Decimal = Decimal("0")


ROWS = [
    # msg-software: advanced and cloud only, active, not abusive, in hours
    ("msg-software", C("advanced"), IL_IN, "human", "in_hours"),
    ("msg-software", C("advanced"), IL_AT_OPEN, "human", "in_hours"),
    ("msg-software", C("cloud"), IL_OUT, "queued", "after_hours"),
    ("msg-software", C("cloud"), IL_WEEKEND, "queued", "after_hours"),
    ("msg-software", C("advanced"), YOM_KIPPUR, "queued", "holiday"),
    ("msg-software", C("advanced"), EREV_YK_MORNING, "human", "in_hours"),
    ("msg-software", C("advanced"), EREV_YK_AFTERNOON, "queued", "holiday_eve"),
    ("msg-software", C("advanced"), EREV_YK_EARLY, "queued", "after_hours"),
    ("msg-software", C("essential"), IL_IN, "denied", "plan_no_human"),
    ("msg-software", C("one-time-license"), IL_IN, "denied", "plan_no_human"),
    ("msg-software", C("advanced", flags=["abusive"]), IL_IN, "denied", "abusive"),
    ("msg-software", C("advanced", status="expired"), IL_IN, "denied", "expired"),
    ("msg-software", C("advanced", paid_until=date(2026, 11, 21)), IL_IN, "denied", "expired"),
    ("msg-software", C("advanced", paid_until=date(2026, 11, 22)), IL_IN, "human", "in_hours"),  # last paid day
    ("msg-software", C("cloud", status="cancelled"), IL_IN, "denied", "cancelled"),
    ("msg-software", None, IL_IN, "denied", "not_customer"),
    ("msg-software", C("gold"), IL_IN, "denied", "unknown_plan"),
    # remote-support: any active customer 24/7 except Yom Kippur; frozen: no service; prepaid needs balance
    ("remote-support", C("monthly"), IL_WEEKEND, "human", "in_hours"),
    ("remote-support", C("occasional"), IL_OUT, "human", "in_hours"),
    ("remote-support", C("monthly"), YOM_KIPPUR, "queued", "holiday"),
    ("remote-support", C("monthly"), PESACH, "human", "in_hours"),
    ("remote-support", C("monthly"), EREV_YK_AFTERNOON, "human", "in_hours"),  # 24/7 on the eve too
    ("remote-support", C("prepaid", balance=Decimal("50")), IL_IN, "human", "in_hours"),
    ("remote-support", C("prepaid", balance=Decimal("0")), IL_IN, "denied", "no_balance"),
    ("remote-support", C("monthly", status="frozen"), IL_IN, "denied", "frozen"),
    ("remote-support", C("monthly", status="suspended"), IL_IN, "denied", "suspended"),
    # saas-billing: any active customer, in hours
    ("saas-billing", C("trial"), IL_IN, "human", "in_hours"),
    ("saas-billing", C("business"), IL_OUT, "queued", "after_hours"),
    ("saas-billing", C("pro"), PESACH, "queued", "holiday"),
    ("saas-billing", C("pro"), EREV_PESACH_AFTERNOON, "queued", "holiday_eve"),
    ("saas-billing", C("starter", status="expired"), IL_IN, "denied", "expired"),
    # event-rsvp: digital and full-service owners in hours; free is bot-only
    ("event-rsvp", C("digital"), IL_IN, "human", "in_hours"),
    ("event-rsvp", C("full-service"), IL_OUT, "queued", "after_hours"),
    ("event-rsvp", C("digital"), EREV_YK_AFTERNOON, "queued", "holiday_eve"),
    ("event-rsvp", C("free"), IL_IN, "denied", "plan_no_human"),
    ("event-rsvp", None, IL_IN, "denied", "not_customer"),  # a guest reaches the owner, not staff
    # web-agency: active clients in hours; priority also after hours, weekends and holidays
    ("web-agency", C("standard"), MSK_IN, "human", "in_hours"),
    ("web-agency", C("standard"), MSK_OUT, "queued", "after_hours"),
    ("web-agency", C("standard"), MSK_WEEKEND, "queued", "after_hours"),
    ("web-agency", C("standard"), UNITY_DAY, "queued", "holiday"),
    ("web-agency", C("priority"), MSK_OUT, "human", "after_hours_plan"),
    ("web-agency", C("priority"), MSK_WEEKEND, "human", "after_hours_plan"),
    ("web-agency", C("priority"), UNITY_DAY, "human", "after_hours_plan"),
    ("web-agency", C("priority", status="expired"), MSK_IN, "denied", "expired"),
    ("web-agency", C("priority", flags=["abusive"]), MSK_OUT, "denied", "abusive"),
]


@pytest.mark.parametrize(("slug", "customer", "moment", "outcome", "reason"), ROWS)
def test_plans_table(slug: str, customer: C | None, moment: str, outcome: str, reason: str) -> None:
    workspace = WS.by_slug(slug)
    assert workspace is not None
    decision = decide(workspace, customer, datetime.fromisoformat(moment))
    assert (decision.outcome, decision.reason) == (outcome, reason)
    assert (decision.next_opening is not None) == (outcome == "queued")


def test_queued_decision_names_the_next_opening_and_the_holiday() -> None:
    workspace = WS.by_slug("msg-software")
    assert workspace is not None
    decision = decide(workspace, C("advanced"), datetime.fromisoformat(YOM_KIPPUR))
    assert decision.holiday == "Yom Kippur"
    assert decision.next_opening == datetime.fromisoformat("2026-09-22T08:30:00+03:00")


def test_queued_on_an_eve_names_the_holiday_that_begins_tonight() -> None:
    workspace = WS.by_slug("msg-software")
    assert workspace is not None
    decision = decide(workspace, C("advanced"), datetime.fromisoformat(EREV_YK_AFTERNOON))
    assert (decision.eve, decision.holiday) == ("Yom Kippur", None)
    assert decision.next_opening == datetime.fromisoformat("2026-09-22T08:30:00+03:00")
    early = decide(workspace, C("advanced"), datetime.fromisoformat(EREV_YK_EARLY))
    assert early.eve is None and early.next_opening == datetime.fromisoformat("2026-09-20T08:30:00+03:00")


def test_entitling_plans_are_read_from_the_yaml() -> None:
    assert entitling_plans(WS.by_slug("msg-software")) == ["advanced", "cloud"]  # type: ignore[arg-type]
    assert entitling_plans(WS.by_slug("event-rsvp")) == ["digital", "full-service"]  # type: ignore[arg-type]
