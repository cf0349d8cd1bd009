"""The `billing:` section of a workspace YAML: the money and date rules of its own policy.

Every group is optional because the five businesses have different policies: a workspace that
says nothing about freezing has no freeze rule, and the bot then refers the customer to a person
instead of inventing one. Amounts are Decimal (written as strings in YAML so no float creeps in).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

Period = Literal["monthly", "quarterly", "annual", "one-time", "trial"]
PERIOD_MONTHS: dict[str, int] = {"monthly": 1, "quarterly": 3, "annual": 12}


class _Strict(BaseModel):
    """Unknown keys are typos in owner-edited files: refuse them rather than ignore them."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class TrialRules(_Strict):
    """A paid trial: `days` long, `fee` (plus VAT when `fee_vat_extra`); the fee is final once used."""

    plan: str = "trial"
    days: int = Field(gt=0)
    fee: Decimal = Decimal("0")
    fee_vat_extra: bool = False
    fee_refundable_once_used: bool = False


class RefundRules(_Strict):
    """What money comes back, and when. `window_days` counts calendar days from the charge date."""

    window_days: int | None = Field(default=None, ge=0)   # None: the policy gives no refund window
    fee_percent: Decimal = Field(default=Decimal("0"), ge=0, le=100)
    fee_cap: Decimal | None = Field(default=None, ge=0)   # in the workspace currency
    annual_pro_rata: bool = False                         # after the window: remaining whole months / 12
    pro_rata_minus_fee: bool = True
    # Charges of these periods are final once the service or an update was delivered.
    final_once_delivered: list[Period] = Field(default_factory=list)
    # A customer in one of these statuses gets no refund (e.g. suspended for breaking the terms).
    no_refund_statuses: list[str] = Field(default_factory=lambda: ["suspended"])
    # A charge no rule above decides: pass it to staff without a promise, or refuse it.
    otherwise: Literal["staff", "deny"] = "staff"
    approval_business_days: int | None = None
    card_business_days: int | None = None
    transfer_business_days: int | None = None
    # The knowledge-base topic whose rule a refund with no charge on record follows, by the period the
    # customer says they pay for (`monthly`, `annual`, ...) or `charge_error` for a charge made in error:
    # the bot quotes that rule rather than whatever retrieval finds nearest ("годовой, не месячный").
    topics: dict[Literal["monthly", "quarterly", "annual", "one-time", "trial", "charge_error"], str] = \
        Field(default_factory=dict)

    @property
    def period_topics(self) -> dict[str, str]:
        """The rule topic of each billing period: `topics` without the charge-error one."""
        return {kind: topic for kind, topic in self.topics.items() if kind != "charge_error"}

    @property
    def charge_error_topic(self) -> str | None:
        return self.topics.get("charge_error")


class CancellationRules(_Strict):
    """When a cancellation takes effect and what written confirmation the policy promises."""

    effective: Literal["period_end", "end_of_day"] = "period_end"
    # Commitment: cancelling only this long after joining the last package used (remote-support);
    # plans listed in `commitment_exempt_plans` have no commitment.
    min_months_on_package: int | None = Field(default=None, ge=0)
    commitment_exempt_plans: list[str] = Field(default_factory=list)
    confirmation_business_days: int | None = None         # written (e-mail) confirmation within N business days


class DataRules(_Strict):
    """After the subscription ends: kept `kept_days`, exportable for `export_days`."""

    kept_days: int | None = Field(default=None, ge=0)
    export_days: int | None = Field(default=None, ge=0)


class FreezeRules(_Strict):
    allowed: bool = False
    max_months_per_year: int = Field(default=0, ge=0)   # per calendar year, in the workspace time zone
    periods: list[Period] = Field(default_factory=lambda: ["monthly"])  # billing periods that may freeze


class PlanChangeRules(_Strict):
    """Upgrades and downgrades. `ranks` orders plans (higher is bigger); equal ranks change freely."""

    upgrade: Literal["immediate_pro_rata_days", "next_day"] = "immediate_pro_rata_days"
    downgrade: Literal["next_period", "next_day"] = "next_period"
    min_months_on_package: int | None = Field(default=None, ge=0)  # a downgrade waits this long after joining
    commitment_exempt_plans: list[str] = Field(default_factory=list)
    ranks: dict[str, int] = Field(default_factory=dict)


class BillingRules(_Strict):
    """The whole section; `prices` are list prices per plan and period, for plan-change quotes."""

    currency: str = Field(default="ILS", pattern=r"^[A-Z]{3}$")
    prices: dict[str, dict[Period, Decimal]] = Field(default_factory=dict)
    trial: TrialRules | None = None
    refund: RefundRules | None = None
    # None: the policy sets no cancellation terms (an event's one-time package, a service without a
    # subscription); a cancellation is then answered with the knowledge base's rule, none invented.
    cancellation: CancellationRules | None = None
    data: DataRules = DataRules()
    freeze: FreezeRules = FreezeRules()
    plan_change: PlanChangeRules | None = None
    renewal_min_months: int | None = Field(default=None, ge=1)   # renewing after a lapse commits this long
    confirm_within_minutes: int = Field(default=60, gt=0)        # a yes/no must come this soon

    @field_validator("prices")
    @classmethod
    def _positive_prices(cls, value: dict[str, dict[str, Decimal]]) -> dict[str, dict[str, Decimal]]:
        for plan, periods in value.items():
            for period, amount in periods.items():
                if amount < 0:
                    raise ValueError(f"price of {plan}/{period} is negative")
        return value

    @model_validator(mode="after")
    def _freeze_needs_allowance(self) -> BillingRules:
        if self.freeze.allowed and self.freeze.max_months_per_year < 1:
            raise ValueError("freeze.allowed needs freeze.max_months_per_year of at least 1")
        return self

    def price(self, plan: str, period: str) -> Decimal | None:
        return self.prices.get(plan, {}).get(period)  # type: ignore[call-overload]
