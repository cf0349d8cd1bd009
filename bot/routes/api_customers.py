"""Owner API for customers, their entitlement and tickets: /api/workspaces/{slug}/customers, /tickets.

Bearer token = the workspace's `api_token`. Routes only check access and shape answers; creating
customers is handlers/customers.py (the same code as the CSV import and story files).
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Literal

from fastapi import APIRouter, HTTPException, Query
from pydantic import BaseModel
from sqlmodel import col, select

from bot.core.fields import Moment
from bot.core.models import Customer, Message, Ticket
from bot.core.phones import InvalidPhone, normalize_phone
from bot.deps import ServicesDep, SessionDep, WorkspaceDep
from bot.routes.params import Offset, Page, PhoneIn, TicketNumber
from bot.routes.responses import OWNER, errors
from handlers import tickets
from handlers.customers import CustomerIn, UnknownPlan, find_customer, upsert_customer
from handlers.entitlement import decide

router = APIRouter(prefix="/api/workspaces/{slug}", tags=["customers"], responses=errors(*OWNER))



class CustomerOut(BaseModel):
    phone: str
    name: str | None
    email: str | None
    language: str | None
    plan: str
    status: str
    billing_period: str
    paid_from: date | None
    paid_until: date | None
    flags: list[str]
    balance: Decimal
    abuse_count: int
    updated_at: datetime

    @classmethod
    def of(cls, row: Customer) -> CustomerOut:
        return cls.model_validate(row, from_attributes=True)


class EntitlementOut(BaseModel):
    phone: str
    at: datetime
    decision: Literal["human", "queued", "denied"]
    reason: str
    next_opening: datetime | None
    holiday: str | None
    eve: str | None = None  # queued on a holiday's eve: the holiday that begins that evening


class MessageOut(BaseModel):
    direction: str
    body: str
    created_at: datetime

    @classmethod
    def of(cls, row: Message) -> MessageOut:
        return cls(direction=row.direction, body=row.body, created_at=row.created_at)


class TicketOut(BaseModel):
    number: str
    status: str
    handoff: str
    reason: str
    assignee: str | None
    created_at: datetime
    due_at: datetime | None
    first_response_at: datetime | None
    last_customer_message_at: datetime | None
    closed_at: datetime | None
    close_reason: str | None
    transcript: list[MessageOut] | None = None

    @classmethod
    def of(cls, row: Ticket, transcript: list[Message] | None = None) -> TicketOut:
        out = cls.model_validate(row, from_attributes=True)
        if transcript is not None:
            out.transcript = [MessageOut.of(m) for m in transcript]
        return out


def _phone(raw: str) -> str:
    try:
        return normalize_phone(raw).e164
    except InvalidPhone as exc:
        raise HTTPException(422, f"phone: {exc}") from exc


@router.post("/customers", summary="Create or update a customer (same number = update)")
def put_customer(workspace: WorkspaceDep, body: CustomerIn, session: SessionDep, services: ServicesDep) -> CustomerOut:
    try:
        customer = upsert_customer(session, workspace, body, services.now())
    except UnknownPlan as exc:
        raise HTTPException(422, f"plan: {exc}") from exc
    session.commit()
    session.refresh(customer)  # as stored: money at two places
    return CustomerOut.of(customer)


@router.get("/customers", summary="List customers, newest first")
def list_customers(workspace: WorkspaceDep, session: SessionDep, limit: Page = 100,
                   offset: Offset = 0) -> list[CustomerOut]:
    rows = session.exec(select(Customer).where(Customer.workspace == workspace.slug)
                        .order_by(col(Customer.id).desc()).offset(offset).limit(limit)).all()
    return [CustomerOut.of(r) for r in rows]


@router.get("/customers/{phone}", summary="One customer by phone number")
def get_customer(workspace: WorkspaceDep, phone: PhoneIn, session: SessionDep) -> CustomerOut:
    customer = find_customer(session, workspace.slug, _phone(phone))
    if customer is None:
        raise HTTPException(404, "no customer with this number")
    return CustomerOut.of(customer)


@router.get("/customers/{phone}/entitlement", summary="Whether this number may reach a person at a time")
def get_entitlement(workspace: WorkspaceDep, phone: PhoneIn, session: SessionDep, services: ServicesDep,
                    at: Annotated[Moment | None, Query()] = None) -> EntitlementOut:
    if at is not None and at.tzinfo is None:
        raise HTTPException(422, "at: give a UTC offset, e.g. 2026-11-22T10:00:00+02:00")
    e164 = _phone(phone)
    moment = at or services.now()
    decision = decide(workspace, find_customer(session, workspace.slug, e164), moment)
    return EntitlementOut(phone=e164, at=moment, decision=decision.outcome, reason=decision.reason,
                          next_opening=decision.next_opening, holiday=decision.holiday,
                          eve=decision.eve)


@router.get("/tickets", summary="List tickets, newest first", tags=["tickets"])
def list_tickets(workspace: WorkspaceDep, session: SessionDep,
                 status: Literal["open", "assigned", "closed", "live"] | None = None,
                 limit: Page = 100, offset: Offset = 0) -> list[TicketOut]:
    query = select(Ticket).where(Ticket.workspace == workspace.slug)
    if status == "live":
        query = query.where(col(Ticket.status).in_(tickets.LIVE))
    elif status is not None:
        query = query.where(Ticket.status == status)
    rows = session.exec(query.order_by(col(Ticket.id).desc()).offset(offset).limit(limit)).all()
    return [TicketOut.of(r) for r in rows]


@router.get("/tickets/{number}", summary="One ticket with its transcript", tags=["tickets"])
def get_ticket(workspace: WorkspaceDep, number: TicketNumber, session: SessionDep) -> TicketOut:
    ticket = tickets.find_by_number(session, workspace.slug, number)
    if ticket is None:
        raise HTTPException(404, f"no ticket {number}")
    return TicketOut.of(ticket, tickets.transcript(session, ticket))
