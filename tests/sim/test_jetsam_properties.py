"""Reading ``com.apple.jetsamproperties.<model>.plist`` in its two public layouts.

The files below are written here, with ``plistlib`` in XML and binary form, from the
documented structure (docs/SIMULATOR.md, "Jetsam properties"): CachedDefaults as
launchd-842's ``support/launchctl.c`` reads it (``Version``, ``Defaults``,
``CachedDefaults`` → label → ``JetsamPriority`` / ``JetsamMemoryLimit``), Version4 as
RunningBoard reads it (``Version4`` → section → ``Override`` → identifier, with
``Global`` among the identifiers) with the keys of the iPadOS 18.5 Daemon ``Global``
entry quoted there (``ActiveSoftMemoryLimit`` 6, ``InactiveHardMemoryLimit`` 6,
``JetsamPriority`` 40, ``ThreadLimit`` 32).
"""

from __future__ import annotations

import os
import plistlib
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from activitymon.sim.jetsam_properties import (
    Layout,
    MemoryLimitMB,
    PropertiesError,
    parse_properties,
    read_properties_file,
)

VERSION4: dict[str, Any] = {
    "Version4": {
        "Daemon": {
            "Override": {
                "Global": {
                    "ActiveSoftMemoryLimit": 6,
                    "InactiveHardMemoryLimit": 6,
                    "JetsamPriority": 40,
                    "ThreadLimit": 32,
                },
                "com.apple.locationd": {
                    "ActiveHardMemoryLimit": 60,
                    "InactiveHardMemoryLimit": 40,
                    "JetsamPriority": 180,
                    "EnablePressuredExit": True,
                },
            }
        },
        "Extension": {
            "Override": {
                "com.apple.networkextension.packet-tunnel": {
                    "ActiveHardMemoryLimit": 50,
                    "InactiveHardMemoryLimit": 50,
                }
            }
        },
    }
}
CACHED_DEFAULTS: dict[str, Any] = {
    "Version": 3,
    "Defaults": {"com.apple.searchd": {"JetsamPriority": 3, "JetsamMemoryLimit": 12}},
    "CachedDefaults": {
        "com.apple.usb.networking.addNetworkInterface": {
            "JetsamMemoryLimit": 6,
            "JetsamPriority": 3,
            "WellBehaved": True,
        },
        "com.apple.mediaserverd": {
            "JetsamPriority": 12,
            "JetsamMemoryLimit": 40,
            "JetsamMemoryLimitBackground": True,
        },
    },
}
FORMATS = [plistlib.FMT_XML, plistlib.FMT_BINARY]


@pytest.mark.parametrize("fmt", FORMATS, ids=["xml", "binary"])
def test_version4_sections_overrides_and_global(fmt: plistlib.PlistFormat) -> None:
    props = parse_properties(plistlib.dumps(VERSION4, fmt=fmt), "t.plist")
    assert props.layout is Layout.VERSION4
    glob = props.entry("Daemon", "Global")
    assert glob is not None
    assert glob.active == MemoryLimitMB(6, False)  # Soft: a high-water mark
    assert glob.inactive == MemoryLimitMB(6, True)  # Hard: fatal
    assert glob.priority == 40
    assert glob.ignored == ("ThreadLimit",)
    loc = props.entry("Daemon", "com.apple.locationd")
    assert loc is not None
    assert (loc.active, loc.inactive, loc.priority, loc.pressured_exit) == (
        MemoryLimitMB(60, True),
        MemoryLimitMB(40, True),
        180,
        True,
    )
    tunnel = props.entry("Extension", "com.apple.networkextension.packet-tunnel")
    assert tunnel is not None
    assert tunnel.active == MemoryLimitMB(50, True)
    assert props.labels() == [
        ("Daemon", "com.apple.locationd"),
        ("Extension", "com.apple.networkextension.packet-tunnel"),
    ]


