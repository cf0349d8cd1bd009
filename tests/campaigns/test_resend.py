"""Resending a finished campaign to the guests whose copy failed or is unknown (SQLite and PostgreSQL):
each of them once, nobody who got it, idempotent on a double click, quiet hours and SMS credit as for
any campaign, guests added later left out."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import update
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from bot.core.models import Campaign, Guest, OutboxItem, RsvpAccount
from scheduler.campaigns.audiences import LinkMaker
from scheduler.campaigns.resend import create_resend, resend_targets
from scheduler.campaigns.scheduling import CampaignConflict, CampaignError, QuietTimeError
from scheduler.campaigns.status import apply_provider_status
from tests.campaigns.factories import BASE_URL, SECRET, add_guests, event_rsvp, make_event, mobile
from tests.campaigns.helpers import Refusing, dispatcher, new_campaign, outbox_rows
from tests.conftest import FixedClock

LINKS = LinkMaker(BASE_URL, SECRET)


def _first_send(engine: Engine, clock: FixedClock, balance: int = 1000) -> tuple[int, int, list[int], Refusing]:
    """An invitation to five guests: 0 delivered, 1 refused at once, 2 sent then undelivered (callback),
    3 interrupted (unknown), 4 sent. Returns (event id, campaign id, guest ids, channel)."""
    _, event_id = make_event(engine, balance=balance)
    ids = add_guests(engine, event_id, [{"name": f"G{i}", "phone": mobile(i)} for i in range(5)])
    campaign_id = new_campaign(engine, event_id, send_at=clock.now)
    channel = Refusing(echo=False, refuse={mobile(1)})
    assert dispatcher(engine, channel, clock).dispatch(campaign_id).outcome == "done"
    sids = {r.guest_id: r.provider_sid for r in outbox_rows(engine, campaign_id)}
    with Session(engine) as session:
        apply_provider_status(session, sids[ids[0]], "delivered", None, clock.now)
        apply_provider_status(session, sids[ids[2]], "undelivered", "30005", clock.now)
        session.execute(update(OutboxItem).where(OutboxItem.guest_id == ids[3])  # type: ignore[arg-type]
                        .values(state="unknown", reason="interrupted", provider_sid=None))
        session.execute(update(Guest).where(Guest.id == ids[3]).values(status="not_invited"))  # type: ignore[arg-type]
        session.commit()
    return event_id, campaign_id, ids, channel


def _resend(engine: Engine, campaign_id: int, at: datetime, now: datetime):  # type: ignore[no-untyped-def]
    with Session(engine, expire_on_commit=False) as session:
        campaign = session.get(Campaign, campaign_id)
        assert campaign is not None
        return create_resend(session, event_rsvp(), campaign, send_at=at, now=now, links=LINKS)


def test_resend_reaches_failed_and_unknown_guests_once(engine: Engine, clock: FixedClock) -> None:
    event_id, first, ids, channel = _first_send(engine, clock)
    late = add_guests(engine, event_id, [{"name": "Late", "phone": mobile(50)}])[0]

    made = _resend(engine, first, clock.now, clock.now)
    assert made.created and made.recipients == 3 and made.enough_balance
    again = _resend(engine, first, clock.now, clock.now)  # the double click
    assert (again.created, again.campaign.id) == (False, made.campaign.id)

    states = {r.guest_id: (r.state, r.reason) for r in outbox_rows(engine, made.campaign.id or 0)}
    assert {g for g, (s, _) in states.items() if s == "queued"} == {ids[1], ids[2], ids[3]}
    assert states[ids[0]] == states[ids[4]] == states[late] == ("excluded", "not_in_resend")

    channel.refuse.clear()
    channel.sent.clear()
    added_meanwhile = add_guests(engine, event_id, [{"name": "Later", "phone": mobile(51)}])[0]
    assert dispatcher(engine, channel, clock).dispatch(made.campaign.id or 0).outcome == "done"
    assert sorted(r.to for r in channel.sent) == [mobile(1), mobile(2), mobile(3)]
    rows = {r.guest_id: r.state for r in outbox_rows(engine, made.campaign.id or 0)}
    assert rows[added_meanwhile] == "excluded"

    # everybody got it now: a third send finds nobody, and a resend of the resend neither
    with pytest.raises(CampaignError) as refused:
        _resend(engine, made.campaign.id or 0, clock.now, clock.now)
    assert refused.value.detail["reason"] == "nothing_to_resend"


def test_a_resend_of_a_resend_keeps_to_the_chain_and_skips_who_got_it(engine: Engine, clock: FixedClock) -> None:
    _, first, ids, channel = _first_send(engine, clock)
    one = _resend(engine, first, clock.now, clock.now).campaign
    channel.refuse = {mobile(2)}  # still unreachable in the follow-up
    dispatcher(engine, channel, clock).dispatch(one.id or 0)
    with Session(engine) as session:
        follow = session.get(Campaign, one.id)
        assert follow is not None
        assert [g.id for g in resend_targets(session, follow)] == [ids[2]]
    two = _resend(engine, one.id or 0, clock.now, clock.now)
    assert two.created and two.recipients == 1 and two.campaign.resend_of == first
    assert two.campaign.resend_key == f"{first}:2"


def test_resend_waits_for_the_campaign_to_finish(engine: Engine, clock: FixedClock) -> None:
    _, event_id = make_event(engine)
    add_guests(engine, event_id, [{"phone": mobile(1)}])
    campaign_id = new_campaign(engine, event_id, send_at=clock.now)
    with pytest.raises(CampaignConflict):
        _resend(engine, campaign_id, clock.now, clock.now)


def test_resend_respects_quiet_hours_and_says_what_credit_it_needs(engine: Engine, clock: FixedClock) -> None:
    _, first, _, _ = _first_send(engine, clock)
    friday_night = datetime(2026, 11, 27, 20, 0, tzinfo=UTC)  # Shabbat in Israel
    with pytest.raises(QuietTimeError) as quiet:
        _resend(engine, first, friday_night, clock.now)
    assert quiet.value.next_allowed > friday_night
    with Session(engine) as session:
        session.execute(update(RsvpAccount).values(sms_balance=1))  # type: ignore[arg-type]
        session.commit()
    made = _resend(engine, first, clock.now + timedelta(minutes=5), clock.now)
    assert made.billed_segments > made.balance == 1 and not made.enough_balance
    with Session(engine) as session:
        assert session.exec(select(Campaign).where(Campaign.resend_of == first)).one().state == "scheduled"


def test_the_report_counts_resend_targets_in_sql(engine: Engine, clock: FixedClock) -> None:
    """The report's resend card shows how many a follow-up would reach without loading a guest row."""
    from bot.console.pages.campaigns import _resend_context
    from scheduler.campaigns.resend import count_resend_targets

    _, first, ids, channel = _first_send(engine, clock)
    with Session(engine) as session:
        campaign = session.get(Campaign, first)
        assert campaign is not None
        card = _resend_context(session, campaign)
        assert not [row for row in session.identity_map.values() if isinstance(row, Guest)]
        assert card["targets"] == len(resend_targets(session, campaign)) == 3
    one = _resend(engine, first, clock.now, clock.now).campaign
    channel.refuse = {mobile(2)}
    dispatcher(engine, channel, clock).dispatch(one.id or 0)
    with Session(engine) as session:
        for campaign_id in (first, one.id):
            campaign = session.get(Campaign, campaign_id)
            assert campaign is not None
            assert count_resend_targets(session, campaign) == len(resend_targets(session, campaign)) == 1
