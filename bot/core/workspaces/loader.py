"""Loading workspace YAML files, with errors that name the file, the field and the reason."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml
from pydantic import ValidationError

from bot.core.workspaces.schema import Workspace


class WorkspaceConfigError(ValueError):
    """A workspace file that cannot be used; the message is meant for the owner who edits it."""


@dataclass
class WorkspaceRegistry:
    """All workspaces of this server, found by slug or by the number customers write to."""

    workspaces: dict[str, Workspace] = field(default_factory=dict)

    def by_slug(self, slug: str) -> Workspace | None:
        return self.workspaces.get(slug)

    def by_number(self, e164: str) -> Workspace | None:
        for workspace in self.workspaces.values():
            if e164 in workspace.numbers:
                return workspace
        return None

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self.workspaces.values())

    def __len__(self) -> int:
        return len(self.workspaces)


def _describe(error: ValidationError) -> str:
    parts = []
    for item in error.errors():
        where = ".".join(str(p) for p in item["loc"]) or "(top level)"
        parts.append(f"{where}: {item['msg']}")
    return "; ".join(parts)


def load_workspace(path: Path) -> Workspace:
    """Read and validate one workspace file."""
    try:
        # libyaml's parser when present (same safe constructor): every start reads every workspace
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except OSError as exc:
        raise WorkspaceConfigError(f"{path}: cannot read file ({exc.strerror})") from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        raise WorkspaceConfigError(f"{path}:{where} is not valid YAML ({getattr(exc, 'problem', exc)})") from exc
    if not isinstance(data, dict):
        raise WorkspaceConfigError(f"{path}: expected a mapping of settings at the top level")
    try:
        workspace = Workspace.model_validate(data)
    except ValidationError as exc:
        raise WorkspaceConfigError(f"{path}: {_describe(exc)}") from exc
    if workspace.slug != path.stem:
        raise WorkspaceConfigError(f"{path}: slug: '{workspace.slug}' must match the file name '{path.stem}'")
    return workspace


def load_workspaces(directory: Path) -> WorkspaceRegistry:
    """Every `*.yaml` in `directory`; two workspaces may not share a number."""
    registry = WorkspaceRegistry()
    if not directory.is_dir():
        raise WorkspaceConfigError(f"{directory}: workspace folder not found")
    owners: dict[str, str] = {}
    for path in sorted(directory.glob("*.yaml")):
        workspace = load_workspace(path)
        for number in workspace.numbers:
            if number in owners:
                raise WorkspaceConfigError(
                    f"{path}: numbers: {number} is already used by workspace '{owners[number]}'"
                )
            owners[number] = workspace.slug
        registry.workspaces[workspace.slug] = workspace
    return registry
