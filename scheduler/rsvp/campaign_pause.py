"""Pausing a scheduled campaign: it goes back to `draft` and loses its job, so nothing is sent until
the owner picks a time again (`scheduler.campaigns.scheduling.move_campaign` accepts a draft and
schedules it, with every check of a new schedule). A campaign already sending is stopped by
cancelling it instead: a half-sent invitation paused for days would confuse guests more than it helps.
Shared by the web console, the API and the CLI.
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from bot.core.models import Campaign, CampaignState
from scheduler import jobs
from scheduler.campaigns.scheduling import CampaignConflict, job_id

PAUSED = "paused by the owner"


def pause_campaign(session: Session, campaign: Campaign, now: datetime) -> Campaign:
    if campaign.state != CampaignState.scheduled:
        raise CampaignConflict(f"campaign {campaign.id} is {campaign.state}; only a scheduled campaign can be "
                               f"paused (cancel one that is sending)", state=str(campaign.state))
    campaign.state, campaign.state_reason, campaign.updated_at = CampaignState.draft, PAUSED, now
    session.add(campaign)
    session.commit()
    assert campaign.id is not None
    jobs.cancel(job_id(campaign.id), engine=session.get_bind())  # type: ignore[arg-type]
    return campaign
