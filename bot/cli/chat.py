"""`bot chat`: talk to a workspace's bot in the terminal, through the real pipeline and database."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console

from bot.cli.common import fail, settings, workspace
from bot.core.phones import InvalidPhone, normalize_phone


def chat(
    workspace_slug: Annotated[str, typer.Option("--workspace", "-w", help="Workspace slug")] = ...,  # type: ignore[assignment]
    sender: Annotated[str, typer.Option("--from", help="Your phone number")] = "+972502345678",
) -> None:
    """Chat with the bot; an empty line or Ctrl-D ends."""
    from bot import inbound
    from bot.core.db import migrate
    from bot.services import build_services
    from handlers.turn import Inbound

    ws = workspace(workspace_slug)
    try:
        phone = normalize_phone(sender).e164
    except InvalidPhone as exc:
        raise fail(f"--from: {exc}") from exc
    config = settings()
    migrate(config.database_url)
    services = build_services(config)
    console = Console()
    console.print(f"[bold]{ws.name}[/bold] — you are {phone}. Empty line to quit.")
    while True:
        try:
            line = console.input("[cyan]you>[/cyan] ")
        except (EOFError, KeyboardInterrupt):
            break
        if not line.strip():
            break
        result = inbound.receive(services, Inbound(workspace=ws.slug, sender=phone, text=line, channel="console"))
        if result is None:
            continue
        meta = f"intent={result.intent} topic={result.topic} lang={result.lang} handoff={result.handoff}"
        console.print(f"[dim]{meta}[/dim]")
        if result.reply:
            console.print(f"bot> {result.reply}", markup=False, style="green")
    services.engine.dispose()
