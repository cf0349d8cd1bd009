"""An event's numbers for its owner: invited, coming (with head count), not coming, maybe, not answered,
per group, and answers over time. Answers hidden by the free quota are left out (and counted as hidden),
as everywhere the owner looks (scheduler/rsvp/quota.py).

One query of five columns, so the dashboard of a 5,000-guest event stays fast.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from zoneinfo import ZoneInfo

from sqlmodel import Session, select

from bot.core.models import Event, Guest
from scheduler.rsvp.quota import QuotaInfo

ANSWERED = ("coming", "not_coming", "maybe")
WAITING = ("not_invited", "message_sent", "no_answer", "interested")


@dataclass
class GroupStats:
    invited: int = 0
    coming: int = 0
    people: int = 0
    not_coming: int = 0
    maybe: int = 0
    waiting: int = 0


@dataclass
class EventStats:
    invited: int = 0                      # guest rows (invitations)
    invited_people: int = 0               # people the invitations are for
    coming: int = 0
    coming_people: int = 0
    coming_children: int = 0
    not_coming: int = 0
    maybe: int = 0
    waiting: int = 0                      # no answer yet (not invited, invited, no answer)
    by_status: Counter[str] = field(default_factory=Counter)
    hidden: int = 0
    over_invited: int = 0                 # coming with more people than invited
    groups: dict[str, GroupStats] = field(default_factory=dict)
    by_day: dict[date, Counter[str]] = field(default_factory=dict)  # local day of the latest answer


def event_stats(session: Session, event: Event, quota: QuotaInfo) -> EventStats:
    rows = session.exec(select(Guest.id, Guest.status, Guest.party_size, Guest.invited_count, Guest.group,
                               Guest.answered_at, Guest.children).where(Guest.event_id == event.id)).all()
    tz = ZoneInfo(event.timezone)
    stats = EventStats(hidden=quota.hidden)
    groups: dict[str, GroupStats] = defaultdict(GroupStats)
    days: dict[date, Counter[str]] = defaultdict(Counter)
    for guest_id, status, party, invited, group, answered_at, children in rows:
        if guest_id in quota.hidden_ids:
            continue
        g = groups[group or ""]
        stats.invited += 1
        stats.invited_people += invited
        g.invited += 1
        stats.by_status[status] += 1
        if status == "coming":
            stats.coming += 1
            stats.coming_people += party
            stats.coming_children += min(children, party)
            stats.over_invited += party > invited
            g.coming += 1
            g.people += party
        elif status == "not_coming":
            stats.not_coming += 1
            g.not_coming += 1
        elif status == "maybe":
            stats.maybe += 1
            g.maybe += 1
        else:
            stats.waiting += 1
            g.waiting += 1
        if status in ANSWERED and answered_at is not None:
            days[answered_at.astimezone(tz).date()][status] += 1
    stats.groups = dict(sorted(groups.items(), key=lambda item: (item[0] == "", item[0])))
    stats.by_day = dict(sorted(days.items()))
    return stats
