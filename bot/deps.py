"""Route dependencies as `Annotated` aliases, so each signature lists what it needs."""

from __future__ import annotations

import hmac
from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlmodel import Session

from bot.core.workspaces import Workspace
from bot.services import Services


def get_services(request: Request) -> Services:
    return request.app.state.services  # type: ignore[no-any-return]


def get_session(services: Annotated[Services, Depends(get_services)]) -> Iterator[Session]:
    with Session(services.engine, expire_on_commit=False) as session:
        yield session


ServicesDep = Annotated[Services, Depends(get_services)]
SessionDep = Annotated[Session, Depends(get_session)]


bearer = HTTPBearer(auto_error=False, description="the workspace's api_token")


def owner_workspace(slug: str, services: ServicesDep,
                    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]) -> Workspace:
    """The workspace whose api_token was presented (404 unknown, 401 without a token, 403 another one's)."""
    workspace = services.workspaces.by_slug(slug)
    if workspace is None:
        raise HTTPException(404, f"unknown workspace '{slug}'")
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise HTTPException(401, "missing bearer token", headers={"WWW-Authenticate": "Bearer"})
    if not workspace.api_token or not hmac.compare_digest(credentials.credentials.encode(),
                                                          workspace.api_token.encode()):
        raise HTTPException(403, "this token does not open this workspace")
    return workspace


WorkspaceDep = Annotated[Workspace, Depends(owner_workspace)]
