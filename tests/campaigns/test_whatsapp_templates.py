"""WhatsApp campaigns and the 24-hour window: approved templates (Content SID + variables) for guests who
have not written lately, free text for those who have, refusal when a kind has no template, SMS as before.

Sends go through the real TwilioChannel to the local fake Twilio server, which records ContentSid and
ContentVariables exactly as they arrive.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

import pytest
import yaml
from fastapi.testclient import TestClient
from pydantic import ValidationError
from sqlalchemy.engine import Engine
from sqlmodel import Session

from bot.app import create_app
from bot.channels import ConsoleChannel, TwilioChannel
from bot.core.models import Contact, Conversation, Event, Message
from bot.core.settings import ROOT
from bot.core.workspaces import Workspace, load_workspaces
from bot.core.workspaces.rsvp_rules import RsvpRules
from bot.services import build_services
from scheduler.campaigns import owner
from scheduler.campaigns.audiences import LinkMaker
from scheduler.campaigns.dispatch import Dispatcher
from scheduler.campaigns.rules import rules_for
from scheduler.campaigns.scheduling import CampaignError, create_campaign
from scheduler.rsvp.links import verify_token
from tests.campaigns.factories import BASE_URL, SECRET, add_guests, event_rsvp, make_event, mobile
from tests.campaigns.helpers import dispatcher, guest_statuses, new_campaign, outbox_rows
from tests.conftest import FixedClock, make_settings
from tests.fakes.fake_twilio import RunningFake

SENDER = "+972500000004"
INVITATION_SID = {"he": "HX00000000000000000000000000000101", "en": "HX00000000000000000000000000000102",
                  "ru": "HX00000000000000000000000000000103"}
REMINDER_SID = "HX00000000000000000000000000000121"


def twilio(fake: RunningFake) -> TwilioChannel:
    return TwilioChannel(account_sid="AC" + "5" * 32, auth_token="secret", api_base=fake.base_url)


def wrote(engine: Engine, phone: str, at: datetime, *, message: bool = True, conversation: bool = True,
          channel: str = "whatsapp") -> None:
    """The guest wrote to the workspace at `at` (a message row and/or the conversation's last_inbound_at)."""
    with Session(engine, expire_on_commit=False) as session:
        contact = Contact(workspace="event-rsvp", phone=phone)
        session.add(contact)
        session.commit()
        assert contact.id is not None
        if conversation:
            session.add(Conversation(workspace="event-rsvp", contact_id=contact.id, channel=channel,
                                     last_inbound_at=at, created_at=at, updated_at=at))
        if message:
            session.add(Message(workspace="event-rsvp", contact_id=contact.id, direction="inbound", channel=channel,
                                sender=phone, recipient=SENDER, body="hi", created_at=at, updated_at=at))
        session.commit()


def without_template(kind: str) -> Workspace:
    """event-rsvp as configured, minus one kind's WhatsApp template."""
    ws = event_rsvp()
    templates = {k: v for k, v in ws.rsvp.whatsapp_templates.items() if k != kind}
    return ws.model_copy(update={"rsvp": ws.rsvp.model_copy(update={"whatsapp_templates": templates})})


def workspaces_dir_without(tmp_path: Path, kind: str) -> Path:
    """A workspaces folder whose event-rsvp.yaml has no template for `kind` (for the CLI and the API)."""
    folder = tmp_path / "workspaces"
    shutil.copytree(ROOT / "workspaces", folder)
    path = folder / "event-rsvp.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    del data["rsvp"]["whatsapp_templates"][kind]
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return folder


def _event(engine: Engine, event_id: int) -> Event:
    with Session(engine, expire_on_commit=False) as session:
        event = session.get(Event, event_id)
        assert event is not None
        return event


def test_outside_the_window_guests_get_the_template_with_their_values(engine: Engine, clock: FixedClock,
                                                                      fake_twilio: RunningFake) -> None:
    _, event_id = make_event(engine)
    ids = add_guests(engine, event_id, [
        {"name": "Avi", "phone": mobile(1)},                        # never wrote
        {"name": "Noa", "phone": mobile(2), "language": "en"},      # wrote 30 hours ago
        {"name": "Ира", "phone": mobile(3), "language": "ru"},      # wrote 2 hours ago: free text
        {"name": "Tal", "phone": mobile(4)},                        # wrote by SMS an hour ago: no WhatsApp window
    ])
    wrote(engine, mobile(2), clock() - timedelta(hours=30))
    wrote(engine, mobile(3), clock() - timedelta(hours=2))
    wrote(engine, mobile(4), clock() - timedelta(hours=1), channel="sms")
    campaign_id = new_campaign(engine, event_id, channel="whatsapp")

    result = dispatcher(engine, twilio(fake_twilio), clock).dispatch(campaign_id)

    assert result.outcome == "done" and result.counts.get("sent") == 4
    sent = {t["To"]: t for t in fake_twilio.state.templates()}
    assert set(sent) == {f"whatsapp:{mobile(i)}" for i in (1, 2, 4)}
    avi = sent[f"whatsapp:{mobile(1)}"]
    assert avi["ContentSid"] == INVITATION_SID["he"]
    variables = avi["ContentVariables"]
    assert list(variables) == ["1", "2", "3", "4", "5", "6"]
    assert [variables[k] for k in "12345"] == ["Avi", "החתונה של דנה ואבי", "12.03.2027", "19:30", "אולם הגן"]
    assert verify_token(SECRET, variables["6"].split("/r/")[1]) is not None, "the personal link is a variable"
    noa = sent[f"whatsapp:{mobile(2)}"]
    assert noa["ContentSid"] == INVITATION_SID["en"] and noa["ContentVariables"]["1"] == "Noa"
    assert sent[f"whatsapp:{mobile(4)}"]["ContentSid"] == INVITATION_SID["he"]

    free = [r for r in fake_twilio.state.requests if r["To"] == f"whatsapp:{mobile(3)}"]
    assert len(free) == 1 and "ContentSid" not in free[0]
    assert free[0]["From"] == f"whatsapp:{SENDER}" and free[0]["Body"].startswith("Здравствуйте, Ира!")
    assert fake_twilio.state.count() == 4, "one request per guest"

    rows = {r.phone: r for r in outbox_rows(engine, campaign_id)}
    assert {r.state for r in rows.values()} == {"sent"}
    avi_row = rows[mobile(1)].body
    assert avi_row.startswith(f"[WhatsApp template {INVITATION_SID['he']}]") and "{{1}}=Avi" in avi_row
    assert rows[mobile(3)].body.startswith("Здравствуйте"), "a free text keeps the rendered text"
    assert guest_statuses(engine, ids) == ["message_sent"] * 4


def test_the_window_is_24_hours_minus_the_workspace_margin(engine: Engine, clock: FixedClock,
                                                           fake_twilio: RunningFake) -> None:
    _, event_id = make_event(engine)
    add_guests(engine, event_id, [{"name": f"G{i}", "phone": mobile(i), "status": "coming"} for i in range(4)])
    wrote(engine, mobile(0), clock() - timedelta(hours=23, minutes=40))                 # inside 23 h 45 min
    wrote(engine, mobile(1), clock() - timedelta(hours=23, minutes=50))                 # inside 24 h, past margin
    wrote(engine, mobile(2), clock() - timedelta(hours=1), message=False)               # conversation only
    wrote(engine, mobile(3), clock() - timedelta(hours=1), conversation=False)          # message row only
    campaign_id = new_campaign(engine, event_id, "reminder", channel="whatsapp")

    dispatcher(engine, twilio(fake_twilio), clock).dispatch(campaign_id)

    by_to = {r["To"]: r for r in fake_twilio.state.requests}
    assert "ContentSid" not in by_to[f"whatsapp:{mobile(0)}"]
    assert by_to[f"whatsapp:{mobile(1)}"]["ContentSid"] == REMINDER_SID
    assert "ContentSid" not in by_to[f"whatsapp:{mobile(2)}"] and "ContentSid" not in by_to[f"whatsapp:{mobile(3)}"]


def test_a_free_text_refused_with_63016_goes_again_as_the_template(engine: Engine, clock: FixedClock,
                                                                   fake_twilio: RunningFake) -> None:
    _, event_id = make_event(engine)
    add_guests(engine, event_id, [{"name": "Avi", "phone": mobile(1)}])
    wrote(engine, mobile(1), clock() - timedelta(hours=1))   # our records say inside; WhatsApp says closed
    fake_twilio.state.enforce_window = True
    campaign_id = new_campaign(engine, event_id, channel="whatsapp")

    result = dispatcher(engine, twilio(fake_twilio), clock).dispatch(campaign_id)

    requests = fake_twilio.state.requests
    assert [("ContentSid" in r) for r in requests] == [False, True]
    assert requests[1]["ContentSid"] == INVITATION_SID["he"]
    assert result.counts.get("sent") == 1 and outbox_rows(engine, campaign_id)[0].provider_sid


def test_a_kind_without_a_template_is_refused_by_preview_and_schedule(engine: Engine, clock: FixedClock) -> None:
    _, event_id = make_event(engine)
    add_guests(engine, event_id, [{"name": "Avi", "phone": mobile(1), "status": "coming"}])
    ws = without_template("reminder")
    event = _event(engine, event_id)
    links = LinkMaker(BASE_URL, SECRET)
    with Session(engine) as session:
        with pytest.raises(CampaignError) as refused:
            owner.preview(session, ws, event, kind="reminder", channel="whatsapp", template="", links=links,
                          now=clock())
        assert refused.value.status == 422
        assert refused.value.detail["field"] == "rsvp.whatsapp_templates.reminder"
        assert "rsvp.whatsapp_templates.reminder" in str(refused.value) and "63016" in str(refused.value)
        with pytest.raises(CampaignError, match=r"rsvp\.whatsapp_templates\.reminder"):
            create_campaign(session, ws, event, kind="reminder", channel="whatsapp",
                            send_at=clock() + timedelta(days=1), now=clock())
        # the same kind by SMS, and another kind by WhatsApp, are fine
        assert owner.preview(session, ws, event, kind="reminder", channel="sms", template="", links=links,
                             now=clock())["recipients_count"] == 1
        assert owner.preview(session, ws, event, kind="thank_you", channel="whatsapp", template="", links=links,
                             now=clock())["recipients_count"] == 1


def test_the_api_answers_422_naming_the_missing_key(engine: Engine, clock: FixedClock, tmp_path: Path) -> None:
    _, event_id = make_event(engine)
    add_guests(engine, event_id, [{"name": "Avi", "phone": mobile(1), "status": "coming"}])
    settings = make_settings(tmp_path, workspaces_dir=workspaces_dir_without(tmp_path, "reminder"))
    services = build_services(settings, engine=engine, channel=ConsoleChannel(echo=False), clock=clock)
    headers = {"Authorization": "Bearer demo-token-event-rsvp-00004"}
    base = "/api/workspaces/event-rsvp/events/wedding-1/campaigns"
    with TestClient(create_app(services=services), raise_server_exceptions=False) as client:
        preview = client.post(f"{base}/preview", json={"kind": "reminder", "channel": "whatsapp"}, headers=headers)
        schedule = client.post(base, json={"kind": "reminder", "channel": "whatsapp",
                                           "send_at": "2026-11-23T11:00:00+02:00"}, headers=headers)
        sms = client.post(f"{base}/preview", json={"kind": "reminder", "channel": "sms"}, headers=headers)
    assert preview.status_code == 422, preview.text
    assert "rsvp.whatsapp_templates.reminder" in preview.json()["detail"]["message"]
    assert preview.json()["detail"]["field"] == "rsvp.whatsapp_templates.reminder"
    assert schedule.status_code == 422 and "rsvp.whatsapp_templates.reminder" in schedule.text
    assert sms.status_code == 200


def test_the_cli_refuses_with_the_missing_key(engine: Engine, tmp_path: Path) -> None:
    _, event_id = make_event(engine)
    add_guests(engine, event_id, [{"name": "Avi", "phone": mobile(1), "status": "coming"}])
    env = {**os.environ, "DATABASE_URL": engine.url.render_as_string(hide_password=False), "CHANNEL": "console",
           "SCHEDULER_ENABLED": "false", "SECRET_KEY": "cli-test-secret-0123456789", "DATA_DIR": str(tmp_path),
           "WORKSPACES_DIR": str(workspaces_dir_without(tmp_path, "reminder"))}
    done = subprocess.run([sys.executable, "-m", "bot", "campaigns", "schedule", "-w", "event-rsvp", "-e",
                           "wedding-1", "--kind", "reminder", "--channel", "whatsapp", "--at", "2027-01-03T10:00"],
                          env=env, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 2, done.stdout + done.stderr
    assert "rsvp.whatsapp_templates.reminder" in done.stderr.replace("\n", "")


def test_dispatch_without_a_template_sends_free_text_inside_and_nothing_outside(engine: Engine, clock: FixedClock,
                                                                                fake_twilio: RunningFake) -> None:
    """A template removed from the YAML after scheduling: nobody gets a free text WhatsApp would refuse."""
    _, event_id = make_event(engine)
    add_guests(engine, event_id, [{"name": "In", "phone": mobile(1), "status": "coming"},
                                  {"name": "Out", "phone": mobile(2), "status": "coming"}])
    wrote(engine, mobile(1), clock() - timedelta(hours=3))
    campaign_id = new_campaign(engine, event_id, "reminder", channel="whatsapp")
    bare = Dispatcher(engine=engine, channel=twilio(fake_twilio), rules=rules_for(without_template("reminder")),
                      links=LinkMaker(BASE_URL, SECRET), clock=clock, rate=1000.0, sleep=lambda _: None)

    result = bare.dispatch(campaign_id)

    assert [r["To"] for r in fake_twilio.state.requests] == [f"whatsapp:{mobile(1)}"]
    rows = {r.phone: r for r in outbox_rows(engine, campaign_id)}
    assert rows[mobile(1)].state == "sent"
    assert (rows[mobile(2)].state, rows[mobile(2)].reason) == ("failed", "no_whatsapp_template")
    assert result.outcome == "done"


def test_preview_shows_who_goes_by_template(engine: Engine, clock: FixedClock) -> None:
    _, event_id = make_event(engine)
    ids = add_guests(engine, event_id, [{"name": "Avi", "phone": mobile(1)},
                                        {"name": "Noa", "phone": mobile(2), "language": "en"}])
    wrote(engine, mobile(2), clock() - timedelta(hours=5))
    event = _event(engine, event_id)
    with Session(engine) as session:
        data = owner.preview(session, event_rsvp(), event, kind="invitation", channel="whatsapp", template="",
                             links=LinkMaker(BASE_URL, SECRET), now=clock())
        later = owner.preview(session, event_rsvp(), event, kind="invitation", channel="whatsapp", template="",
                              links=LinkMaker(BASE_URL, SECRET), now=clock() + timedelta(hours=20))
    by_guest = {r["guest_id"]: r for r in data["recipients"]}
    assert by_guest[ids[0]]["by"] == "template" and by_guest[ids[0]]["content_sid"] == INVITATION_SID["he"]
    assert by_guest[ids[0]]["content_variables"]["1"] == "Avi"
    assert by_guest[ids[1]] == {**by_guest[ids[1]], "by": "text"} and "content_sid" not in by_guest[ids[1]]
    summary = data["whatsapp"]
    assert (summary["by_template"], summary["by_text"]) == (1, 1)
    assert summary["template_key"] == "rsvp.whatsapp_templates.invitation"
    assert summary["variables"] == ["name", "event", "date", "time", "venue", "link"]
    assert summary["template_samples"]["he"].startswith(f"[WhatsApp template {INVITATION_SID['he']}]")
    assert (later["whatsapp"]["by_template"], later["whatsapp"]["by_text"]) == (2, 0), "Noa's window closed by then"


def test_sms_campaigns_are_unaffected(engine: Engine, clock: FixedClock, fake_twilio: RunningFake) -> None:
    _, event_id = make_event(engine)
    add_guests(engine, event_id, [{"name": "Avi", "phone": mobile(1)}, {"name": "Noa", "phone": mobile(2)}])
    wrote(engine, mobile(2), clock() - timedelta(hours=2))
    campaign_id = new_campaign(engine, event_id)   # sms
    event = _event(engine, event_id)
    with Session(engine) as session:
        data = owner.preview(session, event_rsvp(), event, kind="invitation", channel="sms", template="",
                             links=LinkMaker(BASE_URL, SECRET), now=clock())
    assert "whatsapp" not in data and all("by" not in r for r in data["recipients"])

    dispatcher(engine, twilio(fake_twilio), clock).dispatch(campaign_id)

    requests = fake_twilio.state.requests
    assert sorted(r["To"] for r in requests) == [mobile(1), mobile(2)]
    assert all("ContentSid" not in r and r["Body"].startswith("שלום") for r in requests)
    assert fake_twilio.state.templates() == []


def test_the_fake_refuses_malformed_template_requests(fake_twilio: RunningFake) -> None:
    channel = twilio(fake_twilio)
    with pytest.raises(Exception) as bad_sid:
        channel.send_template(to=mobile(1), from_=SENDER, content_sid="HXnot-a-sid", variables={"1": "a"})
    assert getattr(bad_sid.value, "code", None) == "21655"
    sent = channel.send_template(to=mobile(1), from_=SENDER, content_sid=REMINDER_SID, variables={"1": "Дана"})
    assert sent.provider_sid.startswith("SM")
    raw = fake_twilio.state.requests[-1]
    assert json.loads(raw["ContentVariables"]) == {"1": "Дана"} and raw["To"] == f"whatsapp:{mobile(1)}"


@pytest.mark.parametrize(("templates", "message"), [
    ({"invitation": {"sid": "HX123", "variables": ["name"]}}, "not a Twilio Content SID"),
    ({"thank_you": {"sid": REMINDER_SID, "variables": ["name", "link"]}}, "no personal link"),
    ({"reminder": {"sid": REMINDER_SID, "variables": ["name", "table"]}}, "only known for on_the_way"),
    ({"reminder": {"sid": REMINDER_SID, "variables": ["nmae"]}}, "nmae"),
    ({"birthday": {"sid": REMINDER_SID}}, "birthday"),
])
def test_bad_template_settings_are_clear_errors(templates: dict[str, object], message: str) -> None:
    with pytest.raises(ValidationError) as error:
        RsvpRules.model_validate({"whatsapp_templates": templates})
    assert message in str(error.value)


def test_the_demo_workspace_has_a_template_for_every_kind() -> None:
    registry = load_workspaces(ROOT / "workspaces")
    ws = registry.by_slug("event-rsvp")
    assert ws is not None
    assert set(ws.rsvp.whatsapp_templates) == {"invitation", "second_round", "reminder", "on_the_way", "thank_you"}
    assert "link" not in ws.rsvp.whatsapp_templates["thank_you"].variables
    assert rules_for(ws).whatsapp_free_text_for == timedelta(hours=23, minutes=45)
