"""The billing policy as pure functions: (workspace rules, the customer's record, today) -> a decision.

Nothing here reads the database, the clock or a language: every function gets plain facts and
returns a frozen result with the decision, a reason code and the numbers, plus the arithmetic as
`Step`s so the customer can be shown exactly how an amount was reached. Money is Decimal, rounded
to agorot half-up at each step the policy names (the fee, the pro-rata share); dates are calendar
dates in the workspace's time zone, chosen by the caller.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal

from bot.core.workspaces.billing_rules import PERIOD_MONTHS, BillingRules, CancellationRules, RefundRules
from handlers.billing.months import add_months, months_started

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
INACTIVE = ("cancelled", "expired")


def to_cents(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Account:
    """What the policy reads from a customer record (built from a `Customer` row)."""

    plan: str
    status: str = "active"
    period: str = "monthly"
    paid_from: date | None = None
    paid_until: date | None = None
    joined_plan_on: date | None = None


@dataclass(frozen=True)
class ChargeFacts:
    """One payment as the policy sees it; `delivered_on`: a service or update was delivered for it."""

    charged_on: date
    amount: Decimal
    currency: str
    period: str
    delivered_on: date | None = None


StepKind = Literal["percent", "minimum", "pro_rata", "subtract", "difference_pro_rata"]


@dataclass(frozen=True)
class Step:
    """One line of arithmetic: `label` names it for the reader, `numbers` are its operands."""

    label: str
    kind: StepKind
    numbers: tuple[Decimal | int, ...]
    result: Decimal


# --- refunds --------------------------------------------------------------------------------------

RefundDecision = Literal["quote", "deny", "staff"]


@dataclass(frozen=True)
class RefundQuote:
    decision: RefundDecision
    reason: str
    amount: Decimal | None = None          # what would come back (quote only)
    fee: Decimal | None = None
    currency: str | None = None
    steps: tuple[Step, ...] = ()
    days_since_charge: int | None = None
    window_days: int | None = None
    months_left: int | None = None


def cancellation_fee(amount: Decimal, rules: RefundRules) -> tuple[Decimal, tuple[Step, ...]]:
    """`fee_percent` of the charge or `fee_cap`, whichever is lower, rounded to agorot."""
    if rules.fee_percent == 0:
        return ZERO, ()
    by_percent = to_cents(amount * rules.fee_percent / Decimal(100))
    steps: list[Step] = [Step("fee", "percent", (rules.fee_percent, amount), by_percent)]
    if rules.fee_cap is None:
        return by_percent, tuple(steps)
    fee = min(by_percent, to_cents(rules.fee_cap))
    steps.append(Step("fee_lower", "minimum", (by_percent, to_cents(rules.fee_cap)), fee))
    return fee, tuple(steps)


def refund_quote(rules: BillingRules, charge: ChargeFacts | None, account: Account, today: date) -> RefundQuote:
    """What the policy says about refunding `charge` today. Order of checks = order of the policy's exclusions."""
    refund = rules.refund
    if charge is None:
        return RefundQuote("deny", "no_charge")
    days = (today - charge.charged_on).days
    base = {"currency": charge.currency, "days_since_charge": days,
            "window_days": refund.window_days if refund else None}
    if refund is None:
        return RefundQuote("staff", "no_rule", **base)  # type: ignore[arg-type]
    if account.status in refund.no_refund_statuses:
        return RefundQuote("deny", account.status, **base)  # type: ignore[arg-type]
    if charge.period == "trial" and rules.trial is not None and not rules.trial.fee_refundable_once_used:
        return RefundQuote("deny", "trial_fee", **base)  # type: ignore[arg-type]
    if (charge.period in refund.final_once_delivered and charge.delivered_on is not None
            and charge.delivered_on <= today):
        return RefundQuote("deny", "delivered", **base)  # type: ignore[arg-type]
    if days < 0:
        return RefundQuote("staff", "future_charge", **base)  # type: ignore[arg-type]
    if charge.currency != rules.currency and refund.fee_cap is not None:
        return RefundQuote("staff", "foreign_currency", **base)  # type: ignore[arg-type]
    amount = to_cents(charge.amount)
    if refund.window_days is not None and days <= refund.window_days:
        fee, steps = cancellation_fee(amount, refund)
        back = amount - fee
        steps += (Step("refund", "subtract", (amount, fee), back),)
        return RefundQuote("quote", "within_window", back, fee, steps=steps, **base)  # type: ignore[arg-type]
    if charge.period == "annual" and refund.annual_pro_rata:
        return _annual_pro_rata(refund, charge, amount, today, base)
    if refund.window_days is not None and charge.period in ("monthly", "quarterly", "annual", "one-time"):
        return RefundQuote("deny", "window_passed", **base)  # type: ignore[arg-type]
    return RefundQuote(refund.otherwise, "no_rule", **base)  # type: ignore[arg-type]


