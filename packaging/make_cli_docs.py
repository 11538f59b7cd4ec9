"""Generate the man page and the shell completions from the argument parser:

- ``packaging/cli/man1/activitymon.1`` with argparse-manpage,
- ``packaging/cli/bash/activitymon`` and ``packaging/cli/zsh/_activitymon`` from
  :mod:`activitymon.cli_completion` (commands, options, choices, the built-in
  scenario / device / lesson / glossary names, files where paths go),

from :func:`activitymon.cli_reference.reference_parser`. The wheel installs them as
data (``share/man/man1``, ``share/bash-completion/completions``,
``share/zsh/site-functions``) and the Linux release archive carries them. Run it (in
the dev venv: ``.venv/bin/python packaging/make_cli_docs.py``) after changing an
option and commit the outputs; ``tests/packaging/test_cli_docs.py`` fails while they
are stale. ``--out DIR`` writes elsewhere (the tests).
"""

from __future__ import annotations

import argparse
import datetime
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "packaging" / "cli"
#: Laid out as installed: share/man/man1/, share/bash-completion/completions/,
#: share/zsh/site-functions/ (bash-completion loads a file named as the command).
FILES = {"man": "man1/activitymon.1", "bash": "bash/activitymon", "zsh": "zsh/_activitymon"}


def release_date() -> str:
    """The newest release's date in metadata.toml: the man page's date, so the file
    only changes when the app does."""
    with (ROOT / "packaging" / "metadata.toml").open("rb") as handle:
        releases = tomllib.load(handle)["releases"]
    return str(releases[0]["date"])


def release_epoch() -> str:
    """Noon UTC of :func:`release_date`: argparse-manpage dates the page from
    ``SOURCE_DATE_EPOCH``."""
    day = datetime.date.fromisoformat(release_date())
    noon = datetime.datetime(day.year, day.month, day.day, 12, tzinfo=datetime.UTC)
    return str(int(noon.timestamp()))


def write_all(out: Path) -> list[Path]:
    sys.path.insert(0, str(ROOT))
    from activitymon import __version__
    from activitymon.cli_completion import completion
    from activitymon.cli_completion_scripts import bash_script, zsh_script

    out.mkdir(parents=True, exist_ok=True)
    spec = completion()
    written = []
    for shell, render in (("bash", bash_script), ("zsh", zsh_script)):
        path = out / FILES[shell]
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(render(spec), encoding="utf-8")
        written.append(path)
    man = out / FILES["man"]
    man.parent.mkdir(parents=True, exist_ok=True)
    command = [
        str(Path(sys.executable).with_name("argparse-manpage")),
        "--module",
        "activitymon.cli_reference",
        "--function",
        "reference_parser",
        "--project-name",
        "activitymon",
        "--prog",
        "activitymon",
        "--version",
        __version__,
        "--description",
        "memory pressure and jetsam monitor",
        "--manual-title",
        "activitymon manual",
        "--author",
        "activitymon developers",
        "--output",
        str(man),
    ]
    subprocess.run(
        command,
        check=True,
        cwd=ROOT,
        env={"PYTHONPATH": str(ROOT), "SOURCE_DATE_EPOCH": release_epoch()},
    )
    written.append(man)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=OUT, help="folder to write into")
    args = parser.parse_args(argv)
    for path in write_all(args.out):
        print(f"make_cli_docs: wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
