"""Routers put on the application as they were built, not built a second time by `include_router`.

FastAPI (0.16x) builds a route when its router's decorator runs (its dependency tree and the
validation models of its parameters and responses), and `app.include_router` builds it once more
for the inclusion, the first time a request walks past it: the app's ~150 routes were built twice,
about a third of a second of each start (issue 14: ready in under 2 s). Every router here carries
its own prefix, tags, responses and dependencies, so the route built by the decorator is exactly
the route to serve; `add_routes` appends it to the app's route table, in order, as `@app.get` would.
A router that holds other routers or has start-up hooks is included the ordinary way.

`DeferredRoutes` stands for routes that a webhook never needs (the console's pages, the owners'
API): one route takes their paths until they are built, after ready or by the first request for one.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, FastAPI
from fastapi.concurrency import run_in_threadpool
from starlette.routing import BaseRoute, Match, NoMatchFound, Route, WebSocketRoute

_NO_LIFESPAN = type(APIRouter().lifespan_context)  # what a router without start-up hooks has


def add_routes(app: FastAPI, router: APIRouter) -> None:
    """Serve `router`'s routes from `app`, built once. Like `app.include_router(router)` without a
    prefix, except that `app.dependency_overrides` do not reach them (nothing here uses overrides;
    a test that needs them can include the router itself)."""
    plain = all(isinstance(route, Route | WebSocketRoute) for route in router.routes)
    hooks = router.on_startup or router.on_shutdown or type(router.lifespan_context) is not _NO_LIFESPAN
    if not plain or hooks:
        app.include_router(router)
        return
    app.router.routes.extend(router.routes)


class DeferredRoutes(BaseRoute):
    """Where the routes of `routers` go, built when first needed rather than while the server starts.

    Importing a router's module builds its routes (FastAPI's dependency trees and validation
    models): for the console's ~100 pages and the owners' ~20 API routes, much of building the app,
    none of it needed by a webhook. The lifespan has them built in the background once the server
    is ready (`build_later`); a request that comes first builds them (or waits for the build under
    way) and is then routed again. Until then this route takes every path under `prefix`;
    afterwards it takes none and the routes, placed right after it (the route table's order as
    with `add_routes` in its place), answer."""

    def __init__(self, app: FastAPI, prefix: str, routers: Callable[[], list[APIRouter]], name: str) -> None:
        self.app = app
        self.prefix = prefix
        self.routers = routers
        self.name = name
        self.built = False
        self._building = threading.Lock()

    def matches(self, scope: Any) -> tuple[Match, Any]:
        if self.built or scope["type"] != "http":
            return Match.NONE, {}
        path: str = scope["path"]
        return (Match.FULL, {}) if path == self.prefix or path.startswith(self.prefix + "/") else (Match.NONE, {})

    async def handle(self, scope: Any, receive: Any, send: Any) -> None:
        await run_in_threadpool(self.build)
        await self.app.router(scope, receive, send)

    def url_path_for(self, name: str, /, **path_params: Any) -> Any:
        raise NoMatchFound(name, path_params)

    def build(self) -> None:
        with self._building:
            if self.built:
                return
            staged = FastAPI(openapi_url=None, docs_url=None, redoc_url=None)  # no routes of its own
            for router in self.routers():
                add_routes(staged, router)
            routes = self.app.router.routes
            at = routes.index(self) + 1
            routes[at:at] = staged.router.routes  # one step: a request being routed sees all or none
            self.built = True

    def build_later(self) -> None:
        """Build them in a background thread (the server is ready: nothing waits for them)."""
        if not self.built:
            threading.Thread(target=self.build, name=self.name, daemon=True).start()


def deferred(app: FastAPI, name: str) -> DeferredRoutes | None:
    """The app's deferred routes called `name`, if any."""
    return next((r for r in app.router.routes if isinstance(r, DeferredRoutes) and r.name == name), None)
