"""A guest answering the invitation by message: "מגיעים 3", "לא נוכל להגיע", "yes, 4 of us", "придём вдвоём".

Only a guest of an upcoming event of this workspace is read this way (a stranger's "yes" is not an
RSVP). A clear answer updates status and party size through the same function as the personal
page. An unclear message from a guest who has not answered yet gets ONE clarifying question; the
conversation remembers it (`Conversation.state`), so the next message is read as the answer, and
a second unclear message goes to the normal flow instead of looping.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from bot.core.models import Event, Guest, GuestStatus
from handlers.intents import parse_rsvp_reply, questions_in
from handlers.texts import text
from handlers.turn import Turn, TurnResult
from knowledge.grammar.address import addressing, for_party
from scheduler.rsvp.answers import record_answer
from scheduler.rsvp.errors import InvalidAnswer
from scheduler.rsvp.event_texts import event_venue
from scheduler.rsvp.guest_export import over_invitation
from scheduler.rsvp.guests import ReplyTarget, event_of, reply_target
from scheduler.rsvp.messages import event_name

AWAITING = "rsvp_clarification"
WHICH_EVENT = "rsvp_which_event"
ASKED_KEY = "rsvp_clarified_guest"
PENDING = (GuestStatus.not_invited, GuestStatus.message_sent, GuestStatus.no_answer)
MAX_UNCLEAR_WORDS = 8  # longer messages are questions or stories, not answers


def target_of(turn: Turn) -> ReplyTarget:
    """Which of the sender's upcoming events this message is about (looked up once per turn)."""
    if "rsvp_target" not in turn.extras:
        turn.extras["rsvp_target"] = reply_target(turn.session, turn.workspace.slug, turn.inbound.sender, turn.now)
    return turn.extras["rsvp_target"]  # type: ignore[no-any-return]


def guest_of(turn: Turn) -> Guest | None:
    """The sender as a guest of the event that last messaged the number (else the nearest one)."""
    return target_of(turn).guest


def is_known_guest(turn: Turn) -> bool:
    return guest_of(turn) is not None


def _event_values(guest: Guest, event: Event, lang: str) -> dict[str, object]:
    local = event.starts_at.astimezone(ZoneInfo(event.timezone))
    return {"name": guest.name, "event": event_name(event, lang), "date": local.strftime("%d.%m.%Y %H:%M")}


def _set_state(turn: Turn, **values: object) -> None:
    state = {k: v for k, v in (turn.conversation.state or {}).items()
             if k not in ("awaiting", "guest_id", "choices", "answer", ASKED_KEY)
             or (k == "awaiting" and v not in (AWAITING, WHICH_EVENT))}
    state.update({k: v for k, v in values.items() if v is not None})
    turn.conversation.state = state  # a new dict, so the JSON column is seen as changed


def _answer(turn: Turn, guest: Guest, status: str, party_size: int | None) -> TurnResult:
    event = event_of(turn.session, guest)
    values = _event_values(guest, event, turn.lang)
    try:
        outcome = record_answer(guest, turn.workspace, status, party_size, turn.inbound.channel, turn.now)
    except InvalidAnswer:
        _set_state(turn, awaiting=AWAITING, guest_id=guest.id)
        reply = text("rsvp_party_too_large", turn.lang, limit=turn.workspace.rsvp.max_party_size)
        return turn.result(reply, intent="rsvp_reply", rsvp_status=guest.status, party_size=guest.party_size,
                           data={"rsvp": "party_too_large"})
    if guest.language is None:
        guest.language = turn.lang
    _set_state(turn)
    with addressing(for_party(turn.workspace.form_of_address, outcome.party_size)):  # a party is "you" plural
        reply = text(f"rsvp_{outcome.status}", turn.lang, party_size=outcome.party_size, **values)
        beside = _question_beside(turn, guest)
    if beside:
        reply = f"{reply}\n{beside}"
    return turn.result(reply, intent="rsvp_reply", rsvp_status=outcome.status, party_size=outcome.party_size,
                       data={"rsvp": "answered", "changed": outcome.changed, "event": event.key,
                             "over_invitation": over_invitation(guest)})


def _question_beside(turn: Turn, guest: Guest) -> str | None:
    """"coming! is there parking?": the answer is recorded, and the question is not left unanswered:
    the event's time, date, place or table from its row, anything else to the hosts."""
    from handlers.human import event_owner
    from handlers.rsvp_event_info import asked, info_text

    questions = " ".join(questions_in(turn.inbound.text))
    if not questions.strip():
        return None
    kind = asked(questions)
    if kind is not None:
        return info_text(turn, guest, kind)
    owner = event_owner(turn)
    return text("rsvp_ask_hosts", turn.lang, owner=owner) if owner else None


