"""The release contract every industry's end-to-end tests assert (STANDARD.md section 2), written once.

- accounting: rows_in == rows_out + rows_quarantined + rows_merged, and rows_in counts every data
  record of the sources that were read;
- lineage: one row per source record (per (file, row, column) when a reshape melts a row), statuses
  matching the counts, merged rows pointing at a shipped record, quarantined rows at none;
- planted facts: each planted row of samples/<industry>/planted.json ends as the standard says.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from indset.build import BuildResult, build

KEY = ["_source_file", "_source_sheet", "_source_row", "_source_column"]


def build_samples(industry: str, manifest: Path, tmp_path_factory) -> BuildResult:
    out = tmp_path_factory.mktemp(industry)
    mp = pytest.MonkeyPatch()
    mp.setenv("INDSET_HMAC_KEY", "test-key")
    try:
        return build(industry, manifest, out, keep_going=True)
    finally:
        mp.undo()


def shipped(built: BuildResult, table: str) -> pl.DataFrame:
    return pl.concat([pl.read_parquet(p) for p in sorted((built.out / "release" / "data" / table).glob("*.parquet"))])


def lineage(built: BuildResult, table: str) -> pl.DataFrame:
    frame = pl.read_parquet(built.out / "internal" / "lineage" / f"{table}.parquet")
    for col in ("_source_column", "_source_sheet"):
        if col not in frame.columns:
            frame = frame.with_columns(pl.lit(None, pl.String).alias(col))
    return frame


def source_records(manifest: Path, table: str, skipped: set[int]) -> int:
    """Data records of the table's sources that were read (the chosen sheet, below any title rows; reshapes can only
    add rows)."""
    from indset.manifest import load_manifest
    from indset.normalize import read_records
    from indset.standard import load_standard

    m = load_manifest(manifest)
    std = load_standard(m.industry)
    return sum(read_records(s, std).height for s in m.sources
               if s.table == table and s.index + 1 not in skipped)


def assert_accounting_and_lineage(built: BuildResult, table: str, manifest: Path, melted: bool = False) -> None:
    t = built.report["tables"][table]
    assert t["rows_in"] == t["rows_out"] + t["rows_quarantined"] + t["rows_merged"]
    skipped = {s["source"] for s in built.report["skipped_sources"]}
    records = source_records(manifest, table, skipped)
    assert t["rows_in"] >= records if melted else t["rows_in"] == records
    lin = lineage(built, table)
    assert lin.height == t["rows_in"]
    assert lin.select(KEY).is_duplicated().sum() == 0
    counts = dict(lin["status"].value_counts().rows())
    assert counts.get("kept", 0) == t["rows_out"]
    assert counts.get("merged", 0) == t["rows_merged"]
    assert counts.get("quarantined", 0) == t["rows_quarantined"]
    quarantine = pl.read_parquet(built.out / "internal" / "quarantine" / f"{table}.parquet")
    assert quarantine.height == t["rows_quarantined"]
    assert quarantine["_reason"].null_count() == 0
    if quarantine.height:
        assert quarantine["_source_file"].null_count() == 0
    assert sum(t["quarantine_reasons"].values()) == t["rows_quarantined"]
    out = shipped(built, table)
    assert out["record_id"].n_unique() == out.height == t["rows_out"]
    assert sum(t["split_rows"].values()) == t["rows_out"]
    assert lin.filter(pl.col("status") == "merged")["record_id"].is_in(out["record_id"].implode()).all()
    assert lin.filter(pl.col("status") == "quarantined")["record_id"].null_count() == t["rows_quarantined"]


def assert_planted_outcomes(built: BuildResult, table: str, planted: dict, skip_kinds: tuple[str, ...] = ()) -> None:
    rows = {(r["_source_file"], r["_source_row"], r["_source_column"]): r
            for r in lineage(built, table).iter_rows(named=True)}
    skipped = {s["path"] for s in planted.get("sources", []) if s.get("invalid_enterprise_id")}
    facts = [r for r in planted["rows"] if r["table"] == table and r["path"] not in skipped
             and r["kind"] not in skip_kinds]
    assert facts
    for fact in facts:
        row = rows[(fact["path"], fact["row"], fact.get("column"))]
        expect = fact["expect"]
        where = f"{fact['path']} row {fact['row']} {fact.get('column') or ''} ({fact['kind']})"
        if expect.startswith("quarantined: "):
            assert (row["status"], row["_reason"]) == ("quarantined", expect.split(": ", 1)[1]), where
        elif expect.startswith("merged"):
            assert row["status"] == "merged", where
        else:
            assert row["status"] == "kept", where


def assert_planted_totals(built: BuildResult, table: str, planted: dict) -> None:
    expected, t = planted["expected"][table], built.report["tables"][table]
    for key in ("rows_in", "rows_out", "rows_quarantined", "rows_merged", "quarantine_reasons"):
        assert t[key] == expected[key], key
