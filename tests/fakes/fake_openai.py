"""A tiny OpenAI-compatible server on 127.0.0.1 for tests: real client, real HTTP, no network.

Tests set `FakeOpenAI.script` to decide what the next chat completion says (or whether it
sleeps or fails) and read `FakeOpenAI.requests` to check what the client sent.
"""

from __future__ import annotations

import socket
import threading
import time
from dataclasses import dataclass, field
from typing import Any

import uvicorn
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse


@dataclass
class Script:
    content: str = '{"topic": null, "answer": ""}'
    delay: float = 0.0
    status: int = 200
    embedding: list[float] | None = None  # None: derive a vector from the text


@dataclass
class FakeOpenAI:
    script: Script = field(default_factory=Script)
    requests: list[dict[str, Any]] = field(default_factory=list)
    port: int = 0
    _server: uvicorn.Server | None = None
    _thread: threading.Thread | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    def app(self) -> FastAPI:
        app = FastAPI()

        @app.post("/v1/chat/completions")
        async def chat(request: Request) -> JSONResponse:
            body = await request.json()
            self.requests.append({"path": "chat", **body})
            if self.script.delay:
                time.sleep(self.script.delay)  # blocks this test server only
            if self.script.status != 200:
                return JSONResponse({"error": {"message": "boom", "type": "server_error"}}, self.script.status)
            return JSONResponse(
                {
                    "id": "chatcmpl-fake",
                    "object": "chat.completion",
                    "created": 0,
                    "model": body.get("model", "m"),
                    "choices": [
                        {
                            "index": 0,
                            "message": {"role": "assistant", "content": self.script.content},
                            "finish_reason": "stop",
                        }
                    ],
                }
            )

        @app.post("/v1/embeddings")
        async def embeddings(request: Request) -> JSONResponse:
            body = await request.json()
            self.requests.append({"path": "embeddings", **body})
            inputs = body["input"] if isinstance(body["input"], list) else [body["input"]]
            data = [
                {"object": "embedding", "index": i, "embedding": self.script.embedding or _vector(text)}
                for i, text in enumerate(inputs)
            ]
            return JSONResponse(
                {
                    "object": "list",
                    "model": body.get("model", "e"),
                    "data": data,
                    "usage": {"prompt_tokens": 1, "total_tokens": 1},
                }
            )

        return app

    def start(self) -> FakeOpenAI:
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            self.port = sock.getsockname()[1]
        config = uvicorn.Config(self.app(), host="127.0.0.1", port=self.port, log_level="warning", lifespan="off")
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._server.run, daemon=True)
        self._thread.start()
        deadline = time.monotonic() + 10
        while not self._server.started:
            if time.monotonic() > deadline:
                raise RuntimeError("fake OpenAI server did not start")
            time.sleep(0.01)
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(timeout=5)


def _vector(text: str) -> list[float]:
    """A deterministic bag-of-letters vector: similar texts get similar vectors."""
    out = [0.0] * 32
    for ch in text.lower():
        out[ord(ch) % 32] += 1.0
    return out
