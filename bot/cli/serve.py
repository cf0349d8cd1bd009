"""`bot serve` and `bot migrate`: run the server (what `make run` starts) and upgrade the schema."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

import typer
from rich.console import Console

from bot.cli.common import settings, workspaces
from bot.core.settings import Settings
from bot.core.workspaces import WorkspaceRegistry


def migrate() -> None:
    """Upgrade the database schema to the newest revision."""
    from bot.core.db import migrate as run

    run(settings().database_url)
    Console().print("database is at the newest revision")


def serve(
    host: Annotated[str, typer.Option(help="Interface to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port")] = 8000,
    workers: Annotated[int, typer.Option(help="Worker processes (PostgreSQL for more than one)")] = 1,
) -> None:
    """Migrate, load the workspaces and their indexes, and serve HTTP."""
    import gc

    gc.disable()  # start-up makes almost no garbage; resumed when ready (bot.readiness._resume_collection)
    import uvicorn

    from bot.core.db import migrate as run
    from bot.core.logs import configure_logging
    from bot.readiness import warm_knowledge

    config = settings()
    configure_logging(config.log_level, config.log_json)
    registry = workspaces()
    _refuse_unsafe_production(config, registry)
    run(config.database_url)
    _refuse_unsafe_production(config, registry, with_database=True)
    # Built once here (or read from the index cache): every worker then only loads the files.
    warm_knowledge(config, [w.slug for w in registry])
    console = Console()
    base = f"http://{host}:{port}"
    console.print(f"[bold green]Serving {len(registry)} workspaces[/bold green] on {base}")
    console.print(f"  API docs:      {base}/docs")
    console.print(f"  Health:        {base}/healthz (alive), {base}/readyz (ready for traffic)")
    console.print("  Chat:          .venv/bin/bot chat --workspace msg-software")
    console.print(f"  Channel:       {config.channel} (outgoing messages are printed, nothing leaves)"
                  if config.channel == "console" else f"  Channel:       {config.channel}")
    for line in [*_extra_banner_lines(config, registry, base), *_demo_customer_lines(config, registry)]:
        console.print(line, soft_wrap=True)
    cancel = _demo_traffic_after_ready(config, registry, host, port, workers, console)
    if workers > 1:
        gc.enable()  # this process only supervises; each worker's start-up does its own pausing
    try:
        uvicorn.run("bot.main:app", host=host, port=port, workers=workers, proxy_headers=True,
                    log_config=None, factory=False)
    finally:
        cancel()  # never started (the server did not get ready): nothing is left waiting


def _refuse_unsafe_production(config: Settings, registry: WorkspaceRegistry, *, with_database: bool = False) -> None:
    """Stop with the list of what to set, before anything listens (see bot.security.production)."""
    from bot.core.db import make_engine
    from bot.security.production import UnsafeProduction, production_problems

    engine = make_engine(config.database_url) if with_database and config.is_production else None
    try:
        problems = production_problems(config, registry, engine)
    finally:
        if engine is not None:
            engine.dispose()
    if problems:  # one problem a line, unwrapped, so it reads the same in a terminal and in a log
        Console(stderr=True).print(f"[red]error:[/red] {UnsafeProduction(problems)}", soft_wrap=True,
                                   highlight=False)
        raise typer.Exit(2)


def _extra_banner_lines(config: Settings, registry: WorkspaceRegistry, base: str) -> list[str]:
    """The demo RSVP link, in development only (a demo event and guest are created once, idempotently).

    Never in production: demo rows do not belong in a real database, and a live link is a
    credential that must not land in a terminal scroll-back or a log collector.
    """
    from datetime import UTC, datetime

    from bot.core.db import make_engine, migration_lock, session_scope
    from scheduler.rsvp.demo import ensure_demo_event

    if config.environment != "development" or registry.by_slug("event-rsvp") is None:
        return []
    from bot.console.demo import banner_lines

    engine = make_engine(config.database_url)
    try:  # under the migration lock: two servers starting together create the demo rows once
        with migration_lock(config.database_url):
            with session_scope(engine) as session:
                link = ensure_demo_event(session, registry, datetime.now(UTC),
                                         secret=config.secret_key.get_secret_value(), base_url=base)
            lines = banner_lines(config, registry, base)
    finally:
        engine.dispose()
    return [f"  Demo RSVP link: {link}", *lines]


def scheduler() -> None:
    """Run only the scheduler (campaigns, ticket timers, retention): one per deployment."""
    import signal
    import threading

    from bot.core.db import migrate as run
    from bot.core.logs import configure_logging
    from bot.scheduling import install_runtime
    from bot.services import build_services
    from scheduler import jobs
    from scheduler.runner import SchedulerService

    config = settings()
    configure_logging(config.log_level, config.log_json)
    _refuse_unsafe_production(config, workspaces())
    run(config.database_url)
    _refuse_unsafe_production(config, workspaces(), with_database=True)
    services = build_services(config.model_copy(update={"scheduler_enabled": False}))
    install_runtime(services)
    service = SchedulerService(engine=services.engine)
    service.on_started.append(jobs.set_active)
    service.on_stopped.append(jobs.set_active)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    service.start()
    Console().print("scheduler running (waits on the PostgreSQL advisory lock if another one is active)")
    stop.wait()
    service.stop()


def _demo_customer_lines(config: Settings, registry: WorkspaceRegistry) -> list[str]:
    """One demo customer per plan of each workspace (bot/cli/demo_customers.py), development only."""
    from datetime import UTC, datetime

    from bot.cli.demo_customers import banner_lines, ensure_demo_customers
    from bot.core.db import make_engine, session_scope

    if config.environment != "development":
        return []
    engine = make_engine(config.database_url)
    try:
        with session_scope(engine) as session:
            listed = ensure_demo_customers(session, registry, datetime.now(UTC))
    finally:
        engine.dispose()
    return banner_lines(listed)


# Ready first, demo traffic a moment later: the readiness probe and a developer's first page are
# answered before it takes its share of the CPU.
DEMO_TRAFFIC_DELAY = 1.0


def _demo_traffic_lines(config: Settings, registry: WorkspaceRegistry) -> list[str]:
    """Write development's week of demo traffic once (skipped where it is already there): its banner lines."""
    from bot.cli.demo import banner_lines, write_demo_traffic

    if config.environment != "development":
        return []
    return banner_lines(write_demo_traffic(config, registry))


