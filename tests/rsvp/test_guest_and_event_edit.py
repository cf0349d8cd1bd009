"""One guest added, changed and deleted with the import's rules; an event changed (future dates only) and
deleted with everything personal in it; the owner's numbers (scheduler/rsvp/stats.py)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import Session, select

from bot.core.models import Campaign, Event, EventMember, Guest, OutboxItem
from bot.core.workspaces import Workspace
from scheduler.rsvp.errors import DuplicateEvent, EditingLocked, EventInPast
from scheduler.rsvp.event_delete import delete_event
from scheduler.rsvp.event_edit import EventChanges, update_event
from scheduler.rsvp.events import account_of
from scheduler.rsvp.guest_edit import GuestFields, GuestInvalid, GuestTaken, add_guest, delete_guest, update_guest
from scheduler.rsvp.quota import quota_info
from scheduler.rsvp.stats import event_stats
from tests.rsvp.conftest import OTHER_OWNER, add_guests, make_event

NOW = datetime(2026, 11, 22, 8, 0, tzinfo=UTC)


def test_add_guest_checks_like_the_import(session: Session, workspace: Workspace) -> None:
    event = make_event(session, workspace)
    guest = add_guest(session, workspace, event, GuestFields(name="Avi", phone="052-234-5678", invited="3",
                                                             children=1, notes="no nuts", table="4"), now=NOW)
    assert (guest.phone, guest.invited_count, guest.party_size, guest.children, guest.status) == (
        "+972522345678", 3, 3, 1, "not_invited")
    with pytest.raises(GuestTaken):
        add_guest(session, workspace, event, GuestFields(name="Avi 2", phone="+972522345678"), now=NOW)
    with pytest.raises(GuestInvalid) as bad:
        add_guest(session, workspace, event, GuestFields(name="", phone="03-1234567", invited="x"), now=NOW, lang="en")
    assert {i.code for i in bad.value.issues} >= {"missing_name", "party_size_not_number"}
    with pytest.raises(GuestInvalid):
        add_guest(session, workspace, event, GuestFields(name="Kid", phone="0522345679", invited="2", children=3),
                  now=NOW)


def test_update_records_an_answer_given_to_the_owner(session: Session, workspace: Workspace) -> None:
    event = make_event(session, workspace)
    guest = add_guests(session, event, 2)[0]
    update_guest(session, workspace, event, guest, GuestFields(name="Avi K", phone=guest.phone, invited="2",
                                                               status="coming", party_size=2), now=NOW)
    assert (guest.name, guest.status, guest.party_size, guest.answer_source, guest.answered_at) == (
        "Avi K", "coming", 2, "owner", NOW)
    other = session.exec(select(Guest).where(Guest.event_id == event.id, Guest.id != guest.id)).one()
    with pytest.raises(GuestTaken):
        update_guest(session, workspace, event, guest, GuestFields(name="Avi", phone=other.phone), now=NOW)


def test_editing_is_locked_over_the_free_quota(session: Session, workspace: Workspace) -> None:
    event = make_event(session, workspace, type="business")
    limit = workspace.rsvp.quota_for("business")
    guests = add_guests(session, event, limit + 1, status="coming")
    with pytest.raises(EditingLocked):
        delete_guest(session, workspace, event, guests[0])
    with pytest.raises(EditingLocked):
        add_guest(session, workspace, event, GuestFields(name="New", phone="0529999999"), now=NOW)


def test_delete_guest_removes_their_outbox_rows(session: Session, workspace: Workspace) -> None:
    event = make_event(session, workspace)
    guest = add_guests(session, event, 1)[0]
    campaign = Campaign(workspace=event.workspace, event_id=event.id or 0, kind="invitation", state="done")
    session.add(campaign)
    session.flush()
    session.add(OutboxItem(workspace=event.workspace, campaign_id=campaign.id or 0, guest_id=guest.id or 0,
                           phone=guest.phone, body="hi", state="delivered"))
    session.flush()
    delete_guest(session, workspace, event, guest)
    assert session.exec(select(OutboxItem)).all() == [] and session.get(Guest, guest.id) is None


def test_update_event_refuses_a_past_date_and_another_accounts_venue(session: Session, workspace: Workspace) -> None:
    event = make_event(session, workspace)
    make_event(session, workspace, "other", starts_at="2027-05-01T19:00:00+03:00", venue="Blue Hall",
               owner=OTHER_OWNER)
    changes = EventChanges(title="Noa & Avi", starts_at=datetime(2027, 4, 1, 20, 0), venue="Sea Hall")
    update_event(session, workspace, event, changes, now=NOW)
    assert (event.title, event.venue, event.venue_key) == ("Noa & Avi", "Sea Hall", "sea hall")
    assert event.starts_at == datetime(2027, 4, 1, 17, 0, tzinfo=UTC)
    with pytest.raises(EventInPast):
        update_event(session, workspace, event, changes.model_copy(update={"starts_at": datetime(2025, 4, 1, 20)}),
                     now=NOW)
    with pytest.raises(DuplicateEvent):
        update_event(session, workspace, event, changes.model_copy(update={
            "starts_at": datetime(2027, 5, 1, 12, 0), "venue": "blue  hall"}), now=NOW)


def test_delete_event_takes_everything_personal(session: Session, workspace: Workspace) -> None:
    event = make_event(session, workspace)
    guests = add_guests(session, event, 3)
    campaign = Campaign(workspace=event.workspace, event_id=event.id or 0, kind="invitation", state="done")
    session.add(campaign)
    session.flush()
    session.add(OutboxItem(workspace=event.workspace, campaign_id=campaign.id or 0, guest_id=guests[0].id or 0,
                           phone=guests[0].phone, body="hi", state="sent"))
    session.flush()
    removed = delete_event(session, event)
    assert removed == {"guests": 3, "campaigns": 1, "contacts": 0}
    for table in (Event, Guest, Campaign, OutboxItem, EventMember):
        assert session.exec(select(table)).all() == []


def test_stats_count_people_groups_days_and_leave_hidden_answers_out(session: Session, workspace: Workspace) -> None:
    event = make_event(session, workspace)
    guests = add_guests(session, event, 5)
    answers = [("coming", 3, "family"), ("coming", 2, "work"), ("not_coming", 1, "work"), ("maybe", 1, None)]
    for guest, (status, size, group) in zip(guests, answers, strict=False):
        guest.status, guest.party_size, guest.group, guest.answered_at = status, size, group, NOW
    guests[0].invited_count, guests[1].invited_count = 2, 2  # the first said 3 when invited as 2
    guests[1].answered_at = NOW + timedelta(days=1)
    session.flush()
    info = quota_info(session, workspace, event, account_of(session, event))
    stats = event_stats(session, event, info)
    assert (stats.invited, stats.coming, stats.coming_people, stats.not_coming, stats.maybe, stats.waiting) == (
        5, 2, 5, 1, 1, 1)
    assert stats.over_invited == 1
    assert stats.groups["family"].people == 3 and stats.groups["work"].not_coming == 1
    assert [sum(c.values()) for c in stats.by_day.values()] == [3, 1]
    hidden = info.__class__(limit=0, used=4, counted_statuses=info.counted_statuses, unlimited=False,
                            hidden_ids=frozenset({guests[0].id or 0}))
    assert event_stats(session, event, hidden).coming_people == 2
