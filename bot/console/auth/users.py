"""Creating and finding console accounts (the CLI `bot users` and the demo login call these)."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlmodel import Session, col, select

from bot.console.auth.passwords import hash_password
from bot.core.models import ConsoleUser, Event, EventMember, Role
from bot.core.phones import Phone, is_israeli_mobile, normalize_phone
from bot.core.workspaces import Workspace
from scheduler.rsvp.events import OwnerIn, get_or_create_account


class AccountError(ValueError):
    """A request about an account that cannot be done (message meant for the operator)."""


class CohostIsOwner(AccountError):
    """The number invited as a co-host is the event's own owner (they run it already)."""


class TooManyCohosts(AccountError):
    """The event has its workspace's most co-hosts (`rsvp.max_cohosts`) already."""

    def __init__(self, limit: int) -> None:
        super().__init__(f"an event may have at most {limit} co-hosts; remove one to invite another")
        self.limit = limit


def create_user(session: Session, workspace: Workspace, *, phone: str, name: str, role: str = Role.event_owner,
                password: str | None = None, language: str | None = None) -> ConsoleUser:
    """An account; an event owner is linked to the RSVP account of their phone (made when missing)."""
    if role not in {r.value for r in Role}:
        raise AccountError(f"unknown role '{role}'; known: {', '.join(r.value for r in Role)}")
    e164 = normalize_phone(phone).e164
    if find_user(session, workspace.slug, e164) is not None:
        raise AccountError(f"{e164} already has an account in {workspace.slug}")
    if language is not None and language not in workspace.languages:
        raise AccountError(f"language '{language}' is not one of {', '.join(workspace.languages)}")
    user = ConsoleUser(workspace=workspace.slug, phone=e164, name=name.strip() or e164, role=role, language=language,
                       password_hash=hash_password(password) if password else None)
    if role in (Role.event_owner, Role.owner):
        account = get_or_create_account(session, workspace, OwnerIn(name=user.name, phone=e164))
        user.rsvp_account_id = account.id
    session.add(user)
    session.flush()
    return user


def set_password(session: Session, user: ConsoleUser, password: str | None) -> None:
    """Set (ValueError when too short) or clear the password; with none, login is by code only.
    The caller ends the account's other sessions: whoever knew the old password is out."""
    user.password_hash = hash_password(password) if password else None
    session.add(user)


def link_telegram(session: Session, workspace_slug: str, user: ConsoleUser, telegram_id: int | None) -> None:
    """Link (or with None unlink) an account to a Telegram user; one account per Telegram user per
    workspace, since the staff chat acts under the linked account's name (bot.staff.actions.as_known)."""
    if telegram_id is not None:
        taken = session.exec(select(ConsoleUser).where(ConsoleUser.workspace == workspace_slug,
                                                       ConsoleUser.telegram_user_id == telegram_id,
                                                       col(ConsoleUser.id) != user.id)).first()
        if taken is not None:
            raise AccountError(f"Telegram user {telegram_id} is already linked to {taken.name}")
    user.telegram_user_id = telegram_id
    session.add(user)


def find_user(session: Session, workspace_slug: str, phone: str) -> ConsoleUser | None:
    return session.exec(select(ConsoleUser).where(ConsoleUser.workspace == workspace_slug,
                                                  ConsoleUser.phone == phone)).first()


def users_by_phone(session: Session, phone: str) -> list[ConsoleUser]:
    """Active accounts of this number in every workspace (one person may own events in several)."""
    return list(session.exec(select(ConsoleUser).where(ConsoleUser.phone == phone,
                                                       col(ConsoleUser.disabled_at).is_(None))
                             .order_by(col(ConsoleUser.id))).all())


def list_users(session: Session, workspace_slug: str) -> list[ConsoleUser]:
    return list(session.exec(select(ConsoleUser).where(ConsoleUser.workspace == workspace_slug)
                             .order_by(col(ConsoleUser.id))).all())


