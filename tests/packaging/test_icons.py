"""The committed icon files match what packaging/make_icons.py makes from the SVG:
the sizes, the icns chunk types, the ico entries, and (at one size) the picture."""

from __future__ import annotations

import struct
from pathlib import Path

import pytest

from tests.packaging.loader import packaging_module

make_icons = packaging_module("make_icons")
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def png_header(data: bytes) -> tuple[int, int, int]:
    """(width, height, colour type) from a PNG's IHDR chunk."""
    assert data.startswith(PNG_SIGNATURE), "not a PNG"
    assert data[12:16] == b"IHDR"
    width, height = struct.unpack(">II", data[16:24])
    return width, height, data[25]


@pytest.mark.parametrize("size", make_icons.PNG_SIZES)
def test_each_png_size_is_committed_square_with_alpha(size: int) -> None:
    path = make_icons.png_path(size)
    assert path.is_file(), f"{path} missing: run python packaging/make_icons.py"
    assert png_header(path.read_bytes()) == (size, size, 6)  # 6 = RGBA


def test_no_stray_pngs_beside_the_listed_sizes() -> None:
    listed = {make_icons.png_path(size).name for size in make_icons.PNG_SIZES}
    assert {p.name for p in make_icons.PNG_DIR.glob("*.png")} == listed


def read_icns(path: Path) -> list[tuple[str, bytes]]:
    data = path.read_bytes()
    assert data[:4] == b"icns"
    (total,) = struct.unpack(">I", data[4:8])
    assert total == len(data), "icns header length differs from the file size"
    chunks = []
    offset = 8
    while offset < len(data):
        kind = data[offset : offset + 4].decode("ascii")
        (length,) = struct.unpack(">I", data[offset + 4 : offset + 8])
        assert length > 8
        chunks.append((kind, data[offset + 8 : offset + length]))
        offset += length
    assert offset == len(data), "icns chunks overrun the file"
    return chunks


def test_icns_holds_ic07_to_ic14_as_pngs_of_their_sizes() -> None:
    chunks = read_icns(make_icons.ICNS)
    assert [kind for kind, _ in chunks] == list(make_icons.ICNS_CHUNKS)
    assert {kind for kind, _ in chunks} == {f"ic{n:02d}" for n in range(7, 15)}
    for kind, payload in chunks:
        side = make_icons.ICNS_CHUNKS[kind]
        assert png_header(payload)[:2] == (side, side), kind


def test_ico_lists_png_images_of_its_sizes() -> None:
    data = make_icons.ICO.read_bytes()
    reserved, kind, count = struct.unpack("<HHH", data[:6])
    assert (reserved, kind, count) == (0, 1, len(make_icons.ICO_SIZES))
    for index, size in enumerate(make_icons.ICO_SIZES):
        entry = data[6 + 16 * index : 6 + 16 * (index + 1)]
        width, height, _c, _r, _planes, bpp, length, offset = struct.unpack("<BBBBHHII", entry)
        assert (width or 256, height or 256, bpp) == (size, size, 32)
        assert png_header(data[offset : offset + length])[:2] == (size, size)


def test_icns_builder_round_trips_through_an_independent_reader(tmp_path: Path) -> None:
    pngs = {size: make_icons.png_path(size).read_bytes() for size in (32, 64, 128, 256, 512, 1024)}
    out = tmp_path / "x.icns"
    out.write_bytes(make_icons.build_icns(pngs))
    assert [(k, p) for k, p in read_icns(out)] == [
        (kind, pngs[side]) for kind, side in make_icons.ICNS_CHUNKS.items()
    ]


@pytest.mark.gui
def test_committed_pngs_still_look_like_the_svg(qapp) -> None:
    """Editing the SVG without re-running make_icons.py fails here (pixels compared
    loosely, so a different Qt's anti-aliasing does not)."""
    from PySide6.QtGui import QImage

    size = 64
    fresh = QImage.fromData(make_icons.render_pngs(make_icons.SVG, (size,))[size])
    committed = QImage(str(make_icons.png_path(size)))
    assert fresh.size() == committed.size()
    total = 0
    for y in range(size):
        for x in range(size):
            a, b = fresh.pixelColor(x, y), committed.pixelColor(x, y)
            total += sum(
                abs(u - v)
                for u, v in zip(
                    (a.red(), a.green(), a.blue(), a.alpha()),
                    (b.red(), b.green(), b.blue(), b.alpha()),
                    strict=True,
                )
            )
    mean = total / (size * size * 4)
    assert mean < 3.0, f"committed {size} px icon differs from the SVG (mean {mean:.1f}/255)"
