"""``activitymon simulate SCENARIO``: run a simulated device headless, as fast as it
goes; write its events as JSON Lines, its jetsam reports as files and its narration as
text (``--narrate``: the window's "What's happening" sentences, one a line) and the
kernel's own log lines (``--kernel-log``, in the release's format); print a summary
(kills by reason and by band, peak level, time below each threshold)."""

from __future__ import annotations

import argparse
import contextlib
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import IO

from activitymon.commands.base import CommandError
from activitymon.commands.compare_args import add_compare_arguments, run_compare_command
from activitymon.commands.kernel_log_out import kernel_log_target, write_kernel_log
from activitymon.commands.narration_out import kept_reports, narration_target, write_narration
from activitymon.commands.options import MAX_SIM_SECONDS, seconds
from activitymon.commands.outputs import (
    atomic_writer,
    check_folder,
    check_output,
    holding,
    looks_like_json_lines,
    write_new_file,
)
from activitymon.commands.progress import ProgressLine
from activitymon.model import (
    Event,
    JetsamReport,
    KernelLogLine,
    Killed,
    Notified,
    PressureLevel,
    ReportWritten,
    Responded,
    band_label,
    event_to_dict,
)
from activitymon.model.text import shortened
from activitymon.reports import render_report, report_file_name
from activitymon.sim import (
    Scenario,
    ScenarioError,
    Simulator,
    SimulatorError,
    builtin_scenarios,
    device_profiles,
    load_scenario,
)
from activitymon.sim.scenario import with_properties_file
from activitymon.strict_json import dumps
from activitymon.teaching.narration_line import NarrationLine
from activitymon.teaching.narrator import Narrator
from activitymon.terminal import clean, write
from activitymon.units import format_bytes, format_duration

HELP = "Run a simulator scenario headless: events as JSON Lines, jetsam reports, a summary."

#: simulated seconds between drains of events and reports
STEP_S = 1.0
PROGRESS_AFTER_WALL_S = 0.5

Writers = tuple[Callable[[JetsamReport], str], Callable[[JetsamReport], str]]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "scenario", nargs="?", metavar="SCENARIO", help="a built-in scenario name or a TOML file"
    )
    parser.add_argument(
        "--list", action="store_true", help="list the built-in scenarios and device profiles"
    )
    parser.add_argument(
        "--until",
        type=seconds(0, MAX_SIM_SECONDS, above=True),
        metavar="SECONDS",
        help="simulated seconds to run (default: the scenario's duration; "
        f"at most {MAX_SIM_SECONDS:g}, a simulated day)",
    )
    parser.add_argument("--seed", type=int, metavar="N", help="seed (default: the scenario's)")
    parser.add_argument(
        "--jetsam-properties",
        metavar="FILE",
        help="a com.apple.jetsamproperties plist (XML or binary) in place of the device's own",
    )
    parser.add_argument(
        "--events", metavar="PATH|-", help="write events as JSON Lines to PATH ('-': stdout)"
    )
    parser.add_argument("--reports", metavar="DIR", help="write the device's jetsam reports here")
    parser.add_argument(
        "--narrate",
        metavar="PATH|-",
        help="write the narration as '<seconds><TAB><sentence>' lines to PATH ('-': stdout); "
        "a burst is one line",
    )
    parser.add_argument(
        "--kernel-log",
        metavar="PATH|-",
        help="write the kernel's own log lines (its release's format) as "
        "'<seconds><TAB><line>' lines to PATH ('-': stdout)",
    )
    parser.add_argument(
        "--force",
        action="store_true",
        help="let --events replace an existing file activitymon did not write, "
        "or an input of this run",
    )
    add_compare_arguments(parser)


