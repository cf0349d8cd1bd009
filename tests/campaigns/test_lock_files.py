"""SQLite dispatch lock files (scheduler/campaigns/locks.py) are removed by retention once their campaign is
done, cancelled or deleted, never while a dispatcher holds them, and never so that two dispatchers get in.
Real files and real flock in tmp_path, real processes for the crash case; nothing of the lock is mocked."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import update
from sqlalchemy.engine import Engine

from bot.channels import ConsoleChannel
from bot.core.models import Campaign, CampaignState
from bot.core.settings import ROOT
from scheduler.campaigns.locks import dispatch_lock, remove_idle_lock_file
from scheduler.campaigns.retention import purge, remove_finished_lock_files
from tests.campaigns.factories import event_rsvp, make_event, many_guests
from tests.campaigns.helpers import dispatcher, new_campaign
from tests.conftest import FixedClock
from tests.utils.databases import migrated_engine

NOW = datetime(2026, 11, 22, 8, 0, tzinfo=UTC)   # Sunday 10:00 in Israel; retention is 183 days
OLD = datetime(2026, 3, 1, 18, 0, tzinfo=UTC)

HOLDER = """
import sys, time
from bot.core.db import make_engine
from scheduler.campaigns.locks import dispatch_lock
with dispatch_lock(make_engine(sys.argv[1]), int(sys.argv[2])) as mine:
    print("held" if mine else "busy", flush=True)
    time.sleep(120)
