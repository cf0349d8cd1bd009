"""Owner API for SMS credit: /api/workspaces/{slug}/credit (record a payment, read a balance).

The workspace token is the operator's: the operator records a payment an event owner made and the
owner's balance grows. The work is `scheduler.rsvp.credit`, the same function as `bot credit add`.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from fastapi import APIRouter, HTTPException, Query
from pydantic import BaseModel, ConfigDict, Field, field_validator

from bot.core.phones import InvalidPhone, normalize_phone
from bot.deps import ServicesDep, SessionDep, WorkspaceDep
from bot.routes.responses import OWNER, errors
from scheduler.rsvp.credit import CreditError, find_account, purchases, record_purchase

router = APIRouter(prefix="/api/workspaces/{slug}/credit", tags=["credit"], responses=errors(*OWNER))


def _e164(value: str) -> str:
    try:
        return normalize_phone(value).e164
    except InvalidPhone as exc:
        raise ValueError(f"not a phone number: {exc}") from exc


class PurchaseIn(BaseModel):
    """A payment: a package id from the workspace YAML, or a number of messages."""

    model_config = ConfigDict(extra="forbid")

    owner_phone: str = Field(max_length=32)
    package: str | None = Field(default=None, max_length=32)
    messages: int | None = Field(default=None, ge=1, le=1_000_000)
    amount: Decimal | None = Field(default=None, ge=0, le=1_000_000, max_digits=12, decimal_places=2)
    reference: str | None = Field(default=None, max_length=64)
    note: str | None = Field(default=None, max_length=200)

    _phone = field_validator("owner_phone")(_e164)


class BalanceOut(BaseModel):
    owner_phone: str
    plan: str
    balance: int
    unlimited_answers: bool
    purchases: int


def _account(session, workspace, phone: str):  # type: ignore[no-untyped-def]
    account = find_account(session, workspace, phone)
    if account is None:
        raise HTTPException(404, {"code": "owner_not_found", "message": "no event owner with this phone"})
    return account


def _out(session, account) -> BalanceOut:  # type: ignore[no-untyped-def]
    return BalanceOut(owner_phone=account.owner_phone, plan=account.plan, balance=account.sms_balance,
                      unlimited_answers=account.package_bought, purchases=len(purchases(session, account)))


@router.post("", status_code=201, response_model=BalanceOut, summary="Record an SMS credit payment",
             responses=errors(404, 409, 422))
def add(workspace: WorkspaceDep, session: SessionDep, services: ServicesDep, spec: PurchaseIn) -> BalanceOut:
    """The package's messages (or `messages`) are added; a `reference` already recorded is 409."""
    account = _account(session, workspace, spec.owner_phone)
    try:
        record_purchase(session, workspace, account, now=services.now(), package=spec.package,
                        messages=spec.messages, amount=spec.amount, reference=spec.reference,
                        recorded_by="api", note=spec.note, lang=workspace.default_language)
    except CreditError as exc:
        session.rollback()
        status = 409 if exc.code == "duplicate_reference" else 422
        raise HTTPException(status, {"code": exc.code, "message": str(exc)}) from exc
    session.commit()
    return _out(session, account)


@router.get("", response_model=BalanceOut, summary="An event owner's SMS balance", responses=errors(404, 422))
def balance(workspace: WorkspaceDep, session: SessionDep,
            owner_phone: Annotated[str, Query(max_length=32)]) -> BalanceOut:
    try:
        phone = _e164(owner_phone)
    except ValueError as exc:
        raise HTTPException(422, {"code": "owner_phone", "message": str(exc)}) from exc
    return _out(session, _account(session, workspace, phone))
