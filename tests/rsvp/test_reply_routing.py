"""A reply belongs to the event that last messaged the number; when two did (or none), the guest is asked.

One number can be a guest of several events of a workspace, and all of them share the workspace's
number, so "yes, 2 of us" alone does not say which invitation it answers.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlmodel import Session

from bot.core.models import Campaign, Event, Guest, OutboxItem
from bot.core.workspaces import Workspace
from tests.rsvp.conftest import add_guests, make_event
from tests.rsvp.test_reply import NOW, say


def sent(session: Session, event: Event, guest: Guest, at: datetime) -> None:
    """The invitation of `event` left for `guest` at `at` (a campaign outbox row, as dispatch leaves it)."""
    campaign = Campaign(workspace=event.workspace, event_id=event.id or 0, kind="invitation", state="done")
    session.add(campaign)
    session.flush()
    session.add(OutboxItem(workspace=event.workspace, campaign_id=campaign.id or 0, guest_id=guest.id or 0,
                           phone=guest.phone, body="invitation", state="sent", sent_at=at))
    session.flush()


def two_events_one_number(session: Session, workspace: Workspace) -> tuple[Guest, Guest]:
    """Same guest number on two events of the same day (the issue's case)."""
    first = make_event(session, workspace, "first", starts_at="2027-03-01T13:00:00+02:00", venue="Garden")
    second = make_event(session, workspace, "second", starts_at="2027-03-01T20:00:00+02:00", venue="Hall B")
    return add_guests(session, first, 1)[0], add_guests(session, second, 1)[0]


def test_the_event_that_last_messaged_the_number_gets_the_reply(session: Session, workspace: Workspace) -> None:
    g_first, g_second = two_events_one_number(session, workspace)
    sent(session, session.get(Event, g_second.event_id), g_second, NOW - timedelta(days=5))  # type: ignore[arg-type]
    sent(session, session.get(Event, g_first.event_id), g_first, NOW - timedelta(hours=2))  # type: ignore[arg-type]
    result = say(session, workspace, g_first.phone, "מגיעים 3")
    assert (result.intent, result.rsvp_status, result.party_size) == ("rsvp_reply", "coming", 3)
    session.refresh(g_first)
    session.refresh(g_second)
    assert (g_first.status, g_first.party_size) == ("coming", 3)
    assert g_second.status == "message_sent"  # the nearest event is not the one that asked


def test_two_recent_invitations_ask_which_event_then_record_the_choice(session: Session,
                                                                      workspace: Workspace) -> None:
    g_first, g_second = two_events_one_number(session, workspace)
    sent(session, session.get(Event, g_first.event_id), g_first, NOW - timedelta(hours=3))  # type: ignore[arg-type]
    sent(session, session.get(Event, g_second.event_id), g_second, NOW - timedelta(hours=1))  # type: ignore[arg-type]
    asked = say(session, workspace, g_first.phone, "yes, 2 of us")
    assert asked.data.get("rsvp") == "which_event"
    assert "1." in (asked.reply or "") and "2." in (asked.reply or "")
    assert "Garden" in (asked.reply or "") and "Hall B" in (asked.reply or "")
    session.refresh(g_first)
    assert g_first.status == "message_sent"  # nothing recorded before the guest says which

    chosen = say(session, workspace, g_first.phone, "1", now=NOW + timedelta(minutes=1))
    assert (chosen.intent, chosen.rsvp_status, chosen.party_size) == ("rsvp_reply", "coming", 2)
    session.refresh(g_first)
    session.refresh(g_second)
    assert (g_first.status, g_first.party_size) == ("coming", 2)
    assert g_second.status == "message_sent"


def test_the_choice_may_name_the_event(session: Session, workspace: Workspace) -> None:
    g_first, g_second = two_events_one_number(session, workspace)
    for guest in (g_first, g_second):
        sent(session, session.get(Event, guest.event_id), guest, NOW - timedelta(hours=1))  # type: ignore[arg-type]
    say(session, workspace, g_first.phone, "לא נוכל להגיע")
    say(session, workspace, g_first.phone, "hall b", now=NOW + timedelta(minutes=1))
    session.refresh(g_first)
    session.refresh(g_second)
    assert (g_second.status, g_second.party_size) == ("not_coming", 0)
    assert g_first.status == "message_sent"


def test_a_single_event_is_never_asked_about(session: Session, workspace: Workspace) -> None:
    event = make_event(session, workspace)
    guest = add_guests(session, event, 1)[0]
    result = say(session, workspace, guest.phone, "yes, 2 of us")
    assert (result.rsvp_status, result.party_size) == ("coming", 2)
