"""Type aliases shared by the knowledge package and its callers."""

from __future__ import annotations

from typing import Literal, get_args

Lang = Literal["he", "en", "ru"]

# Order matters where a default is needed: Hebrew is the home market.
LANGS: tuple[Lang, ...] = get_args(Lang)
