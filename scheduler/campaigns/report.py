"""The send report of a campaign: who got it, who did not and why (policy: "the send report shows
who received and who did not"), with counts that always add up to the audience's outbox rows.

Rows in state `excluded` (guests outside the kind's audience when the dispatcher first saw them; they
are kept only so that guests added later can be told apart) are not part of the counts or the rows;
the report gives their number as `not_in_audience`."""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlmodel import Session, col

from bot.core.models import Campaign, Event, Guest, OutboxItem, OutboxState
from scheduler.campaigns.delivery_words import why

STATES = [s.value for s in OutboxState if s != OutboxState.excluded]


def _all_state_counts(session: Session, campaign_id: int) -> dict[str, int]:
    rows = session.execute(select(OutboxItem.state, func.count()).where(OutboxItem.campaign_id == campaign_id)
                           .group_by(OutboxItem.state)).all()
    return {state: int(n) for state, n in rows}


def _audience_counts(every: dict[str, int]) -> dict[str, int]:
    counts = dict.fromkeys(STATES, 0)
    counts.update({state: n for state, n in every.items() if state != OutboxState.excluded})
    return counts


def state_counts(session: Session, campaign_id: int) -> dict[str, int]:
    """Rows by state for the campaign's audience (`excluded` rows left out)."""
    return _audience_counts(_all_state_counts(session, campaign_id))


def _by(session: Session, campaign_id: int, column: Any, state: str) -> dict[str, int]:
    rows = session.execute(select(column, func.count()).where(OutboxItem.campaign_id == campaign_id,
                                                              OutboxItem.state == state).group_by(column)).all()
    return {str(key or "unspecified"): int(n) for key, n in rows}


def _iso(value: datetime | None, tz: ZoneInfo | None = None) -> str | None:
    """ISO time, in the event's zone when given (owners typed it in Israel time; UTC would confuse them)."""
    if value is None:
        return None
    return value.astimezone(tz).isoformat() if tz else value.isoformat()


def _words(session: Session, campaign_id: int, state: str, lang: str) -> dict[str, int]:
    """The rows of one state counted by the sentence that says why (codes and reasons in words)."""
    rows = session.execute(select(OutboxItem.reason, OutboxItem.error_code, func.count()).where(
        OutboxItem.campaign_id == campaign_id, OutboxItem.state == state)
        .group_by(OutboxItem.reason, OutboxItem.error_code)).all()
    counted: Counter[str] = Counter()
    for reason, code, n in rows:
        counted[why(reason, code, lang) or state] += int(n)
    return dict(counted.most_common())


def campaign_report(session: Session, campaign: Campaign, *, include_rows: bool = True,
                    lang: str = "en") -> dict[str, Any]:
    """Counts by state and reason, billed segments, and (optionally) one line per guest.

    Only a delivery the provider confirmed counts as received; a message that left without a receipt
    yet is `sent_unconfirmed`. Reasons and provider codes are also given in words in `lang`.
    """
    assert campaign.id is not None
    event = session.get(Event, campaign.event_id)
    tz = ZoneInfo(event.timezone) if event else None
    every = _all_state_counts(session, campaign.id)
    counts = _audience_counts(every)
    total = sum(counts.values())
    charged = session.execute(select(func.coalesce(func.sum(OutboxItem.charged), 0))
                              .where(OutboxItem.campaign_id == campaign.id)).scalar_one()
    report: dict[str, Any] = {
        "campaign": campaign_summary(campaign, tz),
        "total": total,
        "counts": counts,
        "received": counts["delivered"],
        "sent_unconfirmed": counts["sent"],   # left, no delivery receipt (yet)
        "not_received": counts["failed"] + counts["skipped"],
        "uncertain": counts["unknown"],       # interrupted mid-send; never resent automatically
        "outstanding": counts["queued"] + counts["sending"],
        "skipped_reasons": _by(session, campaign.id, OutboxItem.reason, OutboxState.skipped),
        "failed_reasons": _by(session, campaign.id, OutboxItem.error_code, OutboxState.failed),
        "skipped_why": _words(session, campaign.id, OutboxState.skipped, lang),
        "failed_why": _words(session, campaign.id, OutboxState.failed, lang),
        "uncertain_why": _words(session, campaign.id, OutboxState.unknown, lang),
        "billed_segments": int(charged),
        "not_in_audience": every.get(OutboxState.excluded, 0),   # guests the kind is not for (not in total)
    }
    if include_rows:
        rows = session.execute(
            select(OutboxItem, Guest.name).join(Guest, col(Guest.id) == col(OutboxItem.guest_id))
            .where(OutboxItem.campaign_id == campaign.id, OutboxItem.state != OutboxState.excluded)
            .order_by(col(OutboxItem.id))).all()
        report["rows"] = [{"guest_id": item.guest_id, "name": name, "phone": item.phone, "state": item.state,
                           "reason": item.reason, "error_code": item.error_code,
                           "why": why(item.reason, item.error_code, lang), "segments": item.segments,
                           "text": item.body, "sent_at": _iso(item.sent_at, tz),
                           "delivered_at": _iso(item.delivered_at, tz)}
                          for item, name in rows]
    return report


def campaign_summary(campaign: Campaign, tz: ZoneInfo | None = None) -> dict[str, Any]:
    """The campaign's facts; times in the event's zone when `tz` is given (as the owner typed them)."""
    return {"id": campaign.id, "workspace": campaign.workspace, "event_id": campaign.event_id, "kind": campaign.kind,
            "channel": campaign.channel, "template": campaign.template or None,
            "send_at": _iso(campaign.send_at, tz), "state": campaign.state, "state_reason": campaign.state_reason,
            "started_at": _iso(campaign.started_at, tz), "finished_at": _iso(campaign.finished_at, tz),
            "created_at": _iso(campaign.created_at, tz), "resend_of": campaign.resend_of}
