"""RSVP campaigns: templates, audiences, preview, quiet hours, scheduling, the outbox and dispatch.

`install()` is called once by the edge that serves HTTP (bot/routes/api_campaigns.py): it registers the
outbox's delivery-status listener and the periodic jobs (the campaign sweeper and data retention).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

SWEEP_JOB_ID = "campaigns:sweep"
RETENTION_JOB_ID = "rsvp:retention"
SWEEP_SECONDS = 60
RETENTION_SECONDS = 6 * 3600
DIGEST_JOB_ID = "rsvp:owner-digest"
DIGEST_SECONDS = 5 * 60  # each owner's own interval is rsvp.owner_digest_minutes


def install(listeners: list[Callable[..., Any]]) -> None:
    """Hook the outbox into delivery callbacks (`handlers.delivery.LISTENERS`) and declare periodic jobs."""
    from scheduler.campaigns.status import outbox_status_listener
    from scheduler.runner import periodic

    if outbox_status_listener not in listeners:
        listeners.append(outbox_status_listener)
    periodic(SWEEP_JOB_ID, "scheduler.campaigns.scheduling:sweep_job", SWEEP_SECONDS)
    periodic(RETENTION_JOB_ID, "scheduler.campaigns.retention:retention_job", RETENTION_SECONDS)
    periodic(DIGEST_JOB_ID, "scheduler.rsvp.digest:send_digests", DIGEST_SECONDS)
