"""An event forgets only the people it brought (security review T4): an event owner who adds a
stranger's number as a guest and deletes the guest (or types the number over another guest's, then
changes it back) must not erase the support conversation that person had with the business before.
A person the event did bring still goes, also when another event had kept them at the first deletion."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlmodel import Session, select

from bot.core.models import Contact, Conversation, Event, Guest, Message
from bot.core.workspaces import Workspace
from scheduler.rsvp.event_delete import delete_event
from scheduler.rsvp.guest_edit import GuestFields, add_guest, delete_guest, update_guest
from tests.rsvp.conftest import make_event, phone

LEAD = phone(71)  # wrote to the business about a package; no customer row, never a guest


def _wrote(session: Session, workspace: str, number: str, at: datetime) -> Contact:
    """A person who wrote at `at` and was answered: contact, conversation, two messages."""
    contact = Contact(workspace=workspace, phone=number, name="Lead Name", created_at=at)
    session.add(contact)
    session.flush()
    conversation = Conversation(workspace=workspace, contact_id=contact.id or 0)
    session.add(conversation)
    session.flush()
    session.add_all([
        Message(workspace=workspace, conversation_id=conversation.id, contact_id=contact.id, direction="inbound",
                sender=number, body="how much is the full package?", created_at=at),
        Message(workspace=workspace, conversation_id=conversation.id, contact_id=contact.id, direction="outbound",
                recipient=number, body="...", created_at=at)])
    session.flush()
    return contact


def _kept(session: Session, number: str) -> tuple[int, int]:
    session.expire_all()
    contacts = session.exec(select(Contact.id).where(Contact.phone == number)).all()
    messages = session.exec(select(Message.id).where(Message.contact_id.in_(contacts))).all()  # type: ignore[attr-defined]
    return len(contacts), len(messages)


def _now() -> datetime:
    return datetime.now(UTC)


def test_adding_and_deleting_a_stranger_as_a_guest_keeps_their_conversation(session: Session,
                                                                            workspace: Workspace) -> None:
    event = make_event(session, workspace)
    _wrote(session, workspace.slug, LEAD, _now() - timedelta(days=3))
    session.commit()

    guest = add_guest(session, workspace, event, GuestFields(name="Anyone", phone=LEAD), now=_now())
    session.commit()
    delete_guest(session, workspace, event, guest)
    session.commit()
    assert _kept(session, LEAD) == (1, 2)

    again = add_guest(session, workspace, event, GuestFields(name="Anyone", phone=LEAD), now=_now())
    session.commit()
    assert again.id is not None
    delete_event(session, event)
    assert _kept(session, LEAD) == (1, 2)


def test_typing_a_strangers_number_over_a_guests_and_back_keeps_their_conversation(session: Session,
                                                                                  workspace: Workspace) -> None:
    """The guest existed before the stranger wrote; what counts is when the row got the stranger's number."""
    event = make_event(session, workspace)
    start = _now() - timedelta(days=10)
    guest = add_guest(session, workspace, event, GuestFields(name="Old Guest", phone=phone(72)), now=start)
    _wrote(session, workspace.slug, LEAD, start + timedelta(days=5))
    session.commit()

    update_guest(session, workspace, event, guest, GuestFields(name="Old Guest", phone=LEAD), now=_now())
    session.commit()
    update_guest(session, workspace, event, guest, GuestFields(name="Old Guest", phone=phone(72)), now=_now())
    session.commit()
    assert _kept(session, LEAD) == (1, 2)

    update_guest(session, workspace, event, guest, GuestFields(name="Old Guest", phone=LEAD), now=_now())
    session.commit()
    delete_guest(session, workspace, event, guest)
    session.commit()
    assert _kept(session, LEAD) == (1, 2)


def test_a_person_the_event_brought_goes_also_after_another_event_kept_them(session: Session,
                                                                           workspace: Workspace) -> None:
    """Invited to two events, answered the first: deleting the first keeps them (the second has them),
    deleting the second forgets them, though their contact is older than the second event's guest row."""
    first = make_event(session, workspace)
    second = make_event(session, workspace, "wedding-2", starts_at="2027-04-12T19:30:00+03:00", venue="Other Hall")
    start = _now() - timedelta(days=10)
    number = phone(73)
    add_guest(session, workspace, first, GuestFields(name="Twice", phone=number), now=start)
    _wrote(session, workspace.slug, number, start + timedelta(days=1))  # their answer to the first invitation
    add_guest(session, workspace, second, GuestFields(name="Twice", phone=number), now=start + timedelta(days=2))
    session.commit()

    delete_event(session, first)
    assert _kept(session, number) == (1, 2)
    assert session.get(Event, second.id) is not None
    delete_event(session, second)
    assert _kept(session, number) == (0, 0)
    assert session.exec(select(Guest).where(Guest.phone == number)).all() == []


def test_a_person_the_event_brought_still_goes_with_their_guest(session: Session, workspace: Workspace) -> None:
    event = make_event(session, workspace)
    guest = add_guest(session, workspace, event, GuestFields(name="Invited", phone=phone(74)),
                      now=_now() - timedelta(days=2))
    _wrote(session, workspace.slug, phone(74), _now() - timedelta(days=1))  # answered the invitation
    session.commit()
    delete_guest(session, workspace, event, guest)
    session.commit()
    assert _kept(session, phone(74)) == (0, 0)
