"""Ready means ready: indexes built before traffic, /healthz (liveness) apart from /readyz (readiness)."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from bot import readiness
from bot.app import create_app
from bot.channels import ConsoleChannel
from bot.core.db import make_engine
from bot.services import Services, build_services
from tests.conftest import FixedClock, make_settings


def _workspaces_with_a_kb(services: Services) -> set[str]:
    return {w.slug for w in services.workspaces} & set(services.knowledge.workspaces())


def test_every_index_is_built_before_the_first_request(services: Services) -> None:
    assert services.knowledge.loaded() == []
    ready, details = readiness.check(services)
    assert not ready and details["knowledge"] == "loading"
    with TestClient(create_app(services=services), raise_server_exceptions=False) as client:
        # The lifespan has run, no message has arrived: every KB is loaded with its index.
        wanted = _workspaces_with_a_kb(services)
        assert wanted and set(services.knowledge.loaded()) >= wanted
        assert all(services.knowledge.get(slug)._index is not None for slug in wanted)
        response = client.get("/readyz")
        assert response.status_code == 200, response.text
        body = response.json()
        assert body["status"] == "ready" and body["database"] == "ok" and body["knowledge"] == "ready"
        assert body["indexes"] == len(wanted) and body["spool"] == "empty" and body["spooled"] == 0
        assert client.get("/healthz").json()["status"] == "ok"


def test_prepare_writes_the_index_cache_under_the_data_folder(services: Services) -> None:
    from knowledge import index_cache

    index_cache._memory.clear()  # a new process: nothing in memory
    readiness.prepare(services)
    files = list(readiness.index_cache_dir(services.settings).glob("kb.*.idx"))
    assert {f.name[3:].rsplit("-", 1)[0] for f in files} == _workspaces_with_a_kb(services)
    assert len(files) == len(_workspaces_with_a_kb(services))


def test_database_down_is_not_ready_but_alive(tmp_path: Path, clock: FixedClock) -> None:
    settings = make_settings(tmp_path)
    dead = make_engine(f"sqlite:///{tmp_path / 'gone' / 'x.db'}")
    dead.dispose()
    (tmp_path / "gone").rmdir()  # the database folder vanished: every connect fails
    services = build_services(settings, engine=dead, channel=ConsoleChannel(echo=False), clock=clock)
    with TestClient(create_app(services=services), raise_server_exceptions=False) as client:
        assert client.get("/healthz").status_code == 200
        response = client.get("/readyz")
        assert response.status_code == 503
        assert response.json()["database"] == "unreachable" and response.json()["knowledge"] == "ready"


def test_a_spool_that_cannot_take_a_message_is_not_ready(services: Services) -> None:
    """Messages that arrive while the database is down go to the spool: a server that could not
    write one there must not say it is ready."""
    from bot import spool

    folder = spool.spool_dir(services.settings.data_dir)
    folder.parent.mkdir(parents=True, exist_ok=True)
    folder.write_text("a file where the spool folder belongs")
    with TestClient(create_app(services=services), raise_server_exceptions=False) as client:
        response = client.get("/readyz")
        assert response.status_code == 503
        assert response.json()["spool"] == "not writable" and response.json()["knowledge"] == "ready"
        folder.unlink()  # the folder can be made again: ready
        assert client.get("/readyz").status_code == 200


def test_prepare_reads_the_sentence_files_the_first_reply_needs(services: Services) -> None:
    from handlers import texts

    book = texts._BOOK
    book.__dict__.pop("entries", None)  # as in a new process: texts.yaml not read yet
    readiness.prepare(services)
    assert "entries" in book.__dict__ and texts.has_text(next(iter(book.entries)))


def test_work_kept_for_ready_starts_after_the_lifespan_in_its_own_thread(services: Services) -> None:
    import threading

    ran: list[tuple[str, bool]] = []
    done = threading.Event()

    def job() -> None:
        ran.append((threading.current_thread().name, bool(services.extras.get("knowledge_ready"))))
        done.set()

    def cancelled() -> None:
        ran.append(("cancelled", True))

    readiness.after_ready(job)
    readiness.after_ready(cancelled)()  # cancelled before ready: never runs
    assert not done.is_set()
    with TestClient(create_app(services=services), raise_server_exceptions=False):
        assert done.wait(10)
    assert len(ran) == 1 and ran[0][0] != threading.current_thread().name and ran[0][1]
    assert readiness._after_ready == []


def test_serve_writes_the_demo_traffic_after_ready_not_before(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Development's demo traffic (about a quarter of a first start) no longer delays /readyz: `bot
    serve` leaves it to the moment its server is ready, in the background; a server that never got
    ready leaves nothing waiting."""
    import threading

    from typer.testing import CliRunner

    from bot.cli import serve
    from bot.cli.main import app as cli
    from bot.core.settings import get_settings

    written = threading.Event()
    calls: list[str] = []

    def fake_traffic(config, registry):  # type: ignore[no-untyped-def]
        calls.append(threading.current_thread().name)
        written.set()
        return ["  Demo traffic:  written"]

    def fake_run(*_args: object, **_kwargs: object) -> None:
        assert not written.wait(0.3), "demo traffic written before the server was ready"
        readiness.served()  # what the lifespan does once the app has started
        assert written.wait(10), "demo traffic not written after ready"

    monkeypatch.setattr(serve, "_demo_traffic_lines", fake_traffic)
    monkeypatch.setattr(serve, "DEMO_TRAFFIC_DELAY", 0.0)
    monkeypatch.setattr(readiness, "warm_knowledge", lambda *_args, **_kwargs: [])  # the indexes are not the point
    monkeypatch.setattr("uvicorn.run", fake_run)
    for name, value in {"DATABASE_URL": f"sqlite:///{tmp_path / 'serve.db'}", "DATA_DIR": str(tmp_path / "data"),
                        "ENVIRONMENT": "development", "SCHEDULER_ENABLED": "false"}.items():
        monkeypatch.setenv(name, value)
    get_settings.cache_clear()
    try:
        result = CliRunner().invoke(cli, ["serve"])
    finally:
        get_settings.cache_clear()
    assert result.exit_code == 0, result.output
    assert len(calls) == 1 and calls[0] != threading.current_thread().name
    assert readiness._after_ready == []

    monkeypatch.setattr("uvicorn.run", lambda *_args, **_kwargs: None)  # stopped before it was ready
    get_settings.cache_clear()
    try:
        assert CliRunner().invoke(cli, ["serve"]).exit_code == 0
    finally:
        get_settings.cache_clear()
    assert readiness._after_ready == [] and len(calls) == 1
