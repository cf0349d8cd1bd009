"""Routers put on the application as they were built, not built a second time by `include_router`.

FastAPI (0.16x) builds a route when its router's decorator runs (its dependency tree and the
validation models of its parameters and responses), and `app.include_router` builds it once more
for the inclusion, the first time a request walks past it: the app's ~150 routes were built twice,
about a third of a second of each start (issue 14: ready in under 2 s). Every router here carries
its own prefix, tags, responses and dependencies, so the route built by the decorator is exactly
the route to serve; `add_routes` appends it to the app's route table, in order, as `@app.get` would.
A router that holds other routers or has start-up hooks is included the ordinary way.
"""

from __future__ import annotations

from fastapi import APIRouter, FastAPI
from starlette.routing import Route, WebSocketRoute

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
