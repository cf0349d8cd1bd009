"""A live console for browser tests and screenshots: uvicorn on a free port, a temp SQLite database,
the console channel (login codes are read from it), a fixed clock; and Debian's Chromium through
Playwright (never `playwright install`: executable_path is the system browser)."""

from __future__ import annotations

import shutil
import socket
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import uvicorn

from bot.app import create_app
from bot.channels import ConsoleChannel
from bot.core.db import make_engine, migrate
from bot.services import Services, build_services
from tests.conftest import FixedClock, make_settings

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
PHONE = {"width": 390, "height": 844}
NOW = datetime(2026, 11, 22, 8, 0, tzinfo=UTC)  # Sunday 10:00 in Israel
SHARED_DATA = Path(tempfile.gettempdir()) / "bot-console-tests"


def chromium_path() -> str | None:
    return CHROMIUM if Path(CHROMIUM).exists() else shutil.which("chromium")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class LiveConsole:
    base: str
    services: Services
    channel: Any  # the console channel, or a TwilioChannel talking to the fake Twilio
    clock: FixedClock

    def last_code(self, phone: str, *, before: int | None = None) -> str:
        """The newest login code sent to `phone`. The code is sent after the page answers (a background
        task, so a number with an account answers as fast as one without), so it is waited for, as a
        person waits for the SMS: up to 10 s for a message beyond the `before` already sent."""
        import re
        import time

        deadline = time.monotonic() + 10
        while True:
            bodies = [r.body for r in self.channel.sent if r.to == phone]
            if bodies and (before is None or len(bodies) > before):
                break
            assert time.monotonic() < deadline, f"no login code reached {phone}"
            time.sleep(0.05)
        found = re.search(r"\b(\d{6})\b", bodies[-1])
        assert found, bodies[-1]
        return found.group(1)


@contextmanager
def live_console(tmp: Path, channel: Any = None) -> Iterator[LiveConsole]:
    url = f"sqlite:///{tmp / 'console.db'}"
    migrate(url)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    # One data folder for every run: the knowledge-index cache in it makes later starts take seconds.
    settings = make_settings(tmp, database_url=url, public_base_url=base, data_dir=SHARED_DATA)
    channel, clock = channel or ConsoleChannel(echo=False), FixedClock(NOW)
    engine = make_engine(url)
    services = build_services(settings, engine=engine, channel=channel, clock=clock)
    server = uvicorn.Server(uvicorn.Config(create_app(services=services), host="127.0.0.1", port=port,
                                           log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 240  # the first start builds every knowledge index
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.05)
    try:
        yield LiveConsole(base=base, services=services, channel=channel, clock=clock)
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        engine.dispose()


def need_browser() -> None:
    """Skips the calling test when Playwright or Debian's Chromium is missing (never a failure)."""
    import pytest

    try:
        import playwright  # noqa: F401
    except ImportError:
        pytest.skip("playwright is not installed (pip install -e '.[dev]')")
    if chromium_path() is None:
        pytest.skip("Debian's chromium is not installed")


@contextmanager
def owner_console(tmp: Path, phone: str, name: str) -> Iterator[LiveConsole]:
    """A live console whose event-rsvp workspace has an owner account for `phone` (browser tests)."""
    from sqlmodel import Session

    from bot.console.auth.users import create_user

    need_browser()
    with live_console(tmp) as live:
        workspace = live.services.workspaces.by_slug("event-rsvp")
        assert workspace is not None
        with Session(live.services.engine) as session:  # the account the operator opened for the owner
            create_user(session, workspace, phone=phone, name=name)
            session.commit()
        yield live


def log_in_with_code(page: Any, live: LiveConsole, phone: str, typed: str | None = None) -> None:
    """On the login page: types the phone (as `typed`, if the person writes it otherwise), asks for a
    code and enters the one the console channel sent."""
    page.fill("#phone", typed or phone)
    sent = sum(1 for r in live.channel.sent if r.to == phone)
    page.locator("form[action='/app/login/code'] button").click()
    page.fill("#code", live.last_code(phone, before=sent))
    page.locator("form[action='/app/login/verify'] button").click()


def log_in_with_password(page: Any, base: str, phone: str, password: str) -> None:
    """Logs in on the password form."""
    page.goto(f"{base}/app/login?step=password")
    page.fill("#phone", phone)
    page.fill("#password", password)
    page.locator("form[action='/app/login/password'] button").click()


@contextmanager
def browser_context(**options: Any) -> Iterator[Any]:
    """A Chromium browser context in Israel's time zone (Playwright driving the system browser) with
    Playwright's `new_context` options, closed with its browser afterwards."""
    from playwright.sync_api import sync_playwright

    executable = chromium_path()
    assert executable, "chromium not found"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        context = browser.new_context(timezone_id="Asia/Jerusalem", **options)
        context.set_default_timeout(20_000)
        try:
            yield context
        finally:
            context.close()
            browser.close()


def phone_browser(locale: str = "he-IL") -> AbstractContextManager[Any]:
    """A phone-sized Chromium context."""
    return browser_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True, locale=locale,
                           accept_downloads=True)


def guest_csv(count: int = 40) -> str:
    """A planner's list: `count` guests with a few bad rows among them (the issue's 40-guest wedding)."""
    lines = ["שם,טלפון,כמות מוזמנים,קבוצה,שולחן"]
    groups = ["משפחה", "חברים", "עבודה"]
    for i in range(count):
        lines.append(f"אורח {i + 1},052-34{i:05d},{1 + i % 3},{groups[i % 3]},{1 + i // 8}")
    lines += ["מספר שגוי,123,1,,", ",0523499999,1,,", "כפול,052-3400000,1,,"]
    return "\n".join(lines) + "\n"