def cohost_number_allowed(workspace: Workspace, number: Phone) -> bool:
    """A number a login code may be sent to: a mobile of a country (never a non-geographic satellite or
    network number, region 001), and an Israeli mobile where the workspace sends SMS to those only
    (`sms.israeli_mobile_only`, the guests' rule). An event owner's invitation makes an account whose
    code anyone may ask for by SMS, so this is what keeps invitations from being an SMS-pumping tool."""
    if not number.mobile or number.region in (None, "001"):
        return False
    sms = workspace.sms if isinstance(workspace.sms, dict) else {}
    return is_israeli_mobile(number) or not sms.get("israeli_mobile_only", False)


def invite_cohost(session: Session, workspace: Workspace, event_id: int, *, phone: str, name: str,
                  invited_by: int | None, owner_account_id: int | None = None) -> ConsoleUser:
    """A co-host gets an event-owner account (when missing) and access to this one event; the event's own
    owner (`owner_account_id`, the event's RSVP account) is refused: they run it already, and so is a
    number a login code should not go to (`cohost_number_allowed`), and a new co-host beyond the
    workspace's `rsvp.max_cohosts` (TooManyCohosts, checked before an account is made)."""
    number = normalize_phone(phone)
    if not cohost_number_allowed(workspace, number):
        raise AccountError(f"{number.e164} cannot be a co-host: not a mobile number this workspace sends to")
    e164 = number.e164
    found = find_user(session, workspace.slug, e164)
    if found is not None and owner_account_id is not None and found.rsvp_account_id == owner_account_id:
        raise CohostIsOwner(f"{e164} owns this event")
    if found is not None and _member(session, event_id, found) is not None:
        return found  # invited again: nothing new
    if found is not None and found.disabled_at is not None and found.role == Role.event_owner:
        found.disabled_at = None  # closed when their last co-hosting ended (`remove_cohost`): invited anew
    members = len(session.exec(select(EventMember.id).where(EventMember.event_id == event_id)).all())
    if members >= workspace.rsvp.max_cohosts:  # before any account is made for the number
        raise TooManyCohosts(workspace.rsvp.max_cohosts)
    user = found or create_user(session, workspace, phone=e164, name=name)
    assert user.id is not None
    if owner_account_id is not None and user.rsvp_account_id == owner_account_id:
        raise CohostIsOwner(f"{e164} owns this event")
    if _member(session, event_id, user) is None:
        session.add(EventMember(event_id=event_id, user_id=user.id, invited_by=invited_by))
        session.flush()
    return user


def _member(session: Session, event_id: int, user: ConsoleUser) -> int | None:
    return session.exec(select(EventMember.id).where(EventMember.event_id == event_id,
                                                     EventMember.user_id == user.id)).first()


def cohosts_of(session: Session, event_id: int) -> list[ConsoleUser]:
    """The event's co-hosts, in the order they were invited."""
    return list(session.exec(select(ConsoleUser).join(EventMember, col(EventMember.user_id) == col(ConsoleUser.id))
                             .where(EventMember.event_id == event_id).order_by(col(EventMember.id))).all())


def remove_cohost(session: Session, event_id: int, user_id: int) -> ConsoleUser:
    """Takes a co-host off one event: they no longer see or run it (access.py reads EventMember on every
    request, so an open session loses it at once). Their account stays: it may co-host or own other events;
    with nothing left to run it is disabled, so no login code goes to the number (an invitation opens it again).
    AccountError when the person is not a co-host of this event."""
    member = session.exec(select(EventMember).where(EventMember.event_id == event_id,
                                                    EventMember.user_id == user_id)).first()
    user = session.get(ConsoleUser, user_id)
    if member is None or user is None:
        raise AccountError(f"account {user_id} is not a co-host of event {event_id}")
    session.delete(member)
    session.flush()
    if user.role == Role.event_owner and user.disabled_at is None and not _runs_anything(session, user):
        user.disabled_at = datetime.now(UTC)  # no login codes for an account with nothing left to run (review N13)
        session.add(user)
        session.flush()
    return user


def _runs_anything(session: Session, user: ConsoleUser) -> bool:
    """The account still co-hosts another event, or owns one through its RSVP account."""
    if session.exec(select(EventMember.id).where(EventMember.user_id == user.id)).first() is not None:
        return True
    return user.rsvp_account_id is not None and session.exec(
        select(Event.id).where(Event.account_id == user.rsvp_account_id)).first() is not None
