"""Sending one campaign through its outbox, throttled, at most once per guest.

Order of work, each step committed before the next:
1. take the campaign's lock (locks.py); rows a dead dispatcher left in `sending` become `unknown`;
2. give every guest of the event that has no outbox row one (plan -> INSERT ... ON CONFLICT DO
   NOTHING): all of them on the first run, guests added since on a resumed one;
3. per message: record the previous result, claim the next row (queued -> sending) and take its
   segments from the balance, COMMIT; then call the channel; the result is recorded with the next
   claim (or alone at the end), so a crash leaves at most one row per dispatcher in `sending`;
4. no queued row left: mark the campaign done in one transaction with a last look for guests added
   meanwhile (outbox.OutboxDriver.complete); if there are some, they get rows and sending goes on.
Pacing follows a fixed timetable (start + n / rate), so sleeps never accumulate drift. Every second
the dispatcher re-reads the campaign (cancelled?) and the quiet hours (pause until they end), and
gives rows to guests added to the event since (imported or created while it sends).

WhatsApp (whatsapp.py): per message, at send time, a guest who wrote within the last 24 hours (minus
the workspace's margin) gets the free text; anyone else gets the kind's approved template
(`send_template`, Content SID + variables) or, with no template configured, nothing (`failed`,
reason `no_whatsapp_template`). A free text refused with 63016 (the window closed meanwhile) is sent
again as the template: 63016 means nothing went out. SMS is unaffected.

The channel comes from the caller (the scheduler job takes it from scheduler.runtime); errors are read
by duck typing (`code`, `retryable`) because this package does not import bot.channels.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import Connection, Engine
from sqlmodel import Session

from bot.core.logs import masked
from bot.core.models import Campaign, CampaignState, Event, RsvpAccount
from scheduler.campaigns import outbox
from scheduler.campaigns.audiences import LinkMaker, Plan, SkippedGuest, plan_recipients
from scheduler.campaigns.locks import dispatch_lock
from scheduler.campaigns.quiet_hours import next_allowed, quiet_reason
from scheduler.campaigns.report import state_counts
from scheduler.campaigns.rules import CampaignRules
from scheduler.campaigns.whatsapp import NO_TEMPLATE, WINDOW_CLOSED, TemplateMessage, inside_window

log = logging.getLogger("scheduler.campaigns")
PRE_EVENT_KINDS = frozenset({"invitation", "second_round", "reminder", "on_the_way"})
RATE_LIMIT_CODES = frozenset({"20429", "63018"})   # the provider refused for speed: nothing was created
PROVIDER_PAUSE = timedelta(minutes=1)


class CampaignNotFound(LookupError):
    pass


@dataclass
class DispatchResult:
    campaign_id: int
    outcome: str                     # done | paused | cancelled | busy | balance | closed
    created: int = 0                 # outbox rows made by this run (guests added later included)
    recovered_unknown: int = 0       # rows a crashed run left in `sending`, now `unknown`
    attempted: int = 0               # channel calls made by this run
    resume_at: datetime | None = None
    reason: str | None = None
    counts: dict[str, int] = field(default_factory=dict)
    rate: float | None = None        # achieved messages per second (first to last call)


Progress = Callable[[int, int], None]


def _not_sent(exc: BaseException) -> bool:
    """True only when the request surely never reached the provider (refused or connect timeout)."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, ConnectionRefusedError):
            return True
        if type(current).__name__ in {"NewConnectionError", "ConnectTimeoutError", "ConnectTimeout"}:
            return True
        for arg in getattr(current, "args", ()):
            if isinstance(arg, BaseException) and _not_sent(arg):
                return True
        reason = getattr(current, "reason", None)
        if isinstance(reason, BaseException) and _not_sent(reason):
            return True
        current = current.__cause__ or current.__context__
    return False


