"""Webhook throughput: signed Twilio inbound messages over loopback, measured from the moment the
server reports ready, against a bare FastAPI app measured in the same run.

Starts `bot serve` (console channel, a fresh SQLite file or a fresh PostgreSQL database), waits for
/readyz, and sends N signed requests (each a new message; 500 customers asking the five demo
questions in turn) over C keep-alive connections: no warm-up, the first request goes out as soon as
the server says ready. Then the same load against `benchmarks/bare_app.py` on the same uvicorn.

The load generator is `wrk` when it is installed (Debian: `apt-get install wrk`): written in C, it
takes far less of a 2-core machine's CPU from the server than the Python generator
(benchmarks/serving.py), which is the fallback (`--loadgen python` forces it). wrk replays the
same pre-signed bodies (benchmarks/wrk_signed.lua) for `--duration` seconds instead of a fixed
count; give it enough `--requests` that none is sent twice (the output says if some were).

Usage:
  .venv/bin/python benchmarks/webhook_throughput.py [--requests 3000] [--concurrency 32] [--loadgen wrk]
  .venv/bin/python benchmarks/webhook_throughput.py --postgres postgresql+psycopg://postgres@127.0.0.1:5432/test \
      --workers 1 2     # a fresh database per run; prints each worker count and the ratio
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from twilio.request_validator import RequestValidator  # noqa: E402

from benchmarks.serving import (  # noqa: E402
    LoadResult,
    blast,
    form_request,
    free_port,
    fresh_postgres,
    start,
    stop,
    tree_cpu_seconds,
    wait_ready,
)

TOKEN = "bench-auth-token-0123456789abcdef"
BASE = "https://bot.example.com"
PATH = "/webhooks/twilio/messages"
QUESTIONS = ["מה שעות התמיכה?", "how much is the advanced plan?", "можно перенести программу на новый компьютер?",
             "hello", "what is the capital of France?"]


WRK_SCRIPT = Path(__file__).resolve().parent / "wrk_signed.lua"


def signed_forms(total: int, offset: int = 0) -> list[tuple[str, bytes]]:
    """(X-Twilio-Signature, urlencoded body) of `total` distinct messages."""
    validator = RequestValidator(TOKEN)
    out = []
    for index in range(offset, offset + total):
        form = {"MessageSid": f"SM{index:032x}", "From": f"whatsapp:+9725023{index % 500:05d}",
                "To": "whatsapp:+972500000001", "Body": QUESTIONS[index % len(QUESTIONS)], "NumMedia": "0"}
        out.append((validator.compute_signature(f"{BASE}{PATH}", form), urlencode(form).encode()))
    return out


def signed_requests(total: int, offset: int = 0) -> list[bytes]:
    return [form_request(PATH, body, {"X-Twilio-Signature": signature})
            for signature, body in signed_forms(total, offset)]


@dataclass
class Load:
    """How to load a server: the Python generator (`requests`) or wrk (`forms` for `duration` s)."""

    concurrency: int
    requests: list[bytes]
    forms: list[tuple[str, bytes]]
    wrk: str | None = None
    duration: float = 15.0
    threads: int = 2

    def run(self, port: int) -> LoadResult:
        return self._wrk(port) if self.wrk else blast(port, self.requests, self.concurrency)

    def _wrk(self, port: int) -> LoadResult:
        with tempfile.NamedTemporaryFile("w", suffix=".tsv", delete=False) as handle:
            for signature, body in self.forms:
                handle.write(f"{signature}\t{body.decode()}\n")
        try:
            output = subprocess.run(
                [str(self.wrk), f"-t{self.threads}", f"-c{self.concurrency}", f"-d{self.duration:g}s",
                 "--timeout", "30s", "-s", str(WRK_SCRIPT), f"http://127.0.0.1:{port}", "--", handle.name, PATH,
                 str(self.threads)], capture_output=True, text=True, check=True).stdout
        finally:
            os.unlink(handle.name)
        line = next(line for line in output.splitlines() if line.startswith("WRK "))
        stats = json.loads(line[4:])
        errors = stats["status_errors"] + stats["socket_errors"]
        return LoadResult(stats["requests"], stats["duration_us"] / 1e6, [], errors, {0: errors} if errors else {},
                          reported={0.5: stats["p50_us"] / 1e6, 0.99: stats["p99_us"] / 1e6},
                          repeated=stats["wrapped"])


def wait_idle(pid: int, timeout: float = 180.0) -> None:
    """Until the server's processes use under a tenth of a core for a second (every worker started),
    so a scaling figure compares serving, not a worker still loading its indexes."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        before = tree_cpu_seconds(pid)
        time.sleep(1.0)
        if tree_cpu_seconds(pid) - before < 0.1:
            return


