"""End to end on the bundled chemicals samples: accounting, lineage, loading, card, determinism, planted facts."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest
import yaml
from contract import (
    assert_accounting_and_lineage,
    assert_planted_outcomes,
    assert_planted_totals,
    build_samples,
    lineage,
    shipped,
)

from indset.build import build
from indset.card import validate_card_metadata
from indset.release_manifest import verify_manifest

SAMPLES = Path(__file__).resolve().parents[1] / "samples" / "chemicals"
MANIFEST = SAMPLES / "sources.yaml"
TABLES = ("products", "process_readings")
PLANTED = json.loads((SAMPLES / "planted.json").read_text(encoding="utf-8"))
KEY = ["_source_file", "_source_row", "_source_column"]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return build_samples("chemicals", MANIFEST, tmp_path_factory)


@pytest.mark.parametrize("table", TABLES)
def test_accounting_and_lineage(built, table):
    assert built.passed
    assert_accounting_and_lineage(built, table, MANIFEST, melted=table == "process_readings")


def test_wide_sources_melt_one_row_per_tag_column(built):
    lin = lineage(built, "process_readings")
    for s in PLANTED["sources"]:
        if s["table"] != "process_readings":
            continue
        rows = lin.filter(pl.col("_source_file") == s["path"])
        assert rows.height == s["rows_in"]
        if s["wide_tag_columns"]:
            assert set(rows["_source_column"].to_list()) == set(s["wide_tag_columns"])
            assert rows["_source_row"].n_unique() == s["records"]
        else:
            assert rows["_source_column"].null_count() == rows.height


def test_load_dataset_per_config(built):
    import datasets

    release = built.out / "release"
    for table in TABLES:
        ds = datasets.load_dataset(str(release), table)
        assert sum(len(s) for s in ds.values()) == built.report["tables"][table]["rows_out"]
        features = next(iter(ds.values())).features
        assert next(iter(features)) == "record_id"
        assert "enterprise_id" not in features and "enterprise_key" in features
        assert "formulation" not in features and "operator" not in features and "unit_price_cny" not in features
    products = next(iter(datasets.load_dataset(str(release), "products").values()))
    assert products.features["molecular_weight"].dtype == "float64"
    assert products.features["ghs_hazard_codes"].feature.dtype in ("string", "large_string")


def test_readings_have_every_split_and_runs_never_span_two(built):
    """Each split group (enterprise, unit, run) lies in one split; the sample runs fill all three splits."""
    import datasets

    ds = datasets.load_dataset(str(built.out / "release"), "process_readings")
    assert set(ds) == {"train", "validation", "test"}
    assert all(len(ds[s]) > 0 for s in ds)
    groups = pl.concat([ds[s].to_polars().select("enterprise_key", "unit_id", "run_id").unique()
                        .with_columns(pl.lit(s).alias("split")) for s in ds])
    assert groups.select("enterprise_key", "unit_id", "run_id").is_duplicated().sum() == 0
    historians = sum(1 for s in PLANTED["sources"] if s["table"] == "process_readings")
    assert groups.height >= 3 * historians             # several runs per historian source, not one or two


def test_card_yaml_is_valid_and_has_every_config(built):
    card = (built.out / "release" / "README.md").read_text(encoding="utf-8")
    assert validate_card_metadata(card) == []
    meta = yaml.safe_load(card.split("---")[1])
    assert {c["config_name"] for c in meta["configs"]} == set(TABLES)
    assert "derived from the" in card and "formula" in card


def test_manifest_hashes_verify(built):
    assert verify_manifest(built.out / "release") == []


def test_same_inputs_same_root_hash(built, tmp_path, monkeypatch):
    monkeypatch.setenv("INDSET_HMAC_KEY", "test-key")
    again = build("chemicals", MANIFEST, tmp_path / "again", keep_going=True)
    assert again.root_hash == built.root_hash


def release_text(built) -> str:
    parts = []
    for path in (built.out / "release").rglob("*"):
        if path.is_file():
            if path.suffix == ".parquet":
                parts.append(json.dumps(pl.read_parquet(path).to_dicts(), default=str, ensure_ascii=False))
            else:
                parts.append(path.read_bytes().decode("utf-8", errors="ignore"))
    return "\n".join(parts)


def test_formulation_and_enterprise_ids_never_under_release(built):
    from indset.manifest import load_manifest
    from indset.read import read_source

    text = release_text(built)
    for s in load_manifest(MANIFEST).sources:
        assert s.enterprise_id not in text
        if s.table == "products":
            raw = read_source(s)
            col = next((c for c in raw.columns if c in ("配方", "配比", "Recipe", "工艺配方", "配方组成")), None)
            assert col is not None
            for recipe in raw[col].drop_nulls().unique().to_list():
                assert recipe not in text, f"formulation of {s.path} leaked"


@pytest.mark.parametrize("table", TABLES)
def test_every_planted_row_has_its_expected_outcome(built, table):
    assert_planted_outcomes(built, table, PLANTED)


@pytest.mark.parametrize("table", TABLES)
def test_planted_totals(built, table):
    assert_planted_totals(built, table, PLANTED)


def test_products_are_standardized(built):
    data = shipped(built, "products")
    assert data["cas_rn"].str.contains(r"^[1-9]\d{1,6}-\d{2}-\d$").all()
    assert set(data.filter(pl.col("cas_rn") == "7758-99-8")["formula"].to_list()) == {"CuH10O9S"}
    assert set(data.filter(pl.col("cas_rn") == "64-17-5")["formula"].drop_nulls().to_list()) == {"C2H6O"}
    assert data["molecular_weight"].null_count() == data["formula"].null_count()   # filled where a formula exists
    lin = lineage(built, "products")
    rid = {(r["_source_file"], r["_source_row"]): r["record_id"] for r in lin.iter_rows(named=True)}
    by_id = {r["record_id"]: r for r in data.iter_rows(named=True)}
    for fact in (r for r in PLANTED["rows"] if r["kind"] == "molecular_weight_missing"):
        row = by_id[rid[(fact["path"], fact["row"])]]
        assert row["molecular_weight"] is not None and row["formula"]


def test_readings_are_in_canonical_units(built):
    data = shipped(built, "process_readings")
    units = dict(yaml.safe_load((Path(__file__).resolve().parents[1] / "builders" / "chemicals" / "standard.yaml")
                                .read_text(encoding="utf-8"))["tables"]["process_readings"]["fields"][3]["units"])
    assert all(units[t] == u for t, u in data.select("tag", "unit").unique().iter_rows())
    pressure = data.filter(pl.col("tag") == "reactor_pressure")["value"]
    assert pressure.min() > 2500 and pressure.max() < 3000       # TEP ~2700 kPa gauge, also from MPa/psi/bar
    temp = data.filter(pl.col("tag") == "reactor_temperature")["value"]
    assert temp.min() > 115 and temp.max() < 130                 # ~120.4 degC, also from degF
    assert set(data["fault"].drop_nulls().unique().to_list()) == {"IDV(1)", "IDV(4)", "IDV(6)", "IDV(13)"}


def test_contacts_in_descriptions_are_scrubbed(built):
    text = "\n".join(shipped(built, "products")["description"].drop_nulls().to_list())
    for fact in (r for r in PLANTED["rows"] if r["kind"] == "contact_in_description"):
        for token in __import__("re").findall(r"1[3-9]\d[\d -]{8,10}\d|[\w.]+@[\w.]+", fact["value"]):
            assert token not in text


def test_weights_derived_from_formulas_are_counted_and_shown_in_the_card(built):
    """A missing molecular weight is filled from the formula: counted in quality.json and the card."""
    notes = built.report["tables"]["products"]["field_notes"]
    assert notes["molecular_weight"]["derived_from_formula"] > 0
    card = (built.out / "release" / "README.md").read_text(encoding="utf-8")
    assert "`molecular_weight` derived from formula" in card
