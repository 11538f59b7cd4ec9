"""The process table's filter, without Qt: free text and ``key:value`` tokens.

``band:0 state:suspended`` shows the suspended processes of the idle band. Every term
must hold (AND); a term of comma-separated values holds when any of them does
(``state:suspended,frozen``); ``-`` before a token negates it (``-state:daemon``).
A plain word matches a name containing it, a pid, a band name, a state or a user.
Numbers compare with ``<``, ``<=``, ``>``, ``>=``, ``=`` or ``!=`` (``band:<40``);
sizes take KB / MB / GB (a bare number is MB); ``limit:`` takes a percentage of the
applied limit used (``limit:>80%``), a size (the limit itself), ``none``, ``fatal`` or
``soft``. A token whose value cannot be read is left out of the filter and named in
``problems`` (so typing ``band:<`` never empties the table half-way).
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from activitymon.model import Era, KillReason, ProcessInfo, ProcessState, band_name, band_names

Predicate = Callable[[ProcessInfo], bool]

#: the tokens, as the filter's tooltip lists them (key, example, what it keeps)
TOKENS: tuple[tuple[str, str, str], ...] = (
    ("band", "band:0  band:<40  band:idle", "jetsam band: a number, a comparison or a name"),
    ("state", "state:suspended,frozen", "process state (any of the listed)"),
    ("reason", "reason:highwater", "kill reason recorded for the process"),
    ("limit", "limit:>80%  limit:<100MB  limit:none", "footprint as a share of its limit"),
    ("user", "user:root", "owner of the process"),
    ("pid", "pid:>1000", "process id"),
    ("name", "name:web", "name contains the text"),
    ("footprint", "footprint:>100MB", "footprint size"),
    ("rss", "rss:>1GB", "resident size (Real Mem)"),
    ("compressed", "compressed:>10MB", "compressed size"),
    ("cpu", "cpu:>5", "% CPU"),
    ("oom", "oom:>500", "oom_score_adj (Linux)"),
)
KEYS = tuple(key for key, _, _ in TOKENS)


def filter_help() -> str:
    """The filter box's tooltip: what plain text matches and every token."""
    lines = [
        "Filter by name, pid, band, state or user; every term must match.",
        "Tokens:",
        *(f"  {example:<38} {meaning}" for _, example, meaning in TOKENS),
        "Comma = any of (state:suspended,frozen); a leading - negates (-state:daemon).",
    ]
    return "\n".join(lines)


@dataclass(frozen=True)
class ProcessFilter:
    """A parsed filter: ``matches(proc)`` holds when every term does."""

    text: str = ""
    terms: tuple[Predicate, ...] = ()
    problems: tuple[str, ...] = ()

    @property
    def active(self) -> bool:
        return bool(self.terms)

    def matches(self, proc: ProcessInfo) -> bool:
        return all(term(proc) for term in self.terms)


# -- parsing --------------------------------------------------------------------------------
_COMPARISON = re.compile(r"^(<=|>=|!=|<|>|=)?\s*([0-9]+(?:\.[0-9]+)?)\s*([a-z%]*)$")
_OPS: dict[str, Callable[[float, float], bool]] = {
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
    "=": operator.eq,
    "!=": operator.ne,
}
_SIZE_UNITS = {"b": 1, "kb": 1 << 10, "k": 1 << 10, "mb": 1 << 20, "m": 1 << 20}
_SIZE_UNITS |= {"gb": 1 << 30, "g": 1 << 30, "tb": 1 << 40}


class _BadValue(ValueError):
    pass


def _split(text: str) -> list[str]:
    """Words separated by spaces; double quotes keep spaces in one word."""
    words: list[str] = []
    current: list[str] = []
    quoted = False
    for ch in text:
        if ch == '"':
            quoted = not quoted
        elif ch.isspace() and not quoted:
            if current:
                words.append("".join(current))
                current = []
        else:
            current.append(ch)
    if current:
        words.append("".join(current))
    return words


def _comparison(value: str, what: str) -> tuple[Callable[[float, float], bool], float, str]:
    match = _COMPARISON.match(value.strip().lower())
    if match is None:
        raise _BadValue(f"{what}: expected a number, optionally after < <= > >= = !=")
    op, number, unit = match.groups()
    return _OPS[op or "="], float(number), unit


def _numeric(get: Callable[[ProcessInfo], float | int | None], value: str, what: str) -> Predicate:
    op, number, unit = _comparison(value, what)
    if unit:
        raise _BadValue(f"{what}: expected a plain number, got unit “{unit}”")

    def test(p: ProcessInfo) -> bool:
        v = get(p)
        return v is not None and op(float(v), number)

    return test


def _size(get: Callable[[ProcessInfo], int | None], value: str, what: str) -> Predicate:
    op, number, unit = _comparison(value, what)
    scale = _SIZE_UNITS.get(unit or "mb")
    if scale is None:
        raise _BadValue(f"{what}: expected a size in KB, MB or GB, got unit “{unit}”")
    limit = number * scale

    def test(p: ProcessInfo) -> bool:
        v = get(p)
        return v is not None and op(float(v), limit)

    return test


def _band(value: str, era: Era | None) -> Predicate:
    text = value.strip().lower().removeprefix("jetsam_priority_")
    if text and not text[0].isdigit() and text[0] not in "<>=!":
        names = band_names(era) if era is not None else {}
        bands = {b for b, name in names.items() if name.lower() == text}
        if not bands:
            raise _BadValue(f"band: no band is named “{value}” on this device")
        return lambda p: p.band in bands
    return _numeric(lambda p: p.band, value, "band")


