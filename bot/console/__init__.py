"""The web console at /app: server-rendered pages (Jinja2 + htmx) for event owners, staff and owners.

`mount(app)` adds the static files, every feature's router and the console's error pages. Each
feature is one router in bot/console/pages/ with its templates and a nav entry (bot/console/nav.py).
Pages call the same functions as the API and the CLI (scheduler/rsvp, scheduler/campaigns).
"""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, FastAPI, Request
from fastapi.exception_handlers import http_exception_handler
from fastapi.responses import RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from bot.console.deps import LoginRequired
from bot.console.routing import PREFIX, page_router
from bot.route_table import DeferredRoutes

STATIC = Path(__file__).with_name("static")


def page_routers() -> list[APIRouter]:
    """Every feature's router, /app first (the home page). Each is already under /app and behind the
    CSRF check (bot.console.routing.page_router), so its routes go on the app as they are."""
    from bot.console.auth import routes as auth
    from bot.console.pages import (
        account,
        analytics,
        campaigns,
        events,
        guests,
        imports,
        inbox,
        knowledge,
        tickets,
        users,
    )

    home = page_router()
    home.add_api_route("", account.home, methods=["GET"])
    return [home, *(feature.router for feature in (auth, account, events, guests, imports, campaigns, inbox,
                                                   knowledge, analytics, tickets, users))]


class _Pages(DeferredRoutes):
    """Where the console's pages go (bot.route_table.DeferredRoutes): every /app path until they are
    built; outside the OpenAPI either way."""

    def __init__(self, app: FastAPI) -> None:
        super().__init__(app, PREFIX, page_routers, "console-pages")


def _pages(app: FastAPI) -> _Pages | None:
    return next((r for r in app.router.routes if isinstance(r, _Pages)), None)


def build(app: FastAPI) -> None:
    """Build the console's pages now (the lifespan's background build, tools and tests that list routes)."""
    pages = _pages(app)
    if pages is not None:
        pages.build()


def build_later(app: FastAPI) -> None:
    """Build the console's pages in the background (the server is ready: nothing waits for them)."""
    pages = _pages(app)
    if pages is not None:
        pages.build_later()


def mount(app: FastAPI) -> None:
    app.mount("/app/static", StaticFiles(directory=STATIC), name="console-static")
    app.router.routes.append(_Pages(app))

    @app.exception_handler(LoginRequired)
    async def to_login(request: Request, _: LoginRequired) -> Response:
        if request.headers.get("hx-request"):  # htmx follows HX-Redirect with a full page load
            return Response(status_code=401, headers={"HX-Redirect": "/app/login"})
        return RedirectResponse("/app/login", status_code=303)

    @app.exception_handler(StarletteHTTPException)
    async def console_errors(request: Request, exc: StarletteHTTPException) -> Response:
        if not request.url.path.startswith("/app/") or request.url.path.startswith("/app/static/"):
            return await http_exception_handler(request, exc)
        from bot.console.templating import render

        return render(request, "error.html", {"status": exc.status_code, "detail": exc.detail},
                      status_code=exc.status_code)
