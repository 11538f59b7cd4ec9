"""What the desktop needs to know about the report files the app opens, made from
``[[file_types]]`` in ``packaging/metadata.toml``: the shared-mime-info XML, the
``MimeType=`` list of the .desktop entry, and the macOS ``CFBundleDocumentTypes`` /
``UTExportedTypeDeclarations``.

Standard library only; loaded by path from appmeta.py, the specs and the tests.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape, quoteattr

METADATA_TOML = Path(__file__).resolve().with_name("metadata.toml")
APPLE_TYPE_PREFIXES = ("com.apple.", "public.")


@dataclass(frozen=True)
class FileType:
    mime: str
    comment: str
    globs: tuple[str, ...]
    sub_class_of: str
    uti: str
    uti_conforms_to: tuple[str, ...]
    extensions: tuple[str, ...]

    @property
    def exported(self) -> bool:
        """Our own type (declared by the app) rather than one of Apple's."""
        return not self.uti.startswith(APPLE_TYPE_PREFIXES)


def load(toml_path: Path = METADATA_TOML) -> list[FileType]:
    with toml_path.open("rb") as handle:
        table: list[dict[str, Any]] = tomllib.load(handle)["file_types"]
    return [
        FileType(
            mime=entry["mime"],
            comment=entry["comment"],
            globs=tuple(entry["globs"]),
            sub_class_of=entry["sub_class_of"],
            uti=entry["uti"],
            uti_conforms_to=tuple(entry["uti_conforms_to"]),
            extensions=tuple(entry["extensions"]),
        )
        for entry in table
    ]


def mime_types(types: list[FileType]) -> list[str]:
    return [t.mime for t in types]


def shared_mime_info_xml(types: list[FileType]) -> str:
    """``share/mime/packages/<id>.xml`` (freedesktop shared-mime-info)."""
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<mime-info xmlns="http://www.freedesktop.org/standards/shared-mime-info">',
    ]
    for t in types:
        lines.append(f"  <mime-type type={quoteattr(t.mime)}>")
        lines.append(f"    <comment>{escape(t.comment)}</comment>")
        lines.append(f"    <sub-class-of type={quoteattr(t.sub_class_of)}/>")
        # a named pattern (LowMemory-*.plist) outranks the generic *.plist
        weight = 50 if all(g.startswith("*.") for g in t.globs) else 60
        for pattern in t.globs:
            lines.append(
                f"    <glob pattern={quoteattr(pattern)} weight={quoteattr(str(weight))}/>"
            )
        lines.append("  </mime-type>")
    lines.append("</mime-info>")
    return "\n".join(lines) + "\n"


def document_types(types: list[FileType]) -> list[dict[str, Any]]:
    """``CFBundleDocumentTypes``: the app views these (it never edits them)."""
    return [
        {
            "CFBundleTypeName": t.comment,
            "CFBundleTypeRole": "Viewer",
            "LSItemContentTypes": [t.uti],
            # owner of its own types; an alternative for Apple's property lists
            "LSHandlerRank": "Owner" if t.exported else "Alternate",
        }
        for t in types
    ]


def exported_type_declarations(types: list[FileType]) -> list[dict[str, Any]]:
    """``UTExportedTypeDeclarations`` for the types the app defines (.ips, .synced)."""
    return [
        {
            "UTTypeIdentifier": t.uti,
            "UTTypeDescription": t.comment,
            "UTTypeConformsTo": list(t.uti_conforms_to),
            "UTTypeTagSpecification": {
                "public.filename-extension": list(t.extensions),
                "public.mime-type": [t.mime],
            },
        }
        for t in types
        if t.exported
    ]
