"""A week of demo support traffic for the demo workspaces (development only).

A fresh clone's inbox and analytics are empty screens that say nothing. This writes believable
traffic through the real pipeline (`handle_message` at past clock times), and plays staff taking,
answering and closing tickets through `handlers.tickets`, so every figure (deflection, handoffs,
first-response and resolution times, unanswered messages, opt-outs) comes from the same code that
counts real traffic. The texts and the mix live in demo_traffic.yaml.

Demo rows are marked so nobody mistakes them: profile names start with "Demo " and numbers sit in
the reserved range +972 50 999 W NNN. A workspace that already has such contacts is skipped, so
running twice adds nothing; a production environment is refused outright.
"""

from __future__ import annotations

import logging
import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from bot.core.db import session_scope
from bot.core.models import Contact, Conversation, Ticket
from bot.core.workspaces import Workspace
from handlers import hours, inbox, satisfaction, tickets
from handlers.customers import CustomerIn, upsert_customer
from handlers.plan_customer import plan_customer
from handlers.records import store_outbound
from handlers.turn import Inbound, TurnContext

log = logging.getLogger("bot.demo_traffic")

DATA = Path(__file__).with_name("demo_traffic.yaml")
DEMO_PHONE_PREFIX = "+97250999"  # + workspace digit + 3-digit conversation: +972 50 999 W NNN
DEMO_NAME_PREFIX = "Demo "
BUSINESS_HOURS = (9, 17)   # local hours a conversation may start "in hours"
AFTER_HOURS = (19, 23)     # ... and after hours


class DemoTrafficRefused(RuntimeError):
    """Demo rows must never reach a production database (their numbers and names are public)."""


@dataclass
class Summary:
    """What one run wrote, per workspace (empty lists for skipped workspaces)."""

    conversations: dict[str, int] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)


