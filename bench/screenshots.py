"""The screenshot matrix of issue 26: every view a newcomer meets, at two screen sizes,
light and dark, rendered offscreen so that someone can open each PNG and read it.

Views: the overview, the page-classes view, the process table filtered by
``band:0 state:suspended`` (the window's ``--screenshot``), a lesson
(``activitymon lesson NAME --screenshot DIR``: one PNG per checkpoint) and
Simulator → Compare… after a run of its own example (drawn here, in a child process,
at the size the dialog takes on that screen). Sizes 1024×640 and 1440×900; the colour
scheme forced with ``ACTIVITYMON_COLOR_SCHEME=light|dark``.

Run: ``python3 dev.py screenshots [DIR]`` (default ``/tmp/activitymon-screenshots``), or
``.venv/bin/python bench/screenshots.py [DIR] [--only overview,compare]
[--sizes 1024x640] [--schemes dark]``. Files: ``DIR/<view>-<W>x<H>-<scheme>.png``
(lessons: a folder ``DIR/lesson-<W>x<H>-<scheme>/``). Nothing is asserted: the point is
to look.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
SIZES = ("1024x640", "1440x900")
SCHEMES = ("light", "dark")
LESSON = "pressure-and-warnings"
#: simulated seconds before a shot: the demo's hog has met Warning, Critical and kills
AFTER = "60"
#: the window's views shot through ``activitymon --screenshot``
WINDOW_SHOTS: dict[str, tuple[str, ...]] = {
    "overview": ("--view", "overview"),
    "pages": ("--view", "pages"),
    "table-filtered": ("--view", "table", "--filter", "band:0 state:suspended"),
}
VIEWS = (*WINDOW_SHOTS, "lesson", "compare")


def _env(scheme: str) -> dict[str, str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", ACTIVITYMON_COLOR_SCHEME=scheme)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, (str(PROJECT), env.get("PYTHONPATH"))))
    return env


def _command(view: str, size: str, target: Path) -> list[str]:
    app = [sys.executable, "-m", "activitymon"]
    if view in WINDOW_SHOTS:
        return [*app, "--screenshot", str(target), "--size", size, "--quit-after", AFTER,
                *WINDOW_SHOTS[view]]  # fmt: skip
    if view == "lesson":
        target.mkdir(parents=True, exist_ok=True)
        return [*app, "lesson", LESSON, "--screenshot", str(target), "--size", size]
    return [sys.executable, __file__, "--compare-one", str(target), "--size", size]


def shoot_compare(target: Path, size: str) -> int:
    """Compare… on a screen of ``size``: the demo against its own example what-if."""
    from PySide6.QtCore import QEventLoop, QTimer

    from activitymon.ui.app import application
    from activitymon.ui.compare_dialog import PREFERRED, CompareDialog
    from activitymon.viewmodel.sim_sources import SimChoice

    app = application()
    width, height = (int(v) for v in size.split("x"))
    dialog = CompareDialog(SimChoice("demo", None, 0), None, processes=False)
    # the size _fit_screen gives it on a screen of this size
    dialog.resize(min(PREFERRED[0], width - 24), min(PREFERRED[1], height - 24))
    dialog.show()
    loop, guard = QEventLoop(), QTimer()
    guard.setSingleShot(True)
    guard.timeout.connect(loop.quit)
    guard.start(300_000)
    while dialog.summary is None and guard.isActive():
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
        time.sleep(0.02)
    dialog.compared.connect(lambda _c: loop.quit())
    dialog.run()
    loop.exec()
    guard.stop()
    app.processEvents()
    ok = dialog.grab().save(str(target), "PNG")
    dialog.close()
    print(f"wrote {target}" if ok else f"could not write {target}")
    return 0 if ok else 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", nargs="?", default="/tmp/activitymon-screenshots")
    parser.add_argument("--only", default=",".join(VIEWS), help="views, comma-separated")
    parser.add_argument("--sizes", default=",".join(SIZES))
    parser.add_argument("--schemes", default=",".join(SCHEMES))
    parser.add_argument("--compare-one", metavar="PNG", help=argparse.SUPPRESS)
    parser.add_argument("--size", default=SIZES[0], help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.compare_one:
        return shoot_compare(Path(args.compare_one), args.size)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    failed = 0
    for view in args.only.split(","):
        if view not in VIEWS:
            parser.error(f"--only {view}: not one of {', '.join(VIEWS)}")
        for size in args.sizes.split(","):
            for scheme in args.schemes.split(","):
                name = f"{view}-{size}-{scheme}"
                target = out / (name if view == "lesson" else f"{name}.png")
                done = subprocess.run(
                    _command(view, size, target),
                    env=_env(scheme),
                    capture_output=True,
                    text=True,
                    check=False,
                )
                if done.returncode != 0:
                    failed += 1
                    print(f"{name}: exit {done.returncode}: {done.stderr.strip()}")
                else:
                    print(f"{name}: {target}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
