"""The oldest macOS a Mach-O file runs on: the ``minos`` of its ``LC_BUILD_VERSION``
load command (or the ``version`` of an older ``LC_VERSION_MIN_MACOSX``), read from
the file's header as ``<mach-o/loader.h>`` and ``<mach-o/fat.h>`` lay it out; and the
highest over every Mach-O file of an ``.app``, which its ``LSMinimumSystemVersion``
must not be below (macOS refuses to load a library built for a newer system, so a
plist below it promises a launch that crashes).

Layouts (all from the SDK headers):

- ``mach_header`` (32-bit, magic ``MH_MAGIC`` 0xfeedface) is 28 bytes,
  ``mach_header_64`` (``MH_MAGIC_64`` 0xfeedfacf) 32: ``magic, cputype,
  cpusubtype, filetype, ncmds, sizeofcmds, flags[, reserved]``; the load commands
  follow, each starting ``cmd, cmdsize``. A byte-swapped magic (``MH_CIGAM``,
  ``MH_CIGAM_64``) means the other byte order.
- ``LC_BUILD_VERSION`` (0x32): ``cmd, cmdsize, platform, minos, sdk, ntools``;
  ``platform`` 1 is ``PLATFORM_MACOS``; versions are ``xxxx.yy.zz`` nibbles, i.e.
  ``major << 16 | minor << 8 | patch``.
- ``LC_VERSION_MIN_MACOSX`` (0x24): ``cmd, cmdsize, version, sdk``.
- a universal file starts with ``fat_header`` (``FAT_MAGIC`` 0xcafebabe, or
  ``FAT_MAGIC_64`` 0xcafebabf), always big-endian: ``magic, nfat_arch``, then
  ``fat_arch`` (``cputype, cpusubtype, offset, size, align``, 32-bit fields) or
  ``fat_arch_64`` (64-bit ``offset`` and ``size``, then ``align, reserved``); each
  slice is a thin Mach-O at its offset.

Standard library only; loaded by path from build.py, the macOS spec and the tests.
"""

from __future__ import annotations

import struct
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

MH_MAGIC = 0xFEEDFACE
MH_MAGIC_64 = 0xFEEDFACF
FAT_MAGIC = 0xCAFEBABE
FAT_MAGIC_64 = 0xCAFEBABF
LC_BUILD_VERSION = 0x32
LC_VERSION_MIN_MACOSX = 0x24
PLATFORM_MACOS = 1
CPU_TYPES = {7: "i386", 0x01000007: "x86_64", 12: "arm", 0x0100000C: "arm64"}
HEADER_BYTES = 64 * 1024  # load commands sit at the start; enough for any we read


class MachOError(ValueError):
    """A file that starts like a Mach-O but whose header is cut or inconsistent."""


@dataclass(frozen=True)
class Slice:
    cpu: str
    minos: tuple[int, int, int] | None  # None: no macOS minimum in the header

    @property
    def text(self) -> str:
        return "?" if self.minos is None else version_text(self.minos)


def version_text(version: tuple[int, int, int]) -> str:
    """``(13, 0, 0)`` → ``"13.0"``; ``(10, 13, 4)`` → ``"10.13.4"``."""
    major, minor, patch = version
    return f"{major}.{minor}" + (f".{patch}" if patch else "")


def _nibbles(value: int) -> tuple[int, int, int]:
    return (value >> 16, (value >> 8) & 0xFF, value & 0xFF)


def _thin(data: bytes, start: int) -> Slice:
    if len(data) < start + 28:
        raise MachOError("the Mach-O header is cut short")
    (magic,) = struct.unpack_from("<I", data, start)
    if magic in (MH_MAGIC, MH_MAGIC_64):
        endian = "<"
    elif magic in (struct.unpack("<I", struct.pack(">I", m))[0] for m in (MH_MAGIC, MH_MAGIC_64)):
        endian = ">"
        (magic,) = struct.unpack_from(">I", data, start)
    else:
        raise MachOError(f"no Mach-O magic at offset {start}")
    cputype, _sub, _filetype, ncmds, sizeofcmds, _flags = struct.unpack_from(
        endian + "iiIIII", data, start + 4
    )
    at = start + (32 if magic == MH_MAGIC_64 else 28)
    end = at + sizeofcmds
    if end > len(data):
        raise MachOError("the load commands run past the end of the file")
    minos: tuple[int, int, int] | None = None
    for _ in range(ncmds):
        if at + 8 > end:
            raise MachOError("a load command runs past sizeofcmds")
        cmd, cmdsize = struct.unpack_from(endian + "II", data, at)
        if cmdsize < 8 or at + cmdsize > end:
            raise MachOError(f"load command 0x{cmd:x} has a bad cmdsize {cmdsize}")
        if cmd == LC_BUILD_VERSION and cmdsize >= 24:
            platform, version = struct.unpack_from(endian + "II", data, at + 8)
            if platform == PLATFORM_MACOS:
                minos = _nibbles(version)
        elif cmd == LC_VERSION_MIN_MACOSX and cmdsize >= 16 and minos is None:
            (version,) = struct.unpack_from(endian + "I", data, at + 8)
            minos = _nibbles(version)
        at += cmdsize
    return Slice(CPU_TYPES.get(cputype & 0xFFFFFFFF, hex(cputype & 0xFFFFFFFF)), minos)


