"""Jinja2 pages of the console: one environment (autoescaped), the shared layout's values filled in."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from bot.console.i18n import LANGUAGES, Translator, direction
from bot.console.nav import entries_for

TEMPLATES = Path(__file__).with_name("templates")
HTMX = "vendor/htmx-2.0.8.min.js"
STATIC_VERSION = "7"  # bump to make browsers fetch changed static files

_env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(default=True),
                   undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)


def static(path: str) -> str:
    return f"/app/static/{path}?v={STATIC_VERSION}"


_env.globals.update(static=static, HTMX=HTMX, LANGUAGES=LANGUAGES)


def redirect(request: Request, url: str) -> Response:
    """After a POST: htmx gets HX-Redirect (a full page load), a plain form a 303."""
    if request.headers.get("hx-request"):
        return Response(status_code=204, headers={"HX-Redirect": url})
    return RedirectResponse(url, status_code=303)


def _support(workspace: Any) -> str:
    """Where an owner asks the business for more (an SMS package): its e-mail, else its first number."""
    if workspace is None:
        return ""
    return str(getattr(workspace, "contact_email", None) or (workspace.numbers[0] if workspace.numbers else ""))


def render(request: Request, template: str, context: dict[str, Any] | None = None, *, status_code: int = 200,
           headers: dict[str, str] | None = None) -> HTMLResponse:
    """A page or fragment; `request.state` carries the user, language and CSRF token set by the deps."""
    lang = getattr(request.state, "console_lang", "he")
    logged = getattr(request.state, "console_login", None)
    values: dict[str, Any] = {
        "request": request, "t": Translator(lang), "lang": lang, "dir": direction(lang),
        "user": logged.user if logged else None,
        "nav": entries_for(logged.user.role, getattr(request.state, "console_workspace", None)) if logged else [],
        "csrf": getattr(request.state, "console_csrf", ""),
        "brand": getattr(request.state, "console_brand", ""),
        "path": request.url.path,
        "support": _support(getattr(request.state, "console_workspace", None)),
    }
    values.update(context or {})
    body = _env.get_template(template).render(values)
    response = HTMLResponse(body, status_code=status_code, headers=headers)
    if getattr(request.state, "set_pre_csrf", False):  # the login form's token, before any session exists
        response.set_cookie("bo_csrf", values["csrf"], httponly=True, samesite="strict", path="/app",
                            secure=request.url.scheme == "https")
    return response
