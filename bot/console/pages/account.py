"""/app (home: the first page of the user's role) and /app/account (who you are, your password,
logout everywhere).

A password is set or changed here by the person themselves: with one already set it must be given
first (a session left open on a shared computer must not be enough to take the account over), and
wrong tries count against the login throttle. Saving it ends the account's other sessions."""

from __future__ import annotations

from typing import Annotated

from fastapi import Form, Request
from fastapi.responses import RedirectResponse, Response
from sqlmodel import col, func, select

from bot.console.auth.passwords import MIN_LENGTH, verify_password
from bot.console.auth.routes import throttle
from bot.console.auth.sessions import end_all_sessions
from bot.console.auth.users import set_password
from bot.console.deps import DbDep, LoginDep, client_ip, lang_of
from bot.console.i18n import text
from bot.console.nav import home_for
from bot.console.notices import notice_url, read_notices
from bot.console.routing import page_router
from bot.console.templating import redirect, render
from bot.core.models import ConsoleSession
from bot.deps import ServicesDep

router = page_router()


def home(logged: LoginDep) -> Response:
    """/app: the first page of the user's role (added by bot.console.page_routers: a prefix-only path)."""
    return RedirectResponse(home_for(logged.user.role), status_code=303)


@router.get("/account", summary="The account page")
def account(request: Request, logged: LoginDep, services: ServicesDep, session: DbDep) -> Response:
    open_sessions = session.exec(select(func.count()).select_from(ConsoleSession).where(
        ConsoleSession.user_id == logged.user.id, col(ConsoleSession.revoked_at).is_(None),
        ConsoleSession.expires_at > services.now())).one()
    workspace = services.workspaces.by_slug(logged.user.workspace)
    return render(request, "account.html", {"open_sessions": open_sessions, "min_length": MIN_LENGTH,
                                            "workspace_name": workspace.name if workspace else logged.user.workspace,
                                            **read_notices(request, "done", "error")})


@router.post("/account/password", summary="Set or change your own password (the other sessions end)")
async def change_password(request: Request, logged: LoginDep, services: ServicesDep, session: DbDep,
                          new: Annotated[str, Form(max_length=200)],
                          repeat: Annotated[str, Form(max_length=200)],
                          current: Annotated[str, Form(max_length=200)] = "") -> Response:
    user, lang, ip = logged.user, lang_of(request), client_ip(request)

    def refused(key: str, **values: object) -> Response:
        return redirect(request, notice_url(request, "/app/account", error=text(key, lang, **values)))

    if user.password_hash:
        guard = throttle(services)
        wait = await guard.may_try(user.phone, ip)
        if wait is not None:
            return refused("login.too_many", seconds=wait)
        if not verify_password(user.password_hash, current):
            await guard.failed(user.phone, ip)
            return refused("account.password_wrong")
    if new != repeat:
        return refused("account.password_mismatch")
    if len(new) < MIN_LENGTH:
        return refused("account.password_short", count=MIN_LENGTH)
    set_password(session, user, new)
    assert user.id is not None
    end_all_sessions(session, user.id, services.now(), keep=logged.session_id)
    session.commit()
    return redirect(request, notice_url(request, "/app/account", done="password"))
