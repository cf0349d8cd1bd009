"""Shared by the serving benchmarks: start a server process, wait until it reports ready, and a lean
HTTP/1.1 load generator (raw asyncio streams, requests built before the clock starts), so on a
2-core machine the client takes as little CPU from the server as possible."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent


PACKAGES = ("bot", "handlers", "knowledge", "scheduler")


def compile_bytecode() -> str:
    """Write the project's bytecode (__pycache__) before timing a start, as a deployment has it: pip
    compiles the package it installs (the Docker image), `make run` runs compileall. A start-up
    figure then counts reading modules, not compiling ~300 of them again on every start, which is
    what this machine's PYTHONDONTWRITEBYTECODE=1 would make each start do with an editable install
    (~0.25 s of CPU). Returns the line the benchmark prints about it."""
    import compileall
    import re

    for package in PACKAGES:
        compileall.compile_dir(ROOT / package, quiet=1, rx=re.compile(r"[/\\]eval[/\\]"))
    return f"(project bytecode compiled first, as a deployment has it: {', '.join(PACKAGES)})"


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process and its waited-for children (Linux /proc): on a busy
    machine wall time mostly measures the neighbours, CPU time what this process needed."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return sum(int(v) for v in fields[11:15]) / os.sysconf("SC_CLK_TCK")


def tree_cpu_seconds(pid: int) -> float:
    """CPU seconds of a process and all its live descendants (uvicorn's worker processes)."""
    total, pending = 0.0, [pid]
    while pending:
        current = pending.pop()
        try:
            total += cpu_seconds(current)
            for task in Path(f"/proc/{current}/task").iterdir():
                pending += [int(c) for c in (task / "children").read_text().split()]
        except (FileNotFoundError, ProcessLookupError):
            continue
    return total


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_ready(port: int, path: str = "/readyz", timeout: float = 300.0, process: subprocess.Popen | None = None,
               ) -> float:
    """Seconds until GET `path` answers 200 (polled every 20 ms)."""
    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        if process is not None and process.poll() is not None:
            log = getattr(process, "log_path", None)
            tail = log.read_text(encoding="utf-8", errors="replace")[-2000:] if log else ""
            raise SystemExit(f"server exited with {process.returncode}\n{tail}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}{path}", timeout=1).status_code == 200:
                return time.perf_counter() - started
        except httpx.HTTPError:
            pass
        time.sleep(0.02)
    raise SystemExit(f"not ready after {timeout:.0f} s")


def start(args: list[str], env: dict[str, str], log: Path | None = None) -> subprocess.Popen[bytes]:
    output = log.open("wb") if log is not None else subprocess.DEVNULL
    process = subprocess.Popen([sys.executable, *args], cwd=ROOT, env={**os.environ, **env}, stdout=output,
                               stderr=subprocess.STDOUT, start_new_session=True)
    process.log_path = log  # type: ignore[attr-defined]
    return process


def stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


@contextmanager
def fresh_postgres(admin_url: str) -> Iterator[str]:
    """A new, empty database on the server of `admin_url`, dropped afterwards."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    name = f"bench_{uuid.uuid4().hex[:10]}"
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@dataclass
class LoadResult:
    requests: int
    seconds: float
    latencies: list[float]
    errors: int
    statuses: dict[int, int]
    server_cpu: float = 0.0  # CPU seconds the server spent during the run
    reported: dict[float, float] = field(default_factory=dict)  # percentiles a generator computed (wrk)
    repeated: int = 0  # requests sent again because the generator ran out (wrk)

    @property
    def rate(self) -> float:
        return self.requests / self.seconds

    def percentile(self, share: float) -> float:
        if share in self.reported:
            return self.reported[share]
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(len(ordered) * share))] if ordered else float("nan")

    def line(self, label: str) -> str:
        return (f"  {label:<22} {self.rate:7.0f} requests/s   p50 {self.percentile(0.5) * 1000:6.1f} ms   "
                f"p99 {self.percentile(0.99) * 1000:6.1f} ms   errors {self.errors}")


def form_request(path: str, body: bytes, headers: dict[str, str] | None = None) -> bytes:
    head = [f"POST {path} HTTP/1.1", "Host: 127.0.0.1", "Content-Type: application/x-www-form-urlencoded",
            f"Content-Length: {len(body)}"]
    head += [f"{k}: {v}" for k, v in (headers or {}).items()]
    return ("\r\n".join(head) + "\r\n\r\n").encode() + body


async def _connection(port: int, queue: Iterator[bytes], result: LoadResult) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        for request in queue:
            started = time.perf_counter()
            writer.write(request)
            status_line = await reader.readline()
            length = 0
            while True:
                line = await reader.readline()
                if line in (b"\r\n", b""):
                    break
                name, _, value = line.partition(b":")
                if name.strip().lower() == b"content-length":
                    length = int(value)
            if length:
                await reader.readexactly(length)
            result.latencies.append(time.perf_counter() - started)
            parts = status_line.split()
            status = int(parts[1]) if len(parts) > 1 else 0
            result.statuses[status] = result.statuses.get(status, 0) + 1
            if status != 200:
                result.errors += 1
    finally:
        writer.close()


def blast(port: int, requests: list[bytes], concurrency: int) -> LoadResult:
    """Send `requests` over `concurrency` keep-alive connections, as fast as they are answered."""
    result = LoadResult(len(requests), 0.0, [], 0, {})
    queue = iter(requests)

    async def run() -> None:
        await asyncio.gather(*(_connection(port, queue, result) for _ in range(concurrency)))

    started = time.perf_counter()
    asyncio.run(run())
    result.seconds = time.perf_counter() - started
    return result
