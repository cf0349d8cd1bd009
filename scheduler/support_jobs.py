"""Ticket timers: alert staff about queued tickets at opening, missed first responses, inactive closes.

One periodic scan (registered with `periodic`, so a restart never duplicates it) finds due tickets
and calls a per-ticket job with the ticket id only; each job re-reads and re-checks the ticket in
its own transaction, so running twice (a misfire catch-up, a second scan) does nothing twice.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta

from sqlmodel import Session, col, select

from bot.core.db import session_scope
from bot.core.models import Contact, Conversation, Customer, Ticket, TicketStatus
from bot.core.workspaces import Workspace
from handlers import support_texts as say
from handlers.hours import is_open
from handlers.human import alert_card
from handlers.inbox import resolve, wake_snoozed
from handlers.staff_outbox import HANDOFF, enqueue
from handlers.texts import text
from handlers.tickets import LIVE, close
from knowledge.grammar import address
from scheduler import runtime
from scheduler.customer_notice import send_to_contact
from scheduler.runner import periodic

log = logging.getLogger("scheduler.support")
SCAN_SECONDS = 60
periodic("support.scan", "scheduler.support_jobs:scan", SCAN_SECONDS)


def scan() -> None:
    """Find due tickets in every workspace and run the matching job for each (ids only)."""
    ctx = runtime.context()
    now = ctx.now()
    with Session(ctx.engine) as session:
        queued = due_queued_alerts(session, ctx.workspaces, now)
        missed = due_first_response_alerts(session, now)
        inactive = due_inactive_closes(session, ctx.workspaces, now)
    for ticket_id in queued:
        alert_queued_ticket(ticket_id)
    for ticket_id in missed:
        alert_missed_first_response(ticket_id)
    for ticket_id in inactive:
        close_inactive_ticket(ticket_id)
    for workspace in ctx.workspaces:
        wake_snoozes(workspace, now)


def wake_snoozes(workspace: Workspace, now: datetime) -> int:
    """End the workspace's timed snoozes that are due and tell its staff chat, with nobody looking at the
    inbox (which wakes them too, before it reads). Once per snooze: handlers.inbox.wake_snoozed wakes each
    with a conditional UPDATE, so a web worker waking the same snooze does not post the note again."""
    with session_scope(runtime.context().engine) as session:
        woken = wake_snoozed(session, workspace, now)
    if woken:
        log.info("%d snoozed conversation(s) of %s woke", woken, workspace.slug)
    return woken


def due_queued_alerts(session: Session, workspaces: object, now: datetime) -> list[int]:
    rows = session.exec(select(Ticket).where(Ticket.status == TicketStatus.open, col(Ticket.alerted_at).is_(None)))
    return [t.id for t in rows if t.id and _open_now(workspaces, t.workspace, now)]


def due_first_response_alerts(session: Session, now: datetime) -> list[int]:
    rows = session.exec(select(Ticket.id).where(
        col(Ticket.status).in_(LIVE), col(Ticket.first_response_at).is_(None), col(Ticket.sla_alerted).is_(False),
        col(Ticket.due_at).is_not(None), col(Ticket.due_at) <= now))
    return [i for i in rows if i]


def due_inactive_closes(session: Session, workspaces: object, now: datetime) -> list[int]:
    ids: list[int] = []
    for workspace in workspaces:  # type: ignore[attr-defined]
        days = workspace.support.inactive_close_days
        if not days:
            continue
        rows = session.exec(select(Ticket).where(
            Ticket.workspace == workspace.slug, col(Ticket.status).in_(LIVE),
            col(Ticket.last_staff_message_at).is_not(None),
            col(Ticket.last_staff_message_at) <= now - timedelta(days=days)))
        ids += [t.id for t in rows if t.id and _customer_owes_answer(t)]
    return ids


def _open_now(workspaces: object, slug: str, now: datetime) -> bool:
    workspace = workspaces.by_slug(slug)  # type: ignore[attr-defined]
    return workspace is not None and is_open(workspace, now)


def _customer_owes_answer(ticket: Ticket) -> bool:
    """Staff wrote last: the customer's silence is counted only then (not while they wait for us)."""
    staff, customer = ticket.last_staff_message_at, ticket.last_customer_message_at
    return staff is not None and (customer is None or customer <= staff)


