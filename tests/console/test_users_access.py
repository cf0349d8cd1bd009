"""Users page (owners): disable / enable an account and change its role (issue 16). A disabled account's
sessions end at once and it cannot log in by code or password; an owner can neither demote nor disable
themselves nor the workspace's last active owner; the forms carry the CSRF token like every other."""

from __future__ import annotations

from types import SimpleNamespace

from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from bot.app import create_app
from bot.channels import ConsoleChannel
from bot.console.pages.users import _keeps_an_owner
from bot.core.models import ConsoleSession, ConsoleUser
from bot.services import Services
from tests.console.conftest import form_csrf, log_in, make_user

OWNER = "+972522000055"
STAFF = "+972523000001"
PASSWORD = "correct horse battery"


def _user(engine: Engine, phone: str) -> ConsoleUser:
    with Session(engine) as session:
        return session.exec(select(ConsoleUser).where(ConsoleUser.phone == phone)).one()


def _setup(engine: Engine, services: Services) -> tuple[ConsoleUser, ConsoleUser]:
    owner = make_user(engine, services, phone=OWNER, name="Rina Owner", role="owner", workspace="msg-software")
    staff = make_user(engine, services, phone=STAFF, name="Avi Levi", role="staff", workspace="msg-software",
                      password=PASSWORD)
    return owner, staff


def _password_login(client: TestClient) -> int:
    token = form_csrf(client, "/app/login?step=password")
    return client.post("/app/login/password", data={"phone": STAFF, "password": PASSWORD, "csrf": token},
                       follow_redirects=False).status_code


def test_a_disabled_account_is_logged_out_at_once_and_cannot_log_in(
        services: Services, engine: Engine, channel: ConsoleChannel) -> None:
    _, staff = _setup(engine, services)
    app = create_app(services=services)
    with TestClient(app) as owner_browser, TestClient(app) as staff_browser:
        csrf = log_in(owner_browser, channel, OWNER)
        log_in(staff_browser, channel, STAFF)
        assert staff_browser.get("/app/inbox").status_code == 200

        done = owner_browser.post(f"/app/users/{staff.id}/disable", data={"csrf": csrf}, follow_redirects=False)
        assert done.status_code == 303 and "done=" in done.headers["location"]
        assert _user(engine, STAFF).disabled_at is not None
        assert staff_browser.get("/app/inbox", follow_redirects=False).headers["location"] == "/app/login"
        with Session(engine) as session:
            assert all(s.revoked_at is not None
                       for s in session.exec(select(ConsoleSession).where(ConsoleSession.user_id == staff.id)))
        page = owner_browser.get("/app/users").text
        assert f'action="/app/users/{staff.id}/enable"' in page

        before = len(channel.sent)
        token = form_csrf(staff_browser)
        staff_browser.post("/app/login/code", data={"phone": STAFF, "csrf": token})
        assert [m for m in channel.sent[before:] if m.to == STAFF] == []  # no code for a disabled account
        assert _password_login(staff_browser) == 401

        owner_browser.post(f"/app/users/{staff.id}/enable", data={"csrf": csrf})
        assert _user(engine, STAFF).disabled_at is None
        assert _password_login(staff_browser) == 303
        assert staff_browser.get("/app/inbox").status_code == 200


def test_roles_change_between_staff_and_owner(client: TestClient, services: Services, engine: Engine,
                                              channel: ConsoleChannel) -> None:
    _, staff = _setup(engine, services)
    csrf = log_in(client, channel, OWNER)
    client.post(f"/app/users/{staff.id}/role", data={"csrf": csrf, "role": "owner"})
    promoted = _user(engine, STAFF)
    assert promoted.role == "owner" and promoted.rsvp_account_id is not None
    client.post(f"/app/users/{staff.id}/role", data={"csrf": csrf, "role": "staff"})
    assert _user(engine, STAFF).role == "staff"
    assert client.post(f"/app/users/{staff.id}/role", data={"csrf": csrf, "role": "event_owner"}).status_code == 422
    assert _user(engine, STAFF).role == "staff"


def test_an_owner_cannot_demote_or_disable_themselves(client: TestClient, services: Services, engine: Engine,
                                                      channel: ConsoleChannel) -> None:
    owner, _ = _setup(engine, services)
    csrf = log_in(client, channel, OWNER)
    for path, data in ((f"/app/users/{owner.id}/role", {"role": "staff"}), (f"/app/users/{owner.id}/disable", {})):
        refused = client.post(path, data={"csrf": csrf, **data}, follow_redirects=False)
        assert "error=" in refused.headers["location"]
        assert "את עצמך" in client.get(refused.headers["location"]).text  # said in the console's language
    me = _user(engine, OWNER)
    assert me.role == "owner" and me.disabled_at is None
    page = client.get("/app/users").text
    assert f'action="/app/users/{owner.id}/disable"' not in page and f'action="/app/users/{owner.id}/role"' not in page


def test_the_last_active_owner_is_kept(services: Services, engine: Engine) -> None:
    owner, staff = _setup(engine, services)
    second = make_user(engine, services, phone="+972523000002", name="Second Owner", role="owner",
                       workspace="msg-software")
    acting = SimpleNamespace(user=staff)  # whoever acts, the workspace keeps an owner
    with Session(engine) as session:
        assert _keeps_an_owner(session, acting, owner) is None  # type: ignore[arg-type]
        row = session.get(ConsoleUser, second.id)
        assert row is not None
        row.disabled_at = row.created_at
        session.commit()
        assert _keeps_an_owner(session, acting, owner) == "users.error_last_owner"  # type: ignore[arg-type]
        assert _keeps_an_owner(session, SimpleNamespace(user=owner), owner) == "users.error_self"  # type: ignore[arg-type]


def test_changes_need_the_csrf_token_and_an_owner(client: TestClient, services: Services, engine: Engine,
                                                  channel: ConsoleChannel) -> None:
    owner, staff = _setup(engine, services)
    log_in(client, channel, STAFF)
    csrf = form_csrf(client, "/app/account")
    assert client.post(f"/app/users/{owner.id}/disable", data={"csrf": csrf}).status_code == 404
    assert client.post(f"/app/users/{staff.id}/role", data={"csrf": csrf, "role": "owner"}).status_code == 404
    assert client.post(f"/app/users/{owner.id}/disable", data={"csrf": "forged"}).status_code == 403
    assert _user(engine, OWNER).disabled_at is None and _user(engine, STAFF).role == "staff"
