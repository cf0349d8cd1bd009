"""The typed `rsvp:` section: the seed policy's numbers load from YAML, typos are refused."""

from __future__ import annotations

from datetime import time
from pathlib import Path

import pytest
import yaml

from bot.core.settings import ROOT
from bot.core.workspaces import Workspace, WorkspaceConfigError, load_workspace
from bot.core.workspaces.rsvp_rules import RsvpRules


def test_event_rsvp_yaml_holds_the_policy_numbers(workspace: Workspace) -> None:
    rules = workspace.rsvp
    assert (rules.quota_for("wedding"), rules.quota_for("private"), rules.quota_for("business")) == (100, 50, 25)
    assert set(rules.counted_statuses("wedding")) == {"coming", "not_coming", "maybe", "no_answer"}
    assert set(rules.counted_statuses("business")) == {"coming", "not_coming", "maybe", "interested", "no_answer"}
    assert rules.quiet_hours.start == time(22, 0) and rules.quiet_hours.end == time(8, 0)
    assert rules.retention_days == 183 and rules.messages_per_second == 10


def test_other_workspaces_get_defaults() -> None:
    rules = load_workspace(ROOT / "workspaces" / "msg-software.yaml").rsvp
    assert rules == RsvpRules()
    assert "not_invited" not in rules.counted_statuses("private")


def _variant(tmp_path: Path, rsvp: dict) -> Path:
    data = yaml.safe_load((ROOT / "workspaces" / "event-rsvp.yaml").read_text(encoding="utf-8"))
    data["rsvp"] = rsvp
    path = tmp_path / "event-rsvp.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


@pytest.mark.parametrize(("rsvp", "words"), [
    ({"free_quota": {"wedding": -1}}, "rsvp.free_quota.wedding"),
    ({"quota_statuses": {"private": ["coming", "attending"]}}, "unknown status attending"),
    ({"quiet_hours": {"start": "25:00"}}, "rsvp.quiet_hours.start"),
    ({"free_qouta": {"wedding": 1}}, "rsvp.free_qouta"),
])
def test_bad_rsvp_section_names_file_and_field(tmp_path: Path, rsvp: dict, words: str) -> None:
    with pytest.raises(WorkspaceConfigError) as caught:
        load_workspace(_variant(tmp_path, rsvp))
    assert "event-rsvp.yaml" in str(caught.value) and words in str(caught.value)


def test_quota_can_be_changed_in_yaml_only(tmp_path: Path) -> None:
    rules = load_workspace(_variant(tmp_path, {"free_quota": {"wedding": 7}})).rsvp
    assert rules.quota_for("wedding") == 7 and rules.quota_for("business") == 25
