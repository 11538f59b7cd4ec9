"""``activitymon completions bash|zsh``: the one line that turns on shell completion
for this install.

The wheel installs the scripts as data (``share/bash-completion/completions/
activitymon``, ``share/zsh/site-functions/_activitymon``) under the install's data
prefix; the Linux bundle carries them under its own ``share/``. Where that prefix is
one the shells search (``/usr/local``, ``/usr``; ``~/.local`` for bash-completion) they
work as installed; a virtualenv, ``pip install --prefix DIR`` or an unpacked bundle is
searched by neither, and this command prints the line to add to ``~/.bashrc`` or
``~/.zshrc`` (``source …`` for bash; ``fpath=(…)`` before ``compinit`` for zsh), so
``eval "$(activitymon completions bash)"`` works as well.
"""

from __future__ import annotations

import argparse
import shlex
import sys
import sysconfig
from collections.abc import Iterable
from pathlib import Path

from activitymon.commands.base import CommandError

HELP = "Print the line that turns on bash or zsh completion for this install."

#: where each shell's script lives under an install's data prefix
RELATIVE = {
    "bash": Path("share/bash-completion/completions/activitymon"),
    "zsh": Path("share/zsh/site-functions/_activitymon"),
}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("shell", choices=sorted(RELATIVE), help="the shell: bash or zsh")


def data_prefixes() -> list[Path]:
    """Where this install's data files are, most likely first: the bundle's own
    folder when frozen; the interpreter's data path (a venv, /usr/local, ``--user``'s
    ``~/.local``); the prefix above the package's site-packages (``--prefix DIR``); the
    checkout the package runs from (its generated ``packaging/cli``)."""
    prefixes: list[Path] = []
    if getattr(sys, "frozen", False):
        prefixes.append(Path(sys.executable).resolve().parent)
    for scheme in (sysconfig.get_default_scheme(), sysconfig.get_preferred_scheme("user")):
        try:
            prefixes.append(Path(sysconfig.get_path("data", scheme)))
        except KeyError:
            continue
    package = Path(__file__).resolve().parents[1]
    for parent in package.parents:
        if parent.name in ("site-packages", "dist-packages") and len(parent.parents) >= 3:
            prefixes.append(parent.parents[2])  # PREFIX/lib/pythonX.Y/site-packages
            break
    return list(dict.fromkeys(prefixes))


def script_path(shell: str, prefixes: Iterable[Path]) -> Path | None:
    for prefix in prefixes:
        candidate = prefix / RELATIVE[shell]
        if candidate.is_file():
            return candidate
    checkout = Path(__file__).resolve().parents[2] / "packaging" / "cli" / shell
    generated = checkout / RELATIVE[shell].name
    return generated if generated.is_file() else None


def enabling_line(shell: str, script: Path) -> str:
    if shell == "bash":
        return f"source {shlex.quote(str(script))}"
    return f"fpath=({shlex.quote(str(script.parent))} $fpath)  # before compinit"


def run(args: argparse.Namespace) -> int:
    script = script_path(args.shell, data_prefixes())
    if script is None:
        raise CommandError(
            f"no {args.shell} completion script in this install (looked for "
            f"{RELATIVE[args.shell]} under {', '.join(map(str, data_prefixes()))})",
            1,
        )
    print(enabling_line(args.shell, script))
    return 0
