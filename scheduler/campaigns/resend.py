"""A follow-up send of a finished campaign to the guests whose copy failed or whose delivery is unknown.

The follow-up is an ordinary campaign of the same kind, channel and text (so dispatch applies the quiet
hours, the SMS balance, pacing and the WhatsApp window exactly as for the first one), whose outbox is made
when the owner asks: a row for each guest to resend to, judged as dispatch would judge them (answered
since, opted out, number no longer usable: skipped), and an `excluded` row (`not_in_resend`) for every
other guest of the event; guests added later get `excluded` rows too (dispatch.py).

Never twice to a guest who got it: a guest is resent to only when some campaign of the chain (the first
campaign and its follow-ups) failed or lost their copy, and no campaign of the event of the same kind
has their copy sent, delivered or still on its way. Idempotent: while a follow-up of the chain has not
finished, asking again returns it; two requests at the same moment both try the key
`<first campaign>:<round>`, which is unique, and the loser returns the winner's follow-up.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, or_, select

from bot.core.models import Campaign, CampaignState, Event, Guest, OutboxItem, OutboxState, RsvpAccount
from bot.core.workspaces import Workspace
from scheduler import jobs
from scheduler.campaigns import outbox
from scheduler.campaigns.audiences import AUDIENCES, LinkMaker, SkippedGuest, plan_recipients
from scheduler.campaigns.preview import costs_within
from scheduler.campaigns.rules import rules_for
from scheduler.campaigns.scheduling import JOB_FUNC, CampaignConflict, CampaignError, check_send_time, job_id

MISSED = (OutboxState.failed, OutboxState.unknown)
GOT_IT = (OutboxState.sent, OutboxState.delivered, OutboxState.queued, OutboxState.sending)
FINISHED = (CampaignState.done, CampaignState.cancelled)


@dataclass(frozen=True)
class Resend:
    """The follow-up, whether this request made it (False: an earlier request did), and what it costs."""

    campaign: Campaign
    created: bool
    recipients: int
    skipped: int
    billed_segments: int
    balance: int

    @property
    def enough_balance(self) -> bool:
        return self.billed_segments <= self.balance


def finished(campaign: Campaign) -> bool:
    """Done or cancelled with nothing in flight (a cancelled send still finishing has no `finished_at`)."""
    return campaign.state in FINISHED and campaign.finished_at is not None


def chain_root(campaign: Campaign) -> int:
    assert campaign.id is not None
    return campaign.resend_of or campaign.id


def _chain(root: int) -> object:
    return select(Campaign.id).where(or_(Campaign.id == root, Campaign.resend_of == root))


def _targets_where(campaign: Campaign) -> tuple[Any, ...]:
    """The event's guests whose copy failed or is unknown in the chain, and who have no copy of this kind
    sent, delivered or on its way in any campaign of the event (as WHERE clauses on Guest)."""
    missed = select(OutboxItem.guest_id).where(col(OutboxItem.campaign_id).in_(_chain(chain_root(campaign))),
                                               col(OutboxItem.state).in_(MISSED))
    same_kind = select(Campaign.id).where(Campaign.event_id == campaign.event_id, Campaign.kind == campaign.kind)
    got = select(OutboxItem.guest_id).where(col(OutboxItem.campaign_id).in_(same_kind),
                                            col(OutboxItem.state).in_(GOT_IT))
    return Guest.event_id == campaign.event_id, col(Guest.id).in_(missed), col(Guest.id).not_in(got)


def resend_targets(session: Session, campaign: Campaign) -> list[Guest]:
    """The guests a follow-up goes to (`_targets_where`), in id order."""
    return list(session.exec(select(Guest).where(*_targets_where(campaign)).order_by(col(Guest.id))).all())


def count_resend_targets(session: Session, campaign: Campaign) -> int:
    """How many guests a follow-up would go to, counted in SQL: the report's card shows only the number,
    and loading every guest row of a 5,000-guest event to count a few failures cost a page view."""
    return int(session.exec(select(func.count()).select_from(Guest).where(*_targets_where(campaign))).one())


def _as_first_seen(guest: Guest, kind: str) -> Guest:
    """The guest as the audience rules saw them before the first send moved them on (outbox.RESEND_ALSO):
    a detached copy, so the real row is not changed."""
    if guest.status not in outbox.RESEND_ALSO.get(kind, frozenset()):
        return guest
    copy = Guest.model_validate(guest.model_dump())
    copy.status = sorted(AUDIENCES[kind])[0]
    return copy


def open_resend(session: Session, campaign: Campaign) -> Campaign | None:
    """A follow-up of this chain that has not finished yet (scheduled, paused, sending)."""
    return session.exec(select(Campaign).where(Campaign.resend_of == chain_root(campaign),
                                               col(Campaign.finished_at).is_(None),
                                               col(Campaign.state).not_in(FINISHED))
                        .order_by(col(Campaign.id))).first()


def _existing(session: Session, campaign: Campaign, account: RsvpAccount) -> Resend:
    assert campaign.id is not None
    rows = dict(session.exec(select(OutboxItem.state, func.count()).where(OutboxItem.campaign_id == campaign.id)
                             .group_by(col(OutboxItem.state))).all())
    billed = session.exec(select(func.coalesce(func.sum(OutboxItem.segments), 0))
                          .where(OutboxItem.campaign_id == campaign.id)).one()
    recipients = sum(n for state, n in rows.items() if state not in (OutboxState.skipped, OutboxState.excluded))
    return Resend(campaign, False, recipients, rows.get(OutboxState.skipped, 0), int(billed), account.sms_balance)


def create_resend(session: Session, workspace: Workspace, campaign: Campaign, *, send_at: datetime,
                  now: datetime, links: LinkMaker) -> Resend:
    """Make (or find) the follow-up of `campaign` and schedule it at `send_at` (refused inside quiet hours,
    like any campaign: QuietTimeError names the next allowed time). Commits."""
    if not finished(campaign):  # cancelled with a send in flight: not yet
        raise CampaignConflict(f"campaign {campaign.id} is {campaign.state}; resend once it has finished",
                               field="resend", state=str(campaign.state))
    event = session.get(Event, campaign.event_id)
    assert event is not None and event.id is not None
    account = session.get(RsvpAccount, event.account_id)
    assert account is not None
    found = open_resend(session, campaign)
    if found is not None:
        return _existing(session, found, account)
    targets = resend_targets(session, campaign)
    if not targets:
        raise CampaignError("nobody to resend to: every copy was delivered, sent or is on its way",
                            code="nothing_to_resend", field="resend", reason="nothing_to_resend")
    rules = rules_for(workspace)
    at = check_send_time(rules, event, campaign.kind, send_at, now)
    root = chain_root(campaign)
    rounds = session.exec(select(func.count()).where(Campaign.resend_of == root)).one()
    follow_up = Campaign(workspace=campaign.workspace, event_id=event.id, kind=campaign.kind, channel=campaign.channel,
                         template=campaign.template, send_at=at, state=CampaignState.scheduled,
                         resend_of=root, resend_key=f"{root}:{rounds + 1}",
                         created_at=now, updated_at=now)
    session.add(follow_up)
    try:
        session.flush()
    except IntegrityError:  # the same request a moment earlier (a double click) made it
        session.rollback()
        same = session.exec(select(Campaign).where(Campaign.resend_key == f"{root}:{rounds + 1}")).one()
        return _existing(session, same, account)
    plan = plan_recipients(session, event=event, kind=campaign.kind, channel=campaign.channel,
                           template=campaign.template, rules=rules, links=links,
                           guests=[_as_first_seen(g, campaign.kind) for g in targets], network_segments=False)
    chosen = {g.id for g in targets}
    others = session.exec(select(Guest).where(Guest.event_id == event.id, col(Guest.id).not_in(chosen))).all()
    plan.skipped += [SkippedGuest(g.id or 0, g.name, g.phone, outbox.NOT_IN_RESEND) for g in others]
    outbox.materialize(session, follow_up, plan, now)
    session.commit()
    session.refresh(follow_up)
    assert follow_up.id is not None
    jobs.schedule_once(job_id(follow_up.id), JOB_FUNC, at, [follow_up.id],
                       engine=session.get_bind())  # type: ignore[arg-type]
    return Resend(follow_up, True, len(plan.recipients), len(plan.skipped) - len(others),
                  plan.billed_total, account.sms_balance)


def follow_up_numbers(session: Session, campaign: Campaign) -> dict[str, object]:
    """A pending follow-up's recipients and cost against the balance, in the preview's terms (its rows are
    already made, so they are counted rather than planned again from the kind's audience)."""
    assert campaign.id is not None
    event = session.get(Event, campaign.event_id)
    account = session.get(RsvpAccount, event.account_id) if event else None
    balance = account.sms_balance if account else 0
    costs = [int(n) for n in session.exec(select(OutboxItem.segments).where(
        OutboxItem.campaign_id == campaign.id, OutboxItem.state == OutboxState.queued)).all()]
    cost = sum(costs)  # a row's cost: its SMS segments or its WhatsApp message (outbox.materialize)
    return {"channel": campaign.channel, "balance": balance, "recipients_count": len(costs),
            "cost_segments": cost, "enough_balance": cost <= balance, "shortfall": max(0, cost - balance),
            "would_send": costs_within(costs, balance)}
