"""The guest's personal RSVP page: GET shows it, POST records the answer, then redirects (POST-redirect-GET).

Plain HTML forms, no JavaScript needed; right to left for Hebrew. A reload or a double click
cannot answer twice: the answer is a state (the same answer again changes nothing) and the
browser lands on a GET after saving. A bad or expired link gets a friendly page, never a traceback.
"""

from __future__ import annotations

import logging
import re
from functools import cache
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import yaml
from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup
from sqlalchemy import select
from sqlalchemy.orm import object_session

from bot.core.db import session_scope
from bot.core.logs import masked
from bot.core.models import Event, EventImage, Guest, GuestStatus
from bot.core.workspaces import Workspace
from bot.deps import ServicesDep
from bot.routes.responses import COMMON, errors
from bot.services import Services
from knowledge.grammar.counts import count
from scheduler.rsvp.answers import record_answer
from scheduler.rsvp.errors import InvalidAnswer
from scheduler.rsvp.event_texts import event_venue
from scheduler.rsvp.guests import event_of
from scheduler.rsvp.invitation import calendar_file, hebrew_date, map_links
from scheduler.rsvp.links import guest_for_token, link_open
from scheduler.rsvp.messages import event_name

router = APIRouter(tags=["rsvp page"])
# The page answers errors as pages (unknown link 404, expired 410, a bad answer 422, a cross-site post 403);
# a request the schema refuses (422) gets the JSON error body, a throttled one (429) a page.
PAGE_ERRORS = errors(*COMMON, html=(403, 404, 410, 422, 429))
log = logging.getLogger("bot.rsvp")
TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
LANGUAGE_NAMES = {"he": "עברית", "en": "English", "ru": "Русский"}
ANSWERS = (GuestStatus.coming.value, GuestStatus.not_coming.value, GuestStatus.maybe.value)
# same-origin, not no-referrer: with no-referrer a browser sends `Origin: null` on the form's POST,
# and the origin check below could not tell the guest's own page from a forged one. The link
# (the token in the path) still never leaves for another site.
HEADERS = {"Cache-Control": "no-store", "Referrer-Policy": "same-origin", "X-Robots-Tag": "noindex, nofollow",
           "Vary": "Accept-Language",  # the page's language may follow the browser's
           "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; "
                                      "form-action 'self'; "
                                      "frame-ancestors 'none'; base-uri 'none'",
           "X-Content-Type-Options": "nosniff"}


@cache
def _env() -> Environment:
    return Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html"]))


@cache
def _strings() -> dict[str, dict[str, str]]:
    return yaml.safe_load((TEMPLATES / "rsvp" / "strings.yaml").read_text(encoding="utf-8"))


