"""The `bot` command: assembles each command module (also `python -m bot`).

Commands are imported when they run, not when `bot` starts: `bot ask` or `bot segments` must not
pay for the campaign, event and server modules (SQLAlchemy, the models, uvicorn) it never uses.
`COMMANDS` names where each one lives; `bot --help` imports them all to list them.
"""

from __future__ import annotations

import importlib
import importlib.util
import os
import sys
from typing import Any

import click
import typer
from typer.core import TyperGroup

# name -> (module, attribute): a function becomes a command, a typer.Typer a group of commands.
COMMANDS: dict[str, tuple[str, str]] = {
    "serve": ("bot.cli.serve", "serve"),
    "migrate": ("bot.cli.serve", "migrate"),
    "scheduler": ("bot.cli.serve", "scheduler"),
    "chat": ("bot.cli.chat", "chat"),
    "ask": ("bot.cli.ask", "ask"),
    "segments": ("bot.cli.segments", "segments"),
    "test-conversations": ("bot.cli.stories", "test_conversations"),
    "kb": ("bot.cli.kb", "app"),
    "customers": ("bot.cli.customers", "app"),
    "events": ("bot.cli.events", "app"),
    "guests": ("bot.cli.events", "guests_app"),
    "campaigns": ("bot.cli.campaigns", "app"),
    "credit": ("bot.cli.credit", "app"),
    "tokens": ("bot.cli.tokens", "app"),
    "users": ("bot.cli.users", "app"),
    "retention": ("bot.cli.campaigns", "retention"),
    "demo": ("bot.cli.demo", "app"),
}


def _click_command(name: str) -> click.Command | None:
    module, attribute = COMMANDS[name]
    if importlib.util.find_spec(module) is None:  # a command module not in this checkout
        return None
    target: Any = getattr(importlib.import_module(module), attribute)
    if isinstance(target, typer.Typer):
        command = typer.main.get_group(target)
    else:
        single = typer.Typer(add_completion=False, pretty_exceptions_enable=False)
        single.command(name)(target)
        command = typer.main.get_command(single)
    command.name = name
    return command


class LazyGroup(TyperGroup):
    """A click group that imports a command's module only when that command is asked for."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return [*super().list_commands(ctx), *(n for n in COMMANDS if n not in self.commands)]

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        found = super().get_command(ctx, cmd_name)
        if found is None and cmd_name in COMMANDS:
            found = _click_command(cmd_name)
            if found is not None:
                self.commands[cmd_name] = found
        return found


_quick_exit = False


def exit_without_teardown() -> None:
    """Called by a command that has printed everything and holds nothing to close (`bot ask`): the
    process then ends at once instead of freeing every object it built. Freeing a loaded knowledge
    base's index costs `bot ask` as much as reading it (~0.04 s of a 0.25 s call)."""
    global _quick_exit
    _quick_exit = True


class QuickExitTyper(typer.Typer):
    """`bot` as a program (`python -m bot`, the `bot` script): a successful command that asked for it
    (`exit_without_teardown`) ends with `os._exit` once stdout and stderr are flushed. Tests invoke
    the click command (typer.testing.CliRunner), never this, so their process is never cut short."""

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        try:
            return super().__call__(*args, **kwargs)
        except SystemExit as done:
            if _quick_exit and done.code in (None, 0):
                try:
                    sys.stdout.flush()
                    sys.stderr.flush()
                except OSError:  # a closed pipe: let the ordinary exit report it
                    raise done from None
                os._exit(0)
            raise


app = QuickExitTyper(cls=LazyGroup, no_args_is_help=True, pretty_exceptions_enable=False, add_completion=False)


@app.callback()
def main() -> None:
    """Messaging back office: support bot and RSVP messenger."""
