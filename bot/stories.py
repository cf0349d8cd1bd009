"""Conversation stories: YAML files owners write to test their bot, run through the real pipeline.

Each story gets a fresh database (copied from one migrated template, so it stays fast) with the
file's customers and events, and a clock set by the file.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from bot.core.db import make_engine, migrate, session_scope
from bot.core.phones import normalize_phone
from bot.core.workspaces import WorkspaceRegistry
from handlers.customers import CustomerIn, upsert_customer
from handlers.pipeline import handle_message
from handlers.turn import Inbound, TurnContext, TurnResult

EXPECT_KEYS = ("intent", "topic", "lang", "handoff", "ticket", "rsvp_status", "party_size")


class Expect(BaseModel):
    model_config = ConfigDict(extra="forbid")

    intent: str | None = None
    topic: str | None = None
    lang: Literal["he", "en", "ru"] | None = None
    handoff: Literal["human", "queued", "denied", "none"] | None = None
    ticket: Literal["opened", "none", "closed", "updated"] | None = None
    rsvp_status: str | None = None
    party_size: int | None = None
    reply_contains: list[str] = Field(default_factory=list)
    reply_not_contains: list[str] = Field(default_factory=list)
    topic_is_null: bool = False
    state: dict[str, Any] | None = None  # the stored dialogue state after the turn, a subset (docs/dialogue.md)

    @field_validator("reply_contains", "reply_not_contains", mode="before")
    @classmethod
    def _listify(cls, value: Any) -> Any:
        return [value] if isinstance(value, str) else value


class Step(BaseModel):
    model_config = ConfigDict(extra="forbid")

    user: str
    now: datetime | None = None
    expect: Expect = Expect()

    @classmethod
    def model_validate_step(cls, raw: Any) -> Step:
        # `topic: null` must mean "expect no topic", which pydantic cannot tell from absent.
        if isinstance(raw, dict) and isinstance(raw.get("expect"), dict) and "topic" in raw["expect"] \
                and raw["expect"]["topic"] is None:
            raw = {**raw, "expect": {**{k: v for k, v in raw["expect"].items() if k != "topic"},
                                     "topic_is_null": True}}
        return cls.model_validate(raw)


class Story(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str
    from_: str = Field(alias="from")
    channel: Literal["whatsapp", "sms"] = "whatsapp"
    now: datetime | None = None
    workspace: str | None = None
    category: str | None = None  # for `bot kb eval-conversations`: pass rates per category
    steps: list[dict[str, Any]] = Field(min_length=1)

    @field_validator("from_")
    @classmethod
    def _e164(cls, value: str) -> str:
        return normalize_phone(value).e164


class StoryFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    workspace: str
    now: datetime | None = None
    category: str | None = None  # the default of the file's stories
    customers: list[CustomerIn] = Field(default_factory=list)
    events: list[dict[str, Any]] = Field(default_factory=list)
    stories: list[Story] = Field(min_length=1)


@dataclass
class StoryOutcome:
    file: str
    story: str
    failures: list[str] = field(default_factory=list)
    category: str | None = None
    lang: str | None = None  # the language the story expects (its first `lang:`), if it says

    @property
    def passed(self) -> bool:
        return not self.failures


def check(expect: Expect, result: TurnResult) -> list[str]:
    """Every expectation given must hold; returns what did not."""
    problems = []
    for key in EXPECT_KEYS:
        wanted = getattr(expect, key)
        if wanted is not None and getattr(result, key) != wanted:
            problems.append(f"{key}: expected {wanted!r}, got {getattr(result, key)!r}")
    if expect.topic_is_null and result.topic is not None:
        problems.append(f"topic: expected null, got {result.topic!r}")
    reply = result.reply or ""
    problems += [f"reply should contain {s!r}" for s in expect.reply_contains if s not in reply]
    problems += [f"reply should not contain {s!r}" for s in expect.reply_not_contains if s in reply]
    if expect.state is not None:
        problems += _state_problems(expect.state, result.data.get("dialogue_state") or {}, "state")
    return problems


def _state_problems(wanted: dict[str, Any], got: dict[str, Any], where: str) -> list[str]:
    """Every key given must hold; a nested mapping is compared key by key the same way."""
    problems = []
    for key, value in wanted.items():
        actual = got.get(key) if isinstance(got, dict) else None
        if isinstance(value, dict) and isinstance(actual, dict):
            problems += _state_problems(value, actual, f"{where}.{key}")
        elif actual != value:
            problems.append(f"{where}.{key}: expected {value!r}, got {actual!r}")
    return problems


StepHook = Callable[["StoryOutcome", Step, TurnResult, list[str]], None]


class StoryRunner:
    """Runs story files against the real pipeline with a throw-away database per story.

    `on_step` (optional) sees every step's result and problems: the conversation evaluation
    (`bot.story_eval`) counts opt-outs from it."""

    def __init__(self, workspaces: WorkspaceRegistry, knowledge: Any, answerer: Any = None,
                 on_step: StepHook | None = None) -> None:
        self.workspaces = workspaces
        self.knowledge = knowledge
        self.answerer = answerer
        self.on_step = on_step
        self._tmp = Path(tempfile.mkdtemp(prefix="stories-"))
        self._template = self._tmp / "template.db"
        migrate(f"sqlite:///{self._template}")

    def close(self) -> None:
        shutil.rmtree(self._tmp, ignore_errors=True)

    @contextmanager
    def _database(self, name: str) -> Iterator[Any]:
        path = self._tmp / f"{name}.db"
        shutil.copyfile(self._template, path)
        engine = make_engine(f"sqlite:///{path}")
        try:
            yield engine
        finally:
            engine.dispose()
            path.unlink(missing_ok=True)

    def run_file(self, path: Path) -> list[StoryOutcome]:
        try:
            spec = StoryFile.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
        except (OSError, yaml.YAMLError, ValidationError) as exc:
            return [StoryOutcome(str(path), "(file)", [f"cannot load story file: {_short(exc)}"])]
        outcomes = []
        for index, story in enumerate(spec.stories):
            outcome = StoryOutcome(str(path), story.name, category=story.category or spec.category,
                                   lang=_first_lang(story))  # known even when the story cannot be set up
            try:
                self._run_story(spec, story, f"s{index}", outcome)
            except (ValueError, ValidationError) as exc:
                outcome.failures.append(f"story error: {_short(exc)}")
            outcomes.append(outcome)
        return outcomes

    def _run_story(self, spec: StoryFile, story: Story, name: str, outcome: StoryOutcome) -> None:
        slug = story.workspace or spec.workspace
        workspace = self.workspaces.by_slug(slug)
        if workspace is None:
            outcome.failures.append(f"unknown workspace '{slug}'")
            return
        clock = story.now or spec.now
        if clock is None:
            raise ValueError("no clock: set `now` in the file or the story")
        with self._database(name) as engine:
            with session_scope(engine) as session:
                for customer in spec.customers:
                    upsert_customer(session, workspace, customer, clock)
                load_events(session, workspace, spec.events, clock)
            for number, raw_step in enumerate(story.steps, start=1):
                step = Step.model_validate_step(raw_step)
                outcome.lang = outcome.lang or step.expect.lang
                now = step.now or clock
                if now.tzinfo is None:
                    raise ValueError("`now` must carry a UTC offset, e.g. 2026-11-22T10:00:00+02:00")
                inbound = Inbound(workspace=slug, sender=story.from_, text=step.user, channel=story.channel)
                with session_scope(engine) as session:
                    ctx = TurnContext(session=session, workspace=workspace, now=now,
                                      knowledge=self.knowledge, answerer=self.answerer)
                    result = handle_message(ctx, inbound)
                    if step.expect.rsvp_status is not None or step.expect.party_size is not None:
                        result = _with_guest_state(session, slug, story.from_, now, result)
                problems = check(step.expect, result)
                if self.on_step is not None:
                    self.on_step(outcome, step, result, problems)
                for problem in problems:
                    outcome.failures.append(f"step {number} ({step.user!r}): {problem}; reply: {result.reply!r}")


def _first_lang(story: Story) -> str | None:
    """The language the story's first `lang:` expects, read before anything runs."""
    for raw in story.steps:
        expect = raw.get("expect") if isinstance(raw, dict) else None
        if isinstance(expect, dict) and expect.get("lang") in ("he", "en", "ru"):
            return str(expect["lang"])
    return None


