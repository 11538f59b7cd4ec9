"""The AppStream metainfo (``share/metainfo/<id>.metainfo.xml``) that software
centres and ``appstreamcli`` read: name, summary, description, screenshots from
``docs/screenshots/``, releases, the licence and the report types the app opens.
Made from ``packaging/metadata.toml`` (one source with the .desktop entry and the
macOS Info.plist).

Standard library only; loaded by path from bundlespec.py and the tests.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape, quoteattr

ROOT = Path(__file__).resolve().parents[1]
SCREENSHOTS = ROOT / "docs" / "screenshots"

DESCRIPTION = (
    "activitymon shows how close a machine is to running out of memory, and what "
    "the kernel does about it. On an iPhone or a Mac that is jetsam: the kernel "
    "sorts processes into priority bands and ends the least important ones when "
    "memory runs short.",
    "Watch memory pressure live on macOS or Linux, run a simulated iOS device whose "
    "kernel follows XNU's jetsam rules step by step, or open jetsam reports "
    "(.ips, .synced and LowMemory files) copied from a device and replay them.",
)


def _load(toml_path: Path) -> dict[str, Any]:
    with toml_path.open("rb") as handle:
        return tomllib.load(handle)


def metainfo_xml(meta: Any, mime_types: list[str], toml_path: Path) -> str:
    """The metainfo document for ``meta`` (an ``appmeta.AppMeta``)."""
    data = _load(toml_path)
    app = data["app"]
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f"<!-- Copyright {escape(app['developer'])} -->",
        '<component type="desktop-application">',
        f"  <id>{escape(meta.bundle_id)}</id>",
        "  <metadata_license>CC0-1.0</metadata_license>",
        f"  <project_license>{escape(app['license'])}</project_license>",
        f"  <name>{escape(meta.display_name)}</name>",
        f"  <summary>{escape(meta.summary)}</summary>",
        f"  <developer id={quoteattr(app['developer_id'])}>",
        f"    <name>{escape(app['developer'])}</name>",
        "  </developer>",
        "  <description>",
        *(f"    <p>{escape(paragraph)}</p>" for paragraph in DESCRIPTION),
        "  </description>",
        f'  <launchable type="desktop-id">{escape(meta.desktop_file_name)}</launchable>',
        f'  <url type="homepage">{escape(app["homepage"])}</url>',
        f'  <url type="bugtracker">{escape(app["issues"])}</url>',
        "  <categories>",
        *(f"    <category>{escape(c)}</category>" for c in meta.linux_categories),
        "  </categories>",
        "  <keywords>",
        *(f"    <keyword>{escape(k)}</keyword>" for k in meta.linux_keywords),
        "  </keywords>",
        "  <screenshots>",
    ]
    for index, shot in enumerate(app["screenshots"]):
        kind = ' type="default"' if index == 0 else ""
        out += [
            f"    <screenshot{kind}>",
            f"      <caption>{escape(shot['caption'])}</caption>",
            f'      <image type="source">{escape(app["screenshot_base"] + shot["file"])}</image>',
            "    </screenshot>",
        ]
    out += [
        "  </screenshots>",
        "  <provides>",
        f"    <binary>{escape(meta.name)}</binary>",
        *(f"    <mediatype>{escape(m)}</mediatype>" for m in mime_types),
        "  </provides>",
        '  <content_rating type="oars-1.1"/>',
        "  <releases>",
    ]
    for release in data["releases"]:
        out += [
            f"    <release version={quoteattr(release['version'])} "
            f"date={quoteattr(str(release['date']))}>",
            "      <description>",
            f"        <p>{escape(release['description'])}</p>",
            "      </description>",
            "    </release>",
        ]
    out += ["  </releases>", "</component>"]
    return "\n".join(out) + "\n"


def screenshot_files(toml_path: Path) -> list[Path]:
    """The files of docs/screenshots/ the metainfo names (each must exist)."""
    return [SCREENSHOTS / shot["file"] for shot in _load(toml_path)["app"]["screenshots"]]
