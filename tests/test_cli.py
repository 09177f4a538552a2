"""The command line as a user meets it: exit codes and one-line errors."""

from __future__ import annotations

from pathlib import Path

import polars as pl
from typer.testing import CliRunner

from indset.cli import app

runner = CliRunner()


def test_missing_manifest_is_one_line_error(tmp_path: Path):
    result = runner.invoke(app, ["build", "textiles", "--sources", str(tmp_path / "none.yaml"), "--out",
                                 str(tmp_path / "out")])
    assert result.exit_code == 2
    assert "none.yaml: manifest not found" in result.output
    assert "Traceback" not in result.output


def test_unknown_industry(tmp_path: Path):
    manifest = tmp_path / "m.yaml"
    manifest.write_text("industry: steel\nsources: []\n", encoding="utf-8")
    result = runner.invoke(app, ["build", "steel", "--sources", str(manifest), "--out", str(tmp_path / "o")])
    assert result.exit_code == 2
    assert "unknown industry 'steel'" in result.output


def test_validate_exits_1_on_critical_failure(tmp_path: Path):
    data = tmp_path / "rel" / "data" / "machine_readings"
    data.mkdir(parents=True)
    pl.DataFrame({"record_id": [1, 1], "enterprise_key": ["0" * 32, "0" * 32], "machine_id": ["L1", "L1"],
                  "machine_type": ["loom", "loom"], "ts": [None, None], "status": ["running", "running"],
                  "speed_rpm": [1.0, -1.0], "efficiency_pct": [1.0, 1.0], "output_m": [1.0, 1.0],
                  "energy_kwh": [1.0, 1.0], "breaks": [0, 0]}).write_parquet(data / "train-00000-of-00001.parquet")
    result = runner.invoke(app, ["validate", str(tmp_path / "rel"), "--industry", "textiles"])
    assert result.exit_code == 1, result.output
    assert "critical" in result.output


def test_build_process_keeps_freed_memory_for_reuse():
    import platform

    from indset.malloc import keep_freed_memory

    if platform.system() == "Linux" and platform.libc_ver()[0] == "glibc":
        assert keep_freed_memory() is True
    else:
        assert keep_freed_memory() in (True, False)


def test_console_entry_point_keeps_exit_codes_and_output(tmp_path: Path):
    """``indset`` (indset.cli:main) leaves with os._exit after a command: codes and flushed output as typer's."""
    import subprocess
    import sys

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "indset.cli", *args], capture_output=True, text=True, timeout=120)

    ok = run("--help")
    assert ok.returncode == 0 and "Build a release" in ok.stdout
    bad = run("build", "textiles", "--sources", str(tmp_path / "none.yaml"), "--out", str(tmp_path / "out"))
    assert bad.returncode == 2 and "none.yaml: manifest not found" in bad.stderr
    usage = run("build", "textiles")
    assert usage.returncode == 2 and "Missing option" in usage.stderr


def test_a_damaged_release_is_one_line_for_validate_and_verify(tmp_path: Path):
    """A manifest that is not JSON or lacks its keys, a truncated shard, shards of other columns: one line naming
    the file, exit 2 (verify still lists changed files, exit 1)."""
    rel = tmp_path / "rel"
    data = rel / "data" / "products"
    data.mkdir(parents=True)
    pl.DataFrame({"sku": ["A"], "n": [1]}).write_parquet(data / "train-00000-of-00002.parquet")
    pl.DataFrame({"sku": ["B"]}).write_parquet(data / "train-00001-of-00002.parquet")
    (rel / "manifest.json").write_text('{"files": ', encoding="utf-8")
    for command in ("validate", "verify"):
        result = runner.invoke(app, [command, str(rel)])
        assert result.exit_code == 2 and "manifest.json: not a readable manifest" in result.output, result.output
        assert "Traceback" not in result.output and len(result.output.strip().splitlines()) == 1
    (rel / "manifest.json").write_text("{}", encoding="utf-8")
    assert "not a release manifest" in runner.invoke(app, ["verify", str(rel)]).output
    (rel / "manifest.json").unlink()
    result = runner.invoke(app, ["validate", str(rel), "--industry", "textiles"])
    assert result.exit_code == 2 and "cannot read its shards as one table (ShapeError)" in result.output


def test_validate_warns_once_when_the_suites_differ_or_are_not_recorded(tmp_path: Path, capsys):
    """Red team round 14 C item 5a: the suites a release was built with are in its manifest's parameters; other
    suites (an expectation deleted), or a release from before the fingerprint was recorded, give one warning line."""
    import json

    from indset.cli import _say_other_suites
    from indset.fingerprint import suites_fingerprint

    suites = tmp_path / "suites"
    suites.mkdir()
    suite = {"name": "textiles.products", "meta": {}, "expectations": [
        {"type": "expect_column_values_to_match_regex", "kwargs": {"column": "hs_code", "regex": "^[0-9]{6}$"},
         "meta": {}, "severity": "critical"}]}
    (suites / "textiles.products.json").write_text(json.dumps(suite), encoding="utf-8")
    built_with = suites_fingerprint("textiles", suites)
    _say_other_suites({"suites_fingerprint": built_with}, "textiles", suites)
    assert capsys.readouterr().err == ""                       # the same suites: nothing said
    suite["expectations"] = []
    (suites / "textiles.products.json").write_text(json.dumps(suite), encoding="utf-8")
    _say_other_suites({"suites_fingerprint": built_with}, "textiles", suites)
    said = capsys.readouterr().err.strip().splitlines()
    assert len(said) == 1 and said[0].startswith("warning: the textiles suites in") and "differ" in said[0]
    _say_other_suites({"industry": "textiles"}, "textiles", suites)
    said = capsys.readouterr().err.strip().splitlines()
    assert len(said) == 1 and "records no suites fingerprint" in said[0]
