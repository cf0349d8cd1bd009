"""Guests added after a campaign's outbox was made: imported or created while it sends, while it is paused
for the night, or while a crashed run waits for its restart, they still get the campaign if they are in
its audience, once; opted-out and unusable numbers still get nothing; a finished campaign is not resent.

Sends go through the real TwilioChannel to the local fake Twilio server where the count per number
matters (SQLite and PostgreSQL, like every campaign test)."""

from __future__ import annotations

import secrets
import threading
import time
from collections import Counter
from datetime import UTC, datetime, timedelta

from fastapi.testclient import TestClient
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlmodel import Session

from bot.channels import ConsoleChannel, TwilioChannel
from bot.core.models import Event, Guest
from scheduler.campaigns.report import campaign_report
from scheduler.campaigns.scheduling import CampaignRuntime, start_campaign, sweep
from scheduler.rsvp.guest_import import import_guests
from tests.campaigns.factories import BASE_URL, SECRET, add_guests, event_rsvp, make_event, many_guests, mobile, opt_out
from tests.campaigns.helpers import campaign, dispatcher, guest_statuses, new_campaign, outbox_rows
from tests.campaigns.test_whatsapp_templates import INVITATION_SID
from tests.conftest import FixedClock
from tests.fakes.fake_twilio import RunningFake

TOKEN = {"Authorization": "Bearer demo-token-event-rsvp-00004"}
IMPORT = "/api/workspaces/event-rsvp/events/wedding-1/guests/import"
CAMPAIGNS = "/api/workspaces/event-rsvp/events/wedding-1/campaigns"


def twilio(fake: RunningFake) -> TwilioChannel:
    return TwilioChannel(account_sid="AC" + "6" * 32, auth_token="token", api_base=fake.base_url)


def local(phone: str) -> str:
    """+97250xxxxxxx as an owner types it in a spreadsheet: 050xxxxxxx."""
    return "0" + phone.removeprefix("+972")


def import_csv(engine: Engine, event_id: int, rows: list[tuple[str, str]], now: datetime) -> None:
    """The owner's import (scheduler.rsvp.guest_import, what the API and the CLI call), committed."""
    data = ("name,phone\n" + "".join(f"{name},{local(phone)}\n" for name, phone in rows)).encode()
    with Session(engine, expire_on_commit=False) as session:
        event = session.get(Event, event_id)
        assert event is not None
        _, report = import_guests(session, event_rsvp(), event, "late.csv", data, now=now)
        session.commit()
    assert report is not None and report.created == len(rows)


def ticking() -> object:
    """A monotonic clock that moves one second a call: the once-a-second checks run between messages."""
    ticks = iter(range(1_000_000))
    return lambda: float(next(ticks))


def test_a_guest_imported_while_an_invitation_is_sending_gets_it_once(engine: Engine, clock: FixedClock,
                                                                       fake_twilio: RunningFake) -> None:
    _, event_id = make_event(engine)
    ids = many_guests(engine, event_id, 5)
    campaign_id = new_campaign(engine, event_id)

    def import_after_two(done: int, total: int) -> None:
        if done == 2:
            import_csv(engine, event_id, [("Late", mobile(99))], clock())

    result = dispatcher(engine, twilio(fake_twilio), clock, progress=import_after_two, check_every=0.5,
                        monotonic=ticking()).dispatch(campaign_id)

    assert result.outcome == "done" and result.created == 6 and result.counts["sent"] == 6
    assert fake_twilio.state.by_to() == Counter({mobile(i): 1 for i in (0, 1, 2, 3, 4, 99)})
    rows = {r.phone: r for r in outbox_rows(engine, campaign_id)}
    assert rows[mobile(99)].state == "sent" and "/r/" in rows[mobile(99)].body
    assert guest_statuses(engine, ids) == ["message_sent"] * 5
    with engine.connect() as connection:
        late = connection.execute(text("SELECT status FROM guest WHERE phone = :p"), {"p": mobile(99)}).scalar_one()
    assert late == "message_sent"
    assert campaign(engine, campaign_id).state == "done"

    again = dispatcher(engine, twilio(fake_twilio), clock).dispatch(campaign_id)
    assert again.outcome == "closed" and fake_twilio.state.count() == 6


