"""The console channel: records every message and prints it; nothing leaves the machine."""

from __future__ import annotations

import json
import threading
import uuid
from dataclasses import dataclass, field

from rich.console import Console

from bot.channels.base import SendResult, SentRecord
from bot.core.logs import masked


@dataclass
class ConsoleChannel:
    """Default for `make run` and tests: a recording output channel (Rasa's CollectingOutputChannel).

    Message ids are `CONSOLE` + a random uuid4, unique across processes and restarts: the ids
    are stored with a unique constraint, and a counter restarting at 1 made every dispatch after
    a restart collide. The echo shows that a message went out, to whom (masked) and how long it
    is, never the number or the text: stderr is a log like any other.
    """

    name: str = "console"
    echo: bool = True
    sent: list[SentRecord] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def _record(self, record: SentRecord) -> SendResult:
        record.provider_sid = f"CONSOLE{uuid.uuid4().hex}"
        with self._lock:
            self.sent.append(record)
        if self.echo:
            kind = f"template {record.content_sid}" if record.content_sid else masked(record.body, "text")
            Console(stderr=True).print(f"[dim]→ {masked(record.to)}[/dim] {kind}", markup=True, highlight=False)
        return SendResult(provider_sid=record.provider_sid, status="sent")

    def send_text(self, *, to: str, body: str, from_: str, whatsapp: bool,
                  status_callback: str | None = None) -> SendResult:
        return self._record(SentRecord(to=to, body=body, from_=from_, whatsapp=whatsapp))

    def send_template(self, *, to: str, from_: str, content_sid: str, variables: dict[str, str],
                      status_callback: str | None = None) -> SendResult:
        body = f"[template {content_sid}] {json.dumps(variables, ensure_ascii=False)}"
        return self._record(SentRecord(to=to, body=body, from_=from_, whatsapp=True, content_sid=content_sid,
                                       variables=variables))
