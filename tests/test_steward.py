"""What a data steward does without touching code: add an expectation to a JSON suite, re-validate;
and the domain expectations the project registers (CAS RN, list items)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import polars as pl
from typer.testing import CliRunner

from indset.cli import app
from indset.validation import validate_tables

ROOT = Path(__file__).resolve().parents[1]


def write_suite(directory: Path, name: str, expectations: list[dict]) -> None:
    (directory / f"{name}.json").write_text(json.dumps({"name": name, "expectations": expectations, "meta": {}}),
                                            encoding="utf-8")


def test_steward_added_expectation_is_applied(tmp_path, monkeypatch):
    monkeypatch.setenv("INDSET_HMAC_KEY", "k")
    runner = CliRunner()
    out = tmp_path / "out"
    built = runner.invoke(app, ["build", "textiles", "--sources", str(ROOT / "samples/textiles/sources.yaml"),
                                "--out", str(out), "--keep-going"])
    assert built.exit_code == 0, built.output
    suites = tmp_path / "suites"
    shutil.copytree(ROOT / "expectations", suites)
    path = suites / "textiles.products.json"
    suite = json.loads(path.read_text(encoding="utf-8"))
    suite["expectations"].append({"type": "expect_column_values_to_be_between",
                                  "kwargs": {"column": "fabric_weight_gsm", "max_value": 150},
                                  "meta": {"notes": "steward: this platform only trades light fabrics"},
                                  "severity": "critical"})
    path.write_text(json.dumps(suite, ensure_ascii=False), encoding="utf-8")
    before = runner.invoke(app, ["validate", str(out / "release")])
    after = runner.invoke(app, ["validate", str(out / "release"), "--suites", str(suites)])
    assert before.exit_code == 0, before.output
    assert after.exit_code == 1
    assert "expect_column_values_to_be_between fabric_weight_gsm" in after.output


def test_cas_rn_expectation(tmp_path):
    write_suite(tmp_path, "chemicals.t", [{"type": "expect_column_values_to_be_valid_cas_rn",
                                           "kwargs": {"column": "cas_rn"}, "meta": {}, "severity": "critical"}])
    frame = pl.DataFrame({"cas_rn": ["64-17-5", "7732-18-5", "64-17-6", "0064-17-5", None]})
    result = validate_tables({"t": frame}, "chemicals", tmp_path, None)["t"]
    assert result.failures == [{"expectation": "expect_column_values_to_be_valid_cas_rn", "column": "cas_rn",
                                "severity": "critical", "unexpected_count": 2}]


def test_list_items_expectation(tmp_path):
    write_suite(tmp_path, "apparel.t", [{"type": "expect_column_list_values_to_match_regex",
                                         "kwargs": {"column": "sizes", "regex": r"^\d{3}/\d{2,3}[YABC]?$"},
                                         "meta": {}, "severity": "critical"}])
    frame = pl.DataFrame({"sizes": [["170/92A", "175/96A"], [], ["M"], None, ["130/64"]]})
    result = validate_tables({"t": frame}, "apparel", tmp_path, None)["t"]
    assert [f["unexpected_count"] for f in result.failures] == [1]
