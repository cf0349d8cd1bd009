"""A local fake of Twilio's Messages REST API, for tests and benchmarks, used by the REAL twilio client.

Serves POST /2010-04-01/Accounts/{AccountSid}/Messages.json the way Twilio does: form-encoded input,
201 with the message resource as JSON (a fresh `SM...` sid, status `queued`, segment count), or
Twilio's error JSON (`code`, `message`, `more_info`, `status`) for numbers told to fail. Every request
is recorded (all form fields, so `ContentSid` and `ContentVariables` of template sends too) so tests can
count and inspect what each number received; `templates()` gives template sends with parsed variables.
Templates: a `ContentSid` that is not `HX` + 32 hex digits is refused with 21655, `ContentVariables`
that are not a JSON object of strings with 21656. With `enforce_window` on, free text (no ContentSid)
to a WhatsApp number not in `window_open` is refused with 63016, as WhatsApp does outside the window.

Run standalone (benchmarks): `python -m tests.fakes.fake_twilio --port 8765 [--fail +972...:21610]`.
Control endpoints: GET /_fake/stats, GET /_fake/requests, POST /_fake/fail (to, code, status), POST /_fake/reset.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import re
import secrets
import socket
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.utils import formatdate
from typing import Any
from urllib.parse import parse_qsl

import uvicorn
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from starlette.routing import Route

ERROR_MESSAGES = {
    21211: "The 'To' number {to} is not a valid phone number.",
    21408: "Permission to send an SMS has not been enabled for the region indicated by the 'To' number: {to}.",
    21610: "Attempt to send to unsubscribed recipient",
    21614: "'To' number is not a valid mobile number",
    20429: "Too Many Requests",
    63016: "Failed to send freeform message because you are outside the allowed window.",
    21655: "The ContentSid is Invalid",
    21656: "The ContentVariables Parameter is invalid",
}
CONTENT_SID = re.compile(r"^HX[0-9a-fA-F]{32}$")


def _bad_variables(raw: str) -> bool:
    if not raw:
        return False
    try:
        data = json.loads(raw)
    except ValueError:
        return True
    return not isinstance(data, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in data.items())


@dataclass
class Failure:
    code: int
    status: int = 400


@dataclass
class FakeTwilioState:
    """What the fake has received and how it is told to answer; safe to read from another thread."""

    failures: dict[str, Failure] = field(default_factory=dict)
    requests: list[dict[str, str]] = field(default_factory=list)
    latency: float = 0.0                                   # seconds before every answer
    slow: dict[str, float] = field(default_factory=dict)   # extra seconds before answering these numbers
    enforce_window: bool = False                           # WhatsApp free text only to `window_open` numbers
    window_open: set[str] = field(default_factory=set)     # E.164 numbers inside the 24-hour window
    lock: threading.Lock = field(default_factory=threading.Lock)
    _ids: Iterator[int] = field(default_factory=lambda: itertools.count(1))
    _prefix: str = field(default_factory=lambda: secrets.token_hex(6))

    def fail(self, to: str, code: int, status: int = 400) -> None:
        with self.lock:
            self.failures[to] = Failure(code, status)

    def reset(self) -> None:
        with self.lock:
            self.failures.clear()
            self.slow.clear()
            self.requests.clear()
            self.latency = 0.0
            self.enforce_window = False
            self.window_open.clear()

    def templates(self) -> list[dict[str, Any]]:
        """Template sends: To, ContentSid and the parsed ContentVariables, in arrival order."""
        with self.lock:
            return [{"To": r["To"], "ContentSid": r["ContentSid"],
                     "ContentVariables": json.loads(r.get("ContentVariables") or "{}")}
                    for r in self.requests if r.get("ContentSid")]

    def by_to(self) -> Counter[str]:
        with self.lock:
            return Counter(r["To"] for r in self.requests)

    def count(self) -> int:
        with self.lock:
            return len(self.requests)

    def new_sid(self) -> str:
        with self.lock:
            number = next(self._ids)
        return f"SM{self._prefix}{number:020x}"


def _segments(body: str) -> int:
    """Twilio's NumSegments, estimated cheaply (the fake's CPU is not what is being measured)."""
    single, multi = (160, 153) if body.isascii() else (70, 67)
    return 1 if len(body) <= single else -(-len(body) // multi)


def _error(code: int, status: int, to: str) -> JSONResponse:
    message = ERROR_MESSAGES.get(code, "The request could not be processed").format(to=to)
    return JSONResponse({"code": code, "message": message, "more_info": f"https://www.twilio.com/docs/errors/{code}",
                         "status": status}, status_code=status)


def create_app(state: FakeTwilioState) -> FastAPI:
    app = FastAPI(title="fake twilio")

    async def create_message(request: Request) -> JSONResponse:
        # A plain Starlette route with urlencoded parsing by hand: the fake must answer in well under a
        # millisecond so benchmarks measure the dispatcher, not the stand-in for Twilio.
        account_sid = request.path_params["account_sid"]
        form = dict(parse_qsl((await request.body()).decode("utf-8"), keep_blank_values=True))
        to, from_ = form.get("To", ""), form.get("From", "")
        with state.lock:
            state.requests.append({**form, "AccountSid": account_sid, "at": f"{time.time():.6f}"})
            failure = state.failures.get(to) or state.failures.get(to.removeprefix("whatsapp:"))
            window_closed = (state.enforce_window and to.startswith("whatsapp:")
                             and to.removeprefix("whatsapp:") not in state.window_open)
        delay = state.latency + state.slow.get(to, 0.0)
        if delay:
            await asyncio.sleep(delay)
        if not to:
            return _error(21604, 400, to)
        if not from_ and not form.get("MessagingServiceSid"):
            return _error(21603, 400, to)
        content_sid = form.get("ContentSid", "")
        if not form.get("Body") and not content_sid:
            return _error(21602, 400, to)
        if content_sid and not CONTENT_SID.match(content_sid):
            return _error(21655, 400, to)
        if content_sid and _bad_variables(form.get("ContentVariables", "")):
            return _error(21656, 400, to)
        if failure is not None:
            return _error(failure.code, failure.status, to)
        if window_closed and not content_sid:
            return _error(63016, 400, to)
        sid = state.new_sid()
        now = formatdate(usegmt=True)
        body = form.get("Body", "")
        return JSONResponse(status_code=201, content={
            "account_sid": account_sid, "api_version": "2010-04-01", "body": body, "date_created": now,
            "date_sent": None, "date_updated": now, "direction": "outbound-api", "error_code": None,
            "error_message": None, "from": from_, "messaging_service_sid": form.get("MessagingServiceSid"),
            "num_media": "0", "num_segments": str(_segments(body)), "price": None, "price_unit": "USD",
            "sid": sid, "status": "queued", "to": to,
            "subresource_uris": {"media": f"/2010-04-01/Accounts/{account_sid}/Messages/{sid}/Media.json"},
            "uri": f"/2010-04-01/Accounts/{account_sid}/Messages/{sid}.json",
        })

    app.router.routes.insert(0, Route("/2010-04-01/Accounts/{account_sid}/Messages.json", create_message,
                                      methods=["POST"]))

    @app.get("/_fake/stats")
    def stats() -> dict[str, Any]:
        by_to = state.by_to()
        return {"count": sum(by_to.values()), "numbers": len(by_to), "max_per_number": max(by_to.values(), default=0),
                "by_to": dict(by_to)}

    @app.get("/_fake/requests")
    def requests_() -> list[dict[str, str]]:
        with state.lock:
            return list(state.requests)

    @app.post("/_fake/fail")
    async def fail(request: Request) -> dict[str, str]:
        data = await request.json()
        state.fail(str(data["to"]), int(data["code"]), int(data.get("status", 400)))
        return {"ok": "1"}

    @app.post("/_fake/reset")
    def reset() -> dict[str, str]:
        state.reset()
        return {"ok": "1"}

    return app


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class RunningFake:
    base_url: str
    state: FakeTwilioState


@contextmanager
def running_fake_twilio(state: FakeTwilioState | None = None) -> Iterator[RunningFake]:
    """Serve the fake on 127.0.0.1 (free port) in a thread for the duration of the block."""
    state = state or FakeTwilioState()
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(state), host="127.0.0.1", port=port, log_level="warning",
                                           access_log=False, lifespan="off"))
    thread = threading.Thread(target=server.run, daemon=True, name="fake-twilio")
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("fake twilio did not start")
        time.sleep(0.01)
    try:
        yield RunningFake(f"http://127.0.0.1:{port}", state)
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def main() -> None:
    parser = argparse.ArgumentParser(description="Fake Twilio Messages API on 127.0.0.1")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--fail", action="append", default=[], help="NUMBER:CODE, e.g. +972502345678:21610")
    args = parser.parse_args()
    state = FakeTwilioState()
    for item in args.fail:
        number, _, code = item.rpartition(":")
        state.fail(number, int(code))
    uvicorn.run(create_app(state), host=args.host, port=args.port, log_level="warning", access_log=False)


if __name__ == "__main__":
    main()
