"""Conversation evaluation: story files run through the real pipeline, scored as a whole.

`bot test-conversations` says pass or fail; this says how well: the share of stories passed per
language and per category (`category:` on a story or its file), and the two figures the law cares
about, counted per step: opt-out recall (steps that expect `intent: opt_out` and got it) and false
opt-outs (steps that got `opt_out` although they expect another intent, or any step of a story its
category or name calls a near miss). A step that expects no intent (only an RSVP status, a topic or
a language: a guest who declines and asks to be removed) and gets `opt_out` is listed apart, as an
opt-out the story did not ask about: calling it false would blame the bot for what the story left open.
A story's language is the first `lang:` it expects, else the language of its first message.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.stories import Step, StoryOutcome, StoryRunner, story_paths
from handlers.turn import TurnResult
from knowledge.language import detect_language
from knowledge.translit import as_russian

UNCATEGORISED = "(none)"
FILE_OUTCOME = "(file)"  # the story name `bot.stories` gives a file it cannot load
# A story that tests a sentence close to an opt-out which is none ("near miss, stop the session",
# category "no false opt-out"): an opt-out on any of its steps is false, whatever the step expects.
NEAR_MISS = re.compile(r"near[\s_-]*miss|false[\s_-]*opt[\s_-]*outs?\b", re.IGNORECASE)


@dataclass
class Tally:
    passed: int = 0
    total: int = 0

    @property
    def rate(self) -> float:
        return self.passed / self.total if self.total else 0.0

    def as_dict(self) -> dict[str, float]:
        return {"passed": self.passed, "total": self.total, "rate": round(self.rate, 4)}

    def add(self, ok: bool) -> None:
        self.total += 1
        self.passed += int(ok)


@dataclass
class ConversationReport:
    stories: Tally = field(default_factory=Tally)
    by_lang: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    by_category: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    opt_out_expected: int = 0
    opt_out_caught: int = 0
    false_opt_outs: list[str] = field(default_factory=list)
    unasked_opt_outs: list[str] = field(default_factory=list)  # steps expecting no intent that opted out
    failures: list[StoryOutcome] = field(default_factory=list)
    unloaded: list[str] = field(default_factory=list)  # "file: reason" of files or stories the runner refused

    @property
    def opt_out_recall(self) -> float:
        return self.opt_out_caught / self.opt_out_expected if self.opt_out_expected else 1.0

    def as_dict(self) -> dict[str, Any]:
        def tallies(group: dict[str, Tally]) -> dict[str, dict[str, float]]:
            return {key: tally.as_dict() for key, tally in sorted(group.items())}

        return {
            "stories": self.stories.as_dict(),
            "by_lang": tallies(self.by_lang),
            "by_category": tallies(self.by_category),
            "opt_out": {"expected": self.opt_out_expected, "caught": self.opt_out_caught,
                        "recall": round(self.opt_out_recall, 4), "false": len(self.false_opt_outs),
                        "unasked": len(self.unasked_opt_outs)},
            "unloaded_files": self.unloaded,
        }


class _StepCounter:
    """The runner's `on_step` hook: opt-out figures and each story's first message."""

    def __init__(self, report: ConversationReport) -> None:
        self.report = report
        self.first_text: dict[int, str] = {}

    def __call__(self, outcome: StoryOutcome, step: Step, result: TurnResult, problems: list[str]) -> None:
        del problems
        self.first_text.setdefault(id(outcome), step.user)
        if step.expect.intent == "opt_out":
            self.report.opt_out_expected += 1
            self.report.opt_out_caught += int(result.intent == "opt_out")
        elif result.intent == "opt_out":
            line = f"{outcome.file} :: {outcome.story}: {step.user!r}"
            if step.expect.intent is not None or is_near_miss(outcome):
                self.report.false_opt_outs.append(line)
            else:
                self.report.unasked_opt_outs.append(line)


def is_near_miss(outcome: StoryOutcome) -> bool:
    """A story written to test a sentence that only looks like an opt-out: its category names it
    ("no false opt-out", "near miss") or, as the held-out sets do under `opt_out_sentence`, its name."""
    return any(NEAR_MISS.search(text or "") for text in (outcome.category, outcome.story))


def story_language(outcome: StoryOutcome, first_text: str) -> str:
    if outcome.lang:
        return outcome.lang
    return "ru" if as_russian(first_text) else detect_language(first_text)


def evaluate_conversations(paths: list[Path], workspaces: Any, knowledge: Any) -> ConversationReport:
    report = ConversationReport()
    counter = _StepCounter(report)
    runner = StoryRunner(workspaces, knowledge, on_step=counter)
    try:
        for path in story_paths(paths):
            if path.name.lower() == "readme.yaml":
                continue
            unset: dict[str, tuple[int, str]] = {}
            for outcome in runner.run_file(path):
                if outcome.story == FILE_OUTCOME:
                    # a file the runner refused: none of its stories ran; counted, and named
                    report.unloaded.append(f"{outcome.file}: counted as one failed story ({outcome.failures[0][:300]})")
                elif outcome.failures and id(outcome) not in counter.first_text:
                    # refused before its first step (the file's customers or events): a file problem, not
                    # understanding; counted as failed like the rest, and named once a file
                    count, _ = unset.get(outcome.file, (0, ""))
                    unset[outcome.file] = (count + 1, outcome.failures[0])
                ok = outcome.passed
                report.stories.add(ok)
                report.by_lang[story_language(outcome, counter.first_text.get(id(outcome), ""))].add(ok)
                report.by_category[outcome.category or UNCATEGORISED].add(ok)
                if not ok:
                    report.failures.append(outcome)
            report.unloaded += [f"{file}: {count} stories not set up, none of their steps ran ({why[:300]})"
                                for file, (count, why) in unset.items()]
    finally:
        runner.close()
    return report
