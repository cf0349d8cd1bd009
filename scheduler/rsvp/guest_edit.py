"""Adding, changing and deleting one guest: the rules of the import (scheduler/rsvp/guest_import.py),
applied to a single row, so a guest typed by hand is checked exactly like one read from a file.

Shared by the web console, the API and the CLI. Refused while the free quota is exceeded without a
package (the policy: rows may not be deleted and re-added to reach the hidden answers).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import update
from sqlmodel import Session, col, select

from bot.core.models import Event, Guest, GuestStatus, OutboxItem, OutboxState
from bot.core.phones import InvalidPhone, normalize_phone
from bot.core.workspaces import Workspace
from scheduler.rsvp.errors import GuestNotFound, RsvpError
from scheduler.rsvp.event_delete import forget_guests
from scheduler.rsvp.events import account_of
from scheduler.rsvp.guest_import import ImportRow, RowIssue, _israeli_mobile_only, validate_record
from scheduler.rsvp.links import new_token_id
from scheduler.rsvp.quota import ensure_editable, quota_info

OWNER_STATUSES = frozenset({"not_invited", "message_sent", "coming", "not_coming", "maybe", "no_answer"})
NOTES_MAX = 500


class GuestInvalid(RsvpError):
    """The typed guest breaks an import rule; `issues` are the import's own (code, message) pairs."""

    code = "invalid_guest"

    def __init__(self, issues: list[RowIssue]) -> None:
        super().__init__("; ".join(i.message for i in issues))
        self.issues = issues


class GuestTaken(RsvpError):
    code = "guest_phone_taken"


@dataclass(frozen=True)
class GuestFields:
    """What an owner types for one guest; text fields as typed (checked by the import's rules)."""

    name: str
    phone: str
    invited: str = "1"
    group: str = ""
    table: str = ""
    language: str = ""
    children: int = 0
    notes: str = ""
    status: str | None = None       # the owner records an answer given in person (None: keep)
    party_size: int | None = None


def check_fields(workspace: Workspace, fields: GuestFields, lang: str) -> ImportRow:
    record = {"name": fields.name, "phone": fields.phone, "invited": fields.invited, "group": fields.group,
              "table": fields.table, "language": fields.language}
    row = validate_record(1, record, workspace, lang, _israeli_mobile_only(workspace))
    # against a valid invited count only: "-2 invited" is its own error, not the children's
    if fields.children < 0 or (row.invited is not None and row.invited >= 1 and fields.children > row.invited):
        row.errors.append(RowIssue("children_out_of_range", "children must be between 0 and the invited count"))
    if len(fields.notes) > NOTES_MAX:
        row.errors.append(RowIssue("notes_too_long", f"notes may hold at most {NOTES_MAX} characters"))
    limit = workspace.rsvp.max_party_size
    if fields.party_size is not None and not 0 <= fields.party_size <= limit:
        row.errors.append(RowIssue("party_size_out_of_range", f"party size must be between 0 and {limit}"))
    if fields.status is not None and fields.status not in OWNER_STATUSES:
        row.errors.append(RowIssue("bad_status", f"unknown status '{fields.status}'"))
    if row.errors:
        raise GuestInvalid(row.errors)
    return row


def _editable(session: Session, workspace: Workspace, event: Event, lang: str) -> None:
    ensure_editable(quota_info(session, workspace, event, account_of(session, event)), lang)


def _phone_taken(session: Session, event: Event, phone: str, except_id: int | None) -> bool:
    found = session.exec(select(Guest.id).where(Guest.event_id == event.id, Guest.phone == phone)).first()
    return found is not None and found != except_id


def _apply(guest: Guest, row: ImportRow, fields: GuestFields, now: datetime) -> None:
    guest.name, guest.phone = row.name, row.phone or guest.phone
    guest.invited_count = row.invited or 1
    guest.group, guest.table_number = row.group, row.table
    guest.language = row.language or guest.language
    guest.children, guest.notes = fields.children, fields.notes.strip() or None
    if fields.status is not None and fields.status != guest.status:
        guest.status = fields.status
        if fields.status in {"coming", "not_coming", "maybe"}:
            guest.answered_at, guest.answer_source = now, "owner"
    if fields.party_size is not None and fields.party_size >= 0:
        guest.party_size = fields.party_size
    elif guest.status not in {"coming", "maybe"}:
        guest.party_size = guest.invited_count
    guest.updated_at = now


