"""SMS credit: the operator records a payment and the owner's balance grows; campaigns spend it.

A purchase is a ledger row (`SmsPurchase`) and an atomic `sms_balance = sms_balance + n`, in one
transaction, so two recordings never lose an update and a payment with the same `reference` is
refused rather than applied twice. Buying any package also unlocks unlimited answers (the policy's
gift): the account is marked `package_bought`, and a free plan becomes the workspace's `package_plan`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlalchemy import update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from bot.core.models import RsvpAccount, SmsPurchase
from bot.core.workspaces import Workspace
from scheduler.rsvp.errors import RsvpError
from scheduler.rsvp.messages import owner_text


class CreditError(RsvpError):
    code = "credit_error"


@dataclass(frozen=True)
class Purchase:
    purchase: SmsPurchase
    balance: int


def find_account(session: Session, workspace: Workspace, owner_phone: str) -> RsvpAccount | None:
    return session.exec(select(RsvpAccount).where(RsvpAccount.workspace == workspace.slug,
                                                  RsvpAccount.owner_phone == owner_phone)).first()


def record_purchase(session: Session, workspace: Workspace, account: RsvpAccount, *, now: datetime,
                    package: str | None = None, messages: int | None = None, amount: Decimal | None = None,
                    reference: str | None = None, recorded_by: str = "operator", note: str | None = None,
                    lang: str = "en") -> Purchase:
    """Add a package (or a number of messages) to the account; the caller commits."""
    rules = workspace.rsvp
    chosen = rules.package(package) if package else None
    if package and chosen is None:
        known = ", ".join(p.id for p in rules.sms_packages) or "-"
        raise CreditError(owner_text("credit_unknown_package", lang, package=package, known=known), code="package")
    count = chosen.messages if chosen else messages
    if not count or count < 1 or count > 1_000_000:
        raise CreditError(owner_text("credit_bad_messages", lang), code="messages")
    if amount is None and chosen is not None and chosen.price is not None:
        amount = Decimal(str(chosen.price))
    assert account.id is not None
    row = SmsPurchase(workspace=workspace.slug, account_id=account.id, package=chosen.id if chosen else None,
                      messages=count, amount=amount, currency=chosen.currency if chosen else "ILS",
                      reference=reference or None, recorded_by=recorded_by[:100], note=note, created_at=now)
    try:
        with session.begin_nested():
            session.add(row)
            session.flush()
    except IntegrityError as exc:
        raise CreditError(owner_text("credit_duplicate_reference", lang, reference=reference),
                          code="duplicate_reference") from exc
    table = RsvpAccount.__table__  # type: ignore[attr-defined]
    values: dict[str, object] = {"sms_balance": table.c.sms_balance + count, "package_bought": True}
    if account.plan not in rules.unlimited_plans:
        values["plan"] = rules.package_plan
    session.execute(update(table).where(table.c.id == account.id).values(**values))
    session.refresh(account)
    return Purchase(row, account.sms_balance)


def purchases(session: Session, account: RsvpAccount) -> list[SmsPurchase]:
    return list(session.exec(select(SmsPurchase).where(SmsPurchase.account_id == account.id)
                             .order_by(col(SmsPurchase.id))).all())


def balance_warning(preview: dict[str, object], lang: str) -> str | None:
    """What to tell an owner scheduling a campaign their balance does not cover (None when it does); WhatsApp
    messages take from the same balance (rsvp.whatsapp_message_cost)."""
    if preview.get("enough_balance", True):
        return None
    return owner_text("credit_not_enough", lang, cost=preview["cost_segments"], balance=preview["balance"],
                      would_send=preview["would_send"], total=preview["recipients_count"])