def run(args: argparse.Namespace) -> int:
    if args.list:
        sys.stdout.write(render_list())
        return 0
    scenario = _scenario(args)
    until = scenario.duration if args.until is None else args.until
    if not until > 0:
        raise CommandError(f"--until: expected a number of seconds above 0, got {args.until:g}")
    if args.compare or args.what_if or args.json:
        return run_compare_command(args, scenario, until)
    sim = Simulator.from_scenario(scenario, seed=args.seed)
    inputs = [] if scenario.path is None else [scenario.path]
    if args.jetsam_properties:
        inputs.append(Path(args.jetsam_properties).expanduser())
    to_stdout = _stdout_user(args)
    narration = narration_target(args, inputs)
    kernel_log = kernel_log_target(args, inputs)
    events_path = None
    if args.events and not to_stdout:
        events_path = check_output(
            args.events,
            option="--events",
            inputs=inputs,
            ours=looks_like_json_lines,
            force=args.force,
        )
    reports_dir = None
    if args.reports is not None:
        reports_dir = check_folder(args.reports, option="--reports", inputs=inputs)
    summary_out = sys.stderr if to_stdout else sys.stdout
    narrator = Narrator(sim.kernel_facts) if narration is not None else None
    try:
        with contextlib.ExitStack() as held:
            if reports_dir is not None:  # one run at a time writes reports into a folder
                held.enter_context(holding(reports_dir, option="--reports"))
            if events_path is not None:
                events_file = held.enter_context(atomic_writer(events_path, option="--events"))
                tally = _run(sim, until, events_file, reports_dir, narrator)
            else:
                out = sys.stdout if args.events == "-" else None
                tally = _run(sim, until, out, reports_dir, narrator)
        if narration is not None:
            write_narration(tally.narration, narration)
        if kernel_log is not None:
            write_kernel_log(tally.kernel_log, kernel_log)
    except BrokenPipeError:
        return 0
    except SimulatorError as exc:
        raise CommandError(f"{scenario.name}: {exc}") from None
    write(render_summary(scenario, sim, tally), summary_out)
    return 0


def _scenario(args: argparse.Namespace) -> Scenario:
    if not args.scenario:
        raise CommandError("give a SCENARIO (a built-in name or a .toml file), or --list")
    try:
        scenario = load_scenario(args.scenario)
        if args.jetsam_properties:
            scenario = with_properties_file(scenario, args.jetsam_properties)
    except ScenarioError as exc:
        raise CommandError(str(exc)) from None
    return scenario


def _stdout_user(args: argparse.Namespace) -> bool:
    """Whether one output goes to stdout; more than one is a usage error."""
    stdout_users = [
        option
        for option, value in (
            ("--events", args.events),
            ("--narrate", args.narrate),
            ("--kernel-log", args.kernel_log),
        )
        if value == "-"
    ]
    if len(stdout_users) > 1:
        raise CommandError(
            f"{' - and '.join(stdout_users)} -: only one of them can write to stdout"
        )
    return bool(stdout_users)


class Tally:
    """What the summary counts from the events while the run goes."""

    def __init__(self) -> None:
        self.kills_by_reason: Counter[str] = Counter()
        self.kills_by_band: Counter[int] = Counter()
        self.notifications = 0
        self.responses = 0
        self.freed_bytes = 0
        self.reports: list[Path] = []
        self.wall_s = 0.0
        #: the narration's lines, each in its last form, by serial
        self.narration: dict[int, NarrationLine] = {}
        #: the kernel's own log lines, oldest first
        self.kernel_log: list[KernelLogLine] = []

    def count(self, event: Event) -> None:
        if isinstance(event, Killed):
            self.kills_by_reason[event.reason.value] += 1
            if event.band is not None:
                self.kills_by_band[event.band] += 1
        elif isinstance(event, Responded):
            self.responses += 1
            self.freed_bytes += event.freed_bytes
        elif isinstance(event, Notified):
            self.notifications += 1


def _run(
    sim: Simulator,
    until: float,
    out: IO[str] | None,
    reports_dir: Path | None,
    narrator: Narrator | None = None,
) -> Tally:
    tally = Tally()
    writers: Writers = (render_report, report_file_name)
    progress = ProgressLine.on_terminal(sys.stderr, after_s=PROGRESS_AFTER_WALL_S)
    start = time.perf_counter()
    while sim.now < until:
        sim.run_until(min(until, sim.now + STEP_S))
        events = sim.drain_events()
        tally.kernel_log += sim.drain_kernel_log()
        told = events
        if reports_dir is not None:
            events += _write_reports(sim, reports_dir, writers, tally)
            events.sort(key=lambda e: e.t)  # stable: a report follows its kill pass
        elif narrator is not None:  # the reports the device posted, told, not written
            told = sorted(events + kept_reports(sim), key=lambda e: e.t)
        for event in events:
            tally.count(event)
            if out is not None:
                out.write(dumps(event_to_dict(event)) + "\n")
        if narrator is not None:
            for line in narrator.narrate(sim.snapshot(), told):
                tally.narration[line.serial] = line
        if progress is not None:
            progress.bar(sim.now / until, "simulated")
    if progress is not None:
        progress.bar(1.0, "simulated")
        progress.done()
    tally.wall_s = time.perf_counter() - start
    return tally


