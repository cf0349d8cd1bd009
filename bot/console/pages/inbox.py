"""The staff inbox (/app/inbox): conversations by state, live, searchable; one conversation whole; act on it.

Take, reply and close go through the same functions as the Telegram buttons (`bot.staff.actions`), so
what is done in the browser shows in the staff chat and the other way round, and the WhatsApp 24-hour
window is enforced the same way (outside it a reply goes as the approved template). Staff linked to
their Telegram user act under the same name as in the staff chat, so both agree on who holds what.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated

from fastapi import Form, HTTPException, Query, Request
from fastapi.responses import Response

from bot.console.auth.sessions import LoggedIn
from bot.console.config import config
from bot.console.deps import STAFF_ROLES, DbDep, StaffDep, WorkspaceDep, lang_of
from bot.console.i18n import text as console_text
from bot.console.inputs import one_of
from bot.console.nav import NavEntry, register
from bot.console.notices import notice_url, read_notices
from bot.console.routing import page_router
from bot.console.templating import redirect, render
from bot.core.db import session_scope
from bot.core.models import ConsoleUser, Conversation, Ticket
from bot.deps import ServicesDep
from bot.staff import actions, cards
from handlers import inbox, staff_outbox
from handlers.snooze_times import PRESETS as SNOOZE_PRESETS
from handlers.snooze_times import snooze_until
from handlers.support_texts import plan_name, say_when
from handlers.texts import text
from knowledge.kb import KnowledgeBaseError

SNOOZE_CHOICES = ("", *SNOOZE_PRESETS)  # "": until the customer writes

router = page_router("/inbox")
POLL_SECONDS = 3       # a conversation's messages
LIST_POLL = "500ms"     # the list: a message must show within 2 s of arriving (issue 16)
WAKE_EVERY_SECONDS = 30  # a timed snooze ends within this while an inbox is open
register(NavEntry("inbox", "/app/inbox", STAFF_ROLES, order=5))


@dataclass(frozen=True)
class WebStaff:
    """A console user acting on tickets; with a linked Telegram user, the same name as in the staff chat."""

    user: ConsoleUser

    @property
    def first_name(self) -> str:
        return self.user.name.split()[0] if self.user.name.strip() else self.user.name

    @property
    def full_name(self) -> str:
        return self.user.name

    @property
    def assignee(self) -> str:
        who = f"tg:{self.user.telegram_user_id}" if self.user.telegram_user_id else f"web:{self.user.id}"
        return f"{self.user.name} ({who})"[:200]


_last_wake: dict[str, float] = {}  # workspace -> monotonic time of the last snooze check in this process


def _wake(session: DbDep, workspace: WorkspaceDep, services: ServicesDep, *, every: float = 0.0) -> None:
    """End snoozes whose time has come (at most once per `every` seconds per workspace and process)."""
    clock = time.monotonic()
    if every and clock - _last_wake.get(workspace.slug, -every) < every:
        return
    _last_wake[workspace.slug] = clock
    if inbox.wake_snoozed(session, workspace, services.now()):
        session.commit()


def _rows(session: DbDep, workspace: WorkspaceDep, services: ServicesDep, state: str | None,
          q: str) -> dict[str, object]:
    chosen = state if state in inbox.STATES else None
    _wake(session, workspace, services)
    mark = inbox.activity_mark(session, workspace.slug)  # read first: a change while rendering shows next poll
    return {"rows": inbox.list_conversations(session, workspace.slug, state=chosen, q=q),
            "counts": inbox.counts_by_state(session, workspace.slug), "state": chosen or "", "q": q,
            "states": inbox.STATES, "poll": LIST_POLL, "seen": mark, "tz": workspace.tz}


@router.get("", summary="The inbox")
def page(request: Request, logged: StaffDep, workspace: WorkspaceDep, session: DbDep, services: ServicesDep,
         state: Annotated[str | None, Query(max_length=16)] = None,
         q: Annotated[str, Query(max_length=100)] = "") -> Response:
    return render(request, "inbox/page.html", _rows(session, workspace, services, state, q))


@router.get("/list", summary="The inbox list (a fragment htmx polls; 204 while nothing changed)")
def rows(request: Request, logged: StaffDep, workspace: WorkspaceDep, session: DbDep, services: ServicesDep,
         state: Annotated[str | None, Query(max_length=16)] = None,
         q: Annotated[str, Query(max_length=100)] = "",
         seen: Annotated[str, Query(max_length=64)] = "") -> Response:
    """The list and its counts. `seen` is the activity mark the browser's list was drawn at: while it is
    still current the answer is an empty 204 (two index lookups, no rendering, no repaint), so the list
    can be asked every half second and a new message shows within a second of being answered."""
    if seen:
        _wake(session, workspace, services, every=WAKE_EVERY_SECONDS)
        if seen == inbox.activity_mark(session, workspace.slug):
            return Response(status_code=204)
    return render(request, "inbox/_live.html", _rows(session, workspace, services, state, q))


def _view(session: DbDep, workspace: WorkspaceDep, services: ServicesDep,
          conversation_id: int) -> inbox.ConversationView:
    if inbox.wake_snoozed(session, workspace, services.now()):
        session.commit()
    view = inbox.conversation_view(session, workspace, conversation_id, services.now())
    if view is None:
        raise HTTPException(404, "not found")
    return view


def sureness(confidence: float) -> str:
    """How sure the bot was of a turn, as the key of words an owner reads ("the bot is fairly sure"), not
    "0.62"; the limits are console.yaml's `inbox` numbers."""
    limits = config()
    return "high" if confidence >= limits.sure else "medium" if confidence >= limits.fairly_sure else "low"


