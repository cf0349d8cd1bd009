"""Adding one-off jobs by id, from code that does not hold the scheduler object.

Campaign sends and ticket timers are written to the job store through the running scheduler
when there is one in this process; otherwise a scheduler of the same class on the same database is
started paused, writes, and is shut down; the active scheduler process picks the job up. That it
never runs a due job on its way out (APScheduler's loop looks for due jobs once more after shutdown)
is `runner.ServiceScheduler`'s one guard, shared with the running scheduler.
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


@contextmanager
def _writer(engine: Engine | None) -> Iterator[BaseScheduler | None]:
    """The running scheduler, or a paused one on the same job store that only writes and leaves (its thread
    is joined at shutdown; ServiceScheduler skips the round APScheduler runs after it)."""
    if _active is not None:
        yield _active
        return
    if engine is None:
        yield None
        return
    from scheduler.runner import build_scheduler

    scheduler = build_scheduler(engine)
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
