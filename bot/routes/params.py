"""Path and query parameters from outside, bounded as the OpenAPI says (issue 13: no 500 for odd values).

An offset of 6696058566681677529088 or a campaign id past 64 bits overflowed the database driver,
and NUL in a path reached PostgreSQL; each is now a 422 before any query runs.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Path, Query

from bot.core.fields import NO_NUL
from bot.core.limits import MAX_OFFSET, MAX_PAGE

EventKey = Annotated[str, Path(max_length=64, pattern=NO_NUL, description="The event's key, e.g. wedding-1")]
CampaignId = Annotated[int, Path(ge=1, le=2**31 - 1)]
PhoneIn = Annotated[str, Path(max_length=64, pattern=NO_NUL, description="Any common spelling: +972..., 05...")]
TicketNumber = Annotated[str, Path(max_length=32, pattern=r"^[A-Za-z0-9_-]+$", examples=["MS-00042"])]
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET)]
Page = Annotated[int, Query(ge=1, le=MAX_PAGE)]
