"""Timed starts: late starts within the grace, missed beyond it, quiet-hours deferral, the sweeper,
pausing when quiet hours begin mid-send, and jobs that survive a restart in the persistent store."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine

from bot.channels import ConsoleChannel
from bot.core.workspaces import WorkspaceRegistry
from scheduler import runtime
from scheduler.campaigns import scheduling
from scheduler.campaigns.scheduling import CampaignRuntime, start_campaign, sweep
from scheduler.runner import build_scheduler
from tests.campaigns.factories import BASE_URL, SECRET, add_guests, event_rsvp, make_event, many_guests, mobile
from tests.campaigns.helpers import campaign, dispatcher, new_campaign, outbox_rows
from tests.conftest import FixedClock

T = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)  # Monday 11:00 in Israel


def _runtime(engine: Engine, channel: ConsoleChannel, clock: FixedClock) -> CampaignRuntime:
    registry = WorkspaceRegistry({"event-rsvp": event_rsvp()})
    return CampaignRuntime(engine=engine, workspaces=registry, channel=channel, clock=clock,
                           public_base_url=BASE_URL, secret=SECRET, rate=1000)


def _job(engine: Engine, campaign_id: int) -> object:
    scheduler = build_scheduler(engine)
    scheduler.start(paused=True)
    try:
        return scheduler.get_job(scheduling.job_id(campaign_id))
    finally:
        scheduler.shutdown(wait=False)


def test_a_campaign_late_by_less_than_the_grace_still_goes_out(engine: Engine, channel: ConsoleChannel,
                                                               clock: FixedClock) -> None:
    _, event_id = make_event(engine)
    many_guests(engine, event_id, 3)
    campaign_id = new_campaign(engine, event_id, send_at=T)
    clock.set(T + timedelta(hours=2))
    result = start_campaign(_runtime(engine, channel, clock), campaign_id)
    assert result is not None and result.outcome == "done" and len(channel.sent) == 3


def test_a_campaign_later_than_the_grace_is_closed_as_missed(engine: Engine, channel: ConsoleChannel,
                                                             clock: FixedClock) -> None:
    _, event_id = make_event(engine)
    many_guests(engine, event_id, 3)
    campaign_id = new_campaign(engine, event_id, send_at=T)
    clock.set(T + timedelta(hours=7))
    assert start_campaign(_runtime(engine, channel, clock), campaign_id) is None
    found = campaign(engine, campaign_id)
    assert found.state == "cancelled" and (found.state_reason or "").startswith("missed")
    assert channel.sent == []


def test_a_late_start_inside_quiet_hours_waits_for_the_morning(engine: Engine, channel: ConsoleChannel,
                                                               clock: FixedClock) -> None:
    _, event_id = make_event(engine)
    many_guests(engine, event_id, 2)
    planned = datetime(2026, 11, 23, 19, 30, tzinfo=UTC)       # 21:30 in Israel
    campaign_id = new_campaign(engine, event_id, send_at=planned)
    clock.set(planned + timedelta(hours=1))                    # back up at 23:30: night
    result = start_campaign(_runtime(engine, channel, clock), campaign_id)
    morning = datetime(2026, 11, 24, 6, 0, tzinfo=UTC)         # 08:00 in Israel
    assert result is not None and result.outcome == "paused" and result.resume_at == morning
    assert channel.sent == [] and campaign(engine, campaign_id).send_at == morning
    job = _job(engine, campaign_id)
    assert job is not None and job.next_run_time == morning  # type: ignore[attr-defined]
    clock.set(morning)
    assert start_campaign(_runtime(engine, channel, clock), campaign_id).outcome == "done"  # type: ignore[union-attr]
    assert len(channel.sent) == 2


def test_quiet_hours_beginning_mid_send_pause_and_resume(engine: Engine, channel: ConsoleChannel,
                                                         clock: FixedClock) -> None:
    _, event_id = make_event(engine)
    many_guests(engine, event_id, 6)
    campaign_id = new_campaign(engine, event_id)
    clock.set("2026-11-23T21:59:00+02:00")
    ticks = iter(range(100_000))

    def night_after_two(done: int, total: int) -> None:
        if done == 2:
            clock.set("2026-11-23T22:00:00+02:00")

    result = dispatcher(engine, channel, clock, progress=night_after_two, check_every=0.5,
                        monotonic=lambda: float(next(ticks))).dispatch(campaign_id)
    assert result.outcome == "paused" and result.resume_at == datetime(2026, 11, 24, 6, 0, tzinfo=UTC)
    assert result.counts["sent"] == 2 and result.counts["queued"] == 4
    clock.set("2026-11-24T08:00:00+02:00")
    again = dispatcher(engine, channel, clock).dispatch(campaign_id)
    assert again.outcome == "done" and again.counts["sent"] == 6 and len(channel.sent) == 6


def test_the_sweeper_starts_lost_jobs_and_resumes_crashed_sends(engine: Engine, channel: ConsoleChannel,
                                                                clock: FixedClock) -> None:
    _, event_id = make_event(engine)
    many_guests(engine, event_id, 4)
    add_guests(engine, event_id, [{"phone": mobile(100 + i), "status": "coming"} for i in range(3)])
    crashed = new_campaign(engine, event_id, "reminder", send_at=T)
    dispatcher(engine, channel, clock).dispatch(crashed)
    with engine.begin() as connection:  # what kill -9 leaves: the campaign sending, one row mid-send
        connection.execute(text("UPDATE campaign SET state = 'sending' WHERE id = :c"), {"c": crashed})
        connection.execute(text("UPDATE outboxitem SET state = 'sending', provider_sid = NULL WHERE id = "
                                "(SELECT max(id) FROM outboxitem WHERE campaign_id = :c AND state = 'sent')"),
                           {"c": crashed})
    lost = new_campaign(engine, event_id, send_at=T)            # its job never ran (no job at all)
    before = len(channel.sent)
    clock.set(T + timedelta(minutes=5))

    results = {r.campaign_id: r for r in sweep(_runtime(engine, channel, clock))}

    assert results[lost].outcome == "done" and results[lost].counts["sent"] == 4
    assert results[crashed].outcome == "done" and results[crashed].recovered_unknown == 1
    assert results[crashed].counts == {**results[crashed].counts, "sent": 2, "unknown": 1}
    assert len(channel.sent) == before + 4, "only the lost campaign's guests got messages"
    assert sweep(_runtime(engine, channel, clock)) == []


def test_jobs_live_in_the_persistent_store_and_call_the_campaign_job(engine: Engine, channel: ConsoleChannel,
                                                                     clock: FixedClock) -> None:
    _, event_id = make_event(engine)
    many_guests(engine, event_id, 2)
    campaign_id = new_campaign(engine, event_id, send_at=T)
    with engine.begin() as connection:
        connection.execute(text("UPDATE campaign SET state = 'scheduled' WHERE id = :c"), {"c": campaign_id})
    from scheduler import jobs

    assert jobs.schedule_once(scheduling.job_id(campaign_id), scheduling.JOB_FUNC, T, [campaign_id], engine=engine)
    job = _job(engine, campaign_id)  # a fresh scheduler, as after a restart, finds it
    assert job is not None
    assert (job.func, job.args, job.next_run_time) == (scheduling.campaign_job, (campaign_id,), T)  # type: ignore[attr-defined]
    runtime.install(runtime.JobContext(engine=engine, workspaces=WorkspaceRegistry({"event-rsvp": event_rsvp()}),
                                       channel=channel, clock=clock, public_base_url=BASE_URL,
                                       extras={"secret_key": SECRET}))
    clock.set(T)
    job.func(*job.args)  # type: ignore[attr-defined]
    assert [r.state for r in outbox_rows(engine, campaign_id)] == ["sent", "sent"]


def test_writing_a_due_job_without_a_running_scheduler_leaves_no_thread_error(
        engine: Engine, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    """A web process or the CLI without the scheduler writes the job store through jobs._writer. The
    paused BackgroundScheduler it used ran one round of its loop at shutdown, found the due job (a
    campaign sent "now"), and died on `JobLookupError 'campaign:1'` in its thread (issue 15)."""
    import logging
    import threading

    from scheduler import jobs

    crashed: list[BaseException | None] = []
    monkeypatch.setattr(threading, "excepthook", lambda args: crashed.append(args.exc_value))
    monkeypatch.setattr(jobs, "_active", None)
    caplog.set_level(logging.DEBUG, logger="apscheduler")
    due = datetime.now(UTC) - timedelta(minutes=1)

    assert jobs.schedule_once("campaign:1", scheduling.JOB_FUNC, due, [1], engine=engine)
    with engine.connect() as connection:
        stored = connection.execute(text("SELECT id FROM apscheduler_jobs")).scalars().all()
    assert stored == ["campaign:1"], "the job waits in the store for the active scheduler"
    assert jobs.cancel("campaign:1", engine=engine)
    assert not jobs.cancel("campaign:1", engine=engine)  # gone already: tolerated, not raised

    assert crashed == []
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING] == []
    assert not [t for t in threading.enumerate() if t.name == "APScheduler"]


def test_one_workaround_for_the_round_after_shutdown(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    """The store writer is the running scheduler's own class, so the round APScheduler runs after shutdown
    is skipped in one place (runner.ServiceScheduler), for both; a stopped scheduler processes nothing."""
    from scheduler import jobs
    from scheduler.runner import ServiceScheduler, build_scheduler

    monkeypatch.setattr(jobs, "_active", None)
    with jobs._writer(engine) as writer:
        assert type(writer) is ServiceScheduler is type(build_scheduler(engine))
    assert writer.state == 0  # STATE_STOPPED
    assert writer._process_jobs() is None  # type: ignore[attr-defined]
