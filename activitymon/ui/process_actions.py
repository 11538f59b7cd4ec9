"""What can be done to a process, per source: the table's (and band view's) context
menu. On the simulator: grow, allocate, free, memory warning, band, limit, kill; on a
live source that can terminate: Quit and Force Quit behind a confirmation naming the
process. Every action travels to the sampler thread through ``request``.

Simulator controls are looked up on ``source.simulator`` by name, so a simulator that
lacks one simply shows it disabled.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QMessageBox, QWidget

from activitymon.model import Era, ProcessInfo, band_label, band_names
from activitymon.sim import Simulator
from activitymon.sources import Capability, Source, SourceError
from activitymon.sources.sim import SimulatorSource

Request = Callable[[Callable[[Source], Any], str], None]
Confirm = Callable[[str, str], bool]

GROW_RATES_MB_S = (8.0, 32.0, 128.0)
CHUNKS_MB = (8.0, 64.0, 256.0)
LIMITS_MB = (50, 100, 200, 500, 1000, 2000)


def simulator_of(source: Source) -> Simulator:
    """The simulator behind a simulator source; a one-line error for any other."""
    if not isinstance(source, SimulatorSource):
        raise SourceError(f"the {source.name} source is not a simulator")
    return source.simulator


def sim_has(source: Source, method: str) -> bool:
    """Whether the source's simulator offers this control (menus disable what it lacks)."""
    return isinstance(source, SimulatorSource) and callable(getattr(source.simulator, method, None))


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
        source: Source,
        era: Era | None,
        *,
        request: Request,
        confirm: Confirm,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.proc = proc
        self.source = source
        self._request = request
        self._confirm = confirm
        title = self.addAction(f"{proc.name} (pid {proc.pid})")
        title.setEnabled(False)
        self.addSeparator()
        caps = source.capabilities
        if Capability.SIMULATOR in caps:
            self._simulator_actions(era)
        elif Capability.TERMINATE in caps:
            self._live_actions()
        else:
            none = self.addAction("No actions for this source")
            none.setEnabled(False)

    # -- building -------------------------------------------------------------------------
    def _sim_action(
        self, menu: QMenu, text: str, name: str, method: str, *args: Any, **kwargs: Any
    ) -> QAction:
        action = menu.addAction(text)
        action.setObjectName(name)
        pid = self.proc.pid
        if not sim_has(self.source, method):
            action.setEnabled(False)
            action.setToolTip("this simulator does not offer it")
            return action
        description = f"{text.rstrip('…')} — {self.proc.name} ({pid})"

        def run(source: Source) -> Any:
            return getattr(simulator_of(source), method)(pid, *args, **kwargs)

        action.triggered.connect(lambda: self._request(run, description))
        return action

    def _simulator_actions(self, era: Era | None) -> None:
        grow = self.addMenu("Grow")
        for rate in GROW_RATES_MB_S:
            self._sim_action(
                grow,
                f"{rate:g} MB/s in 8 MB chunks",
                f"action-grow-{rate:g}",
                "grow",
                rate_mb_per_s=rate,
                chunk_mb=8.0,
            )
        grow.addSeparator()
        self._sim_action(grow, "Stop growing", "action-stop", "stop")
        allocate = self.addMenu("Allocate")
        for mb in CHUNKS_MB:
            self._sim_action(allocate, f"{mb:g} MB", f"action-allocate-{mb:g}", "allocate", mb)
        free = self.addMenu("Free")
        for mb in CHUNKS_MB:
            self._sim_action(free, f"{mb:g} MB", f"action-free-{mb:g}", "free", mb)
        self._sim_action(self, "Send Memory Warning", "action-memory-warning", "memory_warning")
        self.addSeparator()
        self._sim_action(self, "Bring to Foreground", "action-foreground", "foreground")
        self._sim_action(self, "Send to Background", "action-background", "background")
        self._sim_action(self, "Suspend", "action-suspend", "suspend")
        band_menu = self.addMenu("Set Band")
        if era is not None:
            for band in sorted(band_names(era)):
                if band > era.max_band:
                    continue
                action = self._sim_action(
                    band_menu, band_label(band, era), f"action-band-{band}", "set_band", band
                )
                action.setCheckable(True)
                action.setChecked(band == self.proc.band)
        limit_menu = self.addMenu("Set Limit")
        for fatal in (True, False):
            kind = "fatal" if fatal else "soft"
            for mb in LIMITS_MB:
                text = f"{mb} MB ({kind})" if mb < 1000 else f"{mb // 1000} GB ({kind})"
                self._sim_action(
                    limit_menu, text, f"action-limit-{mb}-{kind}", "set_limit", mb, fatal
                )
            limit_menu.addSeparator()
        self.addSeparator()
        self._sim_action(self, "Kill", "action-kill", "kill")

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
        pid = p.pid

        def run(source: Source) -> Any:
            return source.terminate(pid, force=force)  # type: ignore[attr-defined]

        self._request(run, f"{verb} {p.name} ({pid})")

    def action(self, name: str) -> QAction | None:
        """Find an action by object name, in this menu or its submenus."""
        found = self.findChild(QAction, name)
        return found if isinstance(found, QAction) else None