@dataclass
class Dispatcher:
    engine: Engine
    channel: Any                         # bot.channels.OutputChannel
    rules: CampaignRules
    links: LinkMaker
    clock: Callable[[], datetime]
    status_callback: str | None = None
    rate: float | None = None            # messages per second; default: rsvp.messages_per_second
    sleep: Callable[[float], None] = time.sleep
    monotonic: Callable[[], float] = time.monotonic
    progress: Progress | None = None
    check_every: float = 1.0
    max_unreachable: int = 5

    def dispatch(self, campaign_id: int) -> DispatchResult:
        with dispatch_lock(self.engine, campaign_id) as mine:
            if not mine:
                return DispatchResult(campaign_id, "busy", reason="another dispatcher is sending this campaign")
            return self._run(campaign_id)

    # -- preparation ---------------------------------------------------------------------------------

    def _prepare(self, campaign_id: int) -> tuple[Campaign, Event, RsvpAccount, DispatchResult | None, int, int]:
        now = self.clock()
        with Session(self.engine, expire_on_commit=False) as session:
            campaign = session.get(Campaign, campaign_id)
            if campaign is None:
                raise CampaignNotFound(f"campaign {campaign_id} not found")
            event = session.get(Event, campaign.event_id)
            assert event is not None
            account = session.get(RsvpAccount, event.account_id)
            assert account is not None
            if campaign.state in (CampaignState.done, CampaignState.cancelled):
                return campaign, event, account, DispatchResult(campaign_id, "closed", reason=campaign.state), 0, 0
            with self.engine.connect() as connection:
                recovered = outbox.recover_interrupted(connection, campaign_id, now)
                connection.commit()
            if recovered:
                log.warning("campaign %s: %d interrupted sends marked unknown (not resent)", campaign_id, recovered)
            if campaign.kind in PRE_EVENT_KINDS and now >= event.starts_at:
                self._close(session, campaign, now, CampaignState.cancelled, "event already started")
                return campaign, event, account, DispatchResult(campaign_id, "cancelled", recovered_unknown=recovered,
                                                                reason="event already started"), recovered, 0
            quiet = quiet_reason(self.rules, now)
            if quiet:
                return campaign, event, account, DispatchResult(
                    campaign_id, "paused", recovered_unknown=recovered, reason=f"quiet hours ({quiet})",
                    resume_at=next_allowed(self.rules, now)), recovered, 0
            _, created = self._add_unseen(session, campaign, event, now)
            campaign.materialized_at = campaign.materialized_at or now
            if campaign.state != CampaignState.sending:
                campaign.state = CampaignState.sending
                campaign.started_at = campaign.started_at or now
                campaign.state_reason = None
            campaign.updated_at = now
            session.add(campaign)
            session.commit()
            return campaign, event, account, None, recovered, created

    def _add_unseen(self, session: Session, campaign: Campaign, event: Event, now: datetime) -> tuple[Plan | None, int]:
        """Rows for the event's guests that have none yet (not committed): every guest on the first run,
        then only guests added since. Each is judged now: queued, skipped (with the reason) or excluded."""
        guests = outbox.unseen_guests(session, campaign)
        if not guests:
            return None, 0
        if campaign.resend_of is not None:  # a follow-up never reaches guests added after it was made
            plan = Plan(skipped=[SkippedGuest(g.id or 0, g.name, g.phone, outbox.NOT_IN_RESEND) for g in guests])
            return plan, outbox.materialize(session, campaign, plan, now)
        plan = plan_recipients(session, event=event, kind=campaign.kind, channel=campaign.channel,
                               template=campaign.template, rules=self.rules, links=self.links, guests=guests,
                               network_segments=False)
        return plan, outbox.materialize(session, campaign, plan, now)

    def _top_up(self, campaign: Campaign, event: Event, now: datetime) -> tuple[int, dict[int, TemplateMessage]]:
        """While sending: rows for guests added since, committed; (rows made, their WhatsApp templates)."""
        with Session(self.engine, expire_on_commit=False) as session:
            plan, created = self._add_unseen(session, campaign, event, now)
            session.commit()
        if plan is None:
            return 0, {}
        log.info("campaign %s: %d guests added to the event while sending, %d of them in the audience",
                 campaign.id, created, len(plan.recipients))
        if campaign.channel != "whatsapp" or campaign.kind not in self.rules.whatsapp_templates:
            return created, {}
        return created, {m.guest_id: m.template for m in plan.recipients if m.template is not None}

    @staticmethod
    def _close(session: Session, campaign: Campaign, now: datetime, state: str, reason: str | None) -> None:
        campaign.state = state
        campaign.state_reason = reason
        campaign.finished_at = now
        campaign.updated_at = now
        session.add(campaign)
        session.commit()

    # -- the loop ------------------------------------------------------------------------------------

    def _run(self, campaign_id: int) -> DispatchResult:
        campaign, event, account, early, recovered, created = self._prepare(campaign_id)
        if early is not None:
            early.counts = self._counts(campaign_id)
            return early
        assert account.id is not None and event.id is not None
        result = DispatchResult(campaign_id, "done", created=created, recovered_unknown=recovered)
        templates = self._templates(campaign, event) if campaign.channel == "whatsapp" else {}
        with self.engine.connect() as connection:
            total = self._queued(connection, campaign_id)
            connection.commit()
            driver = outbox.OutboxDriver(connection, campaign_id=campaign_id, event_id=event.id,
                                         workspace=campaign.workspace, kind=campaign.kind, account_id=account.id,
                                         sms=campaign.channel == "sms", resend=campaign.resend_of is not None)
            _Loop(self, driver, total, campaign, event, templates).run(result)
        with Session(self.engine, expire_on_commit=False) as session:
            now = self.clock()
            outbox.catch_up_statuses(session, campaign_id, now)
            session.commit()
            if result.outcome in ("balance", "cancelled"):  # "done" was closed by the loop (driver.complete)
                fresh = session.get(Campaign, campaign_id)
                assert fresh is not None
                state = CampaignState.cancelled if result.outcome == "cancelled" else CampaignState.done
                reason = "SMS balance ran out" if result.outcome == "balance" else fresh.state_reason
                self._close(session, fresh, now, state, reason)
        result.counts = self._counts(campaign_id)
        return result

    def _templates(self, campaign: Campaign, event: Event) -> dict[int, TemplateMessage]:
        """Each audience guest's filled-in WhatsApp template (empty when the kind has none configured)."""
        if campaign.kind not in self.rules.whatsapp_templates:
            log.warning("campaign %s: no rsvp.whatsapp_templates.%s; guests outside the 24-hour window get "
                        "nothing", campaign.id, campaign.kind)
            return {}
        with Session(self.engine) as session:
            plan = plan_recipients(session, event=event, kind=campaign.kind, channel=campaign.channel,
                                   template=campaign.template, rules=self.rules, links=self.links,
                                   network_segments=False)
        return {m.guest_id: m.template for m in plan.recipients if m.template is not None}

    @staticmethod
    def _queued(connection: Connection, campaign_id: int) -> int:
        sql = "SELECT count(*) FROM outboxitem WHERE campaign_id = :c AND state = 'queued'"
        return int(connection.execute(text(sql), {"c": campaign_id}).scalar_one())

    def _counts(self, campaign_id: int) -> dict[str, int]:
        with Session(self.engine) as session:
            return state_counts(session, campaign_id)


