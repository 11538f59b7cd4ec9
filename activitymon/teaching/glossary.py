"""The glossary: one entry per term the app shows, read from ``resources/glossary.toml``.

Every entry has a category, a one-line summary, a paragraph, where it comes from in the
kernel and what a developer should do. Terms are found by name or alias, ignoring case,
spaces, hyphens and underscores (``idle-exit``, ``idle exit``, ``IDLE_EXIT``). A bad file
raises :class:`GlossaryError` with one line naming the file, the term and the key.

An entry may say something else on another platform: a ``[TERM.linux]`` table replaces
any of its texts (and its ``formula``) when the source on screen is Linux, a
``[TERM.no-compressor]`` table on an iOS device without a compressor (iOS 6 and 7.0)
(:data:`VARIANTS`; ``KernelFacts.glossary_variant`` names the one to use). A
``formula`` says which figures on screen a figure adds up: ``["app-memory",
"wired-memory", "compressed-memory"]``, or with ``-`` before a term it subtracts; the
tooltip shows it and a test checks it against the numbers beside it.
"""

from __future__ import annotations

import difflib
import functools
import html
import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from activitymon.teaching.data_files import glossary_path

CATEGORIES = (
    "kill-reason",
    "band",
    "pressure",
    "memory",
    "limit",
    "process",
    "column",
    "event",
    "linux",
    "view",
)
_TEXT_KEYS = ("summary", "text", "kernel", "advice")
#: the platforms an entry may have its own texts for; "apple" is the entry itself;
#: "no-compressor": iOS 6 and 7.0 (xnu-2050, 2422), whose level counts suspended apps
VARIANTS = ("apple", "linux", "no-compressor")
_VARIANT_KEYS = frozenset({*_TEXT_KEYS, "formula"})
_KNOWN_KEYS = frozenset({"category", *_TEXT_KEYS, "aliases", "see", "formula", *VARIANTS[1:]})
MAX_SUMMARY = 160


class GlossaryError(ValueError):
    """The glossary file is missing or malformed; the message is one line."""


@dataclass(frozen=True, slots=True)
class Entry:
    term: str
    category: str
    summary: str
    text: str
    kernel: str
    advice: str
    aliases: tuple[str, ...] = ()
    see: tuple[str, ...] = ()
    #: figures this one adds up: term names, "-term" subtracts
    formula: tuple[str, ...] = ()
    #: variant name → the texts (and formula) it replaces
    variants: Mapping[str, Mapping[str, Any]] = field(default_factory=dict, compare=False)
    #: which variant this is ("apple": the entry as written)
    variant: str = "apple"

    def for_variant(self, variant: str | None) -> Entry:
        """The entry as the ``variant`` platform reads it (itself when it has none)."""
        changes = self.variants.get(variant or "apple")
        if not changes:
            return self
        return replace(self, variant=variant or "apple", variants={}, **changes)

    def formula_text(self) -> str:
        """``memory-used = physical-memory − available-memory``."""
        if not self.formula:
            return ""
        parts = []
        for i, item in enumerate(self.formula):
            sign, name = ("−", item[1:]) if item.startswith("-") else ("+", item)
            parts.append(name if i == 0 and sign == "+" else f"{sign} {name}")
        return f"{self.term} = {' '.join(parts)}"

    def plain(self) -> str:
        """The entry as text for a terminal: the term, its summary, then the parts."""
        lines = [f"{self.term} ({self.category})", f"  {self.summary}", "", _wrap(self.text)]
        if self.formula:
            lines += ["", "  " + self.formula_text()]
        lines += ["", "Kernel:", _wrap(self.kernel), "", "What to do:", _wrap(self.advice)]
        if self.see:
            lines += ["", "See also: " + ", ".join(self.see)]
        return "\n".join(lines)

    def tooltip(self) -> str:
        """Rich text for a tooltip or a What's This: the summary in bold, the paragraph,
        the formula (what it adds up), what to do; then where the whole entry is."""
        formula = f"<p><tt>{html.escape(self.formula_text())}</tt></p>" if self.formula else ""
        return (
            f"<p><b>{html.escape(self.summary)}</b></p><p>{html.escape(self.text)}</p>"
            f"{formula}<p><i>What to do:</i> {html.escape(self.advice)}</p>"
            f"<p style='color:gray'>{html.escape(self.term)} · Help → Glossary (F1)</p>"
        )

    def html(self) -> str:
        """The whole entry as rich text (the glossary dialog)."""
        see = ", ".join(html.escape(s) for s in self.see)
        formula = f"<p><tt>{html.escape(self.formula_text())}</tt></p>" if self.formula else ""
        return (
            f"<h3>{html.escape(self.term)}</h3><p><i>{html.escape(self.category)}</i></p>"
            f"<p><b>{html.escape(self.summary)}</b></p><p>{html.escape(self.text)}</p>"
            f"{formula}"
            f"<p><b>Kernel:</b> {html.escape(self.kernel)}</p>"
            f"<p><b>What to do:</b> {html.escape(self.advice)}</p>"
            + (f"<p><b>See also:</b> {see}</p>" if see else "")
        )


