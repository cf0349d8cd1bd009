"""How the bot and the people did, per day of the workspace's calendar: plain SQL aggregates.

Every count is one GROUP BY over an indexed workspace column and a time range, bucketed by UTC hour
in the database (so both SQLite and PostgreSQL do the counting) and folded into the workspace's local
days here: at most 24 buckets a day, never one Python step per message. Response and resolution times
are medians over the period's tickets (far fewer than messages), read as two timestamps each.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from statistics import median
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import func
from sqlmodel import Session, col, select

from bot.core.models import Contact, Conversation, Direction, Message, SatisfactionSurvey, Ticket
from bot.core.workspaces import Workspace

PERIODS = (7, 30)
TOP = 8
QUEUED = "queued"  # Ticket.handoff of a request that came outside business hours
SERIES = ("inbound", "outbound", "conversations", "deflected", "handed", "queued", "unanswered", "opt_outs",
          "ratings")


@dataclass
class Report:
    days: list[date]
    series: dict[str, list[int]]
    totals: dict[str, int]
    first_response_minutes: float | None = None
    resolution_minutes: float | None = None
    topics: list[tuple[str, int]] = field(default_factory=list)
    languages: list[tuple[str, int]] = field(default_factory=list)
    csat_average: float | None = None
    csat_asked: int = 0

    def rate(self, part: str, whole: str) -> float | None:
        """`part` as a share of `whole` over the period (None when there is no whole)."""
        return self.totals[part] / self.totals[whole] if self.totals[whole] else None


def _hour(session: Session, column: Any) -> Any:
    if session.get_bind().dialect.name == "postgresql":
        return func.to_char(func.timezone("UTC", column), "YYYY-MM-DD HH24")
    return func.strftime("%Y-%m-%d %H", column)


def _by_day(session: Session, zone: ZoneInfo, column: Any, since: datetime, until: datetime,
            *where: Any) -> Counter[date]:
    """Rows per local day: counted per UTC hour in SQL, the hours folded into days here."""
    bucket = _hour(session, column)
    rows = session.exec(select(bucket, func.count()).where(*where, column >= since, column < until)
                        .group_by(bucket)).all()
    days: Counter[date] = Counter()
    for hour, count in rows:
        at = datetime.strptime(hour, "%Y-%m-%d %H").replace(tzinfo=UTC)
        days[at.astimezone(zone).date()] += int(count)
    return days


def _grouped(session: Session, key: Any, since: datetime, until: datetime, *where: Any) -> list[tuple[str, int]]:
    rows = session.exec(select(key, func.count()).where(*where, col(Message.created_at) >= since,
                                                        col(Message.created_at) < until, key.is_not(None))
                        .group_by(key).order_by(func.count().desc()).limit(TOP)).all()
    return [(str(k), int(n)) for k, n in rows]


def _minutes(pairs: list[tuple[datetime, datetime | None]]) -> float | None:
    spans = [(end - start).total_seconds() / 60 for start, end in pairs if end is not None]
    return round(median(spans), 1) if spans else None


def build(session: Session, workspace: Workspace, now: datetime, days: int = 7) -> Report:
    """The last `days` local days up to today, for one workspace."""
    zone = ZoneInfo(workspace.timezone)
    today = now.astimezone(zone).date()
    calendar = [today - timedelta(days=n) for n in range(days - 1, -1, -1)]
    since = datetime.combine(calendar[0], time(), zone).astimezone(UTC)
    until = datetime.combine(today + timedelta(days=1), time(), zone).astimezone(UTC)
    ws, at = workspace.slug, col(Message.created_at)
    inbound = (Message.workspace == ws, Message.direction == Direction.inbound)
    has_ticket = select(Ticket.id).where(Ticket.conversation_id == Conversation.id).exists()
    counted: dict[str, Counter[date]] = {
        "inbound": _by_day(session, zone, at, since, until, *inbound),
        "outbound": _by_day(session, zone, at, since, until, Message.workspace == ws,
                            Message.direction == Direction.outbound),
        "unanswered": _by_day(session, zone, at, since, until, *inbound, Message.intent == "unknown"),
        "conversations": _by_day(session, zone, col(Conversation.created_at), since, until,
                                 Conversation.workspace == ws),
        "deflected": _by_day(session, zone, col(Conversation.created_at), since, until,
                             Conversation.workspace == ws, ~has_ticket),
        "handed": _by_day(session, zone, col(Ticket.created_at), since, until, Ticket.workspace == ws),
        "queued": _by_day(session, zone, col(Ticket.created_at), since, until, Ticket.workspace == ws,
                          Ticket.handoff == QUEUED),
        "opt_outs": _by_day(session, zone, col(Contact.opted_out_at), since, until, Contact.workspace == ws),
        "ratings": _by_day(session, zone, col(SatisfactionSurvey.answered_at), since, until,
                           SatisfactionSurvey.workspace == ws),
    }
    series = {name: [counted[name][d] for d in calendar] for name in SERIES}
    report = Report(days=calendar, series=series, totals={name: sum(v) for name, v in series.items()})
    tickets = session.exec(select(Ticket.created_at, Ticket.first_response_at, Ticket.closed_at).where(
        Ticket.workspace == ws, col(Ticket.created_at) >= since, col(Ticket.created_at) < until)).all()
    report.first_response_minutes = _minutes([(t[0], t[1]) for t in tickets])
    report.resolution_minutes = _minutes([(t[0], t[2]) for t in tickets])
    report.topics = _grouped(session, col(Message.topic), since, until, *inbound)
    report.languages = _grouped(session, col(Message.language), since, until, *inbound)
    rated = session.exec(select(func.avg(SatisfactionSurvey.rating)).where(
        SatisfactionSurvey.workspace == ws, col(SatisfactionSurvey.answered_at) >= since,
        col(SatisfactionSurvey.answered_at) < until)).one()
    report.csat_average = round(float(rated), 2) if rated is not None else None
    report.csat_asked = int(session.exec(select(func.count()).select_from(SatisfactionSurvey).where(
        SatisfactionSurvey.workspace == ws, col(SatisfactionSurvey.asked_at) >= since,
        col(SatisfactionSurvey.asked_at) < until)).one())
    return report
