"""Issue 13, items 9 and 10: console message ids are unique across restarts; the echo is masked."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine

from bot.channels import ConsoleChannel
from tests.campaigns.factories import make_event, many_guests
from tests.campaigns.helpers import dispatcher, new_campaign
from tests.conftest import FixedClock


def test_dispatch_after_a_restart_does_not_collide(engine: Engine, clock: FixedClock) -> None:
    """Before: each process numbered from CONSOLE...01, so the second process's sends hit the unique
    provider_sid, every retry marked one more guest 'unknown' and the campaign never finished."""
    _, first = make_event(engine, key="first")
    _, second = make_event(engine, key="second")
    many_guests(engine, first, 3)
    many_guests(engine, second, 3)
    before = dispatcher(engine, ConsoleChannel(echo=False), clock).dispatch(new_campaign(engine, first))
    after = dispatcher(engine, ConsoleChannel(echo=False), clock).dispatch(new_campaign(engine, second))
    assert before.counts["sent"] == 3 and after.counts["sent"] == 3
    with engine.connect() as connection:
        sids = connection.execute(text("SELECT provider_sid FROM outboxitem")).scalars().all()
    assert len(set(sids)) == 6 and all(sid.startswith("CONSOLE") and len(sid) <= 64 for sid in sids)


def test_echo_masks_numbers_and_texts(capsys: pytest.CaptureFixture[str]) -> None:
    channel = ConsoleChannel(echo=True)
    channel.send_text(to="+972502345678", body="Your link: https://bot.example.com/r/SECRET-TOKEN-123",
                      from_="+972500000004", whatsapp=True)
    printed = capsys.readouterr().err
    assert "+972502345678" not in printed and "2345678" not in printed
    assert "SECRET-TOKEN" not in printed and "Your link" not in printed
    assert "+972******78" in printed and "chars" in printed
