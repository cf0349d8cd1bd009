"""Group commit on SQLite (`write_scope(group=True)`, the webhook's turn): turns queued together share
one COMMIT (one fsync), and still none returns before the COMMIT that holds its work; a unit that
raises loses only its own work; a COMMIT that fails fails every unit of its group."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import event, text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError

from bot.core import db
from bot.core.db import make_engine, write_scope

UNITS = 6
COMMITS: list[int] = []


@pytest.fixture
def engine(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Engine]:
    monkeypatch.setattr(db, "GROUP_MAX_SECONDS", 30.0)  # a loaded test machine must not split the group
    engine = make_engine(f"sqlite:///{tmp_path / 'group.db'}")
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE item (id INTEGER PRIMARY KEY, name TEXT UNIQUE NOT NULL)"))
    event.listen(engine, "commit", lambda _conn: COMMITS.append(1))
    COMMITS.clear()
    yield engine
    engine.dispose()


def _names(engine: Engine) -> set[str]:
    """What another connection sees: committed rows only."""
    with engine.connect() as connection:
        return {row[0] for row in connection.execute(text("SELECT name FROM item"))}


def _run_together(engine: Engine, unit) -> dict[int, BaseException | set[str]]:  # type: ignore[no-untyped-def]
    """UNITS grouped writers; the first holds the lock until all the others queue behind it. Each
    records what a fresh connection sees right after its scope returned (or the error it raised)."""
    outcome: dict[int, BaseException | set[str]] = {}
    writer = db._writer(engine)

    def run(index: int) -> None:
        try:
            with write_scope(engine, group=True) as session:
                if index == 0:
                    deadline = time.monotonic() + 30
                    while writer.grouped_waiting < UNITS - 1 and time.monotonic() < deadline:
                        time.sleep(0.005)
                unit(session, index)
            outcome[index] = _names(engine)
        except BaseException as exc:  # noqa: BLE001 (recorded for the assertions)
            outcome[index] = exc

    first = threading.Thread(target=run, args=(0,))
    first.start()
    while not writer.lock.locked():
        time.sleep(0.001)
    others = [threading.Thread(target=run, args=(i,)) for i in range(1, UNITS)]
    for thread in others:
        thread.start()
    for thread in [first, *others]:
        thread.join(60)
    return outcome


def _insert(session, index: int) -> None:  # type: ignore[no-untyped-def]
    session.execute(text("INSERT INTO item (name) VALUES (:n)"), {"n": f"unit-{index}"})


def test_units_queued_together_share_one_commit_and_return_only_once_it_is_on_disk(engine: Engine) -> None:
    outcome = _run_together(engine, _insert)
    everything = {f"unit-{i}" for i in range(UNITS)}
    assert _names(engine) == everything
    for index in range(UNITS):  # each saw its own row committed the moment its scope returned
        seen = outcome[index]
        assert isinstance(seen, set) and f"unit-{index}" in seen, (index, seen)
    assert len(COMMITS) < UNITS  # grouped: fewer COMMITs (fsyncs) than units


@pytest.mark.parametrize("failing", [0, 2])  # the group's first unit (no savepoint) and a later one
def test_a_unit_that_raises_loses_only_its_own_work(engine: Engine, failing: int) -> None:
    def unit(session, index: int) -> None:  # type: ignore[no-untyped-def]
        _insert(session, index)
        if index == failing:
            raise ValueError("a bug in this turn")

    outcome = _run_together(engine, unit)
    assert isinstance(outcome[failing], ValueError)
    assert _names(engine) == {f"unit-{i}" for i in range(UNITS) if i != failing}


def test_a_failed_commit_fails_every_unit_of_the_group(engine: Engine) -> None:
    failed = []

    def refuse(_conn) -> None:  # type: ignore[no-untyped-def]
        if not failed:
            failed.append(1)
            raise OperationalError("COMMIT", None, Exception("disk I/O error"))  # type: ignore[arg-type]

    event.listen(engine, "commit", refuse)
    outcome = _run_together(engine, _insert)
    event.remove(engine, "commit", refuse)
    lost = [i for i, seen in outcome.items() if isinstance(seen, OperationalError)]
    assert lost, outcome  # the first group's units were told, none returned as if stored
    stored = _names(engine)
    for index in outcome:
        assert (f"unit-{index}" in stored) == (index not in lost)


def test_another_writer_commits_an_open_group_before_its_own_work(engine: Engine) -> None:
    """A plain write_scope never runs inside a group's transaction: it commits the group first."""
    writer = db._writer(engine)
    with writer.lock:
        writer.group = db._open_group(engine, writer, None)
        _insert_conn = writer.group.connection
        _insert_conn.execute(text("INSERT INTO item (name) VALUES ('grouped')"))
        writer.group.turns = 1
    with write_scope(engine) as session:
        assert "grouped" in _names(engine)
        session.execute(text("INSERT INTO item (name) VALUES ('plain')"))
    assert _names(engine) == {"grouped", "plain"}


@pytest.mark.parametrize("group", [False, True])
def test_busy_backoff_ends_once_a_writer_gets_the_lock(engine: Engine, group: bool) -> None:
    """A short-wait writer that timed out on another process's lock makes the next ones spool at once
    for a moment; once any writer has the lock again (the database came back), none may skip it."""
    writer = db._writer(engine)
    writer.busy_until = time.monotonic() + 60  # a timeout just happened
    with pytest.raises(db.DatabaseBusy), write_scope(engine, busy_ms=50, group=group):
        pass
    with write_scope(engine) as session:  # the reply worker, which waits as long as it must
        session.connection().execute(text("INSERT INTO item (name) VALUES ('worker')"))
    with write_scope(engine, busy_ms=50, group=group) as session:
        session.connection().execute(text("INSERT INTO item (name) VALUES ('webhook')"))
    assert _names(engine) == {"worker", "webhook"}
