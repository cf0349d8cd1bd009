"""The app serves each route as its router built it (bot.route_table): no included router is left for
FastAPI to build a second time, and every console page, declared on `page_router`, is under /app,
behind the CSRF check first, and outside the OpenAPI."""

from __future__ import annotations

import threading
from pathlib import Path

from fastapi.routing import APIRoute

from bot import console
from bot.app import create_app
from bot.console.deps import csrf_guard
from bot.core.settings import Settings


def test_every_route_is_built_once_and_every_console_page_is_guarded(tmp_path: Path) -> None:
    app = create_app(Settings(data_dir=tmp_path, database_url=f"sqlite:///{tmp_path / 'bot.db'}"))
    console.build(app)  # the pages are built after ready (in the background) or by the first console request
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


def test_the_console_pages_are_built_after_ready_or_by_the_first_console_request(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Building the pages (most of building the app) is not on the way to ready: until they are
    built one route stands for every /app path; a console request builds them and is answered; the
    lifespan has them built in the background once the server is ready."""
    from fastapi.testclient import TestClient

    def pages(app) -> list[APIRoute]:  # type: ignore[no-untyped-def]
        return [r for r in app.router.routes if isinstance(r, APIRoute) and r.path.startswith("/app")]

    settings = Settings(data_dir=tmp_path, database_url=f"sqlite:///{tmp_path / 'bot.db'}", environment="test",
                        scheduler_enabled=False)
    later = console.build_later
    monkeypatch.setattr(console, "build_later", lambda app: None)  # the first request comes before it
    app = create_app(settings)
    assert pages(app) == []
    with TestClient(app) as client:
        assert client.get("/readyz").status_code == 200 and pages(app) == []
        response = client.get("/app/login")
        assert response.status_code == 200 and "csrf" in response.text
        assert len(pages(app)) > 50
        assert client.get("/app/no-such-page").status_code == 404  # the console's own 404 page, as before
    monkeypatch.setattr(console, "build_later", later)
    app = create_app(settings)
    with TestClient(app):
        pending = console._pages(app)
        assert pending is not None
        for _ in range(200):
            if pending.built:
                break
            threading.Event().wait(0.05)
        assert pending.built and len(pages(app)) > 50
