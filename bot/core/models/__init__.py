"""All tables, imported here so Alembic and `SQLModel.metadata` see every one."""

from bot.core.models.accounts import ConsoleSession, ConsoleUser, EventMember, LoginCode, Role
from bot.core.models.billing import Charge, ChargePeriod, RequestKind, RequestState, SubscriptionRequest
from bot.core.models.campaigns import Campaign, CampaignKind, CampaignState, OutboxItem, OutboxState
from bot.core.models.contacts import Contact
from bot.core.models.conversations import (
    STATUS_RANK,
    Conversation,
    ConversationStatus,
    Direction,
    Message,
    MessageStatusEvent,
)
from bot.core.models.credit import OwnerDigest, SmsPurchase
from bot.core.models.customers import Customer, SubscriptionStatus
from bot.core.models.dialogue import DialogueState
from bot.core.models.replies import ReplyJob, ReplyState
from bot.core.models.rsvp import Event, EventImage, EventType, Guest, GuestStatus, RsvpAccount
from bot.core.models.satisfaction import SatisfactionSurvey
from bot.core.models.support import NotificationStatus, StaffNotification, TelegramUpdateSeen
from bot.core.models.tickets import Ticket, TicketStatus
from bot.core.models.tokens import OwnerToken
from bot.core.models.types import Money, UTCDateTime, utcnow

__all__ = [
    "STATUS_RANK",
    "Campaign",
    "CampaignKind",
    "CampaignState",
    "OutboxItem",
    "OutboxState",
    "Charge",
    "ChargePeriod",
    "ConsoleSession",
    "ConsoleUser",
    "Contact",
    "Conversation",
    "ConversationStatus",
    "Customer",
    "DialogueState",
    "Direction",
    "Event",
    "EventImage",
    "EventMember",
    "EventType",
    "Guest",
    "GuestStatus",
    "Message",
    "LoginCode",
    "MessageStatusEvent",
    "Money",
    "NotificationStatus",
    "OwnerToken",
    "RequestKind",
    "ReplyJob",
    "ReplyState",
    "RequestState",
    "Role",
    "RsvpAccount",
    "SatisfactionSurvey",
    "SmsPurchase",
    "OwnerDigest",
    "StaffNotification",
    "SubscriptionRequest",
    "SubscriptionStatus",
    "TelegramUpdateSeen",
    "Ticket",
    "TicketStatus",
    "UTCDateTime",
    "utcnow",
]
