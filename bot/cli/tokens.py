"""`bot tokens create|list|revoke`: owner API tokens for a workspace.

The token is printed once, on creation; afterwards only its first characters are shown.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from bot.cli.common import fail, print_json, settings, workspace
from bot.core.auth_tokens import MAX_DAYS, TokenError, create_token, is_active, list_tokens, revoke_token
from bot.core.db import session_scope

app = typer.Typer(help="Owner API tokens (bearer tokens for /api/workspaces/<slug>/...)", no_args_is_help=True)
WorkspaceOpt = Annotated[str, typer.Option("--workspace", "-w", help="Workspace slug")]


def _engine() -> Any:
    from bot.core.db import make_engine, migrate

    config = settings()
    migrate(config.database_url)
    return make_engine(config.database_url)


def _when(value: datetime | None) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC") if value else "-"


@app.command("create")
def create(
    workspace_slug: WorkspaceOpt,
    name: Annotated[str, typer.Option("--name", "-n", help="Who or what uses it, e.g. 'zapier' or 'dana-laptop'")],
    days: Annotated[int, typer.Option("--days", help=f"Days until it expires (1-{MAX_DAYS})")] = 365,
) -> None:
    """Make a new token and print it once (store it now; it cannot be shown again)."""
    ws = workspace(workspace_slug)
    engine = _engine()
    try:
        with session_scope(engine) as session:
            issued = create_token(session, workspace=ws.slug, name=name, days=days, now=datetime.now(UTC))
            expires = issued.row.expires_at
    except TokenError as exc:
        raise fail(str(exc)) from exc
    finally:
        engine.dispose()
    err = Console(stderr=True)
    err.print(f"token '{name}' for workspace '{ws.slug}', expires {_when(expires)}. "
              "It is shown only now; use it as: Authorization: Bearer <token>")
    print(issued.secret)


@app.command("list")
def list_(workspace_slug: WorkspaceOpt, as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """Tokens of a workspace: name, prefix, created, expires, last used, state (never the token)."""
    ws = workspace(workspace_slug)
    engine = _engine()
    now = datetime.now(UTC)
    try:
        with session_scope(engine) as session:
            rows = list_tokens(session, ws.slug)
    finally:
        engine.dispose()

    def state(row: Any) -> str:
        if row.revoked_at is not None:
            return "revoked"
        return "active" if is_active(row, now) else "expired"

    if as_json:
        for row in rows:
            print_json({"name": row.name, "prefix": row.prefix, "created": row.created_at.isoformat(),
                        "expires": row.expires_at.isoformat(),
                        "last_used": row.last_used_at.isoformat() if row.last_used_at else None,
                        "state": state(row)})
        return
    table = Table("name", "prefix", "created", "expires", "last used", "state")
    for row in rows:
        table.add_row(row.name, row.prefix + "…", _when(row.created_at), _when(row.expires_at),
                      _when(row.last_used_at), state(row))
    Console().print(table if rows else f"no tokens yet: bot tokens create --workspace {ws.slug} --name <who>")


@app.command("revoke")
def revoke(
    workspace_slug: WorkspaceOpt,
    which: Annotated[str, typer.Argument(help="The token's name or its prefix as `list` shows it")],
) -> None:
    """Revoke a token at once: the next request with it gets 403."""
    ws = workspace(workspace_slug)
    engine = _engine()
    try:
        with session_scope(engine) as session:
            row = revoke_token(session, workspace=ws.slug, which=which, now=datetime.now(UTC))
            name = row.name
    except TokenError as exc:
        raise fail(str(exc)) from exc
    finally:
        engine.dispose()
    Console().print(f"revoked token '{name}' of workspace '{ws.slug}'")
