"""The built bundle: its size on disk (total, largest parts, largest files) and its
start to first painted window, beside the unfrozen app measured in the same run.

The app writes ``time.time()`` after its first paint to the file named by
``ACTIVITYMON_STARTUP_STAMP`` and, with ``--quit-after 0``, quits there.

    packaging/build linux && python bench/bench_bundle.py [--runs 7] [--bundle PATH]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def default_bundle() -> Path:
    if sys.platform == "darwin":
        return ROOT / "dist" / "activitymon.app"
    return ROOT / "dist" / "activitymon"


def executable(bundle: Path) -> Path:
    if bundle.suffix == ".app":
        return bundle / "Contents" / "MacOS" / "activitymon"
    return bundle / "activitymon"


def files(bundle: Path) -> list[tuple[Path, int]]:
    return [
        (p, p.lstat().st_blocks * 512)  # on disk, not apparent size
        for p in bundle.rglob("*")
        if p.is_file() and not p.is_symlink()
    ]


def part_of(path: Path, bundle: Path) -> str:
    """Group files by the package or library they belong to."""
    parts = path.relative_to(bundle).parts
    if parts[0] in ("_internal", "Contents"):
        parts = parts[1:]
        if parts and parts[0] in ("Frameworks", "Resources", "MacOS"):
            parts = parts[1:]
    if len(parts) >= 3 and parts[:2] == ("PySide6", "Qt"):
        return "/".join(parts[:3])  # PySide6/Qt/lib, PySide6/Qt/plugins
    return parts[0] if len(parts) > 1 else parts[0] if parts else "."


def mib(size: float) -> str:
    return f"{size / 2**20:7.1f} MiB"


def report_size(bundle: Path) -> None:
    listing = files(bundle)
    total = sum(size for _, size in listing)
    print(f"bundle {bundle}: {mib(total)} on disk, {len(listing)} files")
    groups: dict[str, int] = defaultdict(int)
    for path, size in listing:
        groups[part_of(path, bundle)] += size
    print("  largest parts:")
    for name, size in sorted(groups.items(), key=lambda kv: -kv[1])[:10]:
        print(f"    {mib(size)}  {100 * size / total:4.1f} %  {name}")
    print("  largest files:")
    for path, size in sorted(listing, key=lambda kv: -kv[1])[:10]:
        print(f"    {mib(size)}  {path.relative_to(bundle)}")


def time_to_first_paint(cmd: list[str]) -> float:
    with tempfile.TemporaryDirectory() as tmp:
        stamp = Path(tmp) / "stamp"
        env = dict(os.environ, ACTIVITYMON_STARTUP_STAMP=str(stamp), QT_QPA_PLATFORM="offscreen")
        env["PYTHONPATH"] = str(ROOT)
        start = time.time()
        subprocess.run(cmd, env=env, check=True, capture_output=True, timeout=120)
        return float(stamp.read_text()) - start


def report_start(bundle: Path, runs: int) -> None:
    args = ["--source", "sim", "--quit-after", "0"]
    frozen = [str(executable(bundle)), *args]
    unfrozen = [sys.executable, "-m", "activitymon", *args]
    time_to_first_paint(frozen)  # warm the page cache for both
    time_to_first_paint(unfrozen)
    results: dict[str, list[float]] = {"frozen bundle": [], "python -m activitymon": []}
    for _ in range(runs):  # interleaved, so drift hits both alike
        results["frozen bundle"].append(time_to_first_paint(frozen))
        results["python -m activitymon"].append(time_to_first_paint(unfrozen))
    print(f"start to first painted window (offscreen, warm cache), median of {runs} (min–max):")
    for label, values in results.items():
        spread = f"{min(values) * 1000:.0f}–{max(values) * 1000:.0f}"
        print(f"    {label:<22} {statistics.median(values) * 1000:6.0f} ms  ({spread})")
    ratio = statistics.median(results["frozen bundle"]) / statistics.median(
        results["python -m activitymon"]
    )
    print(f"    frozen / unfrozen: {ratio:.2f}×")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--bundle", type=Path, default=default_bundle())
    args = parser.parse_args()
    if not executable(args.bundle).is_file():
        print(
            f"bench_bundle: no bundle at {args.bundle}; run packaging/build first", file=sys.stderr
        )
        return 2
    report_size(args.bundle)
    report_start(args.bundle, args.runs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
