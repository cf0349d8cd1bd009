"""The app serves each route as its router built it (bot.route_table): no included router is left for
FastAPI to build a second time, and every console page, declared on `page_router`, is under /app,
behind the CSRF check first, and outside the OpenAPI."""

from __future__ import annotations

from pathlib import Path

from fastapi.routing import APIRoute

from bot.app import create_app
from bot.console.deps import csrf_guard
from bot.core.settings import Settings


def test_every_route_is_built_once_and_every_console_page_is_guarded(tmp_path: Path) -> None:
    app = create_app(Settings(data_dir=tmp_path, database_url=f"sqlite:///{tmp_path / 'bot.db'}"))
    routes = app.router.routes
    assert not [r for r in routes if callable(getattr(r, "effective_route_contexts", None))]
    pages = [r for r in routes if isinstance(r, APIRoute) and (r.path == "/app" or r.path.startswith("/app/"))]
    assert len(pages) > 50
    for page in pages:
        assert page.dependant.dependencies[0].call is csrf_guard, page.path
        assert page.include_in_schema is False, page.path
    others = [r for r in routes if isinstance(r, APIRoute) and r not in pages]
    assert not [r.path for r in others if any(d.call is csrf_guard for d in r.dependant.dependencies)]
    assert not [p for p in app.openapi()["paths"] if p.startswith("/app")]