def _write_reports(sim: Simulator, folder: Path, writers: Writers, tally: Tally) -> list[Event]:
    render, file_name = writers
    events: list[Event] = []
    for posted, report in sim.drain_timed_reports():
        path = folder / file_name(report)
        n = 1
        while path.exists() or path in tally.reports:
            n += 1
            stem, dot, ext = file_name(report).partition(".")
            path = folder / f"{stem}-{n}{dot}{ext}"
        write_new_file(path, render(report), option="--reports")
        tally.reports.append(path)
        events.append(ReportWritten(posted, str(path), report.format.value))
    return events


def render_summary(scenario: Scenario, sim: Simulator, tally: Tally) -> str:
    era = sim.era
    lines = [
        f"scenario {clean(scenario.name)}: {clean(scenario.description)}",
        f"device   {sim.device_label}, {format_bytes(sim.profile.ram_bytes)}, "
        f"{sim.profile.page_size // 1024} KiB pages, {era.value} era   seed {sim.seed}",
        f"ran      {format_duration(sim.now)} simulated in {tally.wall_s:.2f} s "
        f"({sim.now / max(tally.wall_s, 1e-9):,.0f}× real time)",
        "",
        f"kills    {sum(tally.kills_by_reason.values())}",
    ]
    for reason, n in sorted(tally.kills_by_reason.items(), key=lambda kv: (-kv[1], kv[0])):
        lines.append(f"  by reason  {reason:<28} {n}")
    for band, n in sorted(tally.kills_by_band.items()):
        lines.append(f"  by band    {band_label(band, era):<28} {n}")
    stats = sim.run_stats()
    lines += [
        "",
        f"peak level            {stats.peak_level.label}",
        f"lowest memorystatus_level {stats.min_memorystatus_level} %",
    ]
    for level in (PressureLevel.WARN, PressureLevel.CRITICAL):
        lines.append(f"time at {level.label:<13} {format_duration(stats.time_at_level[level])}")
    if sim.thresholds is not None:
        for name in ("soft", "idle", "critical"):
            lines.append(f"time below {name:<10} {format_duration(stats.time_below[name])}")
    lines.append(
        f"notifications         {tally.notifications}; responses {tally.responses} "
        f"(freed {format_bytes(tally.freed_bytes)})"
    )
    if tally.reports:
        lines.append(f"reports               {len(tally.reports)} in {tally.reports[0].parent}")
    use = scenario.profile.properties_use
    if use is not None:
        unknown = f"; {len(use.unknown)} labels no process carries" if use.unknown else ""
        lines.append(
            f"jetsam properties     {clean(use.file)} ({use.layout.value}): "
            f"{len(use.applied)} processes{unknown}"
        )
    return "\n".join(lines) + "\n"


def render_list() -> str:
    lines = ["Built-in scenarios:"]
    for name, scenario in builtin_scenarios().items():
        lines.append(
            f"  {name:<22} {scenario.profile.name:<11} {format_duration(scenario.duration):>10}"
            f"  {_first_sentence(scenario.description)}"
        )
    lines += ["", "Device profiles:"]
    for name, profile in device_profiles().items():
        limit = f"{profile.task_limit_mb:,} MB" if profile.task_limit_mb else "none"
        lines.append(
            f"  {name:<12} {profile.label:<30} {format_bytes(profile.ram_bytes):>8}"
            f"  {profile.page_size // 1024:>2} KiB pages  {profile.era.value:<7} "
            f"task limit {limit:>8}  {profile.os_version}"
        )
    return "\n".join(lines) + "\n"


def _first_sentence(text: str) -> str:
    head = text.split(". ", maxsplit=1)[0].rstrip(".")
    return shortened(head, 90)
