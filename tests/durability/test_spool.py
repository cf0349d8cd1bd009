"""Issue 13 items 3 and 12: the spool is on disk (fsynced) before the 503, replayed by the background
worker as soon as the database answers (no restart), each file deleted only after its commit, and a
database locked by another process (SQLite) or unreachable (PostgreSQL) never keeps webhooks waiting."""

from __future__ import annotations

import json
import os
import sqlite3
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import OperationalError

from bot import spool
from bot.app import create_app
from bot.core.db import make_engine
from bot.replies.worker import replay_spool
from handlers.turn import Inbound
from tests.conftest import FixedClock
from tests.durability.conftest import outbound, reply_jobs, twilio_services, wait_for
from tests.durability.tcp_proxy import TcpProxy
from tests.fakes.fake_twilio import RunningFake
from tests.utils.twilio import inbound_form, new_sid, post_signed

PATH = "/webhooks/twilio/messages"


class Outage:
    """Makes the database unavailable to the server's engine and brings it back: SQLite locked by
    another connection (as another process would), PostgreSQL behind a proxy that is cut."""

    def __init__(self, engine: Engine) -> None:
        self.kind = engine.dialect.name
        self._lock: sqlite3.Connection | None = None
        self._proxy: TcpProxy | None = None
        if self.kind == "sqlite":
            self.path = str(make_url(str(engine.url)).database)
            self.engine = engine
        else:
            url = engine.url
            self._proxy = TcpProxy(url.host or "127.0.0.1", url.port or 5432)
            self.engine = make_engine(url.set(port=self._proxy.port).render_as_string(hide_password=False))

    def cut(self) -> None:
        if self._proxy is not None:
            self._proxy.cut()
            return
        self._lock = sqlite3.connect(self.path, isolation_level=None, timeout=30)
        self._lock.execute("BEGIN IMMEDIATE")
        self._lock.execute("CREATE TABLE IF NOT EXISTS _outage (x INTEGER)")

    def restore(self) -> None:
        if self._proxy is not None:
            self._proxy.restore()
            return
        assert self._lock is not None
        self._lock.execute("ROLLBACK")
        self._lock.close()
        self._lock = None

    def close(self) -> None:
        if self._proxy is not None:
            self._proxy.cut()
            self.engine.dispose()


@pytest.fixture
def outage(engine: Engine) -> Iterator[Outage]:
    made = Outage(engine)
    yield made
    made.close()


def _message(index: int) -> Inbound:
    return Inbound(workspace="msg-software", sender=f"+9725031{index:05d}", text="What are your support hours?",
                   provider_sid=new_sid(), recipient="whatsapp:+972500000001")


def test_spooled_message_is_fsynced_before_the_503(tmp_path: Path, outage: Outage, clock: FixedClock,
                                                  fake_twilio: RunningFake, monkeypatch: pytest.MonkeyPatch) -> None:
    services = twilio_services(tmp_path, outage.engine, clock, fake_twilio)
    services.extras["reply_worker_installed"] = True  # only the webhook's own behaviour here
    synced: list[str] = []
    real_fsync = os.fsync

    def recording_fsync(fd: int) -> None:
        synced.append(os.readlink(f"/proc/self/fd/{fd}"))
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", recording_fsync)
    form = inbound_form("hello", sid=new_sid())
    with TestClient(create_app(services=services), raise_server_exceptions=False) as client:
        outage.cut()
        try:
            response = post_signed(client, services.settings, PATH, form)
        finally:
            outage.restore()
    assert response.status_code == 503 and response.headers["Retry-After"] == "30"
    [path] = spool.pending(services.settings.data_dir)
    assert json.loads(path.read_text(encoding="utf-8"))["provider_sid"] == form["MessageSid"]
    folder = str(spool.spool_dir(services.settings.data_dir))
    file_syncs = [i for i, p in enumerate(synced) if p.startswith(folder + "/")]
    assert file_syncs, f"the spool file was not fsynced: {synced}"
    assert any(p == folder for p in synced[file_syncs[0]:]), "the spool folder was not fsynced after the file"
    assert oct(path.stat().st_mode & 0o777) == "0o600"


