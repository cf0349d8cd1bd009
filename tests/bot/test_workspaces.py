"""Workspace YAML: the demo files load; a broken file names the file, the field and the reason."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.core.settings import ROOT
from bot.core.workspaces import WorkspaceConfigError, load_workspace, load_workspaces

CONTRACT_NUMBERS = {
    "msg-software": "+972500000001", "remote-support": "+972500000002", "saas-billing": "+972500000003",
    "event-rsvp": "+972500000004", "web-agency": "+972500000005",
}


def test_the_five_demo_workspaces_load_with_contract_numbers() -> None:
    registry = load_workspaces(ROOT / "workspaces")
    assert {w.slug: w.numbers[0] for w in registry} == CONTRACT_NUMBERS
    assert registry.by_number("+972500000005").slug == "web-agency"  # type: ignore[union-attr]
    assert registry.by_slug("web-agency").timezone == "Europe/Moscow"  # type: ignore[union-attr]
    assert registry.by_slug("remote-support").hours.always  # type: ignore[union-attr]
    assert set(registry.by_slug("msg-software").plans) == {  # type: ignore[union-attr]
        "one-time-license", "essential", "advanced", "cloud"}


def _write(tmp_path: Path, text: str, name: str = "shop.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


VALID = """slug: shop
name: Shop
numbers: ["+972500000009"]
languages: [he]
timezone: Asia/Jerusalem
hours: {sun: ["09:00-17:00"]}
plans: {basic: {human: true}}
"""


def test_a_valid_minimal_file_loads(tmp_path: Path) -> None:
    workspace = load_workspace(_write(tmp_path, VALID))
    assert workspace.hours.week["sun"][0].start.hour == 9


@pytest.mark.parametrize(("change", "expected"), [
    (("timezone: Asia/Jerusalem", "timezone: Mars/Olympus"), "timezone: Value error, 'Mars/Olympus' is not an IANA"),
    (('sun: ["09:00-17:00"]', 'sun: ["17:00-09:00"]'), "hours: Value error, '17:00-09:00' ends before it starts"),
    (('sun: ["09:00-17:00"]', 'funday: ["09:00-17:00"]'), "unknown day 'funday'"),
    (('numbers: ["+972500000009"]', 'numbers: ["12"]'), "numbers: Value error, '12'"),
    (("languages: [he]", "languages: [fr]"), "languages.0"),
    (("plans: {basic: {human: true}}", "plans: {basic: {humn: true}}"), "plans.basic.humn: Extra inputs"),
    (('sun: ["09:00-17:00"]', 'sun: ["09:00-17:00"], holiday_eve: friday'),
     "hours: Value error, holiday_eve: 'friday' is not a day name"),
    (('sun: ["09:00-17:00"]', 'sun: ["09:00-17:00"], holiday_eve: ["13:00-09:00"]'),
     "hours: Value error, '13:00-09:00' ends before it starts"),
])
def test_a_broken_field_is_named_with_the_reason(tmp_path: Path, change: tuple[str, str], expected: str) -> None:
    path = _write(tmp_path, VALID.replace(*change))
    with pytest.raises(WorkspaceConfigError) as caught:
        load_workspace(path)
    assert str(path) in str(caught.value)
    assert expected in str(caught.value)


@pytest.mark.parametrize(("hours", "expected"), [
    ('{sun: ["09:00-17:00"]}', "fri"),                      # no key: an eve is worked like a Friday
    ('{sun: ["09:00-17:00"], holiday_eve: regular}', "regular"),
    ('{sun: ["09:00-17:00"], holiday_eve: thu}', "thu"),
    ('{sun: ["09:00-17:00"], holiday_eve: closed}', []),
    ('{sun: ["09:00-17:00"], holiday_eve: []}', []),
    ('{sun: ["09:00-17:00"], holiday_eve: "09:00-13:00"}', ["09:00-13:00"]),
    ('{sun: ["09:00-17:00"], holiday_eve: ["09:00-11:00", "12:00-13:00"]}', ["09:00-11:00", "12:00-13:00"]),
    ('"24/7"', "fri"),
    ('{always: true, holiday_eve: ["00:00-14:00"]}', ["00:00-14:00"]),
])
def test_holiday_eve_hours(tmp_path: Path, hours: str, expected: object) -> None:
    workspace = load_workspace(_write(tmp_path, VALID.replace('hours: {sun: ["09:00-17:00"]}', f"hours: {hours}")))
    eve = workspace.hours.holiday_eve
    if isinstance(eve, list):
        eve = [f"{s.start:%H:%M}-{s.end:%H:%M}" for s in eve]
    assert eve == expected
    assert "holiday_eve" not in workspace.hours.week


def test_broken_yaml_names_line(tmp_path: Path) -> None:
    path = _write(tmp_path, VALID + "plans: [unclosed\n")
    with pytest.raises(WorkspaceConfigError, match=r"shop.yaml: line \d+, column \d+ is not valid YAML"):
        load_workspace(path)


def test_slug_must_match_file_name(tmp_path: Path) -> None:
    with pytest.raises(WorkspaceConfigError, match="must match the file name 'other'"):
        load_workspace(_write(tmp_path, VALID, name="other.yaml"))


def test_two_workspaces_may_not_share_a_number(tmp_path: Path) -> None:
    _write(tmp_path, VALID)
    _write(tmp_path, VALID.replace("slug: shop", "slug: shop2"), name="shop2.yaml")
    with pytest.raises(WorkspaceConfigError, match="already used by workspace 'shop'"):
        load_workspaces(tmp_path)
