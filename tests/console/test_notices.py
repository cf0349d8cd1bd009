"""Review note N9: a page's alert box shows only what this console wrote for this session. A link with
its own `?error=` sentence ("your session expired, call ...") shows nothing; the console's own
redirect still shows its message."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine

from bot.channels import ConsoleChannel
from bot.services import Services
from tests.console.conftest import log_in, make_user

OWNER = "+972522000057"
PLANTED = "Your session expired, call 03-555-0000"


def test_a_planted_alert_is_not_shown_but_the_consoles_own_is(client: TestClient, engine: Engine,
                                                               services: Services, channel: ConsoleChannel) -> None:
    make_user(engine, services, phone=OWNER, name="Rina Owner", role="owner", workspace="msg-software")
    csrf = log_in(client, channel, OWNER)
    for url in (f"/app/users?error={PLANTED}", f"/app/users?done={PLANTED}&sig=0123456789abcdef0123456789abcdef",
                f"/app/knowledge?error={PLANTED}", f"/app/knowledge/topic?error={PLANTED}"):
        page = client.get(url)
        assert page.status_code == 200 and PLANTED not in page.text and 'role="alert"' not in page.text, url

    refused = client.post("/app/users", data={"csrf": csrf, "name": "X", "phone": "not a phone", "role": "staff"},
                          follow_redirects=False)
    location = refused.headers["location"]
    assert refused.status_code == 303 and "sig=" in location
    shown = client.get(location)
    assert 'role="alert"' in shown.text
    # the same signed link is not good for another session (another owner's browser)
    other = TestClient(client.app)
    make_user(engine, services, phone="+972522000058", name="Other Owner", role="owner", workspace="msg-software")
    log_in(other, channel, "+972522000058")
    assert 'role="alert"' not in other.get(location).text