def _workspace(ticket: Ticket) -> Workspace | None:
    return runtime.context().workspaces.by_slug(ticket.workspace)  # type: ignore[no-any-return]


@contextmanager
def _ticket_job(ticket_id: int) -> Iterator[tuple[Session, Ticket | None, Workspace | None, datetime]]:
    """A ticket timer's unit of work: the ticket (None if gone), its workspace, and the job's clock."""
    ctx = runtime.context()
    now = ctx.now()
    with session_scope(ctx.engine) as session:
        ticket = session.get(Ticket, ticket_id)
        yield session, ticket, _workspace(ticket) if ticket else None, now


def alert_queued_ticket(ticket_id: int) -> None:
    """The workspace has opened: post the handover card of a ticket filed outside hours."""
    with _ticket_job(ticket_id) as (session, ticket, workspace, now):
        if ticket is None or workspace is None or ticket.status != TicketStatus.open or ticket.alerted_at:
            return
        if not is_open(workspace, now):
            return
        contact = session.get(Contact, ticket.contact_id)
        conversation = session.get(Conversation, ticket.conversation_id) if ticket.conversation_id else None
        customer = session.get(Customer, ticket.customer_id) if ticket.customer_id else None
        assert contact is not None
        card = alert_card(session, workspace, ticket=ticket, contact=contact, customer=customer,
                          conversation=conversation, reason=ticket.reason,
                          customer_lang=conversation.language if conversation else None)
        enqueue(session, workspace, kind=HANDOFF, text=card, ticket_id=ticket.id, buttons=True, now=now)
        ticket.alerted_at = now
    log.info("queued ticket %s announced to staff", ticket_id)


def alert_missed_first_response(ticket_id: int) -> None:
    """Nobody answered within the first-response target: tell the staff chat, once."""
    with _ticket_job(ticket_id) as (session, ticket, workspace, now):
        if ticket is None or workspace is None or ticket.sla_alerted or ticket.first_response_at is not None \
                or ticket.status == TicketStatus.closed or ticket.due_at is None or ticket.due_at > now:
            return
        lang = workspace.default_language
        due = say.say_when(ticket.due_at, lang, workspace.tz)
        enqueue(session, workspace, kind="sla", text=text("support_staff_sla", lang, number=ticket.number, due=due),
                ticket_id=ticket.id, now=now)
        ticket.sla_alerted = True
    log.info("first-response target missed for ticket %s", ticket_id)


def close_inactive_ticket(ticket_id: int) -> None:
    """The customer stayed silent for the workspace's limit after our answer: close with a notice."""
    with _ticket_job(ticket_id) as (session, ticket, workspace, now):
        if ticket is None or workspace is None or ticket.status not in LIVE or not _customer_owes_answer(ticket):
            return
        days = workspace.support.inactive_close_days
        if not days or ticket.last_staff_message_at is None \
                or now - ticket.last_staff_message_at < timedelta(days=days):
            return
        contact = session.get(Contact, ticket.contact_id)
        conversation = session.get(Conversation, ticket.conversation_id) if ticket.conversation_id else None
        assert contact is not None
        close(session, ticket, now, reason="inactive")
        if conversation is not None:  # ended for good, as a person's Close: the inbox's resolved tab
            resolve(conversation, now)
        days_text = f"{days:g}"
        lang = (conversation.language if conversation else None) or contact.language or workspace.default_language
        address.use(workspace)  # the customer hears the workspace's one form of address
        body = text("support_inactive_closed", lang, number=ticket.number, days=days_text)
        channel = runtime.context().channel
        delivery = send_to_contact(session, channel, workspace, contact=contact, conversation=conversation,
                                   body=body, purpose="notice", now=now,
                                   template_vars={"1": ticket.number, "2": body})
        staff_lang = workspace.default_language
        note = text("support_staff_inactive", staff_lang, number=ticket.number, days=days_text)
        if not delivery.sent:
            why = delivery.error or ""
            if why == "no_template":
                why = text("support_staff_no_template", staff_lang, purpose="notice")
            note += "\n" + text("support_staff_not_sent", staff_lang, why=why)
        enqueue(session, workspace, kind="notice", text=note, ticket_id=ticket.id, now=now)
    log.info("ticket %s closed for customer inactivity", ticket_id)
