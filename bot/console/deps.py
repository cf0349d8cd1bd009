"""What console routes need, as `Annotated` aliases: the logged-in user, their workspace, the CSRF check.

Every console route runs `csrf_guard` (router-level): any method other than GET/HEAD must carry the
session's CSRF token (header `X-CSRF-Token`, which htmx sends from `hx-headers` on <body>, or the
hidden form field `csrf`). Before login the token is a random cookie echoed in the form.
"""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, HTTPException, Request
from sqlmodel import Session

from bot.console.auth.sessions import COOKIE, LoggedIn, resume
from bot.console.i18n import LANGUAGES
from bot.core.models import Role
from bot.core.workspaces import Workspace
from bot.deps import ServicesDep
from bot.services import Services

LANG_COOKIE = "bo_lang"
PRE_CSRF_COOKIE = "bo_csrf"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class LoginRequired(Exception):
    """Raised by `current_user`; the console's handler answers with a redirect to the login page."""


def db(services: ServicesDep) -> Iterator[Session]:
    with Session(services.engine, expire_on_commit=False) as session:
        yield session


DbDep = Annotated[Session, Depends(db)]


def optional_login(request: Request, services: ServicesDep, session: DbDep) -> LoggedIn | None:
    token = request.cookies.get(COOKIE, "")
    logged = resume(session, token, services.now()) if token else None
    request.state.console_login = logged
    request.state.console_lang = pick_language(request, services, logged)
    request.state.console_csrf = logged.csrf_token if logged else request.cookies.get(PRE_CSRF_COOKIE, "")
    # The top bar names the person's own business (a support agent does not run "event management").
    workspace = services.workspaces.by_slug(logged.user.workspace) if logged else None
    request.state.console_brand = workspace.name if workspace is not None else ""
    request.state.console_workspace = workspace  # the navigation follows the workspace's kind
    return logged


def pick_language(request: Request, services: Services, logged: LoggedIn | None) -> str:
    """?lang= first, then the switch's cookie, the account's language, the workspace's first language."""
    for candidate in (request.query_params.get("lang"), request.cookies.get(LANG_COOKIE),
                      logged.user.language if logged else None):
        if candidate in LANGUAGES:
            return candidate  # type: ignore[return-value]
    if logged is not None:
        workspace = services.workspaces.by_slug(logged.user.workspace)
        if workspace is not None and workspace.default_language in LANGUAGES:
            return workspace.default_language
    return "he"


async def csrf_guard(request: Request, logged: Annotated[LoggedIn | None, Depends(optional_login)]) -> None:
    if request.method in SAFE_METHODS:
        if logged is None and not request.cookies.get(PRE_CSRF_COOKIE):
            request.state.console_csrf = secrets.token_urlsafe(24)
            request.state.set_pre_csrf = True
        return
    sent = request.headers.get("x-csrf-token")
    if not sent:
        form = await request.form()
        value = form.get("csrf")
        sent = value if isinstance(value, str) else None
    expected = logged.csrf_token if logged else request.cookies.get(PRE_CSRF_COOKIE)
    if not sent or not expected or not hmac.compare_digest(sent.encode(), expected.encode()):
        raise HTTPException(403, "CSRF token missing or wrong; reload the page")


def current_user(logged: Annotated[LoggedIn | None, Depends(optional_login)]) -> LoggedIn:
    if logged is None:
        raise LoginRequired
    return logged


LoginDep = Annotated[LoggedIn, Depends(current_user)]

STAFF_ROLES = frozenset({Role.owner, Role.staff})


def staff_user(logged: LoginDep) -> LoggedIn:
    """The logged-in owner or staff member; an event owner gets the same 404 as a page that does not exist
    (the support pages - inbox, tickets, analytics, knowledge - are not theirs to know about)."""
    if logged.user.role not in STAFF_ROLES:
        raise HTTPException(404, "not found")
    return logged


StaffDep = Annotated[LoggedIn, Depends(staff_user)]


def user_workspace(logged: LoginDep, services: ServicesDep) -> Workspace:
    workspace = services.workspaces.by_slug(logged.user.workspace)
    if workspace is None:  # the workspace file was removed: the account opens nothing
        raise HTTPException(404, "workspace not found")
    return workspace


WorkspaceDep = Annotated[Workspace, Depends(user_workspace)]


def lang_of(request: Request) -> str:
    return getattr(request.state, "console_lang", "he")


def client_ip(request: Request) -> str:
    return request.client.host if request.client else "unknown"
