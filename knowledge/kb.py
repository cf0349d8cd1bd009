"""A workspace's knowledge base: typed topics loaded from `knowledge/bases/<slug>/*.yaml`.

Owners edit these files by hand, so loading never trusts them: a broken file becomes a
`LintProblem` (file + reason) and is left out, and the remaining topics still answer. The
retrieval index hangs off the `KnowledgeBase` object, so it is built once per load and a
reload (a new object) rebuilds it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, Literal, TypeVar

import yaml
from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, ValidationError, field_validator

# Defined in knowledge.files (no pydantic there, for `bot ask`); importable from here as before.
from knowledge.files import OUT_OF_SCOPE_FILE, TOPIC_SUFFIX, kb_files, topic_files  # noqa: F401
from knowledge.types import Lang

if TYPE_CHECKING:
    from knowledge.registry import KnowledgeRegistry  # noqa: F401  (for type checkers)

T = TypeVar("T")
# libyaml's safe loader when built (about 10x faster on a KB folder), else the Python one.
SAFE_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class KnowledgeBaseError(Exception):
    """A knowledge-base folder that cannot be used at all (missing, or asked for strictly)."""


@dataclass(frozen=True, slots=True)
class LintProblem:
    """One thing wrong with a knowledge-base file, phrased for the owner who edits it."""

    path: str
    message: str
    topic: str | None = None
    severity: Literal["error", "warning"] = "error"

    def __str__(self) -> str:
        where = f"{self.path} [{self.topic}]" if self.topic else self.path
        return f"{self.severity}: {where}: {self.message}"


class PerLang(BaseModel, Generic[T]):
    """One value for each of the three languages; all three are required."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    he: T
    en: T
    ru: T

    def get(self, lang: Lang) -> T:
        return getattr(self, lang)


class OptionalPerLang(BaseModel):
    """Keywords are optional, and a language may have none."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    he: list[str] = Field(default_factory=list)
    en: list[str] = Field(default_factory=list)
    ru: list[str] = Field(default_factory=list)

    def get(self, lang: Lang) -> list[str]:
        return getattr(self, lang)


def _as_str_list(value: Any) -> Any:
    """YAML turns `[1, 2]` or bare numbers into ints; examples and keywords are text."""
    if isinstance(value, list):
        return [str(v) if isinstance(v, int | float) else v for v in value]
    return value


class Fact(BaseModel):
    """One line of a topic's answer, tagged with what it is about ("plan:essential",
    "period:annual", "event:wedding", "cheapest"), so a question that names one of those gets
    that line first instead of the whole text (handlers/dialogue/fitting.py)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    about: list[str] = Field(min_length=1)
    text: PerLang[str]


class Topic(BaseModel):
    """One question area a workspace answers, with its reply in each language."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    title: PerLang[str]
    answer: PerLang[str]
    examples: PerLang[list[str]]
    keywords: OptionalPerLang = Field(default_factory=OptionalPerLang)
    facts: list[Fact] = Field(default_factory=list)

    @field_validator("examples", "keywords", mode="before")
    @classmethod
    def _stringify(cls, value: Any) -> Any:
        if isinstance(value, dict):
            return {k: _as_str_list(v) for k, v in value.items()}
        return value


class OutOfScope(BaseModel):
    """Questions customers ask that this business does not answer (catering for an RSVP
    service, selling laptops for a support desk). Retrieval treats them as one more "topic";
    when it wins, the bot says it does not know instead of stretching the nearest policy."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    examples: OptionalPerLang = Field(default_factory=OptionalPerLang)

    @field_validator("examples", mode="before")
    @classmethod
    def _stringify(cls, value: Any) -> Any:
        if isinstance(value, dict):
            return {k: _as_str_list(v) for k, v in value.items()}
        return value


