"""The dashboard's numbers counted in SQL (grouped by status and group, answers by UTC hour folded into
local days) are the numbers counted guest by guest: over the free quota (hidden answers left out), with
groups, children, over-invitations, and answers around local midnight in Israel and in a half-hour zone
(SQLite and PostgreSQL)."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import Session

from bot.core.models import Event
from bot.core.workspaces import Workspace
from scheduler.rsvp import stats as stats_module
from scheduler.rsvp.events import account_of
from scheduler.rsvp.quota import quota_info
from scheduler.rsvp.stats import event_stats
from tests.rsvp.conftest import add_guests, make_event

NOW = datetime(2026, 11, 22, 8, 0, tzinfo=UTC)
STATUSES = ["coming", "coming", "not_coming", "maybe", "message_sent", "not_invited", "no_answer"]


def _fill(session: Session, event: Event, count: int) -> None:
    rng = random.Random(count)
    for i, guest in enumerate(add_guests(session, event, count)):
        guest.status = rng.choice(STATUSES)
        guest.invited_count, guest.party_size = 1 + i % 3, 1 + (i * 7) % 5
        guest.children = i % 3
        guest.group = ["family", "work", None][i % 3]
        if guest.status in ("coming", "not_coming", "maybe"):  # answers near local midnights, over two weeks
            guest.answered_at = NOW - timedelta(days=rng.randint(0, 14), minutes=rng.randint(0, 24 * 60))
    session.flush()


def _same(a: stats_module.EventStats, b: stats_module.EventStats) -> None:
    assert (a.invited, a.invited_people, a.coming, a.coming_people, a.coming_children, a.not_coming, a.maybe,
            a.waiting, a.hidden, a.over_invited) == (b.invited, b.invited_people, b.coming, b.coming_people,
                                                     b.coming_children, b.not_coming, b.maybe, b.waiting, b.hidden,
                                                     b.over_invited)
    assert dict(a.by_status) == dict(b.by_status)
    assert a.groups == b.groups and list(a.groups) == list(b.groups)
    assert a.by_day == b.by_day and list(a.by_day) == list(b.by_day)


@pytest.mark.parametrize("zone", ["Asia/Jerusalem", "Asia/Kolkata"])
@pytest.mark.parametrize("package", [False, True])
def test_sql_counts_equal_the_row_by_row_counts(session: Session, workspace: Workspace, zone: str,
                                                package: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    event = make_event(session, workspace)
    event.timezone = zone
    _fill(session, event, 260)  # a wedding's free quota is 100 answers: most are hidden without a package
    account = account_of(session, event)
    account.package_bought = package
    session.flush()
    info = quota_info(session, workspace, event, account)
    assert (info.hidden > 50) != package
    queries: list[str] = []
    monkeypatch.setattr(stats_module, "_stats_by_rows", lambda *a: queries.append("rows") or None)
    by_sql = event_stats(session, event, info)
    assert queries == []  # the SQL path, not the fallback
    monkeypatch.undo()
    _same(by_sql, stats_module._stats_by_rows(session, event, info))
    assert sum(sum(day.values()) for day in by_sql.by_day.values()) == by_sql.coming + by_sql.not_coming + \
        by_sql.maybe