def _message_words(request: Request, workspace: WorkspaceDep, services: ServicesDep,
                   view: inbox.ConversationView) -> dict[str, object]:
    """What the messages' lines need to be words: each topic's title in the staff member's language (the
    knowledge base's own title, the id only for a topic no longer there) and the sureness of a turn."""
    try:
        kb = services.knowledge.get(workspace.slug) if services.knowledge else None
    except KnowledgeBaseError:  # a workspace without a knowledge base (an RSVP one) has no topics
        kb = None
    lang = lang_of(request)
    titles: dict[str, str] = {}
    if kb is not None:
        for m in view.messages:
            if m.topic and m.topic not in titles and (topic := kb.topics.get(m.topic)) is not None:
                titles[m.topic] = topic.title.get(lang) or m.topic
    return {"view": view, "tz": workspace.tz, "topic_titles": titles, "sureness": sureness}


@router.get("/{conversation_id}", summary="One conversation")
def conversation(request: Request, conversation_id: int, logged: StaffDep, workspace: WorkspaceDep,
                 session: DbDep, services: ServicesDep) -> Response:
    view = _view(session, workspace, services, conversation_id)
    return render(request, "inbox/conversation.html", {**_message_words(request, workspace, services, view),
                                                       "poll": POLL_SECONDS, "presets": SNOOZE_PRESETS,
                                                       "canned": _canned_labels(workspace, lang_of(request)),
                                                       "plan_name": plan_name(workspace, view.customer.plan,
                                                                              lang_of(request))
                                                       if view.customer else "",
                                                       **read_notices(request, "notice")})


_CLAUSE_END = re.compile(r"[.!?;:,](?=\s)")


def canned_label(reply: str, limit: int) -> str:
    """A button's words for a canned reply: the whole reply when it fits in `limit` characters, else its
    first clause when that fits, else whole words up to the limit and "…" (never half a word: the label
    is read, the full reply is what goes into the box and to the customer)."""
    reply = " ".join(reply.split())
    if len(reply) <= limit:
        return reply
    ends = [m.start() for m in _CLAUSE_END.finditer(reply) if m.start() < limit]
    if ends and ends[-1] >= limit // 3:
        return reply[: ends[-1]] + "…"
    cut = reply[: limit].rsplit(" ", 1)[0] if " " in reply[: limit] else reply[: limit]
    return cut.rstrip(" ,;:-–—") + "…"


def _canned_labels(workspace: WorkspaceDep, lang: str) -> list[tuple[str, str, str]]:
    """Each canned reply's key, button label and text in the staff member's language (the workspace's own
    language when it has none): the button shows what will be sent, not the key the workspace file names it
    by; the text is its tooltip, and the full reply is fetched into the box in the customer's language."""
    limit = config().canned_label_chars
    shown = [(name, texts.get(lang) or texts.get(workspace.default_language) or next(iter(texts.values()), name))
             for name, texts in workspace.support.canned_replies.items()]
    return [(name, canned_label(reply, limit), reply) for name, reply in shown]


