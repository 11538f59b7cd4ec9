"""packaging/smoke fails, naming the step, when a bundle cannot start or draw;
checked with stand-in executables, so no build is needed."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest

import activitymon
from tests.packaging.loader import packaging_module

smoke = packaging_module("smoke")

pytestmark = pytest.mark.skipif(shutil.which("sh") is None, reason="needs a POSIX shell")

# a PNG signature and a 1280x820 RGBA IHDR, as printf octal escapes
PNG_HEADER = (
    "\\211PNG\\r\\n\\032\\n\\000\\000\\000\\rIHDR"
    "\\000\\000\\005\\000\\000\\000\\0034\\010\\006\\000\\000\\000"
)
GOOD_JSON = '{"source": "sim", "level": "normal", "memory": {"total_bytes": 3}, "processes": [{}]}'


def fake_app(tmp_path: Path, *, version: str | None = None, png: str = "good") -> Path:
    """A shell script answering like the app; ``png`` is good, tiny or missing."""
    version = version or activitymon.__version__
    png_cmd = {
        "good": 'head -c 20000 /dev/zero >> "$shot"',
        "tiny": ":",
        "missing": 'rm -f "$shot"',
    }[png]
    script = f"""#!/bin/sh
case "$1" in
--version) echo "activitymon {version}" ;;
simulate) exit 2 ;;
snapshot) echo '{GOOD_JSON}' ;;
--source)
    shot=$4
    printf '{PNG_HEADER}' > "$shot"
    {png_cmd}
    ;;
esac
"""
    path = tmp_path / "activitymon"
    path.write_text(script)
    path.chmod(0o755)
    return path


def run_smoke(
    binary: Path, capsys: pytest.CaptureFixture[str], monkeypatch, *args: str
) -> tuple[int, str]:
    # only the four app steps: the stand-in has no Qt libraries to inspect
    monkeypatch.setattr(smoke, "STEPS", smoke.STEPS[:4])
    monkeypatch.setattr(smoke, "REQUIRE_SIMULATE", False)
    code = smoke.main(["--binary", str(binary), *args])
    out = capsys.readouterr()
    return code, out.out + out.err


def test_a_bundle_that_answers_passes_and_skips_simulate_with_a_note(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch
) -> None:
    code, out = run_smoke(fake_app(tmp_path), capsys, monkeypatch)
    assert code == 0, out
    assert "simulate" in out
    assert "skipped" in out
    assert "all steps passed" in out


@pytest.mark.parametrize(
    ("kwargs", "step", "reason"),
    [
        ({"version": "9.9.9"}, "version", "expected"),
        ({"png": "tiny"}, "screenshot", "bytes"),
        ({"png": "missing"}, "screenshot", "wrote no"),
    ],
)
def test_a_broken_bundle_fails_naming_the_step(
    tmp_path: Path, capsys, monkeypatch, kwargs, step: str, reason: str
) -> None:
    code, out = run_smoke(fake_app(tmp_path, **kwargs), capsys, monkeypatch)
    assert code == 1
    assert f"FAILED at {step}" in out
    assert reason in out


def test_a_missing_simulate_fails_when_required(tmp_path: Path, capsys, monkeypatch) -> None:
    code, out = run_smoke(fake_app(tmp_path), capsys, monkeypatch, "--require-simulate")
    assert code == 1
    assert "FAILED at simulate" in out


def test_a_missing_bundle_says_to_build_first(tmp_path: Path, capsys, monkeypatch) -> None:
    code, out = run_smoke(tmp_path / "nothing", capsys, monkeypatch)
    assert code == 1
    assert "packaging/build" in out


def test_a_crashing_bundle_shows_the_end_of_its_stderr(tmp_path: Path, capsys, monkeypatch) -> None:
    binary = tmp_path / "activitymon"
    binary.write_text("#!/bin/sh\necho 'ImportError: libQt6Gui.so.6: cannot open' >&2\nexit 255\n")
    binary.chmod(0o755)
    code, out = run_smoke(binary, capsys, monkeypatch)
    assert code == 1
    assert "FAILED at version" in out
    assert "libQt6Gui" in out


def test_scenario_names_are_read_from_a_listing() -> None:
    listing = "Built-in scenarios:\n  demo       a day\n  jetsam-storm  many kills\n\n"
    assert smoke.scenario_names(listing) == ["demo", "jetsam-storm"]
    assert smoke.scenario_names("demo\nidle\n") == ["demo", "idle"]


def test_env_of_the_frozen_app_is_headless_and_leaves_this_checkout_out(monkeypatch) -> None:
    monkeypatch.setenv("PYTHONPATH", "/somewhere")
    env = smoke.headless_env()
    assert env["QT_QPA_PLATFORM"] == "offscreen"
    assert "PYTHONPATH" not in env
    assert os.environ["PYTHONPATH"] == "/somewhere"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux bundles only")
def test_a_linux_bundle_without_its_desktop_installer_fails(tmp_path: Path) -> None:
    binary = fake_app(tmp_path)
    with pytest.raises(smoke.SmokeFailure, match=r"no install-desktop\.sh"):
        smoke.check_desktop_launch(binary, tmp_path)