class KnowledgeBase(BaseModel):
    """The topics of one workspace, in file-name order, plus what was wrong when loading."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    workspace: str
    path: Path
    topics: dict[str, Topic]
    out_of_scope: OutOfScope = Field(default_factory=OutOfScope)
    problems: list[LintProblem] = Field(default_factory=list)
    _index: Any = PrivateAttr(default=None)

    def topic(self, topic_id: str) -> Topic | None:
        return self.topics.get(topic_id)


def _describe_validation(error: ValidationError) -> list[str]:
    """Turn pydantic errors into one line each, e.g. "answer.ru: missing"."""
    lines = []
    for item in error.errors():
        where = ".".join(str(p) for p in item["loc"]) or "(top level)"
        kind = item["type"]
        if kind == "missing":
            lines.append(f"{where}: missing")
        elif kind == "extra_forbidden":
            lines.append(f"{where}: unknown key")
        else:
            lines.append(f"{where}: {item['msg']}")
    return lines


def _read_mapping(path: Path, shape: str) -> tuple[dict[str, Any] | None, list[LintProblem]]:
    """The YAML mapping in `path`, or the problem that stops it from being read."""
    name = str(path)
    try:
        raw = yaml.load(path.read_text(encoding="utf-8"), Loader=SAFE_LOADER)
    except (OSError, UnicodeDecodeError) as exc:
        return None, [LintProblem(name, f"cannot read the file: {exc}")]
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        reason = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        return None, [LintProblem(name, f"cannot parse YAML{where}: {reason}")]
    if not isinstance(raw, dict):
        return None, [LintProblem(name, f"the file must hold a mapping ({shape})")]
    return raw, []


def read_topic_file(path: Path) -> tuple[Topic | None, list[LintProblem]]:
    """Parse and validate one topic file; problems instead of exceptions."""
    name = str(path)
    raw, problems = _read_mapping(path, "id, title, answer, examples")
    if raw is None:
        return None, problems
    topic_id = raw.get("id")
    label = str(topic_id) if topic_id is not None else None
    try:
        topic = Topic.model_validate(raw)
    except ValidationError as exc:
        return None, [LintProblem(name, line, label) for line in _describe_validation(exc)]
    if topic.id != path.stem:
        return None, [LintProblem(name, f"id '{topic.id}' must equal the file name '{path.stem}'", label)]
    return topic, []


def read_out_of_scope(folder: Path) -> tuple[OutOfScope, list[LintProblem]]:
    """The folder's out-of-scope examples; none (and no problem) when it has no such file."""
    path = folder / OUT_OF_SCOPE_FILE
    if not path.is_file():
        return OutOfScope(), []
    raw, problems = _read_mapping(path, "examples: he, en, ru")
    if raw is None:
        return OutOfScope(), problems
    try:
        return OutOfScope.model_validate(raw), []
    except ValidationError as exc:
        return OutOfScope(), [LintProblem(str(path), line) for line in _describe_validation(exc)]


def load_knowledge_base(folder: Path, *, strict: bool = False) -> KnowledgeBase:
    """Load a workspace's KB; broken files are skipped and listed in `problems`.

    `strict=True` raises instead, for tools that must not run on a half-valid KB.
    """
    if not folder.is_dir():
        raise KnowledgeBaseError(f"no knowledge base folder at {folder}")
    topics: dict[str, Topic] = {}
    problems: list[LintProblem] = []
    for path in topic_files(folder):
        topic, file_problems = read_topic_file(path)
        problems.extend(file_problems)
        if topic is not None:
            topics[topic.id] = topic
    out_of_scope, oos_problems = read_out_of_scope(folder)
    problems.extend(oos_problems)
    if strict and problems:
        raise KnowledgeBaseError("; ".join(str(p) for p in problems))
    return KnowledgeBase(
        workspace=folder.name, path=folder, topics=topics, out_of_scope=out_of_scope, problems=problems
    )


def __getattr__(name: str) -> Any:
    """`from knowledge.kb import KnowledgeRegistry` works; it lives in registry.py, which
    imports this module, so it is looked up lazily to avoid an import cycle."""
    if name == "KnowledgeRegistry":
        from knowledge.registry import KnowledgeRegistry

        return KnowledgeRegistry
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