def _wrap(text: str, width: int = 88) -> str:
    words = text.split()
    lines: list[str] = []
    line = ""
    for word in words:
        if line and len(line) + 1 + len(word) > width - 2:
            lines.append("  " + line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    if line:
        lines.append("  " + line)
    return "\n".join(lines)


def normalise(name: str) -> str:
    """The form terms are matched in: lower case, without spaces, ``-``, ``_`` or ``.``."""
    return re.sub(r"[\s\-_.]+", "", name.strip().lower())


class Glossary:
    def __init__(self, entries: Iterable[Entry], source: str = "glossary") -> None:
        self.entries: dict[str, Entry] = {}
        self._index: dict[str, str] = {}
        for entry in entries:
            self.entries[entry.term] = entry
            for name in (entry.term, *entry.aliases):
                key = normalise(name)
                other = self._index.get(key)
                if other is not None and other != entry.term:
                    raise GlossaryError(
                        f"{source}: term {entry.term!r}: name {name!r} is already used by {other!r}"
                    )
                self._index[key] = entry.term
        for entry in self.entries.values():
            for ref in entry.see:
                if ref not in self.entries:
                    raise GlossaryError(
                        f"{source}: term {entry.term!r}: 'see' names {ref!r}, which is not a term"
                    )
            formulas = [entry.formula, *(v.get("formula", ()) for v in entry.variants.values())]
            for ref in (item.lstrip("-") for formula in formulas for item in formula):
                if ref not in self.entries:
                    raise GlossaryError(
                        f"{source}: term {entry.term!r}: 'formula' names {ref!r}, which is "
                        "not a term"
                    )

    def __len__(self) -> int:
        return len(self.entries)

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and normalise(name) in self._index

    def terms(self) -> list[str]:
        return list(self.entries)

    def get(self, name: str, variant: str | None = None) -> Entry | None:
        """The entry named ``name`` (or an alias), as ``variant``'s platform reads it."""
        term = self._index.get(normalise(name))
        return None if term is None else self.entries[term].for_variant(variant)

    def __getitem__(self, name: str) -> Entry:
        entry = self.get(name)
        if entry is None:
            raise KeyError(name)
        return entry

    def closest(self, name: str, n: int = 3) -> list[str]:
        """The terms whose names (or aliases) are nearest to ``name``."""
        matches = difflib.get_close_matches(normalise(name), list(self._index), n=n * 3, cutoff=0.5)
        out: list[str] = []
        for key in matches:
            term = self._index[key]
            if term not in out:
                out.append(term)
        return out[:n]

    def search(self, text: str) -> list[Entry]:
        """Entries whose name, alias or wording contains every word of ``text``: an exact
        name first, then names that contain the words, then entries that mention them."""
        words = [w for w in text.lower().split() if w]
        if not words:
            return list(self.entries.values())
        exact = self.get(text)
        ranked: list[tuple[int, int, Entry]] = []
        for i, entry in enumerate(self.entries.values()):
            names = " ".join((entry.term, *entry.aliases)).lower()
            body = " ".join((entry.summary, entry.text, entry.kernel, entry.advice)).lower()
            if entry is exact:
                ranked.append((0, i, entry))
            elif all(w in names for w in words):
                ranked.append((1, i, entry))
            elif all(w in names or w in entry.summary.lower() for w in words):
                ranked.append((2, i, entry))
            elif all(w in names or w in body for w in words):
                ranked.append((3, i, entry))
        return [entry for _, _, entry in sorted(ranked, key=lambda r: (r[0], r[1]))]

    def tooltip(self, name: str, variant: str | None = None) -> str:
        """The entry's tooltip; raises ``KeyError`` for a term the glossary lacks (a
        view asking for a missing term is a bug the tests should see)."""
        return self[name].for_variant(variant).tooltip()


def _string(value: Any, where: str, key: str, *, one_line: bool = False) -> str:
    if not isinstance(value, str) or not value.strip():
        raise GlossaryError(f"{where}: {key!r} must be non-empty text, got {value!r}")
    text = " ".join(value.split()) if not one_line else value.strip()
    if one_line and ("\n" in text or len(text) > MAX_SUMMARY):
        raise GlossaryError(
            f"{where}: {key!r} must be one line of at most {MAX_SUMMARY} characters"
        )
    return text


def _strings(value: Any, where: str, key: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise GlossaryError(f"{where}: {key!r} must be a list of non-empty strings")
    return tuple(v.strip() for v in value)


def _formula(value: Any, where: str) -> tuple[str, ...]:
    items = _strings(value, where, "formula")
    if value is not None and not items:
        raise GlossaryError(f"{where}: 'formula' must name at least one term")
    return items


def _variants(body: Mapping[str, Any], source: str, term: str) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for name in VARIANTS[1:]:
        raw = body.get(name)
        if raw is None:
            continue
        at = f"{source}: term {term + '.' + name!r}"
        if not isinstance(raw, dict) or not raw:
            raise GlossaryError(f"{at}: expected a table of the texts it replaces")
        unknown = sorted(set(raw) - _VARIANT_KEYS)
        if unknown:
            raise GlossaryError(
                f"{at}: unknown key {unknown[0]!r} (expected {', '.join(sorted(_VARIANT_KEYS))})"
            )
        changes: dict[str, Any] = {
            key: _string(raw[key], at, key, one_line=key == "summary")
            for key in _TEXT_KEYS
            if key in raw
        }
        if "formula" in raw:
            changes["formula"] = _formula(raw["formula"], at)
        out[name] = changes
    return out


def parse_entries(data: Mapping[str, Any], source: str) -> list[Entry]:
    entries: list[Entry] = []
    for term, body in data.items():
        where = f"{source}: term {term!r}"
        if not isinstance(body, dict):
            raise GlossaryError(f"{where}: expected a table of keys, got {type(body).__name__}")
        unknown = sorted(set(body) - _KNOWN_KEYS)
        if unknown:
            raise GlossaryError(
                f"{where}: unknown key {unknown[0]!r} (expected {', '.join(sorted(_KNOWN_KEYS))})"
            )
        category = body.get("category")
        if category not in CATEGORIES:
            raise GlossaryError(
                f"{where}: 'category' must be one of {', '.join(CATEGORIES)}, got {category!r}"
            )
        texts = {
            key: _string(body.get(key), where, key, one_line=key == "summary") for key in _TEXT_KEYS
        }
        entries.append(
            Entry(
                term=term,
                category=category,
                aliases=_strings(body.get("aliases"), where, "aliases"),
                see=_strings(body.get("see"), where, "see"),
                formula=_formula(body.get("formula"), where),
                variants=_variants(body, source, term),
                **texts,
            )
        )
    if not entries:
        raise GlossaryError(f"{source}: no terms")
    return entries


def parse_glossary(text: str, source: str = "glossary.toml") -> Glossary:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise GlossaryError(f"{source}: not valid TOML: {exc}") from exc
    return Glossary(parse_entries(data, source), source)


def load_glossary(path: Path) -> Glossary:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise GlossaryError(f"{path}: cannot read the glossary: {exc}") from exc
    return parse_glossary(text, str(path))


@functools.cache
def glossary() -> Glossary:
    """The app's glossary (read once)."""
    return load_glossary(glossary_path())


def tooltip_of(term: str, variant: str | None = None) -> str:
    """The app glossary's tooltip for ``term`` as ``variant``'s platform reads it;
    empty when the glossary cannot be read or lacks the term (the views still work;
    the tests see the gap)."""
    try:
        entry = glossary().get(term, variant)
    except GlossaryError:
        return ""
    return "" if entry is None else entry.tooltip()
