"""Issue 13 item 4: a message stored but never answered (a crash in between) is answered by the sweep
through the REST API, never twice; Twilio's redelivery of such a message gets the answer."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlmodel import Session

from bot import inbound as inbound_door
from bot.app import create_app
from bot.core.models import Message, ReplyState
from bot.replies import jobs
from bot.replies.worker import ReplyWorker
from handlers.turn import Inbound
from tests.conftest import FixedClock
from tests.durability.conftest import outbound, reply_jobs, twilio_services
from tests.fakes.fake_twilio import RunningFake
from tests.utils.twilio import inbound_form, new_sid, post_signed

PATH = "/webhooks/twilio/messages"
CUSTOMER = "+972502345678"
QUESTION = "What are your support hours?"


def _inbound(sid: str | None = None, text: str = QUESTION) -> Inbound:
    return Inbound(workspace="msg-software", sender=CUSTOMER, text=text, provider_sid=sid or new_sid(),
                   recipient="whatsapp:+972500000001")


def test_crash_between_storing_and_answering_is_swept_once(
        tmp_path: Path, engine: Engine, clock: FixedClock, fake_twilio: RunningFake) -> None:
    services = twilio_services(tmp_path, engine, clock, fake_twilio)
    stored = inbound_door.store(services, _inbound())  # the webhook stored and claimed it, then died
    assert stored.claim is not None
    worker = ReplyWorker(services)
    assert worker.tick() == 0 and fake_twilio.state.count() == 0  # the claim still holds: nobody else answers
    clock.set(clock.now + jobs.INLINE_LEASE + timedelta(seconds=1))
    assert worker.tick() == 1
    assert worker.tick() == 0
    [sent] = fake_twilio.state.requests
    assert sent["To"] == f"whatsapp:{CUSTOMER}" and "08:30" in sent["Body"]
    [job] = reply_jobs(engine)
    [reply] = outbound(engine)
    assert job.state == ReplyState.done and job.via == "rest" and job.reply_message_id == reply.id
    assert reply.provider_sid and reply.provider_sid.startswith("SM")


def test_the_late_turn_of_a_claim_taken_over_is_rolled_back(
        tmp_path: Path, engine: Engine, clock: FixedClock, fake_twilio: RunningFake) -> None:
    services = twilio_services(tmp_path, engine, clock, fake_twilio)
    message = _inbound()
    stored = inbound_door.store(services, message)
    assert stored.claim is not None
    clock.set(clock.now + jobs.INLINE_LEASE + timedelta(seconds=1))
    assert ReplyWorker(services).tick() == 1           # the sweep answered through the REST API
    assert inbound_door.answer_now(services, message, stored.claim) is None  # the slow original lost its claim
    assert len(outbound(engine)) == 1 and fake_twilio.state.count() == 1


def test_redelivery_of_a_stored_but_unanswered_message_is_answered_once(
        tmp_path: Path, engine: Engine, clock: FixedClock, fake_twilio: RunningFake) -> None:
    services = twilio_services(tmp_path, engine, clock, fake_twilio)
    sid = new_sid()
    inbound_door.store(services, _inbound(sid), inline=False)  # stored (e.g. from the spool), not answered yet
    form = inbound_form(QUESTION, sender=CUSTOMER, sid=sid)
    services.extras["reply_worker_installed"] = True  # no background worker: the redelivery alone answers
    with TestClient(create_app(services=services), raise_server_exceptions=False) as client:
        first = post_signed(client, services.settings, PATH, form)
        again = post_signed(client, services.settings, PATH, form)
    assert "<Message>" in first.text and "08:30" in first.text
    assert again.text == first.text  # the committed reply again, not a second turn
    assert ReplyWorker(services).tick() == 0
    assert fake_twilio.state.count() == 0
    assert len(outbound(engine)) == 1
    [job] = reply_jobs(engine)
    assert job.state == ReplyState.done and job.via == "twiml"


def test_redelivery_while_another_process_answers_gets_an_empty_response(
        tmp_path: Path, engine: Engine, clock: FixedClock, fake_twilio: RunningFake) -> None:
    services = twilio_services(tmp_path, engine, clock, fake_twilio)
    sid = new_sid()
    stored = inbound_door.store(services, _inbound(sid))  # claimed by a live webhook elsewhere
    assert stored.claim is not None
    with TestClient(create_app(services=services), raise_server_exceptions=False) as client:
        response = post_signed(client, services.settings, PATH, inbound_form(QUESTION, sender=CUSTOMER, sid=sid))
    assert "<Message>" not in response.text
    assert outbound(engine) == []


def test_a_send_lost_in_flight_becomes_unknown_and_is_never_resent(
        tmp_path: Path, engine: Engine, clock: FixedClock, fake_twilio: RunningFake) -> None:
    services = twilio_services(tmp_path, engine, clock, fake_twilio)
    inbound_door.store(services, _inbound(), inline=False)
    worker = ReplyWorker(services)
    [claim] = jobs.claim_batch(engine, clock.now, 1, worker.lease)
    from bot.replies import answering

    with Session(engine) as session:
        message = session.get(Message, claim.message_id)
        assert message is not None
        rebuilt = answering.inbound_of(session, message)
    outcome = answering.answer(services, rebuilt, claim, "rest")  # committed as `sending`; then the process died
    assert outcome is not None
    clock.set(clock.now + jobs.SEND_LEASE + timedelta(seconds=1))
    assert worker.tick() == 0
    [job] = reply_jobs(engine)
    [reply] = outbound(engine)
    assert job.state == ReplyState.unknown and reply.status == "unknown"
    assert fake_twilio.state.count() == 0


def test_a_job_whose_turn_keeps_crashing_gets_one_apology(
        tmp_path: Path, engine: Engine, clock: FixedClock, fake_twilio: RunningFake,
        monkeypatch: object) -> None:
    import handlers.pipeline
    from bot.replies import answering

    def broken(*_: object, **__: object) -> None:
        raise RuntimeError("bug")

    services = twilio_services(tmp_path, engine, clock, fake_twilio)
    inbound_door.store(services, _inbound(), inline=False)
    monkeypatch.setattr(answering, "handle_message", broken)  # type: ignore[attr-defined]
    assert handlers.pipeline.handle_message is not broken
    worker = ReplyWorker(services)
    assert worker.tick() == 1 and worker.tick() == 0
    [sent] = fake_twilio.state.requests
    [job] = reply_jobs(engine)
    assert job.state == ReplyState.done and job.reply_message_id is not None
    [reply] = outbound(engine)
    assert reply.body == sent["Body"] and reply.status == "queued"


def test_the_apology_is_in_the_language_the_customer_wrote(
        tmp_path: Path, engine: Engine, clock: FixedClock, fake_twilio: RunningFake,
        monkeypatch: object) -> None:
    from bot.replies import answering
    from handlers.texts import text

    def broken(*_: object, **__: object) -> None:
        raise RuntimeError("bug")

    services = twilio_services(tmp_path, engine, clock, fake_twilio)
    inbound_door.store(services, _inbound(text="Здравствуйте, не могу войти в программу"), inline=False)
    monkeypatch.setattr(answering, "handle_message", broken)  # type: ignore[attr-defined]
    assert ReplyWorker(services).tick() == 1
    [sent] = fake_twilio.state.requests
    assert sent["Body"] == text("temporary_error", "ru")  # not the workspace's Hebrew


def test_store_is_idempotent_per_message_sid(tmp_path: Path, engine: Engine, clock: FixedClock,
                                             fake_twilio: RunningFake) -> None:
    services = twilio_services(tmp_path, engine, clock, fake_twilio)
    message = _inbound()
    first = inbound_door.store(services, message, inline=False)
    second = inbound_door.store(services, message, inline=False)
    assert first.new and not second.new and first.message_id == second.message_id
    assert len(reply_jobs(engine)) == 1
