"""Deleting an event on demand leaves nothing personal of it behind (SQLite and PostgreSQL): guests and
their links, outbox copies, campaigns, the picture, and the contacts, conversations, messages, callbacks
and reply jobs of numbers that only this event brought; numbers shared with another event stay. Retention
(an expired event) and deleting one guest forget people by the same rules (issue 15)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlmodel import Session, select

from bot.core.models import (
    Campaign,
    Contact,
    Conversation,
    Customer,
    DialogueState,
    Event,
    EventImage,
    Guest,
    Message,
    MessageStatusEvent,
    OutboxItem,
    ReplyJob,
    Ticket,
)
from bot.core.workspaces import Workspace
from scheduler.campaigns.retention import purge
from scheduler.rsvp.event_delete import delete_event
from scheduler.rsvp.guest_edit import GuestFields, delete_guest, update_guest
from scheduler.rsvp.links import new_token_id
from tests.rsvp.conftest import make_event, phone

NOW = datetime(2026, 11, 22, 8, 0, tzinfo=UTC)


def _guest(session: Session, event: Event, number: str) -> Guest:
    guest = Guest(workspace=event.workspace, event_id=event.id or 0, name=f"G {number[-3:]}", phone=number,
                  status="message_sent", token_id=new_token_id())
    session.add(guest)
    session.flush()
    return guest


def _talk(session: Session, workspace: str, number: str, *, opted_out: bool = False) -> Contact:
    """A contact who wrote once and was answered: conversation, two messages, callback, reply job, ticket."""
    contact = Contact(workspace=workspace, phone=number, name="Private Name", language="he", opted_out=opted_out)
    session.add(contact)
    session.flush()
    conversation = Conversation(workspace=workspace, contact_id=contact.id or 0)
    session.add(conversation)
    session.flush()
    inbound = Message(workspace=workspace, conversation_id=conversation.id, contact_id=contact.id,
                      direction="inbound", provider_sid=f"SMin{number}", sender=number, body="מגיעים 2")
    reply = Message(workspace=workspace, conversation_id=conversation.id, contact_id=contact.id,
                    direction="outbound", provider_sid=f"SMout{number}", recipient=number, body="תודה")
    session.add_all([inbound, reply])
    session.flush()
    session.add_all([
        MessageStatusEvent(provider_sid=f"SMout{number}", status="delivered"),
        ReplyJob(message_id=inbound.id or 0, workspace=workspace, contact_id=contact.id or 0, state="done",
                 reply_message_id=reply.id),
        DialogueState(conversation_id=conversation.id or 0, workspace=workspace, data={"party": 2},
                      expires_at=NOW + timedelta(days=1)),
        Ticket(workspace=workspace, seq=int(number[-5:]), number=f"T-{number[-5:]}", contact_id=contact.id or 0,
               conversation_id=conversation.id),
    ])
    session.flush()
    return contact


def _invited(session: Session, event: Event, guest: Guest) -> None:
    """A sent invitation campaign of `event` that reached `guest`, with its delivery callback."""
    campaign = Campaign(workspace=event.workspace, event_id=event.id or 0, kind="invitation", state="done")
    session.add(campaign)
    session.flush()
    session.add(OutboxItem(workspace=event.workspace, campaign_id=campaign.id or 0, guest_id=guest.id or 0,
                           phone=guest.phone, body="הוזמנת", state="delivered", provider_sid="SMcampaign1"))
    session.add(MessageStatusEvent(provider_sid="SMcampaign1", status="delivered"))


def test_delete_event_forgets_its_own_people_and_keeps_shared_ones(session: Session, workspace: Workspace) -> None:
    event = make_event(session, workspace)
    other = make_event(session, workspace, "wedding-2", starts_at="2027-04-12T19:30:00+03:00", venue="Other Hall")
    only, shared, stopped = phone(1), phone(2), phone(3)
    guests = [_guest(session, event, n) for n in (only, shared, stopped)]
    _guest(session, other, shared)
    for number in (only, shared):
        _talk(session, workspace.slug, number)
    _talk(session, workspace.slug, stopped, opted_out=True)
    _invited(session, event, guests[0])
    session.add(EventImage(event_id=event.id or 0, content_type="image/png", data=b"\x89PNG", sha256="x"))
    session.commit()

    removed = delete_event(session, event)

    assert removed == {"guests": 3, "campaigns": 1, "contacts": 1}
    assert session.get(Event, event.id) is None and session.get(Event, other.id) is not None
    for table in (Campaign, OutboxItem, EventImage):
        assert session.exec(select(table)).all() == []
    assert [g.phone for g in session.exec(select(Guest)).all()] == [shared]  # the other event's guest
    contacts = {c.phone: c for c in session.exec(select(Contact)).all()}
    assert set(contacts) == {shared, stopped}
    assert contacts[shared].name == "Private Name"                       # shared: untouched
    assert (contacts[stopped].opted_out, contacts[stopped].name, contacts[stopped].language) == (True, None, None)
    # only the shared contact's conversation and messages are left; callbacks of deleted messages are gone
    assert [c.contact_id for c in session.exec(select(Conversation)).all()] == [contacts[shared].id]
    assert {m.contact_id for m in session.exec(select(Message)).all()} == {contacts[shared].id}
    assert [e.provider_sid for e in session.exec(select(MessageStatusEvent)).all()] == [f"SMout{shared}"]
    assert [j.contact_id for j in session.exec(select(ReplyJob)).all()] == [contacts[shared].id]
    assert [d.conversation_id for d in session.exec(select(DialogueState)).all()] == \
        [session.exec(select(Conversation.id)).one()]
    assert [t.contact_id for t in session.exec(select(Ticket)).all()] == [contacts[shared].id]


def test_delete_event_keeps_the_owners_own_number(session: Session, workspace: Workspace) -> None:
    """The owner invited themself: their contact is the owner's, not the event's."""
    event = make_event(session, workspace)
    _guest(session, event, "+972522000001")  # OWNER's phone
    _talk(session, workspace.slug, "+972522000001")
    session.commit()
    assert delete_event(session, event)["contacts"] == 0
    assert session.exec(select(Contact.phone)).all() == ["+972522000001"]
    assert session.exec(select(Message)).all() != []


def _expire(session: Session, event: Event) -> None:
    """Move an event (made in the future, as the rules demand) to long before retention's cutoff."""
    event.starts_at = datetime(2026, 3, 1, 18, 0, tzinfo=UTC)
    session.add(event)
    session.commit()


