"""The console's numbers (console.yaml): login codes, throttling, session lifetimes, page sizes, how sure is "sure"."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from functools import lru_cache
from pathlib import Path

import yaml

CONFIG_FILE = Path(__file__).with_name("console.yaml")


@dataclass(frozen=True)
class ConsoleConfig:
    code_digits: int
    code_ttl: timedelta
    code_tries: int
    codes_per_phone_ip: str
    codes_per_phone: str
    codes_per_ip: str
    failures_per_phone_ip: str
    failures_per_phone: str
    failures_per_ip: str
    session_idle: timedelta
    session_max: timedelta
    session_touch: timedelta
    guests_per_page: int
    dashboard_poll_seconds: int
    sure: float
    fairly_sure: float
    canned_label_chars: int


@lru_cache(maxsize=1)
def config() -> ConsoleConfig:
    data = yaml.safe_load(CONFIG_FILE.read_text(encoding="utf-8"))
    login, sessions, pages, inbox = data["login"], data["sessions"], data["pages"], data["inbox"]
    return ConsoleConfig(
        code_digits=int(login["code_digits"]), code_ttl=timedelta(minutes=login["code_minutes"]),
        code_tries=int(login["code_tries"]), codes_per_phone_ip=login["codes_per_phone_ip"],
        codes_per_phone=login["codes_per_phone"],
        codes_per_ip=login["codes_per_ip"], failures_per_phone_ip=login["failures_per_phone_ip"],
        failures_per_phone=login["failures_per_phone"],
        failures_per_ip=login["failures_per_ip"], session_idle=timedelta(days=sessions["idle_days"]),
        session_max=timedelta(days=sessions["max_days"]), session_touch=timedelta(minutes=sessions["touch_minutes"]),
        guests_per_page=int(pages["guests_per_page"]), dashboard_poll_seconds=int(pages["dashboard_poll_seconds"]),
        sure=float(inbox["sure"]), fairly_sure=float(inbox["fairly_sure"]),
        canned_label_chars=int(inbox["canned_label_chars"]))
