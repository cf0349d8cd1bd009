"""The staff inbox (/app/inbox): conversations by state, live, searchable; one conversation whole; act on it.

Take, reply and close go through the same functions as the Telegram buttons (`bot.staff.actions`), so
what is done in the browser shows in the staff chat and the other way round, and the WhatsApp 24-hour
window is enforced the same way (outside it a reply goes as the approved template). Staff linked to
their Telegram user act under the same name as in the staff chat, so both agree on who holds what.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated

from fastapi import APIRouter, Form, HTTPException, Query, Request
from fastapi.responses import Response

from bot.console.deps import DbDep, LoginDep, WorkspaceDep
from bot.console.nav import NavEntry, register
from bot.console.templating import redirect, render
from bot.core.models import ConsoleUser, Conversation, Role
from bot.deps import ServicesDep
from bot.staff import actions
from handlers import inbox

router = APIRouter(prefix="/inbox")
STAFF = frozenset({Role.owner, Role.staff})
POLL_SECONDS = 3
register(NavEntry("inbox", "/app/inbox", STAFF, order=5))


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


def _staff_only(logged: LoginDep) -> None:
    if logged.user.role not in STAFF:
        raise HTTPException(404, "not found")


def _rows(session: DbDep, workspace: WorkspaceDep, state: str | None, q: str) -> dict[str, object]:
    chosen = state if state in inbox.STATES else None
    return {"rows": inbox.list_conversations(session, workspace.slug, state=chosen, q=q),
            "counts": inbox.counts_by_state(session, workspace.slug), "state": chosen or "", "q": q,
            "states": inbox.STATES, "poll": POLL_SECONDS}


@router.get("", summary="The inbox")
def page(request: Request, logged: LoginDep, workspace: WorkspaceDep, session: DbDep,
         state: Annotated[str | None, Query(max_length=16)] = None,
         q: Annotated[str, Query(max_length=100)] = "") -> Response:
    _staff_only(logged)
    return render(request, "inbox/page.html", _rows(session, workspace, state, q))


@router.get("/list", summary="The inbox list (a fragment htmx polls)")
def rows(request: Request, logged: LoginDep, workspace: WorkspaceDep, session: DbDep,
         state: Annotated[str | None, Query(max_length=16)] = None,
         q: Annotated[str, Query(max_length=100)] = "") -> Response:
    _staff_only(logged)
    return render(request, "inbox/_rows.html", _rows(session, workspace, state, q))


def _view(session: DbDep, workspace: WorkspaceDep, services: ServicesDep,
          conversation_id: int) -> inbox.ConversationView:
    view = inbox.conversation_view(session, workspace, conversation_id, services.now())
    if view is None:
        raise HTTPException(404, "not found")
    return view


@router.get("/{conversation_id}", summary="One conversation")
def conversation(request: Request, conversation_id: int, logged: LoginDep, workspace: WorkspaceDep,
                 session: DbDep, services: ServicesDep) -> Response:
    _staff_only(logged)
    view = _view(session, workspace, services, conversation_id)
    return render(request, "inbox/conversation.html", {"view": view, "poll": POLL_SECONDS,
                                                       "canned": list(workspace.support.canned_replies),
                                                       "notice": request.query_params.get("notice", "")[:300]})


@router.get("/{conversation_id}/canned/{name}", summary="The reply box filled with a canned reply")
def canned(request: Request, conversation_id: int, name: str, logged: LoginDep, workspace: WorkspaceDep,
           session: DbDep, services: ServicesDep) -> Response:
    """In the customer's language (the conversation's, else the workspace's first)."""
    _staff_only(logged)
    view = _view(session, workspace, services, conversation_id)
    texts = workspace.support.canned_replies.get(name)
    if texts is None:
        raise HTTPException(404, "not found")
    lang = view.conversation.language or view.contact.language or workspace.default_language
    body = texts.get(lang) or next(iter(texts.values()), "")  # type: ignore[call-overload]
    return render(request, "inbox/_reply_box.html", {"body": body})


@router.get("/{conversation_id}/messages", summary="A conversation's messages (a fragment htmx polls)")
def messages(request: Request, conversation_id: int, logged: LoginDep, workspace: WorkspaceDep,
             session: DbDep, services: ServicesDep) -> Response:
    _staff_only(logged)
    return render(request, "inbox/_messages.html", {"view": _view(session, workspace, services, conversation_id)})