def _expired_pair(session: Session, workspace: Workspace) -> tuple[str, str, str, str]:
    """Two expired events and a live one: phone(1) only the old event's, phone(2) shared with the live one,
    phone(3) opted out, phone(4) a guest of both expired events; all but the opted-out one talked."""
    old = make_event(session, workspace)
    older = make_event(session, workspace, "wedding-0", starts_at="2027-02-01T19:30:00+02:00", venue="Old Hall")
    live = make_event(session, workspace, "wedding-2", starts_at="2027-04-12T19:30:00+03:00", venue="Other Hall")
    only, shared, stopped, both_old = phone(1), phone(2), phone(3), phone(4)
    guests = [_guest(session, old, n) for n in (only, shared, stopped, both_old)]
    _guest(session, live, shared)
    _guest(session, older, both_old)  # expires too: nothing is left to keep the number
    for number in (only, shared, both_old):
        _talk(session, workspace.slug, number)
    _talk(session, workspace.slug, stopped, opted_out=True)
    _invited(session, old, guests[0])
    _expire(session, old)
    _expire(session, older)
    return only, shared, stopped, both_old


def test_retention_forgets_an_expired_events_people_as_deleting_it_does(session: Session,
                                                                         workspace: Workspace) -> None:
    only, shared, stopped, both_old = _expired_pair(session, workspace)

    gone = purge(session.get_bind(), [workspace], NOW, dry_run=False)  # type: ignore[arg-type]

    session.expire_all()
    assert sorted(e.key for e in gone) == ["wedding-0", "wedding-1"]
    assert [e.key for e in session.exec(select(Event)).all()] == ["wedding-2"]
    assert [g.phone for g in session.exec(select(Guest)).all()] == [shared]
    contacts = {c.phone: c for c in session.exec(select(Contact)).all()}
    assert set(contacts) == {shared, stopped}
    assert contacts[shared].name == "Private Name"
    assert (contacts[stopped].opted_out, contacts[stopped].name, contacts[stopped].language) == (True, None, None)
    assert [c.contact_id for c in session.exec(select(Conversation)).all()] == [contacts[shared].id]
    assert {m.contact_id for m in session.exec(select(Message)).all()} == {contacts[shared].id}
    assert [e.provider_sid for e in session.exec(select(MessageStatusEvent)).all()] == [f"SMout{shared}"]
    assert [j.contact_id for j in session.exec(select(ReplyJob)).all()] == [contacts[shared].id]
    assert [t.contact_id for t in session.exec(select(Ticket)).all()] == [contacts[shared].id]
    assert session.exec(select(Campaign)).all() == [] and session.exec(select(OutboxItem)).all() == []


