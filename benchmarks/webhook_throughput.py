"""Webhook throughput: signed Twilio inbound requests over loopback at a fixed concurrency.

Starts `bot serve` (uvicorn, one worker, console channel, a fresh SQLite database) in a
subprocess, sends N signed requests from M concurrent clients, and prints requests per second
and p50/p99 latency. Usage: .venv/bin/python benchmarks/webhook_throughput.py [--requests 2000] [--concurrency 16]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
from twilio.request_validator import RequestValidator

ROOT = Path(__file__).resolve().parent.parent
TOKEN = "bench-auth-token-0123456789abcdef"
BASE = "https://bot.example.com"
PATH = "/webhooks/twilio/messages"
QUESTIONS = ["מה שעות התמיכה?", "how much is the advanced plan?", "можно перенести программу на новый компьютер?",
             "hello", "what is the capital of France?"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(port: int, data: Path, database_url: str | None) -> subprocess.Popen[bytes]:
    env = {**os.environ, "DATABASE_URL": database_url or f"sqlite:///{data / 'bench.db'}", "TWILIO_AUTH_TOKEN": TOKEN,
           "PUBLIC_BASE_URL": BASE, "CHANNEL": "console", "LOG_LEVEL": "WARNING", "DATA_DIR": str(data),
           "SCHEDULER_ENABLED": "false"}
    process = subprocess.Popen([sys.executable, "-m", "bot", "serve", "--port", str(port)], cwd=ROOT, env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                return process
        except httpx.HTTPError:
            time.sleep(0.2)
    process.kill()
    raise SystemExit("server did not start")


async def run(port: int, total: int, concurrency: int) -> list[float]:
    validator = RequestValidator(TOKEN)
    latencies: list[float] = []
    counter = iter(range(total))

    async def worker(client: httpx.AsyncClient) -> None:
        for index in counter:
            sender = f"+9725023{index % 100000:05d}"
            form = {"MessageSid": f"SM{index:032x}", "From": f"whatsapp:{sender}", "To": "whatsapp:+972500000001",
                    "Body": QUESTIONS[index % len(QUESTIONS)], "NumMedia": "0"}
            signature = validator.compute_signature(f"{BASE}{PATH}", form)
            started = time.perf_counter()
            response = await client.post(PATH, data=form, headers={"X-Twilio-Signature": signature})
            latencies.append(time.perf_counter() - started)
            if response.status_code != 200:
                raise SystemExit(f"unexpected {response.status_code}: {response.text[:200]}")

    async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=30) as client:
        await asyncio.gather(*(worker(client) for _ in range(concurrency)))
    return latencies


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--database-url", default=None, help="default: a fresh SQLite file (use an empty database)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        port = free_port()
        server = start_server(port, Path(tmp), args.database_url)
        try:
            asyncio.run(run(port, 50, 4))  # warm-up
            started = time.perf_counter()
            latencies = asyncio.run(run(port, args.requests, args.concurrency))
            elapsed = time.perf_counter() - started
        finally:
            server.terminate()
            server.wait(timeout=10)
    latencies.sort()
    p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))]
    backend = "PostgreSQL" if args.database_url and args.database_url.startswith("postgres") else "SQLite"
    print(f"webhook: {args.requests} signed requests, concurrency {args.concurrency}, 1 worker, {backend}")
    print(f"  throughput: {args.requests / elapsed:.0f} requests/s")
    print(f"  latency p50: {statistics.median(latencies) * 1000:.1f} ms   p99: {p99 * 1000:.1f} ms")


if __name__ == "__main__":
    main()
