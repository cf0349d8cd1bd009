"""A small local Telegram Bot API server: aiogram talks to it over HTTP exactly as to the real one.

It records every call, answers the methods the staff bot uses, serves queued updates to long
polling, and can play an outage (`down = True`: every call gets 502 Bad Gateway).
"""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import uvicorn
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

BOT_USER = {"id": 42, "is_bot": True, "first_name": "SupportBot", "username": "support_test_bot"}


@dataclass
class Call:
    method: str
    params: dict[str, Any]
    ok: bool = True


@dataclass
class FakeTelegram:
    calls: list[Call] = field(default_factory=list)
    updates: list[dict[str, Any]] = field(default_factory=list)
    messages: dict[tuple[str, int], dict[str, Any]] = field(default_factory=dict)
    down: bool = False
    url: str = ""
    _next_id: int = 100
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def sent(self, chat_id: str | None = None) -> list[dict[str, Any]]:
        """Messages the bot posted (oldest first)."""
        return [c.params for c in self.calls if c.method == "sendMessage" and c.ok
                and (chat_id is None or str(c.params.get("chat_id")) == chat_id)]

    def called(self, method: str) -> list[dict[str, Any]]:
        return [c.params for c in self.calls if c.method == method]

    def wait_for(self, predicate: Any, timeout: float = 10.0) -> Any:
        """Wait (real time, for another thread's I/O) until predicate() is truthy; its value."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            value = predicate()
            if value:
                return value
            time.sleep(0.02)
        raise AssertionError("the fake Telegram server did not see the expected call in time")

    def message_dict(self, chat_id: str, message_id: int) -> dict[str, Any]:
        return self.messages[(chat_id, message_id)]

    def _message(self, params: dict[str, Any]) -> dict[str, Any]:
        with self._lock:
            self._next_id += 1
            message_id = self._next_id
        chat_id = str(params["chat_id"])
        message: dict[str, Any] = {"message_id": message_id, "date": int(time.time()),
                                   "chat": {"id": int(chat_id), "type": "supergroup", "title": "Staff"},
                                   "from": BOT_USER, "text": params.get("text", "")}
        if params.get("reply_markup"):
            message["reply_markup"] = params["reply_markup"]
        reply = params.get("reply_parameters")
        if reply and (chat_id, reply["message_id"]) in self.messages:
            message["reply_to_message"] = self.messages[(chat_id, reply["message_id"])]
        self.messages[(chat_id, message_id)] = message
        return message

    def answer(self, method: str, params: dict[str, Any]) -> Any:
        if method == "getMe":
            return BOT_USER
        if method == "sendMessage":
            return self._message(params)
        if method in ("editMessageText", "editMessageReplyMarkup"):
            key = (str(params["chat_id"]), int(params["message_id"]))
            message = dict(self.messages.get(key, {}))
            if "text" in params:
                message["text"] = params["text"]
            message["reply_markup"] = params.get("reply_markup")
            self.messages[key] = message
            return message or True
        if method == "getUpdates":
            offset = int(params.get("offset") or 0)
            deadline = time.monotonic() + 0.5
            while time.monotonic() < deadline:
                ready = [u for u in self.updates if u["update_id"] >= offset]
                if ready:
                    return ready
                time.sleep(0.02)
            return []
        return True  # setWebhook, deleteWebhook, answerCallbackQuery, ...

    def app(self) -> FastAPI:
        api = FastAPI()

        @api.post("/bot{token}/{method}")
        async def call(token: str, method: str, request: Request) -> JSONResponse:
            form = await request.form()
            params: dict[str, Any] = {}
            for key, value in form.items():
                text = value if isinstance(value, str) else ""
                try:
                    params[key] = json.loads(text) if text[:1] in "{[" else text
                except json.JSONDecodeError:
                    params[key] = text
            call = Call(method, params, ok=not self.down)
            if self.down:
                self.calls.append(call)
                return JSONResponse({"ok": False, "error_code": 502, "description": "Bad Gateway"}, status_code=502)
            if token != "42:TEST":
                self.calls.append(call)
                return JSONResponse({"ok": False, "error_code": 401, "description": "Unauthorized"}, status_code=401)
            import asyncio

            result = await asyncio.to_thread(self.answer, method, params)
            # recorded once answered: a test that saw the call may read the message it changed
            self.calls.append(call)
            return JSONResponse({"ok": True, "result": result})

        return api


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def running_fake_telegram() -> Iterator[FakeTelegram]:
    fake = FakeTelegram()
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(fake.app(), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("fake Telegram server did not start")
        time.sleep(0.01)
    fake.url = f"http://127.0.0.1:{port}"
    try:
        yield fake
    finally:
        server.should_exit = True
        thread.join(timeout=5)
