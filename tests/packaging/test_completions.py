"""The shell completions complete: driven through bash's completion function (as
readline calls it: COMP_WORDS split at COMP_WORDBREAKS, COMP_CWORD) and through
zsh's own completion system (``compinit``, ``_arguments``, in a pseudo-terminal with
``zsh/zpty``), on the committed scripts in ``packaging/cli``.

Expectations are the parser's own options and choices (what argparse accepts) and
literal names from ``resources/``; the scripts are checked against the parser for
freshness by test_cli_docs.py."""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from activitymon.cli import build_app_parser, build_command_parser
from activitymon.cli_completion import Kind, values_of
from activitymon.commands import COMMANDS
from activitymon.commands import completions as completions_command
from tests.packaging.loader import PACKAGING, ROOT

BASH_SCRIPT = PACKAGING / "cli" / "bash" / "activitymon"
ZSH_FOLDER = PACKAGING / "cli" / "zsh"
#: readline's default word breaks that matter here (bash's COMP_WORDBREAKS has = and :)
BREAKS = "=:"

SCENARIOS = {"demo", "hog", "highwater", "sustained-pressure", "warnings-redeem"}
LESSONS = {"bands-and-kill-order", "pressure-and-warnings", "reading-a-jetsam-report"}
VIEWS = {"overview", "graph", "pages", "table", "bands", "events", "kernel-log"}
SOURCES = {"auto", "sim", "macos", "linux", "replay"}


def comp_words(line: str) -> list[str]:
    """``line`` split as bash fills COMP_WORDS: at blanks, and at each of
    :data:`BREAKS`, which becomes a word of its own; a trailing blank starts an
    empty word (the one being completed)."""
    words: list[str] = []
    for token in line.split():
        words += [w for w in re.split(f"([{re.escape(BREAKS)}])", token) if w]
    if line.endswith(" ") or not words:
        words.append("")
    return words


def bash_complete(line: str, cwd: Path) -> list[str]:
    words = comp_words(line)
    quoted = " ".join("'" + w.replace("'", "'\\''") + "'" for w in words)
    program = (
        f"source '{BASH_SCRIPT}' || exit 9\n"
        f"COMP_WORDS=({quoted}); COMP_CWORD={len(words) - 1}\n"
        f"COMP_LINE='{line}'; COMP_POINT=${{#COMP_LINE}}\n"
        "_activitymon\n"
        'printf "%s\\n" "${COMPREPLY[@]}"\n'
    )
    done = subprocess.run(
        ["bash", "--norc", "--noprofile", "-c", program],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=30,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == "", done.stderr
    return [w for w in done.stdout.splitlines() if w]


needs_bash = pytest.mark.skipif(shutil.which("bash") is None, reason="bash is not installed")


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "JetsamEvent-2024.ips").write_text("{}\n")
    (tmp_path / "mine.toml").write_text("seed = 1\n")
    (tmp_path / "out").mkdir()
    return tmp_path


@needs_bash
def test_bash_first_word_offers_every_command_and_report_files(folder: Path) -> None:
    offered = set(bash_complete("activitymon ", folder))
    assert set(COMMANDS) <= offered
    assert "JetsamEvent-2024.ips" in offered
    assert bash_complete("activitymon sn", folder) == ["snapshot"]


@needs_bash
def test_bash_after_a_report_offers_only_files(folder: Path) -> None:
    offered = set(bash_complete("activitymon JetsamEvent-2024.ips ", folder))
    assert "JetsamEvent-2024.ips" in offered
    assert not set(COMMANDS) & offered


@needs_bash
@pytest.mark.parametrize("name", [None, *sorted(COMMANDS)])
def test_bash_offers_every_option_the_parser_accepts(name: str | None, folder: Path) -> None:
    parser = build_app_parser() if name is None else build_command_parser(name)
    wanted = {flag for a in parser._actions for flag in a.option_strings if flag.startswith("--")}
    line = "activitymon --" if name is None else f"activitymon {name} --"
    assert set(bash_complete(line, folder)) == wanted


def choices(parser: argparse.ArgumentParser, flag: str) -> set[str]:
    action = next(a for a in parser._actions if flag in a.option_strings)
    assert action.choices is not None
    return {str(c) for c in action.choices}


@needs_bash
@pytest.mark.parametrize("name", [n for n in sorted(COMMANDS) if n != "completions"])
def test_bash_offers_each_choice_option_its_choices(name: str, folder: Path) -> None:
    parser = build_command_parser(name)
    for action in parser._actions:
        if action.choices is None or not action.option_strings:
            continue
        flag = action.option_strings[-1]
        want = choices(parser, flag)
        assert set(bash_complete(f"activitymon {name} {flag} ", folder)) == want
        assert set(bash_complete(f"activitymon {name} {flag}=", folder)) == want


