"""`bot customers import --workspace W FILE.csv`: load customers, report every bad row by number.

Columns are CustomerIn's fields (phone and plan required); `flags` is a list split on `;` or `|`.
Each row is its own savepoint, so one bad row never stops the others; the exit code is 1 when any
row failed, so scripts notice.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any

import typer
from pydantic import ValidationError
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from bot.cli.common import fail, settings, workspace
from bot.core.workspaces import Workspace

app = typer.Typer(help="Customers and their subscriptions", no_args_is_help=True)
LIST_FIELDS = {"flags"}
_SPLIT = re.compile(r"[;|]")


@dataclass
class ImportReport:
    created_or_updated: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)


def _row_values(row: dict[str | None, Any]) -> dict[str, Any]:
    """Blank cells are 'not given'; list columns are split; unknown columns are kept (and refused)."""
    values: dict[str, Any] = {}
    for key, raw in row.items():
        if key is None:
            raise ValueError("more cells than header columns")
        name = key.strip().lower()
        cell = (raw or "").strip()
        if not name or not cell:
            continue
        values[name] = [p.strip() for p in _SPLIT.split(cell) if p.strip()] if name in LIST_FIELDS else cell
    return values


def _describe(exc: Exception) -> str:
    """A row's problems in plain words: pydantic's "Value error, " prefix is dropped (it read like a crash)."""
    if isinstance(exc, ValidationError):
        return "; ".join(f"{'.'.join(str(p) for p in e['loc']) or 'row'}: {e['msg'].removeprefix('Value error, ')}"
                         for e in exc.errors())
    return str(exc)


def import_rows(engine: Any, target: Workspace, rows: list[dict[str | None, Any]], now: Any,
                progress: Progress | None = None) -> ImportReport:
    """Upsert each row in its own savepoint; row numbers in errors count the header as line 1."""
    from bot.core.db import session_scope
    from handlers.customers import CustomerIn, upsert_customer

    report = ImportReport()
    task = progress.add_task("customers", total=len(rows)) if progress else None
    with session_scope(engine) as session:
        for line, row in enumerate(rows, start=2):
            try:
                data = CustomerIn.model_validate(_row_values(row))
                with session.begin_nested():
                    upsert_customer(session, target, data, now)
                report.created_or_updated += 1
            except (ValidationError, ValueError) as exc:
                report.errors.append((line, _describe(exc)))
            if progress is not None and task is not None:
                progress.advance(task)
    return report


@app.command("import")
def import_customers(
    file: Annotated[Path, typer.Argument(help="CSV with a header row: phone,plan,status,paid_until,...")],
    workspace_slug: Annotated[str, typer.Option("--workspace", "-w", help="workspace slug")],
) -> None:
    """Create or update customers from a CSV file (UTF-8, Excel's BOM is fine)."""
    from datetime import UTC, datetime

    from bot.core.db import make_engine, migrate

    target = workspace(workspace_slug)
    try:
        with file.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            if not reader.fieldnames or not {"phone", "plan"} <= {f.strip().lower() for f in reader.fieldnames}:
                raise fail(f"{file}: the header must name at least the columns phone and plan")
            rows = list(reader)
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise fail(f"{file}: cannot read CSV ({exc})") from exc
    url = settings().database_url
    migrate(url)
    engine = make_engine(url)
    console = Console()
    columns = (TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    try:
        with Progress(*columns, console=console, transient=False) as progress:
            report = import_rows(engine, target, rows, datetime.now(UTC), progress)
    finally:
        engine.dispose()
    if report.errors:
        table = Table(title=f"{len(report.errors)} rows not imported", show_lines=False)
        table.add_column("line", justify="right")
        table.add_column("problem")
        for line, problem in report.errors:
            table.add_row(str(line), problem)
        console.print(table)
    console.print(f"{report.created_or_updated} imported, {len(report.errors)} failed")
    if report.errors:
        raise typer.Exit(1)
