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


# annotation -> the one type a value already parsed for it has: str | None and Optional[str] are
# different objects that compare equal, so one entry covers both.
_PLAIN: dict[Any, type] = {str: str, str | None: str, bool: bool, bool | None: bool}


def _plain_values_without_pydantic(command: click.Command, ctx: click.Context, *, recurse: bool = True) -> None:
    """Typer (from 0.28) coerces every value through a pydantic TypeAdapter that it builds on first
    use, even for a value it then leaves as None: importing pydantic and building the adapters was
    ~0.13 s of a `bot segments` call's ~0.27 s CPU. Those adapters give back a `str` or a `bool`
    unchanged when the parameter is one, so such parameters get a coercion that returns the value as
    it is and hands anything else to typer's own (built then, only then). The help option counts
    too (`get_params` makes it once, with `ctx`'s names, which a subcommand's context inherits).
    Older typers have no such hook and are left alone."""
    try:
        from typer._coercion import RuntimeParam, build_runtime_param
    except ImportError:
        return

    class AsParsed(RuntimeParam):
        """A value already of the parameter's plain type stays as it is; others go to typer."""

        def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
            if type(value) is _PLAIN[self.annotation]:
                return value
            return build_runtime_param(param.type_descriptor)._coerce_value(value, param=param, ctx=ctx)

    for param in command.get_params(ctx):
        descriptor = getattr(param, "type_descriptor", None)
        if (descriptor is None or getattr(param, "_runtime_param", False) is not None
                or descriptor.annotation not in _PLAIN or descriptor.file_annotation is not None
                or descriptor.parameter_info.parser is not None or descriptor.is_choice):
            continue
        param._runtime_param = AsParsed(parameter_info=descriptor.parameter_info,  # type: ignore[attr-defined]
                                        annotation=descriptor.annotation)
    for sub in getattr(command, "commands", {}).values() if recurse else ():
        _plain_values_without_pydantic(sub, ctx)


def _click_command(name: str, ctx: click.Context) -> click.Command | None:
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
    _plain_values_without_pydantic(command, ctx)
    return command


class LazyGroup(TyperGroup):
    """A click group that imports a command's module only when that command is asked for."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return [*super().list_commands(ctx), *(n for n in COMMANDS if n not in self.commands)]

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        _plain_values_without_pydantic(self, ctx, recurse=False)  # `bot`'s own --help
        return super().parse_args(ctx, args)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        found = super().get_command(ctx, cmd_name)
        if found is None and cmd_name in COMMANDS:
            found = _click_command(cmd_name, ctx)
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