@needs_bash
def test_bash_values_of_the_window_and_the_commands(folder: Path) -> None:
    assert set(bash_complete("activitymon --source ", folder)) == SOURCES
    assert set(bash_complete("activitymon --source=s", folder)) == {"sim"}
    assert set(bash_complete("activitymon --view ", folder)) == VIEWS
    assert set(bash_complete("activitymon --inspect-tab m", folder)) == {"memory", "map"}
    assert set(bash_complete("activitymon explain idle", folder)) == {"idle-exit", "idle-threshold"}
    scenario = set(bash_complete("activitymon simulate ", folder))
    assert scenario >= SCENARIOS | {"mine.toml", "out"}
    assert "JetsamEvent-2024.ips" not in scenario  # only TOML files (and folders to go into)
    assert set(bash_complete("activitymon --scenario h", folder)) == {"hog", "highwater"}
    assert set(bash_complete("activitymon lesson ", folder)) >= LESSONS
    assert set(bash_complete("activitymon completions ", folder)) == {"bash", "zsh"}
    if "limits" in COMMANDS:  # limits DEVICE: the device profiles
        assert set(bash_complete("activitymon limits iPhone1", folder)) >= {
            "iPhone10,3",
            "iPhone12,1",
        }
    assert bash_complete("activitymon simulate --reports ", folder) == ["out"]  # folders only
    assert "JetsamEvent-2024.ips" in bash_complete("activitymon report ", folder)
    assert "JetsamEvent-2024.ips" in bash_complete("activitymon report --from ", folder)
    assert bash_complete("activitymon snapshot --seed ", folder) == []  # a number: nothing
    # a value given as the next word is not mistaken for a positional argument
    after_value = set(bash_complete("activitymon simulate --seed 3 ", folder))
    assert after_value >= SCENARIOS


def test_device_options_complete_the_built_in_profiles() -> None:
    """An option whose metavar says DEVICE completes the device profiles (the value
    kinds come from the action, so a command added later needs no word here)."""
    parser = argparse.ArgumentParser()
    device = parser.add_argument("device", metavar="DEVICE")
    out = parser.add_argument("--save", metavar="FILE")
    names = {"device": ("iPhone12,1", "iPod5,1"), "scenario": (), "lesson": (), "term": ()}
    names["view"] = ()
    assert values_of(device, "limits", names).words == ("iPhone12,1", "iPod5,1")
    assert values_of(out, "limits", names).kind is Kind.FILES


# ---------------------------------------------------------------- zsh

CAPTURE = r"""
zmodload zsh/zpty || exit 9
zpty z zsh -f -i
zpty -w z "PROMPT= RPROMPT="
zpty -w z "fpath=(${(q)1} \$fpath); autoload -U compinit; compinit -u -D"
zpty -w z 'compadd () {
  if [[ ${(j: :)@} == (*\ |)-[OAD]\ * ]]; then builtin compadd "$@"; return; fi
  local -a __m; builtin compadd -A __m "$@"; local __x
  for __x in $__m; do print -r -- "<M>$__x</M>"; done
  builtin compadd "$@"
}'
zpty -w z '_capture_done () { print -r -- "<""END>"; exit }'
zpty -w z 'comppostfuncs=(_capture_done)'
zpty -w z "bindkey '^I' complete-word"
zpty -w z "print -r -- '<''READY>'"
zpty -r z line '*<READY>*' || exit 8
zpty -w -n z "$2"$'\t'
zpty -r z out '*<END>*' || exit 7
print -r -- "$out"
zpty -d z
"""