def _outcome(request: Request, conversation_id: int, outcome: actions.Outcome | None) -> Response:
    url = f"/app/inbox/{conversation_id}"
    if outcome is not None and not outcome.ok:
        from urllib.parse import quote

        url += f"?notice={quote(outcome.toast)}"
    return redirect(request, url)


@router.post("/{conversation_id}/take", summary="Take the conversation's ticket")
def take(request: Request, conversation_id: int, logged: LoginDep, workspace: WorkspaceDep, session: DbDep,
         services: ServicesDep) -> Response:
    _staff_only(logged)
    view = _view(session, workspace, services, conversation_id)
    if view.ticket is None:
        return _outcome(request, conversation_id, None)
    outcome = actions.take(services, view.ticket.id or 0, actions.Door(workspace=workspace.slug), WebStaff(logged.user))
    return _outcome(request, conversation_id, outcome)


@router.post("/{conversation_id}/reply", summary="Reply to the customer through the channel")
def reply(request: Request, conversation_id: int, logged: LoginDep, workspace: WorkspaceDep, session: DbDep,
          services: ServicesDep, body: Annotated[str, Form(min_length=1, max_length=1600)]) -> Response:
    _staff_only(logged)
    view = _view(session, workspace, services, conversation_id)
    if view.ticket is None:  # answering a conversation the bot holds opens the person's ticket first
        from handlers.tickets import open_or_join

        open_or_join(session, workspace, contact=view.contact, conversation=view.conversation,
                     customer=view.customer, handoff="human", reason="web", now=services.now())
        session.commit()
        view = _view(session, workspace, services, conversation_id)
    assert view.ticket is not None
    outcome = actions.reply_to_ticket(services, view.ticket.id or 0, actions.Door(workspace=workspace.slug),
                                      WebStaff(logged.user), body.strip())
    return _outcome(request, conversation_id, outcome)


@router.post("/{conversation_id}/note", summary="Add an internal note (never sent)")
def note(request: Request, conversation_id: int, logged: LoginDep, workspace: WorkspaceDep, session: DbDep,
         services: ServicesDep, body: Annotated[str, Form(min_length=1, max_length=2000)]) -> Response:
    _staff_only(logged)
    view = _view(session, workspace, services, conversation_id)
    inbox.add_note(session, view.conversation, logged.user.name, body.strip(), services.now())
    session.commit()
    return _outcome(request, conversation_id, None)


@router.post("/{conversation_id}/close", summary="Close: the ticket ends and the bot answers again")
def close(request: Request, conversation_id: int, logged: LoginDep, workspace: WorkspaceDep, session: DbDep,
          services: ServicesDep) -> Response:
    _staff_only(logged)
    view = _view(session, workspace, services, conversation_id)
    outcome = None
    if view.ticket is not None:
        outcome = actions.close(services, view.ticket.id or 0, actions.Door(workspace=workspace.slug),
                                WebStaff(logged.user))
    return _outcome(request, conversation_id, outcome)


def _change(request: Request, conversation_id: int, logged: LoginDep, workspace: WorkspaceDep, session: DbDep,
            services: ServicesDep, change: Callable[[Conversation], None]) -> Response:
    """Apply a change to the conversation itself (snooze, hand back) and return to it."""
    _staff_only(logged)
    change(_view(session, workspace, services, conversation_id).conversation)
    session.commit()
    return _outcome(request, conversation_id, None)


@router.post("/{conversation_id}/snooze", summary="Snooze until the customer writes again")
def snooze(request: Request, conversation_id: int, logged: LoginDep, workspace: WorkspaceDep, session: DbDep,
           services: ServicesDep) -> Response:
    return _change(request, conversation_id, logged, workspace, session, services,
                   lambda conversation: inbox.snooze(conversation, services.now()))


@router.post("/{conversation_id}/bot", summary="Hand the conversation back to the bot")
def hand_back(request: Request, conversation_id: int, logged: LoginDep, workspace: WorkspaceDep, session: DbDep,
              services: ServicesDep) -> Response:
    return _change(request, conversation_id, logged, workspace, session, services,
                   lambda conversation: inbox.hand_back(session, conversation, services.now()))
