"""cgroup layouts and limits, on temporary directories laid out like cgroupfs."""

from __future__ import annotations

from pathlib import Path

import pytest

from activitymon.model import MemoryLimit
from activitymon.sources.linux_cgroup import (
    CgroupLimits,
    CgroupMounts,
    ProcCgroup,
    parse_limit_value,
    parse_mountinfo,
    parse_proc_cgroup,
    read_group_limits,
)

# this machine's layout (perf-anchors §3): v1 memory, cgroup2 without memory
HYBRID_MOUNTINFO = """\
25 30 0:23 / /sys rw,nosuid,nodev,noexec,relatime shared:7 - sysfs sysfs rw
33 25 0:28 / /sys/fs/cgroup rw,relatime shared:9 - tmpfs tmpfs rw,mode=755
34 33 0:29 / /sys/fs/cgroup/unified rw,relatime shared:10 - cgroup2 cgroup2 rw
35 33 0:30 / /sys/fs/cgroup/cpu rw,relatime shared:11 - cgroup cgroup rw,cpu
36 33 0:31 / /sys/fs/cgroup/memory rw,relatime shared:12 - cgroup cgroup rw,memory
"""
PURE_V2_MOUNTINFO = (
    "30 23 0:26 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime shared:4 - "
    "cgroup2 cgroup2 rw,nsdelegate,memory_recursiveprot\n"
)
HYBRID_PROC_CGROUP = """\
9:name=systemd:/
4:memory:/process_api/2bff18eb
3:cpuset:/
1:cpu,cpuacct:/
0::/
"""


def test_mountinfo_layouts() -> None:
    hybrid = parse_mountinfo(HYBRID_MOUNTINFO)
    assert hybrid == CgroupMounts(
        v2=("/sys/fs/cgroup/unified", "/"), v1_memory=("/sys/fs/cgroup/memory", "/")
    )
    assert CgroupLimits(hybrid).layout == "hybrid"
    pure = parse_mountinfo(PURE_V2_MOUNTINFO)
    assert pure == CgroupMounts(v2=("/sys/fs/cgroup", "/"))
    assert CgroupLimits(pure).layout == "v2"
    assert CgroupLimits(parse_mountinfo("")).layout == "none"


def test_mount_points_with_spaces_are_unescaped() -> None:
    text = "40 33 0:40 / /mnt/cg\\040two rw - cgroup2 cgroup2 rw\n"
    assert parse_mountinfo(text).v2 == ("/mnt/cg two", "/")


def test_proc_cgroup_paths() -> None:
    assert parse_proc_cgroup(HYBRID_PROC_CGROUP) == ProcCgroup("/", "/process_api/2bff18eb")
    assert parse_proc_cgroup("0::/user.slice/user-1000.slice/session-2.scope\n") == ProcCgroup(
        "/user.slice/user-1000.slice/session-2.scope", None
    )
    assert parse_proc_cgroup("garbage\n") == ProcCgroup()


@pytest.mark.parametrize(
    ("text", "value"),
    [("max\n", None), ("9223372036854771712\n", None), ("33554432\n", 33554432), ("0", 0)],
)
def test_limit_values(text: str, value: int | None) -> None:
    assert parse_limit_value(text) == value


def test_limit_value_garbage_is_value_error() -> None:
    with pytest.raises(ValueError, match="lots"):
        parse_limit_value("lots")


def make_group(root: Path, rel: str, **files: str) -> Path:
    d = root.joinpath(*[p for p in rel.split("/") if p])
    d.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (d / name.replace("_", ".", 1)).write_text(text)
    return d


def test_v2_hard_and_soft_limits_with_the_tightest_ancestor(tmp_path: Path) -> None:
    make_group(tmp_path, "/", memory_max="max\n")
    make_group(tmp_path, "/app.slice", memory_max="1073741824\n", memory_high="max\n")
    make_group(tmp_path, "/app.slice/web.service", memory_max="max\n", memory_high="536870912\n")
    mounts = CgroupMounts(v2=(str(tmp_path), "/"))
    got = read_group_limits(mounts, ProcCgroup(v2_path="/app.slice/web.service"))
    assert got.hard == MemoryLimit(1 << 30, fatal=True)
    assert got.soft == MemoryLimit(512 << 20, fatal=False)
    assert got.effective == got.hard


def test_soft_limit_alone_is_shown_as_a_soft_limit(tmp_path: Path) -> None:
    make_group(tmp_path, "/a", memory_max="max\n", memory_high="268435456\n")
    got = read_group_limits(CgroupMounts(v2=(str(tmp_path), "/")), ProcCgroup(v2_path="/a"))
    assert got.hard is None
    assert got.effective == MemoryLimit(256 << 20, fatal=False)


def test_hybrid_reads_v1_memory_files(tmp_path: Path) -> None:
    v1, v2 = tmp_path / "memory", tmp_path / "unified"
    make_group(v1, "/", memory_limit_in_bytes="9223372036854771712\n")
    make_group(
        v1,
        "/process_api/x",
        memory_limit_in_bytes="33554432\n",
        memory_soft_limit_in_bytes="9223372036854771712\n",
    )
    make_group(v2, "/")
    mounts = CgroupMounts(v2=(str(v2), "/"), v1_memory=(str(v1), "/"))
    got = read_group_limits(mounts, parse_proc_cgroup(HYBRID_PROC_CGROUP.replace("2bff18eb", "x")))
    assert got.hard == MemoryLimit(32 << 20, fatal=True)
    assert got.soft is None


def test_no_cgroup_filesystem_means_no_limits(tmp_path: Path) -> None:
    got = read_group_limits(CgroupMounts(), ProcCgroup(v2_path="/x"))
    assert got.effective is None
    # a group directory that has gone (or unreadable files) is also no limit, not an error
    got = read_group_limits(CgroupMounts(v2=(str(tmp_path), "/")), ProcCgroup(v2_path="/gone"))
    assert got.effective is None


def test_mount_root_of_a_cgroup_namespace_is_stripped(tmp_path: Path) -> None:
    make_group(tmp_path, "/inner", memory_max="1048576\n")
    mounts = CgroupMounts(v2=(str(tmp_path), "/outer"))
    got = read_group_limits(mounts, ProcCgroup(v2_path="/outer/inner"))
    assert got.hard == MemoryLimit(1 << 20, fatal=True)


def test_limits_are_cached_per_group_until_the_ttl(tmp_path: Path) -> None:
    group = make_group(tmp_path, "/g", memory_max="1048576\n")
    now = [0.0]
    limits = CgroupLimits(CgroupMounts(v2=(str(tmp_path), "/")), ttl=10.0, clock=lambda: now[0])
    key = ProcCgroup(v2_path="/g")
    assert limits.limits_for(key).hard == MemoryLimit(1 << 20)
    (group / "memory.max").write_text("2097152\n")
    now[0] = 5.0
    assert limits.limits_for(key).hard == MemoryLimit(1 << 20)  # cached
    now[0] = 11.0
    assert limits.limits_for(key).hard == MemoryLimit(2 << 20)  # re-read after the ttl
