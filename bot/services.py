"""Long-lived collaborators of the running service, built in the lifespan and closed there."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.engine import Engine

from bot.channels import OutputChannel, build_channel
from bot.core.db import make_engine
from bot.core.settings import Settings
from bot.core.workspaces import WorkspaceRegistry, load_workspaces

Clock = Callable[[], datetime]


def system_clock() -> datetime:
    return datetime.now(UTC)


@dataclass
class Services:
    settings: Settings
    engine: Engine
    workspaces: WorkspaceRegistry
    channel: OutputChannel
    knowledge: Any = None          # knowledge.kb.KnowledgeRegistry
    answerer: Any = None           # knowledge.llm answerer when an OpenAI key is set
    clock: Clock = system_clock
    extras: dict[str, Any] = field(default_factory=dict)  # scheduler, telegram, ...

    def now(self) -> datetime:
        return self.clock()


def build_services(settings: Settings, *, engine: Engine | None = None, channel: OutputChannel | None = None,
                   clock: Clock | None = None) -> Services:
    """Everything the doors need; tests pass their own engine, channel and clock."""
    from bot.core import limits
    from knowledge.registry import KnowledgeRegistry

    limits.configure(settings)

    services = Services(
        settings=settings,
        engine=engine or make_engine(settings.database_url, pool_size=settings.database_pool_size,
                                     max_overflow=settings.database_max_overflow,
                                     prepared_statements=settings.database_prepared_statements),
        workspaces=load_workspaces(settings.workspaces_dir),
        channel=channel or build_channel(settings),
        knowledge=KnowledgeRegistry(settings.knowledge_dir),
        clock=clock or system_clock,
    )
    if settings.openai_enabled:
        services.answerer = build_answerer(settings)
    if settings.scheduler_enabled:
        from bot.scheduling import attach_scheduler

        attach_scheduler(services)
    return services


def build_answerer(settings: Settings) -> Any:
    from knowledge.llm import GroundedAnswerer

    return GroundedAnswerer(api_key=settings.openai_api_key.get_secret_value(),
                            base_url=settings.openai_base_url or None, model=settings.openai_model,
                            embedding_model=settings.openai_embedding_model,
                            timeout=settings.openai_timeout_seconds)
