"""Issue 13, item 11: throttling per IP and per token on /api, /r/ and the Telegram webhook (429 + Retry-After);
failed authentication is throttled much harder than ordinary use."""

from __future__ import annotations

import asyncio
import secrets
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import redis
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine

from bot.app import create_app
from bot.channels import ConsoleChannel
from bot.core.settings import Settings
from bot.services import build_services
from tests.conftest import FixedClock, make_settings

CUSTOMERS = "/api/workspaces/msg-software/customers"
DEMO = {"Authorization": "Bearer demo-token-msg-software-0001"}
REDIS_URL = "redis://127.0.0.1:6379/15"


def _client(settings: Settings, engine: Engine, clock: FixedClock) -> TestClient:
    services = build_services(settings, engine=engine, channel=ConsoleChannel(echo=False), clock=clock)
    return TestClient(create_app(services=services), raise_server_exceptions=False)


@pytest.fixture
def throttled(tmp_path: Path, engine: Engine, clock: FixedClock) -> Iterator[TestClient]:
    settings = make_settings(tmp_path, rate_limit_failed_auth_per_ip="5/minute", rate_limit_rsvp_per_ip="8/minute",
                             rate_limit_api_per_token="6/minute", rate_limit_telegram_per_ip="3/minute")
    with _client(settings, engine, clock) as client:
        yield client


def test_500_wrong_tokens_do_not_all_get_403(tmp_path: Path, engine: Engine, clock: FixedClock) -> None:
    """The review's attack, with the shipped defaults: 500 guesses, nearly all refused unanswered."""
    with _client(make_settings(tmp_path), engine, clock) as client:
        statuses = Counter(client.get(CUSTOMERS, headers={"Authorization": f"Bearer {secrets.token_urlsafe(24)}"})
                           .status_code for _ in range(500))
        assert statuses[403] <= 20 and statuses[429] >= 480, statuses
        refused = client.get(CUSTOMERS, headers={"Authorization": "Bearer guess"})
    assert refused.status_code == 429 and 1 <= int(refused.headers["Retry-After"]) <= 60


def test_rsvp_link_guessing_is_throttled(throttled: TestClient) -> None:
    statuses = [throttled.get(f"/r/{secrets.token_urlsafe(20)}").status_code for _ in range(12)]
    assert statuses[:5] == [404] * 5 and set(statuses[5:]) == {429}
    refused = throttled.get("/r/anything")
    assert "text/html" in refused.headers["content-type"] and "Retry-After" in refused.headers
    assert "Too many attempts" in refused.text


def test_an_owner_token_has_its_own_allowance(throttled: TestClient) -> None:
    statuses = [throttled.get(CUSTOMERS, headers=DEMO).status_code for _ in range(8)]
    assert statuses == [200] * 6 + [429] * 2
    # another workspace's token from the same address is counted apart
    other = {"Authorization": "Bearer demo-token-web-agency-000005"}
    assert throttled.get("/api/workspaces/web-agency/customers", headers=other).status_code == 200


def test_the_telegram_webhook_is_throttled(throttled: TestClient) -> None:
    statuses = [throttled.post("/webhooks/telegram/some-secret", json={}).status_code for _ in range(5)]
    assert 429 not in statuses[:3] and statuses[3:] == [429, 429]


def test_health_is_not_throttled(throttled: TestClient) -> None:
    assert {throttled.get("/healthz").status_code for _ in range(30)} != {429}


@pytest.fixture
def shared_redis() -> Iterator[str]:
    try:
        connection = redis.Redis.from_url(REDIS_URL)
        connection.ping()
    except redis.exceptions.ConnectionError:
        pytest.skip("Redis is not running at 127.0.0.1:6379")
    connection.flushdb()
    yield REDIS_URL
    connection.flushdb()


def test_workers_share_counters_through_redis(shared_redis: str, tmp_path: Path, engine: Engine,
                                             clock: FixedClock) -> None:
    """Two app instances (two workers) with REDIS_URL: guesses on one count on the other."""
    settings = make_settings(tmp_path, redis_url=shared_redis, rate_limit_failed_auth_per_ip="4/minute")
    with _client(settings, engine, clock) as one, _client(settings, engine, clock) as two:
        wrong = {"Authorization": "Bearer wrong-token-0000000"}
        first = [one.get(CUSTOMERS, headers=wrong).status_code for _ in range(2)]
        second = [two.get(CUSTOMERS, headers=wrong).status_code for _ in range(3)]
    assert first == [403, 403] and second == [403, 403, 429]


def test_a_burst_sent_all_at_once_is_bounded_too(tmp_path: Path, engine: Engine, clock: FixedClock) -> None:
    """500 guesses in flight together: failures are counted as answers leave, so only the in-flight cap
    keeps the burst from all reaching the token check (the review's 500 concurrent wrong tokens)."""
    settings = make_settings(tmp_path)
    services = build_services(settings, engine=engine, channel=ConsoleChannel(echo=False), clock=clock)
    app = create_app(services=services)
    app.state.services = services  # no lifespan under ASGITransport

    async def burst() -> Counter[int]:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="https://bot.example.com") as client:
            answers = await asyncio.gather(*(client.get(CUSTOMERS, headers={
                "Authorization": f"Bearer {secrets.token_urlsafe(24)}"}) for _ in range(500)))
        return Counter(answer.status_code for answer in answers)

    statuses = asyncio.run(burst())
    limit, in_flight = 20, settings.rate_limit_in_flight_per_ip
    assert statuses[403] <= limit + in_flight and statuses[403] + statuses[429] == 500, statuses
