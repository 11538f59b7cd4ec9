"""The process table's filter: words and key:value tokens, without Qt."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from activitymon.model import Era, MemoryLimit, ProcessInfo, ProcessState
from activitymon.viewmodel.process_filter import filter_help, parse_filter, vocabulary

MB = 1 << 20
S = ProcessState

PROCS = (
    ProcessInfo(1, "launchd", footprint_bytes=20 * MB, band=190, states=frozenset({S.DAEMON})),
    ProcessInfo(
        30,
        "Photos",
        footprint_bytes=143 * MB,
        band=0,
        states=frozenset({S.SUSPENDED}),
        user="mobile",
    ),
    ProcessInfo(
        31,
        "Weather",
        footprint_bytes=52 * MB,
        band=0,
        states=frozenset({S.IDLE}),
        user="mobile",
    ),
    ProcessInfo(
        40,
        "assetsd",
        footprint_bytes=50 * MB,
        band=40,
        limit=MemoryLimit(60 * MB, fatal=False),
        states=frozenset({S.DAEMON, S.SUSPENDED}),
        user="root",
    ),
    ProcessInfo(
        100,
        "Game",
        footprint_bytes=1500 * MB,
        band=100,
        limit=MemoryLimit(2048 * MB, fatal=True),
        states=frozenset({S.FRONTMOST}),
        kill_reason="per-process-limit",
    ),
    ProcessInfo(
        120,
        "Music",
        footprint_bytes=66 * MB,
        band=120,
        states=frozenset({S.BACKGROUND, S.FROZEN}),
        kill_reason="highwater",
        cpu_percent=7.5,
    ),
)


def shown(text: str, era: Era | None = Era.MODERN) -> list[str]:
    f = parse_filter(text, era)
    assert f.problems == ()
    return [p.name for p in PROCS if f.matches(p)]


def test_the_issues_tokens() -> None:
    assert shown("band:0") == ["Photos", "Weather"]
    assert shown("band:<40") == ["Photos", "Weather"]
    assert shown("band:<=40") == ["Photos", "Weather", "assetsd"]
    assert shown("state:suspended") == ["Photos", "assetsd"]
    assert shown("band:0 state:suspended") == ["Photos"]
    assert shown("reason:highwater") == ["Music"]
    # assetsd uses 50 of 60 MB (83 %), the game 1500 of 2048 MB (73 %)
    assert shown("limit:>80%") == ["assetsd"]
    assert shown("limit:>70%") == ["assetsd", "Game"]
    assert shown("user:root") == ["assetsd"]


def test_band_names_on_the_devices_scale() -> None:
    assert shown("band:idle") == ["Photos", "Weather"]
    assert shown("band:foreground") == ["Game"]
    # on the legacy scale FOREGROUND is band 10: nobody here
    assert shown("band:foreground", Era.LEGACY) == []
    assert shown("band:JETSAM_PRIORITY_IDLE") == ["Photos", "Weather"]


def test_plain_words_match_name_pid_band_state_and_user() -> None:
    assert shown("photo") == ["Photos"]
    assert shown("PHOTOS") == ["Photos"]
    assert shown("120") == ["Music"]
    assert shown("idle") == ["Photos", "Weather"]  # band IDLE; Weather is also state idle
    assert shown("frozen") == ["Music"]
    assert shown("mobile") == ["Photos", "Weather"]


def test_sizes_cpu_pid_and_limits() -> None:
    assert shown("footprint:>100MB") == ["Photos", "Game"]
    assert shown("footprint:>1GB") == ["Game"]
    assert shown("footprint:>100") == ["Photos", "Game"]  # a bare number is MB
    assert shown("cpu:>5") == ["Music"]
    assert shown("pid:>=100") == ["Game", "Music"]
    assert shown("limit:none") == ["launchd", "Photos", "Weather", "Music"]
    assert shown("limit:soft") == ["assetsd"]
    assert shown("limit:fatal") == ["Game"]
    assert shown("limit:<100MB") == ["assetsd"]


def test_any_of_and_negation() -> None:
    assert shown("state:frozen,frontmost") == ["Game", "Music"]
    assert shown("-state:daemon band:<50") == ["Photos", "Weather"]
    assert shown("!user:mobile band:0") == []
    assert shown('"game"') == ["Game"]


def test_a_name_with_a_colon_or_a_dash_is_text() -> None:
    procs = (ProcessInfo(7, "kworker/0:1"), ProcessInfo(8, "-bash"))
    for text, name in (("kworker/0:1", "kworker/0:1"), ("-bash", "-bash")):
        f = parse_filter(text)
        assert [p.name for p in procs if f.matches(p)] == [name]


def test_a_token_that_cannot_be_read_is_named_and_left_out() -> None:
    f = parse_filter("band:< photos", Era.MODERN)
    assert [p.name for p in PROCS if f.matches(p)] == ["Photos"]
    assert len(f.problems) == 1
    assert f.problems[0].startswith("band:")
    assert "bogus" in parse_filter("state:bogus").problems[0]
    assert parse_filter("band:nosuchband", Era.MODERN).problems
    assert parse_filter("cpu:>5MB").problems
    assert parse_filter("state:").problems == ("state: expected a value after “state:”",)


def test_an_empty_filter_keeps_everything() -> None:
    f = parse_filter("   ")
    assert not f.active
    assert all(f.matches(p) for p in PROCS)


def test_help_lists_every_token_of_the_issue() -> None:
    text = filter_help()
    for token in ("band:0", "band:<40", "state:suspended", "reason:highwater", "limit:>80%"):
        assert token in text
    assert "user:root" in text


def test_vocabulary_completes_to_present_bands_and_users() -> None:
    words = vocabulary(PROCS, Era.MODERN)
    assert "state:suspended" in words
    assert "reason:highwater" in words
    assert "band:0" in words
    assert "band:idle" in words
    assert "user:root" in words
    assert "user:mobile" in words
    assert "band:75" not in words  # no process in the freezer band here
    assert len(words) == len(set(words))


@given(st.text(max_size=60))
def test_any_text_parses_without_raising(text: str) -> None:
    f = parse_filter(text, Era.MODERN)
    for p in PROCS:
        f.matches(p)
    assert all("\n" not in problem for problem in f.problems)
