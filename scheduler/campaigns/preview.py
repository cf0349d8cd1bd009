"""What a campaign would do, shown before it is scheduled: recipients, segments, cost and who is left out.

The same plan as dispatch (audiences.plan_recipients), so the numbers are the ones that will be spent.
The cost is in billed segments against the account's SMS balance; when it does not cover everyone,
the preview says how many messages fit (policy: sending starts and stops when the balance runs out).
"""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from bot.models import Event, RsvpAccount
from scheduler.campaigns.audiences import LinkMaker, Plan, plan_recipients
from scheduler.campaigns.rules import CampaignRules
from scheduler.campaigns.templates import check_template


def messages_within(plan: Plan, balance: int) -> int:
    """How many recipients, in sending order, the balance pays for (sending stops at the first that does not fit)."""
    left, count = balance, 0
    for message in plan.recipients:
        if message.billed > left:
            break
        left -= message.billed
        count += 1
    return count


def build_preview(session: Session, *, event: Event, account: RsvpAccount, kind: str, channel: str, template: str,
                  rules: CampaignRules, links: LinkMaker, list_limit: int | None = None) -> dict[str, Any]:
    if template.strip():
        check_template(kind, template)
    plan = plan_recipients(session, event=event, kind=kind, channel=channel, template=template, rules=rules,
                           links=links)
    sms = channel == "sms"
    cost = plan.billed_total if sms else 0
    billed = [m.billed for m in plan.recipients]
    network = [m.segments for m in plan.recipients]
    samples: dict[str, str] = {}
    for message in plan.recipients:
        samples.setdefault(message.language, message.body)
    recipients = plan.recipients if list_limit is None else plan.recipients[:list_limit]
    skipped = plan.skipped if list_limit is None else plan.skipped[:list_limit]
    return {
        "event": event.key,
        "kind": kind,
        "channel": channel,
        "recipients_count": len(plan.recipients),
        "recipients": [{"guest_id": m.guest_id, "name": m.name, "phone": m.phone, "language": m.language,
                        "segments": m.segments, "billed_segments": m.billed, "encoding": m.encoding}
                       for m in recipients],
        "segments": {
            "billing_rule": (f"{rules.chars_per_segment} characters per segment" if rules.chars_per_segment
                             else "network segments (GSM-7 160/153, UCS-2 70/67)"),
            "per_message_min": min(billed, default=0),
            "per_message_max": max(billed, default=0),
            "network_per_message_max": max(network, default=0),
        },
        "cost_segments": cost,
        "balance": account.sms_balance if sms else None,
        "enough_balance": (cost <= account.sms_balance) if sms else True,
        "shortfall": max(0, cost - account.sms_balance) if sms else 0,
        "would_send": messages_within(plan, account.sms_balance) if sms else len(plan.recipients),
        "skipped_count": len(plan.skipped),
        "skipped_reasons": plan.skipped_counts(),
        "skipped": [{"guest_id": s.guest_id, "name": s.name, "phone": s.phone, "reason": s.reason} for s in skipped],
        "samples": samples,
    }