def zsh_complete(line: str, cwd: Path) -> list[str]:
    """The matches zsh's completion system adds for ``line`` + TAB, in an
    interactive zsh (``zpty``) with the committed ``_activitymon`` on ``fpath``."""
    script = cwd.parent / "capture.zsh"
    script.write_text(CAPTURE, encoding="utf-8")
    env = dict(os.environ, HOME=str(cwd.parent), TERM="dumb")
    env.pop("ZDOTDIR", None)
    done = subprocess.run(
        ["zsh", "-f", str(script), str(ZSH_FOLDER), line],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr
    assert "parse error" not in done.stdout, done.stdout
    return list(dict.fromkeys(re.findall(r"<M>([^<]*)</M>", done.stdout)))


needs_zsh = pytest.mark.skipif(
    shutil.which("zsh") is None,
    reason="zsh is not installed (apt-get install zsh; .ci/run installs it)",
)


@pytest.fixture
def zfolder(tmp_path: Path) -> Path:
    work = tmp_path / "work"
    work.mkdir()
    (work / "JetsamEvent-2024.ips").write_text("{}\n")
    (work / "mine.toml").write_text("seed = 1\n")
    (work / "out").mkdir()
    return work


@needs_zsh
def test_zsh_first_word_offers_every_command_and_report_files(zfolder: Path) -> None:
    offered = set(zsh_complete("activitymon ", zfolder))
    assert set(COMMANDS) <= offered
    assert "JetsamEvent-2024.ips" in offered


@needs_zsh
def test_zsh_arguments_complete_options_and_values(zfolder: Path) -> None:
    snapshot = build_command_parser("snapshot")
    wanted = {f for a in snapshot._actions for f in a.option_strings if f.startswith("--")}
    assert set(zsh_complete("activitymon snapshot --", zfolder)) == wanted
    assert set(zsh_complete("activitymon snapshot --source ", zfolder)) == SOURCES
    assert set(zsh_complete("activitymon snapshot --source=", zfolder)) == SOURCES
    assert set(zsh_complete("activitymon --view ", zfolder)) == VIEWS
    assert set(zsh_complete("activitymon explain idle", zfolder)) == {"idle-exit", "idle-threshold"}
    simulate = set(zsh_complete("activitymon simulate ", zfolder))
    assert simulate >= SCENARIOS | {"mine.toml"}
    assert "JetsamEvent-2024.ips" not in simulate
    assert set(zsh_complete("activitymon lesson ", zfolder)) >= LESSONS
    assert zsh_complete("activitymon simulate --reports ", zfolder) == ["out"]
    assert "JetsamEvent-2024.ips" in zsh_complete("activitymon report ", zfolder)


# ---------------------------------------------------------------- where they are found


def test_completions_command_prints_the_line_for_an_install_prefix(tmp_path: Path) -> None:
    prefix = tmp_path / "venv"
    bash = prefix / "share" / "bash-completion" / "completions" / "activitymon"
    zsh = prefix / "share" / "zsh" / "site-functions" / "_activitymon"
    for path in (bash, zsh):
        path.parent.mkdir(parents=True)
        path.write_text("# script\n")
    assert completions_command.script_path("bash", [tmp_path / "none", prefix]) == bash
    line = completions_command.enabling_line(
        "bash", completions_command.script_path("bash", [prefix]) or bash
    )
    assert line == f"source {bash}"
    zline = completions_command.enabling_line("zsh", zsh)
    assert zline.startswith(f"fpath=({zsh.parent} $fpath)")


def test_completions_command_in_this_checkout_names_a_script_bash_can_source() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "activitymon", "completions", "bash"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("source ")
    if shutil.which("bash"):
        check = subprocess.run(
            ["bash", "--norc", "-c", f"{lines[0]} && complete -p activitymon"],
            capture_output=True,
            text=True,
            check=False,
        )
        assert check.stdout.strip() == "complete -F _activitymon activitymon"


BASH_COMPLETION = Path("/usr/share/bash-completion/bash_completion")


@needs_bash
@pytest.mark.skipif(not BASH_COMPLETION.is_file(), reason="bash-completion is not installed")
def test_bash_completions_loader_finds_the_script_under_share(tmp_path: Path) -> None:
    """bash-completion's on-demand loader finds ``PREFIX/share/bash-completion/
    completions/activitymon`` for a prefix on XDG_DATA_DIRS (/usr/local's layout, which
    the wheel and ``install-desktop.sh --system`` use) and under the user's data home
    (``pip install --user``, ``install-desktop.sh``)."""
    for variable in ("XDG_DATA_DIRS", "XDG_DATA_HOME"):
        share = tmp_path / variable / "share"
        target = share / "bash-completion" / "completions" / "activitymon"
        target.parent.mkdir(parents=True)
        shutil.copyfile(BASH_SCRIPT, target)
        env = dict(os.environ, HOME=str(tmp_path), **{variable: str(share)})
        env.pop("BASH_COMPLETION_USER_DIR", None)
        done = subprocess.run(
            [
                "bash",
                "--norc",
                "-c",
                f"source {BASH_COMPLETION}; __load_completion activitymon "
                "&& complete -p activitymon",
            ],
            capture_output=True,
            text=True,
            env=env,
            check=False,
        )
        assert done.stdout.strip() == "complete -F _activitymon activitymon", variable
