"""Signed webhook load against a real `bot serve` process, acting as Twilio does, and the audit after.

Shared by the durability tests and `benchmarks/durability_kill.py` / `benchmarks/durability_outage.py`.
Each message comes from its own number, so its answer is found either in the TwiML of the one 200
response it got or among the REST sends the fake Twilio received for that number. Like Twilio with
a retry policy, a request that gets no answer, a connection error or a 5xx is sent again (same
MessageSid) until it gets a 200.
"""

from __future__ import annotations

import asyncio
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import text
from sqlalchemy.engine import Engine
from twilio.request_validator import RequestValidator

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "durability-auth-token-0123456789abcdef"
ACCOUNT = "AC" + "d" * 32
BASE = "https://bot.example.com"
PATH = "/webhooks/twilio/messages"
TO = "+972500000001"  # msg-software's number
QUESTIONS = ["What are your support hours?", "how much is the advanced plan?", "מה שעות התמיכה?",
             "можно перенести программу на новый компьютер?", "do you have a refund policy?"]
MESSAGE = re.compile(r"<Message>(.*?)</Message>", re.S)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def sender(index: int) -> str:
    return f"+97250{4000000 + index:07d}"


def sid(run: str, index: int) -> str:
    return f"SM{run}{index:024x}"[:34]


@dataclass
class Server:
    """`bot serve` in a subprocess (one worker), the Twilio channel pointed at the fake."""

    database_url: str
    data_dir: Path
    twilio_base: str
    port: int = field(default_factory=free_port)
    process: subprocess.Popen[bytes] | None = None

    def env(self) -> dict[str, str]:
        return {**os.environ, "DATABASE_URL": self.database_url, "TWILIO_AUTH_TOKEN": TOKEN,
                "TWILIO_ACCOUNT_SID": ACCOUNT, "TWILIO_API_BASE": self.twilio_base, "CHANNEL": "twilio",
                "PUBLIC_BASE_URL": BASE, "LOG_LEVEL": "WARNING", "DATA_DIR": str(self.data_dir),
                "SCHEDULER_ENABLED": "false", "TWILIO_STATUS_CALLBACK": "false", "OPENAI_API_KEY": "",
                "RATE_LIMITS_ENABLED": "false",
                # not development: its demo traffic would be written in the background once ready,
                # beside the load (SQLite's write lock, the audit's rows)
                "ENVIRONMENT": "test"}

    def start(self, timeout: float = 300.0) -> None:
        log = open(self.data_dir / "server.log", "ab")  # noqa: SIM115 (kept open by the child)
        self.process = subprocess.Popen([sys.executable, "-m", "bot", "serve", "--port", str(self.port)],
                                        cwd=ROOT, env=self.env(), stdout=log, stderr=log)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited with {self.process.returncode}; see {self.data_dir}/server.log")
            try:
                if httpx.get(f"http://127.0.0.1:{self.port}/healthz", timeout=1).status_code in (200, 503):
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        self.kill()
        raise RuntimeError("server did not start")

    def kill(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGKILL)
            self.process.wait()

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill()


@dataclass
class Outcome:
    replies: dict[int, str | None] = field(default_factory=dict)   # index -> TwiML reply of its 200 (None: empty)
    attempts: Counter[int] = field(default_factory=Counter)
    statuses: Counter[int] = field(default_factory=Counter)
    latencies: list[float] = field(default_factory=list)


