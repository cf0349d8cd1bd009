"""Webhook throughput: signed Twilio inbound messages over loopback, measured from the moment the
server reports ready, against a bare FastAPI app measured in the same run.

Starts `bot serve` (console channel, a fresh SQLite file or a fresh PostgreSQL database), waits for
/readyz, and sends N signed requests (each a new message; 500 customers asking the five demo
questions in turn) over C keep-alive connections: no warm-up, the first request goes out as soon as
the server says ready. Then the same load against `benchmarks/bare_app.py` on the same uvicorn.

Usage:
  .venv/bin/python benchmarks/webhook_throughput.py [--requests 3000] [--concurrency 32]
  .venv/bin/python benchmarks/webhook_throughput.py --postgres postgresql+psycopg://postgres@127.0.0.1:5432/test \
      --workers 1 2     # a fresh database per run; prints each worker count and the ratio
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
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


def signed_requests(total: int, offset: int = 0) -> list[bytes]:
    validator = RequestValidator(TOKEN)
    out = []
    for index in range(offset, offset + total):
        form = {"MessageSid": f"SM{index:032x}", "From": f"whatsapp:+9725023{index % 500:05d}",
                "To": "whatsapp:+972500000001", "Body": QUESTIONS[index % len(QUESTIONS)], "NumMedia": "0"}
        signature = validator.compute_signature(f"{BASE}{PATH}", form)
        out.append(form_request(PATH, urlencode(form).encode(), {"X-Twilio-Signature": signature}))
    return out


def run_bot(database_url: str, data: Path, workers: int, requests: list[bytes], concurrency: int,
            ) -> tuple[float, LoadResult]:
    port = free_port()
    env = {"DATABASE_URL": database_url, "TWILIO_AUTH_TOKEN": TOKEN, "PUBLIC_BASE_URL": BASE, "CHANNEL": "console",
           "LOG_LEVEL": "WARNING", "DATA_DIR": str(data), "SCHEDULER_ENABLED": "false", "ENVIRONMENT": "development"}
    server = start(["-m", "bot", "serve", "--port", str(port), "--workers", str(workers)], env, data / "serve.log")
    try:
        ready = wait_ready(port, process=server)
        before = tree_cpu_seconds(server.pid)
        result = blast(port, requests, concurrency)
        result.server_cpu = tree_cpu_seconds(server.pid) - before
        return ready, result
    finally:
        stop(server)


def run_bare(requests: list[bytes], concurrency: int) -> LoadResult:
    port = free_port()
    server = start(["-m", "uvicorn", "benchmarks.bare_app:app", "--port", str(port), "--log-level", "warning"], {})
    try:
        wait_ready(port, process=server)
        before = tree_cpu_seconds(server.pid)
        result = blast(port, requests, concurrency)
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
    args = parser.parse_args()
    requests = signed_requests(args.requests)
    backend = "PostgreSQL" if args.postgres else "SQLite"
    print(f"webhook: {args.requests} signed requests, {args.concurrency} connections, {backend}, measured from ready")
    rates: dict[int, float] = {}
    for workers in args.workers:
        with tempfile.TemporaryDirectory() as tmp:
            data = Path(tmp)
            if args.postgres:
                with fresh_postgres(args.postgres) as url:
                    ready, result = run_bot(url, data, workers, requests, args.concurrency)
            else:
                ready, result = run_bot(f"sqlite:///{data / 'bench.db'}", data, workers, requests, args.concurrency)
        rates[workers] = result.rate
        print(result.line(f"bot, {workers} worker{'s' if workers > 1 else ''}") + f"   (ready in {ready:.1f} s)")
        print(f"    server CPU {result.server_cpu / result.requests * 1000:.2f} ms a request")
        if result.errors:
            print(f"    statuses: {result.statuses}")
    if len(rates) > 1:
        first = rates[args.workers[0]]
        for workers, rate in rates.items():
            print(f"  {workers} workers / {args.workers[0]}: {rate / first:.2f}x")
    if not args.no_bare:
        bare = run_bare(requests, args.concurrency)
        print(bare.line("bare FastAPI") + f"   server CPU {bare.server_cpu / bare.requests * 1000:.2f} ms a request")
        print(f"  bot / bare FastAPI: {rates[args.workers[0]] / bare.rate:.2f}x")
    print(f"  (load average after the run: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)")


if __name__ == "__main__":
    main()
