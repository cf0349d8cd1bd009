"""The data of one conversational turn: what came in, what the bot decided, what goes out.

`TurnResult` says what happened in plain fields so that every door (webhook, `bot chat`, the
story runner) can act on it without parsing reply text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any, Literal

from sqlmodel import Session

from bot.core.models import Contact, Conversation, Message
from bot.core.workspaces import Workspace

if TYPE_CHECKING:
    from knowledge.kb import KnowledgeBase, KnowledgeRegistry, Topic

Channel = Literal["whatsapp", "sms", "console"]
Handoff = Literal["human", "queued", "denied", "none"]
TicketChange = Literal["opened", "none", "closed", "updated"]


@dataclass(frozen=True)
class Inbound:
    """A customer's message as every door hands it over: already normalised."""

    workspace: str
    sender: str  # E.164
    text: str
    channel: Channel = "whatsapp"
    provider_sid: str | None = None
    profile_name: str | None = None
    recipient: str = ""


@dataclass
class StaffAlert:
    """Something staff must see; stored with the turn (one transaction) and delivered by the Telegram edge."""

    kind: str  # handoff | relay | abuse | sla | refund | notice
    text: str
    ticket_id: int | None = None
    buttons: bool = False
    ref: str | None = None  # what non-ticket buttons act on, "<kind>:<id>" (e.g. "refund:42")


@dataclass
class OutboundMessage:
    """A message to send besides the reply (e.g. a written confirmation)."""

    to: str
    body: str
    channel: Channel = "whatsapp"


@dataclass
class TurnResult:
    reply: str | None
    lang: str
    intent: str = "unknown"
    topic: str | None = None
    confidence: float = 0.0
    handoff: Handoff = "none"
    ticket: TicketChange = "none"
    ticket_number: str | None = None
    rsvp_status: str | None = None
    party_size: int | None = None
    alerts: list[StaffAlert] = field(default_factory=list)
    outbound: list[OutboundMessage] = field(default_factory=list)
    data: dict[str, Any] = field(default_factory=dict)
    reply_id: int | None = None  # the reply's stored row (handle_message writes it), for the reply job


@dataclass
class TurnContext:
    """Collaborators of a turn, passed in so tests and doors choose them (no globals)."""

    session: Session
    workspace: Workspace
    now: datetime
    knowledge: KnowledgeRegistry | None = None
    answerer: Any = None  # optional LLM answerer (knowledge.llm), None offline


@dataclass
class Turn:
    """Everything a handler needs about the message being answered."""

    ctx: TurnContext
    inbound: Inbound
    contact: Contact
    conversation: Conversation
    message: Message
    lang: str
    intent: str = "unknown"
    intent_confidence: float = 0.0
    extras: dict[str, Any] = field(default_factory=dict)

    @property
    def workspace(self) -> Workspace:
        return self.ctx.workspace

    @property
    def session(self) -> Session:
        return self.ctx.session

    @property
    def now(self) -> datetime:
        return self.ctx.now

    @property
    def kb(self) -> KnowledgeBase | None:
        """The workspace's knowledge base; None without one (offline tests, a workspace with no base)."""
        registry = self.ctx.knowledge
        return registry.get(self.workspace.slug) if registry is not None else None

    def kb_topic(self, topic_id: str) -> Topic | None:
        """The workspace's knowledge-base topic by id: None without a base or when the base lacks it, so a
        reply built from a named topic never fails on a renamed one."""
        kb = self.kb
        return kb.topic(topic_id) if kb is not None else None

    def result(self, reply: str | None, **fields: Any) -> TurnResult:
        fields.setdefault("intent", self.intent)
        return TurnResult(reply=reply, lang=fields.pop("lang", self.lang), **fields)
