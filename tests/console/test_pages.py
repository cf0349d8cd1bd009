"""The event owner's pages through the HTTP client: events, guests, import, dashboard, campaigns, exports,
and who may see what (another owner's event is 404)."""

from __future__ import annotations

import io
import re

from fastapi.testclient import TestClient
from openpyxl import load_workbook
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from bot.channels import ConsoleChannel
from bot.core.models import Campaign, Event, Guest
from bot.services import Services
from scheduler.rsvp.links import make_token
from tests.console.conftest import OTHER_PHONE, log_in, make_user

GUESTS_CSV = ("name,phone,invited,group,table\n"
              "Avi,0522345601,2,family,1\nGal,0522345602,1,friends,2\nNoa,0522345603,3,family,1\n"
              "Bad number,123,1,,\nNo phone,,1,,\nAvi again,0522345601,1,,\n")


def create_event(client: TestClient, token: str, title: str = "החתונה של דנה", date: str = "2027-03-12") -> int:
    answer = client.post("/app/events", data={"title": title, "type": "wedding", "date": date, "time": "19:30",
                                              "venue": "Example Hall", "csrf": token}, follow_redirects=False)
    assert answer.status_code == 303, answer.text
    return int(answer.headers["location"].rsplit("/", 1)[1])


def import_guests(client: TestClient, token: str, event_id: int, body: str = GUESTS_CSV) -> str:
    preview = client.post(f"/app/events/{event_id}/import", data={"csrf": token},
                          files={"file": ("guests.csv", body.encode("utf-8"), "text/csv")})
    assert preview.status_code == 200, preview.text
    upload = re.search(r'name="upload_id" value="([^"]+)"', preview.text)
    assert upload
    done = client.post(f"/app/events/{event_id}/import/confirm", data={"csrf": token, "upload_id": upload.group(1),
                                                                      "suffix": ".csv"}, follow_redirects=False)
    assert done.status_code == 303
    return preview.text


def schedule_invitation(client: TestClient, token: str, event_id: int) -> str:
    """Schedules the standard SMS invitation for 1 Dec 2026 11:00; the path of the campaign's report."""
    scheduled = client.post(f"/app/events/{event_id}/campaigns", data={
        "csrf": token, "kind": "invitation", "channel": "sms", "template": "", "date": "2026-12-01",
        "time": "11:00"}, follow_redirects=False)
    assert scheduled.status_code == 303, scheduled.text
    return scheduled.headers["location"]


def tile(html: str, name: str) -> int:
    match = re.search(rf'id="tile-{name}"><b>(\d+)</b>', html)
    assert match, html
    return int(match.group(1))


def test_event_needs_a_title_and_a_future_date(logged_in: tuple[TestClient, str]) -> None:
    client, token = logged_in
    untitled = client.post("/app/events", data={"title": " ", "date": "2027-03-12", "time": "19:30",
                                                "venue": "Hall", "csrf": token})
    assert untitled.status_code == 422 and "חסר שם" in untitled.text
    past = client.post("/app/events", data={"title": "Old", "date": "2025-03-12", "time": "19:30", "venue": "Hall",
                                            "csrf": token})
    assert past.status_code == 422 and 'role="alert"' in past.text
    event_id = create_event(client, token)
    assert "החתונה של דנה" in client.get("/app/events").text
    edited = client.post(f"/app/events/{event_id}/edit", data={"title": "New title", "type": "private",
                                                               "date": "2027-04-01", "time": "20:00",
                                                               "venue": "Other Hall", "csrf": token},
                         follow_redirects=False)
    assert edited.status_code == 303
    page = client.get(f"/app/events/{event_id}")
    assert "New title" in page.text and "01.04.2027 20:00" in page.text and "Other Hall" in page.text


