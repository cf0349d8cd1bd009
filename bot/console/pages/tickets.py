"""The tickets board (/app/tickets): live tickets by priority with their SLA and inactive-close timers.

Owners and staff see the workspace's open and assigned tickets (handlers/ticket_board.py); each row
opens the conversation in the inbox, where it is taken, answered and closed. The board polls like the
inbox, so a new ticket or a timer running out shows without a reload.
"""

from __future__ import annotations

from datetime import datetime

from fastapi import Request
from fastapi.responses import Response

from bot.console.auth.sessions import LoggedIn
from bot.console.deps import STAFF_ROLES, DbDep, StaffDep, WorkspaceDep
from bot.console.nav import NavEntry, register
from bot.console.routing import page_router
from bot.deps import ServicesDep
from handlers.ticket_board import board, span

router = page_router("/tickets")
POLL_SECONDS = 15
register(NavEntry("tickets", "/app/tickets", STAFF_ROLES, order=6))


def _board(request: Request, logged: LoggedIn, workspace: WorkspaceDep, session: DbDep, services: ServicesDep,
           template: str) -> Response:
    from bot.console.templating import render

    def local(at: datetime | None) -> str:
        return at.astimezone(workspace.tz).strftime("%d.%m %H:%M") if at else ""

    return render(request, template, {"rows": board(session, workspace, services.now()), "local": local,
                                      "span": span, "inactive_days": workspace.support.inactive_close_days,
                                      "poll": POLL_SECONDS})


@router.get("", summary="The tickets board")
def page(request: Request, logged: StaffDep, workspace: WorkspaceDep, session: DbDep,
         services: ServicesDep) -> Response:
    return _board(request, logged, workspace, session, services, "tickets/page.html")


@router.get("/rows", summary="The board's rows (a fragment htmx polls)")
def rows(request: Request, logged: StaffDep, workspace: WorkspaceDep, session: DbDep,
         services: ServicesDep) -> Response:
    return _board(request, logged, workspace, session, services, "tickets/_rows.html")
