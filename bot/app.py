"""The FastAPI application: assembles routers and owns long-lived resources through the lifespan."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import OperationalError

from bot import console, readiness
from bot.core.limits import BodySizeLimit
from bot.core.settings import Settings, get_settings
from bot.route_table import DeferredRoutes, add_routes, deferred
from bot.routes import health, responses, twilio_webhooks
from bot.security.headers import SecurityHeaders
from bot.security.ops_access import OpsAccess
from bot.security.production import refuse_unsafe_production
from bot.security.throttle import Throttle
from bot.services import Services, build_services

log = logging.getLogger("bot.app")
Plugin = Callable[[FastAPI, Services], Any]


def replay_spool(services: Services) -> int:
    """Store messages spooled while the database was down and answer what is due, now (the
    background worker does the same continuously; this is for tools and tests)."""
    from bot.replies.worker import replay_and_answer

    return replay_and_answer(services)


def create_app(settings: Settings | None = None, services: Services | None = None) -> FastAPI:
    """Build the app; tests pass their own `services` (engine, fake channel, fixed clock)."""
    settings = settings or (services.settings if services else get_settings())

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.services = services or build_services(settings)
        # Before the first connection: every KB indexed (from the index cache when it is warm).
        await run_in_threadpool(readiness.prepare, app.state.services)
        _finish_route_table(app)
        refuse_unsafe_production(settings, app.state.services.workspaces, app.state.services.engine)
        for install in _service_plugins():
            install(app.state.services)
        for start in app.state.services.extras.get("on_start", []):
            await start(app.state.services)
        readiness.served()  # what waits for ready (development's demo traffic) starts now, in the background
        console.build_later(app)  # the console's pages too (bot.console: not needed by a webhook)
        owners_api = deferred(app, OWNERS_API)
        if owners_api is not None:
            owners_api.build_later()  # and the owners' API
        yield
        for stop in reversed(app.state.services.extras.get("on_stop", [])):
            await stop(app.state.services)
        if services is None:
            app.state.services.engine.dispose()

    app = FastAPI(title="Messaging back office", version="0.1.0", lifespan=lifespan,
                  description="WhatsApp/SMS support bot and RSVP messenger for small businesses.")
    # Each router's routes as its decorators built them (an include would build them all again).
    for router in [health.router, twilio_webhooks.router, *_route_plugins()]:
        add_routes(app, router)
    # The owners' API under /api: built after ready or by its first request, like the console's pages.
    app.router.routes.append(DeferredRoutes(app, "/api", _owner_api_routers, OWNERS_API))
    _openapi = app.openapi

    def openapi() -> dict[str, Any]:
        """The schema lists the owners' API too, built first if it is not yet."""
        owners_api = deferred(app, OWNERS_API)
        if owners_api is not None:
            owners_api.build()
        return _openapi()

    app.openapi = openapi  # type: ignore[method-assign]
    console.mount(app)  # the web console at /app: static files, its error pages; its pages are built after ready

    @app.exception_handler(OperationalError)
    async def database_down(_: Request, exc: OperationalError) -> JSONResponse:
        log.error("database unavailable: %s", type(exc).__name__)
        return JSONResponse({"detail": "database temporarily unavailable, retry"}, status_code=503,
                            headers={"Retry-After": "30"})

    @app.exception_handler(Exception)
    async def unexpected(_: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error")
        return JSONResponse({"detail": "internal error; it has been logged"}, status_code=500)

    app.add_exception_handler(RequestValidationError, responses.validation_error)  # type: ignore[arg-type]
    app.add_middleware(BodySizeLimit, default_limit=settings.max_body_bytes, upload_limit=settings.max_upload_bytes)
    # Outermost last: headers wrap every answer (429s too); throttling runs before any work.
    app.add_middleware(OpsAccess, settings=settings)
    app.add_middleware(Throttle, settings=settings)
    app.add_middleware(SecurityHeaders, https=settings.public_base_url.startswith("https://"))
    return app


def _finish_route_table(app: FastAPI) -> None:
    """FastAPI (0.16x) completes an included router's routes (their validation models, once more)
    on the first request that walks past them. This app's routers are added without an include
    (bot.route_table), so there is nothing to finish unless a router could not be; done here, before
    the server is ready, so that the first customer's message would not wait for it."""
    for route in app.router.routes:
        contexts = getattr(route, "effective_route_contexts", None)
        if callable(contexts):
            for _ in contexts():
                pass


def _service_plugins() -> list[Callable[[Services], None]]:
    """Capabilities that hook into the lifespan and the turn (services.extras: on_start, after_turn...)."""
    from bot import staff
    from bot.replies import worker as replies

    return [staff.install, replies.install]  # replies: spool replay, queued answers, sweep


def _route_plugins() -> list[Any]:
    """Routers of later capabilities (RSVP pages, staff webhooks)."""
    from bot import staff
    from bot.routes import rsvp_page

    return [staff.webhook_router, rsvp_page.router]


OWNERS_API = "owners-api"


def _owner_api_routers() -> list[Any]:
    """The owners' API (/api/workspaces/...): ~20 routes whose modules and validation models were
    ~0.2 s of CPU of every start (issue 14: ready in under 2 s with the index cache), and no webhook
    needs them; `create_app` defers them (bot.route_table.DeferredRoutes)."""
    from bot.routes import api_campaigns, api_credit, api_customers, api_events

    return [api_customers.router, api_events.router, api_campaigns.router, api_credit.router]
