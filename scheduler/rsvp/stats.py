"""An event's numbers for its owner: invited, coming (with head count), not coming, maybe, not answered,
per group, and answers over time. Answers hidden by the free quota are left out (and counted as hidden),
as everywhere the owner looks (scheduler/rsvp/quota.py).

Counted in SQL: one query grouped by status and group (heads, children, over-invitations summed), one by
status and UTC hour for the chart (hours folded into the event's local days here), so the dashboard of a
5,000-guest event reads a few dozen rows, not 5,000. The free quota hides the counted answers after the
first N (quota.py); the queries leave them out by that rule and check they left out exactly `hidden_ids`,
else (a hand-made QuotaInfo) they count row by row.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import case, func
from sqlmodel import Session, col, select

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
    hidden = _hidden_flag(quota)
    totals = session.exec(
        select(Guest.status, Guest.group, hidden, func.count(), func.sum(Guest.invited_count),
               func.sum(Guest.party_size), func.sum(case((col(Guest.children) < Guest.party_size, Guest.children),
                                                         else_=Guest.party_size)),
               func.sum(case((col(Guest.party_size) > Guest.invited_count, 1), else_=0)))
        .where(Guest.event_id == event.id).group_by(Guest.status, Guest.group, hidden)).all()
    if sum(int(n) for _, _, flag, n, *_ in totals if flag) != quota.hidden:
        return _stats_by_rows(session, event, quota)
    stats = EventStats(hidden=quota.hidden)
    groups: dict[str, GroupStats] = defaultdict(GroupStats)
    for status, group, flag, n, invited, party, children, over in totals:
        if flag:
            continue
        count, g = int(n), groups[group or ""]
        stats.invited += count
        stats.invited_people += int(invited or 0)
        g.invited += count
        stats.by_status[status] += count
        if status == "coming":
            stats.coming += count
            stats.coming_people += int(party or 0)
            stats.coming_children += int(children or 0)
            stats.over_invited += int(over or 0)
            g.coming += count
            g.people += int(party or 0)
        elif status == "not_coming":
            stats.not_coming += count
            g.not_coming += count
        elif status == "maybe":
            stats.maybe += count
            g.maybe += count
        else:
            stats.waiting += count
            g.waiting += count
    stats.groups = dict(sorted(groups.items(), key=lambda item: (item[0] == "", item[0])))
    stats.by_day = _answers_by_day(session, event, hidden)
    return stats


def _hidden_flag(quota: QuotaInfo) -> Any:
    """1 for a guest the quota hides: a counted status at or after the first hidden guest (quota.py's rule)."""
    if not quota.hidden_ids:
        return func.abs(0)  # a constant column every dialect groups by
    return case((col(Guest.status).in_(quota.counted_statuses) & (col(Guest.id) >= min(quota.hidden_ids)), 1),
                else_=0)


def _hour(session: Session) -> Any:
    if session.get_bind().dialect.name == "postgresql":
        return func.to_char(func.timezone("UTC", Guest.answered_at), "YYYY-MM-DD HH24")
    return func.strftime("%Y-%m-%d %H", Guest.answered_at)


def _answers_by_day(session: Session, event: Event, hidden: Any) -> dict[date, Counter[str]]:
    """Answers per local day of the event: counted per UTC hour in SQL, each hour folded into its local day
    (an hour that straddles a local midnight, in a zone with a half-hour offset, is counted row by row)."""
    tz, hour = ZoneInfo(event.timezone), _hour(session)
    answered = (Guest.event_id == event.id, col(Guest.status).in_(ANSWERED), col(Guest.answered_at).is_not(None),
                hidden == 0)
    days: dict[date, Counter[str]] = defaultdict(Counter)
    split: list[str] = []
    for status, bucket, n in session.exec(select(Guest.status, hour, func.count()).where(*answered)
                                          .group_by(Guest.status, hour)).all():
        start = datetime.strptime(bucket, "%Y-%m-%d %H").replace(tzinfo=UTC)
        first, last = start.astimezone(tz).date(), (start + timedelta(minutes=59, seconds=59)).astimezone(tz).date()
        if first == last:
            days[first][status] += int(n)
        else:
            split.append(bucket)
    if split:
        for status, at in session.exec(select(Guest.status, Guest.answered_at).where(*answered,
                                                                                      hour.in_(split))).all():
            assert at is not None
            days[at.astimezone(tz).date()][status] += 1
    return dict(sorted(days.items()))


def _stats_by_rows(session: Session, event: Event, quota: QuotaInfo) -> EventStats:
    """Row by row: for a QuotaInfo whose hidden guests are not the quota's rule (tests make such)."""
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
