"""Shared helpers for CLI commands: settings, services and friendly errors."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:  # imported when used: `bot segments` and `bot ask` start without them
    from bot.core.settings import Settings
    from bot.core.workspaces import Workspace, WorkspaceRegistry

def fail(message: str, code: int = 2) -> typer.Exit:
    from rich.console import Console  # only when there is an error to show: `--json` runs skip rich

    Console(stderr=True).print(f"[red]error:[/red] {message}")
    return typer.Exit(code)


def phone_option(phone: str) -> str:
    """A `--phone` value as E.164, or an error saying why it is refused and what to fix."""
    from bot.core.phones import InvalidPhone, normalize_phone
    from scheduler.rsvp.messages import phone_refusal

    try:
        return normalize_phone(phone).e164
    except InvalidPhone as exc:
        raise fail(f"--phone: {phone_refusal(exc, phone, 'en')}") from exc


def settings() -> Settings:
    """The settings, or one line per bad setting (never a traceback)."""
    from pydantic import ValidationError

    from bot.core.settings import get_settings

    try:
        return get_settings()
    except ValidationError as exc:
        lines = "; ".join(f"{'.'.join(map(str, e['loc'])).upper() or 'settings'}: {e['msg']}" for e in exc.errors())
        raise fail(f"invalid settings (.env or environment): {lines}") from exc


@dataclass(frozen=True, slots=True)
class Folders:
    """The settings `bot ask` reads when no model is configured: where the workspaces, knowledge
    bases and index cache are."""

    workspaces_dir: Path
    knowledge_dir: Path
    data_dir: Path


FOLDERS = {"workspaces_dir": "workspaces", "knowledge_dir": "knowledge/bases", "data_dir": "data"}  # under ROOT
ROOT = Path(__file__).resolve().parent.parent.parent


def folders() -> Folders | None:
    """The three folders as `Settings` resolves them (the environment, then `.env` in the current
    folder, then the defaults; names in any case), without building `Settings`: pydantic-settings and
    the settings model are a quarter of a `bot ask` call. None when an OpenAI key is set (the answer
    then needs the model's settings) or `.env` names a folder without a value: `settings()` decides.
    Other settings are not read, so a wrong one elsewhere does not stop `bot ask`."""
    env = {k.lower(): v for k, v in os.environ.items()}
    found: dict[str, str | None] = {}
    if Path(".env").is_file():
        from dotenv import dotenv_values  # what pydantic-settings reads `.env` with

        found = dict(dotenv_values(".env", encoding="utf-8"))
    values = {**{k.lower(): v for k, v in found.items()}, **env}
    if values.get("openai_api_key") or any(name in values and values[name] is None for name in FOLDERS):
        return None
    return Folders(**{name: Path(values[name]) if name in values else ROOT / default  # type: ignore[arg-type]
                      for name, default in FOLDERS.items()})


def workspaces() -> WorkspaceRegistry:
    from bot.core.workspaces import WorkspaceConfigError, load_workspaces

    try:
        return load_workspaces(settings().workspaces_dir)
    except WorkspaceConfigError as exc:
        raise fail(str(exc)) from exc


def workspace(slug: str) -> Workspace:
    found = workspaces().by_slug(slug)
    if found is None:
        raise fail(f"unknown workspace '{slug}' (known: {', '.join(w.slug for w in workspaces())})")
    return found


def json_lines_from_stdin() -> Iterator[tuple[int, str | None, str | None]]:
    """(line number, text, error) for each stdin line holding one JSON string."""
    for number, line in enumerate(sys.stdin, start=1):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError as exc:
            yield number, None, f"line {number}: not JSON ({exc.msg})"
            continue
        if not isinstance(value, str):
            yield number, None, f"line {number}: expected a JSON string"
            continue
        yield number, value, None


def print_json(value: object) -> None:
    sys.stdout.write(json.dumps(value, ensure_ascii=False) + "\n")
    sys.stdout.flush()
