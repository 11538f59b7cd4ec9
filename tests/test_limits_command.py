"""``activitymon limits DEVICE``: the device's limits, thresholds and processes.

Figures are the profiles' (docs/SIMULATOR.md, "Device limits") and XNU's thresholds
worked by hand: an iPhone 11 has 4 GiB in 16 KiB pages = 262,144 pages; soft 15 % =
39,321, idle 9 % = 23,592, critical 4 % = 10,485 (xnu-11417 ``memorystatus_init``,
multiply first); 2,068 MB = 132,352 pages.
"""

from __future__ import annotations

import json
import plistlib
from pathlib import Path

import pytest

from activitymon.cli import main


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["limits", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_an_iphone_11_table(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "iPhone12,1")
    assert code == 0
    assert "Task limit       2,068 MB = 132,352 pages, fatal" in out
    assert "measured: 2,068 MB on an iPhone 11" in out
    assert "Entitled limit   3,072 MB = 196,608 pages" in out
    assert "estimated:" in out
    for name, pages in (("soft", "39,321"), ("idle", "23,592"), ("critical", "10,485")):
        line = next(x for x in out.splitlines() if x.strip().startswith(name + " "))
        assert f"{pages} pages" in line
    assert "HWM" in out
    springboard = next(x for x in out.splitlines() if x.strip().startswith("SpringBoard"))
    assert "160 HOME" in springboard
    assert "Daemon.com.apple.SpringBoard" in springboard
    mail = next(x for x in out.splitlines() if x.strip().startswith("Mail "))
    assert "2,068 MB fatal" in mail
    assert "task limit" in mail


def test_ios_6_has_no_task_limit(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "iPod5,1")
    assert code == 0
    assert "Task limit       none" in out
    assert "xnu-2050 (iOS 6) has no phys_footprint ledger" in out
    # xnu-2050.48.11 keeps one list of numeric priorities, not bands
    # (memorystatus_list_add): the column says so, no band name is given
    assert "  Process" in out
    assert "Priority" in out.split("  Process", 1)[1].splitlines()[0]
    assert "processes keep their own priorities and limits" in out
    weather = next(x for x in out.splitlines() if x.strip().startswith("Weather"))
    assert "priority 16 SUSPENDED_APP (est.)" in weather
    assert "HOME" not in out
    code, out, _ = run(capsys, "iPod5,1", "--json")
    data = json.loads(out)
    assert data["task_limit"] is None
    assert data["entitled_limit"] is None


def test_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "iPhone8,1", "--json")
    assert code == 0
    data = json.loads(out)
    assert data["task_limit"]["mb"] == 1396
    assert data["task_limit"]["warning_percent"] == 92
    assert data["entitled_limit"]["mb"] == 1800
    assert data["thresholds"]["soft"]["pages"] == 19660  # 131,072 × 15 // 100
    names = {p["name"]: p for p in data["processes"]}
    assert names["PacketTunnel"]["active_limit"] == {"bytes": 15 << 20, "fatal": True}
    assert names["PacketTunnel"]["from"] == "Extension.com.apple.networkextension.packet-tunnel"


def test_a_real_format_file_replaces_the_devices_own(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    plist = {
        "Version4": {
            "Daemon": {
                "Override": {
                    "com.apple.SpringBoard": {"ActiveHardMemoryLimit": 900, "JetsamPriority": 170},
                    "com.example.elsewhere": {"JetsamPriority": 40},
                }
            }
        }
    }
    path = tmp_path / "com.apple.jetsamproperties.N104.plist"
    path.write_bytes(plistlib.dumps(plist, fmt=plistlib.FMT_BINARY))
    code, out, _ = run(capsys, "iPhone12,1", "--jetsam-properties", str(path))
    assert code == 0
    springboard = next(x for x in out.splitlines() if x.strip().startswith("SpringBoard"))
    assert "170 EXECUTIVE" in springboard
    assert "900 MB fatal" in springboard
    assert "labels no process of this device carries (1):" in out
    assert "Daemon: com.example.elsewhere" in out
    # daemons the file does not name keep no table values (no Global in this file)
    logd = next(x for x in out.splitlines() if x.strip().startswith("logd"))
    assert "task limit" in logd


def test_a_hostile_file_is_one_line_naming_file_and_key(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "bad.plist"
    path.write_bytes(
        plistlib.dumps({"Version4": {"Daemon": {"Override": {"x": {"JetsamPriority": [1]}}}}})
    )
    code, out, err = run(capsys, "iPhone12,1", "--jetsam-properties", str(path))
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1
    assert "Version4.Daemon.Override.x.JetsamPriority: expected a band" in err
    assert str(path) in err
    path.write_bytes(b"\x00" * 100)
    code, _, err = run(capsys, "iPhone12,1", "--jetsam-properties", str(path))
    assert code == 2
    assert "not a property list" in err


def test_an_unknown_device(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "iPhone99,9")
    assert code == 2
    assert "expected a device profile" in err
