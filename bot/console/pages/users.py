"""Users (/app/users, owners only): the workspace's console accounts, new staff, and each account's link
to its Telegram user.

The link is what makes the staff chat and the inbox agree on who holds a conversation: a Telegram member
whose account is linked acts under the account's name (bot.staff.actions.as_known), the same name and
`tg:` id the console writes when that person takes a ticket in the browser.
"""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import Response
from sqlmodel import col, select

from bot.console.auth.users import AccountError, create_user, list_users
from bot.console.deps import DbDep, LoginDep, WorkspaceDep
from bot.console.nav import NavEntry, register
from bot.console.templating import redirect, render
from bot.core.models import ConsoleUser, Role

router = APIRouter(prefix="/users")
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
        "users": list_users(session, workspace.slug), "roles": [r.value for r in ROLES],
        "done": request.query_params.get("done", "")[:100], "error": request.query_params.get("error", "")[:300]})


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
        return redirect(request, f"/app/users?error={quote(str(exc)[:200])}")
    session.commit()
    return redirect(request, f"/app/users?done={quote(user.name[:100])}")


def link_telegram(session: DbDep, workspace: str, user: ConsoleUser, telegram_id: int | None) -> None:
    """Link (or with None unlink) an account to a Telegram user; one account per Telegram user per workspace."""
    if telegram_id is not None:
        taken = session.exec(select(ConsoleUser).where(ConsoleUser.workspace == workspace,
                                                       ConsoleUser.telegram_user_id == telegram_id,
                                                       col(ConsoleUser.id) != user.id)).first()
        if taken is not None:
            raise AccountError(f"Telegram user {telegram_id} is already linked to {taken.name}")
    user.telegram_user_id = telegram_id
    session.add(user)


@router.post("/{user_id}/telegram", summary="Link an account to its Telegram user id (empty: unlink)")
def telegram(request: Request, user_id: int, logged: LoginDep, workspace: WorkspaceDep, session: DbDep,
             telegram_id: Annotated[str, Form(max_length=20)] = "") -> Response:
    _owner_only(logged)
    user = session.get(ConsoleUser, user_id)
    if user is None or user.workspace != workspace.slug:
        raise HTTPException(404, "not found")
    raw = telegram_id.strip()
    if raw and not (raw.isdigit() and 0 < int(raw) < 2**53):
        return redirect(request, f"/app/users?error={quote('a Telegram user id is a positive number')}")
    try:
        link_telegram(session, workspace.slug, user, int(raw) if raw else None)
    except AccountError as exc:
        return redirect(request, f"/app/users?error={quote(str(exc))}")
    session.commit()
    return redirect(request, f"/app/users?done={quote(user.name[:100])}")
