"""What can be done to a process, per source: the table's (and band view's) context
menu. On a steerable source (the simulator): grow, allocate, free, memory warning, band,
limit, kill; on a source that can terminate: Quit and Force Quit behind a confirmation
naming the process. Which actions appear follows the capabilities the last tick
announced; each action sends one typed command to the sampler thread.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QMessageBox, QWidget

from activitymon.model import Era, ProcessInfo, band_label, band_names
from activitymon.sources import Capability
from activitymon.viewmodel import (
    Allocate,
    Background,
    Command,
    Foreground,
    Free,
    Grow,
    Kill,
    Limit,
    ProcessCommand,
    Reband,
    StopGrowing,
    Suspend,
    Terminate,
    Warn,
)

Request = Callable[[Command], None]
Confirm = Callable[[str, str], bool]

GROW_RATES_MB_S = (8.0, 32.0, 128.0)
CHUNKS_MB = (8.0, 64.0, 256.0)
LIMITS_MB = (50, 100, 200, 500, 1000, 2000)


def confirm_dialog(parent: QWidget | None) -> Confirm:
    def ask(title: str, text: str) -> bool:
        answer = QMessageBox.question(
            parent,
            title,
            text,
            QMessageBox.StandardButton.Cancel | QMessageBox.StandardButton.Yes,
            QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Yes

    return ask


class ProcessMenu(QMenu):
    """The context menu for one process; actions are named ``action-<what>[-<arg>]``."""

    def __init__(
        self,
        proc: ProcessInfo,
        capabilities: frozenset[Capability],
        era: Era | None,
        *,
        request: Request,
        confirm: Confirm,
        copy: QAction | None = None,
        inspect: QAction | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.proc = proc
        self._request = request
        self._confirm = confirm
        title = self.addAction(f"{proc.name} (pid {proc.pid})")
        title.setEnabled(False)
        self.addSeparator()
        if inspect is not None:  # the window's Inspect Process (Ctrl+I): this process
            self.addAction(inspect)
        if copy is not None:  # the table's: the selected rows as TSV
            self.addAction(copy)
            self.addSeparator()
        if Capability.STEERABLE in capabilities:
            self._simulator_actions(era)
        elif Capability.TERMINATING in capabilities:
            self._live_actions()
        else:
            none = self.addAction("No actions for this source")
            none.setEnabled(False)

    # -- building -------------------------------------------------------------------------
    def _sim_action(self, menu: QMenu, text: str, name: str, command: ProcessCommand) -> QAction:
        action = menu.addAction(text)
        action.setObjectName(name)
        action.triggered.connect(lambda: self._request(command))
        return action

    def _simulator_actions(self, era: Era | None) -> None:
        pid, name = self.proc.pid, self.proc.name
        grow = self.addMenu("Grow")
        for rate in GROW_RATES_MB_S:
            self._sim_action(
                grow,
                f"{rate:g} MB/s in 8 MB chunks",
                f"action-grow-{rate:g}",
                Grow(pid, name, rate_mb_per_s=rate, chunk_mb=8.0),
            )
        grow.addSeparator()
        self._sim_action(grow, "Stop growing", "action-stop", StopGrowing(pid, name))
        allocate = self.addMenu("Allocate")
        for mb in CHUNKS_MB:
            self._sim_action(
                allocate, f"{mb:g} MB", f"action-allocate-{mb:g}", Allocate(pid, name, mb)
            )
        free = self.addMenu("Free")
        for mb in CHUNKS_MB:
            self._sim_action(free, f"{mb:g} MB", f"action-free-{mb:g}", Free(pid, name, mb))
        self._sim_action(self, "Send Memory Warning", "action-memory-warning", Warn(pid, name))
        self.addSeparator()
        self._sim_action(self, "Bring to Foreground", "action-foreground", Foreground(pid, name))
        self._sim_action(self, "Send to Background", "action-background", Background(pid, name))
        self._sim_action(self, "Suspend", "action-suspend", Suspend(pid, name))
        band_menu = self.addMenu("Set Band")
        if era is not None:
            for band in sorted(band_names(era)):
                if band > era.max_band:
                    continue
                action = self._sim_action(
                    band_menu, band_label(band, era), f"action-band-{band}", Reband(pid, name, band)
                )
                action.setCheckable(True)
                action.setChecked(band == self.proc.band)
        limit_menu = self.addMenu("Set Limit")
        for fatal in (True, False):
            kind = "fatal" if fatal else "soft"
            for mb in LIMITS_MB:
                text = f"{mb} MB ({kind})" if mb < 1000 else f"{mb // 1000} GB ({kind})"
                self._sim_action(
                    limit_menu, text, f"action-limit-{mb}-{kind}", Limit(pid, name, mb, fatal)
                )
            limit_menu.addSeparator()
        self.addSeparator()
        self._sim_action(self, "Kill", "action-kill", Kill(pid, name))

    def _live_actions(self) -> None:
        for force, text, name in (
            (False, "Quit…", "action-quit"),
            (True, "Force Quit…", "action-force-quit"),
        ):
            action = self.addAction(text)
            action.setObjectName(name)
            action.triggered.connect(lambda _=False, f=force: self.terminate(force=f))

    def terminate(self, *, force: bool) -> None:
        p = self.proc
        verb = "force quit" if force else "quit"
        text = f"Do you want to {verb} “{p.name}” (pid {p.pid})?"
        if force:
            text += "\nIt will end at once and lose unsaved work."
        if not self._confirm(f"{verb.capitalize()} {p.name}", text):
            return
        self._request(Terminate(p.pid, p.name, force))

    def action(self, name: str) -> QAction | None:
        """Find an action by object name, in this menu or its submenus."""
        found = self.findChild(QAction, name)
        return found if isinstance(found, QAction) else None
