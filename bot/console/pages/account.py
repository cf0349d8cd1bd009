"""/app (home: the first page of the user's role) and /app/account (who you are, logout everywhere)."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import RedirectResponse, Response
from sqlmodel import col, func, select

from bot.console.deps import DbDep, LoginDep
from bot.console.nav import home_for
from bot.console.routing import page_router
from bot.console.templating import render
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
    return render(request, "account.html", {"open_sessions": open_sessions,
                                            "workspace_name": workspace.name if workspace else logged.user.workspace})
