"""After a turn commits: its staff alerts go into the durable outbox, then delivery is kicked."""

from __future__ import annotations

import logging

from bot.core.db import session_scope
from bot.services import Services
from handlers.staff_outbox import enqueue
from handlers.turn import Inbound, TurnResult

log = logging.getLogger("bot.staff")


def persist_alerts(services: Services, inbound: Inbound, result: TurnResult) -> None:
    """Store the turn's alerts; a failure is logged, never turned into an error for the customer."""
    if not result.alerts:
        return
    workspace = services.workspaces.by_slug(inbound.workspace)
    if workspace is None:
        return
    try:
        with session_scope(services.engine) as session:
            for alert in result.alerts:
                enqueue(session, workspace, kind=alert.kind, text=alert.text, ticket_id=alert.ticket_id,
                        buttons=alert.buttons, ref=alert.ref, now=services.now())
    except Exception:
        log.exception("staff alerts of a %s turn could not be stored", inbound.workspace)
        return
    delivery = services.extras.get("staff_delivery")
    if delivery is not None:
        delivery.kick()
