"""The router every console feature declares its pages on: already under /app, CSRF-guarded and
outside the OpenAPI, so the routes built when a page module is imported are the routes served.

Including a router of routers (the console used to: one router with the CSRF dependency and the
/app prefix, holding each feature's router) makes FastAPI (0.16x) build every page again for the
inclusion - its parameter models a second time - about a quarter of a second of each start.
`bot.console.mount` puts these routes on the app as they are (`bot.route_table.add_routes`).
"""

from __future__ import annotations

from fastapi import APIRouter, Depends

from bot.console.deps import csrf_guard
from bot.console.inputs import checked_inputs

PREFIX = "/app"


def page_router(prefix: str = "") -> APIRouter:
    """A console feature's router: its paths under /app (+ `prefix`), each page behind the CSRF check
    and the input bounds (bot.console.inputs; both run before the page's own dependencies), none of
    them in the OpenAPI."""
    return APIRouter(prefix=PREFIX + prefix, dependencies=[Depends(csrf_guard), Depends(checked_inputs)],
                     include_in_schema=False)
