"""After a wrong code the login page does not say "a code is on its way" again (none is sent on a wrong
code, so the person waited for a message that never came); it says to type the latest code or ask for
a new one."""

from __future__ import annotations

from fastapi.testclient import TestClient

from bot.console.i18n import text
from tests.console.conftest import OWNER_PHONE, form_csrf


def test_a_wrong_code_does_not_promise_a_new_one(client: TestClient, owner: object) -> None:
    token = form_csrf(client)
    sent = client.post("/app/login/code", data={"phone": OWNER_PHONE, "csrf": token})
    assert text("login.code_sent", "he") in sent.text
    wrong = client.post("/app/login/verify", data={"phone": OWNER_PHONE, "code": "000000", "csrf": token})
    assert text("login.wrong_code", "he") in wrong.text
    assert text("login.code_sent", "he") not in wrong.text
    assert text("login.code_retry", "he") in wrong.text
