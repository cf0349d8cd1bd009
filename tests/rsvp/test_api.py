"""Owner REST API for events and guest lists: auth, duplicates, import preview, export, quota."""

from __future__ import annotations

import io

from fastapi.testclient import TestClient
from openpyxl import load_workbook
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from bot.core.models import Event, Guest, RsvpAccount
from tests.rsvp.conftest import add_guests, csv_bytes, xlsx

TOKEN = "demo-token-event-rsvp-00004"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
BASE = "/api/workspaces/event-rsvp"
EVENT = {"key": "wedding-1", "type": "wedding", "title": "Noa & Avi", "starts_at": "2027-03-12T19:30",
         "timezone": "Asia/Jerusalem", "venue": "Example Hall", "owner": {"name": "Noa", "phone": "052-2000001"}}


def create(client: TestClient, **changes: object) -> dict:
    response = client.post(f"{BASE}/events", json={**EVENT, **changes}, headers=AUTH)
    assert response.status_code == 201, response.text
    return response.json()


def test_auth_401_without_token_403_with_another_workspaces(client: TestClient) -> None:
    assert client.get(f"{BASE}/events").status_code == 401
    other = {"Authorization": "Bearer " + "x" * 30}
    assert client.get(f"{BASE}/events", headers=other).status_code == 403
    web_agency = client.get("/api/workspaces/web-agency/events", headers=AUTH)
    assert web_agency.status_code == 403
    assert client.get("/api/workspaces/nope/events", headers=AUTH).status_code == 403  # no slug oracle
    assert client.get(f"{BASE}/guests/template").status_code == 401


def test_create_list_and_duplicate_event(client: TestClient) -> None:
    out = create(client)
    assert out["starts_at"] == "2027-03-12T19:30:00+02:00" and out["quota"]["limit"] == 100
    dup = client.post(f"{BASE}/events", headers=AUTH, json={**EVENT, "key": "copy", "venue": "EXAMPLE hall.",
                                                            "owner": {"name": "Eli", "phone": "0522000002"}})
    assert dup.status_code == 409
    assert dup.json()["detail"]["code"] == "duplicate_event"
    assert "support@example.com" in dup.json()["detail"]["message"]
    en = client.post(f"{BASE}/events?lang=en", headers=AUTH, json={**EVENT, "key": "copy",
                                                                   "owner": {"name": "Eli", "phone": "0522000002"}})
    assert "contact support" in en.json()["detail"]["message"]
    assert client.post(f"{BASE}/events", headers=AUTH, json=EVENT).json()["detail"]["code"] == "event_key_taken"
    listed = client.get(f"{BASE}/events", headers=AUTH).json()
    assert [e["key"] for e in listed] == ["wedding-1"]


def test_bad_event_input_is_422_not_500(client: TestClient) -> None:
    for bad in ({"owner": {"name": "x", "phone": "123"}}, {"type": "party"}, {"timezone": "Mars/Base"},
                {"starts_at": "tomorrow"}, {"venue": "!!!"}, {"key": "has space"}):
        response = client.post(f"{BASE}/events", headers=AUTH, json={**EVENT, **bad})
        assert response.status_code == 422, (bad, response.text)


def test_import_preview_then_import_then_list(client: TestClient, engine: Engine) -> None:
    create(client)
    data = xlsx([["שם", "טלפון", "כמות מוזמנים"], ["Avi", "0522345678", 2], ["", "0523456789", 1],
                 ["Bob", "0522345678", 1]])
    files = {"file": ("guests.xlsx", data, "application/octet-stream")}
    preview = client.post(f"{BASE}/events/wedding-1/guests/import?dry_run=true&lang=en", headers=AUTH, files=files)
    assert preview.status_code == 200, preview.text
    body = preview.json()
    assert body["result"] is None and body["preview"]["bad"] == 2
    assert [(r["row"], r["errors"][0]["code"]) for r in body["preview"]["bad_rows"]] == [
        (3, "missing_name"), (4, "duplicate_in_file")]
    with Session(engine) as session:
        assert session.exec(select(Guest)).all() == []

    done = client.post(f"{BASE}/events/wedding-1/guests/import", headers=AUTH, files=files).json()
    assert done["result"] == {"created": 1, "updated": 0, "unchanged": 0, "skipped": 2}
    listed = client.get(f"{BASE}/events/wedding-1/guests", headers=AUTH).json()
    assert [(g["name"], g["phone"], g["invited"], g["status"]) for g in listed["guests"]] == [
        ("Avi", "+972522345678", 2, "not_invited")]
    assert listed["guests"][0]["link"].startswith("https://bot.example.com/r/")
    assert listed["event"]["quota"]["used"] == 0


def test_bad_upload_is_a_clear_400(client: TestClient) -> None:
    create(client)
    response = client.post(f"{BASE}/events/wedding-1/guests/import?lang=en", headers=AUTH,
                           files={"file": ("g.csv", b"foo,bar\n1,2\n", "text/csv")})
    assert response.status_code == 400 and "name, phone" in response.json()["detail"]["message"]
    missing = client.post(f"{BASE}/events/nope/guests/import", headers=AUTH,
                          files={"file": ("g.csv", b"name,phone\n", "text/csv")})
    assert missing.status_code == 404
    assert client.post(f"{BASE}/events/wedding-1/guests/import", headers=AUTH).status_code == 422