def test_an_entry_takes_what_it_does_not_give_from_global() -> None:
    body = {"Version4": {"Daemon": {"Override": {
        "Global": {"ActiveSoftMemoryLimit": 6, "InactiveHardMemoryLimit": 6, "JetsamPriority": 40},
        "com.apple.x": {"JetsamPriority": 100},
    }}}}  # fmt: skip
    props = parse_properties(plistlib.dumps(body), "t.plist")
    entry = props.entry("Daemon", "com.apple.x")
    assert entry is not None
    merged = entry.over(props.entry("Daemon", "Global"))
    assert (merged.priority, merged.active, merged.inactive) == (
        100,
        MemoryLimitMB(6, False),
        MemoryLimitMB(6, True),
    )


@pytest.mark.parametrize("fmt", FORMATS, ids=["xml", "binary"])
def test_cached_defaults_labels_priorities_and_high_water_marks(
    fmt: plistlib.PlistFormat,
) -> None:
    props = parse_properties(plistlib.dumps(CACHED_DEFAULTS, fmt=fmt), "N51.plist")
    assert props.layout is Layout.CACHED_DEFAULTS
    assert props.version == 3
    usb = props.entry("CachedDefaults", "com.apple.usb.networking.addNetworkInterface")
    assert usb is not None
    # xnu-2422: a limit launchd passes at spawn is a high-water mark, not fatal
    assert (usb.priority, usb.active, usb.inactive) == (
        3,
        MemoryLimitMB(6, False),
        MemoryLimitMB(6, False),
    )
    assert usb.ignored == ("WellBehaved",)
    media = props.entry("CachedDefaults", "com.apple.mediaserverd")
    assert media is not None
    # JetsamMemoryLimitBackground: the limit holds in the background only
    assert (media.active, media.inactive) == (None, MemoryLimitMB(40, False))
    searchd = props.entry("CachedDefaults", "com.apple.searchd")
    assert searchd is not None
    assert searchd.inactive == MemoryLimitMB(12, False)


def test_a_real_file_on_disk_is_read(tmp_path: Path) -> None:
    path = tmp_path / "com.apple.jetsamproperties.N104.plist"
    path.write_bytes(plistlib.dumps(VERSION4, fmt=plistlib.FMT_BINARY))
    assert read_properties_file(path).entry("Daemon", "com.apple.locationd") is not None


BAD: list[tuple[bytes, str]] = [
    (b"", "t.plist: not a property list"),
    (b"hello", "t.plist: not a property list"),
    (plistlib.dumps([1, 2]), "t.plist: expected a dictionary at the top, got an array"),
    (plistlib.dumps({"x": 1}), "t.plist: expected a Version4 or CachedDefaults dictionary"),
    (plistlib.dumps({"Version4": []}), "t.plist: Version4: expected a dictionary, got an array"),
    (
        plistlib.dumps({"Version4": {"Daemon": {"Override": {"a": {"JetsamPriority": "x"}}}}}),
        "t.plist: Version4.Daemon.Override.a.JetsamPriority: expected a band (an integer), "
        "got a string",
    ),
    (
        b"<plist><dict><key>Version4</key><dict><key>Daemon</key><dict><key>Override</key>"
        b"<dict><key>a</key><dict><key>ActiveHardMemoryLimit</key>"
        b"<integer>1180591620717411303424</integer></dict></dict></dict></dict></dict></plist>",
        "t.plist: Version4.Daemon.Override.a.ActiveHardMemoryLimit: expected a limit in MB "
        "from -1 (the default) to 1,048,576, got an integer of 22 digits",
    ),
    (
        plistlib.dumps({"Version4": {"Daemon": {"Override": {"a": {"EnablePressuredExit": 1}}}}}),
        "t.plist: Version4.Daemon.Override.a.EnablePressuredExit: expected true or false, "
        "got an integer",
    ),
    (
        plistlib.dumps({"CachedDefaults": {"a": {"JetsamMemoryLimit": 1.5}}}),
        "t.plist: CachedDefaults.a.JetsamMemoryLimit: expected a limit in MB (an integer), "
        "got a real number",
    ),
    (
        plistlib.dumps({"CachedDefaults": {"a": 3}}),
        "t.plist: CachedDefaults.a: expected a dictionary, got an integer",
    ),
    (plistlib.dumps({"Version": "3", "CachedDefaults": {}}), "t.plist: Version: expected"),
    (
        b'<?xml version="1.0"?><!DOCTYPE p [<!ENTITY a "aaaa">]><plist><dict>'
        b"<key>x</key><string>&a;</string></dict></plist>",
        "t.plist: not a property list",
    ),
]


