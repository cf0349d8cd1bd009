"""Which form of address the reply being written uses: the workspace's, or plural for a party.

Set once where the workspace is known (a turn, a timed job, a campaign) and read by whatever fills
a sentence, so the dozens of places that write a sentence need not pass it along. Unset, the form is
plural: the polite form every sentence can take.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Literal, Protocol

Form = Literal["singular", "plural"]
DEFAULT: Form = "plural"
_current: ContextVar[Form] = ContextVar("form_of_address", default=DEFAULT)


class HasAddress(Protocol):
    @property
    def form_of_address(self) -> Form: ...


def current() -> Form:
    return _current.get()


def is_plural() -> bool:
    return _current.get() == "plural"


def for_party(form: Form, party_size: int | None) -> Form:
    """A message to a party of more than one speaks to them all (plural) whatever the workspace's form."""
    return "plural" if party_size is not None and party_size > 1 else form


def use(workspace: HasAddress) -> None:
    """Address the rest of this turn (this context) the way `workspace` does."""
    _current.set(workspace.form_of_address)


@contextmanager
def addressing(form: Form) -> Iterator[None]:
    token = _current.set(form)
    try:
        yield
    finally:
        _current.reset(token)
