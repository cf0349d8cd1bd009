"""Login and logout pages: /app/login (code or password), /app/logout, /app/logout-all, /app/lang."""

from __future__ import annotations

import logging
from typing import Annotated

from fastapi import BackgroundTasks, Form, Request
from fastapi.responses import RedirectResponse, Response
from rich.console import Console
from sqlmodel import Session

from bot.console.auth.codes import new_code, redeem
from bot.console.auth.passwords import verify_password
from bot.console.auth.sessions import COOKIE, end_all_sessions, end_session, start_session
from bot.console.auth.throttle import LoginThrottle
from bot.console.auth.users import users_by_phone
from bot.console.config import config
from bot.console.deps import LANG_COOKIE, DbDep, LoginDep, client_ip, lang_of
from bot.console.i18n import LANGUAGES, text
from bot.console.nav import home_for
from bot.console.routing import page_router
from bot.console.templating import render
from bot.core.db import session_scope
from bot.core.logs import masked
from bot.core.models import ConsoleUser
from bot.core.phones import InvalidPhone, normalize_phone
from bot.deps import ServicesDep
from bot.services import Services
from scheduler.rsvp.messages import phone_refusal

router = page_router()
log = logging.getLogger("bot.console.auth")


def throttle(services: Services) -> LoginThrottle:
    found = services.extras.get("console_throttle")
    if found is None:
        found = LoginThrottle(services.settings.redis_url, services.settings.rate_limits_enabled)
        services.extras["console_throttle"] = found
    return found  # type: ignore[no-any-return]


def _phone(raw: str) -> str | InvalidPhone:
    """The number in E.164, or why it is refused (shown to the person in words)."""
    try:
        return normalize_phone(raw).e164
    except InvalidPhone as exc:
        return exc


def _logged_in(request: Request, services: Services, session: Session, user: ConsoleUser) -> Response:
    token = start_session(session, user, services.now(), request.headers.get("user-agent", ""))
    session.commit()
    response = RedirectResponse(home_for(user.role), status_code=303)
    response.set_cookie(COOKIE, token, httponly=True, samesite="lax", path="/app",
                        secure=services.settings.is_production or request.url.scheme == "https",
                        max_age=int(config().session_max.total_seconds()))
    response.delete_cookie("bo_csrf", path="/app")
    return response


def _login_page(request: Request, *, error: str | None = None, phone: str = "", step: str = "phone",
                status: int = 200, wait: int | None = None) -> Response:
    headers = {"Retry-After": str(wait)} if wait else None
    return render(request, "login.html", {"error": error, "phone": phone, "step": step, "wait": wait},
                  status_code=status, headers=headers)


@router.get("/login", summary="The login page")
def login_page(request: Request, phone: str = "", step: str = "phone") -> Response:
    return _login_page(request, phone=phone, step=step if step in {"phone", "code", "password"} else "phone")


@router.post("/login/code", summary="Send a one-time code to the account's phone")
async def send_code(request: Request, services: ServicesDep, background: BackgroundTasks,
                    phone: Annotated[str, Form(max_length=40)]) -> Response:
    """The same work and the same page whether or not the number has an account: the lookup, the
    code's database write and the send run after the answer (review N11: answering after them told,
    by the time taken, which numbers have a console account)."""
    e164 = _phone(phone)
    lang = lang_of(request)
    if isinstance(e164, InvalidPhone):
        return _login_page(request, error=phone_refusal(e164, phone, lang), phone=phone, status=422)
    wait = await throttle(services).code_request(e164, client_ip(request))
    if wait is not None:
        return _login_page(request, error=text("login.too_many", lang, seconds=wait), phone=phone, status=429,
                           wait=wait)
    background.add_task(_send_codes, services, e164)
    return _login_page(request, phone=e164, step="code")


