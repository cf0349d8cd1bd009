"""Dispatch through the outbox: at most once per guest, balance, opt-outs, refusals, crash leftovers."""

from __future__ import annotations

import contextlib
from collections import Counter

from sqlalchemy import text
from sqlalchemy.engine import Engine

from bot.channels import ConsoleChannel, TwilioChannel
from scheduler.campaigns.report import state_counts
from scheduler.rsvp.links import verify_token
from tests.campaigns.factories import SECRET, add_guests, make_event, many_guests, mobile, opt_out
from tests.campaigns.helpers import campaign, dispatcher, guest_statuses, new_campaign, outbox_rows
from tests.conftest import FixedClock
from tests.fakes.fake_twilio import RunningFake


def test_invitation_goes_once_to_each_guest_and_marks_them_sent(engine: Engine, channel: ConsoleChannel,
                                                                  clock: FixedClock) -> None:
    _, event_id = make_event(engine)
    ids = many_guests(engine, event_id, 5)
    campaign_id = new_campaign(engine, event_id)

    result = dispatcher(engine, channel, clock).dispatch(campaign_id)

    assert result.outcome == "done" and result.created == 5
    assert sorted(r.to for r in channel.sent) == sorted(mobile(i) for i in range(5))
    assert guest_statuses(engine, ids) == ["message_sent"] * 5
    rows = outbox_rows(engine, campaign_id)
    assert {r.state for r in rows} == {"sent"} and all(r.provider_sid for r in rows)
    token = channel.sent[0].body.split("/r/")[1].split()[0]
    assert verify_token(SECRET, token) is not None, "the invitation carries the guest's signed personal link"
    assert campaign(engine, campaign_id).state == "done"

    again = dispatcher(engine, channel, clock).dispatch(campaign_id)
    assert again.outcome == "closed" and len(channel.sent) == 5


def test_rerunning_a_started_campaign_creates_no_rows_and_sends_nothing_twice(engine: Engine, channel: ConsoleChannel,
                                                                              clock: FixedClock) -> None:
    _, event_id = make_event(engine)
    many_guests(engine, event_id, 4)
    campaign_id = new_campaign(engine, event_id)
    first = dispatcher(engine, channel, clock, max_unreachable=1)
    first.dispatch(campaign_id)
    with engine.begin() as connection:  # reopen it as if a second process started it again
        connection.execute(text("UPDATE campaign SET state = 'sending' WHERE id = :c"), {"c": campaign_id})
    second = dispatcher(engine, channel, clock).dispatch(campaign_id)
    assert second.created == 0 and second.attempted == 0
    assert Counter(r.to for r in channel.sent).most_common(1)[0][1] == 1
    assert len(outbox_rows(engine, campaign_id)) == 4


def test_balance_runs_out_and_the_rest_is_skipped_with_the_reason(engine: Engine, channel: ConsoleChannel,
                                                                  clock: FixedClock) -> None:
    account_id, event_id = make_event(engine, balance=5)
    many_guests(engine, event_id, 6)
    campaign_id = new_campaign(engine, event_id, template="Hi {{ name }}")  # 1 billed segment each

    result = dispatcher(engine, channel, clock).dispatch(campaign_id)

    assert result.outcome == "balance"
    assert len(channel.sent) == 5
    with engine.connect() as connection:
        balance = connection.execute(text("SELECT sms_balance FROM rsvpaccount WHERE id = :a"),
                                     {"a": account_id}).scalar_one()
    assert balance == 0
    rows = outbox_rows(engine, campaign_id)
    assert [r.state for r in rows] == ["sent"] * 5 + ["skipped"]
    assert rows[-1].reason == "balance"
    assert campaign(engine, campaign_id).state == "done"


def test_only_the_audience_gets_it_and_exclusions_are_recorded(engine: Engine, channel: ConsoleChannel,
                                                              clock: FixedClock) -> None:
    _, event_id = make_event(engine)
    add_guests(engine, event_id, [
        {"name": "Coming", "phone": mobile(1), "status": "coming"},
        {"name": "Maybe", "phone": mobile(2), "status": "maybe"},
        {"name": "No", "phone": mobile(3), "status": "not_coming"},
        {"name": "Out", "phone": mobile(4), "status": "coming"},
        {"name": "Landline", "phone": "+97221234567", "status": "coming"},
        {"name": "Abroad", "phone": "+447911123456", "status": "coming"},
    ])
    opt_out(engine, mobile(4))
    campaign_id = new_campaign(engine, event_id, "reminder")

    dispatcher(engine, channel, clock).dispatch(campaign_id)

    assert sorted(r.to for r in channel.sent) == [mobile(1), mobile(2)]
    reasons = {r.phone: r.reason for r in outbox_rows(engine, campaign_id) if r.state == "skipped"}
    assert reasons == {mobile(4): "opted_out", "+97221234567": "not_israeli_mobile",
                       "+447911123456": "not_israeli_mobile"}


def test_a_guest_who_opted_out_after_rows_were_made_is_skipped_at_send_time(engine: Engine, channel: ConsoleChannel,
                                                                            clock: FixedClock) -> None:
    _, event_id = make_event(engine)
    many_guests(engine, event_id, 3, status="message_sent")
    campaign_id = new_campaign(engine, event_id, "second_round")
    seen: list[int] = []

    def progress(done: int, total: int) -> None:
        if done == 1:
            opt_out(engine, mobile(2))
        seen.append(done)

    dispatcher(engine, channel, clock, progress=progress).dispatch(campaign_id)
    assert sorted(r.to for r in channel.sent) == [mobile(0), mobile(1)]
    assert {r.phone: (r.state, r.reason) for r in outbox_rows(engine, campaign_id)}[mobile(2)] == ("skipped",
                                                                                                  "opted_out")