def test_a_guest_added_as_the_last_message_goes_out_still_gets_it(engine: Engine, clock: FixedClock,
                                                                  fake_twilio: RunningFake) -> None:
    """No once-a-second check runs here (the run is shorter): the last look before `done` finds them."""
    _, event_id = make_event(engine)
    many_guests(engine, event_id, 3)
    campaign_id = new_campaign(engine, event_id)
    added: list[int] = []

    def add_at_the_end(done: int, total: int) -> None:
        if done == 3 and not added:
            added.extend(add_guests(engine, event_id, [{"name": "Last", "phone": mobile(77)}]))

    result = dispatcher(engine, twilio(fake_twilio), clock, progress=add_at_the_end,
                        check_every=3600).dispatch(campaign_id)

    assert result.outcome == "done" and result.attempted == 4
    assert fake_twilio.state.by_to() == Counter({mobile(i): 1 for i in (0, 1, 2, 77)})
    assert guest_statuses(engine, added) == ["message_sent"]


def test_completing_waits_for_a_guest_insert_still_in_flight(engine: Engine, clock: FixedClock,
                                                             fake_twilio: RunningFake) -> None:
    """An import that has inserted its guests but not committed yet when the last queued row is sent: the
    campaign is not closed under it (PostgreSQL: the event row lock; SQLite: the write lock)."""
    _, event_id = make_event(engine)
    many_guests(engine, event_id, 2)
    campaign_id = new_campaign(engine, event_id)
    inserted = threading.Event()
    errors: list[BaseException] = []

    def slow_import() -> None:
        try:
            with Session(engine) as session:
                session.add(Guest(workspace="event-rsvp", event_id=event_id, name="Slow", phone=mobile(55),
                                  token_id=secrets.token_urlsafe(16)))
                session.flush()            # the row is written, the transaction still open
                inserted.set()
                time.sleep(0.6)
                session.commit()
        except BaseException as exc:  # noqa: BLE001 - reported by the test below
            errors.append(exc)
            inserted.set()

    worker = threading.Thread(target=slow_import)

    def start_import_at_the_end(done: int, total: int) -> None:
        if done == 2 and not worker.is_alive() and not inserted.is_set():
            worker.start()
            assert inserted.wait(10)

    result = dispatcher(engine, twilio(fake_twilio), clock, progress=start_import_at_the_end,
                        check_every=3600).dispatch(campaign_id)
    worker.join(10)

    assert errors == []
    assert result.outcome == "done"
    assert fake_twilio.state.by_to() == Counter({mobile(0): 1, mobile(1): 1, mobile(55): 1})


def test_a_guest_imported_through_the_api_during_a_night_pause_gets_it_in_the_morning(
        client: TestClient, engine: Engine, clock: FixedClock, fake_twilio: RunningFake) -> None:
    _, event_id = make_event(engine)
    many_guests(engine, event_id, 4)
    campaign_id = new_campaign(engine, event_id)
    clock.set("2026-11-23T21:59:00+02:00")

    def night_after_two(done: int, total: int) -> None:
        if done == 2:
            clock.set("2026-11-23T22:00:00+02:00")

    channel = twilio(fake_twilio)
    paused = dispatcher(engine, channel, clock, progress=night_after_two, check_every=0.5,
                        monotonic=ticking()).dispatch(campaign_id)
    assert paused.outcome == "paused" and paused.counts["sent"] == 2 and paused.counts["queued"] == 2

    clock.set("2026-11-23T23:30:00+02:00")
    files = {"file": ("late.csv", f"name,phone\nNight,{local(mobile(88))}\n".encode(), "text/csv")}
    imported = client.post(IMPORT, headers=TOKEN, files=files)
    assert imported.status_code == 200 and imported.json()["result"]["created"] == 1, imported.text

    clock.set("2026-11-24T08:00:00+02:00")
    resumed = dispatcher(engine, channel, clock).dispatch(campaign_id)

    assert resumed.outcome == "done" and resumed.created == 1 and resumed.attempted == 3
    assert fake_twilio.state.by_to() == Counter({mobile(i): 1 for i in (0, 1, 2, 3, 88)})
    report = client.get(f"{CAMPAIGNS}/{campaign_id}/report", headers=TOKEN).json()
    assert report["total"] == report["counts"]["sent"] == 5
    assert {r["phone"]: r["state"] for r in report["rows"]}[mobile(88)] == "sent"


