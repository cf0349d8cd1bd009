"""Fifth look, enumeration: what an outsider learns by guessing. Guest links are 128 random bits and a
132-bit signature, and every miss (a random link, a right id with a wrong signature, a deleted guest's
link) gets one and the same 404 page, throttled as a failed try; the owners' API answered an unknown
workspace slug with a 404 before it read the token, so anyone could list the businesses a server hosts,
and without limit (a 404 is no failed try). Now the answer depends on the token alone."""

from __future__ import annotations

import base64
import secrets
from collections import Counter

from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from bot.core.models import Guest
from bot.services import Services
from scheduler.rsvp.links import make_token
from tests.rsvp.test_api import AUTH, BASE, create

OTHER = {"Authorization": "Bearer demo-token-msg-software-0001"}  # a working token of another workspace


def _same(one: object, two: object) -> bool:
    return (one.status_code, one.text) == (two.status_code, two.text)  # type: ignore[attr-defined]


def test_a_slug_that_names_no_workspace_is_answered_like_another_business(client: TestClient) -> None:
    for path in ("/events", "/customers", "/events/wedding-1/guests"):  # 18 failed tries: under the 20 a minute
        known, unknown = f"{BASE}{path}", f"/api/workspaces/no-such-business{path}"
        anonymous = client.get(known), client.get(unknown)
        assert anonymous[0].status_code == 401 and _same(*anonymous), path
        wrong = [client.get(p, headers={"Authorization": "Bearer " + "x" * 30}) for p in (known, unknown)]
        assert wrong[0].status_code == 403 and _same(*wrong), path
        foreign = [client.get(p, headers=OTHER) for p in (known, unknown)]
        assert foreign[0].status_code == 403 and _same(*foreign), path


def test_guessing_slugs_is_a_failed_try_and_throttled(client: TestClient) -> None:
    statuses = Counter(client.get(f"/api/workspaces/{secrets.token_hex(6)}/events").status_code for _ in range(30))
    assert statuses[429] >= 10 and statuses[404] == 0, statuses


def test_every_missed_guest_link_gets_the_same_page(client: TestClient, engine: Engine, services: Services) -> None:
    create(client)
    csv = b"name,phone\r\nDana,0522000011\r\nYoav,0522000012\r\n"
    assert client.post(f"{BASE}/events/wedding-1/guests/import", headers=AUTH,
                       files={"file": ("g.csv", csv, "text/csv")}).status_code == 200
    secret = services.settings.secret_key.get_secret_value()
    with Session(engine) as session:
        kept, gone = session.exec(select(Guest).order_by(Guest.id)).all()
    kept_link, gone_link = make_token(secret, kept.token_id), make_token(secret, gone.token_id)
    assert len(base64.urlsafe_b64decode(kept.token_id + "==")) * 8 >= 128  # the random part alone
    assert client.get(f"/r/{gone_link}").status_code == 200
    assert client.delete(f"{BASE}/events/wedding-1/guests/0522000012", headers=AUTH).status_code == 200
    misses = [client.get(f"/r/{gone_link}"),  # signed by us, guest deleted
              client.get(f"/r/{kept.token_id}.{secrets.token_urlsafe(16)[:22]}"),  # a real id, forged signature
              client.get(f"/r/{secrets.token_urlsafe(16)}.{secrets.token_urlsafe(16)[:22]}")]  # a random one
    assert all(m.status_code == 404 for m in misses)
    assert len({m.text for m in misses}) == 1
    assert len({tuple(sorted((k, v) for k, v in m.headers.items() if k != "content-length")) for m in misses}) == 1
    assert client.get(f"/r/{kept_link}").status_code == 200
