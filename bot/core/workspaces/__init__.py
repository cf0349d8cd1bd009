"""Workspaces: the businesses one server hosts, each configured by a YAML file."""

from bot.core.workspaces.loader import WorkspaceConfigError, WorkspaceRegistry, load_workspace, load_workspaces
from bot.core.workspaces.schema import Hours, Lang, Plan, SupportRules, Workspace

__all__ = [
    "Hours",
    "Lang",
    "Plan",
    "SupportRules",
    "Workspace",
    "WorkspaceConfigError",
    "WorkspaceRegistry",
    "load_workspace",
    "load_workspaces",
]