class _Keep(dict[str, Any]):
    """Placeholders not given yet stay as they are, to be filled later ({answer}, {limit})."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def _t(lang: str, **values: Any) -> dict[str, Markup]:
    out = {}
    for key, variants in _strings().items():
        template = variants.get(lang) or variants["he"]
        out[key] = Markup.escape(template).format_map(_Keep(values))  # values escaped unless Markup
    return out


def _bdi(text: str) -> Markup:
    """Names in another script keep their own direction inside the sentence."""
    return Markup("<bdi>{}</bdi>").format(text)


def _render(name: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    html = _env().get_template(f"rsvp/{name}").render(**context)
    return HTMLResponse(html, status_code=status_code, headers=HEADERS)


def _language(requested: str | None, guest: Guest | None, workspace: Workspace | None,
              accept_language: str | None = None) -> str:
    """The page's language: the one chosen on the page (?lang=), the guest's own, then the browser's
    (Accept-Language, best first) among the event's languages, then the workspace's default. The browser's
    was ignored: a Russian-speaking guest with no language on file got the Hebrew page though the event
    offers Russian and their phone asks for it."""
    allowed = list(workspace.rsvp.link_languages) if workspace else ["he", "en", "ru"]
    for candidate in (requested, guest.language if guest else None, *browser_languages(accept_language),
                      workspace.default_language if workspace else None):
        if candidate in allowed:
            return candidate  # type: ignore[return-value]
    return "he"


_OLD_CODES = {"iw": "he"}  # Hebrew's code before 1989, still sent by some Android browsers


def browser_languages(header: str | None) -> list[str]:
    """The primary language codes of an Accept-Language header, most wanted first (RFC 9110 q-values;
    q=0 means 'not this'); 'he-IL,ru;q=0.8,en;q=0.5' -> ['he', 'ru', 'en']."""
    ranked: list[tuple[float, int, str]] = []
    for index, part in enumerate((header or "")[:500].split(",")):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        for param in params.split(";"):
            key, _, value = param.strip().partition("=")
            if key.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        code = tag.strip().split("-", 1)[0].lower()
        if code and code != "*" and quality > 0:
            ranked.append((-quality, index, _OLD_CODES.get(code, code)))
    return list(dict.fromkeys(code for _, _, code in sorted(ranked)))


def _error_page(lang: str, kind: str, status_code: int) -> HTMLResponse:
    t = _t(lang)
    return _render("error.html", status_code, lang=lang, dir="rtl" if lang == "he" else "ltr", t=t,
                   heading=t[f"{kind}_title"], message=t[kind])


def _answer_page(token: str, guest: Guest, event: Event, workspace: Workspace, lang: str, *, saved: bool = False,
                 error: str | None = None, selected: str | None = None, party_size: int | None = None,
                 status_code: int = 200) -> HTMLResponse:
    when = event.starts_at.astimezone(ZoneInfo(event.timezone)).strftime("%d.%m.%Y %H:%M")
    t = _t(lang, name=_bdi(guest.name), event=_bdi(event_name(event, lang)))
    current = None
    if guest.answered_at is not None and guest.status in ANSWERS:
        answer = t[guest.status]
        party = t["current_party"].format(answer=answer, count=count(guest.party_size, "guest", lang))
        current = t["current"].format(answer=answer if guest.status == "not_coming" else party)
    chosen = selected or (guest.status if guest.status in ANSWERS else None)
    answered = guest.answered_at is not None and guest.party_size > 0
    size = party_size or (guest.party_size if answered else max(guest.invited_count, 1))
    return _render("answer.html", status_code, lang=lang, dir="rtl" if lang == "he" else "ltr", t=t, when=when,
                   hebrew_date=hebrew_date(event), maps=map_links(event.venue), calendar=f"/r/{token}/event.ics",
                   venue=event_venue(event, lang), look=_look(token, event), saved=saved, error=error,
                   current=current, selected=chosen,
                   choices=[(a, t[a]) for a in ANSWERS], party_size=size, max_party=workspace.rsvp.max_party_size,
                   action=f"/r/{token}", page=f"/r/{token}",
                   languages=[(c, LANGUAGE_NAMES[c]) for c in workspace.rsvp.link_languages])


def _look(token: str, event: Event) -> dict[str, Any]:
    """The owner's colours (checked when saved: scheduler/rsvp/branding.py) and picture, if any."""
    session = object_session(event)
    image = session.execute(select(EventImage.sha256, EventImage.width, EventImage.height)
                            .where(EventImage.event_id == event.id)).first() if session is not None else None
    return {"accent": event.theme_accent, "background": event.theme_background,
            "image": {"src": f"/r/{token}/image?v={image[0][:12]}", "width": image[1], "height": image[2]}
            if image else None}


def _lookup(services: Services, session: Any, token: str) -> tuple[Guest | None, Event | None, Workspace | None]:
    guest = guest_for_token(session, services.settings.secret_key.get_secret_value(), token)
    if guest is None:
        return None, None, None
    return guest, event_of(session, guest), services.workspaces.by_slug(guest.workspace)


@router.get("/r/{token}", response_class=HTMLResponse, summary="A guest's personal RSVP page",
            responses=PAGE_ERRORS)
def show(token: str, request: Request, services: ServicesDep,
         lang: Annotated[str | None, Query(max_length=5)] = None,
         saved: Annotated[int, Query(ge=0, le=1)] = 0) -> Response:
    with session_scope(services.engine) as session:
        guest, event, workspace = _lookup(services, session, token)
        language = _language(lang, guest, workspace, request.headers.get("accept-language"))
        if guest is None or event is None or workspace is None:
            return _error_page(language, "not_found", 404)
        if not link_open(event, services.now()):
            return _error_page(language, "expired", 410)
        return _answer_page(token, guest, event, workspace, language, saved=bool(saved))


@router.get("/r/{token}/event.ics", summary="The guest's event as a calendar entry (add to calendar)",
            response_class=Response, responses={200: {"content": {"text/calendar": {}}}, **PAGE_ERRORS})