def handle(turn: Turn) -> TurnResult | None:
    """Intent `rsvp_reply`: a clear answer from a known guest."""
    guest = guest_of(turn)
    if guest is None:
        return None
    parsed = parse_rsvp_reply(turn.inbound.text, turn.lang)  # type: ignore[arg-type]
    corrected = _corrected_size(turn)
    if corrected is not None and parsed.status in (None, "coming") and guest.status == GuestStatus.coming:
        return _answer(turn, guest, "coming", corrected)  # "רגע, בעצם 2" replaces the size just given
    if parsed.status is None:
        return clarify(turn)
    target = target_of(turn)
    if target.ambiguous:
        return ask_which_event(turn, target.choices, parsed.status, parsed.party_size)
    return _answer(turn, guest, parsed.status, parsed.party_size)


def _corrected_size(turn: Turn) -> int | None:
    """The party size of a correction right after an answer (handlers/dialogue), else None."""
    from handlers.dialogue import flow as dialogue

    found = dialogue.reading(turn)
    return dialogue.slot(turn, "party_size") if found is not None and found.correction else None


def ask_which_event(turn: Turn, choices: tuple[Guest, ...], status: str, party_size: int | None) -> TurnResult:
    """Two events messaged this number (or none did): ask which one the answer is for, and keep it."""
    _set_state(turn, awaiting=WHICH_EVENT, choices=[g.id for g in choices],
               answer={"status": status, "party_size": party_size})
    options = "\n".join(f"{i}. {_option(turn, g)}" for i, g in enumerate(choices, start=1))
    reply = text("rsvp_which_event", turn.lang, options=options)
    return turn.result(reply, intent="rsvp_reply", data={"rsvp": "which_event", "choices": len(choices)})


def _option(turn: Turn, guest: Guest) -> str:
    event = event_of(turn.session, guest)
    values = _event_values(guest, event, turn.lang)
    venue = event_venue(event, turn.lang)
    return f"{values['event']}, {venue} ({values['date']})"  # the venue tells two untitled events apart


def _pick(turn: Turn, choices: list[Guest]) -> Guest | None:
    """The event the guest named: its number in the list, or words of its title or venue."""
    words = turn.inbound.text.casefold().split()
    numbers = [w.strip(".)") for w in words if w.strip(".)").isdigit()]
    if len(numbers) == 1 and 1 <= int(numbers[0]) <= len(choices):
        return choices[int(numbers[0]) - 1]
    named = [g for g in choices if any(len(w) > 2 and w in _option(turn, g).casefold() for w in words)]
    return named[0] if len(named) == 1 else None


def which_event_answer(turn: Turn) -> TurnResult | None:
    """Interceptor: the reply to "which event?" applies the answer that was kept to the event named."""
    state = turn.conversation.state or {}
    if state.get("awaiting") != WHICH_EVENT:
        return None
    choices = [g for g in (turn.session.get(Guest, i) for i in state.get("choices", [])) if g is not None]
    chosen = _pick(turn, choices)
    answer = state.get("answer") or {}
    _set_state(turn)
    if chosen is None or not answer.get("status"):
        return None  # not a choice: the normal flow reads it (a new answer may ask again)
    turn.extras["rsvp_target"] = ReplyTarget(chosen, (chosen,))
    return _answer(turn, chosen, answer["status"], answer.get("party_size"))


def awaiting_answer(turn: Turn) -> TurnResult | None:
    """Interceptor: after a clarifying question, read the next message as the answer (once)."""
    state = turn.conversation.state or {}
    if state.get("awaiting") != AWAITING:
        return None
    guest = guest_of(turn)
    if guest is None or guest.id != state.get("guest_id"):
        _set_state(turn)
        return None
    parsed = parse_rsvp_reply(turn.inbound.text, turn.lang)  # type: ignore[arg-type]
    if parsed.status is not None:
        return _answer(turn, guest, parsed.status, parsed.party_size)
    _set_state(turn, **{ASKED_KEY: guest.id})  # asked once already: let the normal flow answer
    return None


def clarify(turn: Turn) -> TurnResult | None:
    """For a guest who has not answered: a short, unclear message gets one clarifying question."""
    guest = guest_of(turn)
    if guest is None or guest.status not in {s.value for s in PENDING}:
        return None
    state = turn.conversation.state or {}
    message = turn.inbound.text.strip()
    if (state.get(ASKED_KEY) == guest.id or not message or "?" in message
            or len(message.split()) > MAX_UNCLEAR_WORDS):
        return None
    _set_state(turn, awaiting=AWAITING, guest_id=guest.id)
    event = event_of(turn.session, guest)
    with addressing(for_party(turn.workspace.form_of_address, guest.invited_count)):
        reply = text("rsvp_clarify", turn.lang, **_event_values(guest, event, turn.lang))
    return turn.result(reply, intent="rsvp_reply", rsvp_status=guest.status, party_size=guest.party_size,
                       data={"rsvp": "clarify"})