def test_interrupted_rows_become_unknown_and_are_never_resent(engine: Engine, channel: ConsoleChannel,
                                                             clock: FixedClock) -> None:
    _, event_id = make_event(engine)
    many_guests(engine, event_id, 3)
    campaign_id = new_campaign(engine, event_id)
    dispatcher(engine, channel, clock).dispatch(campaign_id)
    with engine.begin() as connection:  # as a killed process leaves it: one row mid-send, campaign sending
        connection.execute(text("UPDATE outboxitem SET state = 'sending', provider_sid = NULL WHERE id = "
                                "(SELECT min(id) FROM outboxitem WHERE campaign_id = :c)"), {"c": campaign_id})
        connection.execute(text("UPDATE campaign SET state = 'sending' WHERE id = :c"), {"c": campaign_id})
    sent_before = len(channel.sent)

    result = dispatcher(engine, channel, clock).dispatch(campaign_id)

    assert result.recovered_unknown == 1 and len(channel.sent) == sent_before
    assert result.counts["unknown"] == 1 and result.counts["sent"] == 2
    assert result.counts["queued"] == result.counts["sending"] == 0


def test_provider_refusals_fail_the_row_and_refund_the_segments(engine: Engine, clock: FixedClock,
                                                               fake_twilio: RunningFake) -> None:
    account_id, event_id = make_event(engine, balance=100)
    ids = many_guests(engine, event_id, 3)
    fake_twilio.state.fail(mobile(1), 21610)
    channel = TwilioChannel(account_sid="AC" + "1" * 32, auth_token="token", api_base=fake_twilio.base_url)
    campaign_id = new_campaign(engine, event_id, template="Hi {{ name }}")

    result = dispatcher(engine, channel, clock).dispatch(campaign_id)

    assert result.counts["sent"] == 2 and result.counts["failed"] == 1
    failed = [r for r in outbox_rows(engine, campaign_id) if r.state == "failed"][0]
    assert (failed.phone, failed.error_code, failed.charged) == (mobile(1), "21610", 0)
    with engine.connect() as connection:
        balance = connection.execute(text("SELECT sms_balance FROM rsvpaccount WHERE id = :a"),
                                     {"a": account_id}).scalar_one()
    assert balance == 98
    assert fake_twilio.state.by_to() == Counter({mobile(0): 1, mobile(1): 1, mobile(2): 1})
    assert guest_statuses(engine, ids) == ["message_sent", "not_invited", "message_sent"]


def test_cancel_while_sending_stops_and_skips_the_rest(engine: Engine, channel: ConsoleChannel,
                                                       clock: FixedClock) -> None:
    _, event_id = make_event(engine)
    many_guests(engine, event_id, 10)
    campaign_id = new_campaign(engine, event_id)
    ticks = iter(range(10_000))

    def cancel_after_three(done: int, total: int) -> None:
        if done == 3:
            with engine.begin() as connection:
                connection.execute(text("UPDATE campaign SET state = 'cancelled' WHERE id = :c"), {"c": campaign_id})

    result = dispatcher(engine, channel, clock, progress=cancel_after_three, check_every=0.5,
                        monotonic=lambda: float(next(ticks))).dispatch(campaign_id)
    assert result.outcome == "cancelled"
    with engine.connect() as connection:
        counts = state_counts_conn(connection, campaign_id)
    assert counts["sent"] == 3 and counts["skipped"] == 7 and len(channel.sent) == 3


def state_counts_conn(connection: object, campaign_id: int) -> dict[str, int]:
    from sqlmodel import Session

    with Session(bind=connection) as session:  # type: ignore[arg-type]
        return state_counts(session, campaign_id)


def test_cancel_after_the_dispatcher_died_finishes_the_campaign(engine: Engine, channel: ConsoleChannel,
                                                                clock: FixedClock) -> None:
    """No dispatcher will come back for the rows it never claimed: cancelling closes them at once."""
    from sqlmodel import Session

    from scheduler.campaigns.report import campaign_report
    from scheduler.campaigns.scheduling import cancel_campaign

    _, event_id = make_event(engine)
    many_guests(engine, event_id, 10)
    campaign_id = new_campaign(engine, event_id)

    class Died(Exception):
        pass

    def die_after_three(done: int, total: int) -> None:
        if done == 3:
            raise Died

    with contextlib.suppress(Died):
        dispatcher(engine, channel, clock, progress=die_after_three).dispatch(campaign_id)
    with Session(engine, expire_on_commit=False) as session:
        before = campaign_report(session, campaign(engine, campaign_id), include_rows=False)
        assert before["outstanding"] > 0 and before["campaign"]["state"] == "sending"
        cancel_campaign(session, campaign(engine, campaign_id), clock())
        after = campaign_report(session, campaign(engine, campaign_id), include_rows=False)
    assert after["outstanding"] == 0 and after["counts"]["unknown"] == 1 and after["counts"]["skipped"] >= 7
    assert after["campaign"]["state"] == "cancelled" and after["campaign"]["finished_at"] is not None