def calendar(token: str, request: Request, services: ServicesDep) -> Response:
    with session_scope(services.engine) as session:
        guest, event, workspace = _lookup(services, session, token)
        language = _language(None, guest, workspace, request.headers.get("accept-language"))
        if guest is None or event is None or workspace is None:
            return _error_page(language, "not_found", 404)
        body = calendar_file(event, event_name(event, language), f"event-{event.id}@{workspace.slug}",
                             services.now(), location=event_venue(event, language))
    return Response(body, media_type="text/calendar; charset=utf-8",
                    headers={**HEADERS, "Content-Disposition": 'attachment; filename="event.ics"'})


@router.get("/r/{token}/image", summary="The picture the owner put on the guest's page",
            response_class=Response, responses={200: {"content": {"image/png": {}, "image/jpeg": {}}},
                                                **PAGE_ERRORS})
def image(token: str, services: ServicesDep) -> Response:
    with session_scope(services.engine) as session:
        guest, event, workspace = _lookup(services, session, token)
        picture = session.get(EventImage, event.id) if event is not None else None
        if guest is None or workspace is None or picture is None:
            return _error_page(_language(None, guest, workspace), "not_found", 404)
        if not link_open(event, services.now()):  # type: ignore[arg-type]
            return _error_page(_language(None, guest, workspace), "expired", 410)
        # its own exact type (checked from the bytes when saved), never sniffed, never run as a document
        return Response(picture.data, media_type=picture.content_type, headers={
            "Cache-Control": "private, max-age=86400", "ETag": f'"{picture.sha256}"',
            "X-Content-Type-Options": "nosniff", "Content-Security-Policy": "default-src 'none'; sandbox",
            "Cross-Origin-Resource-Policy": "same-origin", "Referrer-Policy": "same-origin",
            "X-Robots-Tag": "noindex, nofollow", "Content-Disposition": "inline"})


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


def same_origin(request: Request, public_base_url: str) -> bool:
    """A form post from our own page: Origin (else Referer) is PUBLIC_BASE_URL's or the request's own.

    Browsers send Origin on every POST, so a forged cross-site form is always caught; a request with
    neither header does not come from a browser page, and a forger cannot use it against a guest.
    """
    sent = request.headers.get("origin") or request.headers.get("referer")
    if sent is None:
        return True
    return _origin(sent) in {_origin(public_base_url), _origin(str(request.base_url))}


@router.post("/r/{token}", response_class=HTMLResponse, summary="Record a guest's answer from the page",
             responses={303: {"description": "Saved: back to the page (POST-redirect-GET)"}, **PAGE_ERRORS})
def answer(token: str, request: Request, services: ServicesDep,
           status: Annotated[str | None, Form(max_length=20)] = None,
           party_size: Annotated[str | None, Form(max_length=10)] = None,
           lang: Annotated[str | None, Form(max_length=5)] = None) -> Response:
    if not same_origin(request, services.settings.public_base_url):
        log.warning("rsvp page answer refused: cross-site origin")
        return _error_page(lang if lang in LANGUAGE_NAMES else "he", "cross_site", 403)
    now = services.now()
    with session_scope(services.engine) as session:
        guest, event, workspace = _lookup(services, session, token)
        language = _language(lang, guest, workspace, request.headers.get("accept-language"))
        if guest is None or event is None or workspace is None:
            return _error_page(language, "not_found", 404)
        if not link_open(event, now):
            return _error_page(language, "expired", 410)
        t = _t(language)
        limit = workspace.rsvp.max_party_size
        size: int | None = None
        if status not in ANSWERS:
            return _answer_page(token, guest, event, workspace, language, error=t["error_status"], status_code=422)
        if status != GuestStatus.not_coming:
            digits = (party_size or "").strip()
            size = int(digits) if re.fullmatch(r"[0-9]{1,4}", digits) else None  # not '²': isdigit() but no int
            if size is None or not 1 <= size <= limit:
                return _answer_page(token, guest, event, workspace, language, selected=status, status_code=422,
                                    error=t["error_party"].format(limit=limit))
        try:
            outcome = record_answer(guest, workspace, status, size, "link", now)
        except InvalidAnswer:
            return _answer_page(token, guest, event, workspace, language, selected=status, status_code=422,
                                error=t["error_party"].format(limit=limit))
        if guest.language is None or lang in LANGUAGE_NAMES:
            guest.language = language
        log.info("rsvp page answer guest=%s status=%s changed=%s", masked(guest.phone),
                 outcome.status, outcome.changed)
    return RedirectResponse(f"/r/{token}?saved=1&lang={language}", status_code=303, headers=HEADERS)