@router.get("/{conversation_id}/canned/{name}", summary="The reply box filled with a canned reply")
def canned(request: Request, conversation_id: int, name: str, logged: StaffDep, workspace: WorkspaceDep,
           session: DbDep, services: ServicesDep) -> Response:
    """In the customer's language (the conversation's, else the workspace's first)."""
    view = _view(session, workspace, services, conversation_id)
    texts = workspace.support.canned_replies.get(name)
    if texts is None:
        raise HTTPException(404, "not found")
    lang = view.conversation.language or view.contact.language or workspace.default_language
    body = texts.get(lang) or next(iter(texts.values()), "")  # type: ignore[call-overload]
    return render(request, "inbox/_reply_box.html", {"body": body})


@router.get("/{conversation_id}/messages", summary="A conversation's messages (a fragment htmx polls)")
def messages(request: Request, conversation_id: int, logged: StaffDep, workspace: WorkspaceDep,
             session: DbDep, services: ServicesDep) -> Response:
    view = _view(session, workspace, services, conversation_id)
    return render(request, "inbox/_messages.html", _message_words(request, workspace, services, view))


def _tell_staff_chat(services: ServicesDep, workspace: WorkspaceDep, ticket_id: int | None,
                     outcome: actions.Outcome | None, line: str | None,
                     card: Callable[[Ticket, str], list[str | None]] = lambda ticket, lang: []) -> None:
    """What was done in the browser, shown in the staff chat as if it had been done there: the ticket's
    card is edited to say who holds it with the buttons that now apply (bot.staff.cards, so Take does not
    stay under a ticket someone took here), and `line` is posted under the card (an edit notifies nobody).
    `card` gives the card's closing lines from the ticket as it is now, in the staff chat's language."""
    if (outcome is not None and not outcome.ok) or ticket_id is None:
        return
    with session_scope(services.engine) as session:
        ticket = session.get(Ticket, ticket_id)
        if ticket is None:
            return
        lines = [x for x in (cards.holder_line(ticket, workspace.default_language),
                             *card(ticket, workspace.default_language)) if x]
        if lines:
            cards.refresh_card(session, workspace, ticket, "\n".join(lines), services.now())
        if line:
            staff_outbox.enqueue(session, workspace, kind="web", text=f"🌐 {line}", now=services.now(),
                                 ticket_id=ticket_id)
    delivery = services.extras.get("staff_delivery")
    if delivery is not None:  # now, not at the loop's next poll
        delivery.kick()


def _outcome(request: Request, conversation_id: int, outcome: actions.Outcome | None) -> Response:
    url = f"/app/inbox/{conversation_id}"
    if outcome is not None and not outcome.ok:
        url = notice_url(request, url, notice=outcome.toast)
    return redirect(request, url)


def _blank(request: Request, conversation_id: int) -> Response:
    """Back to the conversation saying that a reply or note of only spaces was not sent or kept."""
    return redirect(request, notice_url(request, f"/app/inbox/{conversation_id}",
                                        notice=console_text("inbox.blank", lang_of(request))))


@router.post("/{conversation_id}/take", summary="Take the conversation's ticket")
def take(request: Request, conversation_id: int, logged: StaffDep, workspace: WorkspaceDep, session: DbDep,
         services: ServicesDep) -> Response:
    view = _view(session, workspace, services, conversation_id)
    if view.ticket is None:
        return _outcome(request, conversation_id, None)
    outcome = actions.take(services, view.ticket.id or 0, actions.Door(workspace=workspace.slug), WebStaff(logged.user))
    _tell_staff_chat(services, workspace, view.ticket.id, outcome, outcome.card_line)
    return _outcome(request, conversation_id, outcome)


@router.post("/{conversation_id}/reply", summary="Reply to the customer through the channel")
def reply(request: Request, conversation_id: int, logged: StaffDep, workspace: WorkspaceDep, session: DbDep,
          services: ServicesDep, body: Annotated[str, Form(min_length=1, max_length=1600)]) -> Response:
    view = _view(session, workspace, services, conversation_id)
    if not body.strip():  # `required` lets "   " through: nothing goes to the customer
        return _blank(request, conversation_id)
    if view.ticket is None:  # answering a conversation the bot holds opens the person's ticket first
        from handlers.tickets import open_or_join

        open_or_join(session, workspace, contact=view.contact, conversation=view.conversation,
                     customer=view.customer, handoff="human", reason="web", now=services.now())
        session.commit()
        view = _view(session, workspace, services, conversation_id)
    assert view.ticket is not None
    outcome = actions.reply_to_ticket(services, view.ticket.id or 0, actions.Door(workspace=workspace.slug),
                                      WebStaff(logged.user), body.strip())
    _tell_staff_chat(services, workspace, view.ticket.id, outcome, f"✉️ {logged.user.name}: {body.strip()[:1000]}")
    return _outcome(request, conversation_id, outcome)


