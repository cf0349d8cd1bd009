"""The outbox: rows made before anything is sent, then claimed one by one, atomically.

Every step is one short transaction committed before the channel is called, so after a crash the
database says exactly which message was in flight: a row left in `sending`. That row becomes
`unknown` and is never resent automatically (at most once: a missed guest can be re-invited by the
owner, a duplicate cannot be taken back). Rows are claimed with `FOR UPDATE SKIP LOCKED` on
PostgreSQL and with a single compare-and-set UPDATE on SQLite (one dispatcher per campaign, see
locks.py). Plain SQL on one connection keeps the per-message cost low (benchmarks/dispatch_rate.py).

Guests added later. Every guest of the event gets exactly one row the first time a dispatcher sees
them: queued (in the audience), skipped (opted out, number not usable) or `excluded` (not in the
kind's audience: wrong status, no table). So "a guest of the event without a row" means "added since
the outbox was made", and the dispatcher adds rows for such guests when a run starts or resumes, about
once a second while it sends, and one last time when no queued row is left: the check and the
campaign's `done` are one transaction that waits for guest inserts still in flight (PostgreSQL: the
event row FOR UPDATE, which conflicts with the FOR KEY SHARE lock every guest insert takes on it;
SQLite: the database's single write lock, taken first). A guest committed before that gets the
campaign; one added after a campaign is `done` (or cancelled) does not. Existing guests keep the row
they got when first seen: a guest whose status enters the audience later is not added (their
`excluded` row stays), as before.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, exists, func, select, text
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Connection
from sqlmodel import Session, col

from bot.core.models import Campaign, Guest, OutboxItem, OutboxState, UTCDateTime
from scheduler.campaigns.audiences import AUDIENCES, NEEDS_TABLE, NO_TABLE, WRONG_STATUS, Plan

S = OutboxState
OUTBOX = OutboxItem.__table__  # type: ignore[attr-defined]
NOT_IN_RESEND = "not_in_resend"  # a follow-up's guests are the ones it was made for (resend.py)
NOT_IN_AUDIENCE = frozenset({WRONG_STATUS, NO_TABLE, NOT_IN_RESEND})  # not the audience at all: `excluded` rows
# A follow-up also reaches guests whom the first send itself moved on: an invitation that left and then
# failed (a delivery callback) has already made its guest "message sent".
RESEND_ALSO: dict[str, frozenset[str]] = {"invitation": frozenset({"message_sent"})}

# Reasons recorded on rows.
BALANCE = "balance"
CANCELLED = "cancelled"
STATUS_CHANGED = "status_changed"
OPTED_OUT = "opted_out"
INTERRUPTED = "interrupted"


def _now_param(sql: str) -> object:
    return text(sql).bindparams(bindparam("now", type_=UTCDateTime()))


def materialize(session: Session, campaign: Campaign, plan: Plan, now: datetime) -> int:
    """Insert one row per planned guest: queued (recipient), skipped (left out, with the reason) or
    excluded (not in the audience); returns rows added.

    INSERT ... ON CONFLICT DO NOTHING under UNIQUE (campaign_id, guest_id): running it again, or
    from two processes at once, adds nothing for a guest who already has a row.
    """
    assert campaign.id is not None
    base = {"workspace": campaign.workspace, "campaign_id": campaign.id, "attempts": 0, "charged": 0,
            "created_at": now, "updated_at": now, "error_code": None, "provider_sid": None}
    rows = [{**base, "guest_id": m.guest_id, "phone": m.phone, "body": m.body, "state": S.queued,
             "reason": None, "segments": m.billed}  # what the row costs: SMS segments, or a WhatsApp message
            for m in plan.recipients]
    rows += [{**base, "guest_id": s.guest_id, "phone": s.phone[:32], "body": "",
              "state": S.excluded if s.reason in NOT_IN_AUDIENCE else S.skipped, "reason": s.reason, "segments": 0}
             for s in plan.skipped]
    if not rows:
        return 0
    before = count_rows(session, campaign.id)
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    for start in range(0, len(rows), 2000):
        statement = insert(OUTBOX).on_conflict_do_nothing(index_elements=["campaign_id", "guest_id"])
        session.execute(statement, rows[start:start + 2000])
    return count_rows(session, campaign.id) - before


def count_rows(session: Session, campaign_id: int) -> int:
    return int(session.execute(select(func.count()).select_from(OUTBOX).where(OUTBOX.c.campaign_id == campaign_id))
               .scalar_one())


def unseen_guests(session: Session, campaign: Campaign) -> list[Guest]:
    """The event's guests that have no row in this campaign's outbox yet (all of them the first time)."""
    has_row = select(OUTBOX.c.id).where(OUTBOX.c.campaign_id == campaign.id, OUTBOX.c.guest_id == col(Guest.id))
    return list(session.scalars(select(Guest).where(col(Guest.event_id) == campaign.event_id, ~exists(has_row))
                                .order_by(col(Guest.id))).all())


@dataclass(frozen=True)
class Claimed:
    id: int
    guest_id: int
    phone: str
    body: str
    segments: int
    charged: int


_PARAM = re.compile(r"(?<!:):([a-z_]+)")


class OutboxDriver:
    """The per-message statements of one campaign, run on the DBAPI connection under one dispatcher.

    SQLAlchemy stays in charge of the connection and of everything done once per run; the hot path
    uses the driver's cursor directly (prepared SQL strings, datetimes bound through the column type's
    own processor), which is most of the difference between ~1 ms and ~0.3 ms of CPU per message.
    Every public method that changes rows ends with `commit()` by the caller, before the channel call.
    """

    def __init__(self, connection: Connection, *, campaign_id: int, event_id: int, workspace: str, kind: str,
                 account_id: int, sms: bool, resend: bool = False) -> None:
        dialect = connection.dialect
        self.postgres = dialect.name == "postgresql"
        self.raw = connection.connection
        self.to_db = UTCDateTime().bind_processor(dialect) or (lambda value: value)
        self.from_db = UTCDateTime().dialect_impl(dialect).result_processor(dialect, None) or (lambda value: value)
        self.campaign_id, self.workspace, self.kind, self.event_id = campaign_id, workspace, kind, event_id
        self.account_id, self.sms, self.invitation = account_id, sms, kind == "invitation"
        # Claims walk forward from the last row claimed (this dispatcher holds the campaign's lock, so
        # nobody else claims behind it): on PostgreSQL the index scan then never re-reads the dead
        # index entries of rows already sent, which would make each claim slower than the last.
        self.after = 0
        self.audience = _audience_sql(kind, resend)
        lock = " FOR UPDATE OF o SKIP LOCKED" if self.postgres else ""
        self._claim = self._sql(
            "UPDATE outboxitem SET state = 'sending', claimed_at = :now, updated_at = :now, "
            "attempts = attempts + 1, charged = segments "
            "WHERE id = (SELECT o.id FROM outboxitem o JOIN guest g ON g.id = o.guest_id "
            "WHERE o.campaign_id = :campaign AND o.state = 'queued' AND o.id > :after AND " + self.audience +
            " AND NOT EXISTS (SELECT 1 FROM contact k WHERE k.workspace = :workspace AND k.phone = o.phone"
            " AND k.opted_out = :yes) ORDER BY o.id LIMIT 1" + lock + ") AND state = 'queued' "
            "RETURNING id, guest_id, phone, body, segments, charged")
        self._charge = self._sql("UPDATE rsvpaccount SET sms_balance = sms_balance - :n "
                                 "WHERE id = :account AND sms_balance >= :n")
        self._refund = self._sql("UPDATE rsvpaccount SET sms_balance = sms_balance + :n WHERE id = :account")
        self._sent = self._sql("UPDATE outboxitem SET state = 'sent', provider_sid = :sid, sent_at = :now, "
                               "updated_at = :now WHERE id = :id AND state = 'sending'")
        self._sent_as = self._sql("UPDATE outboxitem SET state = 'sent', provider_sid = :sid, sent_at = :now, "
                                  "updated_at = :now, body = :body WHERE id = :id AND state = 'sending'")
        # The guest's latest inbound WhatsApp message (WhatsApp's 24-hour window), from message rows and
        # from conversations; both are looked up by the contact's (workspace, phone) key.
        self._inbound = self._sql(
            "SELECT (SELECT max(m.created_at) FROM message m JOIN contact k ON k.id = m.contact_id "
            "WHERE k.workspace = :workspace AND k.phone = :phone AND m.direction = 'inbound' "
            "AND m.channel = 'whatsapp'), "
            "(SELECT max(c.last_inbound_at) FROM conversation c JOIN contact k ON k.id = c.contact_id "
            "WHERE k.workspace = :workspace AND k.phone = :phone AND c.channel = 'whatsapp')")
        self._invited = self._sql("UPDATE guest SET status = 'message_sent', updated_at = :now "
                                  "WHERE id = :guest AND status = 'not_invited'")
        self._close = self._sql("UPDATE outboxitem SET state = :state, reason = :reason, error_code = :code, "
                                "charged = :charged, updated_at = :now WHERE id = :id AND state = 'sending'")
        self._state = self._sql("SELECT state FROM campaign WHERE id = :campaign")
        # Guests of the event without a row in this outbox: added since the rows were made.
        self._unseen = self._sql(
            "SELECT 1 FROM guest g WHERE g.event_id = :event AND NOT EXISTS (SELECT 1 FROM outboxitem o "
            "WHERE o.campaign_id = :campaign AND o.guest_id = g.id) LIMIT 1")
        # Completing waits for guest inserts still in flight: on PostgreSQL each holds FOR KEY SHARE on its
        # event row until it commits, which FOR UPDATE waits for; SQLite has one writer, so taking the
        # write lock first (any UPDATE) does the same.
        self._hold = self._sql("SELECT id FROM event WHERE id = :event FOR UPDATE" if self.postgres else
                               "UPDATE campaign SET updated_at = :now WHERE id = :campaign")
        self._done = self._sql("UPDATE campaign SET state = 'done', finished_at = :now, updated_at = :now "
                               "WHERE id = :campaign")

    def _sql(self, sql: str) -> str:
        return _PARAM.sub(r"%(\1)s", sql) if self.postgres else sql

    def _run(self, sql: str, params: dict[str, object]) -> Any:
        cursor = self.raw.cursor()
        cursor.execute(sql, params)
        return cursor

    def commit(self) -> None:
        self.raw.commit()

    def claim(self, now: datetime) -> Claimed | None:
        """queued -> sending for the next guest still in the audience and not opted out."""
        cursor = self._run(self._claim, {"now": self.to_db(now), "campaign": self.campaign_id,
                                         "after": self.after, "workspace": self.workspace, "yes": True})
        row = cursor.fetchone()
        cursor.close()
        if row is None:
            return None
        claimed = Claimed(*row)
        self.after = claimed.id
        return claimed

    def charge(self, segments: int) -> bool:
        """Take the segments from the balance only if they are all there (no overdraft under races)."""
        if segments <= 0:
            return True
        cursor = self._run(self._charge, {"n": segments, "account": self.account_id})
        return bool(cursor.rowcount)

    def mark_sent(self, item: Claimed, sid: str, now: datetime, body: str | None = None) -> None:
        """`body`: what actually went out when it differs from the planned text (a WhatsApp template)."""
        stamp = self.to_db(now)
        if body is None:
            self._run(self._sent, {"sid": sid, "now": stamp, "id": item.id})
        else:
            self._run(self._sent_as, {"sid": sid, "now": stamp, "id": item.id, "body": body})
        if self.invitation:  # policy: an invited guest's status becomes "message sent"
            self._run(self._invited, {"now": stamp, "guest": item.guest_id})

    def _close_row(self, item: Claimed, now: datetime, state: str, reason: str | None, code: str | None,
                   keep_charge: bool) -> None:
        charged = item.charged if keep_charge else 0
        self._run(self._close, {"state": state, "reason": reason, "code": code, "charged": charged,
                                "now": self.to_db(now), "id": item.id})
        if not keep_charge and item.charged:
            self._run(self._refund, {"n": item.charged, "account": self.account_id})

    def mark_failed(self, item: Claimed, now: datetime, reason: str, code: str | None) -> None:
        """The provider refused it: nothing was sent, so the segments go back to the balance."""
        self._close_row(item, now, S.failed, reason[:64], code[:16] if code else None, keep_charge=False)

    def mark_unknown(self, item: Claimed, now: datetime, reason: str) -> None:
        """It may have left: keep the charge, never resend."""
        self._close_row(item, now, S.unknown, reason[:64], None, keep_charge=True)

    def mark_skipped_uncharged(self, item: Claimed, now: datetime, reason: str) -> None:
        """Skipped before its charge was taken (the balance did not cover it): nothing to give back."""
        self._close_row(replace(item, charged=0), now, S.skipped, reason, None, keep_charge=False)

    def requeue(self, item: Claimed, now: datetime) -> None:
        """The provider was never reached (connection refused): the row may be tried again."""
        self._close_row(item, now, S.queued, None, None, keep_charge=False)
        self.after = min(self.after, item.id - 1)

    def last_whatsapp_inbound(self, phone: str) -> datetime | None:
        cursor = self._run(self._inbound, {"workspace": self.workspace, "phone": phone})
        row = cursor.fetchone()
        cursor.close()
        times = [self.from_db(value) for value in (row or ()) if value is not None]
        return max(times, default=None)

    def campaign_state(self) -> str:
        cursor = self._run(self._state, {"campaign": self.campaign_id})
        row = cursor.fetchone()
        cursor.close()
        return str(row[0])

    def has_unseen_guests(self) -> bool:
        """True when a guest was added to the event since this campaign's rows were made (cheap; no lock)."""
        cursor = self._run(self._unseen, {"event": self.event_id, "campaign": self.campaign_id})
        row = cursor.fetchone()
        cursor.close()
        return row is not None

    def complete(self, now: datetime) -> bool:
        """No queued row is left: close the leftovers and mark the campaign done, in one transaction that
        first waits for guest inserts in flight. False (and nothing changed) when a guest was added
        meanwhile: the caller gives them rows and goes on sending."""
        stamp = self.to_db(now)
        self._run(self._hold, {"event": self.event_id, "campaign": self.campaign_id, "now": stamp}).close()
        if self.has_unseen_guests():
            self.raw.rollback()
            return False
        self.leftovers(now, None)
        self._run(self._done, {"now": stamp, "campaign": self.campaign_id}).close()
        self.commit()
        return True

    def leftovers(self, now: datetime, rest_reason: str | None) -> int:
        """Close rows that will not be sent: opted out or changed status since, then the rest with a reason."""
        stamp = self.to_db(now)
        base = {"now": stamp, "campaign": self.campaign_id}
        done = self._run(self._sql(
            "UPDATE outboxitem SET state = 'skipped', reason = 'opted_out', updated_at = :now "
            "WHERE campaign_id = :campaign AND state = 'queued' AND EXISTS (SELECT 1 FROM contact k "
            "WHERE k.workspace = :workspace AND k.phone = outboxitem.phone AND k.opted_out = :yes)"),
            {**base, "workspace": self.workspace, "yes": True}).rowcount
        done += self._run(self._sql(
            "UPDATE outboxitem SET state = 'skipped', reason = 'status_changed', updated_at = :now "
            "WHERE campaign_id = :campaign AND state = 'queued' AND NOT EXISTS (SELECT 1 FROM guest g "
            "WHERE g.id = outboxitem.guest_id AND " + self.audience + ")"), base).rowcount
        if rest_reason:
            done += self._run(self._sql(
                "UPDATE outboxitem SET state = 'skipped', reason = :reason, updated_at = :now "
                "WHERE campaign_id = :campaign AND state = 'queued'"), {**base, "reason": rest_reason}).rowcount
        return int(done)


