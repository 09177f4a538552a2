"""Atomic outputs: a failed or killed build never leaves a half-written release in place."""

from __future__ import annotations

import pytest

from indset.fsutil import staging


def test_failed_build_keeps_previous_release(tmp_path):
    out = tmp_path / "out"
    with staging(out) as stage:
        (stage / "release").mkdir()
        (stage / "release" / "a.txt").write_text("v1")
    with pytest.raises(RuntimeError), staging(out) as stage:
        (stage / "release").mkdir()
        (stage / "release" / "a.txt").write_text("half")
        raise RuntimeError("killed mid-build")
    assert (out / "release" / "a.txt").read_text() == "v1"
    assert not list(out.glob(".staging-*"))


def test_successful_build_replaces_release(tmp_path):
    out = tmp_path / "out"
    for version in ("v1", "v2"):
        with staging(out) as stage:
            (stage / "release").mkdir()
            (stage / "release" / "a.txt").write_text(version)
    assert (out / "release" / "a.txt").read_text() == "v2"
    assert sorted(p.name for p in out.iterdir()) == ["release"]


def test_stale_staging_from_a_killed_process_is_removed(tmp_path):
    out = tmp_path / "out"
    (out / ".staging-dead").mkdir(parents=True)
    with staging(out) as stage:
        (stage / "release").mkdir()
    assert not (out / ".staging-dead").exists()
