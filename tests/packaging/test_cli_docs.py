"""The man page and shell completions are generated from the parser and kept in
step with it; exit statuses are documented in every ``--help``."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from activitymon.cli import build_app_parser, build_command_parser
from activitymon.commands import COMMANDS
from tests.packaging.loader import PACKAGING, packaging_module

make_cli_docs = packaging_module("make_cli_docs")


def test_committed_man_page_and_completions_match_the_parser(tmp_path: Path) -> None:
    make_cli_docs.write_all(tmp_path)
    for name in make_cli_docs.FILES.values():
        fresh = (tmp_path / name).read_text(encoding="utf-8")
        committed = (PACKAGING / "cli" / name).read_text(encoding="utf-8")
        assert fresh == committed, (
            f"packaging/cli/{name} is stale: run .venv/bin/python packaging/make_cli_docs.py"
        )


def test_man_page_names_every_command_and_the_exit_statuses() -> None:
    page = (PACKAGING / "cli" / "man1" / "activitymon.1").read_text(encoding="utf-8")
    assert page.startswith(".TH ACTIVITYMON")
    for name in COMMANDS:
        assert f"activitymon {name}" in page
    assert "2 usage" in page


def test_completions_offer_commands_and_their_options() -> None:
    bash = (PACKAGING / "cli" / "bash" / "activitymon").read_text(encoding="utf-8")
    zsh = (PACKAGING / "cli" / "zsh" / "_activitymon").read_text(encoding="utf-8")
    for name in COMMANDS:
        assert name in bash
        assert name in zsh
    assert "--list" in bash  # simulate --list
    assert zsh.startswith("#compdef activitymon")
    if shutil.which("bash"):
        script = str(PACKAGING / "cli" / "bash" / "activitymon")
        assert subprocess.run(["bash", "-n", script], check=False).returncode == 0


@pytest.mark.parametrize("name", [None, *sorted(COMMANDS)])
def test_every_help_states_the_exit_statuses(name: str | None) -> None:
    parser = build_app_parser() if name is None else build_command_parser(name)
    text = parser.format_help()
    assert "Exit status: 0 success; 1 failure" in " ".join(text.split())
    assert "2 usage" in " ".join(text.split())
