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

from bot.app import create_app
from bot.channels import ConsoleChannel
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


@pytest.fixture
def staff_services(staff_settings: Settings, engine: Engine, channel: ConsoleChannel, clock: FixedClock) -> Services:
    return build_services(staff_settings, engine=engine, channel=channel, clock=clock)


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
