"""Who a campaign is for, and who is left out and why.

The policy sends each kind to guests by answer status: invitations to "not invited", a second
round to "message sent" (no answer yet), reminders to "coming"/"maybe", "on the way" to
"coming"/"maybe" guests who have a table, thank-you to "coming". SMS goes only to valid Israeli
mobiles when the workspace says so; opted-out numbers get nothing. The same plan feeds the preview
and the outbox, so what the owner saw is what is sent.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from sqlmodel import Session, col, select

from bot.core.models import Contact, Event, Guest
from bot.core.phones import InvalidPhone, Phone, is_israeli_mobile, normalize_phone
from knowledge.grammar.address import for_party
from scheduler.campaigns.rules import CampaignRules
from scheduler.campaigns.templates import EventValues, render, source_for, used_variables, values_for
from scheduler.campaigns.whatsapp import TemplateMessage, template_message
from scheduler.segments import billing_segments, count_segments

AUDIENCES: dict[str, frozenset[str]] = {
    "invitation": frozenset({"not_invited"}),
    "second_round": frozenset({"message_sent"}),
    "reminder": frozenset({"coming", "maybe"}),
    "on_the_way": frozenset({"coming", "maybe"}),
    "thank_you": frozenset({"coming"}),
}
NEEDS_TABLE = frozenset({"on_the_way"})
KINDS = tuple(AUDIENCES)
CHANNELS = ("sms", "whatsapp")

# Skip reasons, as they appear in previews and reports.
WRONG_STATUS = "wrong_status"
NO_TABLE = "no_table"
OPTED_OUT = "opted_out"
INVALID_NUMBER = "invalid_number"
NOT_ISRAELI_MOBILE = "not_israeli_mobile"


def audience_reason(kind: str, status: str, table: str | None) -> str | None:
    """None when a guest with this status (and table) belongs to the kind's audience."""
    if status not in AUDIENCES[kind]:
        return WRONG_STATUS
    if kind in NEEDS_TABLE and not (table or "").strip():
        return NO_TABLE
    return None


@lru_cache(maxsize=50_000)
def _parsed(raw: str) -> Phone | None:
    """A guest's number parsed once per process: libphonenumber costs ~0.1 ms a number, and the live
    counter plans every guest of the event on each keystroke (a pure function of the text: safe to keep)."""
    try:
        return normalize_phone(raw)
    except InvalidPhone:
        return None


def number_reason(raw: str, channel: str, rules: CampaignRules) -> tuple[str | None, str | None]:
    """(E.164, None) for a number this channel may use, else (None, reason)."""
    phone = _parsed(raw)
    if phone is None:
        return None, INVALID_NUMBER
    if channel == "sms" and rules.israeli_mobile_only and not is_israeli_mobile(phone):
        return None, NOT_ISRAELI_MOBILE
    if channel == "sms" and not phone.mobile:
        return None, INVALID_NUMBER  # a landline cannot receive SMS
    return phone.e164, None


def opted_out_numbers(session: Session, workspace: str) -> set[str]:
    rows = session.exec(select(Contact.phone).where(Contact.workspace == workspace, col(Contact.opted_out)))
    return set(rows.all())


@dataclass(frozen=True)
class PlannedMessage:
    guest_id: int
    name: str
    phone: str
    language: str
    body: str
    segments: int        # as the network counts them (GSM-7 / UCS-2)
    billed: int          # as the workspace's provider bills them (sms.billing_chars_per_segment)
    encoding: str
    template: TemplateMessage | None = None   # WhatsApp: what goes instead of `body` outside the 24-hour window


@dataclass(frozen=True)
class SkippedGuest:
    guest_id: int
    name: str
    phone: str
    reason: str


@dataclass
class Plan:
    recipients: list[PlannedMessage] = field(default_factory=list)
    skipped: list[SkippedGuest] = field(default_factory=list)

    @property
    def billed_total(self) -> int:
        return sum(m.billed for m in self.recipients)

    def skipped_counts(self, hidden: frozenset[int] = frozenset()) -> dict[str, int]:
        """Left-out guests by reason; `hidden` guests (answers the free quota hides) are not counted."""
        counts: dict[str, int] = {}
        for item in self.skipped:
            if item.guest_id not in hidden:
                counts[item.reason] = counts.get(item.reason, 0) + 1
        return dict(sorted(counts.items()))


