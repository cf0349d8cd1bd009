"""A database that is down: a clear 503, the message spooled, and replayed once it is back."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient
from sqlmodel import Session, select

from bot import spool
from bot.app import create_app, replay_spool
from bot.channels import ConsoleChannel
from bot.core.db import make_engine, migrate
from bot.core.models import Message
from bot.services import build_services
from tests.conftest import FixedClock, make_settings
from tests.utils.twilio import inbound_form, new_sid, post_signed


def test_database_down_spools_and_replays(tmp_path: Path, clock: FixedClock) -> None:
    settings = make_settings(tmp_path)
    dead = make_engine(f"sqlite:///{tmp_path / 'missing' / 'dir' / 'x.db'}")
    dead.dispose()
    (tmp_path / "missing" / "dir").rmdir()  # the database file's folder vanished: every connect fails
    services = build_services(settings, engine=dead, channel=ConsoleChannel(echo=False), clock=clock)
    form = inbound_form("hello", sid=new_sid())
    with TestClient(create_app(services=services), raise_server_exceptions=False) as client:
        response = post_signed(client, settings, "/webhooks/twilio/messages", form)
        assert response.status_code == 503
        assert response.headers["Retry-After"] == "30"
        assert client.get("/readyz").status_code == 503  # not ready: no database
        assert client.get("/healthz").status_code == 200  # but alive: a restart would not help
    spooled = "".join(p.read_text(encoding="utf-8") for p in spool.pending(settings.data_dir))
    assert form["MessageSid"] in spooled

    url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    migrate(url)
    channel = ConsoleChannel(echo=False)
    alive = build_services(settings, engine=make_engine(url), channel=channel, clock=clock)
    assert replay_spool(alive) == 1
    assert replay_spool(alive) == 0  # drained
    with Session(alive.engine) as session:
        stored = session.exec(select(Message).where(Message.provider_sid == form["MessageSid"])).one()
    assert stored.processed
    assert [s.to for s in channel.sent] == ["+972502345678"]  # the answer went out through the channel
