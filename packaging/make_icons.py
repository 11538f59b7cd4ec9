"""Render the app icon from ``resources/icons/activitymon.svg`` into the files the
bundles need, and write them beside it:

- ``resources/icons/png/activitymon-<N>.png`` for every size in :data:`PNG_SIZES`
  (the Linux hicolor sizes and the macOS ones);
- ``resources/icons/activitymon.icns``: the macOS container, PNG payloads in the
  chunk types of :data:`ICNS_CHUNKS`;
- ``resources/icons/activitymon.ico``: PNG payloads in :data:`ICO_SIZES`.

The outputs are committed, so a build never renders; run this after editing the SVG::

    python packaging/make_icons.py

It uses Qt's ``QSvgRenderer`` (PySide6-Essentials ships QtSvg), offscreen.
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ICON_DIR = ROOT / "resources" / "icons"
SVG = ICON_DIR / "activitymon.svg"
PNG_DIR = ICON_DIR / "png"
ICNS = ICON_DIR / "activitymon.icns"
ICO = ICON_DIR / "activitymon.ico"

PNG_SIZES: tuple[int, ...] = (16, 22, 24, 32, 48, 64, 128, 256, 512, 1024)

#: icns chunk type -> pixel size of its PNG payload (Apple's ``ic07``…``ic14``).
ICNS_CHUNKS: dict[str, int] = {
    "ic07": 128,
    "ic08": 256,
    "ic09": 512,
    "ic10": 1024,  # 512@2x
    "ic11": 32,  # 16@2x
    "ic12": 64,  # 32@2x
    "ic13": 256,  # 128@2x
    "ic14": 512,  # 256@2x
}

ICO_SIZES: tuple[int, ...] = (16, 24, 32, 48, 64, 256)


def png_path(size: int) -> Path:
    return PNG_DIR / f"activitymon-{size}.png"


def render_pngs(svg: Path, sizes: tuple[int, ...]) -> dict[int, bytes]:
    """Render ``svg`` at each size (square, transparent background) into PNG bytes."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    _app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"make_icons: {svg} is not an SVG Qt can render")
    pngs: dict[int, bytes] = {}
    for size in sizes:
        image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        renderer.render(painter)
        painter.end()
        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        argb = image.convertToFormat(QImage.Format.Format_ARGB32)
        # PySide6 takes the format as str at run time; its stubs say bytes
        if not argb.save(buffer, "PNG"):  # type: ignore[call-overload]
            raise SystemExit(f"make_icons: could not encode the {size} px PNG")
        buffer.close()
        pngs[size] = bytes(data.data())
    return pngs


def build_icns(pngs: dict[int, bytes]) -> bytes:
    """An ``icns`` file: ``'icns'`` + total length, then one ``type + length + PNG``
    chunk per entry of :data:`ICNS_CHUNKS` (lengths are big-endian and include the
    8-byte headers)."""
    body = b"".join(
        kind.encode("ascii") + struct.pack(">I", 8 + len(pngs[size])) + pngs[size]
        for kind, size in ICNS_CHUNKS.items()
    )
    return b"icns" + struct.pack(">I", 8 + len(body)) + body


def build_ico(pngs: dict[int, bytes]) -> bytes:
    """A Windows ``.ico`` holding PNG images (allowed since Vista)."""
    header = struct.pack("<HHH", 0, 1, len(ICO_SIZES))
    offset = len(header) + 16 * len(ICO_SIZES)
    entries = b""
    payload = b""
    for size in ICO_SIZES:
        data = pngs[size]
        side = 0 if size >= 256 else size  # 0 means 256
        entries += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(data), offset)
        offset += len(data)
        payload += data
    return header + entries + payload


def main() -> int:
    sizes = tuple(sorted(set(PNG_SIZES) | set(ICNS_CHUNKS.values()) | set(ICO_SIZES)))
    pngs = render_pngs(SVG, sizes)
    PNG_DIR.mkdir(parents=True, exist_ok=True)
    for size in PNG_SIZES:
        png_path(size).write_bytes(pngs[size])
    ICNS.write_bytes(build_icns(pngs))
    ICO.write_bytes(build_ico(pngs))
    total = sum(p.stat().st_size for p in [*PNG_DIR.glob("*.png"), ICNS, ICO])
    print(f"wrote {len(PNG_SIZES)} PNGs, {ICNS.name} and {ICO.name} ({total / 1024:.0f} KiB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