@dataclass(frozen=True)
class LinkMaker:
    """Builds personal links; kept apart so tests and benchmarks see the real signed links."""

    base_url: str
    secret: str

    def __call__(self, guest: Guest) -> str:
        from scheduler.rsvp.links import guest_link

        return guest_link(base_url=self.base_url, secret=self.secret, guest=guest)

    def stand_in(self, guest: Guest) -> str:
        """A link of the same length as the guest's, without the HMAC, for counting only: a token id and its
        signature are base64url (ASCII letters, digits, '-', '_', one GSM-7 septet or UTF-16 unit each, one
        grapheme cluster each), so any ASCII letters of the same length cost exactly the same segments."""
        from scheduler.rsvp.links import SIGNATURE_CHARS

        return f"{self.base_url.rstrip('/')}/r/{'x' * (len(guest.token_id) + 1 + SIGNATURE_CHARS)}"


# What the plan reads of a guest: columns, not ORM objects (a third of a 1,000-guest plan was the ORM).
_PLAN_COLUMNS = (Guest.id, Guest.name, Guest.phone, Guest.status, Guest.table_number, Guest.language,
                 Guest.party_size, Guest.invited_count, Guest.token_id)


def plan_recipients(session: Session, *, event: Event, kind: str, channel: str, template: str,
                    rules: CampaignRules, links: LinkMaker, guests: Iterable[Guest] | None = None,
                    network_segments: bool = True, count_only: bool = False) -> Plan:
    """Every guest of the event, either with their rendered message or with the reason they are left out.

    `network_segments=False` (dispatch) skips the GSM-7/UCS-2 count, which only the preview shows.
    `count_only=True` (the preview and the live counter) plans the same recipients with the same segment
    counts, but each body carries a stand-in link of the same length (`LinkMaker.stand_in`), so a text is
    rendered once per distinct set of the values the template uses and counted once per distinct text
    (a template without {{ name }} renders a few texts for 1,000 guests); never send such a body.
    """
    plan = Plan()
    opted_out = opted_out_numbers(session, event.workspace)
    event_values = EventValues.of(event)
    rows: Iterable[Any] = guests if guests is not None else session.exec(
        select(*_PLAN_COLUMNS).where(Guest.event_id == event.id).order_by(col(Guest.id))).all()
    stand_in = getattr(links, "stand_in", None) if count_only else None  # a plain function: real links
    rendered: dict[tuple[Any, ...], str] = {}
    counted: dict[str, tuple[int, int, str]] = {}
    for guest in rows:
        assert guest.id is not None
        reason = audience_reason(kind, guest.status, guest.table_number)
        e164: str | None = None
        if reason is None:
            e164, reason = number_reason(guest.phone, channel, rules)
        if reason is None and e164 in opted_out:
            reason = OPTED_OUT
        if reason is not None or e164 is None:
            plan.skipped.append(SkippedGuest(guest.id, guest.name, guest.phone, reason or INVALID_NUMBER))
            continue
        lang = guest.language or rules.default_language
        link = "" if kind == "thank_you" else stand_in(guest) if stand_in else links(guest)
        values = values_for(event_values, guest.name, link, guest.table_number, lang)
        size = guest.party_size if guest.status == "coming" else guest.invited_count
        source = source_for(kind, template, lang)
        plural = for_party(rules.form_of_address, size) == "plural"  # type: ignore[arg-type]
        if count_only:
            key = (source, plural, *(values[name] for name in used_variables(source, plural)))
            body = rendered.get(key) or rendered.setdefault(key, render(source, values, plural=plural))
        else:
            body = render(source, values, plural=plural)
        approved = template_message(rules, kind, lang, values) if channel == "whatsapp" else None
        known = counted.get(body)
        if known is None:
            billed = billing_segments(body, rules.chars_per_segment)
            if network_segments or rules.chars_per_segment is None:
                whole = count_segments(body)
                segments, encoding = whole.segments, whole.encoding
            else:
                segments, encoding = billed, ""
            known = counted[body] = (billed, segments, encoding)
        billed, segments, encoding = known
        if channel == "whatsapp":  # no segments on WhatsApp: a message costs the workspace's one price
            billed = rules.whatsapp_cost
        plan.recipients.append(PlannedMessage(guest.id, guest.name, e164, lang, body, segments, billed, encoding,
                                              approved))
    return plan
