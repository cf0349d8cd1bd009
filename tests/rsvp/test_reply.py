"""Guests answering by SMS/WhatsApp through the real pipeline: status and party size change."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlmodel import Session, select

from bot.core.models import Conversation
from bot.core.settings import ROOT
from bot.core.workspaces import Workspace, load_workspaces
from handlers.pipeline import handle_message
from handlers.rsvp_reply import AWAITING
from handlers.turn import Inbound, TurnContext, TurnResult
from tests.rsvp.conftest import add_guests, make_event, phone

NOW = datetime(2027, 2, 1, 10, 0, tzinfo=UTC)


def say(session: Session, workspace: Workspace, sender: str, text: str, now: datetime = NOW,
        channel: str = "sms") -> TurnResult:
    ctx = TurnContext(session=session, workspace=workspace, now=now)
    result = handle_message(ctx, Inbound(workspace=workspace.slug, sender=sender, text=text, channel=channel))  # type: ignore[arg-type]
    session.flush()
    return result


@pytest.mark.parametrize(("text", "status", "size", "lang"), [
    ("מגיעים 3", "coming", 3, "he"),
    ("לא נוכל להגיע", "not_coming", 0, "he"),
    ("yes, 4 of us", "coming", 4, "en"),
    ("придём вдвоём", "coming", 2, "ru"),
    ("אולי", "maybe", 1, "he"),
])
def test_known_guest_answer_updates_the_guest(session: Session, workspace: Workspace, text: str, status: str,
                                              size: int, lang: str) -> None:
    event = make_event(session, workspace)
    guest = add_guests(session, event, 1)[0]
    result = say(session, workspace, guest.phone, text)
    assert (result.intent, result.rsvp_status, result.party_size, result.lang) == ("rsvp_reply", status, size, lang)
    session.refresh(guest)
    assert (guest.status, guest.party_size, guest.answer_source) == (status, size, "sms")
    assert guest.answered_at == NOW and guest.language == lang
    assert guest.name in (result.reply or "")


def test_unknown_number_is_not_a_guest(session: Session, workspace: Workspace) -> None:
    event = make_event(session, workspace)
    guest = add_guests(session, event, 1)[0]
    result = say(session, workspace, phone(999), "מגיעים 3")
    assert result.intent != "rsvp_reply" and result.rsvp_status is None
    session.refresh(guest)
    assert guest.status == "message_sent"


def test_guest_of_a_past_event_or_other_workspace_is_not_read_as_rsvp(session: Session,
                                                                     workspace: Workspace) -> None:
    event = make_event(session, workspace, starts_at="2027-01-10T19:30:00+02:00")
    guest = add_guests(session, event, 1)[0]
    assert say(session, workspace, guest.phone, "מגיעים 3").intent != "rsvp_reply"
    upcoming = make_event(session, workspace, "later")
    add_guests(session, upcoming, 1, start=5)
    other = load_workspaces(ROOT / "workspaces").by_slug("msg-software")
    assert other is not None
    assert say(session, other, phone(5), "מגיעים 3").intent != "rsvp_reply"


def test_two_events_that_never_messaged_the_number_ask_which(session: Session, workspace: Workspace) -> None:
    """Nothing says which invitation a bare "yes" answers: the guest is asked, nothing is recorded yet."""
    later = make_event(session, workspace, "later", starts_at="2027-06-01T19:00:00+03:00")
    sooner = make_event(session, workspace, "sooner", starts_at="2027-03-01T19:00:00+02:00", venue="Other")
    g_later, g_sooner = add_guests(session, later, 1)[0], add_guests(session, sooner, 1)[0]
    result = say(session, workspace, g_later.phone, "yes, 2 of us")
    assert result.data.get("rsvp") == "which_event"
    session.refresh(g_later)
    session.refresh(g_sooner)
    assert g_later.status == g_sooner.status == "message_sent"


def test_unclear_answer_gets_one_clarifying_question(session: Session, workspace: Workspace) -> None:
    event = make_event(session, workspace)
    guest = add_guests(session, event, 1)[0]
    guest.invited_count = 3
    first = say(session, workspace, guest.phone, "תודה רבה")
    assert first.intent == "rsvp_reply" and first.rsvp_status == "message_sent" and first.data["rsvp"] == "clarify"
    conversation = session.exec(select(Conversation)).one()
    assert conversation.state.get("awaiting") == AWAITING

    second = say(session, workspace, guest.phone, "כן")
    assert (second.rsvp_status, second.party_size) == ("coming", 3)
    session.refresh(conversation)
    assert conversation.state.get("awaiting") is None


def test_second_unclear_message_is_not_asked_again(session: Session, workspace: Workspace) -> None:
    event = make_event(session, workspace)
    guest = add_guests(session, event, 1)[0]
    assert say(session, workspace, guest.phone, "thanks a lot").data.get("rsvp") == "clarify"
    second = say(session, workspace, guest.phone, "hmm ok then")
    assert second.data.get("rsvp") != "clarify" and second.intent != "rsvp_reply"
    third = say(session, workspace, guest.phone, "sure, we'll come")
    assert third.rsvp_status == "coming"


def test_a_guest_question_is_not_clarified(session: Session, workspace: Workspace) -> None:
    event = make_event(session, workspace)
    guest = add_guests(session, event, 1)[0]
    result = say(session, workspace, guest.phone, "what time does it start?")
    assert result.data.get("rsvp") != "clarify" and result.rsvp_status is None


def test_party_size_over_the_limit_asks_again(session: Session, workspace: Workspace) -> None:
    event = make_event(session, workspace)
    guest = add_guests(session, event, 1)[0]
    result = say(session, workspace, guest.phone, "מגיעים 40")
    assert result.data["rsvp"] == "party_too_large" and "20" in (result.reply or "")
    session.refresh(guest)
    assert guest.status == "message_sent"
    assert say(session, workspace, guest.phone, "מגיעים 4").party_size == 4


def test_answers_over_the_quota_are_still_recorded(session: Session, workspace: Workspace) -> None:
    event = make_event(session, workspace, type="business")
    add_guests(session, event, 30, "coming")
    guest = add_guests(session, event, 1, start=30)[0]
    assert say(session, workspace, guest.phone, "yes", channel="whatsapp").rsvp_status == "coming"
    session.refresh(guest)
    assert guest.status == "coming" and guest.answer_source == "whatsapp"
