"""Recording a guest's answer, from the personal page or a reply message, idempotently.

Setting the same answer twice is one change: `answered_at` moves only when something differs, so
a double-clicked form or a redelivered "yes" leaves one trace. Party size is how many will come:
0 for "not coming"; when "coming" gives no number, the invitation's own count is assumed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.core.models import Guest, GuestStatus
from bot.core.workspaces import Workspace
from scheduler.rsvp.errors import InvalidAnswer

ANSWERS = (GuestStatus.coming, GuestStatus.not_coming, GuestStatus.maybe)


@dataclass(frozen=True)
class AnswerOutcome:
    status: str
    party_size: int
    changed: bool


def resolve_party_size(guest: Guest, status: str, party_size: int | None, workspace: Workspace) -> int:
    if status == GuestStatus.not_coming:
        return 0
    if party_size is None:
        return guest.party_size if guest.party_size > 0 and guest.answered_at else max(guest.invited_count, 1)
    limit = workspace.rsvp.max_party_size
    if party_size < 1 or party_size > limit:
        raise InvalidAnswer(f"party size must be between 1 and {limit}", code="party_size")
    return party_size


def record_answer(guest: Guest, workspace: Workspace, status: str, party_size: int | None, source: str,
                  now: datetime) -> AnswerOutcome:
    """Apply an answer (coming / not_coming / maybe) with its party size; unchanged answers change nothing."""
    if status not in {s.value for s in ANSWERS}:
        raise InvalidAnswer(f"'{status}' is not an answer", code="status")
    size = resolve_party_size(guest, status, party_size, workspace)
    if guest.status == status and guest.party_size == size and guest.answered_at is not None:
        return AnswerOutcome(status, size, changed=False)
    guest.status, guest.party_size = status, size
    guest.answered_at, guest.updated_at, guest.answer_source = now, now, source
    return AnswerOutcome(status, size, changed=True)
