"""`bot kb lint`, `bot kb eval`, `bot kb eval-conversations` and `bot kb gaps`: check and measure the
knowledge bases, and find what customers ask that they do not answer."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.table import Table

from bot.cli.common import fail, settings

if TYPE_CHECKING:
    from knowledge.grammar.address import Form

app = typer.Typer(help="Knowledge-base tools", no_args_is_help=True)


@app.command("lint")
def lint(
    workspace_slug: Annotated[str | None, typer.Option("--workspace", "-w", help="Only this workspace")] = None,
) -> None:
    """Find missing languages, empty answers, example questions shared by two topics and Hebrew
    answers that say "you" in the other form than their workspace's `form_of_address`."""
    from knowledge.lint import lint_knowledge_base

    root = settings().knowledge_dir
    folders = [root / workspace_slug] if workspace_slug else sorted(p for p in root.iterdir() if p.is_dir())
    console = Console()
    forms = _forms_of_address(console)
    total = 0
    for folder in folders:
        problems = lint_knowledge_base(folder, form_of_address=forms.get(folder.name))
        total += len(problems)
        for problem in problems:
            console.print(str(problem), markup=False)
        console.print(f"{folder.name}: {len(problems)} problem(s)")
    if total:
        raise typer.Exit(1)


def _forms_of_address(console: Console) -> dict[str, Form]:
    """Each workspace's Hebrew form of address by slug (a KB folder is named by its workspace), so lint
    checks the answers against it; none when the workspace files do not load, and lint says so."""
    from bot.core.workspaces import WorkspaceConfigError, load_workspaces

    try:
        return {w.slug: w.form_of_address for w in load_workspaces(settings().workspaces_dir)}
    except WorkspaceConfigError as exc:
        console.print(f"form of address not checked: {exc}", markup=False)
        return {}


@app.command("eval")
def evaluate(
    split: Annotated[str, typer.Option(help="holdout (the honest figures) or tune")] = "holdout",
    workspace_slug: Annotated[str | None, typer.Option("--workspace", "-w", help="Only this workspace")] = None,
) -> None:
    """Top-1 topic accuracy and off-topic rejection per workspace and language."""
    from knowledge.evaluate import evaluate as run
    from knowledge.evaluate import print_report

    if split not in ("holdout", "tune"):
        raise typer.BadParameter("split must be holdout or tune", param_hint="--split")
    root = settings().knowledge_dir.parent
    report = run(root, split, workspaces=[workspace_slug] if workspace_slug else None)
    print_report(report, console=Console())


@app.command("eval-conversations")
def eval_conversations(
    paths: Annotated[list[Path] | None, typer.Argument(help="Story files or folders (default: the held-out set)")]
    = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the figures as one JSON object")] = False,
    show_failures: Annotated[bool, typer.Option("--failures", help="List each failed story and step")] = False,
) -> None:
    """Conversation stories through the real pipeline: pass rate per language and per category,
    opt-out recall and false opt-outs; opt-outs on steps that expect no intent are listed apart,
    since the story did not say they were wrong."""
    from bot.cli.common import print_json, workspaces
    from bot.story_eval import evaluate_conversations
    from knowledge.registry import KnowledgeRegistry

    config = settings()
    targets = paths or [config.knowledge_dir.parent / "eval" / "conversations" / "holdout"]
    missing = [p for p in targets if not p.exists()]
    if missing:
        raise fail(f"not found: {', '.join(map(str, missing))}")
    report = evaluate_conversations(targets, workspaces(), KnowledgeRegistry(config.knowledge_dir))
    if as_json:
        print_json(report.as_dict())
        return
    console = Console()
    if show_failures:
        for outcome in report.failures:
            console.print(f"FAIL {outcome.file} :: {outcome.story}", markup=False)
            for line in outcome.failures:
                console.print(f"    {line}", markup=False)
    table = Table(title="Conversation stories")
    for column in ("group", "passed", "total", "pass rate"):
        table.add_column(column)
    rows = [("all", report.stories)]
    rows += [(f"lang {k}", t) for k, t in sorted(report.by_lang.items())]
    rows += [(f"category {k}", t) for k, t in sorted(report.by_category.items())]
    for name, tally in rows:
        table.add_row(name, str(tally.passed), str(tally.total), f"{tally.rate:.1%}")
    console.print(table)
    console.print(f"opt-out recall: {report.opt_out_caught}/{report.opt_out_expected} = {report.opt_out_recall:.1%}; "
                  f"false opt-outs: {len(report.false_opt_outs)}", markup=False)
    for line in report.false_opt_outs:
        console.print(f"    false opt-out: {line}", markup=False)
    if report.unasked_opt_outs:
        console.print(f"opt-outs the story did not ask about: {len(report.unasked_opt_outs)}", markup=False)
    for line in report.unasked_opt_outs:
        console.print(f"    opt-out not asked about: {line}", markup=False)
    for line in report.unloaded:
        console.print(f"not run: {line}", markup=False)