def add_guest(session: Session, workspace: Workspace, event: Event, fields: GuestFields, *, now: datetime,
              lang: str | None = None) -> Guest:
    lang = lang or workspace.default_language
    _editable(session, workspace, event, lang)
    row = check_fields(workspace, fields, lang)
    assert row.phone is not None and event.id is not None
    if _phone_taken(session, event, row.phone, None):
        raise GuestTaken(f"{row.phone} is already a guest of this event")
    guest = Guest(workspace=workspace.slug, event_id=event.id, name=row.name, phone=row.phone,
                  status=GuestStatus.not_invited, token_id=new_token_id(), created_at=now, updated_at=now)
    _apply(guest, row, fields, now)
    session.add(guest)
    session.flush()
    return guest


def update_guest(session: Session, workspace: Workspace, event: Event, guest: Guest, fields: GuestFields, *,
                 now: datetime, lang: str | None = None) -> Guest:
    """Change a guest. A changed number drops the old one as deleting the guest would: the person the old
    number brought (contact, conversations) is forgotten by event_delete.forget_guests' rules, so a
    corrected typo does not leave a stranger's conversation behind; campaign copies not sent yet go to the
    new number (those sent keep the number they went to)."""
    lang = lang or workspace.default_language
    _editable(session, workspace, event, lang)
    row = check_fields(workspace, fields, lang)
    assert row.phone is not None
    if _phone_taken(session, event, row.phone, guest.id):
        raise GuestTaken(f"{row.phone} is already a guest of this event")
    old_phone, had_since = guest.phone, guest.created_at
    _apply(guest, row, fields, now)
    if guest.phone != old_phone:  # the row has had this number since now (event_delete.guests_since)
        guest.created_at = now
    session.add(guest)
    session.flush()
    if guest.phone != old_phone:
        # a copy still waiting goes where the guest now is: the dispatcher sends to the row's own number
        session.exec(update(OutboxItem).where(col(OutboxItem.guest_id) == guest.id,  # type: ignore[call-overload]
                                              col(OutboxItem.state) == OutboxState.queued)
                     .values(phone=guest.phone))
        forget_guests(session, event, [old_phone], since={old_phone: had_since})
    return guest


def delete_guest(session: Session, workspace: Workspace, event: Event, guest: Guest, *,
                 lang: str | None = None) -> None:
    """The guest, their copies of campaigns (the outbox rows hold their number and text) and the person
    the event brought: their contact and conversations go as when the whole event is deleted
    (event_delete.forget_guests: kept when another event, an owner, a console user or a customer ties
    the number to the workspace; an opted-out number keeps a bare row)."""
    _editable(session, workspace, event, lang or workspace.default_language)
    for item in session.exec(select(OutboxItem).where(OutboxItem.guest_id == guest.id)).all():
        session.delete(item)
    session.flush()
    forget_guests(session, event, [guest.phone])
    session.delete(guest)
    session.flush()


def delete_guest_by_phone(session: Session, workspace: Workspace, event: Event, phone: str, *,
                          lang: str | None = None) -> str:
    """Delete the guest with this number (as typed: 052-..., +972...) by `delete_guest`'s rules; the API and
    the CLI name a guest by number, as the import and export do. Returns the number in E.164."""
    try:
        number = normalize_phone(phone).e164
    except InvalidPhone as exc:
        raise GuestNotFound(f"{phone} is not a guest of this event") from exc
    guest = session.exec(select(Guest).where(Guest.event_id == event.id, Guest.phone == number)).first()
    if guest is None:
        raise GuestNotFound(f"{number} is not a guest of this event")
    delete_guest(session, workspace, event, guest, lang=lang)
    return number


def guest_fields(guest: Guest) -> dict[str, Any]:
    """A guest as the edit form shows it."""
    return {"name": guest.name, "phone": guest.phone, "invited": str(guest.invited_count),
            "group": guest.group or "", "table": guest.table_number or "", "language": guest.language or "",
            "children": guest.children, "notes": guest.notes or "", "status": guest.status,
            "party_size": guest.party_size}
