"""Security headers, the RSVP form's Origin check, Twilio's AccountSid, and operators' pages in production."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from bot.core.models import Guest, Message
from bot.core.settings import Settings
from bot.services import Services, build_services
from tests.conftest import FixedClock, make_settings
from tests.rsvp.test_page import guest, page  # noqa: F401  (fixture and helper of the RSVP page tests)
from tests.security.conftest import METRICS_TOKEN
from tests.utils.twilio import inbound_form, post_signed

DEMO = {"Authorization": "Bearer demo-token-msg-software-0001"}


def test_api_answers_carry_security_headers(client: TestClient) -> None:
    response = client.get("/api/workspaces/msg-software/customers", headers=DEMO)
    headers = response.headers
    assert "frame-ancestors 'none'" in headers["content-security-policy"]
    assert headers["x-content-type-options"] == "nosniff" and headers["cache-control"] == "no-store"
    assert headers["referrer-policy"] == "no-referrer" and headers["x-frame-options"] == "DENY"
    assert headers["strict-transport-security"].startswith("max-age=")  # PUBLIC_BASE_URL is https here
    assert "frame-ancestors 'none'" in client.get("/api/workspaces/nope/customers").headers["content-security-policy"]


def test_no_hsts_on_a_plain_http_demo(tmp_path: Path, engine: Engine, clock: FixedClock) -> None:
    from bot.app import create_app

    settings = make_settings(tmp_path, public_base_url="http://127.0.0.1:8000")
    with TestClient(create_app(services=build_services(settings, engine=engine, clock=clock))) as client:
        assert "strict-transport-security" not in client.get("/healthz").headers


def test_rsvp_page_cannot_be_framed_and_keeps_its_styles(client: TestClient, services: Services,
                                                         guest: Guest) -> None:  # noqa: F811
    response = client.get(page(services, guest))
    policy = response.headers["content-security-policy"]
    assert response.status_code == 200 and "<style>" in response.text and "<script" not in response.text
    assert "style-src 'unsafe-inline'" in policy and "frame-ancestors 'none'" in policy
    assert response.headers["cache-control"] == "no-store" and response.headers["referrer-policy"] == "same-origin"


@pytest.mark.parametrize("headers", [{"Origin": "https://evil.example"}, {"Origin": "null"},
                                     {"Referer": "https://evil.example/phish.html"},
                                     {"Origin": "https://bot.example.com.evil.example"}])
def test_a_cross_site_form_post_is_refused_with_a_clear_page(client: TestClient, services: Services, engine: Engine,
                                                             guest: Guest, headers: dict[str, str]) -> None:  # noqa: F811
    response = client.post(page(services, guest), data={"status": "coming", "party_size": "2", "lang": "en"},
                           headers=headers, follow_redirects=False)
    assert response.status_code == 403 and "sent from another website" in response.text
    with Session(engine) as session:
        assert session.get(Guest, guest.id).answered_at is None  # type: ignore[union-attr]


@pytest.mark.parametrize("headers", [{"Origin": "https://bot.example.com"}, {},
                                     {"Referer": "https://bot.example.com/r/x?lang=he"}])
def test_the_guest_own_page_may_post(client: TestClient, services: Services, guest: Guest,  # noqa: F811
                                     headers: dict[str, str]) -> None:
    response = client.post(page(services, guest), data={"status": "coming", "party_size": "2"}, headers=headers,
                           follow_redirects=False)
    assert response.status_code == 303


def test_webhooks_of_another_twilio_account_are_refused(client: TestClient, settings: Settings,
                                                        services: Services) -> None:
    """Signed with our token, but for another AccountSid: refused, not stored."""
    form = inbound_form("hello", AccountSid="AC" + "9" * 32)
    assert post_signed(client, settings, "/webhooks/twilio/messages", form).status_code == 403
    with Session(services.engine) as session:
        assert session.exec(select(Message)).first() is None
    assert post_signed(client, settings, "/webhooks/twilio/messages", inbound_form("hello")).status_code == 200


def _basic(password: str) -> dict[str, str]:
    return {"Authorization": "Basic " + base64.b64encode(f"ops:{password}".encode()).decode()}


def test_operators_pages_need_a_token_in_production(prod_client: TestClient, owner_token: str) -> None:
    for path in ("/docs", "/openapi.json", "/metrics", "/redoc"):
        refused = prod_client.get(path)
        assert refused.status_code == 401 and "WWW-Authenticate" in refused.headers, path
        assert prod_client.get(path, headers={"Authorization": "Bearer wrong-but-long-enough"}).status_code == 403
    metrics_bearer = {"Authorization": f"Bearer {METRICS_TOKEN}"}
    assert prod_client.get("/metrics", headers=metrics_bearer).status_code == 200
    assert prod_client.get("/openapi.json", headers=metrics_bearer).json()["info"]["title"]
    assert prod_client.get("/docs", headers=_basic(owner_token)).status_code == 200  # a browser's login prompt
    assert prod_client.get("/openapi.json", headers={"Authorization": f"Bearer {owner_token}"}).status_code == 200
    assert prod_client.get("/metrics", headers={"Authorization": f"Bearer {owner_token}"}).status_code == 403
    assert prod_client.get("/healthz").status_code == 200  # load balancers need no token


def test_operators_pages_stay_open_in_development(client: TestClient) -> None:
    assert client.get("/docs").status_code == 200 and client.get("/metrics").status_code == 200
