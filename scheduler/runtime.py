"""What timed jobs run against, set by the process that starts the scheduler.

APScheduler jobs are pickled into the job store, so they carry ids only; the engine, the
workspaces and the way out (channel, staff notifier) are looked up here when the job runs.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.engine import Engine


@dataclass
class JobContext:
    engine: Engine
    workspaces: Any               # bot.core.workspaces.WorkspaceRegistry
    channel: Any                  # bot.channels.OutputChannel
    clock: Callable[[], datetime] = lambda: datetime.now(UTC)
    public_base_url: str = ""
    extras: dict[str, Any] = field(default_factory=dict)  # e.g. staff notifier

    def now(self) -> datetime:
        return self.clock()


_context: JobContext | None = None


def install(context: JobContext) -> None:
    global _context
    _context = context


def context() -> JobContext:
    if _context is None:
        raise RuntimeError("scheduler runtime not installed: start the scheduler through bot.scheduling")
    return _context
