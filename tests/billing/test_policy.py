"""The billing policy at its edges, table by table: every number comes from the workspace YAML files."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from bot.core.settings import ROOT
from bot.core.workspaces import load_workspaces
from bot.core.workspaces.billing_rules import BillingRules
from handlers.billing.months import add_months, months_started
from handlers.billing.policy import (
    Account,
    ChargeFacts,
    cancellation_fee,
    cancellation_terms,
    freeze_terms,
    plan_change_terms,
    refund_quote,
    trial_terms,
)

WS = load_workspaces(ROOT / "workspaces")
SAAS = WS.by_slug("saas-billing").billing  # type: ignore[union-attr]
MSG = WS.by_slug("msg-software").billing  # type: ignore[union-attr]
REMOTE = WS.by_slug("remote-support").billing  # type: ignore[union-attr]
WEB = WS.by_slug("web-agency").billing  # type: ignore[union-attr]
D = Decimal


def monthly(amount: str, on: date, period: str = "monthly", delivered: date | None = None) -> ChargeFacts:
    return ChargeFacts(charged_on=on, amount=D(amount), currency="ILS", period=period, delivered_on=delivered)


PRO = Account(plan="pro", period="monthly", paid_from=date(2026, 11, 17), paid_until=date(2026, 12, 17))


# --- the YAML carries the seed policy's numbers ------------------------------------------------------

def test_saas_yaml_holds_the_policy_numbers() -> None:
    assert SAAS.trial is not None and SAAS.refund is not None
    assert (SAAS.trial.days, SAAS.trial.fee, SAAS.trial.fee_vat_extra, SAAS.trial.fee_refundable_once_used) == (
        30, D("7.00"), True, False)
    assert (SAAS.refund.window_days, SAAS.refund.fee_percent, SAAS.refund.fee_cap) == (14, D("5"), D("100.00"))
    assert SAAS.refund.annual_pro_rata and SAAS.freeze.allowed and SAAS.freeze.max_months_per_year == 3
    assert SAAS.freeze.periods == ["monthly"]
    assert (SAAS.data.kept_days, SAAS.data.export_days) == (90, 30)
    assert SAAS.plan_change is not None and SAAS.plan_change.upgrade == "immediate_pro_rata_days"
    assert SAAS.plan_change.downgrade == "next_period"
    assert not MSG.freeze.allowed and MSG.renewal_min_months == 3
    assert REMOTE.plan_change is not None and REMOTE.plan_change.min_months_on_package == 1


def test_rules_refuse_a_typo_and_a_freeze_without_allowance() -> None:
    with pytest.raises(ValueError, match="refund_windw_days"):
        BillingRules.model_validate({"refund_windw_days": 14})
    with pytest.raises(ValueError, match="max_months_per_year"):
        BillingRules.model_validate({"freeze": {"allowed": True}})
    with pytest.raises(ValueError, match="negative"):
        BillingRules.model_validate({"prices": {"pro": {"monthly": "-1"}}})


# --- the refund window: day 14 in, day 15 out (leap and common years) -----------------------------------

@pytest.mark.parametrize(("charged", "today", "decision", "reason", "amount"), [
    (date(2026, 11, 17), date(2026, 11, 17), "quote", "within_window", "189.05"),   # day 0
    (date(2026, 11, 17), date(2026, 11, 22), "quote", "within_window", "189.05"),   # the policy's example
    (date(2026, 11, 1), date(2026, 11, 15), "quote", "within_window", "189.05"),    # day 14
    (date(2026, 11, 1), date(2026, 11, 16), "deny", "window_passed", None),        # day 15
    (date(2028, 2, 15), date(2028, 2, 29), "quote", "within_window", "189.05"),    # leap: 29 Feb is day 14
    (date(2028, 2, 15), date(2028, 3, 1), "deny", "window_passed", None),          # leap: 1 Mar is day 15
    (date(2027, 2, 15), date(2027, 3, 1), "quote", "within_window", "189.05"),     # common year: 1 Mar is day 14
    (date(2027, 2, 15), date(2027, 3, 2), "deny", "window_passed", None),
    (date(2028, 2, 29), date(2028, 3, 14), "quote", "within_window", "189.05"),    # charged on 29 Feb
    (date(2028, 2, 29), date(2028, 3, 15), "deny", "window_passed", None),
])
def test_monthly_refund_window(charged: date, today: date, decision: str, reason: str, amount: str | None) -> None:
    quote = refund_quote(SAAS, monthly("199.00", charged), PRO, today)
    assert (quote.decision, quote.reason) == (decision, reason)
    assert quote.amount == (D(amount) if amount else None)
    assert quote.days_since_charge == (today - charged).days


def test_the_policy_example_shows_its_arithmetic() -> None:
    quote = refund_quote(SAAS, monthly("199.00", date(2026, 11, 17)), PRO, date(2026, 11, 22))
    assert [(s.label, s.kind, s.numbers, s.result) for s in quote.steps] == [
        ("fee", "percent", (D("5"), D("199.00")), D("9.95")),
        ("fee_lower", "minimum", (D("9.95"), D("100.00")), D("9.95")),
        ("refund", "subtract", (D("199.00"), D("9.95")), D("189.05")),
    ]
    assert quote.fee == D("9.95") and quote.amount == D("189.05")


# --- the fee: 5% or 100 ILS, whichever is lower; the crossover is at 2,000 ILS ------------------------------

@pytest.mark.parametrize(("amount", "fee"), [
    ("0.09", "0.00"),        # 0.0045 rounds down to 0
    ("0.10", "0.01"),        # 0.005 rounds half up
    ("100.00", "5.00"),
    ("199.00", "9.95"),
    ("1999.80", "99.99"),
    ("1999.89", "99.99"),    # 99.9945
    ("1999.90", "100.00"),   # 99.995 rounds half up to the cap
    ("2000.00", "100.00"),   # the crossover: 5% is exactly the cap
    ("2000.01", "100.00"),   # above it the cap wins
    ("3990.00", "100.00"),
])
def test_cancellation_fee_is_the_lower_of_percent_and_cap(amount: str, fee: str) -> None:
    assert SAAS.refund is not None
    got, steps = cancellation_fee(D(amount), SAAS.refund)
    assert got == D(fee)
    assert got == min(steps[0].result, D("100.00"))
    quote = refund_quote(SAAS, monthly(amount, date(2026, 11, 20)), PRO, date(2026, 11, 22))
    assert quote.amount == D(amount) - D(fee)


# --- annual: pro-rata by whole months left, a cancellation in each month of the year -------------------------

@pytest.mark.parametrize("month", range(1, 13))
def test_annual_refund_in_each_month(month: int) -> None:
    charge = monthly("1200.00", date(2026, 1, 1), period="annual")
    account = Account(plan="business", period="annual", paid_until=date(2027, 1, 1))
    quote = refund_quote(SAAS, charge, account, date(2026, month, 20))
    left = 12 - month
    if left == 0:
        assert (quote.decision, quote.reason, quote.months_left) == ("deny", "nothing_left", 0)
        return
    assert (quote.decision, quote.reason, quote.months_left) == ("quote", "annual_pro_rata", left)
    assert quote.amount == D(100 * left) - D("60.00")  # 1200 x left / 12, minus 5% of 1200
    assert quote.steps[0].numbers == (D("1200.00"), left, 12)


@pytest.mark.parametrize(("today", "decision", "reason", "amount", "left"), [
    (date(2026, 1, 15), "quote", "within_window", "3890.00", None),        # day 14: all of it, minus the capped fee
    (date(2026, 1, 16), "quote", "annual_pro_rata", "3557.50", 11),       # day 15: 3990 x 11 / 12 - 100
    (date(2026, 1, 31), "quote", "annual_pro_rata", "3557.50", 11),
    (date(2026, 2, 1), "quote", "annual_pro_rata", "3225.00", 10),        # the second month began today: used
    (date(2026, 12, 1), "deny", "nothing_left", None, 0),
])
def test_annual_refund_edges(today: date, decision: str, reason: str, amount: str | None, left: int | None) -> None:
    charge = monthly("3990.00", date(2026, 1, 1), period="annual")
    quote = refund_quote(SAAS, charge, Account(plan="business", period="annual"), today)
    assert (quote.decision, quote.reason, quote.months_left) == (decision, reason, left)
    assert quote.amount == (D(amount) if amount else None)


def test_annual_charged_on_29_february_runs_to_28_february() -> None:
    charge = monthly("1200.00", date(2028, 2, 29), period="annual")
    account = Account(plan="pro", period="annual")
    assert refund_quote(SAAS, charge, account, date(2029, 1, 28)).months_left == 1
    assert refund_quote(SAAS, charge, account, date(2029, 1, 29)).reason == "nothing_left"


def test_a_fee_above_the_share_leaves_nothing() -> None:
    rules = SAAS.model_copy(update={"refund": SAAS.refund.model_copy(update={"fee_percent": D("10")})})  # type: ignore[union-attr]
    quote = refund_quote(rules, monthly("1200.00", date(2026, 1, 1), period="annual"),
                         Account(plan="pro", period="annual"), date(2026, 11, 20))
    assert (quote.decision, quote.reason, quote.amount) == ("deny", "fee_exceeds", D("0.00"))


# --- what is never refunded ------------------------------------------------------------------------------------

@pytest.mark.parametrize(("rules", "charge", "account", "decision", "reason"), [
    (SAAS, monthly("7.00", date(2026, 11, 20), period="trial"), Account(plan="trial"), "deny", "trial_fee"),
    (SAAS, monthly("199.00", date(2026, 11, 20)), Account(plan="pro", status="suspended"), "deny", "suspended"),
    (SAAS, monthly("500.00", date(2026, 11, 20), "one-time", date(2026, 11, 21)), PRO, "deny", "delivered"),
    (SAAS, monthly("500.00", date(2026, 11, 20), "one-time"), PRO, "quote", "within_window"),
    (SAAS, None, PRO, "deny", "no_charge"),
    (MSG, monthly("1970.00", date(2026, 11, 20), "annual", date(2026, 11, 21)), PRO, "deny", "delivered"),
    (MSG, monthly("597.00", date(2026, 11, 20), "quarterly", date(2026, 11, 22)), PRO, "deny", "delivered"),
    (MSG, monthly("597.00", date(2026, 11, 20), "quarterly", date(2026, 11, 23)), PRO, "staff", "no_rule"),
    (MSG, monthly("250.00", date(2026, 11, 20)), PRO, "staff", "no_rule"),
    (REMOTE, monthly("99.00", date(2026, 11, 20)), PRO, "staff", "no_rule"),
    (WEB, monthly("99.00", date(2026, 11, 20)), PRO, "staff", "no_rule"),
])
def test_non_refundable_cases(rules: BillingRules, charge: ChargeFacts | None, account: Account,
                              decision: str, reason: str) -> None:
    quote = refund_quote(rules, charge, account, date(2026, 11, 22))
    assert (quote.decision, quote.reason) == (decision, reason)
    if decision != "quote":
        assert quote.amount in (None, D("0.00"))


# --- cancellation: effective date and the data dates --------------------------------------------------------------

@pytest.mark.parametrize(("rules", "account", "today", "reason", "effective", "kept", "export"), [
    (SAAS, PRO, date(2026, 11, 22), "period_end", date(2026, 12, 17), date(2027, 3, 17), date(2027, 1, 16)),
    (SAAS, Account(plan="pro", paid_until=date(2028, 2, 29)), date(2028, 2, 10), "period_end",
     date(2028, 2, 29), date(2028, 5, 29), date(2028, 3, 30)),
    (SAAS, Account(plan="pro", paid_until=date(2026, 11, 1)), date(2026, 11, 22), "period_end",
     date(2026, 11, 22), date(2027, 2, 20), date(2026, 12, 22)),
    (SAAS, Account(plan="trial", paid_until=date(2026, 12, 10)), date(2026, 11, 22), "trial",
     date(2026, 12, 10), date(2027, 3, 10), date(2027, 1, 9)),
    (MSG, Account(plan="advanced", period="annual", paid_until=date(2027, 6, 1)), date(2026, 11, 22), "period_end",
     date(2027, 6, 1), None, None),
    (REMOTE, Account(plan="monthly", joined_plan_on=date(2026, 11, 10)), date(2026, 11, 22), "commitment",
     date(2026, 12, 10), None, None),
    (REMOTE, Account(plan="monthly", joined_plan_on=date(2026, 10, 23)), date(2026, 11, 22), "commitment",
     date(2026, 11, 23), None, None),
    (REMOTE, Account(plan="monthly", joined_plan_on=date(2026, 10, 22)), date(2026, 11, 22), "end_of_day",
     date(2026, 11, 22), None, None),
    (REMOTE, Account(plan="prepaid", joined_plan_on=date(2026, 11, 20)), date(2026, 11, 22), "end_of_day",
     date(2026, 11, 22), None, None),
    (REMOTE, Account(plan="monthly", joined_plan_on=date(2028, 1, 31)), date(2028, 2, 10), "commitment",
     date(2028, 2, 29), None, None),
])
def test_cancellation_terms(rules: BillingRules, account: Account, today: date, reason: str, effective: date,
                            kept: date | None, export: date | None) -> None:
    terms = cancellation_terms(rules, account, today)
    assert (terms.decision, terms.reason, terms.effective_on) == ("ok", reason, effective)
    assert (terms.data_kept_until, terms.export_until) == (kept, export)


@pytest.mark.parametrize(("status", "reason"), [("cancelled", "already_cancelled"), ("expired", "not_active")])
def test_nothing_to_cancel(status: str, reason: str) -> None:
    terms = cancellation_terms(SAAS, Account(plan="pro", status=status), date(2026, 11, 22))
    assert (terms.decision, terms.reason, terms.effective_on) == ("deny", reason, None)


# --- freeze: up to 3 months per calendar year, monthly plans only ---------------------------------------------------

MONTHLY = Account(plan="pro", period="monthly", paid_until=date(2027, 3, 10))


@pytest.mark.parametrize(("prior", "months", "decision", "reason", "used", "remaining"), [
    ([], 1, "ok", "ok", 0, 2),
    ([], 3, "ok", "ok", 0, 0),
    ([], 4, "deny", "allowance_exceeded", 0, 3),
    ([(date(2027, 1, 10), 2)], 1, "ok", "ok", 2, 0),                   # the third month of the year
    ([(date(2027, 1, 10), 3)], 1, "deny", "allowance_exceeded", 3, 0),  # the fourth
    ([(date(2027, 1, 10), 2)], 2, "deny", "allowance_exceeded", 2, 1),
    ([(date(2026, 10, 10), 3)], 3, "ok", "ok", 0, 0),                  # a new calendar year, a new allowance
    ([(date(2026, 12, 10), 2)], 2, "ok", "ok", 1, 0),                  # Dec 2026 + Jan 2027: one counts in 2027
    ([(date(2026, 12, 10), 3)], 1, "ok", "ok", 2, 0),                  # Jan + Feb 2027 were used: the third is March
    ([(date(2026, 12, 10), 3)], 3, "deny", "allowance_exceeded", 2, 1),
    ([], 0, "deny", "bad_months", 0, 3),
])
def test_freeze_allowance(prior: list[tuple[date, int]], months: int, decision: str, reason: str, used: int,
                          remaining: int) -> None:
    terms = freeze_terms(SAAS, MONTHLY, months, prior, date(2027, 3, 1))
    assert (terms.decision, terms.reason, terms.used, terms.remaining) == (decision, reason, used, remaining)
    assert terms.starts_on == date(2027, 3, 10) and terms.year == 2027
    if decision == "ok":
        assert terms.resumes_on == add_months(date(2027, 3, 10), months)


@pytest.mark.parametrize(("rules", "account", "reason"), [
    (SAAS, Account(plan="pro", period="annual"), "period_not_allowed"),
    (SAAS, Account(plan="pro", status="frozen"), "already_frozen"),
    (SAAS, Account(plan="pro", status="expired"), "not_active"),
    (SAAS, Account(plan="trial"), "trial"),
    (MSG, Account(plan="cloud"), "not_allowed"),
    (REMOTE, Account(plan="monthly"), "not_allowed"),
])
def test_freeze_refusals(rules: BillingRules, account: Account, reason: str) -> None:
    terms = freeze_terms(rules, account, 1, [], date(2026, 11, 22))
    assert (terms.decision, terms.reason) == ("deny", reason)


@pytest.mark.parametrize(("paid_until", "months", "resumes"), [
    (date(2028, 1, 31), 1, date(2028, 2, 29)),    # leap year
    (date(2027, 1, 31), 1, date(2027, 2, 28)),
    (date(2028, 1, 31), 2, date(2028, 3, 31)),
    (date(2027, 12, 15), 3, date(2028, 3, 15)),
])
def test_freeze_dates(paid_until: date, months: int, resumes: date) -> None:
    account = Account(plan="pro", paid_until=paid_until)
    terms = freeze_terms(SAAS, account, months, [], date(2027, 1, 1))
    assert (terms.starts_on, terms.resumes_on) == (paid_until, resumes)


def test_freeze_without_a_future_billing_date_starts_today() -> None:
    terms = freeze_terms(SAAS, Account(plan="pro", paid_until=date(2026, 11, 1)), 1, [], date(2026, 11, 22))
    assert (terms.starts_on, terms.resumes_on) == (date(2026, 11, 22), date(2026, 12, 22))


# --- plan changes -----------------------------------------------------------------------------------------------

STARTER = Account(plan="starter", period="monthly", paid_from=date(2026, 11, 1), paid_until=date(2026, 12, 1),
                  joined_plan_on=date(2026, 11, 1))


@pytest.mark.parametrize(("rules", "account", "target", "reason", "effective", "amount"), [
    (SAAS, STARTER, "business", "upgrade_now", date(2026, 11, 22), "90.00"),     # (399-99) x 9 / 30
    (SAAS, STARTER, "pro", "upgrade_now", date(2026, 11, 22), "30.00"),          # (199-99) x 9 / 30
    (SAAS, Account(plan="business", paid_until=date(2026, 12, 1)), "starter", "next_period", date(2026, 12, 1), None),
    (REMOTE, Account(plan="prepaid"), "monthly", "upgrade_next_day", date(2026, 11, 23), None),
    (REMOTE, Account(plan="monthly", joined_plan_on=date(2026, 11, 10)), "prepaid", "commitment",
     date(2026, 12, 10), None),
    (REMOTE, Account(plan="monthly", joined_plan_on=date(2026, 10, 23)), "prepaid", "next_day",
     date(2026, 11, 23), None),                                                   # a month after joining is tomorrow
    (REMOTE, Account(plan="monthly", joined_plan_on=date(2026, 10, 24)), "prepaid", "commitment",
     date(2026, 11, 24), None),
    (REMOTE, Account(plan="prepaid", joined_plan_on=date(2026, 11, 20)), "occasional", "next_day",
     date(2026, 11, 23), None),                                                   # Silver to Silver: no waiting
])
def test_plan_change_terms(rules: BillingRules, account: Account, target: str, reason: str, effective: date,
                           amount: str | None) -> None:
    terms = plan_change_terms(rules, account, target, date(2026, 11, 22))
    assert (terms.decision, terms.reason, terms.effective_on) == ("ok", reason, effective)
    assert terms.amount == (D(amount) if amount else None)


def test_upgrade_in_february_of_a_leap_year_counts_29_days() -> None:
    account = Account(plan="starter", paid_from=date(2028, 2, 1), paid_until=date(2028, 3, 1))
    terms = plan_change_terms(SAAS, account, "pro", date(2028, 2, 15))
    assert terms.steps[0].numbers == (D("199.00"), D("99.00"), 15, 29)
    assert terms.amount == D("51.72")   # 100 x 15 / 29 = 51.724...


@pytest.mark.parametrize(("rules", "account", "target", "decision", "reason"), [
    (SAAS, STARTER, "starter", "deny", "same_plan"),
    (SAAS, Account(plan="pro", status="cancelled"), "business", "deny", "not_active"),
    (WEB, Account(plan="standard"), "priority", "staff", "no_rule"),
])
def test_plan_change_refusals(rules: BillingRules, account: Account, target: str, decision: str, reason: str) -> None:
    terms = plan_change_terms(rules, account, target, date(2026, 11, 22))
    assert (terms.decision, terms.reason) == (decision, reason)


# --- trial and calendar helpers ----------------------------------------------------------------------------------

def test_trial_terms() -> None:
    terms = trial_terms(SAAS, Account(plan="trial"), date(2026, 11, 10), date(2026, 11, 22))
    assert terms is not None
    assert (terms.ends_on, terms.days_left, terms.fee, terms.fee_vat_extra, terms.fee_refundable) == (
        date(2026, 12, 10), 18, D("7.00"), True, False)
    assert trial_terms(SAAS, PRO, None, date(2026, 11, 22)) is None
    assert trial_terms(MSG, Account(plan="trial"), None, date(2026, 11, 22)) is None


@pytest.mark.parametrize(("start", "months", "expected"), [
    (date(2026, 1, 31), 1, date(2026, 2, 28)),
    (date(2028, 1, 31), 1, date(2028, 2, 29)),
    (date(2028, 2, 29), 12, date(2029, 2, 28)),
    (date(2028, 2, 29), 48, date(2032, 2, 29)),
    (date(2026, 12, 15), 1, date(2027, 1, 15)),
    (date(2027, 3, 31), -1, date(2027, 2, 28)),
])
def test_add_months(start: date, months: int, expected: date) -> None:
    assert add_months(start, months) == expected


def test_months_started_counts_the_month_that_begins_today() -> None:
    assert months_started(date(2026, 1, 31), date(2026, 1, 30), 12) == 0
    assert months_started(date(2026, 1, 31), date(2026, 2, 27), 12) == 1
    assert months_started(date(2026, 1, 31), date(2026, 2, 28), 12) == 2
    assert months_started(date(2026, 1, 1), date(2030, 1, 1), 12) == 12
