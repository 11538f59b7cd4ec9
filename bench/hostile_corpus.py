"""Run a corpus of hostile inputs through the commands and the window, and count how
each ends.

Run: ``.venv/bin/python bench/hostile_corpus.py [--quick] [--keep DIR] [--part P]``.
Parts: ``reports`` (reports, scenarios, options, outputs of ``simulate``: issue 15) and
``files`` (issue 30: damaged and crafted recordings through ``snapshot --recording`` and
the window, write-ahead-log states, a recording still being written, ``record`` onto
special files, beyond its bounds, onto a full disk and beside a second writer; FIFOs,
devices and bounds in lessons and ``--what-if``; a standard output that takes only
ASCII or Latin-1); ``all`` (default) runs both. Each case is a subprocess with a
timeout; the properties a case must have are in ``hostile_case.py``. Figures only
(counts by class, the kinds of failure and the slowest case); the same properties are
held by the tests in ``tests/fuzz/`` and ``tests/hostile/``. Run as root, the full disk
is a small tmpfs (unmounted at the end) and ``record`` onto a device uses a private
device node, never ``/dev/null`` itself.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

from hostile_case import Case, Outcome, run_case
from hostile_untrusted_files import build as build_untrusted_file_cases

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT.parent / "shared" / "fixtures" / "jetsam-reports"
HEADER = (
    '{"bug_type":"298","timestamp":"2020-10-15 17:29:58.79 +0100",'
    '"os_version":"iPhone OS 14.2 (18B5061e)","incident_id":"B04A36B1"}\n'
)
ESC_NAMES = (
    "\x1b[2J\x1b[Hcleared",
    "\x1b]0;owned\x07title",
    "evil\nvictims (9, in kill order):\n  forged",
    "bell\x07\x08\x7f",
    "c1\u009b31m",
)


def _proc(pid: object = 1, name: object = "proc", rpages: object = 100, **more: object) -> str:
    entry = {"pid": pid, "name": name, "rpages": rpages, "priority": 0, "states": ["daemon"]}
    entry.update(more)
    return json.dumps(entry)


def _body(procs: list[str], status: str | None = None, top: str = "") -> str:
    status = status or (
        '{"pageSize": 16384, "memoryPages": {"free": 100, "active": 200, "wired": 300}}'
    )
    return (
        '{\n  "product" : "iPhone12,1",\n  "build" : "iPhone OS 14.2",\n'
        + top
        + '  "memoryStatus" : '
        + status
        + ',\n  "largestProcess" : "proc",\n  "processes" : [\n'
        + ",\n".join(procs)
        + "\n]\n}\n"
    )


def _lowmemory(rows: list[str], pages: str = "922") -> str:
    return (
        "Incident Identifier: 7BC7B59F\nHardware Model:      iPad2,5\n"
        "OS Version:          iPhone OS 7.0.4 (11B554a)\nDate:                2015-08-07\n\n"
        f"Free pages:                              {pages}\nActive pages:                 3697\n"
        "Largest process:   KKBOX\n\nProcesses\n"
        "     Name                    <UUID>                       rpages       recent_max"
        "   fds      [reason]          (state)\n\n" + "\n".join(rows) + "\n"
    )


_UUID = "b3574f4bded1315cb2e50e5de205be48"


def report_cases() -> Iterator[tuple[str, bytes, bool]]:
    """(name, content, truncated text report?)"""
    ok = _body([_proc(1, "a"), _proc(2, "b", reason="vm-pageshortage", killDelta=1)])
    yield "ok.ips", (HEADER + ok).encode(), False
    yield "huge-int-rpages.ips", (HEADER + _body([_proc(1, "a", 10**400)])).encode(), False
    yield (
        "huge-int-5000.ips",
        (HEADER + _body([_proc(1, "a", "@")])).replace('"@"', "9" * 5000).encode(),
        False,
    )
    yield (
        "huge-int-4000.json",
        _body([_proc(1, "a", "@")]).replace('"@"', "9" * 4000).encode(),
        False,
    )
    yield (
        "huge-pagesize.ips",
        (
            HEADER + _body([_proc(1, "a")], '{"pageSize": 1e308, "memoryPages": {"free": 1}}')
        ).encode(),
        False,
    )
    yield (
        "huge-pages.ips",
        (
            HEADER
            + _body([_proc()], '{"pageSize": 16384, "memoryPages": {"free": 1' + "0" * 30 + "}}")
        ).encode(),
        False,
    )
    yield (
        "neg-pages.ips",
        (
            HEADER + _body([_proc(rpages=-5)], '{"pageSize": -16384, "memoryPages": {"free": -1}}')
        ).encode(),
        False,
    )
    for word in ("NaN", "Infinity", "-Infinity", "1e999"):
        yield (
            f"nonfinite-{word}.ips",
            (HEADER + _body([_proc(1, "a", cpuTime="@").replace('"@"', word)])).encode(),
            False,
        )
        yield (
            f"nonfinite-status-{word}.ips",
            (
                HEADER
                + _body(
                    [_proc()],
                    '{"pageSize": 16384, "compressorSize": '
                    + word
                    + ', "memoryPages": {"free": 1}}',
                )
            ).encode(),
            False,
        )
    yield "deep-json.ips", (HEADER + "[" * 200_000 + "]" * 200_000).encode(), False
    yield (
        "deep-json-body.json",
        ('{"memoryStatus": ' + "[" * 100_000 + "]" * 100_000 + "}").encode(),
        False,
    )
    yield "deep-json-open.ips", (HEADER + '{"memoryStatus":' + "{" * 100_000).encode(), False
    yield "deep-header.ips", ("[" * 100_000 + "\n").encode(), False
    # regular-expression bombs: long lines of spaces that end in a non-space
    spaces = " " * 50_000
    yield (
        "redos-lenient.ips",
        (
            HEADER + '{\n  "memoryStatus" : {"pageSize": 16384},\n  "k" :' + spaces + "x\n"
            '  "processes" : [\n' + _proc() + ",\n...\n"
        ).encode(),
        False,
    )
    yield (
        "redos-lenient2.ips",
        (
            HEADER + '{\n"memoryStatus" : {"pageSize": 4096},\n"' + "a" * 30_000 + ":" + spaces
        ).encode(),
        False,
    )
    yield (
        "redos-header.log",
        (
            "Incident Identifier:" + spaces + "x\nOS Version:" + spaces + "\u00a0" + spaces + "y\n"
            "Free pages: 1\nLargest process: a\n\nProcesses\n"
        ).encode(),
        False,
    )
    yield (
        "redos-header2.log",
        (
            "A" + " " * 50_000 + "\nFree pages: 1" + spaces + "x\nLargest process: a\nProcesses\n"
        ).encode(),
        False,
    )
    yield (
        "redos-row.log",
        _lowmemory(
            [" " * 30_000 + "<" + " " * 30_000 + "x", "a <" + _UUID + ">" + " 1" * 20_000 + " x"]
        ).encode(),
        False,
    )
    yield (
        "redos-states.log",
        _lowmemory(
            ["a <" + _UUID + "> 1 2 3 " + "(" * 30_000 + "x", "b <" + _UUID + "> 1 " + "[" * 30_000]
        ).encode(),
        False,
    )
    # truncated text: cut mid-number, mid-row, mid-header
    full = _lowmemory(
        [
            f"      MobileMail <{_UUID}>         1113             1113  200   [vm-pageshortage]",
            f"            tccd <{_UUID}>          170              170  200   (daemon)",
        ]
    )
    cut = full.rindex("170  200") + 2
    yield "cut-mid-number.log", full[:cut].encode(), True
    yield "cut-mid-pages.log", full[: full.index("922") + 2].encode(), True
    yield "cut-mid-row.log", full[: full.index("tccd") + 3].encode(), True
    yield "cut-mid-uuid.log", full[: full.rindex(_UUID) + 10].encode(), True
    if FIXTURES.is_dir():
        kkbox = (FIXTURES / "kkbox_LowMemory-2015-08-07-112054.log").read_bytes()
        for frac in (0.3, 0.55, 0.8, 0.97):
            n = int(len(kkbox) * frac)
            while kkbox[n - 1 : n].isdigit() and kkbox[n : n + 1].isdigit() is False:
                n -= 1
            yield f"kkbox-cut-{frac}.log", kkbox[:n], True
        ios14 = (FIXTURES / "JetsamEvent-2020-10-15-172958.ips.synced").read_bytes()
        for frac in (0.1, 0.5, 0.9):
            yield f"ios14-cut-{frac}.ips", ios14[: int(len(ios14) * frac)], False
    # wrong types in a JetsamEvent
    yield (
        "wrong-types.ips",
        (
            HEADER
            + _body(
                [_proc("1", 7, "many", priority="high", states="x"), _proc(2, "b", [1], fds={})],
                '{"pageSize": "16384", "memoryPages": {"free": "lots", "active": []}}',
                top='  "timeDelta" : "soon",\n',
            )
        ).encode(),
        False,
    )
    yield (
        "wrong-types2.ips",
        (HEADER + '{"memoryStatus": [], "processes": {"a": 1}}\n').encode(),
        False,
    )
    yield (
        "processes-strings.ips",
        (HEADER + '{"memoryStatus": {}, "processes": ["a", 1, null]}\n').encode(),
        False,
    )
    yield (
        "dup-pids.ips",
        (HEADER + _body([_proc(1, f"p{i}", 10 + i) for i in range(134)])).encode(),
        False,
    )
    # hostile names
    procs = [
        _proc(i + 1, name, 50, reason="\x1b[31mvm-pageshortage", killDelta=i)
        for i, name in enumerate(ESC_NAMES)
    ]
    yield (
        "escape-names.ips",
        (
            HEADER.replace("iPhone OS 14.2", "iOS\x1b[2J")
            + _body(procs).replace("iPhone12,1", "iPhone\\u001b]0;x\\u0007")
        ).encode(),
        False,
    )
    yield (
        "escape-lowmemory.log",
        _lowmemory([f"\x1b[2Jevil <{_UUID}> 1 2 3 [vm\x1b[31m] (dae\x07mon)"])
        .replace("iPad2,5", "iPad\x1b]0;t\x07")
        .encode(),
        False,
    )
    yield (
        "surrogate-name.ips",
        (HEADER + _body([_proc(1, "@")]).replace('"@"', '"\\ud800x\\udfff"')).encode(),
        False,
    )
    yield (
        "surrogate-key.ips",
        (HEADER + _body([_proc(1, "a")]).replace('"rpages"', '"\\udc80"', 1)).encode(),
        False,
    )
    yield (
        "bad-utf8.log",
        _lowmemory([f"na\xffme <{_UUID}> 1 2 3"]).encode("latin-1", "replace"),
        False,
    )
    yield (
        "bad-utf8.ips",
        (HEADER + _body([_proc(1, "@")])).encode().replace(b'"@"', b'"\xff\xfe"'),
        False,
    )
    yield "bidi-name.ips", (HEADER + _body([_proc(1, "\u202eevil\u2066x")])).encode(), False
    # other odd files
    yield "empty.ips", b"", False
    yield "nul.ips", b"\x00" * 100, False
    yield (
        "plist-bomb.plist",
        (
            b'<?xml version="1.0"?>\n<!DOCTYPE plist [<!ENTITY a "aaaaaaaaaa">'
            b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>\n<plist><dict><key>description</key>'
            b"<string>&b;&b;&b;</string></dict></plist>"
        ),
        False,
    )
    yield (
        "deep-plist.plist",
        (
            b"<?xml version='1.0'?><plist>"
            + b"<array>" * 50_000
            + b"</array>" * 50_000
            + b"</plist>"
        ),
        False,
    )


def scenario_cases() -> Iterator[tuple[str, str]]:
    base = '[device]\nprofile = "iPod5,1"\n[[process]]\nname = "hog"\nband = "foreground"\n'
    grow = base + '[[action]]\nat = 1\ndo = "grow"\nprocess = "hog"\n'
    for word in ("nan", "inf", "-inf", "1e12", "1e308", "-1"):
        yield f"duration-{word}.toml", f"duration = {word}\n" + base
        yield f"at-{word}.toml", base + f'[[action]]\nat = {word}\ndo = "kill"\nprocess = "hog"\n'
        yield (
            f"every-{word}.toml",
            base + f'[[action]]\nat = 1\nevery = {word}\ndo = "kill"\nprocess = "hog"\n',
        )
        yield f"rate-{word}.toml", grow + f"rate_mb_per_s = {word}\n"
        yield f"chunk-{word}.toml", grow + f"rate_mb_per_s = 16\nchunk_mb = {word}\n"
        yield (
            f"limit-{word}.toml",
            base + f'[[action]]\nat = 1\ndo = "set_limit"\nprocess = "hog"\nlimit_mb = {word}\n',
        )
        yield (
            f"mb-{word}.toml",
            base + f'[[action]]\nat = 1\ndo = "allocate"\nprocess = "hog"\nmb = {word}\n',
        )
        yield (
            f"footprint-{word}.toml",
            base.replace('band = "foreground"', f"footprint_mb = {word}"),
        )
        yield f"procgrow-{word}.toml", base + f"grow_mb_per_s = {word}\n"
    yield (
        "every-tiny.toml",
        base + '[[action]]\nat = 1\nevery = 1e-300\ndo = "foreground"\nprocess = "hog"\n',
    )
    yield (
        "every-1ms.toml",
        base + '[[action]]\nat = 1\nevery = 0.0001\ndo = "foreground"\nprocess = "hog"\n',
    )
    yield "chunk-tiny.toml", grow + "rate_mb_per_s = 1e6\nchunk_mb = 1e-9\n"
    yield "seed-huge.toml", "seed = " + "9" * 5000 + "\n" + base
    yield "seed-big.toml", "seed = 9223372036854775807\n" + base
    yield "pid-huge.toml", base + "pid = 9223372036854775807\n"
    yield (
        "ram-huge.toml",
        base.replace('profile = "iPod5,1"', 'profile = "iPod5,1"\nram_mb = 9223372036854775807'),
    )
    yield "band-huge.toml", base.replace('"foreground"', "99999999999999999999")
    yield "deep-toml.toml", "a = " + "[" * 50_000 + "]" * 50_000 + "\n"
    yield "deep-toml-table.toml", "a = " + "{b = " * 5_000 + "1" + "}" * 5_000 + "\n"
    yield "escape-name.toml", base.replace('"hog"', '"\\u001b[2Jhog\\u0007"')
    yield "escape-desc.toml", 'description = "\\u001b]0;owned\\u0007"\n' + base
    yield "escape-profile.toml", base.replace("iPod5,1", "\\u001b[2J")
    yield (
        "surrogate.toml",
        base.encode().decode() + '[[action]]\nat = 1\ndo = "kill"\nprocess = "\udcff"\n',
    )
    yield "bad-utf8.toml", "\udcff"


def build_cases(folder: Path, quick: bool) -> list[Case]:
    cases: list[Case] = []
    reports = folder / "reports"
    reports.mkdir()
    for name, data, truncated in report_cases():
        path = reports / name
        path.write_bytes(data)
        for json_out in (False, True):
            argv = ["report", str(path)] + (["--json"] if json_out else [])
            cases.append(
                Case(
                    f"report{' --json' if json_out else ''} {name}",
                    argv,
                    [path],
                    json_out,
                    truncated,
                )
            )
    fifo = reports / "fifo.ips"
    os.mkfifo(fifo)
    for special in (fifo, Path("/dev/zero"), Path("/dev/urandom"), Path("/dev/tty"), reports):
        cases.append(
            Case(
                f"report {special.name} (special)",
                ["report", str(special)],
                [],
                expect_refusal=True,
            )
        )
        cases.append(
            Case(
                f"report --json {special.name} (special)",
                ["report", "--json", str(special)],
                [],
                True,
                expect_refusal=True,
            )
        )
    cases.append(
        Case(
            "report of a missing file",
            ["report", str(reports / "missing.ips")],
            [],
            expect_refusal=True,
        )
    )
    escape_file = reports / "name\x1b[2J.ips"
    escape_file.write_text("hello")
    cases.append(
        Case(
            "report escape file name",
            ["report", str(escape_file)],
            [escape_file],
            expect_refusal=True,
        )
    )
    ok = reports / "ok.ips"
    cases.append(
        Case(
            "report to /dev/full",
            ["report", str(ok)],
            [ok],
            stdout_path="/dev/full",
            expect_refusal=True,
        )
    )
    cases.append(
        Case(
            "report --json to /dev/full",
            ["report", "--json", str(ok)],
            [ok],
            stdout_path="/dev/full",
            expect_refusal=True,
        )
    )
    cases.append(
        Case(
            "report closed stdout",
            ["report", str(ok)],
            [ok],
            stdin_closed=True,
            expect_refusal=True,
        )
    )
    scen = folder / "scenarios"
    scen.mkdir()
    for name, text in scenario_cases():
        path = scen / name
        path.write_bytes(text.encode("utf-8", "surrogateescape"))
        cases.append(Case(f"simulate {name}", ["simulate", str(path), "--until", "5"], [path]))
        if name.startswith("duration"):
            cases.append(Case(f"simulate {name} (own duration)", ["simulate", str(path)], [path]))
    hog = scen / "hog.toml"
    hog.write_text((ROOT / "resources" / "scenarios" / "hog.toml").read_text())
    for word in ("nan", "inf", "-inf", "1e12", "-3", "0"):
        cases.append(
            Case(
                f"simulate --until {word}",
                ["simulate", "hog", "--until", word],
                [],
                expect_refusal=True,
            )
        )
        cases.append(
            Case(
                f"snapshot --at {word}",
                ["snapshot", "--source", "sim", "--at", word],
                [],
                expect_refusal=word not in ("0",),
            )
        )
        cases.append(
            Case(
                f"snapshot --limit {word}",
                ["snapshot", "--source", "sim", "--limit", word],
                [],
                expect_refusal=word not in ("0",),
            )
        )
    cases.append(
        Case(
            "simulate --events = scenario",
            ["simulate", str(hog), "--events", str(hog), "--until", "3"],
            [hog],
            expect_refusal=True,
        )
    )
    cases.append(
        Case(
            "simulate --events = scenario (relative)",
            ["simulate", str(hog), "--events", str(scen / "." / "hog.toml"), "--until", "3"],
            [hog],
            expect_refusal=True,
        )
    )
    link = scen / "link.jsonl"
    link.symlink_to(hog)
    cases.append(
        Case(
            "simulate --events symlink to scenario",
            ["simulate", str(hog), "--events", str(link), "--until", "3"],
            [hog],
            expect_refusal=True,
        )
    )
    notes = scen / "notes.txt"
    notes.write_text("my notes\n")
    cases.append(
        Case(
            "simulate --events on a file not ours",
            ["simulate", "hog", "--events", str(notes), "--until", "3"],
            [notes],
            expect_refusal=True,
        )
    )
    cases.append(
        Case(
            "simulate --reports = scenario",
            ["simulate", str(hog), "--reports", str(hog), "--until", "3"],
            [hog],
            expect_refusal=True,
        )
    )
    cases.append(
        Case(
            "simulate --events /dev/full",
            ["simulate", "hog", "--events", "/dev/full", "--until", "60"],
            [],
            expect_refusal=True,
        )
    )
    cases.append(
        Case(
            "simulate --events - to /dev/full",
            ["simulate", "hog", "--events", "-", "--until", "60"],
            [],
            stdout_path="/dev/full",
            expect_refusal=True,
        )
    )
    cases.append(
        Case("simulate closed stdout", ["simulate", "hog", "--until", "3"], [], stdin_closed=True)
    )
    cases.append(
        Case(
            "simulate escape scenario path",
            ["simulate", str(scen / "\x1b[2J.toml")],
            [],
            expect_refusal=True,
        )
    )
    # the window (offscreen)
    png = folder / "shot.png"
    window: list[tuple[str, list[str], list[Path], bool]] = [
        ("window --quit-after nan", ["--source", "sim", "--quit-after", "nan"], [], True),
        ("window --quit-after inf", ["--source", "sim", "--quit-after", "inf"], [], True),
        ("window --quit-after 1e7", ["--source", "sim", "--quit-after", "1e7"], [], True),
        ("window --quit-after -1", ["--source", "sim", "--quit-after", "-1"], [], True),
        (
            "window --interval nan",
            ["--source", "sim", "--interval", "nan", "--quit-after", "1"],
            [],
            True,
        ),
        (
            "window --screenshot onto a report",
            ["--screenshot", str(reports / "ok.ips"), str(reports / "ok.ips")],
            [reports / "ok.ips"],
            True,
        ),
    ]
    for name in (
        "huge-int-rpages.ips",
        "dup-pids.ips",
        "escape-names.ips",
        "wrong-types.ips",
        "nonfinite-NaN.ips",
        "huge-pagesize.ips",
        "cut-mid-number.log",
    ):
        path = reports / name
        window.append(
            (
                f"window {name}",
                ["--screenshot", str(png), "--quit-after", "1", "--view", "bands", str(path)],
                [path],
                False,
            )
        )
    window.append(
        (
            "window unreadable + good",
            ["--screenshot", str(png), "--quit-after", "1", str(fifo), str(reports / "ok.ips")],
            [reports / "ok.ips"],
            False,
        )
    )
    window.append(
        ("window --quit-after 0.5 live", ["--source", "sim", "--quit-after", "0.5"], [], False)
    )
    if quick:
        window = window[:3] + window[6:8]
    for name, argv, inputs, refusal in window:
        cases.append(Case(name, argv, inputs, expect_refusal=refusal))
    return cases


def _class(name: str) -> str:
    """The class a case is counted in: its command, "window recording" apart."""
    words = name.split()
    if words[:2] == ["window", "recording"]:
        return "window recording"
    return words[0].removesuffix(":")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer window cases")
    parser.add_argument("--keep", metavar="DIR", help="build the corpus in DIR and keep it")
    parser.add_argument("--only", metavar="TEXT", help="run only cases whose name holds TEXT")
    parser.add_argument(
        "--part",
        choices=("all", "reports", "files"),
        default="all",
        help="reports: the report, scenario and option cases; files: recordings, record, "
        "lessons, --what-if and the environment (issue 30)",
    )
    parser.add_argument("--verbose", action="store_true", help="list every case")
    args = parser.parse_args(argv)
    exe = [str(Path(sys.executable)), "-m", "activitymon"]
    folder = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="hostile-"))
    if args.keep:
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
    clean_up = None
    try:
        cases = build_cases(folder, args.quick) if args.part != "files" else []
        if args.part != "reports":
            more, clean_up = build_untrusted_file_cases(folder, exe, args.quick)
            cases += more
        if args.only:
            cases = [c for c in cases if args.only in c.name]
        outcomes: list[Outcome] = []
        for case in cases:
            outcome = run_case(case, exe)
            outcomes.append(outcome)
            if outcome.failures or args.verbose:
                status = "FAIL" if outcome.failures else "ok"
                print(
                    f"{status:4} {outcome.seconds:6.2f} s  rc={outcome.rc}  {case.name!r}: "
                    + "; ".join(outcome.failures),
                    flush=True,
                )
        _summary(outcomes)
        return 1 if any(o.failures for o in outcomes) else 0
    finally:
        if clean_up is not None:
            clean_up()
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)


def _summary(outcomes: list[Outcome]) -> None:
    failed = [o for o in outcomes if o.failures]
    kinds: dict[str, int] = {}
    for outcome in failed:
        for failure in outcome.failures:
            key = failure.split(":")[0]
            kinds[key] = kinds.get(key, 0) + 1
    slowest = max(outcomes, key=lambda o: o.seconds)
    refused = sum(1 for o in outcomes if o.rc not in (0, None))
    print(
        f"\n{len(outcomes)} cases: {len(outcomes) - len(failed)} passed, {len(failed)} failed; "
        f"{refused} refused with one line; "
        f"slowest {slowest.seconds:.2f} s ({slowest.case.name!r})"
    )
    classes: dict[str, list[int]] = {}
    for outcome in outcomes:
        tally = classes.setdefault(_class(outcome.case.name), [0, 0])
        tally[0] += not outcome.failures
        tally[1] += 1
    print("  by class: " + "; ".join(f"{k} {p} / {n}" for k, (p, n) in sorted(classes.items())))
    for key, n in sorted(kinds.items(), key=lambda kv: -kv[1]):
        print(f"  {n:4d} × {key}")


if __name__ == "__main__":
    sys.exit(main())