def _annual_pro_rata(refund: RefundRules, charge: ChargeFacts, amount: Decimal, today: date,
                     base: dict[str, object]) -> RefundQuote:
    """(whole months left ÷ 12) × the annual price, minus the fee on the original transaction."""
    left = 12 - months_started(charge.charged_on, today, 12)
    if left <= 0:
        return RefundQuote("deny", "nothing_left", months_left=0, **base)  # type: ignore[arg-type]
    share = to_cents(amount * left / Decimal(12))
    steps: tuple[Step, ...] = (Step("pro_rata", "pro_rata", (amount, left, 12), share),)
    fee = ZERO
    if refund.pro_rata_minus_fee:
        fee, fee_steps = cancellation_fee(amount, refund)
        steps += fee_steps
    back = share - fee
    if back <= 0:
        return RefundQuote("deny", "fee_exceeds", ZERO, fee, steps=steps, months_left=left,
                           **base)  # type: ignore[arg-type]
    if fee:
        steps += (Step("refund", "subtract", (share, fee), back),)
    return RefundQuote("quote", "annual_pro_rata", back, fee, steps=steps, months_left=left,
                       **base)  # type: ignore[arg-type]


# --- cancellation ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class CancellationTerms:
    decision: Literal["ok", "deny"]
    reason: str
    effective_on: date | None = None        # the last day of access / the day the account closes
    data_kept_until: date | None = None
    export_until: date | None = None
    commitment_until: date | None = None    # set when a commitment postponed the date


def cancellation_terms(rules: BillingRules, account: Account, today: date) -> CancellationTerms:
    """When a cancellation asked for today takes effect, and until when the data stays."""
    if account.status == "cancelled":
        return CancellationTerms("deny", "already_cancelled")
    if account.status == "expired":
        return CancellationTerms("deny", "not_active")
    cancel = rules.cancellation or CancellationRules()
    effective, reason, commitment = today, "end_of_day", None
    if cancel.effective == "period_end":
        reason = "trial" if rules.trial and account.plan == rules.trial.plan else "period_end"
        if account.paid_until is not None and account.paid_until > today:
            effective = account.paid_until
    earliest = _commitment_end(cancel.min_months_on_package, cancel.commitment_exempt_plans, account)
    if earliest is not None and earliest > effective:
        effective, reason, commitment = earliest, "commitment", earliest
    return CancellationTerms("ok", reason, effective, *_data_dates(rules, effective), commitment)


def _commitment_end(months: int | None, exempt: Sequence[str], account: Account) -> date | None:
    if not months or account.plan in exempt or account.joined_plan_on is None:
        return None
    return add_months(account.joined_plan_on, months)


def _data_dates(rules: BillingRules, ends_on: date) -> tuple[date | None, date | None]:
    kept = ends_on + timedelta(days=rules.data.kept_days) if rules.data.kept_days is not None else None
    export = ends_on + timedelta(days=rules.data.export_days) if rules.data.export_days is not None else None
    return kept, export


# --- freeze ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FreezeTerms:
    decision: Literal["ok", "deny"]
    reason: str
    months: int = 0
    starts_on: date | None = None
    resumes_on: date | None = None
    year: int | None = None
    allowance: int = 0
    used: int = 0                # freeze months already taken in `year` before this request
    remaining: int = 0           # left in `year` after this freeze (ok) or now (deny)


def freeze_months_by_year(starts_on: date, months: int) -> dict[int, int]:
    """Each frozen month counts against the calendar year it begins in."""
    out: dict[int, int] = {}
    for k in range(months):
        year = add_months(starts_on, k).year
        out[year] = out.get(year, 0) + 1
    return out


