"""Adding one-off jobs by id, from code that does not hold the scheduler object.

Campaign sends and ticket timers are written to the job store through the running scheduler
when there is one in this process; otherwise a plain SQLAlchemy job store on the same database is
used, which the active scheduler process picks up.

That store is reached through a `StoreWriter`: a scheduler with no thread, which never looks for due
jobs. A paused BackgroundScheduler was used before, but its loop runs one round when it is shut down
(state "stopped", not "paused"): it found the due jobs (a campaign sent "now"), handed them to an
executor already shut down, then failed to remove them (`JobLookupError 'campaign:1'`), killing its
thread with a traceback in every web request or CLI command that scheduled or cancelled a campaign.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any

from apscheduler.jobstores.base import JobLookupError
from apscheduler.schedulers.base import BaseScheduler
from sqlalchemy.engine import Engine

_active: BaseScheduler | None = None


def set_active(scheduler: BaseScheduler | None) -> None:
    global _active
    _active = scheduler


def active() -> BaseScheduler | None:
    return _active


class StoreWriter(BaseScheduler):
    """A scheduler that only adds and removes jobs in the store: started paused, no loop, so it never
    runs a job nor looks for due ones (the active scheduler process does)."""

    def wakeup(self) -> None:
        """Nothing to wake: there is no loop."""

    def shutdown(self, wait: bool = True) -> None:
        """Closes the store and executors; there is no thread to join (abstract in BaseScheduler)."""
        super().shutdown(wait)


@contextmanager
def _writer(engine: Engine | None) -> Iterator[BaseScheduler | None]:
    """The running scheduler, or a paused one on the same job store that only writes and leaves."""
    if _active is not None:
        yield _active
        return
    if engine is None:
        yield None
        return
    from scheduler.runner import scheduler_options

    scheduler = StoreWriter(**scheduler_options(engine))
    scheduler.start(paused=True)
    try:
        yield scheduler
    finally:
        scheduler.shutdown(wait=False)


def schedule_once(job_id: str, func: str, run_at: datetime, args: list[Any], engine: Engine | None = None) -> bool:
    """Schedule `func(*args)` at `run_at` under a fixed id (replacing one with the same id)."""
    with _writer(engine) as scheduler:
        if scheduler is None:
            return False
        scheduler.add_job(func, "date", run_date=run_at, args=args, id=job_id, replace_existing=True)
        return True


def cancel(job_id: str, engine: Engine | None = None) -> bool:
    with _writer(engine) as scheduler:
        if scheduler is None:
            return False
        try:
            scheduler.remove_job(job_id)
        except JobLookupError:  # already ran or never existed
            return False
        return True
