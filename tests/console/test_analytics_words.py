"""The analytics page is words a business owner reads: the top topics by their titles from the knowledge
base (not "support-hours"), the languages by name (not "he"), and times over an hour as hours and
minutes (not "417.5 דק׳")."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine

from bot.channels import ConsoleChannel
from bot.console.pages.analytics import duration
from bot.services import Services
from tests.conftest import FixedClock
from tests.console.conftest import log_in, make_user
from tests.console.test_analytics import WS, traffic


def test_durations_read_as_hours_and_minutes() -> None:
    assert duration(12, "he") == "12 דק׳"
    assert duration(417.5, "he") == "6 שע׳ 58 דק׳"
    assert duration(157.0, "en") == "2 h 37 min"
    assert duration(0.4, "ru") == "0 мин"


def test_topics_and_languages_are_words(client: TestClient, engine: Engine, services: Services,
                                        channel: ConsoleChannel, clock: FixedClock) -> None:
    traffic(services, clock)
    make_user(engine, services, phone="+972522000077", name="Yael Cohen", role="staff", workspace=WS)
    log_in(client, channel, "+972522000077")
    page = client.get("/app/analytics").text
    topics = re.search(r'id="topics">(.*?)</section>', page, re.S)
    languages = re.search(r'id="languages">(.*?)</section>', page, re.S)
    assert topics and languages
    names = re.findall(r"<td><bdi>([^<]*)</bdi></td>", topics.group(1))
    assert names and not any(re.fullmatch(r"[a-z0-9-]+", name) for name in names), names
    assert "עברית" in languages.group(1) and "<td>he</td>" not in languages.group(1)
