"""What owners do with campaigns, as plain functions shared by the REST API and the CLI."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlmodel import Session, col, select

from bot.core.models import Campaign, Event, RsvpAccount
from bot.core.workspaces import Workspace
from scheduler.campaigns.audiences import LinkMaker
from scheduler.campaigns.preview import build_preview
from scheduler.campaigns.report import campaign_report, campaign_summary, state_counts
from scheduler.campaigns.resend import create_resend, follow_up_numbers
from scheduler.campaigns.rules import rules_for
from scheduler.campaigns.scheduling import (
    CampaignError,
    cancel_campaign,
    check_segments,
    check_spec,
    create_campaign,
    move_campaign,
)
from scheduler.campaigns.templates import TemplateError
from scheduler.campaigns.whatsapp import MissingTemplate
from scheduler.rsvp.credit import balance_warning
from scheduler.rsvp.quota import quota_info


class NotFound(LookupError):
    """An event or campaign this workspace does not have."""


def find_event(session: Session, workspace: Workspace, key: str) -> Event:
    event = session.exec(select(Event).where(Event.workspace == workspace.slug, Event.key == key)).first()
    if event is None:
        raise NotFound(f"no event '{key}' in workspace {workspace.slug}")
    return event


def find_campaign(session: Session, workspace: Workspace, event: Event, campaign_id: int) -> Campaign:
    campaign = session.get(Campaign, campaign_id)
    if campaign is None or campaign.workspace != workspace.slug or campaign.event_id != event.id:
        raise NotFound(f"no campaign {campaign_id} for event '{event.key}'")
    return campaign


def summary_of(session: Session, campaign: Campaign) -> dict[str, Any]:
    """The campaign's facts with times in its event's zone: the owner typed them in local time."""
    event = session.get(Event, campaign.event_id)
    return campaign_summary(campaign, ZoneInfo(event.timezone) if event else None)


def preview(session: Session, workspace: Workspace, event: Event, *, kind: str, channel: str, template: str,
            links: LinkMaker, list_limit: int | None = None, now: datetime | None = None) -> dict[str, Any]:
    """`now` judges WhatsApp's 24-hour window (who would get the template); default: the wall clock."""
    check_spec(kind, channel, template)
    account = session.get(RsvpAccount, event.account_id)
    assert account is not None
    try:
        hidden = quota_info(session, workspace, event, account).hidden_ids
        return build_preview(session, event=event, account=account, kind=kind, channel=channel, template=template,
                             rules=rules_for(workspace), links=links, list_limit=list_limit, now=now,
                             hidden_ids=hidden)
    except TemplateError as exc:
        raise CampaignError(str(exc), code=exc.code, field="template", **exc.values) from exc
    except MissingTemplate as exc:
        raise CampaignError(str(exc), code="whatsapp_template", field=exc.key) from exc


def schedule(session: Session, workspace: Workspace, event: Event, *, kind: str, channel: str, template: str,
             send_at: datetime, now: datetime, links: LinkMaker, lang: str | None = None) -> dict[str, Any]:
    """Create and schedule; the answer carries the preview's numbers as they were at this moment, and a
    warning (in `lang`) when the SMS balance will not cover the campaign (the policy sends until it runs out)."""
    summary = preview(session, workspace, event, kind=kind, channel=channel, template=template, links=links,
                      list_limit=0, now=now)
    check_segments(rules_for(workspace), channel, summary["segments"]["network_per_message_max"])
    campaign = create_campaign(session, workspace, event, kind=kind, channel=channel, template=template,
                               send_at=send_at, now=now)
    warning = balance_warning(summary, lang or workspace.default_language)
    return {"campaign": summary_of(session, campaign), "preview": summary, "warning": warning}


def move(session: Session, workspace: Workspace, campaign: Campaign, send_at: datetime,
         now: datetime) -> dict[str, Any]:
    return summary_of(session, move_campaign(session, workspace, campaign, send_at, now))


def cancel(session: Session, campaign: Campaign, now: datetime) -> dict[str, Any]:
    return summary_of(session, cancel_campaign(session, campaign, now))


def resend(session: Session, workspace: Workspace, campaign: Campaign, *, send_at: datetime, now: datetime,
           links: LinkMaker, lang: str | None = None) -> dict[str, Any]:
    """The follow-up to the guests whose copy failed or is unknown (resend.py); `created` is False when an
    earlier request made it (a double click), and `warning` says when the balance will not cover it."""
    made = create_resend(session, workspace, campaign, send_at=send_at, now=now, links=links)
    numbers = follow_up_numbers(session, made.campaign)  # as queued now (a follow-up's rows are made already)
    warning = balance_warning(numbers, lang or workspace.default_language)
    return {"campaign": summary_of(session, made.campaign), "created": made.created, "recipients": made.recipients,
            "skipped": made.skipped, "cost_segments": made.billed_segments, "warning": warning}


def listing(session: Session, event: Event) -> list[dict[str, Any]]:
    campaigns = session.exec(select(Campaign).where(Campaign.event_id == event.id).order_by(col(Campaign.id))).all()
    out = []
    for campaign in campaigns:
        assert campaign.id is not None
        out.append({**summary_of(session, campaign), "counts": state_counts(session, campaign.id)})
    return out


def report(session: Session, campaign: Campaign, include_rows: bool = True, lang: str = "en") -> dict[str, Any]:
    return campaign_report(session, campaign, include_rows=include_rows, lang=lang)
