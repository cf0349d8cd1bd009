"""subscription_status: the plan, until when it is paid, what it entitles, and anything on record."""

from __future__ import annotations

from bot.core.models import Customer
from bot.core.workspaces import Workspace
from handlers.billing import plan_change
from handlers.billing.charges import charges_of
from handlers.billing.formatting import money
from handlers.billing.policy import trial_terms
from handlers.billing.records import (
    ON_RECORD,
    account_of,
    customer_of,
    local_today,
    not_found,
    plan_name,
    requests_of,
)
from handlers.billing.replies import day_or_dash, squash, with_intent
from handlers.billing.rule_answer import rule_answer
from handlers.billing.texts import days, months, says, text
from handlers.dialogue import flow as dialogue
from handlers.turn import Turn, TurnResult

INTENT = "subscription_status"


def handle(turn: Turn) -> TurnResult | None:
    changed = plan_change.handle(turn)
    if changed is not None:
        return changed
    customer = customer_of(turn)
    if customer is None:
        return with_intent(not_found(turn), INTENT)
    if _asks_of_another_plan(turn, customer):
        return rule_answer(turn)  # None: the FAQ's fallback says it found nothing
    lang, workspace = turn.lang, turn.workspace
    today = local_today(workspace, turn.now)
    parts = [text("status_summary", lang, plan=plan_name(workspace, customer.plan, lang),
                  period=text(f"period.{customer.billing_period}", lang),
                  status=text(f"status.{customer.status}", lang))]
    trial_charge = next((c for c in charges_of(turn.session, customer) if c.period == "trial"), None)
    trial = trial_terms(workspace.billing, account_of(customer), trial_charge.charged_on if trial_charge else None,
                        today)
    if trial is not None and customer.status == "active":
        vat = text("vat_extra", lang) if trial.fee_vat_extra else ""
        parts.append(text("status_trial", lang, date=day_or_dash(trial.ends_on, lang), days=days(trial.days_left, lang),
                          fee=money(trial.fee, workspace.billing.currency, lang), vat=vat))
    elif customer.paid_until is not None:
        parts.append(text("status_paid_until", lang, date=day_or_dash(customer.paid_until, lang)))
    parts.append(_entitlement(workspace, customer, lang))
    parts += _on_record(turn, customer, lang)
    return turn.result(squash(" ".join(p for p in parts if p)), intent=INTENT)


def _asks_of_another_plan(turn: Turn, customer: Customer) -> bool:
    """"если я перейду на Pro, когда с меня спишут?": a question about the account under a change to a plan
    the customer is not on asks that change's rule (`hypothetical` in words.yaml), not today's status."""
    found = dialogue.reading(turn)
    plan = found.entities.plan if found is not None else None
    return plan is not None and plan != customer.plan and says("hypothetical", turn.inbound.text)


def _entitlement(workspace: Workspace, customer: Customer, lang: str) -> str:
    """What the plan gives now; for a lapsed subscription, what would give it again."""
    if customer.status == "suspended":
        return text("status_suspended", lang)
    if customer.status == "frozen":
        return text("status_frozen", lang)
    if customer.status != "active":
        renewal = workspace.billing.renewal_min_months
        extra = text("status_renewal_min", lang, months=months(renewal, lang)) if renewal else ""
        return f"{text('status_not_entitled', lang)} {extra}"
    plan = workspace.plans.get(customer.plan)
    if plan is None or (not plan.human and not plan.bot):
        return text("entitles.none", lang)
    if not plan.human:
        return text("entitles.bot_only", lang)
    if plan.requires_balance:
        return text("entitles.human_balance", lang, balance=money(customer.balance, workspace.billing.currency, lang))
    if plan.after_hours or workspace.hours.always:
        return text("entitles.human_always", lang)
    return text("entitles.human_hours", lang)


def _on_record(turn: Turn, customer: Customer, lang: str) -> list[str]:
    out = []
    for request in requests_of(turn.session, customer, ["cancel", "freeze", "plan_change", "refund"],
                               [*ON_RECORD, "awaiting_staff"]):
        if request.kind == "refund" and request.state != "awaiting_staff":
            continue
        plan = plan_name(turn.workspace, request.details.get("target_plan", ""), lang)
        out.append(text(f"status_pending.{request.kind}", lang, id=request.id,
                        date=day_or_dash(request.effective_from, lang),
                        until=day_or_dash(request.effective_until, lang), plan=plan))
    return out