def freeze_terms(rules: BillingRules, account: Account, months: int,
                 prior: Sequence[tuple[date, int]], today: date) -> FreezeTerms:
    """Whether `months` of freeze can start at the next billing date, within the yearly allowance.

    One freeze is at most the allowance ("a period of up to 3 months"), and every calendar year it
    touches stays within it. `prior` lists freezes already on record as (start date, months).
    """
    freeze = rules.freeze
    if not freeze.allowed:
        return FreezeTerms("deny", "not_allowed")
    if account.status == "frozen":
        return FreezeTerms("deny", "already_frozen")
    if account.status != "active":
        return FreezeTerms("deny", "not_active")
    if rules.trial is not None and account.plan == rules.trial.plan:
        return FreezeTerms("deny", "trial")
    if account.period not in freeze.periods:
        return FreezeTerms("deny", "period_not_allowed")
    starts = account.paid_until if account.paid_until is not None and account.paid_until >= today else today
    used: dict[int, int] = {}
    for start, count in prior:
        for year, n in freeze_months_by_year(start, count).items():
            used[year] = used.get(year, 0) + n
    allowance = freeze.max_months_per_year
    base = {"months": months, "starts_on": starts, "year": starts.year, "allowance": allowance,
            "used": used.get(starts.year, 0)}
    if months < 1:
        return FreezeTerms("deny", "bad_months", remaining=allowance - base["used"], **base)  # type: ignore[arg-type]
    wanted = freeze_months_by_year(starts, months)
    if months > allowance or any(used.get(year, 0) + n > allowance for year, n in wanted.items()):
        return FreezeTerms("deny", "allowance_exceeded", remaining=max(allowance - base["used"], 0),
                           **base)  # type: ignore[arg-type]
    remaining = allowance - base["used"] - wanted[starts.year]  # type: ignore[operator]
    return FreezeTerms("ok", "ok", resumes_on=add_months(starts, months), remaining=remaining,
                       **base)  # type: ignore[arg-type]


# --- plan change ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class PlanChangeTerms:
    decision: Literal["ok", "deny", "staff"]
    reason: str
    direction: Literal["upgrade", "downgrade", "same"] | None = None
    effective_on: date | None = None
    amount: Decimal | None = None          # to pay now for an immediate upgrade
    steps: tuple[Step, ...] = field(default_factory=tuple)
    commitment_until: date | None = None


def plan_change_terms(rules: BillingRules, account: Account, target: str, today: date) -> PlanChangeTerms:
    """When a change from the current plan to `target` takes effect and what it costs now."""
    change = rules.plan_change
    if change is None:
        return PlanChangeTerms("staff", "no_rule")
    if account.status in INACTIVE:
        return PlanChangeTerms("deny", "not_active")
    if target == account.plan:
        return PlanChangeTerms("deny", "same_plan", "same")
    if target not in change.ranks or account.plan not in change.ranks:
        return PlanChangeTerms("staff", "unranked_plan")
    rank_now, rank_new = change.ranks[account.plan], change.ranks[target]
    direction: Literal["upgrade", "downgrade", "same"] = (
        "upgrade" if rank_new > rank_now else "downgrade" if rank_new < rank_now else "same")
    if direction == "upgrade":
        if change.upgrade == "next_day":
            return PlanChangeTerms("ok", "upgrade_next_day", direction, today + timedelta(days=1))
        amount, steps = _upgrade_difference(rules, account, target, today)
        return PlanChangeTerms("ok", "upgrade_now", direction, today, amount, steps)
    rule = change.downgrade
    if rule == "next_period" and account.paid_until is not None and account.paid_until > today:
        effective, reason = account.paid_until, "next_period"
    else:
        effective, reason = today + timedelta(days=1), "next_day"
    earliest = _commitment_end(change.min_months_on_package, change.commitment_exempt_plans, account)
    if earliest is not None and earliest > effective:
        return PlanChangeTerms("ok", "commitment", direction, earliest, commitment_until=earliest)
    return PlanChangeTerms("ok", reason, direction, effective)


def _upgrade_difference(rules: BillingRules, account: Account, target: str,
                        today: date) -> tuple[Decimal | None, tuple[Step, ...]]:
    """(new price − old price) × days left ÷ days in the billing period, rounded to agorot."""
    old, new = rules.price(account.plan, account.period), rules.price(target, account.period)
    months = PERIOD_MONTHS.get(account.period)
    if old is None or new is None or months is None or account.paid_until is None or account.paid_until <= today:
        return None, ()
    start = account.paid_from or add_months(account.paid_until, -months)
    period_days = (account.paid_until - start).days
    days_left = min((account.paid_until - today).days, period_days)
    if period_days <= 0:
        return None, ()
    amount = to_cents((new - old) * days_left / Decimal(period_days))
    return amount, (Step("upgrade", "difference_pro_rata", (new, old, days_left, period_days), amount),)


# --- trial ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TrialTerms:
    ends_on: date
    days_left: int
    fee: Decimal
    fee_vat_extra: bool
    fee_refundable: bool


def trial_terms(rules: BillingRules, account: Account, started_on: date | None, today: date) -> TrialTerms | None:
    """The trial's end and fee for a customer on the trial plan; None when not on a trial."""
    trial = rules.trial
    if trial is None or account.plan != trial.plan:
        return None
    start = started_on or account.paid_from or today
    ends = start + timedelta(days=trial.days)
    if account.paid_until is not None and started_on is None and account.paid_from is None:
        ends = account.paid_until
    return TrialTerms(ends, max((ends - today).days, 0), to_cents(trial.fee), trial.fee_vat_extra,
                      trial.fee_refundable_once_used)
