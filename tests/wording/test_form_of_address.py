"""The workspace's `form_of_address` key: validated on load, and one form per Hebrew reply of a turn."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.core.workspaces import WorkspaceConfigError, load_workspace
from handlers.texts import text
from knowledge.grammar import address
from tests.wording.rules import address_forms

ROOT = Path(__file__).resolve().parents[2]


def test_the_demo_workspaces_each_choose_a_form() -> None:
    forms = {path.stem: load_workspace(path).form_of_address for path in sorted((ROOT / "workspaces").glob("*.yaml"))}
    assert set(forms.values()) == {"singular", "plural"}, forms  # both forms are exercised by the demos


def test_an_unknown_form_is_refused_naming_the_field(tmp_path: Path) -> None:
    source = (ROOT / "workspaces" / "web-agency.yaml").read_text(encoding="utf-8")
    broken = tmp_path / "web-agency.yaml"
    broken.write_text(source.replace("form_of_address: singular", "form_of_address: formal"), encoding="utf-8")
    with pytest.raises(WorkspaceConfigError, match="form_of_address"):
        load_workspace(broken)


@pytest.mark.parametrize("form", ["singular", "plural"])
def test_a_workspace_form_is_used_for_the_whole_reply(form: str) -> None:
    workspace = load_workspace(ROOT / "workspaces" / ("web-agency.yaml" if form == "singular" else "saas-billing.yaml"))
    with address.addressing("plural"):
        address.use(workspace)
        reply = text("support_denied_not_customer", "he")
        assert address_forms(reply) == {form}, reply