def test_import_preview_lists_bad_rows_then_imports_the_good_ones(logged_in: tuple[TestClient, str],
                                                                   engine: Engine) -> None:
    client, token = logged_in
    event_id = create_event(client, token)
    preview = import_guests(client, token, event_id)
    assert re.search(r'id="count-create">3<', preview) and re.search(r'id="count-bad">3<', preview)
    bad = preview.split('id="bad-rows"')[1]
    assert "Bad number" in bad and "No phone" in bad and "Avi again" in bad
    with Session(engine) as session:
        assert len(session.exec(select(Guest).where(Guest.event_id == event_id)).all()) == 3
    listing = client.get(f"/app/events/{event_id}/guests?status=waiting&group=family")
    assert "Avi" in listing.text and "Noa" in listing.text and "Gal" not in listing.text
    search = client.get(f"/app/events/{event_id}/guests?q=Gal", headers={"HX-Request": "true",
                                                                       "HX-Target": "guest-rows"})
    assert "<html" not in search.text and "Gal" in search.text and "Avi" not in search.text


def test_dashboard_moves_when_a_guest_answers_by_link(logged_in: tuple[TestClient, str], engine: Engine,
                                                      services: Services) -> None:
    client, token = logged_in
    event_id = create_event(client, token)
    import_guests(client, token, event_id)
    before = client.get(f"/app/events/{event_id}/stats", headers={"HX-Request": "true"}).text
    assert tile(before, "coming") == 0 and tile(before, "waiting") == 3 and tile(before, "invited") == 3
    with Session(engine) as session:
        noa = session.exec(select(Guest).where(Guest.event_id == event_id, Guest.name == "Noa")).one()
        link = f"/r/{make_token(services.settings.secret_key.get_secret_value(), noa.token_id)}"
    assert client.post(link, data={"status": "coming", "party_size": "3"}).status_code == 200
    after = client.get(f"/app/events/{event_id}/stats").text
    assert tile(after, "coming") == 3 and tile(after, "waiting") == 2
    assert "<svg" in after and "<rect" in after  # the answer shows in the chart


def test_add_edit_delete_one_guest(logged_in: tuple[TestClient, str], engine: Engine) -> None:
    client, token = logged_in
    event_id = create_event(client, token)
    added = client.post(f"/app/events/{event_id}/guests/new", data={
        "csrf": token, "name": "Dina", "phone": "052-234-5699", "invited": "4", "children": "2", "group": "work",
        "table": "7", "notes": "vegan", "status": "not_invited"}, follow_redirects=False)
    assert added.status_code == 303, added.text
    twice = client.post(f"/app/events/{event_id}/guests/new", data={"csrf": token, "name": "Dina 2",
                                                                     "phone": "0522345699"})
    assert twice.status_code == 422 and "כבר ברשימת" in twice.text
    bad = client.post(f"/app/events/{event_id}/guests/new", data={"csrf": token, "name": "X", "phone": "123"})
    assert bad.status_code == 422
    with Session(engine) as session:
        dina = session.exec(select(Guest).where(Guest.event_id == event_id)).one()
        assert (dina.phone, dina.invited_count, dina.children, dina.notes, dina.table_number) == (
            "+972522345699", 4, 2, "vegan", "7")
        guest_id = dina.id
    saved = client.post(f"/app/events/{event_id}/guests/{guest_id}", data={
        "csrf": token, "name": "Dina K", "phone": "0522345699", "invited": "4", "children": "1", "group": "work",
        "table": "8", "notes": "", "status": "coming", "party_size": "3"}, follow_redirects=False)
    assert saved.status_code == 303
    with Session(engine) as session:
        dina = session.get(Guest, guest_id)
        assert dina is not None and (dina.name, dina.status, dina.party_size, dina.answer_source) == (
            "Dina K", "coming", 3, "owner")
    gone = client.post(f"/app/events/{event_id}/guests/{guest_id}/delete", headers={"X-CSRF-Token": token,
                                                                                     "HX-Request": "true"})
    assert gone.status_code == 204 and gone.headers["HX-Redirect"].endswith("/guests")
    with Session(engine) as session:
        assert session.get(Guest, guest_id) is None


