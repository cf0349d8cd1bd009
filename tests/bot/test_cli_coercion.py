"""`bot`'s text and flag parameters are passed on as parsed, without typer's pydantic adapters
(bot.cli.main._plain_values_without_pydantic): a `bot segments` call must not import pydantic, and
every value must still come out as typer's own coercion gives it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Annotated

import click
import pytest
import typer

from bot.cli.main import _plain_values_without_pydantic

ROOT = Path(__file__).resolve().parents[2]


def test_segments_never_imports_pydantic() -> None:
    code = (
        "import sys\nfrom bot.cli.main import app\n"
        "try:\n    app(['segments', '--json', 'שלום'])\nexcept SystemExit:\n    pass\n"
        "print('pydantic' in sys.modules, 'typer._adapters' in sys.modules)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60, check=True
    )
    assert done.stdout.splitlines() == ['{"encoding": "UCS-2", "segments": 1, "units": 4}', "False False"]


def _command() -> click.Command:
    seen: list[object] = []

    def run(
        text: Annotated[str | None, typer.Argument()] = None,
        name: Annotated[str, typer.Option()] = 5,  # type: ignore[assignment]  # not a str: typer's own
        count: Annotated[int, typer.Option()] = 1,
        loud: Annotated[bool, typer.Option("--loud")] = False,
    ) -> None:
        seen.append((text, name, count, loud))

    single = typer.Typer(add_completion=False, pretty_exceptions_enable=False)
    single.command("run")(run)
    command = typer.main.get_command(single)
    command.seen = seen  # type: ignore[attr-defined]
    _plain_values_without_pydantic(command, typer.Context(command))
    return command


def test_values_are_what_typer_gives() -> None:
    command = _command()
    command.main(["hello", "--name", "dana", "--count", "3", "--loud"], standalone_mode=False)
    command.main([], standalone_mode=False)
    assert command.seen == [("hello", "dana", 3, True), (None, "5", 1, False)]  # type: ignore[attr-defined]
    with pytest.raises(typer.BadParameter, match="valid integer"):
        command.main(["--count", "many"], standalone_mode=False)
