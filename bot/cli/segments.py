"""`bot segments`: count SMS segments exactly as Twilio bills them."""

from __future__ import annotations

from typing import Annotated

import typer

from bot.cli.common import fail, json_lines_from_stdin, print_json
from scheduler.segments import count_segments


def segments(
    text: Annotated[str | None, typer.Argument(help="The message text")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object")] = False,
    stdin: Annotated[bool, typer.Option("--stdin", help="Read one JSON string a line from standard input")] = False,
) -> None:
    """Count SMS segments (GSM-7 or UCS-2) the way Twilio does."""
    if stdin:
        for _, value, error in json_lines_from_stdin():
            print_json({"error": error} if value is None else count_segments(value).as_json())
        return
    if text is None:
        raise fail("give a TEXT or --stdin")
    result = count_segments(text)
    if as_json:
        print_json(result.as_json())
        return
    from rich.console import Console

    Console().print(f"{result.encoding}: {result.segments} segment(s), {result.units} units "
                    f"({' + '.join(str(u) for u in result.segment_units)})")
