"""`bot kb eval`: how well offline retrieval answers the evaluation questions.

Runs every question of `knowledge/eval/<workspace>.yaml` (one split) through
`answer_question` exactly as `bot ask` would, with the language detected from the text, and
reports top-1 topic accuracy on in-KB questions and the rejection rate of off-topic ones, per
workspace and language. Tune on the `tune` split only; `holdout` is for reporting.

    python -m knowledge.evaluate [--split tune|holdout] [--root knowledge] [--failures]
"""

from __future__ import annotations

import argparse
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError
from rich.console import Console
from rich.table import Table

from knowledge.answer import answer_question
from knowledge.kb import KnowledgeBase, load_knowledge_base
from knowledge.retrieval import RetrievalConfig
from knowledge.types import LANGS, Lang

DEFAULT_ROOT = Path(__file__).resolve().parent


class EvalQuestion(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    q: str
    lang: Lang
    topic: str | None = None


class EvalFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    workspace: str
    tune: list[EvalQuestion] = []
    holdout: list[EvalQuestion] = []


@dataclass(frozen=True, slots=True)
class Outcome:
    workspace: str
    question: EvalQuestion
    got_topic: str | None
    got_lang: Lang
    confidence: float

    @property
    def correct(self) -> bool:
        return self.got_topic == self.question.topic


@dataclass(slots=True)
class Tally:
    """Counts for one cell of the report."""

    in_kb: int = 0
    top1: int = 0
    off_topic: int = 0
    rejected: int = 0
    lang_ok: int = 0
    total: int = 0

    def add(self, outcome: Outcome) -> None:
        self.total += 1
        self.lang_ok += outcome.got_lang == outcome.question.lang
        if outcome.question.topic is None:
            self.off_topic += 1
            self.rejected += outcome.got_topic is None
        else:
            self.in_kb += 1
            self.top1 += outcome.correct

    @property
    def accuracy(self) -> float | None:
        return self.top1 / self.in_kb if self.in_kb else None

    @property
    def rejection(self) -> float | None:
        return self.rejected / self.off_topic if self.off_topic else None


@dataclass(slots=True)
class EvalReport:
    split: str
    outcomes: list[Outcome] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def tally(self, workspace: str | None = None, lang: Lang | None = None) -> Tally:
        out = Tally()
        for o in self.outcomes:
            if (workspace is None or o.workspace == workspace) and (lang is None or o.question.lang == lang):
                out.add(o)
        return out

    @property
    def workspaces(self) -> list[str]:
        return sorted({o.workspace for o in self.outcomes})

    @property
    def failures(self) -> list[Outcome]:
        return [o for o in self.outcomes if not o.correct]


def load_eval_file(path: Path) -> EvalFile:
    return EvalFile.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))


def run_questions(
    kb: KnowledgeBase, questions: Iterable[EvalQuestion], config: RetrievalConfig | None = None
) -> list[Outcome]:
    out = []
    for question in questions:
        answer = answer_question(kb, question.q, config=config)
        out.append(Outcome(kb.workspace, question, answer.topic, answer.lang, answer.confidence))
    return out


def evaluate(
    root: Path = DEFAULT_ROOT,
    split: str = "holdout",
    *,
    config: RetrievalConfig | None = None,
    workspaces: Iterable[str] | None = None,
) -> EvalReport:
    """Evaluate every `root/eval/*.yaml` against `root/bases/<workspace>/`."""
    report = EvalReport(split=split)
    wanted = set(workspaces) if workspaces is not None else None
    for path in sorted((root / "eval").glob("*.yaml")):
        try:
            spec = load_eval_file(path)
        except (yaml.YAMLError, ValidationError, OSError) as exc:
            report.problems.append(f"{path}: {str(exc).splitlines()[0]}")
            continue
        if wanted is not None and spec.workspace not in wanted:
            continue
        folder = root / "bases" / spec.workspace
        if not folder.is_dir():
            report.problems.append(f"{path}: no knowledge base at {folder}")
            continue
        kb = load_knowledge_base(folder)
        questions = spec.tune if split == "tune" else spec.holdout if split == "holdout" else []
        report.outcomes.extend(run_questions(kb, questions, config))
    return report


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{100 * value:.1f}%"


def _pct_cell(value: float | None, target: float) -> str:
    if value is None:
        return "-"
    colour = "green" if value >= target else "red"
    return f"[{colour}]{_pct(value)}[/{colour}]"


def render_report(report: EvalReport) -> Table:
    """A rich table: one row per workspace and language, then totals per language."""
    table = Table(title=f"Knowledge-base evaluation ({report.split} split)")
    for col in ("workspace", "lang", "in-KB", "top-1", "off-topic", "rejected", "lang ok"):
        table.add_column(col, justify="left" if col in ("workspace", "lang") else "right")

    def row(label: str, lang: str, t: Tally, *, end: bool = False) -> None:
        table.add_row(
            label,
            lang,
            str(t.in_kb),
            _pct_cell(t.accuracy, 0.95),
            str(t.off_topic),
            _pct_cell(t.rejection, 0.90),
            _pct(t.lang_ok / t.total if t.total else None),
            end_section=end,
        )

    for ws in report.workspaces:
        for i, lang in enumerate(LANGS):
            row(ws, lang, report.tally(ws, lang), end=i == len(LANGS) - 1)
    for lang in LANGS:
        row("ALL", lang, report.tally(lang=lang))
    row("ALL", "all", report.tally())
    return table


def print_report(report: EvalReport, *, show_failures: bool = False, console: Console | None = None) -> None:
    console = console or Console()
    console.print(render_report(report))
    for problem in report.problems:
        console.print(f"[yellow]problem:[/yellow] {problem}")
    if show_failures:
        for o in report.failures:
            console.print(
                f"x {o.workspace} {o.question.lang} expected={o.question.topic} got={o.got_topic} "
                f"({o.confidence:.2f}) {o.question.q}",
                markup=False,
                highlight=False,
            )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", default="holdout", choices=["tune", "holdout"])
    parser.add_argument("--root", type=Path, default=DEFAULT_ROOT)
    parser.add_argument("--failures", action="store_true", help="list every wrong answer")
    args = parser.parse_args(argv)
    report = evaluate(args.root, args.split)
    print_report(report, show_failures=args.failures)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
