"""The oldest glibc a Linux bundle runs on: the highest ``GLIBC_x.y`` symbol version
that any ELF file in it needs (its ``.gnu.version_r`` section, what ``objdump -p``
prints under "Version References").

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
GLIBC_VERSION = re.compile(rb"^GLIBC_(\d+)\.(\d+)(?:\.(\d+))?$")


@dataclass(frozen=True)
class Floor:
    version: tuple[int, ...]  # (0, 0) when nothing needs glibc
    files: tuple[Path, ...]  # the files needing exactly that version

    @property
    def text(self) -> str:
        return ".".join(map(str, self.version))


def version_needs(data: bytes) -> list[tuple[str, str]]:
    """``(library, version name)`` pairs from an ELF image's version-needs section,
    e.g. ``("libc.so.6", "GLIBC_2.34")``; [] for a non-ELF or one without it."""
    if data[:4] != ELF_MAGIC or len(data) < 64:
        return []
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
            return []
        if is64:
            _name, kind, _flags, _addr, offset, size, link, info = struct.unpack_from(
                endian + "IIQQQQII", data, base
            )
        else:
            _name, kind, _flags, _addr, offset, size, link, info = struct.unpack_from(
                endian + "IIIIIIII", data, base
            )
        sections.append((kind, offset, size, link, info))
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
