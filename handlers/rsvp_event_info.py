"""A guest's question about their own event ("מה השולחן שלי?", "what time does it start?", "где свадьба?").

The knowledge base holds the RSVP vendor's policy, not the guest's wedding: a guest of an upcoming
event who asks for the table, the time, the date or the place is answered from that event's row
(the event that last messaged the number, as for answers), with a map link for the venue. Anything
else goes on to the knowledge base as before. The question words live in `rsvp_event_info.yaml`.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo

import regex
import yaml

from bot.core.models import Guest
from handlers.rsvp_reply import guest_of
from handlers.texts import text
from handlers.turn import Turn, TurnResult
from scheduler.rsvp.event_texts import event_title, event_venue
from scheduler.rsvp.guests import event_of
from scheduler.rsvp.invitation import map_links

WORDS_FILE = Path(__file__).with_name("rsvp_event_info.yaml")
_WORD = regex.compile(r"[\p{L}\p{N}]+")
SHORT_QUESTION_WORDS = 4  # "מספר שולחן", "what time": a few words naming a fact ask for it
ASKS = ("table", "time", "venue", "date")  # checked in this order: "באיזה שולחן ובאיזו שעה" is the table


@cache
def _words() -> dict[str, tuple[frozenset[str], tuple[str, ...]]]:
    """Per question kind, and "hosts" (what only the hosts answer): single words, and phrases
    (matched as substrings of the lower-cased text)."""
    data = yaml.safe_load(WORDS_FILE.read_text(encoding="utf-8"))
    out = {}
    for kind in (*ASKS, "hosts"):
        entries = [str(e).casefold() for e in (data.get(kind, []) if kind == "hosts" else data[kind])]
        out[kind] = (frozenset(e for e in entries if " " not in e), tuple(e for e in entries if " " in e))
    return out


def asked(message: str) -> str | None:
    """Which fact of the event a message asks for, or None."""
    lowered = message.casefold().replace("ё", "е")
    words = set(_WORD.findall(lowered))
    # Hebrew glues prefixes: "בשולחן", "לאולם", "ובאיזו" carry the word after one or two letters.
    stems = words | {w[1:] for w in words if len(w) > 3} | {w[2:] for w in words if len(w) > 4}
    for kind in ASKS:
        singles, phrases = _words()[kind]
        if stems & singles or any(p in lowered for p in phrases):
            return kind
    return None


def handle(turn: Turn) -> TurnResult | None:
    """Answer the table / time / date / venue of the guest's own event; None for any other message."""
    guest = guest_of(turn)
    if guest is None:
        return None
    kind = asked(turn.inbound.text) if _asks(turn.inbound.text) else None
    if kind is None:
        return _to_the_hosts(turn) if asks_the_hosts(turn.inbound.text) else None
    return turn.result(info_text(turn, guest, kind), intent="faq", data={"rsvp": "event_info", "asked": kind})


def _asks(message: str) -> bool:
    """A question: a "?", a clause opening with a question word ("what time should we be there"), or
    a few words ("table number", "כתובת"). A longer statement that names a day or a place ("sorry,
    we'll be at another wedding that day") tells something; it asks for no fact of the event."""
    from handlers.intents import questions_in

    return "?" in message or bool(questions_in(message)) or len(_WORD.findall(message)) <= SHORT_QUESTION_WORDS


def asks_the_hosts(message: str) -> bool:
    """A guest's question only the hosts can answer: bringing or adding someone."""
    lowered = message.casefold().replace("ё", "е")
    words = set(_WORD.findall(lowered))
    stems = words | {w[1:] for w in words if len(w) > 3}
    singles, phrases = _words()["hosts"]
    return bool(stems & singles or any(p in lowered for p in phrases))


def _to_the_hosts(turn: Turn) -> TurnResult | None:
    from handlers.human import event_owner

    owner = event_owner(turn)
    if not owner:
        return None
    # "unknown", as for any guest question the event's row cannot answer: the hosts answer it.
    return turn.result(text("rsvp_ask_hosts", turn.lang, owner=owner), intent="unknown",
                       data={"rsvp": "event_info", "asked": "hosts"})


def info_text(turn: Turn, guest: Guest, kind: str) -> str:
    """The answer to a question of `kind` about the guest's event (also said beside an RSVP answer)."""
    event = event_of(turn.session, guest)
    local = event.starts_at.astimezone(ZoneInfo(event.timezone))
    venue = event_venue(event, turn.lang)  # the guest's language version when the owner gave one
    values = {"name": guest.name, "event": event_title(event, turn.lang) or venue, "venue": venue,
              "date": local.strftime("%d.%m.%Y"), "time": local.strftime("%H:%M"), "table": guest.table_number or "",
              "map": "\n".join(map_links(event.venue).values())}
    key = f"rsvp_info_{kind}" if kind != "table" or guest.table_number else "rsvp_info_no_table"
    return text(key, turn.lang, **values)