def test_retentions_dry_run_counts_what_the_real_run_does(session: Session, workspace: Workspace) -> None:
    """The dry run lists per event the contacts the run deletes and the opted-out ones it keeps bare, as the
    real run then does (a number two expired events share goes with the second one, in both)."""
    _expired_pair(session, workspace)
    engine = session.get_bind()
    contacts_before = len(session.exec(select(Contact)).all())
    named_before = {c.phone for c in session.exec(select(Contact).where(Contact.opted_out)).all() if c.name}

    listed = purge(engine, [workspace], NOW, dry_run=True)  # type: ignore[arg-type]
    session.expire_all()
    assert len(session.exec(select(Contact)).all()) == contacts_before  # the dry run touched nothing
    done = purge(engine, [workspace], NOW, dry_run=False)  # type: ignore[arg-type]

    session.expire_all()
    deleted = contacts_before - len(session.exec(select(Contact)).all())
    bare = {c.phone for c in session.exec(select(Contact).where(Contact.opted_out)).all() if not c.name}
    assert [e.as_dict() for e in listed] == [e.as_dict() for e in done]
    assert sum(e.contacts for e in listed) == deleted == 2
    assert sum(e.contacts_anonymised for e in listed) == len(named_before & bare) == 1
    assert [e.contacts for e in listed] == [1, 1]  # phone(4) goes with the second of its two events


def _four_kinds_of_guest(session: Session, workspace: Workspace) -> tuple[Event, dict[str, Guest]]:
    """Guests phone(1)-phone(4) of one event: only this event's, shared with another event, opted out,
    and a support customer; all but the opted-out one have talked to the bot."""
    event = make_event(session, workspace)
    other = make_event(session, workspace, "wedding-2", starts_at="2027-04-12T19:30:00+03:00", venue="Other Hall")
    only, shared, stopped, customer = phone(1), phone(2), phone(3), phone(4)
    guests = {n: _guest(session, event, n) for n in (only, shared, stopped, customer)}
    _guest(session, other, shared)
    session.add(Customer(workspace=workspace.slug, phone=customer, plan="basic"))
    for number in (only, shared, customer):
        _talk(session, workspace.slug, number)
    _talk(session, workspace.slug, stopped, opted_out=True)
    return event, guests


def test_deleting_one_guest_forgets_their_number_unless_something_else_keeps_it(session: Session,
                                                                                workspace: Workspace) -> None:
    event, guests = _four_kinds_of_guest(session, workspace)
    shared, stopped, customer = phone(2), phone(3), phone(4)
    session.commit()

    for guest in guests.values():
        delete_guest(session, workspace, event, guest)
    session.commit()

    session.expire_all()
    contacts = {c.phone: c for c in session.exec(select(Contact)).all()}
    assert set(contacts) == {shared, stopped, customer}
    assert contacts[shared].name == contacts[customer].name == "Private Name"
    assert (contacts[stopped].opted_out, contacts[stopped].name, contacts[stopped].language) == (True, None, None)
    assert {c.contact_id for c in session.exec(select(Conversation)).all()} == {contacts[shared].id,
                                                                                 contacts[customer].id}
    assert {m.recipient or m.sender for m in session.exec(select(Message)).all()} == {shared, customer}
    assert [g.phone for g in session.exec(select(Guest)).all()] == [shared]  # the other event's guest