def _audience_sql(kind: str, resend: bool = False) -> str:
    statuses = AUDIENCES[kind] | (RESEND_ALSO.get(kind, frozenset()) if resend else frozenset())
    names = ", ".join(f"'{s}'" for s in sorted(statuses))  # fixed enum values, never input
    table = " AND g.table_number IS NOT NULL AND g.table_number <> ''" if kind in NEEDS_TABLE else ""
    return f"g.status IN ({names}){table}"


def recover_interrupted(connection: Connection, campaign_id: int, now: datetime) -> int:
    """Rows a dead dispatcher left in `sending` (the caller holds the campaign's lock): mark them unknown."""
    result = connection.execute(_now_param(
        "UPDATE outboxitem SET state = 'unknown', reason = :reason, updated_at = :now "
        "WHERE campaign_id = :campaign AND state = 'sending'"),
        {"reason": INTERRUPTED, "now": now, "campaign": campaign_id})
    return int(result.rowcount)


def catch_up_statuses(session: Session, campaign_id: int, now: datetime) -> int:
    """Apply delivery callbacks that arrived before the row's sid was recorded (fast providers)."""
    from scheduler.campaigns.status import apply_provider_status

    rows = session.execute(text(
        "SELECT e.provider_sid, e.status, e.error_code FROM messagestatusevent e "
        "JOIN outboxitem o ON o.provider_sid = e.provider_sid WHERE o.campaign_id = :c AND o.state = 'sent' "
        "ORDER BY e.id"), {"c": campaign_id}).all()
    moved = 0
    for sid, status, code in rows:
        moved += apply_provider_status(session, sid, status, code, now)
    return moved
