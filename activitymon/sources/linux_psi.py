"""Linux pressure-stall information (PSI) and its mapping onto pressure levels.

``/proc/pressure/memory`` (Documentation/accounting/psi.rst) reads::

    some avg10=0.00 avg60=0.00 avg300=0.00 total=0
    full avg10=0.00 avg60=0.00 avg300=0.00 total=0

``some`` is the share of wall time in which at least one task stalled on memory,
``full`` the share in which every non-idle task did (that is, no progress at all).
Kernels before 5.13 may omit the ``full`` line for some resources.

Level mapping (the counterpart of ``kern.memorystatus_vm_pressure_level``), on the
10-second averages so that a level follows what is happening now, with the defaults
of :class:`PressureThresholds`:

* **critical** when ``full avg10 ≥ 5 %`` (everything stalled for half a second in
  every ten) or ``some avg10 ≥ 40 %``;
* **warn** when ``some avg10 ≥ 10 %`` (reclaim is costing tasks a tenth of their time);
* **normal** otherwise.

Without PSI (kernels before 4.20, or ``psi=0``) the level falls back to available
memory: **critical** below 5 % of RAM available, **warn** below 10 %. All six numbers
are constructor arguments of :class:`PressureThresholds`.
"""

from __future__ import annotations

from dataclasses import dataclass

from activitymon.model import PressureLevel, PressureStall, StallThresholds

PSI_MEMORY = "/proc/pressure/memory"


@dataclass(frozen=True, slots=True)
class PressureThresholds:
    """Where the pressure levels begin; percentages of wall time (PSI) or of RAM."""

    warn_some_avg10: float = 10.0
    critical_some_avg10: float = 40.0
    critical_full_avg10: float = 5.0
    #: fallback without PSI: available × 100 / total below this is warn …
    warn_available_percent: float = 10.0
    #: … and below this critical
    critical_available_percent: float = 5.0

    def __post_init__(self) -> None:
        if not 0 <= self.warn_some_avg10 <= self.critical_some_avg10 <= 100:
            raise ValueError(
                "PSI thresholds must satisfy 0 ≤ warn_some_avg10 ≤ critical_some_avg10 ≤ 100"
            )
        if not 0 <= self.critical_full_avg10 <= 100:
            raise ValueError("critical_full_avg10 must be a percentage (0–100)")
        if not 0 <= self.critical_available_percent <= self.warn_available_percent <= 100:
            raise ValueError(
                "available thresholds must satisfy 0 ≤ critical ≤ warn ≤ 100 (percent of RAM)"
            )

    @property
    def stall(self) -> StallThresholds:
        """The PSI thresholds as a model value, for the graph's threshold lines."""
        return StallThresholds(
            self.warn_some_avg10, self.critical_some_avg10, self.critical_full_avg10
        )


def _parse_line(line: str, where: str) -> tuple[float, float, float, int]:
    fields: dict[str, str] = {}
    for item in line.split()[1:]:
        key, sep, value = item.partition("=")
        if sep:
            fields[key] = value
    try:
        return (
            float(fields["avg10"]),
            float(fields["avg60"]),
            float(fields["avg300"]),
            int(fields["total"]),
        )
    except (KeyError, ValueError) as exc:
        raise ValueError(f"{where}: malformed PSI line {line.strip()!r}") from exc


def parse_psi(text: str, where: str = PSI_MEMORY) -> PressureStall:
    """Parse the text of a PSI file. Raises ``ValueError`` naming ``where`` if there is
    no ``some`` line or a line is malformed; a missing ``full`` line gives ``None``s."""
    some: tuple[float, float, float, int] | None = None
    full: tuple[float, float, float, int] | None = None
    for line in text.splitlines():
        head = line.split(maxsplit=1)[0] if line.strip() else ""
        if head == "some":
            some = _parse_line(line, where)
        elif head == "full":
            full = _parse_line(line, where)
    if some is None:
        raise ValueError(f"{where}: no 'some' line in PSI text")
    if full is None:
        return PressureStall(*some)
    return PressureStall(*some, *full)


def read_psi(path: str = PSI_MEMORY) -> PressureStall | None:
    """Read and parse a PSI file; ``None`` where the kernel has no PSI (absent file,
    ``EOPNOTSUPP`` with ``psi=0``) or the text cannot be parsed."""
    try:
        with open(path, encoding="ascii") as f:
            return parse_psi(f.read(), path)
    except (OSError, ValueError):
        return None


def level_from_psi(psi: PressureStall, thresholds: PressureThresholds) -> PressureLevel:
    full = psi.full_avg10
    if psi.some_avg10 >= thresholds.critical_some_avg10 or (
        full is not None and full >= thresholds.critical_full_avg10
    ):
        return PressureLevel.CRITICAL
    if psi.some_avg10 >= thresholds.warn_some_avg10:
        return PressureLevel.WARN
    return PressureLevel.NORMAL


def level_from_available(available_percent: float, thresholds: PressureThresholds) -> PressureLevel:
    if available_percent < thresholds.critical_available_percent:
        return PressureLevel.CRITICAL
    if available_percent < thresholds.warn_available_percent:
        return PressureLevel.WARN
    return PressureLevel.NORMAL


def pressure_level(
    psi: PressureStall | None,
    available_percent: float | None,
    thresholds: PressureThresholds,
) -> PressureLevel | None:
    """PSI when the kernel has it, else available memory, else unknown (``None``)."""
    if psi is not None:
        return level_from_psi(psi, thresholds)
    if available_percent is not None:
        return level_from_available(available_percent, thresholds)
    return None
