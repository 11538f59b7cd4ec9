"""``activitymon vmmon`` against the fake table, and its message off macOS."""

from __future__ import annotations

import argparse
import io
import sys

import pytest

from activitymon.cli import main
from activitymon.commands import COMMANDS, CommandError, vmmon
from activitymon.sources.pressure_probe import LinuxPressureProbe, MacOSPressureProbe
from tests.macos.fakes import FakeDarwin, default_sysctls


def level_fake(level: int | None) -> FakeDarwin:
    sysctls = default_sysctls()
    if level is None:
        del sysctls["kern.memorystatus_vm_pressure_level"]
    else:
        sysctls["kern.memorystatus_vm_pressure_level"] = level.to_bytes(4, "little")
    return FakeDarwin(sysctls=sysctls)


class FakeTime:
    """A clock that moves only when slept on (and by ``cost`` per reading)."""

    def __init__(self) -> None:
        self.now = 0.0
        self.slept: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


def run(fake: FakeDarwin, *, oneshot: bool, count: int = 0, time: FakeTime | None = None) -> str:
    out = io.StringIO()
    time = time or FakeTime()
    probe = MacOSPressureProbe(fake)
    code = vmmon.run_with(
        probe, oneshot=oneshot, count=count, out=out, clock=time.clock, sleep=time.sleep
    )
    assert code == 0
    return out.getvalue()


def test_registered_as_a_command() -> None:
    assert COMMANDS["vmmon"] is vmmon


def test_oneshot_at_normal_level() -> None:
    assert run(level_fake(1), oneshot=True) == "No pressure, mon!\n"


@pytest.mark.parametrize(("value", "label"), [(2, "warn"), (4, "critical")])
def test_oneshot_prints_the_level_otherwise(value: int, label: str) -> None:
    assert run(level_fake(value), oneshot=True) == f"Memory pressure: {label}\n"


def test_oneshot_without_the_sysctl_asks_the_pageout_daemon() -> None:
    fake = level_fake(None)
    fake.readings = [(120, 40)]
    assert run(fake, oneshot=True) == "Wanted 120 pages, Reclaimed: 40\n"
    assert run(level_fake(None), oneshot=True) == "No pressure, mon!\n"


def test_watch_prints_readings_until_interrupted() -> None:
    fake = FakeDarwin(readings=[(12, 0), (300, 2048)])
    assert run(fake, oneshot=False) == (
        "Wanted 12 pages, Reclaimed: 0\nWanted 300 pages, Reclaimed: 2048\n"
    )


def test_watch_stops_after_count() -> None:
    fake = FakeDarwin(readings=[(1, 1), (2, 2), (3, 3)])
    assert run(fake, oneshot=False, count=2).count("\n") == 2
    assert fake.readings == [(3, 3)]


def test_watch_never_spins_while_the_kernel_answers_at_once() -> None:
    """Under pressure ``vm_pressure_monitor(wait=1)`` returns at once, every time: the
    loop still reads at most once a second."""
    fake = FakeDarwin(readings=[(500, 0)] * 50)
    time = FakeTime()
    lines = run(fake, oneshot=False, count=50, time=time).splitlines()
    assert len(lines) == 50
    assert len(time.slept) == 49
    assert time.now == pytest.approx(49.0)


def test_watch_prints_a_level_change() -> None:
    fake = FakeDarwin(readings=[(0, 0), (900, 10)])
    levels = iter([1, 4])

    def sysctl(name: str) -> bytes:
        if name == "kern.memorystatus_vm_pressure_level":
            return next(levels, 4).to_bytes(4, "little")
        return FakeDarwin.sysctl(fake, name)

    fake.sysctl = sysctl  # type: ignore[method-assign]  # the level rises between readings
    assert run(fake, oneshot=False) == (
        "Wanted 0 pages, Reclaimed: 0\n"
        "Pressure level: normal → critical\n"
        "Wanted 900 pages, Reclaimed: 10\n"
    )


def test_missing_call_is_one_line() -> None:
    fake = FakeDarwin(readings=[(1, 1)], missing={"vm_pressure_monitor"})
    with pytest.raises(CommandError, match=r"^vmmon: vm_pressure_monitor failed"):
        run(fake, oneshot=False)


def test_needs_macos_elsewhere() -> None:
    args = argparse.Namespace(oneshot=True, count=0)
    with pytest.raises(CommandError, match=r"^vmmon needs macOS or Linux \(this is win32\)$"):
        vmmon.run(args, platform="win32")


def test_linux_watch_reads_psi_at_most_once_a_second(tmp_path) -> None:
    psi = tmp_path / "memory"
    psi.write_text(PSI_WARN)
    out, time = io.StringIO(), FakeTime()
    probe = LinuxPressureProbe(str(psi))
    vmmon.run_with(probe, oneshot=False, count=3, out=out, clock=time.clock, sleep=time.sleep)
    assert (
        out.getvalue().splitlines()
        == ["Memory pressure: warn (PSI some avg10 12.50 %, full avg10 1.00 %)"] * 3
    )
    assert time.slept == [1.0, 1.0]


PSI_CALM = (
    "some avg10=0.00 avg60=0.00 avg300=0.00 total=10\n"
    "full avg10=0.00 avg60=0.00 avg300=0.00 total=5\n"
)
PSI_WARN = (
    "some avg10=12.50 avg60=3.00 avg300=1.00 total=10\n"
    "full avg10=1.00 avg60=0.00 avg300=0.00 total=5\n"
)


def test_linux_oneshot_reads_psi(tmp_path) -> None:
    calm, busy = tmp_path / "calm", tmp_path / "busy"
    calm.write_text(PSI_CALM)
    busy.write_text(PSI_WARN)
    assert vmmon.linux_oneshot(str(calm)) == "No pressure, mon!"
    assert vmmon.linux_oneshot(str(busy)) == (
        "Memory pressure: warn (PSI some avg10 12.50 %, full avg10 1.00 %)"
    )
    with pytest.raises(CommandError, match="reports no PSI"):
        vmmon.linux_oneshot(str(tmp_path / "absent"))


def test_cli_exit_status_and_message_off_macos(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "platform", "sunos5")
    assert main(["vmmon", "--oneshot"]) == 2
    err = capsys.readouterr().err
    assert err == f"activitymon: vmmon needs macOS or Linux (this is {sys.platform})\n"


def test_negative_count_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["vmmon", "--count", "-1"]) == 2
    assert "--count -1" in capsys.readouterr().err