def slices(data: bytes) -> list[Slice]:
    """Every architecture's slice of a Mach-O image (one for a thin file); [] when
    ``data`` is no Mach-O."""
    if len(data) < 8:
        return []
    (magic,) = struct.unpack_from(">I", data, 0)
    if magic in (FAT_MAGIC, FAT_MAGIC_64):
        (count,) = struct.unpack_from(">I", data, 4)
        # Java class files share 0xcafebabe; their "count" is a version, over 40
        if count == 0 or count > 30:
            return []
        found = []
        entry = 8
        for _ in range(count):
            if magic == FAT_MAGIC:
                _cpu, _sub, offset, _size, _align = struct.unpack_from(">iiIII", data, entry)
                entry += 20
            else:
                _cpu, _sub, offset, _size, _align, _res = struct.unpack_from(">iiQQII", data, entry)
                entry += 32
            found.append(_thin(data, offset))
        return found
    little = struct.unpack_from("<I", data, 0)[0]
    if little in (MH_MAGIC, MH_MAGIC_64) or magic in (MH_MAGIC, MH_MAGIC_64):
        return [_thin(data, 0)]
    return []


def read_head(path: Path) -> bytes:
    """The start of a file, enough for its headers (a universal file's slices are
    read at their offsets)."""
    with path.open("rb") as handle:
        head = handle.read(HEADER_BYTES)
        if len(head) >= 8 and struct.unpack_from(">I", head, 0)[0] in (FAT_MAGIC, FAT_MAGIC_64):
            handle.seek(0)
            return handle.read()  # slices lie further in
    return head


def file_minimum(path: Path) -> tuple[int, int, int] | None:
    """The highest macOS minimum over the slices of one file (None: not Mach-O, or
    no minimum recorded)."""
    found = [s.minos for s in slices(read_head(path)) if s.minos is not None]
    return max(found) if found else None


def mach_o_files(app: Path) -> Iterator[Path]:
    for path in sorted(app.rglob("*")):
        if path.is_file() and not path.is_symlink():
            with path.open("rb") as handle:
                magic = handle.read(4)
            if len(magic) == 4 and (
                struct.unpack(">I", magic)[0] in (MH_MAGIC, MH_MAGIC_64, FAT_MAGIC, FAT_MAGIC_64)
                or struct.unpack("<I", magic)[0] in (MH_MAGIC, MH_MAGIC_64)
            ):
                yield path


@dataclass(frozen=True)
class AppMinimum:
    version: tuple[int, int, int] | None
    files: tuple[Path, ...]  # the files that need exactly that version

    @property
    def text(self) -> str:
        return "none" if self.version is None else version_text(self.version)


def app_minimum(paths: Iterator[Path] | list[Path]) -> AppMinimum:
    """The highest minimum over ``paths`` (Mach-O files), and which files set it."""
    per_file = {path: file_minimum(path) for path in paths}
    known = [v for v in per_file.values() if v is not None]
    top = max(known) if known else None
    return AppMinimum(top, tuple(p for p, v in per_file.items() if v == top and top is not None))


def parse_version(text: str) -> tuple[int, int, int]:
    parts = [int(p) for p in text.split(".")]
    parts += [0] * (3 - len(parts))
    return (parts[0], parts[1], parts[2])


def plist_problem(plist_minimum: str, app: Path) -> str:
    """Why ``LSMinimumSystemVersion`` = ``plist_minimum`` would lie about ``app``
    ("" when every Mach-O file in it runs there)."""
    need = app_minimum(list(mach_o_files(app)))
    if need.version is None or parse_version(plist_minimum) >= need.version:
        return ""
    names = ", ".join(str(p.relative_to(app)) for p in need.files[:3])
    return (
        f"Info.plist says LSMinimumSystemVersion {plist_minimum} but {names} "
        f"need{'s' if len(need.files) == 1 else ''} macOS {need.text} (LC_BUILD_VERSION minos)"
    )