def test_over_quota_hides_answers_locks_import_and_export(client: TestClient, engine: Engine) -> None:
    create(client, type="business")
    with Session(engine) as session:
        event = session.exec(select(Event)).one()
        add_guests(session, event, 27, "coming")
        add_guests(session, event, 2, "message_sent", start=27)
        session.commit()
    listed = client.get(f"{BASE}/events/wedding-1/guests", headers=AUTH).json()
    quota = listed["event"]["quota"]
    assert (quota["used"], quota["limit"], quota["hidden"], quota["locked"]) == (27, 25, 2, True)
    assert len(listed["guests"]) == 27 and listed["totals"]["coming"] == 25
    refused = client.post(f"{BASE}/events/wedding-1/guests/import", headers=AUTH,
                          files={"file": ("g.csv", csv_bytes("name,phone\nNew,0529876543\n"), "text/csv")})
    assert refused.status_code == 402 and refused.json()["detail"]["code"] == "editing_locked"
    export = client.get(f"{BASE}/events/wedding-1/guests/export?format=csv", headers=AUTH)
    assert export.headers["x-rsvp-hidden-answers"] == "2"
    assert len(export.content.decode("utf-8-sig").strip().splitlines()) == 1 + 27
    with Session(engine) as session:
        session.exec(select(RsvpAccount)).one().package_bought = True
        session.commit()
    listed = client.get(f"{BASE}/events/wedding-1/guests", headers=AUTH).json()
    assert len(listed["guests"]) == 29 and listed["event"]["quota"]["locked"] is False


def test_export_and_template_downloads(client: TestClient) -> None:
    create(client)
    client.post(f"{BASE}/events/wedding-1/guests/import", headers=AUTH,
                files={"file": ("g.csv", csv_bytes("name,phone,invited\nAvi,0522345678,2\n"), "text/csv")})
    xlsx_export = client.get(f"{BASE}/events/wedding-1/guests/export?lang=en", headers=AUTH)
    assert xlsx_export.status_code == 200 and "spreadsheetml" in xlsx_export.headers["content-type"]
    rows = list(load_workbook(io.BytesIO(xlsx_export.content)).active.values)
    assert rows[0][0] == "name" and rows[1][:3] == ("Avi", "+972522345678", 2)
    assert str(rows[1][-1]).startswith("https://bot.example.com/r/")
    template = client.get(f"{BASE}/guests/template?format=csv", headers=AUTH)
    assert template.content.decode("utf-8-sig").strip() == "שם,טלפון,כמות מוזמנים,קבוצה,שולחן,שפה"
    assert "attachment" in template.headers["content-disposition"]
    assert client.get(f"{BASE}/guests/template?format=pdf", headers=AUTH).status_code == 422


def test_an_event_in_the_past_is_refused_with_a_reason(client: TestClient) -> None:
    response = client.post(f"{BASE}/events", json={**EVENT, "starts_at": "2020-03-12T19:30"}, headers=AUTH)
    assert response.status_code == 422
    assert response.json()["detail"]["code"] == "event_in_past" and "12.03.2020" in response.text


def test_delete_one_guest_by_number(client: TestClient, engine: Engine) -> None:
    """DELETE .../guests/{phone}: the guest goes with the person the event brought (as in the console)."""
    from bot.core.models import Contact

    create(client)
    files = {"file": ("g.csv", csv_bytes("name,phone\nAvi,0522345678\nDana,0523456789\n"), "text/csv")}
    assert client.post(f"{BASE}/events/wedding-1/guests/import", headers=AUTH, files=files).status_code == 200
    with Session(engine) as session:
        session.add(Contact(workspace="event-rsvp", phone="+972522345678", name="Avi"))
        session.commit()
    assert client.delete(f"{BASE}/events/wedding-1/guests/0522345678").status_code == 401
    gone = client.delete(f"{BASE}/events/wedding-1/guests/052-234-5678", headers=AUTH)
    assert gone.status_code == 200, gone.text
    assert gone.json() == {"deleted": "+972522345678"}
    listed = client.get(f"{BASE}/events/wedding-1/guests", headers=AUTH).json()
    assert [g["phone"] for g in listed["guests"]] == ["+972523456789"]
    with Session(engine) as session:
        assert session.exec(select(Contact)).all() == []
    again = client.delete(f"{BASE}/events/wedding-1/guests/+972522345678", headers=AUTH)
    assert again.status_code == 404 and again.json()["detail"]["code"] == "guest_not_found"
    bad = client.delete(f"{BASE}/events/wedding-1/guests/12", headers=AUTH)
    assert bad.status_code == 404 and bad.json()["detail"]["code"] == "guest_not_found"
    assert client.delete(f"{BASE}/events/nope/guests/0523456789", headers=AUTH).status_code == 404


def test_delete_one_guest_is_refused_over_the_free_quota(client: TestClient, engine: Engine) -> None:
    create(client)
    with Session(engine) as session:
        event = session.exec(select(Event)).one()
        guests = add_guests(session, event, 101, status="coming")
        number = guests[0].phone
        session.commit()
    locked = client.delete(f"{BASE}/events/wedding-1/guests/{number}", headers=AUTH)
    assert locked.status_code == 402 and locked.json()["detail"]["code"] == "editing_locked"
    with Session(engine) as session:
        assert len(session.exec(select(Guest)).all()) == 101
