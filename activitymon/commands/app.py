"""The default command: open the main window (or render it offscreen with
``--screenshot``)."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Mapping
from pathlib import Path

from activitymon import display
from activitymon.commands.base import CommandError
from activitymon.commands.outputs import check_output, looks_like_png

VIEWS = ("overview", "graph", "pages", "table", "bands", "events", "kernel-log")


def _check_screenshot_path(path: str) -> Path:
    target = Path(path).expanduser()
    if target.suffix.lower() != ".png":
        raise CommandError(f"--screenshot {path}: the file name must end in .png")
    parent = target.parent if str(target.parent) else Path(".")
    if not parent.is_dir():
        raise CommandError(f"--screenshot {path}: folder {parent} does not exist")
    if not os.access(parent, os.W_OK) or (target.exists() and not os.access(target, os.W_OK)):
        raise CommandError(f"--screenshot {path}: cannot write there (permission denied)")
    return target


def _parse_size(text: str) -> tuple[int, int]:
    try:
        w, h = (int(v) for v in text.lower().split("x"))
    except ValueError:
        raise CommandError(f"--size {text}: expected WIDTHxHEIGHT, e.g. 1280x820") from None
    if not (200 <= w <= 8000 and 150 <= h <= 8000):
        raise CommandError(f"--size {text}: width and height must be 200–8000 and 150–8000")
    return w, h


def has_display(environ: Mapping[str, str] = os.environ, platform: str = sys.platform) -> bool:
    """Whether a window can be shown: always on macOS and Windows; on X11 / Wayland
    when their variables are set; or when a Qt platform was chosen explicitly."""
    if platform == "darwin" or platform.startswith("win"):
        return True
    keys = ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
    return any(environ.get(key) for key in keys)


def run(args: argparse.Namespace) -> int:
    if args.interval is not None and not (0.05 <= args.interval <= 3600):
        raise CommandError(f"--interval {args.interval}: expected 0.05 to 3600 seconds")
    if args.view is not None and args.view not in VIEWS:
        raise CommandError(f"--view {args.view}: choose from {', '.join(VIEWS)}")
    screenshot = _check_screenshot_path(args.screenshot) if args.screenshot else None
    if screenshot is not None:  # never over a report or scenario of this run
        inputs = [*args.reports, *([args.scenario] if args.scenario else [])]
        check_output(screenshot, option="--screenshot", inputs=inputs, ours=looks_like_png)
    size = _parse_size(args.size)
    from activitymon.sources import Source, check_source_choice, open_source

    # a folder opens the reports browser on it; files are replayed in the window
    folders = tuple(p for p in args.reports if os.path.isdir(p))
    files = [p for p in args.reports if p not in folders]
    check_source_choice(args.source, files)  # a usage error, before any display
    if not has_display():
        if screenshot is None:
            raise CommandError(
                "no display to open a window on (DISPLAY and WAYLAND_DISPLAY are unset); "
                "use --screenshot PATH to render offscreen"
            )
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    if screenshot is None:
        choice = display.choose_platform()
        if choice.problem:
            raise CommandError(choice.problem)
        if choice.note:
            print(f"activitymon: {choice.note}", file=sys.stderr)
    source: Source
    recording = None
    if files:  # the recording reader (and the reports it reads) only where it may be one
        from activitymon.commands.recorded import open_recording_source, recording_among

        recording = recording_among(files)
    if recording is not None:
        source = open_recording_source(recording)
    else:
        source = open_source(
            args.source,
            scenario=args.scenario,
            seed=args.seed,
            reports=files,
            jetsam_properties=args.jetsam_properties,
        )
    from activitymon.commands.inspect import wanted_process
    from activitymon.ui.app import AppOptions, run_app
    from activitymon.viewmodel.source_description import opening_view

    options = AppOptions(
        interval=args.interval,
        screenshot=screenshot,
        quit_after=args.quit_after,
        view=args.view or opening_view(source.name),
        size=size,
        report_folders=folders,
        inspect=None if args.inspect is None else wanted_process(args.inspect),
        inspect_tab=args.inspect_tab,
        table_filter=args.filter,
    )
    return run_app(source, options)
