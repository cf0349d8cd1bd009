"""The free RSVP quota, exactly as the policy (seed 003, "בסיסי") words it.

- An event collects up to N answers free (wedding 100, other private 50, business 25; YAML).
- The count is the number of guests whose status is one the policy names (coming / not coming /
  maybe / no answer, and "interested" for business events).
- Over the quota ("בעת חריגה") the owner sees counted guests only up to the quota, in the order
  they were added to the table; guests still `not_invited` / `message_sent` are always shown.
- Over the quota the owner may not add, edit or delete guests (so rows cannot be deleted and
  re-added to reach the hidden answers) until a package is bought; the digital SMS package
  includes unlimited answers as a gift (`unlimited_plans`).
Guests' own answers are always recorded: buying the package reveals them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlmodel import Session, col, func, select

from bot.core.models import Event, Guest, RsvpAccount
from bot.core.workspaces import Workspace
from scheduler.rsvp.errors import EditingLocked
from scheduler.rsvp.messages import owner_text


@dataclass(frozen=True)
class QuotaInfo:
    limit: int
    used: int                      # guests in counted statuses
    counted_statuses: list[str]
    unlimited: bool                # a package was bought
    hidden_ids: frozenset[int] = field(default_factory=frozenset)

    @property
    def exceeded(self) -> bool:
        return self.used > self.limit

    @property
    def locked(self) -> bool:
        """Editing is refused while over the quota without a package."""
        return self.exceeded and not self.unlimited

    @property
    def hidden(self) -> int:
        return len(self.hidden_ids)

    def as_dict(self) -> dict[str, object]:
        return {"limit": self.limit, "used": self.used, "counted_statuses": self.counted_statuses,
                "unlimited": self.unlimited, "exceeded": self.exceeded, "locked": self.locked,
                "hidden": self.hidden}


def is_unlimited(workspace: Workspace, account: RsvpAccount) -> bool:
    return account.package_bought or account.plan in workspace.rsvp.unlimited_plans


def quota_info(session: Session, workspace: Workspace, event: Event, account: RsvpAccount) -> QuotaInfo:
    rules = workspace.rsvp
    counted = rules.counted_statuses(event.type)
    limit = rules.quota_for(event.type)
    where = (Guest.event_id == event.id, col(Guest.status).in_(counted))
    used = int(session.exec(select(func.count()).select_from(Guest).where(*where)).one())
    unlimited = is_unlimited(workspace, account)
    hidden: frozenset[int] = frozenset()
    if not unlimited and used > limit:  # only then read ids: the hidden ones, after the first `limit`
        hidden = frozenset(i for i in session.exec(select(Guest.id).where(*where).order_by(col(Guest.id))
                                                   .offset(limit)).all() if i is not None)
    return QuotaInfo(limit=limit, used=used, counted_statuses=counted, unlimited=unlimited, hidden_ids=hidden)


def visible_guests(session: Session, event: Event, info: QuotaInfo) -> list[Guest]:
    """The owner's table: every guest, minus counted answers beyond the free quota."""
    guests = session.exec(select(Guest).where(Guest.event_id == event.id).order_by(col(Guest.id))).all()
    return [g for g in guests if g.id not in info.hidden_ids]


def ensure_editable(info: QuotaInfo, lang: str) -> None:
    if info.locked:
        raise EditingLocked(owner_text("editing_locked", lang, limit=info.limit))