def test_another_owner_cannot_see_or_touch_the_event(logged_in: tuple[TestClient, str], services: Services,
                                                     channel: ConsoleChannel, engine: Engine) -> None:
    client, token = logged_in
    event_id = create_event(client, token)
    make_user(engine, services, phone=OTHER_PHONE, name="Eli")
    from bot.app import create_app

    with TestClient(create_app(services=services)) as other:
        other_token = log_in(other, channel, OTHER_PHONE)
        assert "החתונה של דנה" not in other.get("/app/events").text
        for path in (f"/app/events/{event_id}", f"/app/events/{event_id}/guests", f"/app/events/{event_id}/stats",
                     f"/app/events/{event_id}/campaigns", f"/app/events/{event_id}/guests/export?format=csv"):
            assert other.get(path).status_code == 404, path
        refused = other.post(f"/app/events/{event_id}/delete", headers={"X-CSRF-Token": other_token})
        assert refused.status_code == 404
    with Session(engine) as session:
        assert session.get(Event, event_id) is not None


def test_cohost_sees_the_event(logged_in: tuple[TestClient, str], services: Services, channel: ConsoleChannel) -> None:
    client, token = logged_in
    event_id = create_event(client, token)
    invited = client.post(f"/app/events/{event_id}/cohosts", data={"csrf": token, "phone": OTHER_PHONE,
                                                                   "name": "Eli"}, follow_redirects=False)
    assert invited.status_code == 303
    from bot.app import create_app

    with TestClient(create_app(services=services)) as cohost:
        cohost_token = log_in(cohost, channel, OTHER_PHONE)
        assert cohost.get(f"/app/events/{event_id}").status_code == 200
        edit = cohost.get(f"/app/events/{event_id}/edit")
        assert edit.status_code == 200 and f"/app/events/{event_id}/delete" not in edit.text
        assert f'action="/app/events/{event_id}/cohosts"' not in edit.text
        # review note N7: running the event, yes; deleting it or inviting more co-hosts, only its owner
        assert cohost.get(f"/app/events/{event_id}/delete").status_code == 403
        refused = cohost.post(f"/app/events/{event_id}/delete", headers={"X-CSRF-Token": cohost_token})
        assert refused.status_code == 403
        more = cohost.post(f"/app/events/{event_id}/cohosts", headers={"X-CSRF-Token": cohost_token},
                           data={"phone": "+972522000099", "name": "Dan"})
        assert more.status_code == 403
    assert client.get(f"/app/events/{event_id}").status_code == 200  # the event is still there
    assert f"/app/events/{event_id}/delete" in client.get(f"/app/events/{event_id}/edit").text


def test_campaign_counter_preview_schedule_cancel_and_report(logged_in: tuple[TestClient, str],
                                                              engine: Engine) -> None:
    client, token = logged_in
    event_id = create_event(client, token)
    import_guests(client, token, event_id)
    headers = {"X-CSRF-Token": token, "HX-Request": "true"}
    counted = client.post(f"/app/events/{event_id}/campaigns/count", headers=headers,
                          data={"kind": "invitation", "channel": "sms", "template": "שלום {{ name }}, {{ link }}"})
    assert re.search(r'id="count-recipients">3<', counted.text) and 'id="balance-warning"' in counted.text
    broken = client.post(f"/app/events/{event_id}/campaigns/count", headers=headers,
                         data={"kind": "invitation", "channel": "sms", "template": "{{ nme }}"})
    assert 'id="counter-error"' in broken.text
    with Session(engine) as session:
        gal = session.exec(select(Guest).where(Guest.event_id == event_id, Guest.name == "Gal")).one()
    one = client.post(f"/app/events/{event_id}/campaigns/guest-preview", headers=headers,
                      data={"guest_id": gal.id, "kind": "invitation", "channel": "sms", "template": "שלום {{ name }}"})
    assert "שלום Gal" in one.text
    quiet = client.post(f"/app/events/{event_id}/campaigns", data={
        "csrf": token, "kind": "invitation", "channel": "sms", "template": "", "date": "2026-12-01", "time": "23:30"})
    assert quiet.status_code == 422 and "02.12.2026 08:00" in quiet.text  # the next allowed time, filled in
    report_path = schedule_invitation(client, token, event_id)
    report = client.get(report_path)
    assert "מתוזמן" in report.text and "01.12.2026 11:00" in report.text
    cancelled = client.post(report_path + "/cancel", data={"csrf": token}, follow_redirects=False)
    assert cancelled.status_code == 303
    with Session(engine) as session:
        assert session.exec(select(Campaign)).one().state == "cancelled"
    export = client.get(report_path + "/export?format=xlsx")
    assert export.status_code == 200 and load_workbook(io.BytesIO(export.content)).active.max_row >= 1


