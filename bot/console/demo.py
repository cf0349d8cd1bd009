"""The demo owner's console account, so `make run` can print a login that works (development only).

It owns the demo wedding (scheduler/rsvp/demo.py). The password is printed in the banner; the code
login works too: the console channel prints the code in the server's terminal. Never in production:
the caller checks, and `ensure_demo_owner` refuses as well.
"""

from __future__ import annotations

from sqlmodel import Session

from bot.console.auth.passwords import hash_password
from bot.console.auth.users import create_user, find_user
from bot.core.models import ConsoleUser, Role
from bot.core.settings import Settings
from bot.core.workspaces import WorkspaceRegistry
from scheduler.rsvp.demo import DEMO_OWNER, DEMO_WORKSPACE

DEMO_PASSWORD = "demo-owner-2027"


def ensure_demo_owner(session: Session, settings: Settings, registry: WorkspaceRegistry) -> ConsoleUser | None:
    if settings.environment != "development":
        raise PermissionError("the demo owner exists only in development")
    workspace = registry.by_slug(DEMO_WORKSPACE)
    if workspace is None:
        return None
    user = find_user(session, workspace.slug, DEMO_OWNER.phone)
    if user is None:
        user = create_user(session, workspace, phone=DEMO_OWNER.phone, name=DEMO_OWNER.name, role=Role.event_owner,
                           password=DEMO_PASSWORD)
    elif user.password_hash is None:
        user.password_hash = hash_password(DEMO_PASSWORD)
        session.add(user)
    session.flush()
    return user


def banner_lines(settings: Settings, registry: WorkspaceRegistry, base: str) -> list[str]:
    """`make run`'s lines about the console: where it is and the demo owner's login."""
    from bot.core.db import make_engine, session_scope

    if settings.environment != "development":
        return [f"  Web console:   {base}/app"]
    engine = make_engine(settings.database_url)
    try:
        with session_scope(engine) as session:
            user = ensure_demo_owner(session, settings, registry)
            phone = user.phone if user else None
    finally:
        engine.dispose()
    if phone is None:
        return [f"  Web console:   {base}/app"]
    return [f"  Web console:   {base}/app  (demo owner: {phone}, password {DEMO_PASSWORD},",
            "                 or ask for a code: the console channel prints it here)"]
