"""A digest to the event owner when guests answer: one message at most every N minutes, never one per answer.

Each answer is reported once (`OwnerDigest.last_at` per account moves forward only after the message
left); answers the free quota hides are not counted (the digest must not reveal them); nothing goes out
in the campaign quiet hours (night, Shabbat, holidays) — the answers wait for the next digest. Answers
the owner recorded themselves are not news to them and are left out. A guest who confirmed more people
than invited is named, since the owner has to plan seats for them.
"""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlmodel import Session, col, select

from bot.core.models import Event, Guest, GuestStatus, OwnerDigest, RsvpAccount
from bot.core.workspaces import Workspace
from scheduler.campaigns.quiet_hours import quiet_reason
from scheduler.campaigns.rules import rules_for
from scheduler.rsvp.messages import event_name, owner_text
from scheduler.rsvp.quota import quota_info

log = logging.getLogger("scheduler.rsvp.digest")


@dataclass
class EventNews:
    event: Event
    answered: Counter[str] = field(default_factory=Counter)   # new answers by status
    people: int = 0                                           # people in the new "coming" answers
    over: list[tuple[str, int, int]] = field(default_factory=list)  # (name, coming, invited)
    coming_now: int = 0
    people_now: int = 0
    invited_now: int = 0


def news_for(session: Session, workspace: Workspace, account: RsvpAccount, since: datetime) -> list[EventNews]:
    """Answers since `since` on the account's events, visible ones only, with the event's totals."""
    out: list[EventNews] = []
    events = session.exec(select(Event).where(Event.account_id == account.id).order_by(col(Event.starts_at))).all()
    for event in events:
        hidden = quota_info(session, workspace, event, account).hidden_ids
        guests = [g for g in session.exec(select(Guest).where(Guest.event_id == event.id)).all() if g.id not in hidden]
        fresh = [g for g in guests if g.answered_at is not None and g.answered_at > since
                 and g.answer_source != "owner" and g.status in (GuestStatus.coming, GuestStatus.not_coming,
                                                                 GuestStatus.maybe)]
        if not fresh:
            continue
        news = EventNews(event)
        for guest in fresh:
            news.answered[guest.status] += 1
            if guest.status == GuestStatus.coming:
                news.people += guest.party_size
                if guest.party_size > guest.invited_count:
                    news.over.append((guest.name, guest.party_size, guest.invited_count))
        coming = [g for g in guests if g.status == GuestStatus.coming]
        news.coming_now, news.people_now = len(coming), sum(g.party_size for g in coming)
        news.invited_now = sum(g.invited_count for g in guests)
        out.append(news)
    return out


def digest_text(news: list[EventNews], lang: str) -> str:
    lines = []
    for item in news:
        lines.append(owner_text("digest_event", lang, event=event_name(item.event, lang),
                                coming=item.answered[GuestStatus.coming], people=item.people,
                                not_coming=item.answered[GuestStatus.not_coming],
                                maybe=item.answered[GuestStatus.maybe],
                                coming_now=item.coming_now, people_now=item.people_now, invited=item.invited_now))
        lines.extend(owner_text("digest_over_invited", lang, name=name, coming=coming, invited=invited)
                     for name, coming, invited in item.over)
    return "\n".join(lines)


def due(session: Session, workspace: Workspace, account: RsvpAccount, now: datetime) -> tuple[datetime, str] | None:
    """(answers since, the message) when this owner's digest is due now, else None."""
    minutes = workspace.rsvp.owner_digest_minutes
    if not minutes or quiet_reason(rules_for(workspace), now):
        return None
    row = session.get(OwnerDigest, account.id)
    since = row.last_at if row else account.created_at
    if row is not None and now - row.last_at < timedelta(minutes=minutes):
        return None
    news = news_for(session, workspace, account, since)
    if not news:
        return None
    return since, digest_text(news, workspace.default_language)


def mark_sent(session: Session, account: RsvpAccount, now: datetime) -> None:
    row = session.get(OwnerDigest, account.id)
    if row is None:
        session.add(OwnerDigest(account_id=account.id or 0, last_at=now))
    else:
        row.last_at = now


def send_digests() -> int:
    """The periodic job: every due owner gets their digest by SMS through the output channel."""
    from handlers.records import current_conversation, get_or_create_contact
    from scheduler import runtime
    from scheduler.customer_notice import send_to_contact

    context = runtime.context()
    now = context.now()
    sent = 0
    for workspace in context.workspaces:
        if not workspace.rsvp.owner_digest_minutes:
            continue
        with Session(context.engine, expire_on_commit=False) as session:
            accounts = session.exec(select(RsvpAccount).where(RsvpAccount.workspace == workspace.slug)).all()
            for account in accounts:
                found = due(session, workspace, account, now)
                if found is None:
                    continue
                contact = get_or_create_contact(session, workspace.slug, account.owner_phone, account.owner_name)
                conversation = current_conversation(session, contact, "sms", now)
                delivery = send_to_contact(session, context.channel, workspace, contact=contact,
                                           conversation=conversation, body=found[1], purpose="notice", now=now)
                if delivery.sent:
                    mark_sent(session, account, now)
                    sent += 1
                session.commit()
    if sent:
        log.info("owner digests sent: %d", sent)
    return sent
