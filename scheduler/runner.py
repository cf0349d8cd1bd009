"""The APScheduler 3 scheduler: a persistent SQLAlchemy job store and exactly one active instance.

Defaults follow what bites in production: coalesce missed runs, a generous misfire grace (a late
reminder is better than a silently skipped one), one instance per job. On PostgreSQL a session
advisory lock makes a second scheduler process wait instead of running every job twice.

Failover: the active scheduler holds the lock on a connection of its own for as long as it runs.
When its process dies, PostgreSQL ends that session and frees the lock; a standby, which tries
the lock every `wait_seconds`, takes over and runs whatever fell due (misfire grace, coalesce).
The active one also checks its lock connection every `wait_seconds`: if that connection was lost
(a network cut, a server restart), it may no longer hold the lock, so it stops running jobs and
goes back to waiting instead of running beside the new active scheduler.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.schedulers.base import STATE_STOPPED
from sqlalchemy import text
from sqlalchemy.engine import Connection, Engine

log = logging.getLogger("scheduler")
ADVISORY_LOCK_KEY = 72_0505_2026  # any constant shared by every scheduler process of this service
JOB_DEFAULTS = {"coalesce": True, "misfire_grace_time": 6 * 3600, "max_instances": 1}

# Periodic jobs other modules register: (job id, dotted function, seconds between runs).
PERIODIC: list[tuple[str, str, int]] = []


def periodic(job_id: str, func: str, seconds: int) -> None:
    """Declare a recurring job; registered with a fixed id so restarts never duplicate it."""
    PERIODIC[:] = [p for p in PERIODIC if p[0] != job_id] + [(job_id, func, seconds)]


def scheduler_options(engine: Engine) -> dict[str, Any]:
    """This service's job store and defaults, for the running scheduler and for jobs.py's store writer."""
    return {"jobstores": {"default": SQLAlchemyJobStore(engine=engine, tablename="apscheduler_jobs")},
            "executors": {"default": ThreadPoolExecutor(4)}, "job_defaults": JOB_DEFAULTS, "timezone": "UTC"}


class ServiceScheduler(BackgroundScheduler):
    """APScheduler's BackgroundScheduler, minus one round after shutdown: the one workaround, for the running
    scheduler and for the paused one jobs.py starts to write the store from a web request or the CLI.

    Its loop wakes once more when it is shut down and, the state being "stopped" rather than "paused",
    looks for due jobs: it hands them to executors already shut down ("Error submitting job") and then
    fails to remove them (`JobLookupError 'campaign:1'`, raised in the APScheduler thread: a traceback in
    every request that scheduled a campaign "now"). A stopped scheduler has nothing to do: that round is
    skipped, and the job stays in the store for the active scheduler."""

    def _process_jobs(self) -> float | None:
        if self.state == STATE_STOPPED:
            return None
        return super()._process_jobs()  # type: ignore[no-any-return]


def build_scheduler(engine: Engine) -> BackgroundScheduler:
    return ServiceScheduler(**scheduler_options(engine))


@dataclass
class SchedulerService:
    """Starts the scheduler once this process holds the lock; stops it cleanly."""

    engine: Engine
    scheduler: BackgroundScheduler | None = None
    wait_seconds: float = 5.0
    _lock_connection: Connection | None = None
    _stop: threading.Event = field(default_factory=threading.Event)
    _waiter: threading.Thread | None = None
    on_started: list[Callable[[BackgroundScheduler], Any]] = field(default_factory=list)
    on_stopped: list[Callable[[None], Any]] = field(default_factory=list)

    def _try_lock(self) -> bool:
        if self.engine.dialect.name != "postgresql":
            return True  # SQLite is single-host embedded: one process runs the scheduler
        # autocommit: the lock is held by the session, so no transaction stays open for hours
        connection = self.engine.connect().execution_options(isolation_level="AUTOCOMMIT")
        got = connection.execute(text("SELECT pg_try_advisory_lock(:k)"), {"k": ADVISORY_LOCK_KEY}).scalar()
        if got:
            self._lock_connection = connection
            return True
        connection.close()
        return False

    def start(self) -> None:
        if self._try_lock():
            self._start_now()
        else:
            log.info("another scheduler holds the lock; this one waits (standby)")
        self._waiter = threading.Thread(target=self._watch, daemon=True, name="scheduler-lock")
        self._waiter.start()

    def _watch(self) -> None:
        """Standby: try the lock every `wait_seconds`. Active: check the lock is still ours, and
        look at the job store again: jobs that web processes or the CLI wrote there (a campaign
        send, a ticket timer) are otherwise only seen at this scheduler's next planned wake-up."""
        while not self._stop.wait(self.wait_seconds):
            if self.scheduler is None:
                if self._try_lock():
                    log.info("scheduler lock acquired: this scheduler is now active")
                    self._start_now()
            elif not self._still_locked():
                log.error("scheduler lock connection lost: stopping jobs, back to standby")
                self._stand_down()
            elif self.scheduler.running:
                self.scheduler.wakeup()

    def _still_locked(self) -> bool:
        if self.engine.dialect.name != "postgresql":
            return True  # no lock on SQLite: one process, one scheduler
        connection = self._lock_connection
        if connection is None:
            return False
        try:
            connection.execute(text("SELECT 1"))
            return True
        except Exception:  # any failure means the session (and its lock) may be gone
            return False

    def _stand_down(self) -> None:
        scheduler, self.scheduler = self.scheduler, None
        if scheduler is not None and scheduler.running:
            scheduler.shutdown(wait=False)
        for callback in self.on_stopped:
            callback(None)
        if self._lock_connection is not None:
            try:
                self._lock_connection.close()
            except Exception:  # already broken
                log.debug("lock connection already closed")
            self._lock_connection = None

    def _start_now(self) -> None:
        self.scheduler = build_scheduler(self.engine)
        self.scheduler.start()
        for job_id, func, seconds in PERIODIC:
            self.scheduler.add_job(func, "interval", seconds=seconds, id=job_id, replace_existing=True)
        for callback in self.on_started:
            callback(self.scheduler)
        log.info("scheduler started with %d periodic jobs", len(PERIODIC))

    @property
    def active(self) -> bool:
        return self.scheduler is not None and self.scheduler.running

    def stop(self) -> None:
        self._stop.set()
        if self.scheduler is not None and self.scheduler.running:
            self.scheduler.shutdown(wait=False)
        if self._lock_connection is not None:
            self._lock_connection.close()
            self._lock_connection = None
