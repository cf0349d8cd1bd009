"""Users (/app/users, owners only): the workspace's console accounts, new staff, each account's link
to its Telegram user, its role (owner or staff) and whether it may log in at all.

Disabling an account ends its sessions at once (bot.console.auth.sessions.resume also refuses any
session of a disabled account), login by code or password no longer finds it (auth.users.users_by_phone),
and its linked Telegram user is refused in the staff chat (bot.staff.actions.as_known).
An owner can neither demote nor disable themselves, nor the workspace's last active owner, so a
workspace always keeps someone who can manage it.

The link is what makes the staff chat and the inbox agree on who holds a conversation: a Telegram member
whose account is linked acts under the account's name (bot.staff.actions.as_known), the same name and
`tg:` id the console writes when that person takes a ticket in the browser.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Form, HTTPException, Request
from fastapi.responses import Response
from sqlmodel import col, select

from bot.console.auth.sessions import end_all_sessions
from bot.console.auth.users import AccountError, create_user, link_telegram, list_users
from bot.console.deps import DbDep, LoginDep, WorkspaceDep, lang_of
from bot.console.i18n import text
from bot.console.nav import NavEntry, register
from bot.console.notices import notice_url, read_notices
from bot.console.routing import page_router
from bot.console.templating import redirect, render
from bot.core.models import ConsoleUser, Role
from bot.deps import ServicesDep
from scheduler.rsvp.events import OwnerIn, get_or_create_account

router = page_router("/users")
OWNERS = frozenset({Role.owner})
ROLES = (Role.staff, Role.owner)  # the roles an owner gives here (event owners come from the RSVP side)
register(NavEntry("users", "/app/users", OWNERS, order=40))


def _owner_only(logged: LoginDep) -> None:
    if logged.user.role not in OWNERS:
        raise HTTPException(404, "not found")


@router.get("", summary="The workspace's console users")
def page(request: Request, logged: LoginDep, workspace: WorkspaceDep, session: DbDep) -> Response:
    _owner_only(logged)
    return render(request, "users/page.html", {
        "users": list_users(session, workspace.slug), "roles": [r.value for r in ROLES], "me": logged.user.id,
        **read_notices(request, "done", "error")})


@router.post("", summary="Add a staff member or an owner")
def add(request: Request, logged: LoginDep, workspace: WorkspaceDep, session: DbDep,
        phone: Annotated[str, Form(min_length=3, max_length=32)],
        name: Annotated[str, Form(min_length=1, max_length=200)],
        role: Annotated[str, Form(max_length=16)] = Role.staff) -> Response:
    _owner_only(logged)
    if role not in {r.value for r in ROLES}:
        raise HTTPException(422, "unknown role")
    try:
        user = create_user(session, workspace, phone=phone, name=name, role=role)
    except ValueError as exc:  # AccountError, an invalid phone
        session.rollback()
        return redirect(request, notice_url(request, "/app/users", error=str(exc)[:200]))
    session.commit()
    return redirect(request, notice_url(request, "/app/users", done=user.name[:100]))


@router.post("/{user_id}/telegram", summary="Link an account to its Telegram user id (empty: unlink)")
def telegram(request: Request, user_id: int, logged: LoginDep, workspace: WorkspaceDep, session: DbDep,
             telegram_id: Annotated[str, Form(max_length=20)] = "") -> Response:
    _owner_only(logged)
    user = _account(session, workspace, user_id)
    raw = telegram_id.strip()
    if raw and not (raw.isdigit() and 0 < int(raw) < 2**53):
        return redirect(request, notice_url(request, "/app/users", error="a Telegram user id is a positive number"))
    try:
        link_telegram(session, workspace.slug, user, int(raw) if raw else None)
    except AccountError as exc:
        return redirect(request, notice_url(request, "/app/users", error=str(exc)))
    session.commit()
    return redirect(request, notice_url(request, "/app/users", done=user.name[:100]))


def _account(session: DbDep, workspace: WorkspaceDep, user_id: int) -> ConsoleUser:
    user = session.get(ConsoleUser, user_id)
    if user is None or user.workspace != workspace.slug:
        raise HTTPException(404, "not found")
    return user


def _keeps_an_owner(session: DbDep, logged: LoginDep, user: ConsoleUser) -> str | None:
    """Why `user` may not stop being an active owner (the strings key), or None when they may."""
    if user.id == logged.user.id:
        return "users.error_self"
    if user.role != Role.owner or user.disabled_at is not None:
        return None
    owners = session.exec(select(ConsoleUser.id).where(ConsoleUser.workspace == user.workspace,
                                                       ConsoleUser.role == Role.owner,
                                                       col(ConsoleUser.disabled_at).is_(None))).all()
    return "users.error_last_owner" if len(owners) <= 1 else None


def _refused(request: Request, key: str) -> Response:
    return redirect(request, notice_url(request, "/app/users", error=text(key, lang_of(request))))


@router.post("/{user_id}/disable", summary="Disable an account: its sessions end, it cannot log in")
def disable(request: Request, user_id: int, logged: LoginDep, workspace: WorkspaceDep, session: DbDep,
            services: ServicesDep) -> Response:
    _owner_only(logged)
    user = _account(session, workspace, user_id)
    refused = _keeps_an_owner(session, logged, user)
    if refused:
        return _refused(request, refused)
    now = services.now()
    if user.disabled_at is None:
        user.disabled_at = now
        session.add(user)
    assert user.id is not None
    end_all_sessions(session, user.id, now)
    session.commit()
    return redirect(request, notice_url(request, "/app/users", done=user.name[:100]))


@router.post("/{user_id}/enable", summary="Enable a disabled account again")
def enable(request: Request, user_id: int, logged: LoginDep, workspace: WorkspaceDep, session: DbDep) -> Response:
    _owner_only(logged)
    user = _account(session, workspace, user_id)
    user.disabled_at = None
    session.add(user)
    session.commit()
    return redirect(request, notice_url(request, "/app/users", done=user.name[:100]))


@router.post("/{user_id}/role", summary="Make an account an owner or staff")
def change_role(request: Request, user_id: int, logged: LoginDep, workspace: WorkspaceDep, session: DbDep,
                role: Annotated[str, Form(max_length=16)]) -> Response:
    """Between owner and staff only (event owners come from the RSVP side)."""
    _owner_only(logged)
    user = _account(session, workspace, user_id)
    if role not in {r.value for r in ROLES} or user.role not in {r.value for r in ROLES}:
        raise HTTPException(422, "unknown role")
    if role == user.role:
        return redirect(request, notice_url(request, "/app/users", done=user.name[:100]))
    if role != Role.owner:
        refused = _keeps_an_owner(session, logged, user)
        if refused:
            return _refused(request, refused)
    elif user.rsvp_account_id is None:  # an owner has an RSVP account, as one created an owner has
        user.rsvp_account_id = get_or_create_account(session, workspace, OwnerIn(name=user.name, phone=user.phone)).id
    user.role = role
    session.add(user)
    session.commit()
    return redirect(request, notice_url(request, "/app/users", done=user.name[:100]))
