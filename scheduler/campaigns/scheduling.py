"""Creating, moving and cancelling campaigns, and the timed job that starts them.

Jobs live in APScheduler's persistent SQLAlchemy job store under a fixed id (`campaign:<id>`,
replace_existing), carry only the campaign id, and re-check everything when they run: a moved or
cancelled campaign simply finds nothing to do. Misfires: the runner coalesces missed runs; a
campaign whose time passed while the service was down still starts when it comes back, up to
`late_grace` (6 h) after its time; later it is closed as missed so an owner never has invitations
going out a day late without deciding it. A periodic sweeper (every minute) starts due campaigns whose
job was lost or dropped, and resumes campaigns a crashed process left in `sending`.
Quiet hours: a send time inside them is refused with the next allowed time; a late start or a running
dispatch that meets them is deferred to the moment they end.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import func, update
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, or_, select

from bot.core.models import Campaign, CampaignState, Event, OutboxItem, OutboxState, utcnow
from bot.core.workspaces import Workspace
from scheduler import jobs
from scheduler.campaigns.audiences import CHANNELS, KINDS, LinkMaker
from scheduler.campaigns.dispatch import PRE_EVENT_KINDS, Dispatcher, DispatchResult
from scheduler.campaigns.locks import dispatch_lock
from scheduler.campaigns.outbox import CANCELLED, recover_interrupted
from scheduler.campaigns.quiet_hours import next_allowed, quiet_reason
from scheduler.campaigns.rules import CampaignRules, rules_for
from scheduler.campaigns.templates import check_template
from scheduler.campaigns.whatsapp import MissingTemplate, require_template

log = logging.getLogger("scheduler.campaigns")
JOB_FUNC = "scheduler.campaigns.scheduling:campaign_job"
PAST_TOLERANCE = timedelta(minutes=1)   # "now" typed by a person is a little in the past by the time it arrives
SWEEP_AFTER = timedelta(seconds=30)     # give the job itself the first chance


class CampaignError(ValueError):
    """A request about a campaign that cannot be done; `status` is the HTTP status it maps to.

    The message is English (the API and the command line); `code` names the refusal for programs and for
    the console, which words it in the planner's language from the code and `detail`, never from the
    sentence (the API's answer carries the code too)."""

    status = 422
    code = "campaign_error"

    def __init__(self, message: str, *, code: str | None = None, **detail: Any) -> None:
        super().__init__(message)
        if code:
            self.code = code
        self.detail = {"message": message, "code": self.code, **detail}


class CampaignConflict(CampaignError):
    """The campaign's state does not allow it (`detail["state"]` says which state it is in)."""

    status = 409
    code = "state"


class QuietTimeError(CampaignError):
    """The send time falls in quiet hours; `next_allowed` is the first time that is not."""

    def __init__(self, reason: str, at: datetime, allowed: datetime) -> None:
        local = allowed.astimezone(at.tzinfo) if at.tzinfo else allowed
        super().__init__(f"no messages may go out at {at.isoformat()} ({reason}); the next allowed time is "
                         f"{local.isoformat()}", code="quiet", reason=reason, next_allowed=allowed.isoformat())
        self.next_allowed = allowed
        self.at = at  # the time asked for: the console and the command line say both in local words


def job_id(campaign_id: int) -> str:
    return f"campaign:{campaign_id}"


def check_spec(kind: str, channel: str, template: str) -> None:
    if kind not in KINDS:
        raise CampaignError(f"unknown campaign kind '{kind}'; known: {', '.join(KINDS)}", code="unknown_kind")
    if channel not in CHANNELS:
        raise CampaignError(f"unknown channel '{channel}'; known: {', '.join(CHANNELS)}", code="unknown_channel")
    if template.strip():
        from scheduler.campaigns.templates import TemplateError

        try:
            check_template(kind, template)
        except TemplateError as exc:
            raise CampaignError(str(exc), code=exc.code, field="template", **exc.values) from exc


def check_segments(rules: CampaignRules, channel: str, longest: int) -> None:
    """An SMS campaign whose longest message passes the segment limit is refused (it would cost a fortune)."""
    from bot.core import limits

    allowed = rules.max_segments or limits.current().campaign_segments
    if channel == "sms" and longest > allowed:
        raise CampaignError(f"the longest message is {longest} SMS segments; at most {allowed} may be sent "
                            f"(sms.max_segments in the workspace file, else CAMPAIGN_MAX_SEGMENTS)",
                            code="segments", field="template", segments=longest, max_segments=allowed)


def check_send_time(rules: CampaignRules, event: Event, kind: str, send_at: datetime, now: datetime) -> datetime:
    """The send time as stored (UTC), or an error saying why it cannot be used."""
    if send_at.tzinfo is None:
        raise CampaignError("send_at needs a time zone offset, e.g. 2027-03-01T10:00:00+02:00", code="bad_date",
                            field="send_at")
    if send_at < now - PAST_TOLERANCE:
        raise CampaignError(f"send_at {send_at.isoformat()} is in the past", code="past", field="send_at")
    at = max(send_at, now)
    if kind in PRE_EVENT_KINDS and at >= event.starts_at:
        raise CampaignError(f"a {kind} must go out before the event starts ({event.starts_at.isoformat()})",
                            code="before_event", field="send_at")
    if kind == "thank_you" and at < event.starts_at:
        raise CampaignError(f"a thank-you goes out after the event starts ({event.starts_at.isoformat()})",
                            code="after_event", field="send_at")
    reason = quiet_reason(rules, at)
    if reason:
        raise QuietTimeError(reason, send_at, next_allowed(rules, at).astimezone(rules.tz))
    return at.astimezone(UTC)


def check_not_twice(session: Session, rules: CampaignRules, event: Event, kind: str, at: datetime,
                    moving: int | None = None) -> None:
    """Refuse a second open campaign of the same kind within the workspace's `rsvp.same_round_hours`
    of another one for the event
    (any channel): an invitation by SMS and one by WhatsApp for the same round both went out to the same
    guests. The refusal names the one already there, so the planner can cancel or move it. A resend
    follow-up is the same round on purpose and is neither refused nor counted."""
    open_states = (CampaignState.scheduled, CampaignState.draft, CampaignState.sending)
    query = (select(Campaign).where(Campaign.event_id == event.id, Campaign.kind == kind,
                                    col(Campaign.state).in_(open_states), col(Campaign.resend_of).is_(None),
                                    col(Campaign.send_at) > at - rules.same_round,
                                    col(Campaign.send_at) < at + rules.same_round)
             .order_by(col(Campaign.send_at)))
    if moving is not None:
        query = query.where(Campaign.id != moving)
    other = session.exec(query).first()
    if other is not None and other.send_at is not None:
        when = (other.send_at if other.send_at.tzinfo else other.send_at.replace(tzinfo=UTC)).astimezone(rules.tz)
        raise CampaignConflict(f"a {kind} of this event is already {other.state} for {when.isoformat()} by "
                               f"{other.channel} (campaign {other.id}); cancel or move it first",
                               code="twice", field="send_at", campaign_id=other.id, channel=other.channel,
                               kind=kind, send_at=when.isoformat(), state=str(other.state))


def _schedule(engine: Engine, campaign: Campaign) -> bool:
    assert campaign.id is not None and campaign.send_at is not None
    return jobs.schedule_once(job_id(campaign.id), JOB_FUNC, campaign.send_at, [campaign.id], engine=engine)


def create_campaign(session: Session, workspace: Workspace, event: Event, *, kind: str, channel: str = "sms",
                    template: str = "", send_at: datetime, now: datetime) -> Campaign:
    """Check and store a campaign, then put its job in the job store (after the commit, so it can find it)."""
    check_spec(kind, channel, template)
    rules = rules_for(workspace)
    try:
        require_template(rules, kind, channel)
    except MissingTemplate as exc:
        raise CampaignError(str(exc), code="whatsapp_template", field=exc.key) from exc
    at = check_send_time(rules, event, kind, send_at, now)
    check_not_twice(session, rules, event, kind, at)
    assert event.id is not None
    campaign = Campaign(workspace=workspace.slug, event_id=event.id, kind=kind, channel=channel,
                        template=template.strip(), send_at=at, state=CampaignState.scheduled,
                        created_at=now, updated_at=now)
    session.add(campaign)
    session.commit()
    session.refresh(campaign)
    _schedule(session.get_bind(), campaign)  # type: ignore[arg-type]
    return campaign


def move_campaign(session: Session, workspace: Workspace, campaign: Campaign, send_at: datetime,
                  now: datetime) -> Campaign:
    if campaign.state not in (CampaignState.scheduled, CampaignState.draft):
        raise CampaignConflict(f"campaign {campaign.id} is {campaign.state}; only a scheduled campaign can be moved",
                               state=str(campaign.state))
    event = session.get(Event, campaign.event_id)
    assert event is not None
    rules = rules_for(workspace)
    at = check_send_time(rules, event, campaign.kind, send_at, now)
    if campaign.resend_of is None:
        check_not_twice(session, rules, event, campaign.kind, at, moving=campaign.id)
    campaign.send_at = at
    campaign.state = CampaignState.scheduled
    campaign.state_reason = None
    campaign.updated_at = now
    session.add(campaign)
    session.commit()
    _schedule(session.get_bind(), campaign)  # type: ignore[arg-type]
    return campaign


def cancel_campaign(session: Session, campaign: Campaign, now: datetime) -> Campaign:
    """A scheduled campaign loses its job; a sending one stops within a second (the rest are skipped)."""
    if campaign.state in (CampaignState.done, CampaignState.cancelled):
        raise CampaignConflict(f"campaign {campaign.id} is already {campaign.state}", state=str(campaign.state))
    sending = campaign.state == CampaignState.sending
    campaign.state = CampaignState.cancelled
    campaign.state_reason = "cancelled by the owner" + (" while sending" if sending else "")
    campaign.updated_at = now
    # Rows not yet claimed will never be sent: close them now, so the report never shows them as
    # outstanding (a dispatcher that died or is paused would otherwise leave them queued forever). Rows
    # a running dispatcher holds (`sending`) are its to finish; with none left the campaign is finished.
    table = OutboxItem.__table__  # type: ignore[attr-defined]
    session.execute(update(table).where(table.c.campaign_id == campaign.id, table.c.state == OutboxState.queued)
                    .values(state=OutboxState.skipped, reason=CANCELLED, updated_at=now))
    in_flight = session.execute(select(func.count()).select_from(table).where(
        table.c.campaign_id == campaign.id, table.c.state == OutboxState.sending)).scalar_one()
    if not sending or not in_flight:
        campaign.finished_at = now
    session.add(campaign)
    session.commit()
    assert campaign.id is not None
    engine: Engine = session.get_bind()  # type: ignore[assignment]
    if campaign.finished_at is None:
        _close_if_no_dispatcher(session, engine, campaign, now)
    jobs.cancel(job_id(campaign.id), engine=engine)
    return campaign


def _close_if_no_dispatcher(session: Session, engine: Engine, campaign: Campaign, now: datetime) -> None:
    """Rows left `sending` by a dispatcher that is gone become `unknown` (they may have left), and the
    campaign is finished; a live dispatcher holds the lock and closes the campaign itself."""
    assert campaign.id is not None
    with dispatch_lock(engine, campaign.id) as free:
        if not free:
            return
        with engine.begin() as connection:
            recover_interrupted(connection, campaign.id, now)
        campaign.finished_at = now
        session.add(campaign)
        session.commit()


# -- running ---------------------------------------------------------------------------------------------


@dataclass
class CampaignRuntime:
    """What starting a campaign needs from the process (the job builds it from scheduler.runtime)."""

    engine: Engine
    workspaces: Any                  # bot.core.workspaces.WorkspaceRegistry
    channel: Any                     # bot.channels.OutputChannel
    clock: Any                       # () -> aware datetime
    public_base_url: str
    secret: str
    rate: float | None = None

    def dispatcher(self, workspace: Workspace, **options: Any) -> Dispatcher:
        callback = f"{self.public_base_url.rstrip('/')}/webhooks/twilio/status" if self.public_base_url else None
        return Dispatcher(engine=self.engine, channel=self.channel, rules=rules_for(workspace),
                          links=LinkMaker(self.public_base_url, self.secret), clock=self.clock,
                          status_callback=callback, rate=self.rate, **options)


def start_campaign(runtime: CampaignRuntime, campaign_id: int) -> DispatchResult | None:
    """Start (or resume) a due campaign; None when there is nothing to do now."""
    now = runtime.clock()
    with Session(runtime.engine, expire_on_commit=False) as session:
        campaign = session.get(Campaign, campaign_id)
        if campaign is None or campaign.state not in (CampaignState.scheduled, CampaignState.sending):
            return None
        workspace = runtime.workspaces.by_slug(campaign.workspace)
        if workspace is None:
            log.error("campaign %s: workspace %s no longer exists", campaign_id, campaign.workspace)
            return None
        rules = rules_for(workspace)
        if campaign.state == CampaignState.scheduled:
            assert campaign.send_at is not None
            if campaign.send_at > now + PAST_TOLERANCE:
                _schedule(runtime.engine, campaign)  # woken early (moved, or a sweep): keep the job in place
                return None
            if now - campaign.send_at > rules.late_grace:
                campaign.state = CampaignState.cancelled
                campaign.state_reason = (f"missed: the service was down at the send time and it is now more than "
                                         f"{rules.late_grace} later; schedule it again")
                campaign.finished_at = campaign.updated_at = now
                session.add(campaign)
                session.commit()
                log.warning("campaign %s missed its time by %s", campaign_id, now - campaign.send_at)
                return None
    result = runtime.dispatcher(workspace).dispatch(campaign_id)
    if result.outcome == "paused" and result.resume_at is not None:
        _defer(runtime.engine, campaign_id, result.resume_at, result.reason or "paused")
    return result


def _defer(engine: Engine, campaign_id: int, resume_at: datetime, reason: str) -> None:
    """Run again at `resume_at`; a campaign that had not started yet moves its send time there."""
    with Session(engine, expire_on_commit=False) as session:
        campaign = session.get(Campaign, campaign_id)
        if campaign is None:
            return
        if campaign.state == CampaignState.scheduled:
            campaign.send_at = resume_at
        campaign.state_reason = f"deferred to {resume_at.isoformat()}: {reason}"
        campaign.updated_at = utcnow()
        session.add(campaign)
        session.commit()
    jobs.schedule_once(job_id(campaign_id), JOB_FUNC, resume_at, [campaign_id], engine=engine)


def due_campaigns(session: Session, now: datetime) -> list[int]:
    """Scheduled campaigns past their time (their job did not run) and campaigns left mid-send."""
    rows = session.exec(select(Campaign.id).where(or_(
        (col(Campaign.state) == CampaignState.scheduled) & (col(Campaign.send_at) <= now - SWEEP_AFTER),
        col(Campaign.state) == CampaignState.sending,
    )).order_by(col(Campaign.id)))
    return [int(i) for i in rows.all() if i is not None]


def sweep(runtime: CampaignRuntime) -> list[DispatchResult]:
    with Session(runtime.engine) as session:
        due = due_campaigns(session, runtime.clock())
    results = []
    for campaign_id in due:
        result = start_campaign(runtime, campaign_id)
        if result is not None:
            results.append(result)
    return results


def runtime_from_context() -> CampaignRuntime:
    from bot.core.settings import get_settings
    from scheduler import runtime

    context = runtime.context()
    secret = context.extras.get("secret_key") or get_settings().secret_key.get_secret_value()
    return CampaignRuntime(engine=context.engine, workspaces=context.workspaces, channel=context.channel,
                           clock=context.now, public_base_url=context.public_base_url, secret=secret)


def campaign_job(campaign_id: int) -> None:
    """The APScheduler job (by dotted name, args = [campaign id])."""
    start_campaign(runtime_from_context(), campaign_id)


def sweep_job() -> None:
    sweep(runtime_from_context())