def test_late_guests_are_judged_like_the_others_and_existing_guests_keep_their_verdict(
        engine: Engine, clock: FixedClock, fake_twilio: RunningFake) -> None:
    _, event_id = make_event(engine)
    first = add_guests(engine, event_id, [
        {"name": "Coming", "phone": mobile(1), "status": "coming"},
        {"name": "Maybe", "phone": mobile(2), "status": "maybe"},
        {"name": "Undecided", "phone": mobile(3), "status": "message_sent"},  # not in a reminder's audience
    ])
    opt_out(engine, mobile(12))
    campaign_id = new_campaign(engine, event_id, "reminder")

    def changes_after_one(done: int, total: int) -> None:
        if done != 1:
            return
        add_guests(engine, event_id, [
            {"name": "Late coming", "phone": mobile(11), "status": "coming"},
            {"name": "Late opted out", "phone": mobile(12), "status": "coming"},
            {"name": "Late landline", "phone": "+97221234568", "status": "coming"},
            {"name": "Late not coming", "phone": mobile(14), "status": "not_coming"},
        ])
        with engine.begin() as connection:  # an existing guest answers while it sends: they were judged already
            connection.execute(text("UPDATE guest SET status = 'coming' WHERE id = :g"), {"g": first[2]})

    result = dispatcher(engine, twilio(fake_twilio), clock, progress=changes_after_one, check_every=0.5,
                        monotonic=ticking()).dispatch(campaign_id)

    assert result.outcome == "done"
    assert fake_twilio.state.by_to() == Counter({mobile(1): 1, mobile(2): 1, mobile(11): 1})
    with Session(engine) as session:
        found = campaign(engine, campaign_id)
        report = campaign_report(session, found)
    assert report["skipped_reasons"] == {"opted_out": 1, "not_israeli_mobile": 1}
    assert report["total"] == 5 and report["counts"]["sent"] == 3 and report["not_in_audience"] == 2
    assert {r["phone"] for r in report["rows"]} == {mobile(1), mobile(2), mobile(11), mobile(12), "+97221234568"}
    excluded = {r.phone: r.reason for r in outbox_rows(engine, campaign_id) if r.state == "excluded"}
    assert excluded == {mobile(3): "wrong_status", mobile(14): "wrong_status"}


def test_a_finished_campaign_is_not_resent_to_guests_added_after_it(engine: Engine, channel: ConsoleChannel,
                                                                    clock: FixedClock) -> None:
    _, event_id = make_event(engine)
    many_guests(engine, event_id, 3)
    T = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
    campaign_id = new_campaign(engine, event_id, send_at=T)
    clock.set(T)
    runtime = CampaignRuntime(engine=engine, workspaces=_registry(), channel=channel, clock=clock,
                              public_base_url=BASE_URL, secret=SECRET, rate=1000)
    assert start_campaign(runtime, campaign_id).outcome == "done"  # type: ignore[union-attr]
    late = add_guests(engine, event_id, [{"name": "After", "phone": mobile(66)}])
    clock.set(T + timedelta(minutes=5))

    assert start_campaign(runtime, campaign_id) is None
    assert sweep(runtime) == []
    assert dispatcher(engine, channel, clock).dispatch(campaign_id).outcome == "closed"
    assert len(channel.sent) == 3 and len(outbox_rows(engine, campaign_id)) == 3
    assert guest_statuses(engine, late) == ["not_invited"]

    follow_up = new_campaign(engine, event_id, send_at=T + timedelta(minutes=5))  # the owner invites them
    assert start_campaign(runtime, follow_up).outcome == "done"  # type: ignore[union-attr]
    assert [m.to for m in channel.sent[3:]] == [mobile(66)], "a new invitation reaches only who was not invited"


def test_a_late_whatsapp_guest_outside_the_window_gets_the_approved_template(engine: Engine, clock: FixedClock,
                                                                            fake_twilio: RunningFake) -> None:
    _, event_id = make_event(engine)
    many_guests(engine, event_id, 2)
    campaign_id = new_campaign(engine, event_id, channel="whatsapp")

    def import_after_one(done: int, total: int) -> None:
        if done == 1:
            import_csv(engine, event_id, [("Late", mobile(44))], clock())

    result = dispatcher(engine, twilio(fake_twilio), clock, progress=import_after_one, check_every=0.5,
                        monotonic=ticking()).dispatch(campaign_id)

    assert result.outcome == "done" and result.counts["sent"] == 3 and result.counts["failed"] == 0
    sent = {t["To"]: t for t in fake_twilio.state.templates()}
    assert set(sent) == {f"whatsapp:{mobile(i)}" for i in (0, 1, 44)}
    assert sent[f"whatsapp:{mobile(44)}"]["ContentSid"] == INVITATION_SID["he"]
    assert sent[f"whatsapp:{mobile(44)}"]["ContentVariables"]["1"] == "Late"
    assert fake_twilio.state.count() == 3


def _registry() -> object:
    from bot.core.workspaces import WorkspaceRegistry

    return WorkspaceRegistry({"event-rsvp": event_rsvp()})
