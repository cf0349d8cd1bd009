"""The staff-chat fixtures: a fake Telegram Bot API server and an app that talks to it."""

from __future__ import annotations

import itertools
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlmodel import Session

from bot.app import create_app
from bot.channels import ConsoleChannel
from bot.console.auth.users import create_user
from bot.core.settings import Settings
from bot.services import Services, build_services
from bot.staff.telegram import webhook_secret
from tests.conftest import FixedClock, make_settings
from tests.staff.fake_telegram import FakeTelegram, running_fake_telegram

STAFF_CHAT = "-1001000000001"  # msg-software's support.staff_chat_id
_update_ids = itertools.count(1000)


@pytest.fixture
def fake_telegram() -> Iterator[FakeTelegram]:
    with running_fake_telegram() as fake:
        yield fake


@pytest.fixture
def staff_settings(tmp_path: Path, fake_telegram: FakeTelegram) -> Settings:
    return make_settings(tmp_path, telegram_bot_token="42:TEST", telegram_api_base=fake_telegram.url)


# The staff chats' members the tests press buttons as, each linked to a staff account of every workspace
# (only a linked, enabled account may act from the chat: bot.staff.actions.as_known)
MEMBERS = {777: "Noa Levi", 1: "Avi Cohen", 2: "Maya Katz", 5: "Avi Cohen"}


def link_members(services: Services, members: dict[int, str] = MEMBERS) -> None:
    """Staff accounts linked to the members' Telegram users in every workspace with a staff chat."""
    with Session(services.engine) as session:
        for workspace in services.workspaces:
            if not workspace.support.staff_chat_id:
                continue
            for telegram_id, name in members.items():
                user = create_user(session, workspace, phone=f"+97252400{telegram_id:04d}", name=name, role="staff")
                user.telegram_user_id = telegram_id
        session.commit()


@pytest.fixture
def staff_services(staff_settings: Settings, engine: Engine, channel: ConsoleChannel, clock: FixedClock) -> Services:
    services = build_services(staff_settings, engine=engine, channel=channel, clock=clock)
    link_members(services)
    return services


@pytest.fixture
def staff_client(staff_services: Services) -> Iterator[TestClient]:
    with TestClient(create_app(services=staff_services), raise_server_exceptions=False) as test_client:
        yield test_client


def post_update(client: TestClient, settings: Settings, update: dict[str, Any]) -> int:
    secret = webhook_secret(settings)
    response = client.post(f"/webhooks/telegram/{secret}", json=update,
                           headers={"X-Telegram-Bot-Api-Secret-Token": secret})
    return response.status_code


def staff_user(user_id: int = 777, first: str = "Noa", last: str = "Levi") -> dict[str, Any]:
    return {"id": user_id, "is_bot": False, "first_name": first, "last_name": last}


def button_press(message: dict[str, Any], data: str, user: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"update_id": next(_update_ids), "callback_query": {
        "id": f"cb{time.monotonic_ns()}", "from": user or staff_user(), "chat_instance": "staff",
        "data": data, "message": message}}


def staff_reply(to: dict[str, Any], text: str, user: dict[str, Any] | None = None,
                update_id: int | None = None) -> dict[str, Any]:
    return {"update_id": update_id or next(_update_ids), "message": {
        "message_id": next(_update_ids), "date": int(time.time()), "chat": to["chat"],
        "from": user or staff_user(), "text": text, "reply_to_message": to}}
