"""Quality scores with known answers, and the release gate stewards rely on (issue 5)."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import polars as pl
import pytest
from typer.testing import CliRunner

from indset.cli import app
from indset.quality import fresh_mask, ratio, scores
from indset.standard import load_standard

ROOT = Path(__file__).resolve().parents[1]
MANIFEST = ROOT / "samples" / "textiles" / "sources.yaml"


def test_scores_are_shares_and_overall_is_their_mean():
    s = scores(completeness=ratio(9, 10), accuracy=ratio(3, 4), consistency=100.0, conformity=ratio(1, 2),
               timeliness=ratio(0, 5), accessibility=ratio(2, 2))
    assert s == {"completeness": 90.0, "accuracy": 75.0, "consistency": 100.0, "conformity": 50.0,
                 "timeliness": 0.0, "accessibility": 100.0, "overall": 69.17}
    assert ratio(0, 0) == 100.0  # nothing to measure is not a failure


def test_timeliness_window_is_365_days_before_the_reference_date():
    ts = pl.Series([dt.datetime(2026, 11, 1, 23, tzinfo=dt.UTC), dt.datetime(2025, 11, 2, tzinfo=dt.UTC),
                    dt.datetime(2025, 10, 30, tzinfo=dt.UTC), None, dt.datetime(2026, 11, 3, tzinfo=dt.UTC)])
    assert fresh_mask(ts, dt.date(2026, 11, 1)).to_list() == [True, True, False, False, False]


def test_input_scores_of_the_samples_match_the_planted_facts(tmp_path, monkeypatch):
    monkeypatch.setenv("INDSET_HMAC_KEY", "k")
    from indset.build import build

    planted = json.loads((ROOT / "samples/textiles/planted.json").read_text(encoding="utf-8"))["expected"]
    report = build("textiles", MANIFEST, tmp_path, keep_going=True).report
    products = report["tables"]["products"]
    stale = planted["products"]["stale_rows"]
    undated = planted["products"]["quarantine_reasons"]["invalid_updated_at"]  # no date: not timely either
    assert products["scores"]["input"]["timeliness"] == ratio(products["rows_in"] - stale - undated,
                                                              products["rows_in"])
    # one of seven listed product sources is skipped for its invalid enterprise id
    assert products["scores"]["input"]["accessibility"] == ratio(7, 8)
    assert products["scores"]["output"]["accessibility"] == 100.0
    assert products["release_checks"] == {"card_metadata_valid": True, "license_present": True,
                                          "loads:products": True}


def test_planted_critical_failure_fails_the_gate_and_keeps_the_outputs(tmp_path, monkeypatch):
    monkeypatch.setenv("INDSET_HMAC_KEY", "k")
    suites = tmp_path / "suites"
    shutil.copytree(ROOT / "expectations", suites)
    path = suites / "textiles.machine_readings.json"
    suite = json.loads(path.read_text(encoding="utf-8"))
    suite["expectations"].append({"type": "expect_column_max_to_be_between",
                                  "kwargs": {"column": "speed_rpm", "max_value": 10}, "meta": {},
                                  "severity": "critical"})
    path.write_text(json.dumps(suite), encoding="utf-8")
    result = CliRunner().invoke(app, ["build", "textiles", "--sources", str(MANIFEST), "--out", str(tmp_path / "o"),
                                      "--keep-going", "--suites", str(suites)])
    assert result.exit_code == 1
    assert "gate NOT passed" in result.output and "machine_readings: 1 critical" in result.output
    report = json.loads((tmp_path / "o/release/reports/quality.json").read_text(encoding="utf-8"))
    assert report["gate"]["passed"] is False


@pytest.fixture
def strict_timeliness():
    std = load_standard("textiles")
    saved = dict(std.gate)
    std.gate["timeliness"] = 99.0
    yield
    std.gate.clear()
    std.gate.update(saved)


def test_score_threshold_from_configuration_fails_the_gate(tmp_path, monkeypatch, strict_timeliness):
    monkeypatch.setenv("INDSET_HMAC_KEY", "k")
    result = CliRunner().invoke(app, ["build", "textiles", "--sources", str(MANIFEST), "--out", str(tmp_path),
                                      "--keep-going"])
    assert result.exit_code == 1
    assert "products: output timeliness" in result.output


def test_invalid_values_per_field_are_reported(tmp_path, monkeypatch):
    """Stewards see which field rules contributed to accuracy, with counts (never values)."""
    monkeypatch.setenv("INDSET_HMAC_KEY", "k")
    from indset.build import build

    planted = json.loads((ROOT / "samples/textiles/planted.json").read_text(encoding="utf-8"))["expected"]
    report = build("textiles", MANIFEST, tmp_path, keep_going=True).report
    invalid = report["tables"]["products"]["invalid_values"]
    assert invalid["hs_code"] >= planted["products"]["quarantine_reasons"]["invalid_hs_code"]
    assert all(isinstance(n, int) and n > 0 for n in invalid.values())


def test_profile_counts_of_record_id_ranges_add_up_to_the_table(tmp_path):
    """The profile a Ray build sums from record_id ranges (7 here; hs_code's top 10 of more values, with ties) is
    the one the report holds for the whole table, and field_profile's."""
    from indset.build import build
    from indset.quality import ProfileCounts, field_profile
    from indset.table_steps import id_range

    result = build("textiles", MANIFEST, tmp_path, keep_going=True)
    std = load_standard("textiles")
    for name, table in result.report["tables"].items():
        frame = pl.read_parquet(tmp_path / "release" / "data" / name / "*.parquet")
        spec, reference = std.tables[name], dt.date.fromisoformat(result.report["reference_date"])
        parts = frame.with_columns(id_range(pl.col("record_id"), 7).alias("_r")).partition_by("_r", include_key=False)
        assert len(parts) == 7
        merged = ProfileCounts.merged([ProfileCounts.of(p, spec, reference) for p in parts])
        assert merged.report() == table["profile"] == field_profile(frame, spec, reference)
        assert merged.rows == frame.height and table["profile"]["value_counts"]

