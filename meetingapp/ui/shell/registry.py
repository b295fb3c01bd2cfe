"""The workspaces the main window is built from, in the order of the Visa menu.

Adding a workspace is one entry here and one package under ``ui/``; the first
entry is shown when no workspace was remembered.
"""

from __future__ import annotations

from meetingapp.ui.packet.workspace import ReadingWorkspace
from meetingapp.ui.shell.workspaces import WorkspaceFactory

WORKSPACES: list[WorkspaceFactory] = [ReadingWorkspace]