def test_guest_export_in_both_formats(logged_in: tuple[TestClient, str]) -> None:
    client, token = logged_in
    event_id = create_event(client, token)
    import_guests(client, token, event_id)
    csv_file = client.get(f"/app/events/{event_id}/guests/export?format=csv")
    assert csv_file.status_code == 200 and csv_file.content.startswith(b"\xef\xbb\xbf")
    assert "Avi" in csv_file.content.decode("utf-8-sig") and "/r/" in csv_file.content.decode("utf-8-sig")
    xlsx = client.get(f"/app/events/{event_id}/guests/export?format=xlsx")
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet.max_row == 4


def test_the_export_follows_the_order_the_list_shows(logged_in: tuple[TestClient, str]) -> None:
    """The list sorted by table exports sorted by table (the export ignored it); the buttons the
    rows' htmx update swaps in carry the order chosen."""
    client, token = logged_in
    event_id = create_event(client, token)
    import_guests(client, token, event_id)
    by_name = client.get(f"/app/events/{event_id}/guests/export?format=csv").content.decode("utf-8-sig")
    by_table = client.get(f"/app/events/{event_id}/guests/export?format=csv&sort=table").content.decode("utf-8-sig")

    def names(body: str) -> list[str]:
        return [line.split(",", 1)[0] for line in body.splitlines()[1:]]

    assert names(by_name) == ["Avi", "Gal", "Noa"]
    assert names(by_table) == ["Avi", "Noa", "Gal"]  # tables 1, 1, 2
    rows = client.get(f"/app/events/{event_id}/guests?sort=table", headers={"HX-Request": "true",
                                                                                "HX-Target": "guest-rows"}).text
    assert 'id="export-links" hx-swap-oob="true"' in rows and "format=csv&amp;sort=table" in rows
    assert client.get(f"/app/events/{event_id}/guests/export?format=csv&sort=hacked").status_code == 422


def test_delete_event_removes_guests_and_campaigns(logged_in: tuple[TestClient, str], engine: Engine) -> None:
    client, token = logged_in
    event_id = create_event(client, token)
    import_guests(client, token, event_id)
    schedule_invitation(client, token, event_id)
    assert "3" in client.get(f"/app/events/{event_id}/delete").text
    gone = client.post(f"/app/events/{event_id}/delete", data={"csrf": token}, follow_redirects=False)
    assert gone.status_code == 303
    with Session(engine) as session:
        assert session.get(Event, event_id) is None
        assert session.exec(select(Guest).where(Guest.event_id == event_id)).all() == []
        assert session.exec(select(Campaign).where(Campaign.event_id == event_id)).all() == []


def test_pause_then_resume_a_campaign(logged_in: tuple[TestClient, str], engine: Engine) -> None:
    client, token = logged_in
    event_id = create_event(client, token)
    import_guests(client, token, event_id)
    report_path = schedule_invitation(client, token, event_id)
    assert client.post(report_path + "/pause", data={"csrf": token}).status_code == 200
    with Session(engine) as session:
        assert session.exec(select(Campaign)).one().state == "draft"
    assert "מושהה" in client.get(report_path).text
    again = client.post(report_path + "/pause", data={"csrf": token})
    assert again.status_code == 409  # only a scheduled campaign can be paused
    resumed = client.post(report_path + "/move", data={"csrf": token, "date": "2026-12-02", "time": "12:00"},
                          follow_redirects=False)
    assert resumed.status_code == 303
    with Session(engine) as session:
        campaign = session.exec(select(Campaign)).one()
        assert campaign.state == "scheduled" and campaign.send_at is not None
        assert campaign.send_at.isoformat() == "2026-12-02T10:00:00+00:00"
