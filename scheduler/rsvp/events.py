"""Creating and finding events, with the policy's duplicate rule.

The policy (seed 003, "כפילות אירועים") refuses an event that repeats the date and venue of an
active event in ANOTHER account and sends the owner to support to find the original account;
the venue is compared after normalising spelling noise ("Example Hall" = "example  hall,").
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime
from typing import Literal
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ConfigDict, Field, field_validator
from sqlmodel import Session, col, select

from bot.core.fields import NO_NUL, Moment
from bot.core.models import Event, EventType, RsvpAccount
from bot.core.phones import normalize_phone
from bot.core.workspaces import Workspace
from bot.core.workspaces.schema import check_timezone
from scheduler.rsvp.errors import DuplicateEvent, EventInPast, EventKeyTaken, EventNotFound
from scheduler.rsvp.event_texts import set_localized
from scheduler.rsvp.messages import owner_text

_NOT_WORD = re.compile(r"[^\w]+", re.UNICODE)
_MARKS = re.compile(r"[\u0591-\u05C7]")  # Hebrew cantillation and vowel points


def venue_key(venue: str) -> str:
    """The venue as compared for duplicates: case, accents, niqqud, punctuation and spacing removed."""
    text = unicodedata.normalize("NFKD", venue or "")
    text = _MARKS.sub("", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = _NOT_WORD.sub(" ", text.casefold()).replace("_", " ")
    return " ".join(text.split())[:200]


class OwnerIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=200, pattern=NO_NUL)
    phone: str = Field(max_length=64)

    @field_validator("phone")
    @classmethod
    def _e164(cls, value: str) -> str:
        return normalize_phone(value).e164


class LocalizedIn(BaseModel):
    """The title and venue in one more language (event_texts.py); either may be left out."""

    model_config = ConfigDict(extra="forbid")

    title: str = Field(default="", max_length=200, pattern=NO_NUL)
    venue: str = Field(default="", max_length=200, pattern=NO_NUL)


class EventIn(BaseModel):
    """An event as an owner describes it; a naive `starts_at` is read in `timezone`."""

    model_config = ConfigDict(extra="forbid")

    key: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")
    type: EventType = EventType.wedding
    title: str = Field(default="", max_length=200, pattern=NO_NUL)
    starts_at: Moment
    timezone: str = Field(default="Asia/Jerusalem", max_length=64)
    venue: str = Field(min_length=1, max_length=200, pattern=NO_NUL)
    owner: OwnerIn
    localized: dict[Literal["he", "ru", "en"], LocalizedIn] = Field(
        default_factory=dict, description='The title and venue per language, e.g. {"en": {"title": "Wedding"}}')

    @field_validator("timezone")
    @classmethod
    def _zone(cls, value: str) -> str:
        return check_timezone(value)

    @field_validator("venue")
    @classmethod
    def _venue_has_words(cls, value: str) -> str:
        if not venue_key(value):
            raise ValueError("venue must contain letters or digits")
        return value.strip()

    def aware_start(self) -> datetime:
        if self.starts_at.tzinfo is None:
            return self.starts_at.replace(tzinfo=ZoneInfo(self.timezone))
        return self.starts_at


def local_date(event: Event) -> date:
    return event.starts_at.astimezone(ZoneInfo(event.timezone)).date()


def get_or_create_account(session: Session, workspace: Workspace, owner: OwnerIn) -> RsvpAccount:
    account = session.exec(select(RsvpAccount).where(
        RsvpAccount.workspace == workspace.slug, RsvpAccount.owner_phone == owner.phone)).first()
    if account is None:
        account = RsvpAccount(workspace=workspace.slug, owner_name=owner.name, owner_phone=owner.phone)
        session.add(account)
        session.flush()
    return account


def find_duplicate(session: Session, workspace: Workspace, account_id: int, starts_at: datetime, tz: str,
                   key: str) -> Event | None:
    """Another account's event on the same local date at the same (normalised) venue."""
    wanted_date = starts_at.astimezone(ZoneInfo(tz)).date()
    candidates = session.exec(select(Event).where(
        Event.workspace == workspace.slug, Event.venue_key == key, Event.account_id != account_id)).all()
    return next((e for e in candidates if local_date(e) == wanted_date), None)


def create_event(session: Session, workspace: Workspace, spec: EventIn, lang: str | None = None, *,
                 now: datetime | None = None) -> Event:
    """A new event for the owner's account; refuses a taken key, another account's duplicate and, given
    `now` (every door an owner uses passes it; stories and fixtures may describe past events), a start in the
    past: a year typed wrong would otherwise take guests and be deleted by retention."""
    lang = lang or workspace.default_language
    if now is not None:
        check_future(spec.aware_start(), spec.timezone, now, lang)
    account = get_or_create_account(session, workspace, spec.owner)
    if session.exec(select(Event.id).where(Event.workspace == workspace.slug, Event.key == spec.key)).first():
        raise EventKeyTaken(owner_text("event_key_taken", lang, key=spec.key))
    starts_at = spec.aware_start()
    key = venue_key(spec.venue)
    assert account.id is not None
    if find_duplicate(session, workspace, account.id, starts_at, spec.timezone, key) is not None:
        support = workspace.contact_email or workspace.numbers[0]
        raise DuplicateEvent(owner_text("duplicate_event", lang, venue=spec.venue, support=support,
                                        date=starts_at.astimezone(ZoneInfo(spec.timezone)).strftime("%d.%m.%Y")))
    event = Event(workspace=workspace.slug, account_id=account.id, key=spec.key, type=spec.type.value,
                  title=spec.title, starts_at=starts_at, timezone=spec.timezone, venue=spec.venue, venue_key=key)
    set_localized(event, {code: given.model_dump() for code, given in spec.localized.items()})
    session.add(event)
    session.flush()
    return event


def check_future(starts_at: datetime, tz: str, now: datetime, lang: str) -> None:
    if starts_at <= now:
        local = starts_at.astimezone(ZoneInfo(tz)).strftime("%d.%m.%Y %H:%M")
        raise EventInPast(owner_text("event_in_past", lang, date=local))


def get_event(session: Session, workspace: Workspace, key: str, lang: str | None = None) -> Event:
    event = session.exec(select(Event).where(Event.workspace == workspace.slug, Event.key == key)).first()
    if event is None:
        raise EventNotFound(owner_text("event_not_found", lang or workspace.default_language, key=key))
    return event


def account_of(session: Session, event: Event) -> RsvpAccount:
    account = session.get(RsvpAccount, event.account_id)
    assert account is not None
    return account


def list_events(session: Session, workspace: Workspace) -> list[Event]:
    return list(session.exec(select(Event).where(Event.workspace == workspace.slug)
                             .order_by(col(Event.starts_at), col(Event.id))).all())
