"""Findings of the review of 2026-12 (docs/security-review-2026-12.md) that have no other home."""

from __future__ import annotations

from fastapi.testclient import TestClient

from bot import spool
from bot.core.settings import Settings
from handlers.turn import Inbound


def test_healthz_says_degraded_while_messages_wait_in_the_spool(client: TestClient, settings: Settings) -> None:
    """Issue 13 asks /healthz to say "degraded" when the spool is not empty: messages acknowledged with
    a 503 wait on disk for the database. Still 200: restarting the process would not help them."""
    assert client.get("/healthz").json()["status"] == "ok"
    spool.append(settings.data_dir, Inbound(workspace="msg-software", sender="+972522345001", text="hi",
                                            provider_sid="SMspooled0001", recipient="+972500000001"))
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["status"] == "degraded"
    assert response.json()["spooled"] == 1
