"""What the desktop needs to know about the report files the app opens, made from
``[[file_types]]`` in ``packaging/metadata.toml``: the shared-mime-info XML, the
``MimeType=`` list of the .desktop entry, and the macOS ``CFBundleDocumentTypes``,
``UTExportedTypeDeclarations`` and ``UTImportedTypeDeclarations``.

Launch Services keeps one declaration per type: a type the app *exports* is its own
(it wins over others' imports); one it *imports* it merely knows about (the owner's
export wins). ``.ips`` is the system's ``com.apple.ips`` since macOS 12, and
``.synced`` holds every kind of synced crash log, so both are imported, and the app
lists itself for them with rank ``Alternate`` (in "Open With", never taking over the
default from Console or Xcode).

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
DECLARATIONS = ("export", "import", "none")
RANKS = ("Owner", "Default", "Alternate", "None")
#: a folder dropped on the Dock icon or opened with the app: the reports browser
#: (``MainWindow.open_reports`` opens one on each folder it is handed)
FOLDER_DOCUMENT = {
    "CFBundleTypeName": "Folder of diagnostic reports",
    "CFBundleTypeRole": "Viewer",
    "LSItemContentTypes": ["public.folder"],
    "LSHandlerRank": "Alternate",
}


@dataclass(frozen=True)
class FileType:
    mime: str
    comment: str
    globs: tuple[str, ...]
    sub_class_of: str
    uti: str
    uti_conforms_to: tuple[str, ...]
    extensions: tuple[str, ...]
    declare: str = "export"  # export / import / none
    rank: str = "Owner"

    @property
    def exported(self) -> bool:
        """A type the app defines and owns."""
        return self.declare == "export"

    @property
    def imported(self) -> bool:
        """A type the app uses, declared for systems that lack it."""
        return self.declare == "import"


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
            declare=_choice(entry, "declare", DECLARATIONS, toml_path),
            rank=_choice(entry, "rank", RANKS, toml_path),
        )
        for entry in table
    ]


def _choice(entry: dict[str, Any], key: str, allowed: tuple[str, ...], path: Path) -> str:
    value = entry.get(key)
    if value not in allowed:
        raise ValueError(
            f"{path}: [[file_types]] {entry.get('uti')!r}: {key} must be one of "
            f"{', '.join(allowed)}, not {value!r}"
        )
    if key == "declare" and value == "export" and entry["uti"].startswith(APPLE_TYPE_PREFIXES):
        raise ValueError(f"{path}: {entry['uti']} is Apple's type: import it, never export it")
    return str(value)


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
    """``CFBundleDocumentTypes``: the app views these (it never edits them), with the
    rank each type's entry gives; and folders (the reports browser)."""
    return [
        *(
            {
                "CFBundleTypeName": t.comment,
                "CFBundleTypeRole": "Viewer",
                "LSItemContentTypes": [t.uti],
                "LSHandlerRank": t.rank,
            }
            for t in types
        ),
        dict(FOLDER_DOCUMENT),
    ]


def _declaration(t: FileType) -> dict[str, Any]:
    return {
        "UTTypeIdentifier": t.uti,
        "UTTypeDescription": t.comment,
        "UTTypeConformsTo": list(t.uti_conforms_to),
        "UTTypeTagSpecification": {
            "public.filename-extension": list(t.extensions),
            "public.mime-type": [t.mime],
        },
    }


def imported_type_declarations(types: list[FileType]) -> list[dict[str, Any]]:
    """``UTImportedTypeDeclarations``: the types the app opens but does not own."""
    return [_declaration(t) for t in types if t.imported]


def exported_type_declarations(types: list[FileType]) -> list[dict[str, Any]]:
    """``UTExportedTypeDeclarations`` for the types the app defines (none today)."""
    return [_declaration(t) for t in types if t.exported]
