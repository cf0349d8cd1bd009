"""Running the scheduler inside the web process (the default) or as `bot scheduler` on its own."""

from __future__ import annotations

from typing import Any

import scheduler.subscription_jobs  # noqa: F401  (each job module registers its periodic jobs)
import scheduler.support_jobs  # noqa: F401
from bot.services import Services
from handlers.delivery import LISTENERS
from scheduler import campaigns, jobs, runtime
from scheduler.runner import SchedulerService


def install_runtime(services: Services) -> None:
    """Give timed jobs the engine, workspaces and the way out of this process."""
    campaigns.install(LISTENERS)  # the sweeper, retention and the outbox's delivery listener
    runtime.install(runtime.JobContext(
        engine=services.engine, workspaces=services.workspaces, channel=services.channel,
        clock=services.clock, public_base_url=services.settings.public_base_url, extras=services.extras,
    ))


def attach_scheduler(services: Services) -> None:
    """Start the scheduler with the app's lifespan and stop it with it."""

    async def start(_: Services) -> None:
        install_runtime(services)
        service = SchedulerService(engine=services.engine)
        service.on_started.append(jobs.set_active)
        service.on_stopped.append(jobs.set_active)
        service.start()
        services.extras["scheduler"] = service

    async def stop(_: Services) -> None:
        service: Any = services.extras.pop("scheduler", None)
        if service is not None:
            jobs.set_active(None)
            service.stop()

    services.extras.setdefault("on_start", []).append(start)
    services.extras.setdefault("on_stop", []).append(stop)
