"""Route dependencies as `Annotated` aliases, so each signature lists what it needs."""

from __future__ import annotations

import hmac
from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlmodel import Session

from bot.core.auth_tokens import find_active, mark_used, needs_touch
from bot.core.db import write_scope
from bot.core.models import OwnerToken
from bot.core.workspaces import Workspace
from bot.services import Services


def get_services(request: Request) -> Services:
    return request.app.state.services  # type: ignore[no-any-return]


def get_session(services: Annotated[Services, Depends(get_services)]) -> Iterator[Session]:
    with Session(services.engine, expire_on_commit=False) as session:
        yield session


ServicesDep = Annotated[Services, Depends(get_services)]
SessionDep = Annotated[Session, Depends(get_session)]


bearer = HTTPBearer(auto_error=False, description="an owner token of the workspace (`bot tokens create`)")


def owner_workspace(slug: str, services: ServicesDep,
                    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]) -> Workspace:
    """The workspace the presented owner token opens: 401 without a token, else 403 unless the token
    opens `slug`. An unknown slug is a 403 like another business's (it was a 404, before the token was
    read: anyone could list the businesses a server hosts, unthrottled, since a 404 is no failed try)."""
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise HTTPException(401, "missing bearer token", headers={"WWW-Authenticate": "Bearer"})
    workspace = services.workspaces.by_slug(slug)
    if workspace is not None and demo_token_matches(services, workspace, credentials.credentials):
        return workspace
    row = owner_token(services, credentials.credentials)  # looked up for an unknown slug too (same work)
    if row is None or workspace is None or row.workspace != workspace.slug:
        raise HTTPException(403, "this token does not open this workspace")
    return workspace


def demo_token_matches(services: Services, workspace: Workspace, token: str) -> bool:
    """A workspace file's api_token: a demo convenience, never accepted in production."""
    if services.settings.is_production or not workspace.api_token:
        return False
    return hmac.compare_digest(token.encode(), workspace.api_token.encode())


def owner_token(services: Services, token: str) -> OwnerToken | None:
    """The working owner token row for `token` (its last use noted at most once a minute)."""
    now = services.now()
    with Session(services.engine, expire_on_commit=False) as session:
        row = find_active(session, token, now)
    if row is not None and row.id is not None and needs_touch(row, now):
        with write_scope(services.engine) as session:
            mark_used(session, row.id, now)
    return row


WorkspaceDep = Annotated[Workspace, Depends(owner_workspace)]
