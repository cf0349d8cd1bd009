"""Navigation entries per role and workspace kind: each feature registers its own, the layout shows those
the user may use in their workspace.

Adding a page: a router in bot/console/pages/<feature>.py, its templates under templates/<feature>/,
its words in strings.yaml, and one `NavEntry` here (or `register()` from the feature module).
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.models import Role
from bot.core.workspaces import Workspace


@dataclass(frozen=True)
class NavEntry:
    key: str                    # strings.yaml key `nav.<key>`
    path: str
    roles: frozenset[str]
    order: int = 100
    kinds: frozenset[str] | None = None  # listed only in a workspace of one of these kinds (None: any)


def workspace_kinds(workspace: Workspace | None) -> frozenset[str]:
    """"support" for every workspace, and "rsvp" where the workspace file has an `rsvp` section: the
    YAML decides what a business does, so a help desk's owner is not shown event pages."""
    if workspace is None:
        return frozenset({"support"})
    return frozenset({"support", "rsvp"} if "rsvp" in workspace.model_fields_set else {"support"})


NAV: list[NavEntry] = [
    # an event owner's role is their events, in any workspace; a workspace owner's only where it runs RSVP
    NavEntry("events", "/app/events", frozenset({Role.event_owner}), order=10),
    NavEntry("events", "/app/events", frozenset({Role.owner}), order=10, kinds=frozenset({"rsvp"})),
    NavEntry("account", "/app/account", frozenset({Role.owner, Role.staff, Role.event_owner}), order=900),
]


def register(entry: NavEntry) -> None:
    if all(e.key != entry.key for e in NAV):
        NAV.append(entry)


def entries_for(role: str, workspace: Workspace | None = None) -> list[NavEntry]:
    kinds = workspace_kinds(workspace)
    return sorted((e for e in NAV if role in e.roles and (e.kinds is None or e.kinds & kinds)),
                  key=lambda e: e.order)


def home_for(role: str, workspace: Workspace | None = None) -> str:
    entries = entries_for(role, workspace)
    return entries[0].path if entries else "/app/account"
