"""A Linux process's memory map from ``/proc/PID/smaps``, vmmap-style (issue 25).

:func:`parse_smaps` reads the file as it streams in: one pass, each byte looked at a
bounded number of times, no regular expression, lines longer than
:data:`MAX_LINE_BYTES` skipped, at most :data:`MAX_REGIONS` regions kept (the
kernel's default ``vm.max_map_count`` is 65,530). :func:`read_memory_map` adds what
the kernel's own totals say (``smaps_rollup``) and the footprint's parts
(``/proc/PID/status``), and turns every failure into a one-line ``problem``: a
process that exits while its map is read keeps what was read and says so; another
user's process says that it needs privileges.

psutil's ``Process.memory_maps(grouped=False)`` reads the same file; it is not used
here because it reads the whole file into memory before parsing and drops
everything when the process exits mid-read, whereas a partial map is what the
inspector of a dying process wants (the tests check the two agree region by region).

Per region: ``virtual`` = end − start (``Size``), ``resident`` = ``Rss``, ``dirty``
= ``Shared_Dirty + Private_Dirty``, ``swapped`` = ``Swap``, ``private`` =
``Private_Clean + Private_Dirty``, ``shared`` = ``Shared_Clean + Shared_Dirty``.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from activitymon.model.regions import FootprintPart, MemoryMap, MemoryRegion
from activitymon.sources.base import ProcessGone

PROC = "/proc"
#: ``vm.max_map_count`` defaults to 65,530: a map is never longer unless raised
MAX_REGIONS = 65_536
#: a header line is at most an address range, four fields and a path (PATH_MAX 4096)
MAX_LINE_BYTES = 8192
CHUNK_BYTES = 65_536

_KB_FIELDS = {
    b"Rss": "rss",
    b"Shared_Clean": "shared_clean",
    b"Shared_Dirty": "shared_dirty",
    b"Private_Clean": "private_clean",
    b"Private_Dirty": "private_dirty",
    b"Swap": "swap",
}
#: the kept lines' prefixes, for one C-level ``startswith`` per line
_WANTED = tuple(key + b":" for key in _KB_FIELDS)
_SPECIAL = {"[heap]": "heap", "[stack]": "stack", "[vdso]": "vdso", "[vvar]": "vvar"}


@dataclass
class _Region:
    start: int
    end: int
    perms: str
    path: str | None
    kb: dict[str, int] = field(default_factory=dict)


@dataclass
class SmapsResult:
    regions: list[MemoryRegion]
    #: lines that were not a header or a ``Key: N kB`` line (or were too long)
    skipped_lines: int = 0
    #: more regions than :data:`MAX_REGIONS`: the rest were not kept
    cut: bool = False


def region_type(path: str | None, perms: str, program: str | None = None) -> str:
    """What a mapping is, in words a newcomer reads: heap, stack, anonymous, shared
    memory, program or library text/data, mapped file."""
    if not path:
        return "shared memory" if perms.endswith("s") else "anonymous"
    if path in _SPECIAL:
        return _SPECIAL[path]
    if path.startswith("["):
        return path.strip("[]").split(":", 1)[0] or "anonymous"
    if path.startswith(("/dev/shm/", "/memfd:", "/SYSV", "/dev/zero")):
        return "shared memory"
    if program is not None and path == program:
        kind = "program"
    elif ".so" in os.path.basename(path):
        kind = "library"
    else:
        return "mapped file"
    if "x" in perms:
        return f"{kind} text"
    if "w" in perms:
        return f"{kind} data"
    return f"{kind} read-only"


def share_mode(path: str | None, perms: str) -> str:
    """vmmap's SM= codes where Linux has an equivalent: SHM for shared mappings, COW
    for a private mapping of a file, PRV for private anonymous memory."""
    if perms.endswith("s"):
        return "SHM"
    return "COW" if path and not path.startswith("[") else "PRV"


def _header(line: bytes) -> _Region | None:
    """``start-end perms offset dev inode [path]``, or ``None`` for another line."""
    parts = line.split(None, 5)
    if len(parts) < 5:
        return None
    start, dash, end = parts[0].partition(b"-")
    if not dash or len(parts[1]) != 4:
        return None
    try:
        lo, hi = int(start, 16), int(end, 16)
    except ValueError:
        return None
    if hi < lo:
        return None
    path = parts[5].strip().decode("utf-8", "surrogateescape") if len(parts) == 6 else None
    return _Region(lo, hi, parts[1].decode("ascii", "replace"), path or None)


def _lines(chunks: Iterable[bytes]) -> Iterator[bytes | None]:
    """The lines of a stream of chunks (split in C, a chunk at a time); ``None`` for a
    line cut for being longer than :data:`MAX_LINE_BYTES` (never held whole)."""
    pending = b""
    dropping = False  # inside an overlong line: skip to its end
    for chunk in chunks:
        pieces = chunk.split(b"\n")
        first, last = pieces[0], pieces[-1]
        if len(pieces) == 1:  # no line ends in this chunk
            if not dropping:
                if len(pending) + len(first) > MAX_LINE_BYTES:
                    pending, dropping = b"", True
                else:
                    pending += first
            continue
        if dropping:
            yield None
            dropping = False
        elif len(pending) + len(first) > MAX_LINE_BYTES:
            yield None
        else:
            yield pending + first
        for line in pieces[1:-1]:
            yield None if len(line) > MAX_LINE_BYTES else line
        if len(last) > MAX_LINE_BYTES:
            pending, dropping = b"", True
        else:
            pending = last
    if dropping:
        yield None
    elif pending:
        yield pending


def parse_smaps(
    chunks: Iterable[bytes], *, program: str | None = None, max_regions: int = MAX_REGIONS
) -> SmapsResult:
    """Regions from the text of ``/proc/PID/smaps`` given in chunks. ``program`` is the
    process's executable (``/proc/PID/exe``), to tell its text from libraries'."""
    result = SmapsResult([])
    current: _Region | None = None
    for line in _lines(chunks):
        if line is None:
            result.skipped_lines += 1
            continue
        if line.startswith(_WANTED):  # one of the six "Key:   N kB" lines kept
            if current is None:
                result.skipped_lines += 1
                continue
            key, _, rest = line.partition(b":")
            value = rest.split()
            if len(value) == 2 and value[1] == b"kB" and value[0].isdigit():
                current.kb[_KB_FIELDS[key]] = int(value[0]) * 1024
            else:
                result.skipped_lines += 1
            continue
        if line[:1].isupper():  # another "Key: …" line (a header starts with a hex digit)
            continue
        header = _header(line)
        if header is None:
            result.skipped_lines += 1
            continue
        if current is not None:
            result.regions.append(_finish(current, program))
        if len(result.regions) >= max_regions:
            result.cut = True
            current = None
            break
        current = header
    if current is not None:
        result.regions.append(_finish(current, program))
    return result


def _finish(r: _Region, program: str | None) -> MemoryRegion:
    kb = r.kb

    def both(a: str, b: str) -> int | None:
        return kb[a] + kb[b] if a in kb and b in kb else None

    return MemoryRegion(
        start=r.start,
        end=r.end,
        type=region_type(r.path, r.perms, program),
        path=r.path,
        protection=r.perms,
        share_mode=share_mode(r.path, r.perms),
        virtual_bytes=r.end - r.start,
        resident_bytes=kb.get("rss"),
        dirty_bytes=both("shared_dirty", "private_dirty"),
        swapped_bytes=kb.get("swap"),
        private_bytes=both("private_clean", "private_dirty"),
        shared_bytes=both("shared_clean", "shared_dirty"),
    )


def kb_field(data: bytes, key: bytes) -> int | None:
    """``Key:   N kB`` of ``status`` or ``smaps_rollup`` in bytes; ``None`` if absent."""
    for line in data.splitlines():
        name, colon, rest = line.partition(b":")
        if colon and name == key:
            value = rest.split()
            if value and value[0].isdigit():
                return int(value[0]) * 1024
    return None


ROLLUP_KEYS: tuple[bytes, ...] = (
    b"Rss",
    b"Pss",
    b"Shared_Clean",
    b"Shared_Dirty",
    b"Private_Clean",
    b"Private_Dirty",
    b"Anonymous",
    b"Swap",
    b"SwapPss",
)


Reader = Callable[[int, int], bytes]
"""``os.read``'s signature: the one seam tests replace to fake a process that exits or
refuses access mid-read."""


class _Stream:
    """The chunks of an open file; remembers how the read ended."""

    def __init__(self, fd: int, read: Reader) -> None:
        self.fd = fd
        self.read = read
        self.error: OSError | None = None
        self.bytes = 0

    def __iter__(self) -> Iterator[bytes]:
        while True:
            try:
                chunk = self.read(self.fd, CHUNK_BYTES)
            except OSError as exc:
                self.error = exc
                return
            if not chunk:
                return
            self.bytes += len(chunk)
            yield chunk


def _state(proc: str, pid: int) -> str | None:
    """The state letter of ``/proc/PID/stat`` (``Z`` for a zombie); ``None`` once the
    process is gone."""
    try:
        with open(f"{proc}/{pid}/stat", "rb") as f:
            data = f.read(512)
    except OSError:
        return None
    close = data.rfind(b")")
    return data[close + 2 : close + 3].decode("ascii", "replace") if close > 0 else None


def read_memory_map(pid: int, proc: str = PROC, read: Reader = os.read) -> MemoryMap:
    """The map of ``pid`` now. Raises :class:`ProcessGone` if it is not running; every
    other failure is a :class:`MemoryMap` whose ``problem`` is one line."""
    path = f"{proc}/{pid}/smaps"
    try:
        fd = os.open(path, os.O_RDONLY)
    except PermissionError:
        return MemoryMap(
            pid,
            path,
            complete=False,
            problem=f"not permitted to read {path}: another user's process "
            "(run as root, or as its user, to see its map)",
        )
    except OSError as exc:
        raise ProcessGone(f"pid {pid} is not running") from exc
    try:
        program = _program(proc, pid)
        stream = _Stream(fd, read)
        parsed = parse_smaps(stream, program=program)
    finally:
        os.close(fd)
    state = _state(proc, pid)
    alive = state is not None and state not in "ZXx"
    if not stream.bytes and not isinstance(stream.error, PermissionError) and state is None:
        raise ProcessGone(f"pid {pid} exited")
    problem = _problem(pid, path, parsed, stream, alive=alive)
    return MemoryMap(
        pid,
        path,
        regions=tuple(parsed.regions),
        complete=problem is None,
        problem=problem,
        parts=_parts(proc, pid),
        rollup=_rollup(proc, pid),
    )


def _problem(
    pid: int, path: str, parsed: SmapsResult, stream: _Stream, *, alive: bool
) -> str | None:
    n = len(parsed.regions)
    if isinstance(stream.error, PermissionError):
        return f"access to {path} was refused after {n:,} regions (its owner changed?)"
    if stream.error is not None or (not alive and stream.bytes):
        return f"pid {pid} exited while its map was read: {n:,} regions read, shown as they were"
    if parsed.cut:
        return f"the map has more than {MAX_REGIONS:,} regions: the first {n:,} are shown"
    if not stream.bytes:
        return "no memory map: a kernel thread or a zombie has no user memory"
    if parsed.skipped_lines:
        return f"{parsed.skipped_lines} lines of {path} were not understood and skipped"
    return None


def _program(proc: str, pid: int) -> str | None:
    try:
        return os.readlink(f"{proc}/{pid}/exe")
    except OSError:
        return None


def _read_small(path: str) -> bytes | None:
    try:
        with open(path, "rb") as f:
            return f.read(65_536)
    except OSError:
        return None


def _rollup(proc: str, pid: int) -> tuple[tuple[str, int], ...]:
    data = _read_small(f"{proc}/{pid}/smaps_rollup")
    if data is None:
        return ()
    out = []
    for key in ROLLUP_KEYS:
        value = kb_field(data, key)
        if value is not None:
            out.append((key.decode(), value))
    return tuple(out)


def _parts(proc: str, pid: int) -> tuple[FootprintPart, ...]:
    """Linux's footprint (``RssAnon + RssShmem + VmSwap``, docs/LINUX.md) and what it
    leaves out (``RssFile``: clean, re-readable file pages)."""
    data = _read_small(f"{proc}/{pid}/status")
    if data is None:
        return ()
    return (
        FootprintPart("anonymous memory, resident (RssAnon)", kb_field(data, b"RssAnon"), True),
        FootprintPart("shared memory, resident (RssShmem)", kb_field(data, b"RssShmem"), True),
        FootprintPart("swapped out (VmSwap)", kb_field(data, b"VmSwap"), True, "swap-used"),
        FootprintPart(
            "file pages, resident (RssFile; not counted)",
            kb_field(data, b"RssFile"),
            False,
            "footprint-vs-rss",
        ),
    )
