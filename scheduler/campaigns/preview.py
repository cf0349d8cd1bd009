"""What a campaign would do, shown before it is scheduled: recipients, segments, cost and who is left out.

The same plan as dispatch (audiences.plan_recipients), so the numbers are the ones that will be spent.
The cost is in billed segments against the account's SMS balance; when it does not cover everyone,
the preview says how many messages fit (policy: sending starts and stops when the balance runs out).
On WhatsApp it says who would get the free text (wrote within the 24-hour window) and who the approved
template, as of now (dispatch decides again per guest at send time); a WhatsApp campaign of a kind with
no template configured is refused, naming the `rsvp.whatsapp_templates.<kind>` key to add.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlmodel import Session, col, select

from bot.core.models import Event, Guest, RsvpAccount, utcnow
from scheduler.campaigns.audiences import LinkMaker, Plan, PlannedMessage, plan_recipients
from scheduler.campaigns.rules import CampaignRules
from scheduler.campaigns.templates import check_template
from scheduler.campaigns.whatsapp import inside_window, last_inbound_by_phone, require_template
from scheduler.segments import billing_segments


def messages_within(plan: Plan, balance: int) -> int:
    """How many recipients, in sending order, the balance pays for (sending stops at the first that does not fit)."""
    return costs_within([message.billed for message in plan.recipients], balance)


def costs_within(costs: Iterable[int], balance: int) -> int:
    """How many of these billed costs, in sending order, the balance pays for; also counts a follow-up's
    queued rows (resend.py)."""
    left, count = balance, 0
    for cost in costs:
        if cost > left:
            break
        left -= cost
        count += 1
    return count


def build_preview(session: Session, *, event: Event, account: RsvpAccount, kind: str, channel: str, template: str,
                  rules: CampaignRules, links: LinkMaker, list_limit: int | None = None,
                  now: datetime | None = None, hidden_ids: frozenset[int] = frozenset()) -> dict[str, Any]:
    """Raises templates.TemplateError for a bad text and whatsapp.MissingTemplate for a kind with no template.

    `hidden_ids`: guests whose answers the free quota hides from the owner. They still get the message
    (a guest who said yes gets the reminder), but the preview never names them nor gives a reason that
    would reveal their answer; it says only how many such guests the plan holds (`hidden_by_quota`)."""
    if template.strip():
        check_template(kind, template)
    require_template(rules, kind, channel)
    sms = channel == "sms"
    # SMS: counted with stand-in links (same segments, each distinct text rendered and counted once); the
    # samples below get their real links. WhatsApp templates carry the link as a variable: the real plan.
    plan = plan_recipients(session, event=event, kind=kind, channel=channel, template=template, rules=rules,
                           links=links, count_only=sms)
    by_template = _by_template(session, event, plan, rules, now or utcnow()) if not sms else set()
    cost = plan.billed_total  # SMS: billed segments; WhatsApp: rsvp.whatsapp_message_cost a message
    billed = [m.billed for m in plan.recipients]
    network = [m.segments for m in plan.recipients]
    samples = _samples(session, event, plan, kind, channel, template, rules, links, real_links=not sms)
    shown = [m for m in plan.recipients if m.guest_id not in hidden_ids]
    shown_skipped = [s for s in plan.skipped if s.guest_id not in hidden_ids]
    recipients = shown if list_limit is None else shown[:list_limit]
    skipped = shown_skipped if list_limit is None else shown_skipped[:list_limit]
    return {
        "event": event.key,
        "kind": kind,
        "channel": channel,
        "recipients_count": len(plan.recipients),
        "recipients": [{"guest_id": m.guest_id, "name": m.name, "phone": m.phone, "language": m.language,
                        "segments": m.segments, "billed_segments": m.billed, "encoding": m.encoding,
                        **({} if sms else _route(m, by_template))}
                       for m in recipients],
        "segments": {
            "billing_rule": (f"{rules.whatsapp_cost} of the balance per WhatsApp message" if not sms
                             else f"{rules.chars_per_segment} characters per segment" if rules.chars_per_segment
                             else "network segments (GSM-7 160/153, UCS-2 70/67)"),
            "per_message_min": min(billed, default=0),
            "per_message_max": max(billed, default=0),
            "network_per_message_max": max(network, default=0),
        },
        "cost_segments": cost,
        "balance": account.sms_balance,
        "enough_balance": cost <= account.sms_balance,
        "shortfall": max(0, cost - account.sms_balance),
        "would_send": messages_within(plan, account.sms_balance),
        "skipped_count": len(shown_skipped),
        "skipped_reasons": plan.skipped_counts(hidden_ids),
        "hidden_by_quota": len(hidden_ids & {m.guest_id for m in (*plan.recipients, *plan.skipped)}),
        "skipped": [{"guest_id": s.guest_id, "name": s.name, "phone": s.phone, "reason": s.reason} for s in skipped],
        "samples": samples,
        **({} if sms else {"whatsapp": _whatsapp_summary(kind, plan, rules, by_template, now or utcnow())}),
    }


def _samples(session: Session, event: Event, plan: Plan, kind: str, channel: str, template: str,
             rules: CampaignRules, links: LinkMaker, *, real_links: bool) -> dict[str, str]:
    """The first recipient's text in each language, with their real link (a count-only plan has stand-ins)."""
    first: dict[str, PlannedMessage] = {}
    for message in plan.recipients:
        first.setdefault(message.language, message)
    if real_links or not first:
        return {lang: message.body for lang, message in first.items()}
    ids = [message.guest_id for message in first.values()]
    found = {g.id: g for g in session.exec(select(Guest).where(col(Guest.id).in_(ids))).all()}
    real = plan_recipients(session, event=event, kind=kind, channel=channel, template=template, rules=rules,
                           links=links, guests=[found[i] for i in ids])
    return {m.language: m.body for m in real.recipients}