def _with_guest_state(session: Any, slug: str, phone: str, now: datetime, result: TurnResult) -> TurnResult:
    """`rsvp_status` / `party_size` are the guest's after the turn (CONTRACT), also when the turn was
    not an RSVP answer (a decline then "thanks" is still `not_coming`): read from the guest's row when
    the turn's result does not carry them."""
    if result.rsvp_status is not None:
        return result
    from scheduler.rsvp.guests import upcoming_guest  # type: ignore[import-not-found]

    guest = upcoming_guest(session, slug, phone, now)
    if guest is None:
        return result
    return replace(result, rsvp_status=str(guest.status), party_size=guest.party_size)


def load_events(session: Any, workspace: Any, events: list[dict[str, Any]], now: datetime) -> None:
    """RSVP events of a story file, created through the same code as the owner API."""
    if not events:
        return
    from scheduler.rsvp.story_events import load_story_events  # type: ignore[import-not-found]

    load_story_events(session, workspace, events, now)


def _short(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        return "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors())
    return str(exc).splitlines()[0] if str(exc) else type(exc).__name__


def story_paths(paths: list[Path]) -> list[Path]:
    out: list[Path] = []
    for path in paths:
        out += sorted(path.rglob("*.yaml")) + sorted(path.rglob("*.yml")) if path.is_dir() else [path]
    return out