@router.post("/{conversation_id}/note", summary="Add an internal note (never sent)")
def note(request: Request, conversation_id: int, logged: StaffDep, workspace: WorkspaceDep, session: DbDep,
         services: ServicesDep, body: Annotated[str, Form(min_length=1, max_length=2000)]) -> Response:
    view = _view(session, workspace, services, conversation_id)
    if not body.strip():
        return _blank(request, conversation_id)
    inbox.add_note(session, view.conversation, logged.user.name, body.strip(), services.now())
    session.commit()
    return _outcome(request, conversation_id, None)


@router.post("/{conversation_id}/close", summary="Close: the ticket ends, the conversation is resolved")
def close(request: Request, conversation_id: int, logged: StaffDep, workspace: WorkspaceDep, session: DbDep,
          services: ServicesDep) -> Response:
    """With a live ticket, the Telegram Close button's own function (the customer is told and asked for a
    rating); a conversation the bot holds is only marked resolved."""
    view = _view(session, workspace, services, conversation_id)
    outcome = None
    if view.ticket is not None:
        outcome = actions.close(services, view.ticket.id or 0, actions.Door(workspace=workspace.slug),
                                WebStaff(logged.user))
        _tell_staff_chat(services, workspace, view.ticket.id, outcome, outcome.card_line,
                         lambda ticket, lang: [text("support_staff_closed_by", lang, staff=logged.user.name)])
    else:
        inbox.resolve(view.conversation, services.now())
        session.commit()
    return _outcome(request, conversation_id, outcome)


def _change(request: Request, conversation_id: int, logged: LoggedIn, workspace: WorkspaceDep, session: DbDep,
            services: ServicesDep, change: Callable[[Conversation], None],
            card_line: Callable[[Ticket, str], str] | None = None) -> Response:
    """Apply a change to the conversation itself (snooze, hand back), show it on the ticket's card in the
    staff chat (`card_line`), and return to it."""
    view = _view(session, workspace, services, conversation_id)
    change(view.conversation)
    session.commit()
    if view.ticket is not None and card_line is not None:
        ticket_id = view.ticket.id
        _tell_staff_chat(services, workspace, ticket_id, None,
                         card_line(view.ticket, workspace.default_language),
                         lambda ticket, lang: [card_line(ticket, lang)])
    return _outcome(request, conversation_id, None)


@router.post("/{conversation_id}/snooze", summary="Snooze for an hour, until tomorrow morning or until they write")
def snooze(request: Request, conversation_id: int, logged: StaffDep, workspace: WorkspaceDep, session: DbDep,
           services: ServicesDep, until: Annotated[str, Form(max_length=16)] = "") -> Response:
    """`until`: a preset of handlers.snooze_times (in the workspace's zone and hours); empty: until they write."""
    one_of(until, SNOOZE_CHOICES)  # a forged preset snoozed "until they write" without saying so
    now = services.now()
    ends = snooze_until(workspace, until, now)

    def line(ticket: Ticket, lang: str) -> str:
        if ends is None:
            return text("support_staff_snoozed_reply", lang, staff=logged.user.name)
        return text("support_staff_snoozed", lang, staff=logged.user.name, until=say_when(ends, lang, workspace.tz))

    return _change(request, conversation_id, logged, workspace, session, services,
                   lambda conversation: inbox.snooze(conversation, now, ends), line)


@router.post("/{conversation_id}/bot", summary="Hand the conversation back to the bot")
def hand_back(request: Request, conversation_id: int, logged: StaffDep, workspace: WorkspaceDep, session: DbDep,
              services: ServicesDep) -> Response:
    return _change(request, conversation_id, logged, workspace, session, services,
                   lambda conversation: inbox.hand_back(session, conversation, services.now()),
                   lambda ticket, lang: text("support_staff_handed_back", lang, staff=logged.user.name))