def _send_codes(services: Services, e164: str) -> None:
    """A fresh code to each active account of the number, one message per workspace; nothing for a
    number without one. Runs after the answer (a worker thread), so it opens its own session and
    logs, never raises: the person already has the page."""
    try:
        with session_scope(services.engine) as session:
            for user in users_by_phone(session, e164):
                workspace = services.workspaces.by_slug(user.workspace)
                if workspace is None:
                    continue
                code = new_code(session, user, services.settings.secret_key.get_secret_value(), services.now())
                session.commit()
                body = text("login.code_message", user.language or workspace.default_language, code=code,
                            workspace=workspace.name)
                try:
                    services.channel.send_text(to=e164, body=body, from_=workspace.numbers[0], whatsapp=False)
                except Exception:  # the page said the same either way; the operator sees the log
                    log.exception("login code to %s could not be sent", masked(e164))
                _show_development_code(services, e164, code)
    except Exception:
        log.exception("login code for %s could not be made", masked(e164))


def _show_development_code(services: Services, e164: str, code: str) -> None:
    """The console channel echoes no message text (stderr is a log), so in development the code is
    shown on its own line: without it nobody could log in by code on `make run`. Never in production,
    never through a real channel."""
    if services.settings.is_production or getattr(services.channel, "name", "") != "console":
        return
    Console(stderr=True).print(f"[bold]login code for {masked(e164)}: {code}[/bold] (development, console channel)",
                               markup=True, highlight=False)


@router.post("/login/verify", summary="Log in with the code")
async def verify_code(request: Request, services: ServicesDep, session: DbDep,
                      phone: Annotated[str, Form(max_length=40)],
                      code: Annotated[str, Form(max_length=12)]) -> Response:
    return await _check(request, services, session, phone, "code", code)


@router.post("/login/password", summary="Log in with a password")
async def verify_password_form(request: Request, services: ServicesDep, session: DbDep,
                               phone: Annotated[str, Form(max_length=40)],
                               password: Annotated[str, Form(max_length=200)]) -> Response:
    return await _check(request, services, session, phone, "password", password)


async def _check(request: Request, services: Services, session: Session, phone: str, step: str,
                 secret: str) -> Response:
    lang, ip = lang_of(request), client_ip(request)
    parsed = _phone(phone)
    e164 = parsed if isinstance(parsed, str) else None
    guard = throttle(services)
    wait = await guard.may_try(e164 or phone, ip, code=step == "code")
    if wait is not None:
        return _login_page(request, error=text("login.too_many", lang, seconds=wait), phone=phone, step=step,
                           status=429, wait=wait)
    users = users_by_phone(session, e164) if e164 else []
    user: ConsoleUser | None = None
    if step == "code":
        user = redeem(session, users, secret, services.settings.secret_key.get_secret_value(), services.now())
        session.commit()
    else:
        with_password = [u for u in users if u.password_hash]
        user = next((u for u in with_password if verify_password(u.password_hash, secret)), None)
        if not with_password:
            verify_password(None, secret)  # same time whether or not the number has a password
    if user is None:
        await guard.failed(e164 or phone, ip)
        return _login_page(request, error=text(f"login.wrong_{step}", lang), phone=phone, step=step, status=401)
    return _logged_in(request, services, session, user)


@router.post("/logout", summary="End this session")
def logout(logged: LoginDep, services: ServicesDep, session: DbDep) -> Response:
    end_session(session, logged.session_id, services.now())
    session.commit()
    response = RedirectResponse("/app/login", status_code=303)
    response.delete_cookie(COOKIE, path="/app")
    return response


@router.post("/logout-all", summary="End every session of this account (all devices)")
def logout_everywhere(logged: LoginDep, services: ServicesDep, session: DbDep) -> Response:
    assert logged.user.id is not None
    end_all_sessions(session, logged.user.id, services.now())
    session.commit()
    response = RedirectResponse("/app/login", status_code=303)
    response.delete_cookie(COOKIE, path="/app")
    return response


@router.get("/lang/{code}", summary="Switch the console's language")
def switch_language(code: str, request: Request, back: str = "/app") -> Response:
    target = back if back.startswith("/app") and "//" not in back else "/app"
    if code not in LANGUAGES:  # it redirected as if switched and silently kept the old language
        return render(request, "lang_unknown.html", {"code": code[:20], "lang_back": target}, status_code=404)
    response = RedirectResponse(target, status_code=303)
    response.set_cookie(LANG_COOKIE, code, httponly=True, samesite="lax", path="/app", max_age=365 * 86400)
    return response