def test_a_database_that_cannot_be_written_never_keeps_webhooks_waiting(
        tmp_path: Path, outage: Outage, clock: FixedClock, fake_twilio: RunningFake) -> None:
    """8 webhooks at once while the database is locked/unreachable: each spooled with a 503, none waits
    the old 15 s (the first waits the 1 s lock timeout, the others go straight to the spool)."""
    services = twilio_services(tmp_path, outage.engine, clock, fake_twilio)
    services.extras["reply_worker_installed"] = True
    forms = [inbound_form("hello", sender=f"+9725032{i:05d}") for i in range(8)]
    with TestClient(create_app(services=services), raise_server_exceptions=False) as client:
        outage.cut()
        try:
            def post(form: dict[str, str]) -> tuple[int, float]:
                started = time.monotonic()
                response = post_signed(client, services.settings, PATH, form)
                return response.status_code, time.monotonic() - started

            with ThreadPoolExecutor(8) as pool:
                results = list(pool.map(post, forms))
        finally:
            outage.restore()
    assert [status for status, _ in results] == [503] * 8
    assert max(seconds for _, seconds in results) < 8.0, results
    assert spool.pending_count(services.settings.data_dir) == 8


def test_spool_is_replayed_without_a_restart_and_answered_once(
        tmp_path: Path, outage: Outage, clock: FixedClock, fake_twilio: RunningFake) -> None:
    services = twilio_services(tmp_path, outage.engine, clock, fake_twilio)
    forms = [inbound_form("What are your support hours?", sender=f"+9725033{i:05d}") for i in range(6)]
    with TestClient(create_app(services=services), raise_server_exceptions=False) as client:
        outage.cut()
        try:
            assert {post_signed(client, services.settings, PATH, f).status_code for f in forms} == {503}
            assert spool.pending_count(services.settings.data_dir) == 6
            time.sleep(1.5)  # the worker tries meanwhile and keeps everything
            assert spool.pending_count(services.settings.data_dir) == 6
        finally:
            outage.restore()
        wait_for(lambda: spool.pending_count(services.settings.data_dir) == 0)
        wait_for(lambda: fake_twilio.state.count() == 6)
        retries = [post_signed(client, services.settings, PATH, f) for f in forms]  # Twilio's own retries
    assert all(r.status_code == 200 and "<Message>" not in r.text for r in retries)
    assert sorted(fake_twilio.state.by_to().values()) == [1] * 6
    assert len(outbound(outage.engine)) == 6 and all(j.state == "done" for j in reply_jobs(outage.engine))


def test_replay_while_the_database_is_still_down_keeps_everything(
        tmp_path: Path, outage: Outage, clock: FixedClock, fake_twilio: RunningFake) -> None:
    services = twilio_services(tmp_path, outage.engine, clock, fake_twilio)
    data = services.settings.data_dir
    messages = [_message(i) for i in range(20)]
    for message in messages:
        spool.append(data, message)
    outage.cut()
    try:
        with pytest.raises(OperationalError):
            replay_spool(services)
        assert spool.pending_count(data) == 20
    finally:
        outage.restore()
    spool.append(data, messages[0])  # Twilio's retry was spooled twice: stored once all the same
    assert replay_spool(services) == 21
    assert spool.pending_count(data) == 0 and replay_spool(services) == 0
    assert len(reply_jobs(outage.engine)) == 20


def test_a_spool_of_an_earlier_version_is_adopted(tmp_path: Path, engine: Engine, clock: FixedClock,
                                                 fake_twilio: RunningFake) -> None:
    services = twilio_services(tmp_path, engine, clock, fake_twilio)
    legacy = spool.spool_dir(services.settings.data_dir) / "inbound.jsonl"
    legacy.parent.mkdir(parents=True)
    legacy.write_text("".join(json.dumps(asdict(_message(i))) + "\n" for i in range(3)), encoding="utf-8")
    assert spool.pending_count(services.settings.data_dir) == 1  # the old file counts until adopted
    assert replay_spool(services) == 3
    assert not legacy.exists() and spool.pending_count(services.settings.data_dir) == 0
