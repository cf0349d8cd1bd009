"""`bot demo traffic [--days 7] [--workspace W]`: a week of demo support traffic (development only).

`bot serve` in development runs the same thing once at start-up (after the demo customers), so a
fresh clone's inbox and analytics have something to show; this command is for a chosen workspace
or a longer span. Both refuse a production environment, and both skip a workspace that already has
demo traffic (handlers/demo_traffic.py), so running again adds nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

from bot.cli.common import fail, settings, workspace, workspaces

if TYPE_CHECKING:
    from bot.core.settings import Settings
    from bot.core.workspaces import WorkspaceRegistry
    from handlers.demo_traffic import Summary

app = typer.Typer(help="Demo data for development", no_args_is_help=True)


def write_demo_traffic(config: Settings, registry: WorkspaceRegistry, *, days: int = 7,
                       only: str | None = None) -> Summary:
    """Generate demo traffic against the configured database, under the migration lock (two servers
    starting together write it once)."""
    from datetime import UTC, datetime

    from bot.channels import ConsoleChannel
    from bot.core.db import make_engine, migration_lock
    from handlers.demo_traffic import generate
    from knowledge.registry import KnowledgeRegistry

    engine = make_engine(config.database_url)
    try:
        with migration_lock(config.database_url):
            return generate(engine, list(registry), environment=config.environment, now=datetime.now(UTC),
                            days=days, knowledge=KnowledgeRegistry(config.knowledge_dir), only=only,
                            channel=ConsoleChannel(echo=False))  # ratings asked, nothing leaves
    finally:
        engine.dispose()


def banner_lines(summary: Summary) -> list[str]:
    lines = [f"  Demo traffic:  {n} conversations over the last week in {slug} (contacts 'Demo …', +97250999…)"
             for slug, n in summary.conversations.items()]
    if summary.skipped:
        lines.append("  Demo traffic:  already there in " + ", ".join(summary.skipped))
    return lines


@app.command("traffic")
def traffic(
    days: Annotated[int, typer.Option(min=1, max=60, help="how many past days to spread it over")] = 7,
    workspace_slug: Annotated[str | None, typer.Option("--workspace", help="only this workspace")] = None,
) -> None:
    """Write a week of demo conversations (customers, bot answers, tickets, staff replies); never in production."""
    from bot.core.db import migrate
    from handlers.demo_traffic import DemoTrafficRefused

    config = settings()
    if config.is_production:  # before migrating or opening anything
        raise fail("demo traffic is for development only; it is never written in production")
    if workspace_slug is not None:
        workspace(workspace_slug)  # a clear error for an unknown slug
    migrate(config.database_url)
    try:
        summary = write_demo_traffic(config, workspaces(), days=days, only=workspace_slug)
    except DemoTrafficRefused as exc:
        raise fail(str(exc)) from exc
    console = Console()
    for slug, count in summary.conversations.items():
        console.print(f"{slug}: {count} demo conversations over {days} days")
    for slug in summary.skipped:
        console.print(f"{slug}: already has demo traffic, nothing added")
    if not summary.conversations and not summary.skipped:
        console.print("no demo workspace matched (handlers/demo_traffic.yaml lists them)")