def _by_template(session: Session, event: Event, plan: Plan, rules: CampaignRules, now: datetime) -> set[int]:
    """Guest ids that would get the template now: no WhatsApp message from them in the window."""
    last = last_inbound_by_phone(session, event.workspace, (m.phone for m in plan.recipients))
    return {m.guest_id for m in plan.recipients if not inside_window(rules, last.get(m.phone), now)}


def _route(message: PlannedMessage, by_template: set[int]) -> dict[str, Any]:
    if message.guest_id in by_template and message.template is not None:
        return {"by": "template", "content_sid": message.template.content_sid,
                "content_variables": message.template.variables}
    return {"by": "text"}


def _whatsapp_summary(kind: str, plan: Plan, rules: CampaignRules, by_template: set[int],
                      now: datetime) -> dict[str, Any]:
    template = rules.whatsapp_templates[kind]
    samples: dict[str, str] = {}
    for message in plan.recipients:
        if message.template is not None:
            samples.setdefault(message.language, message.template.as_record())
    return {
        "template_key": f"rsvp.whatsapp_templates.{kind}",
        "content_sid": template.sid if isinstance(template.sid, str) else dict(template.sid),
        "variables": list(template.variables),
        "by_template": len(by_template),
        "by_text": len(plan.recipients) - len(by_template),
        "as_of": now.isoformat(),
        "free_text_if_written_within_minutes": int(rules.whatsapp_free_text_for.total_seconds() // 60),
        "template_samples": samples,
    }


def example_message(session: Session, event: Event, *, kind: str, template: str, rules: CampaignRules,
                    links: LinkMaker, stand_in_name: str, hidden_ids: frozenset[int] = frozenset(),
                    ) -> tuple[str, str, int]:
    """The text with a sample guest's values, for a compose preview that has no recipient to show (no
    guests yet, or none this kind goes to): it showed the template itself, '{{ name }}' and all. The
    sample is the event's first guest the owner can see, else `stand_in_name` with a link of the real
    length; the event's own title, date and venue either way. Returns (text, whose values, billed segments)."""
    from scheduler.campaigns.templates import EventValues, render, source_for, values_for
    from scheduler.rsvp.links import SIGNATURE_CHARS, new_token_id

    guest = session.exec(select(Guest).where(Guest.event_id == event.id, col(Guest.id).not_in(hidden_ids))
                         .order_by(col(Guest.id)).limit(1)).first()
    lang = (guest.language if guest else None) or rules.default_language
    if guest is not None:
        name, table, link = guest.name, guest.table_number, links(guest)
    else:
        name, table = stand_in_name, "7"
        link = f"{links.base_url.rstrip('/')}/r/{'x' * (len(new_token_id()) + 1 + SIGNATURE_CHARS)}"
    values = values_for(EventValues.of(event), name, "" if kind == "thank_you" else link, table, lang)
    body = render(source_for(kind, template, lang), values, plural=True)
    return body, name, billing_segments(body, rules.chars_per_segment)
