"""What staff see on Telegram about billing requests, written in the workspace's first language.

Staff need the customer's number to act, so it is in the alert text (alerts are not logs).
"""

from __future__ import annotations

from bot.core.models import Charge, Customer, SubscriptionRequest
from bot.core.workspaces import Workspace
from handlers.billing.formatting import expression, money
from handlers.billing.policy import RefundQuote
from handlers.billing.records import plan_name
from handlers.billing.replies import day_or_dash
from handlers.billing.texts import text
from handlers.turn import StaffAlert


def _period(customer: Customer, lang: str) -> str:
    return text(f"period.{customer.billing_period}", lang)


def charge_label(charge: Charge, lang: str) -> str:
    label = text(f"period.{charge.period}", lang)
    return f"{label}, {charge.description}" if charge.description else label


def refund_alert(workspace: Workspace, customer: Customer, charge: Charge | None, quote: RefundQuote,
                 request: SubscriptionRequest) -> StaffAlert:
    """The approve / reject alert; `SubscriptionRequest.id` is what the buttons must carry."""
    lang = workspace.default_language
    if quote.decision == "quote" and charge is not None:
        body = "\n".join(f"{text(f'step.{s.label}', lang)}: {expression(s, lang, charge.currency)}"
                         for s in quote.steps)
    else:
        body = text("staff_no_quote", lang, reason=quote.reason)
    alert_text = text(
        "staff_refund", lang, id=request.id, name=customer.name or "", phone=customer.phone,
        plan=plan_name(workspace, customer.plan, lang), period=_period(customer, lang),
        amount=money(charge.amount, charge.currency, lang) if charge else "—",
        date=day_or_dash(charge.charged_on if charge else None, lang),
        what=charge_label(charge, lang) if charge else "—", quote=body,
    )
    return StaffAlert(kind="refund", text=alert_text, buttons=True)


def notice(workspace: Workspace, customer: Customer, request: SubscriptionRequest) -> StaffAlert:
    """A recorded cancellation / freeze / plan change, for staff to carry out in the billing system."""
    lang = workspace.default_language
    until = f" – {day_or_dash(request.effective_until, lang)}" if request.effective_until else ""
    plan = request.details.get("target_plan") or customer.plan
    alert_text = text("staff_notice", lang, kind=text(f"kind.{request.kind}", lang), id=request.id,
                      name=customer.name or "", phone=customer.phone, plan=plan_name(workspace, plan, lang),
                      date=day_or_dash(request.effective_from, lang), until=until)
    return StaffAlert(kind="notice", text=alert_text)
