"""After a turn commits: its staff alerts are already in the durable outbox (written in the turn's own
transaction, bot.replies.answering.turn_in), so delivery only needs a kick."""

from __future__ import annotations

from bot.services import Services
from handlers.turn import Inbound, TurnResult


def kick_delivery(services: Services, inbound: Inbound, result: TurnResult) -> None:
    """Wake the delivery loop when the turn queued alerts, instead of waiting for its next poll."""
    if not result.alerts:
        return
    delivery = services.extras.get("staff_delivery")
    if delivery is not None:
        delivery.kick()