def _demo_traffic_after_ready(config: Settings, registry: WorkspaceRegistry, host: str, port: int, workers: int,
                              console: Console) -> Callable[[], None]:
    """Development's demo traffic (80 conversations through the real pipeline, about a quarter of a
    first start) is written after the server is ready, in the background, not before it listens:
    the server takes traffic without waiting for it, and a restart skips it (one transaction a
    workspace, under the migration lock, so it is all there or not at all). One worker: this process
    serves, and its lifespan starts it (bot.readiness.after_ready); more: this process only
    supervises and writes it once a worker answers /readyz. Never outside development. Returns a
    function that cancels it if it has not started."""
    import threading

    if config.environment != "development":
        return lambda: None
    stopped = threading.Event()

    def write() -> None:
        if stopped.wait(DEMO_TRAFFIC_DELAY):
            return
        for line in _demo_traffic_lines(config, registry):
            console.print(line, soft_wrap=True)

    if workers == 1:
        from bot.readiness import after_ready

        cancel = after_ready(write)

        def stop() -> None:
            stopped.set()
            cancel()

        return stop

    def when_a_worker_is_ready() -> None:
        while not stopped.wait(0.5):
            if _answers_ready(host, port):
                write()
                return

    threading.Thread(target=when_a_worker_is_ready, name="demo-traffic", daemon=True).start()
    return stopped.set


def _answers_ready(host: str, port: int) -> bool:
    from http.client import HTTPConnection

    connection = HTTPConnection("127.0.0.1" if host in ("0.0.0.0", "::", "") else host, port, timeout=2)
    try:
        connection.request("GET", "/readyz")
        return connection.getresponse().status == 200
    except OSError:
        return False
    finally:
        connection.close()
