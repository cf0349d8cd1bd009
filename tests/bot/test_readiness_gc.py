"""`bot serve` pauses the cyclic garbage collector for its start-up (bot.cli.serve); getting ready
must resume it, or a serving process would never collect a reference cycle again."""

from __future__ import annotations

import gc

from fastapi.testclient import TestClient

from bot.app import create_app
from bot.services import Services


def test_ready_resumes_the_collector_that_start_up_paused(services: Services) -> None:
    gc.disable()  # as `bot serve` does from its first line
    try:
        with TestClient(create_app(services=services), raise_server_exceptions=False) as client:
            assert client.get("/readyz").status_code == 200
            assert gc.isenabled()
    finally:
        gc.enable()