@cache
def script() -> dict[str, Any]:
    with DATA.open(encoding="utf-8") as handle:
        return yaml.load(handle, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # libyaml: every dev start


def demo_phone(workspace_index: int, number: int) -> str:
    return f"{DEMO_PHONE_PREFIX}{workspace_index % 10}{number:03d}"


def has_demo_traffic(session: Session, workspace: str) -> bool:
    found = session.exec(select(Contact.id).where(Contact.workspace == workspace,
                                                  col(Contact.phone).startswith(DEMO_PHONE_PREFIX)).limit(1))
    return found.first() is not None


def _kinds(count: int, rng: random.Random) -> list[str]:
    """The conversation kinds of one workspace: the configured mix, shuffled reproducibly."""
    mix = script()["mix"]
    person, off_topic = round(count * mix["person"]), round(count * mix["off_topic"])
    opt_out = min(int(mix["opt_out"]), count)
    kinds = ["person"] * person + ["off_topic"] * off_topic + ["opt_out"] * opt_out
    kinds = kinds[:count] + ["question"] * max(0, count - len(kinds))
    rng.shuffle(kinds)
    return kinds


def _start(now: datetime, workspace: Workspace, index: int, days: int, rng: random.Random) -> datetime:
    """Spread conversations over the last `days` days, alternating business and after-hours starts."""
    from zoneinfo import ZoneInfo

    zone = ZoneInfo(workspace.timezone)
    low, high = BUSINESS_HOURS if index % 3 else AFTER_HOURS
    day = (now - timedelta(days=days - 1 - index % days)).astimezone(zone)  # today too
    local = day.replace(hour=rng.randrange(low, high), minute=rng.randrange(60), second=0, microsecond=0)
    start = local.astimezone(now.tzinfo)
    return start if start < now - timedelta(hours=6) else start - timedelta(days=1)


def _lines(workspace: str, lang: str, kind: str) -> list[str]:
    own = script()["workspaces"][workspace].get(lang, {})
    return own.get(kind) or script()["common"][lang][kind]


def _customer(workspace: Workspace, phone: str, name: str, rng: random.Random) -> CustomerIn:
    """A customer on a plan that reaches a person (else requests for a person would all be denied)."""
    plans = [p for p, plan in workspace.plans.items() if getattr(plan, "human", True)] or list(workspace.plans)
    return plan_customer(workspace, phone, rng.choice(plans), name=name)


@dataclass
class _Staff:
    """The staff side of the demo: which tickets get answered, closed, or left waiting."""

    name: str
    unanswered_every: int
    open_every: int
    channel: Any = None   # given by the edge: closed tickets ask for a rating through it (else no survey)
    tickets: int = 0
    answered: int = 0


def _work_ticket(session: Session, workspace: Workspace, ticket: Ticket, staff: _Staff, lang: str,
                 at: datetime, now: datetime, rng: random.Random) -> datetime | None:
    """Take, answer and (mostly) close one ticket at plausible later times, never after `now`."""
    staff.tickets += 1
    if staff.tickets % staff.unanswered_every == 0:
        return None  # left waiting for a person: the queue and the first-response SLA show something
    opens = at if hours.is_open(workspace, at) else hours.next_opening(workspace, at) or at  # queued: next morning
    taken = max(min(opens + timedelta(minutes=rng.randrange(4, 180)), now - timedelta(minutes=30)),
                at + timedelta(minutes=1))
    if not tickets.take(session, ticket.id or 0, staff.name, taken):
        return None
    contact = session.get(Contact, ticket.contact_id)
    assert contact is not None
    canned = [texts[lang] for texts in workspace.support.canned_replies.values() if lang in texts]
    body = rng.choice(canned or _lines(workspace.slug, lang, "staff"))
    conversation = session.get(Conversation, ticket.conversation_id) if ticket.conversation_id else None
    store_outbound(session, workspace=workspace.slug, contact=contact, conversation=conversation, body=body,
                   channel=conversation.channel if conversation else "whatsapp", now=taken, status="delivered",
                   intent="staff", language=lang)
    tickets.record_staff_reply(session, ticket, taken)
    staff.answered += 1
    if staff.answered % staff.open_every:
        closed = min(taken + timedelta(minutes=rng.randrange(10, 600)), now - timedelta(minutes=5))
        tickets.close(session, ticket, closed, "resolved")
        if conversation is not None:  # as a person's Close does (bot.staff.actions): the resolved tab
            inbox.resolve(conversation, closed)
        if staff.channel is not None:
            survey = satisfaction.ask_after_close(session, staff.channel, workspace, ticket, closed)
            return closed if survey is not None and survey.asked else None
    return None


def _conversation(ctx_for: Any, workspace: Workspace, *, phone: str, name: str, lang: str, kind: str,
                  start: datetime, now: datetime, staff: _Staff, rng: random.Random, snooze: bool = False) -> None:
    from handlers.inbox import snooze as snooze_conversation
    from handlers.pipeline import handle_message

    if kind == "question":
        texts = rng.sample(_lines(workspace.slug, lang, "questions"), k=rng.choice((1, 1, 2)))
        texts += [rng.choice(_lines(workspace.slug, lang, "thanks"))] if rng.random() < 0.5 else []
    elif kind == "person":
        texts = [rng.choice(_lines(workspace.slug, lang, "questions")), rng.choice(_lines(workspace.slug, lang,
                                                                                         "person"))]
    elif kind == "off_topic":
        texts = [rng.choice(_lines(workspace.slug, lang, "off_topic"))]
    else:
        texts = [rng.choice(_lines(workspace.slug, lang, "questions")), _lines(workspace.slug, lang, "opt_out")[0]]
    at = start
    session = ctx_for(at).session
    upsert_customer(session, workspace, _customer(workspace, phone, name, rng), at - timedelta(days=30))
    for text in texts:
        result = handle_message(ctx_for(at), Inbound(workspace=workspace.slug, sender=phone, text=text,
                                                     profile_name=name))
        if result.ticket == "opened":
            ticket = tickets.find_by_number(session, workspace.slug, result.ticket_number or "")
            asked = _work_ticket(session, workspace, ticket, staff, lang, at, now, rng) if ticket else None
            rated = asked + timedelta(minutes=rng.randrange(1, 20)) if asked else None
            if rated is not None and rated < now:  # the customer answers the satisfaction question
                handle_message(ctx_for(rated), Inbound(workspace=workspace.slug, sender=phone,
                                                       text=rng.choice(script()["ratings"]), profile_name=name))
        at += timedelta(minutes=rng.randrange(1, 6))
    if snooze:  # a person put it aside until the customer writes again: the inbox's snoozed tab
        contact = session.exec(select(Contact).where(Contact.workspace == workspace.slug, Contact.phone == phone)).one()
        conversation = session.exec(select(Conversation).where(Conversation.contact_id == contact.id)
                                    .order_by(col(Conversation.id).desc())).first()
        if conversation is not None:
            snooze_conversation(conversation, at)


def _write_week(session: Session, workspace: Workspace, index: int, *, days: int, now: datetime,
                knowledge: Any, channel: Any = None) -> None:
    data = script()
    rng = random.Random(workspace.slug)  # reproducible: the same week for everyone
    staff = _Staff(data["staff"]["name"], int(data["staff"]["unanswered_every"]), int(data["staff"]["open_every"]),
                   channel=channel)
    snooze_every = int(data["staff"]["snooze_every"])
    langs = [lang for lang in workspace.languages if lang in data["workspaces"][workspace.slug]]

    def ctx_for(at: datetime) -> TurnContext:
        return TurnContext(session=session, workspace=workspace, now=at, knowledge=knowledge)

    for number, kind in enumerate(_kinds(int(data["conversations_per_workspace"]), rng), start=1):
        lang = langs[0] if rng.random() < 0.6 else rng.choice(langs)  # mostly the main language
        _conversation(ctx_for, workspace, phone=demo_phone(index, number), name=rng.choice(data["names"][lang]),
                      lang=lang, kind=kind, start=_start(now, workspace, number, days, rng), now=now,
                      staff=staff, rng=rng, snooze=kind == "question" and number % snooze_every == 0)


def generate(engine: Engine, workspaces: list[Workspace], *, environment: str, now: datetime, days: int = 7,
             knowledge: Any = None, only: str | None = None, channel: Any = None) -> Summary:
    """Write `days` days of demo traffic for each workspace without any yet; refuses in production."""
    if environment == "production":
        raise DemoTrafficRefused("demo traffic is for development only; it is never written in production")
    if days < 1:
        raise ValueError("days must be at least 1")
    summary = Summary()
    data = script()
    ordered = sorted(workspaces, key=lambda w: w.numbers[0] if w.numbers else w.slug)
    for index, workspace in enumerate(ordered, start=1):
        if workspace.slug not in data["workspaces"] or (only and workspace.slug != only):
            continue
        with session_scope(engine) as session:  # one transaction a workspace: all of its week or nothing
            if has_demo_traffic(session, workspace.slug):
                summary.skipped.append(workspace.slug)
                continue
            _write_week(session, workspace, index, days=days, now=now, knowledge=knowledge, channel=channel)
        summary.conversations[workspace.slug] = int(data["conversations_per_workspace"])
        log.info("demo traffic: %d conversations over %d days in %s", summary.conversations[workspace.slug], days,
                 workspace.slug)
    return summary
