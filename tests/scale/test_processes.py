"""The scale path, as a deployment runs it: two web processes and two schedulers started at the same
moment on a fresh PostgreSQL database. All come up (the migrations queue on a lock instead of
racing on `alembic_version`), exactly one scheduler is active, and when it is killed the standby
takes over and runs a job that falls due."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest
from sqlalchemy import text

from bot.core.db import make_engine
from bot.core.settings import ROOT
from scheduler.jobs import schedule_once
from tests.utils.databases import drop_postgres, postgres_or_skip

pytestmark = pytest.mark.postgres
DEADLINE = 90.0  # seconds to come up: about 10 on an idle 2-core machine, far more when it is busy


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def fresh_database() -> Iterator[str]:
    url = postgres_or_skip()
    try:
        yield url
    finally:
        drop_postgres(url)


class Process:
    def __init__(self, name: str, args: list[str], env: dict[str, str], log: Path) -> None:
        self.name, self.log = name, log
        self.handle = subprocess.Popen([sys.executable, "-m", "bot", *args], cwd=ROOT, env=env,
                                       stdout=log.open("wb"), stderr=subprocess.STDOUT)

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def stop(self) -> None:
        if self.handle.poll() is None:
            self.handle.send_signal(signal.SIGTERM)
            try:
                self.handle.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.handle.kill()
                self.handle.wait()


def _ready(port: int) -> bool:
    try:
        return httpx.get(f"http://127.0.0.1:{port}/readyz", timeout=2).status_code == 200
    except httpx.HTTPError:
        return False


def _wait(condition, timeout: float, what: str, processes: list[Process]) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        dead = [p for p in processes if p.handle.poll() is not None]
        if dead:
            pytest.fail(f"{dead[0].name} exited ({dead[0].handle.returncode}) while waiting for {what}:\n"
                        f"{dead[0].output()[-3000:]}")
        time.sleep(0.3)
    logs = "\n".join(f"--- {p.name}\n{p.output()[-1500:]}" for p in processes)
    pytest.fail(f"timed out waiting for {what}\n{logs}")


def _job_pending(engine, job_id: str) -> bool:  # type: ignore[no-untyped-def]
    with engine.connect() as connection:
        return connection.execute(text("SELECT count(*) FROM apscheduler_jobs WHERE id = :id"),
                                  {"id": job_id}).scalar() == 1


def test_two_web_processes_and_two_schedulers_start_at_once_and_fail_over(fresh_database: str,
                                                                          tmp_path: Path) -> None:
    knowledge = tmp_path / "knowledge"  # no KB to index: this test is about processes, not retrieval
    knowledge.mkdir()
    env = {**os.environ, "DATABASE_URL": fresh_database, "DATA_DIR": str(tmp_path / "data"),
           "KNOWLEDGE_DIR": str(knowledge), "CHANNEL": "console", "LOG_LEVEL": "INFO",
           "PUBLIC_BASE_URL": "https://bot.example.com", "SCHEDULER_ENABLED": "false", "ENVIRONMENT": "test"}
    ports = [_free_port(), _free_port()]
    processes = [Process(f"web-{i}", ["serve", "--port", str(port)], env, tmp_path / f"web-{i}.log")
                 for i, port in enumerate(ports)]
    processes += [Process(f"scheduler-{i}", ["scheduler"], env, tmp_path / f"scheduler-{i}.log") for i in range(2)]
    schedulers = processes[2:]
    engine = make_engine(fresh_database)
    try:
        _wait(lambda: all(_ready(port) for port in ports), DEADLINE, "both web processes ready", processes)
        _wait(lambda: sum("scheduler started" in s.output() for s in schedulers) == 1
              and all("scheduler running" in s.output() for s in schedulers), DEADLINE,
              "one active scheduler and one standby", processes)
        for process in processes:
            assert process.handle.poll() is None, process.output()
            assert "UniqueViolation" not in process.output() and "Traceback" not in process.output()

        active = next(s for s in schedulers if "scheduler started" in s.output())
        standby = next(s for s in schedulers if s is not active)
        schedule_once("scale-before", "os:getpid", datetime.now(UTC), [], engine=engine)
        _wait(lambda: not _job_pending(engine, "scale-before"), 20, "the active scheduler to run a due job",
              processes)

        active.handle.kill()  # kill -9: no clean shutdown, PostgreSQL frees its lock when the session ends
        active.handle.wait()
        schedule_once("scale-after", "os:getpid", datetime.now(UTC), [], engine=engine)
        alive = [p for p in processes if p is not active]
        _wait(lambda: "now active" in standby.output(), 30, "the standby to take the lock", alive)
        _wait(lambda: not _job_pending(engine, "scale-after"), 20, "the new active scheduler to run a due job", alive)
        assert all(_ready(port) for port in ports)
    finally:
        for process in processes:
            process.stop()
        engine.dispose()