class Load:
    """`total` messages from `concurrency` clients; every message is retried until it gets a 200."""

    def __init__(self, port: int, total: int, concurrency: int, run: str, rate: float = 0.0) -> None:
        self.port, self.total, self.concurrency, self.run, self.rate = port, total, concurrency, run, rate
        self.outcome = Outcome()
        self.validator = RequestValidator(TOKEN)
        self.thread: threading.Thread | None = None

    def form(self, index: int) -> dict[str, str]:
        return {"MessageSid": sid(self.run, index), "AccountSid": ACCOUNT, "From": f"whatsapp:{sender(index)}",
                "To": f"whatsapp:{TO}", "Body": QUESTIONS[index % len(QUESTIONS)], "NumMedia": "0",
                "ApiVersion": "2010-04-01"}

    async def _one(self, client: httpx.AsyncClient, index: int) -> None:
        form = self.form(index)
        headers = {"X-Twilio-Signature": self.validator.compute_signature(f"{BASE}{PATH}", form)}
        while True:
            self.outcome.attempts[index] += 1
            started = time.perf_counter()
            try:
                response = await client.post(f"http://127.0.0.1:{self.port}{PATH}", data=form, headers=headers)
            except httpx.HTTPError:
                self.outcome.statuses[0] += 1
                await asyncio.sleep(0.2)
                continue
            self.outcome.statuses[response.status_code] += 1
            if response.status_code == 200:
                self.outcome.latencies.append(time.perf_counter() - started)
                found = MESSAGE.search(response.text)
                self.outcome.replies[index] = found.group(1) if found else None
                return
            await asyncio.sleep(0.5)

    async def _main(self) -> None:
        queue: asyncio.Queue[int] = asyncio.Queue()
        for index in range(self.total):
            queue.put_nowait(index)

        async def client_loop() -> None:
            async with httpx.AsyncClient(timeout=20) as client:
                while not queue.empty():
                    await self._one(client, queue.get_nowait())
                    if self.rate:
                        await asyncio.sleep(self.concurrency / self.rate)

        await asyncio.gather(*(client_loop() for _ in range(self.concurrency)))

    def start(self) -> None:
        self.thread = threading.Thread(target=lambda: asyncio.run(self._main()), daemon=True, name="load")
        self.thread.start()

    def done(self) -> int:
        return len(self.outcome.replies)

    def join(self, timeout: float) -> None:
        assert self.thread is not None
        self.thread.join(timeout)
        if self.thread.is_alive():
            raise RuntimeError(f"load did not finish: {self.done()} of {self.total} answered 200")


def unfinished_jobs(engine: Engine) -> int:
    with engine.connect() as connection:
        return int(connection.execute(text(
            "SELECT count(*) FROM replyjob WHERE state IN ('pending', 'claimed', 'sending')")).scalar_one())


def wait_quiet(engine: Engine, timeout: float) -> None:
    """Until no reply job is left unfinished (the sweep answers orphaned claims after their lease)."""
    deadline = time.monotonic() + timeout
    while unfinished_jobs(engine) and time.monotonic() < deadline:
        time.sleep(0.5)


@dataclass
class Audit:
    messages: int
    stored: int
    answered_once: int
    never: list[int]
    twice: list[int]
    job_states: Counter[str]
    rest_answers: int
    twiml_answers: int

    def ok(self) -> bool:
        return self.stored == self.messages == self.answered_once and not self.never and not self.twice

    def lines(self) -> list[str]:
        return [f"messages sent: {self.messages}; stored once each: {self.stored}",
                f"answered exactly once: {self.answered_once} (TwiML {self.twiml_answers}, REST {self.rest_answers})",
                f"never answered: {len(self.never)}; answered twice or more: {len(self.twice)}",
                f"reply jobs by state: {dict(self.job_states)}"]


def settle(database_url: str, load: Load, fake: Any, *, load_timeout: float, quiet_timeout: float) -> Audit:
    """Wait for every message to get its 200 and every reply job to finish, then audit."""
    from bot.core.db import make_engine

    load.join(timeout=load_timeout)
    engine = make_engine(database_url)
    try:
        wait_quiet(engine, timeout=quiet_timeout)
        with fake.state.lock:
            sends = list(fake.state.requests)
        return audit(engine, load, sends)
    finally:
        engine.dispose()


def audit(engine: Engine, load: Load, rest_sends: list[dict[str, str]]) -> Audit:
    """Each message: stored exactly once, and its answers (TwiML of its 200 + REST sends) count one."""
    sids = {sid(load.run, i): i for i in range(load.total)}
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT provider_sid FROM message WHERE direction = 'inbound'")).scalars()
        stored = Counter(sids[s] for s in rows if s in sids)
        states = Counter(str(s) for s in connection.execute(text("SELECT state FROM replyjob")).scalars())
    rest = Counter(r["To"].removeprefix("whatsapp:") for r in rest_sends)
    never, twice, once = [], [], 0
    twiml = 0
    for index in range(load.total):
        answers = rest[sender(index)] + (1 if load.outcome.replies.get(index) else 0)
        twiml += 1 if load.outcome.replies.get(index) else 0
        if answers == 0:
            never.append(index)
        elif answers > 1:
            twice.append(index)
        else:
            once += 1
    stored_once = sum(1 for i in range(load.total) if stored[i] == 1)
    return Audit(load.total, stored_once, once, never, twice, states, sum(rest.values()), twiml)
