"""The topics a workspace ties its billing rules to exist in its knowledge base.

Why: `billing.refund.topics` and `understanding.topic_actions` name topics by id in the workspace
YAML; a renamed topic would silently drop the rule quoted after "no charge found" or the action a
"yes" goes ahead with, so a typo here must fail the tests, not reach a customer.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.core.workspaces.loader import load_workspace
from knowledge.files import topic_files

ROOT = Path(__file__).resolve().parents[2]
WORKSPACES = sorted((ROOT / "workspaces").glob("*.yaml"))


@pytest.mark.parametrize("path", WORKSPACES, ids=lambda p: p.stem)
def test_rule_topics_name_topics_of_the_workspace(path: Path) -> None:
    workspace = load_workspace(path)
    known = {f.stem for f in topic_files(ROOT / "knowledge" / "bases" / workspace.slug)}
    refund = workspace.billing.refund
    named = set(refund.topics.values()) if refund is not None else set()
    named |= set(workspace.understanding.topic_actions)
    assert named <= known, f"unknown topics in {path.name}: {sorted(named - known)}"


def test_the_saas_workspace_quotes_a_rule_per_period_and_for_charges_in_error() -> None:
    refund = load_workspace(ROOT / "workspaces" / "saas-billing.yaml").billing.refund
    assert refund is not None
    assert set(refund.topics) == {"monthly", "annual", "charge_error"}