def test_changing_a_guests_number_forgets_the_old_one_like_deleting_the_guest(session: Session,
                                                                               workspace: Workspace) -> None:
    """The owner corrects a guest's number: the old number's contact and conversations, which only this
    event brought, go as when the guest is deleted (shared numbers stay; an opted-out one keeps a bare row)."""
    event, guests = _four_kinds_of_guest(session, workspace)
    only, shared, stopped, customer = phone(1), phone(2), phone(3), phone(4)
    new = phone(9)
    _talk(session, workspace.slug, new)  # the new number already wrote: theirs stays
    session.commit()

    for n, (number, guest) in enumerate(guests.items()):
        fields = GuestFields(name=guest.name, phone=new if number == only else phone(5 + n))
        update_guest(session, workspace, event, guest, fields, now=NOW)
    session.commit()

    session.expire_all()
    contacts = {c.phone: c for c in session.exec(select(Contact)).all()}
    assert set(contacts) == {shared, stopped, customer, new}
    assert contacts[shared].name == contacts[customer].name == contacts[new].name == "Private Name"
    assert (contacts[stopped].opted_out, contacts[stopped].name, contacts[stopped].language) == (True, None, None)
    assert {c.contact_id for c in session.exec(select(Conversation)).all()} == {
        contacts[shared].id, contacts[customer].id, contacts[new].id}
    assert {m.recipient or m.sender for m in session.exec(select(Message)).all()} == {shared, customer, new}
    assert sorted(g.phone for g in session.exec(select(Guest).where(Guest.event_id == event.id)).all()) == sorted(
        [new, phone(6), phone(7), phone(8)])


def test_saving_a_guest_with_the_same_number_forgets_nothing(session: Session, workspace: Workspace) -> None:
    event = make_event(session, workspace)
    guest = _guest(session, event, phone(1))
    _talk(session, workspace.slug, phone(1))
    session.commit()
    update_guest(session, workspace, event, guest, GuestFields(name="Renamed", phone=phone(1)), now=NOW)
    session.commit()
    session.expire_all()
    assert [c.phone for c in session.exec(select(Contact)).all()] == [phone(1)]
    assert len(session.exec(select(Message)).all()) == 2


def test_a_queued_campaign_copy_goes_to_the_corrected_number(session: Session, workspace: Workspace) -> None:
    """A copy still waiting to be sent follows the guest's new number (the dispatcher sends to the row's
    number); copies already sent keep the number they went to."""
    event = make_event(session, workspace)
    guest = _guest(session, event, phone(1))
    campaign = Campaign(workspace=event.workspace, event_id=event.id or 0, kind="invitation", state="scheduled")
    sent = Campaign(workspace=event.workspace, event_id=event.id or 0, kind="reminder", state="done")
    session.add_all([campaign, sent])
    session.flush()
    session.add_all([
        OutboxItem(workspace=event.workspace, campaign_id=campaign.id or 0, guest_id=guest.id or 0,
                   phone=guest.phone, body="הוזמנת", state="queued"),
        OutboxItem(workspace=event.workspace, campaign_id=sent.id or 0, guest_id=guest.id or 0,
                   phone=guest.phone, body="תזכורת", state="delivered", provider_sid="SMsent1"),
    ])
    session.commit()
    update_guest(session, workspace, event, guest, GuestFields(name=guest.name, phone=phone(2)), now=NOW)
    session.commit()
    session.expire_all()
    rows = {row.state: row.phone for row in session.exec(select(OutboxItem)).all()}
    assert rows == {"queued": phone(2), "delivered": phone(1)}
