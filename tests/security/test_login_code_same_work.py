"""Review N11 (fifth look): `/app/login/code` must not tell, by the time it takes, whether a number has a
console account. Before the fix a number with an account cost a user lookup's result, a code's database
write and a send through the channel before the page was answered; a number without one cost nothing.
Now both answer after the same work (no statement, no send) and the code follows the answer."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import event
from sqlalchemy.engine import Engine

from bot.app import create_app
from bot.channels import ConsoleChannel
from bot.console.auth.users import create_user
from bot.core.db import session_scope
from bot.services import Services
from tests.console.conftest import CSRF, OWNER_PHONE, last_code

STRANGER = "+972529999998"

Snapshot = tuple[int, int]


class AnswerWatch:
    """The real app, with a look at what had been done when the login-code page's last byte left."""

    def __init__(self, app: Any, snapshot: Callable[[], Snapshot]) -> None:
        self.app, self.snapshot = app, snapshot
        self.done: list[Snapshot] = []  # statements run and messages sent by each request before its answer

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope.get("path") != "/app/login/code":
            await self.app(scope, receive, send)
            return
        start = self.snapshot()

        async def watched(message: Any) -> None:
            if message["type"] == "http.response.body" and not message.get("more_body"):
                now = self.snapshot()
                self.done.append((now[0] - start[0], now[1] - start[1]))
            await send(message)

        await self.app(scope, receive, watched)


def test_the_code_page_answers_before_any_lookup_write_or_send(services: Services, engine: Engine,
                                                               channel: ConsoleChannel) -> None:
    workspace = services.workspaces.by_slug("event-rsvp")
    assert workspace is not None
    with session_scope(engine) as session:
        create_user(session, workspace, phone=OWNER_PHONE, name="Dana")
    statements = [0]

    def count(*_: object) -> None:
        statements[0] += 1

    event.listen(engine, "before_cursor_execute", count)
    try:
        watch = AnswerWatch(create_app(services=services), lambda: (statements[0], len(channel.sent)))
        with TestClient(watch, raise_server_exceptions=False) as client:
            csrf = CSRF.search(client.get("/app/login").text)
            assert csrf
            for phone in (OWNER_PHONE, STRANGER):
                answer = client.post("/app/login/code", data={"phone": phone, "csrf": csrf.group(1)})
                assert answer.status_code == 200 and 'name="code"' in answer.text
            known, unknown = watch.done
            # The same statements for both numbers before the answer, and no message sent yet.
            assert known == unknown and known[1] == 0, (known, unknown)
            # The code still follows, to the account's phone only, and it logs in.
            assert [r.to for r in channel.sent] == [OWNER_PHONE]
            verify = client.post("/app/login/verify", data={"phone": OWNER_PHONE, "csrf": csrf.group(1),
                                                            "code": last_code(channel, OWNER_PHONE)},
                                 follow_redirects=False)
            assert verify.status_code == 303
    finally:
        event.remove(engine, "before_cursor_execute", count)