def _state(value: str) -> Predicate:
    try:
        state = ProcessState(value.strip().lower())
    except ValueError:
        known = ", ".join(s.value for s in ProcessState)
        raise _BadValue(f"state: “{value}” is not one of {known}") from None
    return lambda p: state in p.states


def _reason(value: str) -> Predicate:
    text = value.strip().lower()
    return lambda p: p.kill_reason is not None and text in p.kill_reason.lower()


def _limit(value: str) -> Predicate:
    text = value.strip().lower()
    if text == "none":
        return lambda p: p.limit is None
    if text in ("fatal", "soft"):
        fatal = text == "fatal"
        return lambda p: p.limit is not None and p.limit.fatal is fatal
    op, number, unit = _comparison(text, "limit")
    if unit in ("", "%"):

        def used(p: ProcessInfo) -> bool:
            if p.limit is None or p.footprint_bytes is None or p.limit.bytes <= 0:
                return False
            return op(100.0 * p.footprint_bytes / p.limit.bytes, number)

        return used
    return _size(lambda p: None if p.limit is None else p.limit.bytes, value, "limit")


def _user(value: str) -> Predicate:
    text = value.strip().lower()
    return lambda p: p.user is not None and p.user.lower() == text


def _name(value: str) -> Predicate:
    text = value.strip().lower()
    return lambda p: text in p.name.lower()


def _one_value(key: str, value: str, era: Era | None) -> Predicate:
    if key == "band":
        return _band(value, era)
    if key == "state":
        return _state(value)
    if key == "reason":
        return _reason(value)
    if key == "limit":
        return _limit(value)
    if key == "user":
        return _user(value)
    if key == "name":
        return _name(value)
    if key == "pid":
        return _numeric(lambda p: p.pid, value, "pid")
    if key == "cpu":
        return _numeric(lambda p: p.cpu_percent, value, "cpu")
    if key == "oom":
        return _numeric(lambda p: p.oom_score_adj, value, "oom")
    if key == "footprint":
        return _size(lambda p: p.footprint_bytes, value, key)
    if key == "rss":
        return _size(lambda p: p.rss_bytes, value, key)
    if key == "compressed":
        return _size(lambda p: p.compressed_bytes, value, key)
    raise AssertionError(f"unhandled key {key}")


def _token(key: str, value: str, era: Era | None) -> Predicate:
    values = [v for v in value.split(",") if v.strip()]
    if not values:
        raise _BadValue(f"{key}: expected a value after “{key}:”")
    tests = [_one_value(key, v, era) for v in values]
    if len(tests) == 1:
        return tests[0]
    return lambda p: any(t(p) for t in tests)


def _plain(word: str, era: Era | None) -> Predicate:
    """A word: part of the name, the pid, a band's name, a state or the user."""
    text = word.lower()
    pid = int(text) if text.isascii() and text.isdigit() and len(text) < 12 else None
    bands: set[int] = set()
    if era is not None:
        bands = {b for b, name in band_names(era).items() if name.lower() == text}
    state = ProcessState(text) if text in _STATE_VALUES else None

    def test(p: ProcessInfo) -> bool:
        return (
            text in p.name.lower()
            or p.pid == pid
            or (p.band is not None and p.band in bands)
            or (state is not None and state in p.states)
            or (p.user is not None and p.user.lower() == text)
        )

    return test


_STATE_VALUES = frozenset(s.value for s in ProcessState)


def _negated(term: Predicate) -> Predicate:
    return lambda p: not term(p)


def parse_filter(text: str, era: Era | None = None) -> ProcessFilter:
    """The filter ``text`` means, for a device of this era (band names)."""
    terms: list[Predicate] = []
    problems: list[str] = []
    for word in _split(text):
        negate = word[0] in "-!" and ":" in word and word[1:].split(":", 1)[0].lower() in KEYS
        body = word[1:] if negate else word
        key, sep, value = body.partition(":")
        if sep and key.lower() in KEYS:
            try:
                term = _token(key.lower(), value, era)
            except _BadValue as exc:
                problems.append(str(exc))
                continue
        else:
            term = _plain(word, era)
        terms.append(_negated(term) if negate else term)
    return ProcessFilter(text, tuple(terms), tuple(problems))


# -- completion -----------------------------------------------------------------------------
def vocabulary(processes: Iterable[ProcessInfo], era: Era | None) -> list[str]:
    """Every token worth completing to, for these processes: the keys, each state,
    each kill reason, the bands (by number and name) and users present."""
    words = [f"{key}:" for key in KEYS]
    words += [f"state:{s.value}" for s in ProcessState]
    words += [f"reason:{r.value}" for r in KillReason]
    words += ["limit:>80%", "limit:none", "limit:fatal", "limit:soft"]
    bands: set[int] = set()
    users: set[str] = set()
    for p in processes:
        if p.band is not None:
            bands.add(p.band)
        if p.user:
            users.add(p.user)
    for band in sorted(bands):
        words.append(f"band:{band}")
        if era is not None:
            name = band_name(band, era)
            if name != str(band):
                words.append(f"band:{name.lower()}")
    words += [f"user:{u}" for u in sorted(users) if not any(c.isspace() for c in u)]
    return list(dict.fromkeys(words))
