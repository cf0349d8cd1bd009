"""The console channel: records every message and prints it; nothing leaves the machine."""

from __future__ import annotations

import itertools
import json
import threading
from dataclasses import dataclass, field

from rich.console import Console

from bot.channels.base import SendResult, SentRecord


@dataclass
class ConsoleChannel:
    """Default for `make run` and tests: a recording output channel (Rasa's CollectingOutputChannel)."""

    name: str = "console"
    echo: bool = True
    sent: list[SentRecord] = field(default_factory=list)
    _ids: itertools.count = field(default_factory=lambda: itertools.count(1))  # type: ignore[type-arg]
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def _record(self, record: SentRecord) -> SendResult:
        with self._lock:
            record.provider_sid = f"CONSOLE{next(self._ids):028d}"
            self.sent.append(record)
        if self.echo:
            Console(stderr=True).print(f"[dim]→ {record.to}[/dim] {record.body or record.content_sid}")
        return SendResult(provider_sid=record.provider_sid, status="sent")

    def send_text(self, *, to: str, body: str, from_: str, whatsapp: bool,
                  status_callback: str | None = None) -> SendResult:
        return self._record(SentRecord(to=to, body=body, from_=from_, whatsapp=whatsapp))

    def send_template(self, *, to: str, from_: str, content_sid: str, variables: dict[str, str],
                      status_callback: str | None = None) -> SendResult:
        body = f"[template {content_sid}] {json.dumps(variables, ensure_ascii=False)}"
        return self._record(SentRecord(to=to, body=body, from_=from_, whatsapp=True, content_sid=content_sid,
                                       variables=variables))
