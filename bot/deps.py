"""Route dependencies as `Annotated` aliases, so each signature lists what it needs."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request
from sqlmodel import Session

from bot.services import Services


def get_services(request: Request) -> Services:
    return request.app.state.services  # type: ignore[no-any-return]


def get_session(services: Annotated[Services, Depends(get_services)]) -> Iterator[Session]:
    with Session(services.engine, expire_on_commit=False) as session:
        yield session


ServicesDep = Annotated[Services, Depends(get_services)]
SessionDep = Annotated[Session, Depends(get_session)]