@pytest.mark.parametrize(("data", "start"), BAD)
def test_bad_or_hostile_files_end_in_one_line_naming_file_and_key(data: bytes, start: str) -> None:
    with pytest.raises(PropertiesError) as caught:
        parse_properties(data, "t.plist")
    message = str(caught.value)
    assert message.startswith(start)
    assert "\n" not in message


def _deep_binary(depth: int) -> bytes:
    """A binary plist (bplist00: objects, offset table, trailer) of ``depth`` nested
    one-element arrays under a dictionary key "Version4"."""
    objects = [b"\xd1" + (1).to_bytes(4, "big") + (2).to_bytes(4, "big"), b"\x58Version4"]
    objects += [b"\xa1" + (i + 3).to_bytes(4, "big") for i in range(depth)]
    objects.append(b"\x08")  # false
    body, offsets, at = b"", [], 8
    for obj in objects:
        offsets.append(at)
        body += obj
        at += len(obj)
    table = b"".join(o.to_bytes(4, "big") for o in offsets)
    trailer = bytes(6) + bytes([4, 4]) + len(objects).to_bytes(8, "big")
    trailer += (0).to_bytes(8, "big") + at.to_bytes(8, "big")
    return b"bplist00" + body + table + trailer


def test_deep_nesting_is_refused_in_one_line() -> None:
    xml = b"<plist>" + b"<array>" * 100_000 + b"</array>" * 100_000 + b"</plist>"
    for data in (xml, _deep_binary(50_000)):
        with pytest.raises(PropertiesError) as caught:
            parse_properties(data, "t.plist")
        assert "\n" not in str(caught.value)
    with pytest.raises(PropertiesError, match="Version4: expected a dictionary, got an array"):
        parse_properties(_deep_binary(3), "t.plist")  # the same file, shallow: read


def test_a_fifo_is_refused_before_it_is_opened(tmp_path: Path) -> None:
    fifo = tmp_path / "props.plist"
    os.mkfifo(fifo)
    with pytest.raises(PropertiesError, match=r"props\.plist: not a regular file"):
        read_properties_file(fifo)


def test_a_huge_file_is_refused_before_it_is_read(tmp_path: Path) -> None:
    path = tmp_path / "big.plist"
    with path.open("wb") as f:
        f.truncate(17 * 1024 * 1024)
    with pytest.raises(PropertiesError, match=r"big\.plist: too large"):
        read_properties_file(path)


def _table_or_one_line(data: bytes) -> None:
    """Parsing gives a table, or a :class:`PropertiesError` of one line: nothing else
    escapes."""
    message = ""
    try:
        parse_properties(data, "t.plist")
    except PropertiesError as exc:
        message = str(exc)
    assert "\n" not in message


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=400))
def test_any_bytes_give_a_table_or_one_line(data: bytes) -> None:
    _table_or_one_line(b"bplist00" + data)
    _table_or_one_line(b"<?xml version='1.0'?><plist>" + data)


KEYS = [
    "Override",
    "Global",
    "x",
    "JetsamPriority",
    "ActiveHardMemoryLimit",
    "InactiveSoftMemoryLimit",
    "EnablePressuredExit",
    "JetsamMemoryLimit",
]
plist_values = st.recursive(
    st.none().map(lambda _: True)
    | st.booleans()
    | st.integers(min_value=-(2**63), max_value=2**64 - 1)
    | st.floats(allow_nan=False)
    | st.text(max_size=8),
    lambda children: (
        st.lists(children, max_size=3)
        | st.dictionaries(st.sampled_from(KEYS), children, max_size=4)
    ),
    max_leaves=12,
)


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(["Version4", "CachedDefaults", "Defaults"]),
    st.dictionaries(st.sampled_from(["Daemon", "App", "Extension", "a.b", "Global"]), plist_values),
    st.sampled_from(FORMATS),
)
def test_any_structure_gives_a_table_or_one_line(
    top: str, body: dict[str, Any], fmt: plistlib.PlistFormat
) -> None:
    try:
        data = plistlib.dumps({top: body}, fmt=fmt)
    except (OverflowError, TypeError, ValueError):
        return  # not representable as a plist at all
    _table_or_one_line(data)
