"""The API refuses the same round scheduled twice (an invitation by SMS and one by WhatsApp for the same
morning) with 409 and code "twice", naming the campaign already there; moving one onto the other's
round is refused the same way (tests/console/test_campaign_twice.py covers the console's words)."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine

from tests.campaigns.test_api import BASE, TOKEN, _guests


def test_the_same_round_twice_is_refused_naming_the_first(client: TestClient, engine: Engine) -> None:
    _guests(engine)
    first = client.post(BASE, json={"kind": "invitation", "send_at": "2026-11-23T11:00:00+02:00"}, headers=TOKEN)
    assert first.status_code == 201, first.text
    first_id = first.json()["campaign"]["id"]
    again = client.post(BASE, json={"kind": "invitation", "channel": "whatsapp",
                                    "send_at": "2026-11-23T12:00:00+02:00"}, headers=TOKEN)
    assert again.status_code == 409, again.text
    detail = again.json()["detail"]
    assert detail["code"] == "twice" and detail["campaign_id"] == first_id and detail["channel"] == "sms"
    later = client.post(BASE, json={"kind": "invitation", "send_at": "2026-11-30T11:00:00+02:00"}, headers=TOKEN)
    assert later.status_code == 201, later.text
    moved = client.post(f"{BASE}/{later.json()['campaign']['id']}/move", json={"send_at": "2026-11-23T15:00:00+02:00"},
                        headers=TOKEN)
    assert moved.status_code == 409 and moved.json()["detail"]["campaign_id"] == first_id
    assert client.post(f"{BASE}/{first_id}/move", json={"send_at": "2026-11-23T12:00:00+02:00"},
                       headers=TOKEN).status_code == 200  # a campaign never clashes with itself
