"""The oldest glibc a Linux bundle runs on: the highest ``GLIBC_x.y`` symbol version
that any ELF file in it needs (its ``.gnu.version_r`` section, what ``objdump -p``
prints under "Version References"); and the libraries a bundle needs from the
machine it runs on: every ``DT_NEEDED`` entry of its ``.dynamic`` section (``objdump
-p``'s "NEEDED") that no file in the bundle provides.

  python3 packaging/glibc_floor.py dist/activitymon     prints the floor and the
                                                        files that set it

Standard library only (the ELF is parsed here, so binutils need not be installed);
loaded by path from build.py and the tests.
"""

from __future__ import annotations

import re
import struct
import sys
from dataclasses import dataclass
from pathlib import Path

ELF_MAGIC = b"\x7fELF"
SHT_GNU_VERNEED = 0x6FFFFFFE
SHT_DYNAMIC = 6
DT_NEEDED = 1
GLIBC_VERSION = re.compile(rb"^GLIBC_(\d+)\.(\d+)(?:\.(\d+))?$")


@dataclass(frozen=True)
class Floor:
    version: tuple[int, ...]  # (0, 0) when nothing needs glibc
    files: tuple[Path, ...]  # the files needing exactly that version

    @property
    def text(self) -> str:
        return ".".join(map(str, self.version))


def _sections(data: bytes) -> tuple[bool, str, list[tuple[int, int, int, int, int]]]:
    """Whether the ELF is 64-bit, its byte order, and its section headers as
    ``(type, offset, size, link, info)``; no sections when they run past the end."""
    is64 = data[4] == 2
    endian = "<" if data[5] == 1 else ">"
    if is64:
        (shoff,) = struct.unpack_from(endian + "Q", data, 0x28)
        shentsize, shnum = struct.unpack_from(endian + "HH", data, 0x3A)
    else:
        (shoff,) = struct.unpack_from(endian + "I", data, 0x20)
        shentsize, shnum = struct.unpack_from(endian + "HH", data, 0x2E)
    sections = []
    for index in range(shnum):
        base = shoff + index * shentsize
        if base + shentsize > len(data):
            return is64, endian, []
        if is64:
            _name, kind, _flags, _addr, offset, size, link, info = struct.unpack_from(
                endian + "IIQQQQII", data, base
            )
        else:
            _name, kind, _flags, _addr, offset, size, link, info = struct.unpack_from(
                endian + "IIIIIIII", data, base
            )
        sections.append((kind, offset, size, link, info))
    return is64, endian, sections


def needed_libraries(data: bytes) -> list[str]:
    """The ``DT_NEEDED`` names of an ELF image (``["libc.so.6", …]``); [] for a
    non-ELF or a static one."""
    if data[:4] != ELF_MAGIC or len(data) < 64:
        return []
    is64, endian, sections = _sections(data)
    entry_format = endian + ("qQ" if is64 else "iI")
    entry_size = struct.calcsize(entry_format)
    names: list[str] = []
    for kind, offset, size, link, _info in sections:
        if kind != SHT_DYNAMIC or link >= len(sections):
            continue
        strings = sections[link][1]
        for at in range(offset, min(offset + size, len(data) - entry_size + 1), entry_size):
            tag, value = struct.unpack_from(entry_format, data, at)
            if tag == 0:  # DT_NULL ends the table
                break
            if tag == DT_NEEDED:
                names.append(_cstring(data, strings + value))
    return names


def version_needs(data: bytes) -> list[tuple[str, str]]:
    """``(library, version name)`` pairs from an ELF image's version-needs section,
    e.g. ``("libc.so.6", "GLIBC_2.34")``; [] for a non-ELF or one without it."""
    if data[:4] != ELF_MAGIC or len(data) < 64:
        return []
    _is64, endian, sections = _sections(data)
    needs: list[tuple[str, str]] = []
    for kind, offset, _size, link, count in sections:
        if kind != SHT_GNU_VERNEED or link >= len(sections):
            continue
        strings = sections[link][1]
        entry = offset
        for _ in range(count):
            _ver, aux_count, file_name, aux, next_entry = struct.unpack_from(
                endian + "HHIII", data, entry
            )
            library = _cstring(data, strings + file_name)
            aux_at = entry + aux
            for _ in range(aux_count):
                _hash, _flags, _other, name, next_aux = struct.unpack_from(
                    endian + "IHHII", data, aux_at
                )
                needs.append((library, _cstring(data, strings + name)))
                if next_aux == 0:
                    break
                aux_at += next_aux
            if next_entry == 0:
                break
            entry += next_entry
    return needs


def _cstring(data: bytes, start: int) -> str:
    end = data.index(b"\0", start)
    return data[start:end].decode("ascii", "replace")


def glibc_needed(path: Path) -> tuple[int, ...]:
    """The highest ``GLIBC_`` version one file needs, (0, 0) for none."""
    with path.open("rb") as handle:
        if handle.read(4) != ELF_MAGIC:
            return (0, 0)
    best: tuple[int, ...] = (0, 0)
    for _library, name in version_needs(path.read_bytes()):
        match = GLIBC_VERSION.match(name.encode())
        if match is not None:
            version = tuple(int(part) for part in match.groups() if part is not None)
            best = max(best, version)
    return best


def bundle_floor(bundle: Path) -> Floor:
    """The floor over every regular file in ``bundle`` (symlinks are followed once,
    through their targets inside the bundle)."""
    per_file = {
        path: glibc_needed(path)
        for path in sorted(bundle.rglob("*"))
        if path.is_file() and not path.is_symlink()
    }
    top = max(per_file.values(), default=(0, 0))
    return Floor(top, tuple(path for path, v in per_file.items() if v == top and top > (0, 0)))


def parse_version(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in text.split("."))


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: glibc_floor.py BUNDLE_DIR", file=sys.stderr)
        return 2
    bundle = Path(argv[0])
    floor = bundle_floor(bundle)
    print(
        f"glibc floor {floor.text}: " + ", ".join(str(p.relative_to(bundle)) for p in floor.files)
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))


def host_needs(bundle: Path) -> dict[str, list[Path]]:
    """The libraries the bundle's ELF files need that no file of the bundle
    provides (by file name): what the host must have, and which files need each."""
    files = [p for p in sorted(bundle.rglob("*")) if p.is_file() or p.is_symlink()]
    provided = {p.name for p in files}
    needs: dict[str, list[Path]] = {}
    for path in files:
        if path.is_symlink() or not path.is_file():
            continue
        with path.open("rb") as handle:
            if handle.read(4) != ELF_MAGIC:
                continue
        for name in needed_libraries(path.read_bytes()):
            if name not in provided:
                needs.setdefault(name, []).append(path)
    return dict(sorted(needs.items()))
