"""Owner API for campaigns: /api/workspaces/{slug}/events/{event_key}/campaigns.

Preview before scheduling, create + schedule, move, cancel, and the send report. Bearer token = the
workspace's `api_token` (401 without one, 403 with a wrong one). The work is in scheduler/campaigns.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, HTTPException, Query
from pydantic import BaseModel, ConfigDict, Field
from sqlmodel import Session

from bot.core.fields import NO_NUL, Moment
from bot.core.models import Campaign, Event
from bot.core.workspaces import Workspace
from bot.deps import ServicesDep, SessionDep, WorkspaceDep
from bot.routes.params import CampaignId, EventKey
from bot.routes.responses import OWNER, errors
from bot.services import Services
from handlers.delivery import LISTENERS
from scheduler import campaigns as campaigns_package
from scheduler.campaigns import owner
from scheduler.campaigns.audiences import LinkMaker
from scheduler.campaigns.scheduling import CampaignError

campaigns_package.install(LISTENERS)  # delivery callbacks reach the outbox; sweeper and retention jobs declared

router = APIRouter(prefix="/api/workspaces/{slug}/events/{event_key}/campaigns", tags=["campaigns"],
                   responses=errors(*OWNER, 409))

Kind = Literal["invitation", "second_round", "reminder", "on_the_way", "thank_you"]
Channel = Literal["sms", "whatsapp"]



class CampaignSpec(BaseModel):
    model_config = ConfigDict(extra="forbid")

    kind: Kind
    channel: Channel = "sms"
    template: str = Field(default="", max_length=2000, pattern=NO_NUL,
                          description="Your own text with {{ name }}, {{ event }}, {{ date }}, {{ time }}, "
                                      "{{ venue }}, {{ link }}, {{ table }}; empty for the standard text in each "
                                      "guest's language")


class ScheduleIn(CampaignSpec):
    send_at: Moment = Field(description="With a UTC offset, e.g. 2027-03-01T11:00:00+02:00")


class MoveIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    send_at: Moment


def _links(services: Services) -> LinkMaker:
    return LinkMaker(services.settings.public_base_url, services.settings.secret_key.get_secret_value())


def _event(session: Session, workspace: Workspace, key: str) -> Event:
    try:
        return owner.find_event(session, workspace, key)
    except owner.NotFound as exc:
        raise HTTPException(404, str(exc)) from exc


def _campaign(session: Session, workspace: Workspace, key: str, campaign_id: int) -> Campaign:
    try:
        return owner.find_campaign(session, workspace, _event(session, workspace, key), campaign_id)
    except owner.NotFound as exc:
        raise HTTPException(404, str(exc)) from exc


def _refused(exc: CampaignError) -> HTTPException:
    return HTTPException(exc.status, exc.detail)


@router.post("/preview", summary="Recipients, segments, cost against the balance, and who is skipped and why")
def preview(slug: str, event_key: EventKey, spec: CampaignSpec, workspace: WorkspaceDep, session: SessionDep,
            services: ServicesDep, limit: Annotated[int | None, Query(ge=0, le=100_000)] = None) -> dict[str, Any]:
    event = _event(session, workspace, event_key)
    try:
        return owner.preview(session, workspace, event, kind=spec.kind, channel=spec.channel, template=spec.template,
                             links=_links(services), list_limit=limit, now=services.now())
    except CampaignError as exc:
        raise _refused(exc) from exc


@router.post("", status_code=201, summary="Create and schedule a campaign (refused inside quiet hours)")
def create(slug: str, event_key: EventKey, spec: ScheduleIn, workspace: WorkspaceDep, session: SessionDep,
           services: ServicesDep) -> dict[str, Any]:
    event = _event(session, workspace, event_key)
    try:
        return owner.schedule(session, workspace, event, kind=spec.kind, channel=spec.channel, template=spec.template,
                              send_at=spec.send_at, now=services.now(), links=_links(services))
    except CampaignError as exc:
        raise _refused(exc) from exc


@router.get("", summary="The event's campaigns with counts by state")
def listing(slug: str, event_key: EventKey, workspace: WorkspaceDep, session: SessionDep) -> list[dict[str, Any]]:
    return owner.listing(session, _event(session, workspace, event_key))


@router.post("/{campaign_id}/move", summary="Move a scheduled campaign to another time")
def move(slug: str, event_key: EventKey, campaign_id: CampaignId, body: MoveIn, workspace: WorkspaceDep,
         session: SessionDep, services: ServicesDep) -> dict[str, Any]:
    campaign = _campaign(session, workspace, event_key, campaign_id)
    try:
        return owner.move(session, workspace, campaign, body.send_at, services.now())
    except CampaignError as exc:
        raise _refused(exc) from exc


@router.post("/{campaign_id}/cancel", summary="Cancel a campaign (a sending one stops within a second)")
def cancel(slug: str, event_key: EventKey, campaign_id: CampaignId, workspace: WorkspaceDep, session: SessionDep,
           services: ServicesDep) -> dict[str, Any]:
    campaign = _campaign(session, workspace, event_key, campaign_id)
    try:
        return owner.cancel(session, campaign, services.now())
    except CampaignError as exc:
        raise _refused(exc) from exc


class ResendIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    send_at: Moment | None = Field(default=None, description="With a UTC offset; default: now")


@router.post("/{campaign_id}/resend", summary="Send a finished campaign again to the guests whose copy failed or "
             "is unknown (idempotent: an unfinished follow-up is returned with created=false)")
def resend(slug: str, event_key: EventKey, campaign_id: CampaignId, workspace: WorkspaceDep, session: SessionDep,
           services: ServicesDep, body: ResendIn | None = None) -> dict[str, Any]:
    campaign = _campaign(session, workspace, event_key, campaign_id)
    now = services.now()
    try:
        return owner.resend(session, workspace, campaign, send_at=(body.send_at if body else None) or now, now=now,
                            links=_links(services))
    except CampaignError as exc:
        raise _refused(exc) from exc


@router.get("/{campaign_id}/report", summary="The send report: counts by state and reason, one line per guest")
def report(slug: str, event_key: EventKey, campaign_id: CampaignId, workspace: WorkspaceDep, session: SessionDep,
           rows: bool = True) -> dict[str, Any]:
    return owner.report(session, _campaign(session, workspace, event_key, campaign_id), include_rows=rows)