def run_bot(database_url: str, data: Path, workers: int, load: Load) -> tuple[float, LoadResult]:
    port = free_port()
    # ENVIRONMENT=test: development writes its demo traffic in the background once ready, inside the window
    env = {"DATABASE_URL": database_url, "TWILIO_AUTH_TOKEN": TOKEN, "PUBLIC_BASE_URL": BASE, "CHANNEL": "console",
           "LOG_LEVEL": "WARNING", "DATA_DIR": str(data), "SCHEDULER_ENABLED": "false", "ENVIRONMENT": "test"}
    server = start(["-m", "bot", "serve", "--port", str(port), "--workers", str(workers)], env, data / "serve.log")
    try:
        ready = wait_ready(port, process=server)
        if workers > 1:  # /readyz answers when one worker is ready: let the others finish starting first
            wait_idle(server.pid)
        before = tree_cpu_seconds(server.pid)
        result = load.run(port)
        result.server_cpu = tree_cpu_seconds(server.pid) - before
        return ready, result
    finally:
        stop(server)


def run_bare(load: Load) -> LoadResult:
    port = free_port()
    server = start(["-m", "uvicorn", "benchmarks.bare_app:app", "--port", str(port), "--log-level", "warning"], {})
    try:
        wait_ready(port, process=server)
        before = tree_cpu_seconds(server.pid)
        result = load.run(port)
        result.server_cpu = tree_cpu_seconds(server.pid) - before
        return result
    finally:
        stop(server)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=3000)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--postgres", default=None, help="admin URL of a PostgreSQL server (a fresh database per run)")
    parser.add_argument("--workers", type=int, nargs="+", default=[1])
    parser.add_argument("--no-bare", action="store_true", help="skip the bare FastAPI yardstick")
    parser.add_argument("--loadgen", choices=["auto", "wrk", "python"], default="auto",
                        help="wrk when installed (auto), else the Python generator")
    parser.add_argument("--duration", type=float, default=15.0, help="seconds of load (wrk only)")
    parser.add_argument("--wrk-threads", type=int, default=2)
    args = parser.parse_args()
    wrk = shutil.which("wrk") if args.loadgen != "python" else None
    if args.loadgen == "wrk" and wrk is None:
        raise SystemExit("wrk is not installed (Debian: apt-get install wrk)")
    forms = signed_forms(args.requests)
    load = Load(args.concurrency, [] if wrk else signed_requests(args.requests), forms, wrk, args.duration,
                args.wrk_threads)
    backend = "PostgreSQL" if args.postgres else "SQLite"
    what = (f"wrk, {args.duration:g} s over {args.requests} distinct signed requests" if wrk
            else f"{args.requests} signed requests")
    print(f"webhook: {what}, {args.concurrency} connections, {backend}, measured from ready")
    rates: dict[int, float] = {}
    for workers in args.workers:
        with tempfile.TemporaryDirectory() as tmp:
            data = Path(tmp)
            if args.postgres:
                with fresh_postgres(args.postgres) as url:
                    ready, result = run_bot(url, data, workers, load)
            else:
                ready, result = run_bot(f"sqlite:///{data / 'bench.db'}", data, workers, load)
        rates[workers] = result.rate
        print(result.line(f"bot, {workers} worker{'s' if workers > 1 else ''}") + f"   (ready in {ready:.1f} s)")
        print(f"    server CPU {result.server_cpu / result.requests * 1000:.2f} ms a request")
        if result.errors:
            print(f"    statuses: {result.statuses}")
        if result.repeated:
            print(f"    {result.repeated} times a wrk thread ran out and started its bodies again (redeliveries, "
                  "cheaper than turns): raise --requests")
    if len(rates) > 1:
        first = rates[args.workers[0]]
        for workers, rate in rates.items():
            print(f"  {workers} workers / {args.workers[0]}: {rate / first:.2f}x")
    if not args.no_bare:
        bare = run_bare(load)
        print(bare.line("bare FastAPI") + f"   server CPU {bare.server_cpu / bare.requests * 1000:.2f} ms a request")
        print(f"  bot / bare FastAPI: {rates[args.workers[0]] / bare.rate:.2f}x")
    print(f"  (load average after the run: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)")


if __name__ == "__main__":
    main()
