"""How long a freeze the customer asks for when no number says it: "the max", "по максимуму", "המקסימום".

The words are data (`most_allowed` in words.yaml). The freeze handler turns `MOST` into the longest
freeze the workspace's policy allows for this customer now, so the number is never in code.
"""

from __future__ import annotations

from handlers.billing.texts import says

MOST = "most"  # a length read as "as long as allowed"


def asks_most(message: str) -> bool:
    """Whether the message asks for the longest allowed ("ok, the max then", "тогда на максимум")."""
    return says("most_allowed", message)