@dataclass
class _Loop:
    """One dispatch run's moving parts, so the hot path reads top to bottom."""

    owner: Dispatcher
    db: outbox.OutboxDriver
    total: int
    campaign: Campaign
    event: Event
    templates: dict[int, TemplateMessage] = field(default_factory=dict)   # WhatsApp, by guest id
    # sent, not yet recorded (goes with the next claim): the row, the provider's sid, the template record
    pending: tuple[outbox.Claimed, str, str | None] | None = None
    unreachable: int = 0

    def _record_pending(self, now: datetime) -> None:
        if self.pending is not None:
            item, sid, body = self.pending
            self.db.mark_sent(item, sid, now, body)
            self.pending = None

    def _whatsapp_route(self, claimed: outbox.Claimed, now: datetime) -> tuple[bool, TemplateMessage | None]:
        """(may send, template): free text inside the 24-hour window, else the template if there is one."""
        if inside_window(self.owner.rules, self.db.last_whatsapp_inbound(claimed.phone), now):
            return True, None
        template = self.templates.get(claimed.guest_id)
        return template is not None, template

    def _send(self, claimed: outbox.Claimed, whatsapp: bool,
              template: TemplateMessage | None) -> tuple[Any, TemplateMessage | None]:
        """Call the channel; a free text refused because the window closed meanwhile goes as the template."""
        owner = self.owner
        if template is None:
            try:
                return owner.channel.send_text(to=claimed.phone, body=claimed.body, from_=owner.rules.sender,
                                               whatsapp=whatsapp, status_callback=owner.status_callback), None
            except Exception as exc:
                template = self.templates.get(claimed.guest_id) if whatsapp else None
                if template is None or str(getattr(exc, "code", None)) != WINDOW_CLOSED:
                    raise
                log.info("campaign %s: free text to %s refused (window closed); sending the template",
                         self.db.campaign_id, masked(claimed.phone))
        return owner.channel.send_template(to=claimed.phone, from_=owner.rules.sender,
                                           content_sid=template.content_sid, variables=template.variables,
                                           status_callback=owner.status_callback), template

    def _flush(self) -> None:
        if self.pending is not None:
            self._record_pending(self.owner.clock())
            self.db.commit()

    def _checkpoint(self, result: DispatchResult) -> bool:
        """Between messages: stop when the campaign was cancelled or quiet hours began."""
        self._flush()
        now = self.owner.clock()
        state = self.db.campaign_state()
        if state == CampaignState.cancelled:
            self.db.leftovers(now, outbox.CANCELLED)
            self.db.commit()
            result.outcome = "cancelled"
            return False
        self.db.commit()
        quiet = quiet_reason(self.owner.rules, now)
        if quiet:
            result.outcome, result.reason = "paused", f"quiet hours ({quiet})"
            result.resume_at = next_allowed(self.owner.rules, now)
            return False
        has_new = self.db.has_unseen_guests()
        self.db.commit()
        if has_new:
            self._add_unseen(now, result)
        return True

    def _add_unseen(self, now: datetime, result: DispatchResult) -> None:
        created, templates = self.owner._top_up(self.campaign, self.event, now)
        self.templates.update(templates)
        self.total += created
        result.created += created

    def _complete(self, result: DispatchResult) -> bool:
        """Nothing queued is left: close the campaign as done, unless guests were added meanwhile (False:
        they now have rows, keep sending)."""
        self._flush()
        now = self.owner.clock()
        if self.db.complete(now):
            return True
        self._add_unseen(now, result)
        return False

    def run(self, result: DispatchResult) -> None:
        owner, db = self.owner, self.db
        interval = 1.0 / (owner.rate or owner.rules.messages_per_second)
        whatsapp = not db.sms
        started: float | None = None
        last_call = 0.0
        calls = 0
        next_check = owner.monotonic() + owner.check_every
        while True:
            if started is not None:
                delay = started + calls * interval - owner.monotonic()
                if delay > 0:
                    owner.sleep(delay)
            if owner.monotonic() >= next_check:
                if not self._checkpoint(result):
                    break
                next_check = owner.monotonic() + owner.check_every
            now = owner.clock()
            self._record_pending(now)
            claimed = db.claim(now)
            if claimed is not None and claimed.charged and not db.charge(claimed.charged):
                db.mark_skipped_uncharged(claimed, now, outbox.BALANCE)
                db.leftovers(now, outbox.BALANCE)
                result.outcome, result.reason = "balance", "SMS balance ran out"
                claimed = None
            template: TemplateMessage | None = None
            if claimed is not None and whatsapp:
                may_send, template = self._whatsapp_route(claimed, now)
                if not may_send:  # outside the window and no template: free text would fail (63016)
                    db.mark_failed(claimed, now, NO_TEMPLATE, None)
                    db.commit()
                    continue
            db.commit()  # the claim is durable before the provider hears of it
            if claimed is None:
                if result.outcome != "done" or self._complete(result):
                    break
                continue
            call_at = owner.monotonic()
            if started is None:
                started = call_at
            last_call = call_at
            calls += 1
            result.attempted += 1
            try:
                sent, used = self._send(claimed, whatsapp, template)
            except Exception as exc:  # provider refusal, network, or a bug: decide what is safe
                if not self._failed(exc, claimed, result):
                    break
            else:
                self.unreachable = 0
                self.pending = (claimed, sent.provider_sid, used.as_record() if used else None)
            if owner.progress is not None:
                owner.progress(result.attempted, self.total)
        self._flush()
        if started is not None and calls > 1 and last_call > started:
            result.rate = (calls - 1) / (last_call - started)

    def _failed(self, exc: Exception, claimed: outbox.Claimed, result: DispatchResult) -> bool:
        """Record a failed call; False when the run should pause (provider unreachable or throttling us)."""
        owner, db = self.owner, self.db
        code = getattr(exc, "code", None)
        code = str(code) if code is not None else None
        now = owner.clock()
        log.warning("campaign %s: send to %s failed (%s, code %s)", db.campaign_id, masked(claimed.phone),
                    type(exc).__name__, code)
        self._record_pending(now)
        if code in RATE_LIMIT_CODES or (code is None and _not_sent(exc)):
            db.requeue(claimed, now)
            self.unreachable += 1
        elif code is not None:
            db.mark_failed(claimed, now, "provider_refused", code)
            db.commit()
            return True
        else:  # no answer: it may have left; never resend blindly
            db.mark_unknown(claimed, now, "no_answer_from_provider")
            self.unreachable += 1
        db.commit()
        if self.unreachable >= owner.max_unreachable:
            result.outcome, result.reason = "paused", "the provider is unreachable or throttling"
            result.resume_at = now + PROVIDER_PAUSE
            return False
        owner.sleep(min(2.0 ** self.unreachable, 30.0) / 10)
        return True
