"""Navigation entries per role: each feature registers its own, the layout shows those the user may use.

Adding a page: a router in bot/console/pages/<feature>.py, its templates under templates/<feature>/,
its words in strings.yaml, and one `NavEntry` here (or `register()` from the feature module).
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.models import Role


@dataclass(frozen=True)
class NavEntry:
    key: str                    # strings.yaml key `nav.<key>`
    path: str
    roles: frozenset[str]
    order: int = 100


NAV: list[NavEntry] = [
    NavEntry("events", "/app/events", frozenset({Role.owner, Role.event_owner}), order=10),
    NavEntry("account", "/app/account", frozenset({Role.owner, Role.staff, Role.event_owner}), order=900),
]


def register(entry: NavEntry) -> None:
    if all(e.key != entry.key for e in NAV):
        NAV.append(entry)


def entries_for(role: str) -> list[NavEntry]:
    return sorted((e for e in NAV if role in e.roles), key=lambda e: e.order)


def home_for(role: str) -> str:
    entries = entries_for(role)
    return entries[0].path if entries else "/app/account"