"""


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Engine]:
    """A SQLite database of its own (lock files live next to it; PostgreSQL uses advisory locks)."""
    yield from migrated_engine("sqlite", tmp_path)


def lock_path(engine: Engine, campaign_id: int) -> Path:
    return Path(f"{engine.url.database}.campaign-{campaign_id}.lock")


def touch_lock(engine: Engine, campaign_id: int) -> Path:
    """Leave the file behind the way every dispatch does: take the lock and let it go."""
    with dispatch_lock(engine, campaign_id) as mine:
        assert mine
    path = lock_path(engine, campaign_id)
    assert path.exists()
    return path


def set_state(engine: Engine, campaign_id: int, state: str) -> None:
    with engine.begin() as connection:
        connection.execute(update(Campaign).where(Campaign.id == campaign_id).values(state=state))  # type: ignore[arg-type]


def try_lock(engine: Engine, campaign_id: int) -> bool:
    with dispatch_lock(engine, campaign_id) as mine:
        return mine


def start_holder(engine: Engine, campaign_id: int) -> subprocess.Popen[str]:
    process = subprocess.Popen([sys.executable, "-c", HOLDER, str(engine.url), str(campaign_id)], cwd=ROOT,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert process.stdout is not None
    assert process.stdout.readline().strip() == "held", process.stderr.read() if process.stderr else ""
    return process


def kill(process: subprocess.Popen[str]) -> None:
    process.send_signal(signal.SIGKILL)   # a crash: the kernel drops the flock, nothing cleans up
    process.wait(timeout=30)
    for stream in (process.stdout, process.stderr):
        if stream is not None:
            stream.close()


def test_retention_removes_lock_files_of_done_cancelled_and_deleted_campaigns_only(db: Engine) -> None:
    clock = FixedClock(NOW)
    _, event_id = make_event(db)
    many_guests(db, event_id, 2)
    done = new_campaign(db, event_id)
    assert dispatcher(db, ConsoleChannel(echo=False), clock).dispatch(done).outcome == "done"
    cancelled = new_campaign(db, event_id, "reminder", state=CampaignState.cancelled)
    assert dispatcher(db, ConsoleChannel(echo=False), clock).dispatch(cancelled).outcome == "closed"
    deleted = 4242                                   # no such campaign (deleted by hand, or never existed)
    keep = {"scheduled": new_campaign(db, event_id, "reminder"),
            "draft": new_campaign(db, event_id, "reminder", state=CampaignState.draft),
            "sending": new_campaign(db, event_id, "reminder", state=CampaignState.sending)}  # its dispatcher died
    for campaign_id in [done, cancelled, deleted, *keep.values()]:
        touch_lock(db, campaign_id)
    directory = lock_path(db, done).parent
    strangers = [directory / "other.db.campaign-1.lock", Path(f"{db.url.database}.campaign-x.lock")]
    for stranger in strangers:
        stranger.write_text("")

    assert purge(db, [event_rsvp()], NOW, dry_run=True) == []
    assert all(lock_path(db, c).exists() for c in (done, cancelled, deleted)), "a dry run removes nothing"

    assert purge(db, [event_rsvp()], NOW, dry_run=False) == []   # no event expired: the files go anyway
    assert not lock_path(db, done).exists()
    assert not lock_path(db, cancelled).exists()
    assert not lock_path(db, deleted).exists()
    assert all(lock_path(db, c).exists() for c in keep.values()), "scheduled/draft/sending keep theirs"
    assert all(stranger.exists() for stranger in strangers), "only this database's campaign-<id>.lock files"
    assert remove_finished_lock_files(db) == 0

    # a later dispatch of a finished campaign still works (and simply makes the file again)
    assert dispatcher(db, ConsoleChannel(echo=False), clock).dispatch(done).outcome == "closed"


def test_purge_removes_the_lock_files_of_the_campaigns_it_deletes(db: Engine) -> None:
    clock = FixedClock(datetime(2026, 2, 26, 8, 0, tzinfo=UTC))  # a Thursday morning before the old event
    _, old = make_event(db, key="old", starts_at=OLD)
    many_guests(db, old, 2, status="coming")
    reminder = new_campaign(db, old, "reminder")
    assert dispatcher(db, ConsoleChannel(echo=False), clock).dispatch(reminder).outcome == "done"
    stuck = new_campaign(db, old, "thank_you", state=CampaignState.sending)   # would have been resumed
    touch_lock(db, stuck)
    assert lock_path(db, reminder).exists()

    assert [e.key for e in purge(db, [event_rsvp()], NOW, dry_run=False)] == ["old"]
    assert not lock_path(db, reminder).exists()
    assert not lock_path(db, stuck).exists(), "its campaign row is gone with the event"


def test_a_lock_a_live_dispatcher_holds_is_never_removed(db: Engine) -> None:
    _, event_id = make_event(db)
    campaign_id = new_campaign(db, event_id, state=CampaignState.done)
    with dispatch_lock(db, campaign_id) as mine:
        assert mine
        assert remove_finished_lock_files(db) == 0
        assert lock_path(db, campaign_id).exists()
        assert not try_lock(db, campaign_id), "the holder keeps its exclusivity"
    assert remove_finished_lock_files(db) == 1
    assert not lock_path(db, campaign_id).exists()


def test_crash_and_restart_keep_one_dispatcher_per_campaign(db: Engine) -> None:
    _, event_id = make_event(db)
    sending = new_campaign(db, event_id, state=CampaignState.sending)
    cancelled_while_sending = new_campaign(db, event_id, "reminder", state=CampaignState.sending)
    first = start_holder(db, sending)
    second = start_holder(db, cancelled_while_sending)
    try:
        set_state(db, cancelled_while_sending, CampaignState.cancelled)   # the owner cancels; it still sends
        inode = lock_path(db, sending).stat().st_ino

        assert remove_finished_lock_files(db) == 0, "both files are held by live processes"
        assert not try_lock(db, sending) and not try_lock(db, cancelled_while_sending)

        kill(first)                      # the dispatcher of a campaign still `sending` crashes
        kill(second)                     # so does the one of the cancelled campaign
        assert remove_finished_lock_files(db) == 1
        assert not lock_path(db, cancelled_while_sending).exists()
        assert lock_path(db, sending).stat().st_ino == inode, "a sending campaign keeps its file for the restart"

        restarted = start_holder(db, sending)   # the restart takes the same file's lock...
        try:
            assert not try_lock(db, sending)    # ...and is the only dispatcher again
            assert remove_finished_lock_files(db) == 0
        finally:
            kill(restarted)
    finally:
        for process in (first, second):
            if process.poll() is None:
                kill(process)


def test_unlinking_while_dispatchers_race_never_lets_two_in(db: Engine, tmp_path: Path) -> None:
    """Dispatcher threads take and drop one campaign's lock over and over while a remover unlinks the file
    whenever it is free. A dispatcher that opened the file just before an unlink must not count as holding
    the lock next to one that made the new file: each holder claims a marker with O_EXCL while inside."""
    campaign_id = 77
    marker = tmp_path / "inside"
    stop = threading.Event()
    violations: list[str] = []
    entries = [0]
    removals = [0]
    guard = threading.Lock()

    def dispatch_loop() -> None:
        while not stop.is_set():
            time.sleep(0.0003)  # leave the file free now and then, for the remover
            with dispatch_lock(db, campaign_id) as mine:
                if not mine:
                    continue
                try:
                    descriptor = os.open(marker, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
                except FileExistsError:
                    violations.append("two dispatchers held the lock at once")
                    continue
                os.close(descriptor)
                with guard:
                    entries[0] += 1
                time.sleep(0.0002)
                os.unlink(marker)

    def remove_loop() -> None:
        while not stop.is_set():
            if remove_idle_lock_file(db, campaign_id, lambda: True):
                with guard:
                    removals[0] += 1

    threads = [threading.Thread(target=dispatch_loop) for _ in range(4)] + [threading.Thread(target=remove_loop)]
    for thread in threads:
        thread.start()
    time.sleep(2.0)
    stop.set()
    for thread in threads:
        thread.join(timeout=30)
    assert violations == []
    assert entries[0] > 50 and removals[0] > 50, (entries, removals)
