"""Owner-facing sentences of the RSVP area, kept as data (`messages.yaml`) in he, en and ru."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml

MESSAGES_FILE = Path(__file__).with_name("messages.yaml")


@cache
def _messages() -> dict[str, dict[str, str]]:
    return yaml.safe_load(MESSAGES_FILE.read_text(encoding="utf-8"))


def owner_text(name: str, lang: str, /, **values: Any) -> str:
    variants = _messages()[name]
    template = variants.get(lang) or variants["en"]
    return template.format(**values) if values else template
