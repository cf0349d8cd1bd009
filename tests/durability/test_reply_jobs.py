"""Slow answers leave the request (issue 14): with an LLM answerer the webhook stores and returns an
empty TwiML at once; the worker answers from the stored job through the REST API, exactly once and
in order per conversation. Real openai and twilio clients against the local fakes."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from bot import inbound as inbound_door
from bot.app import create_app
from bot.core.models import Message, ReplyState
from bot.replies.worker import ReplyWorker
from handlers.turn import Inbound
from tests.conftest import FixedClock
from tests.durability.conftest import LLM_ANSWER, outbound, reply_jobs, twilio_services, wait_for
from tests.fakes.fake_openai import FakeOpenAI
from tests.fakes.fake_twilio import RunningFake
from tests.utils.twilio import inbound_form, new_sid, post_signed

PATH = "/webhooks/twilio/messages"
QUESTION = "What are your support hours?"
CUSTOMER = "+972502345678"
EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response />'


def test_slow_model_gets_empty_twiml_at_once_and_the_answer_by_rest(
        tmp_path: Path, engine: Engine, clock: FixedClock, fake_openai: FakeOpenAI, fake_twilio: RunningFake) -> None:
    fake_openai.script.delay = 6.0  # far longer than any webhook turn, so a busy machine cannot blur it
    services = twilio_services(tmp_path, engine, clock, fake_twilio, fake_openai, timeout=20.0)
    with TestClient(create_app(services=services), raise_server_exceptions=False) as client:
        started = time.monotonic()
        response = post_signed(client, services.settings, PATH, inbound_form(QUESTION, sender=CUSTOMER))
        elapsed = time.monotonic() - started
        assert response.status_code == 200 and response.text == EMPTY_TWIML
        assert elapsed < 6.0, f"the webhook waited for the model ({elapsed:.2f}s)"
        wait_for(lambda: fake_twilio.state.count() == 1)
        wait_for(lambda: reply_jobs(engine)[0].state == ReplyState.done)
    [sent] = fake_twilio.state.requests
    assert (sent["To"], sent["Body"], sent["From"]) == (f"whatsapp:{CUSTOMER}", LLM_ANSWER, "whatsapp:+972500000001")
    assert [r["path"] for r in fake_openai.requests].count("chat") == 1
    [reply] = outbound(engine)
    assert reply.body == LLM_ANSWER and reply.topic == "support-hours" and reply.intent == "faq"
    assert reply.provider_sid and reply.provider_sid.startswith("SM") and reply.status == "queued"
    [job] = reply_jobs(engine)
    assert job.via == "rest" and job.reply_message_id == reply.id
    with Session(engine) as session:
        received = session.exec(select(Message).where(Message.direction == "inbound")).one()
    assert received.processed and received.conversation_id == reply.conversation_id


def test_model_is_asked_outside_any_write_transaction(
        tmp_path: Path, engine: Engine, clock: FixedClock, fake_openai: FakeOpenAI, fake_twilio: RunningFake) -> None:
    """While the model thinks, another message from another customer is stored and answered inline."""
    fake_openai.script.delay = 2.0
    services = twilio_services(tmp_path, engine, clock, fake_twilio, fake_openai)
    first = Inbound(workspace="msg-software", sender=CUSTOMER, text=QUESTION, provider_sid=new_sid(),
                    recipient="whatsapp:+972500000001")
    stored = inbound_door.store(services, first, inline=False)
    worker = ReplyWorker(services)
    thread = threading.Thread(target=worker.tick)
    thread.start()
    wait_for(lambda: any(r["path"] == "chat" for r in fake_openai.requests))
    started = time.monotonic()
    second = Inbound(workspace="msg-software", sender="+972502345679", text="hello", provider_sid=new_sid(),
                     recipient="whatsapp:+972500000001")
    other = inbound_door.store(services, second)  # a write while the model is being asked
    assert other.claim is not None
    services.answerer = None  # this one offline: only the first waits for the model
    result = inbound_door.answer_now(services, second, other.claim)
    assert result is not None and result.reply
    assert time.monotonic() - started < 1.5, "a write waited for the model"
    thread.join(10)
    assert [j.state for j in reply_jobs(engine)] == [ReplyState.done, ReplyState.done]
    assert stored.queued and fake_twilio.state.count() == 1


def test_redelivered_message_sid_gets_no_second_answer(
        tmp_path: Path, engine: Engine, clock: FixedClock, fake_openai: FakeOpenAI, fake_twilio: RunningFake) -> None:
    fake_openai.script.delay = 0.5
    services = twilio_services(tmp_path, engine, clock, fake_twilio, fake_openai)
    form = inbound_form(QUESTION, sender=CUSTOMER, sid=new_sid())
    with TestClient(create_app(services=services), raise_server_exceptions=False) as client:
        first = post_signed(client, services.settings, PATH, form)
        second = post_signed(client, services.settings, PATH, form)  # while the first is being answered
        wait_for(lambda: reply_jobs(engine)[0].state == ReplyState.done)
        third = post_signed(client, services.settings, PATH, form)   # after it was answered
        time.sleep(1.0)  # the worker polls twice meanwhile
    assert first.text == second.text == third.text == EMPTY_TWIML
    assert fake_twilio.state.count() == 1
    assert [r["path"] for r in fake_openai.requests].count("chat") == 1
    assert len(outbound(engine)) == 1


def test_a_conversation_is_answered_in_order_one_message_at_a_time(
        tmp_path: Path, engine: Engine, clock: FixedClock, fake_openai: FakeOpenAI, fake_twilio: RunningFake) -> None:
    fake_openai.script.delay = 0.4
    services = twilio_services(tmp_path, engine, clock, fake_twilio, fake_openai)
    questions = ["What are your support hours?", "When are you open?", "What are your hours on Friday?"]
    with TestClient(create_app(services=services), raise_server_exceptions=False) as client:
        for question in questions:
            assert post_signed(client, services.settings, PATH,
                               inbound_form(question, sender=CUSTOMER)).text == EMPTY_TWIML
        wait_for(lambda: [j.state for j in reply_jobs(engine)] == [ReplyState.done] * 3)
    asked = [r for r in fake_openai.requests if r["path"] == "chat"]
    assert [r["messages"][-1]["content"] for r in asked] == questions
    sends = list(fake_twilio.state.requests)
    assert len(sends) == 3
    for earlier_send, later_ask in zip(sends, asked[1:], strict=False):
        assert float(earlier_send["at"]) <= later_ask["at"], "the next message was answered before the earlier one"
    jobs = reply_jobs(engine)
    replies = {m.id: m for m in outbound(engine)}
    sids = [replies[j.reply_message_id].provider_sid for j in jobs]  # type: ignore[index]
    assert sids == sorted(sids)


def test_model_timeout_falls_back_to_the_offline_answer(
        tmp_path: Path, engine: Engine, clock: FixedClock, fake_openai: FakeOpenAI, fake_twilio: RunningFake) -> None:
    fake_openai.script.delay = 2.0
    services = twilio_services(tmp_path, engine, clock, fake_twilio, fake_openai, timeout=0.5)
    with TestClient(create_app(services=services), raise_server_exceptions=False) as client:
        assert post_signed(client, services.settings, PATH, inbound_form(QUESTION, sender=CUSTOMER)).text == EMPTY_TWIML
        wait_for(lambda: fake_twilio.state.count() == 1)
    [sent] = fake_twilio.state.requests
    assert "08:30-16:30" in sent["Body"] and not sent["Body"].startswith("LLM")


def test_refused_send_is_recorded_and_not_retried(
        tmp_path: Path, engine: Engine, clock: FixedClock, fake_openai: FakeOpenAI, fake_twilio: RunningFake) -> None:
    fake_twilio.state.fail(f"whatsapp:{CUSTOMER}", 63016)
    services = twilio_services(tmp_path, engine, clock, fake_twilio, fake_openai)
    with TestClient(create_app(services=services), raise_server_exceptions=False) as client:
        post_signed(client, services.settings, PATH, inbound_form(QUESTION, sender=CUSTOMER))
        wait_for(lambda: reply_jobs(engine)[0].state == ReplyState.failed)
        time.sleep(1.0)
    assert fake_twilio.state.count() == 1
    [reply] = outbound(engine)
    assert reply.status == "failed" and reply.error_code == "63016"


def test_two_workers_answer_every_job_exactly_once(
        tmp_path: Path, engine: Engine, clock: FixedClock, fake_twilio: RunningFake) -> None:
    """Two workers (as in two processes) race over 30 jobs of 10 customers: each answered once, in order."""
    services = twilio_services(tmp_path, engine, clock, fake_twilio)
    customers = [f"+97250300{i:04d}" for i in range(10)]
    texts = ["hello", "What are your support hours?", "thanks"]
    for text in texts:
        for customer in customers:
            inbound_door.store(services, Inbound(workspace="msg-software", sender=customer, text=text,
                                                 provider_sid=new_sid(), recipient="whatsapp:+972500000001"),
                               inline=False)
    workers = [ReplyWorker(services), ReplyWorker(twilio_services(tmp_path, engine, clock, fake_twilio))]

    def drain(worker: ReplyWorker) -> None:
        idle = 0
        while idle < 3:
            idle = 0 if worker.tick() else idle + 1

    threads = [threading.Thread(target=drain, args=(w,)) for w in workers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert fake_twilio.state.count() == 30
    assert set(fake_twilio.state.by_to().values()) == {3}
    assert all(j.state == ReplyState.done and j.reply_message_id for j in reply_jobs(engine))
    with Session(engine) as session:
        for customer in customers:
            received = session.exec(select(Message).where(Message.sender == customer)
                                    .order_by(Message.id)).all()  # type: ignore[arg-type]
            assert [m.body for m in received] == texts
    per_customer: dict[str, list[str]] = {}
    for request in fake_twilio.state.requests:
        per_customer.setdefault(request["To"], []).append(request["Body"])
    greeting = per_customer[f"whatsapp:{customers[0]}"]
    assert "08:30" in greeting[1]  # the hours question answered second, as it was asked


def test_a_model_client_that_breaks_still_gets_the_offline_answer(
        tmp_path: Path, engine: Engine, clock: FixedClock, fake_openai: FakeOpenAI, fake_twilio: RunningFake,
        monkeypatch: pytest.MonkeyPatch) -> None:
    services = twilio_services(tmp_path, engine, clock, fake_twilio, fake_openai)

    def broken(*_: object, **__: object) -> None:
        raise RuntimeError("a bug in the model client")

    monkeypatch.setattr(services.answerer, "answer", broken)
    inbound_door.store(services, Inbound(workspace="msg-software", sender=CUSTOMER, text=QUESTION,
                                         provider_sid=new_sid(), recipient="whatsapp:+972500000001"), inline=False)
    assert ReplyWorker(services).tick() == 1
    [sent] = fake_twilio.state.requests
    assert "08:30-16:30" in sent["Body"] and not sent["Body"].startswith("LLM")
    assert [j.state for j in reply_jobs(engine)] == [ReplyState.done]