def _since(value: str | None) -> datetime | None:
    """`--since`: an ISO date or time (UTC unless it says), or a span back from now ("7d", "12h")."""
    if not value:
        return None
    value = value.strip()
    span = re.fullmatch(r"(\d+)\s*([dhw])", value)
    if span:
        amount, unit = int(span.group(1)), span.group(2)
        hours = {"h": 1, "d": 24, "w": 24 * 7}[unit] * amount
        return datetime.now(UTC) - timedelta(hours=hours)
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError as exc:
        raise typer.BadParameter(f"'{value}' is neither an ISO date nor a span like 7d or 12h",
                                 param_hint="--since") from exc
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


@app.command("gaps")
def gaps(
    workspace_slug: Annotated[str, typer.Option("--workspace", "-w", help="Workspace slug")] = ...,  # type: ignore[assignment]
    since: Annotated[str | None, typer.Option(help="Only messages since: ISO date/time or 7d, 12h, 2w")] = None,
    low: Annotated[float, typer.Option(help="FAQ answers below this confidence count as gaps")] = 0.5,
    limit: Annotated[int, typer.Option(help="Groups to show")] = 50,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object a line")] = False,
) -> None:
    """Unanswered and low-confidence customer messages of a running server, grouped by similar
    text with counts: what to add to the knowledge base next."""
    from bot.cli.common import print_json, workspace
    from bot.core.db import make_engine, session_scope
    from knowledge.gaps import find_gaps, inbound_gap_candidates
    from knowledge.registry import KnowledgeRegistry

    workspace(workspace_slug)
    start = _since(since)
    config = settings()
    kb = KnowledgeRegistry(config.knowledge_dir).get(workspace_slug)
    engine = make_engine(config.database_url)
    try:
        with session_scope(engine) as session:
            messages = inbound_gap_candidates(session, workspace_slug, start)
            found = find_gaps(messages, kb, low=low)[:limit]
    except Exception as exc:  # a database that is not there or not migrated: say so, no traceback
        raise fail(f"cannot read the messages of {config.database_url.split('@')[-1]}: {type(exc).__name__}: "
                   f"{str(exc).splitlines()[0] if str(exc) else ''}") from exc
    finally:
        engine.dispose()
    if as_json:
        for gap in found:
            print_json(gap.as_dict())
        return
    console = Console()
    if not found:
        console.print(f"{workspace_slug}: no unanswered or low-confidence messages"
                      + (f" since {start:%Y-%m-%d %H:%M}" if start else ""))
        return
    table = Table(title=f"{workspace_slug}: what customers asked that the KB does not answer well")
    for column in ("count", "kind", "lang", "message", "now answers", "last seen"):
        table.add_column(column)
    for gap in found:
        now = f"{gap.topic} ({gap.confidence:.2f})" if gap.topic else "-"
        seen = f"{gap.last_seen:%Y-%m-%d %H:%M}" if gap.last_seen else "-"
        table.add_row(str(gap.count), gap.kind, ",".join(sorted(gap.langs)) or "-", gap.text[:80], now, seen)
    console.print(table)
