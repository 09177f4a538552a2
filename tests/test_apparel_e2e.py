"""End to end on the bundled apparel samples: accounting, lineage, loading, card, determinism, planted facts."""

from __future__ import annotations

import json
import re
from pathlib import Path

import polars as pl
import pytest
import yaml
from contract import (
    assert_accounting_and_lineage,
    assert_planted_outcomes,
    assert_planted_totals,
    build_samples,
    shipped,
)

from indset.build import build
from indset.card import validate_card_metadata
from indset.release_manifest import verify_manifest

SAMPLES = Path(__file__).resolve().parents[1] / "samples" / "apparel"
MANIFEST = SAMPLES / "sources.yaml"
PLANTED = json.loads((SAMPLES / "planted.json").read_text(encoding="utf-8"))
TABLES = ["products", "inspections"]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return build_samples("apparel", MANIFEST, tmp_path_factory)


def lineage_of(built, table: str) -> dict[tuple[str, int], dict]:
    frame = pl.read_parquet(built.out / "internal" / "lineage" / f"{table}.parquet")
    return {(r["_source_file"], r["_source_row"]): r for r in frame.iter_rows(named=True)}


@pytest.mark.parametrize("table", TABLES)
def test_accounting_and_lineage(built, table):
    assert_accounting_and_lineage(built, table, MANIFEST)


def test_invalid_source_is_skipped(built):
    assert [s["reason"] for s in built.report["skipped_sources"]] == ["invalid_enterprise_id"]


def test_gate_passes(built):
    assert built.passed, built.report["gate"]
    for table in TABLES:
        assert built.report["tables"][table]["expectations"]["failed_critical"] == 0


def test_load_dataset_per_config(built):
    import datasets

    release = built.out / "release"
    for table in TABLES:
        ds = datasets.load_dataset(str(release), table)
        assert sum(len(s) for s in ds.values()) == built.report["tables"][table]["rows_out"]
        features = next(iter(ds.values())).features
        assert next(iter(features)) == "record_id"
        assert "enterprise_id" not in features and "enterprise_key" in features
    products = next(iter(datasets.load_dataset(str(release), "products").values()))
    assert "unit_price_cny" not in products.features      # important: dropped from public releases
    sizes = products.features["sizes"]
    inner = getattr(sizes, "feature", None) or sizes[0]    # datasets.Sequence / List of Value("string")
    assert inner.dtype in ("string", "large_string")
    assert products.features["colorfastness_grade"].dtype == "float64"
    assert products.features["updated_at"].dtype.startswith("timestamp[us")
    assert products.features["fiber_composition"].feature["pct"].dtype == "float64"
    row = next(r for r in products if r["sizes"])
    assert isinstance(row["sizes"], list) and all(isinstance(s, str) for s in row["sizes"])
    inspections = next(iter(datasets.load_dataset(str(release), "inspections").values()))
    assert inspections.features["sample_size"].dtype == "int64"
    assert inspections.features["aql"].dtype == "float64"
    assert inspections.features["inspected_at"].dtype.startswith("timestamp[us")
    assert "inspector" not in inspections.features      # personal: dropped from public releases


def test_shipped_values_follow_the_standard(built):
    products = shipped(built, "products")
    pattern = re.compile(r"^(\d{2,3})/(\d{2,3})([YABC]?)$")
    for row in products["sizes"].drop_nulls().to_list():
        assert row and len(row) == len(set(row))
        assert all(pattern.match(s) for s in row), row
    assert set(products["safety_category"].unique()) <= {"A", "B", "C"}
    assert set(products.filter(pl.col("category") == "infant_wear")["safety_category"].unique()) == {"A"}
    assert products["hs_code"].drop_nulls().str.slice(0, 2).is_in(["61", "62"]).all()
    inspections = shipped(built, "inspections")
    assert inspections.filter((pl.col("defects_critical") > 0) & (pl.col("result") == "pass")).height == 0
    assert inspections["aql"].drop_nulls().is_in([0.65, 1.0, 1.5, 2.5, 4.0, 6.5]).all()


def test_every_inspection_names_a_shipped_product_of_its_enterprise(built):
    products = shipped(built, "products").select("enterprise_key", pl.col("sku").str.replace_all("[-_./ ]", ""))
    inspections = shipped(built, "inspections").select("enterprise_key",
                                                       pl.col("sku").str.replace_all("[-_./ ]", ""))
    assert inspections.join(products, on=["enterprise_key", "sku"], how="anti").height == 0


def test_card_yaml_is_valid_and_has_every_config(built):
    card = (built.out / "release" / "README.md").read_text(encoding="utf-8")
    assert validate_card_metadata(card) == []
    meta = yaml.safe_load(card.split("---")[1])
    assert {c["config_name"] for c in meta["configs"]} == set(TABLES)
    assert meta["license"] and any(c.get("default") for c in meta["configs"])
    assert "GB/T 1335" in card


def test_release_carries_no_clear_enterprise_id_or_personal_names(built):
    from indset.manifest import load_manifest

    ids = {s.enterprise_id for s in load_manifest(MANIFEST).sources}
    inspectors = set(pl.read_parquet(built.out / "internal" / "quarantine" / "inspections.parquet")
                     .get_column("inspector").drop_nulls().to_list())
    names = {"王芳", "刘洋", "陈静", "赵丽", "黄磊", "周敏", "吴刚", "徐丽萍", "孙建国", "马晓燕", "胡明",
             "林小红"} | inspectors
    for path in (built.out / "release").rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            if path.suffix == ".parquet":
                data = json.dumps(pl.read_parquet(path).to_dicts(), default=str, ensure_ascii=False).encode("utf-8")
            for token in ids | names:
                assert token.encode() not in data, f"{token} found in {path}"


def test_manifest_hashes_verify(built):
    assert verify_manifest(built.out / "release") == []


def test_same_inputs_same_root_hash(built, tmp_path, monkeypatch):
    monkeypatch.setenv("INDSET_HMAC_KEY", "test-key")
    again = build("apparel", MANIFEST, tmp_path / "again", keep_going=True)
    assert again.root_hash == built.root_hash


@pytest.mark.parametrize("table", TABLES)
def test_every_planted_row_has_its_expected_outcome(built, table):
    """Each planted fact (samples/apparel/planted.json) ends as the standard says, row by row."""
    assert_planted_outcomes(built, table, PLANTED)


@pytest.mark.parametrize("table", TABLES)
def test_planted_totals(built, table):
    assert_planted_totals(built, table, PLANTED)


def test_unknown_skus_are_quarantined(built):
    quarantine = pl.read_parquet(built.out / "internal" / "quarantine" / "inspections.parquet")
    unknown = quarantine.filter(pl.col("_reason") == "unknown_sku")
    planted = [r for r in PLANTED["rows"] if r["expect"] == "quarantined: unknown_sku"]
    assert unknown.height == len(planted) == built.report["tables"]["inspections"]["quarantine_reasons"]["unknown_sku"]
    assert set(zip(unknown["_source_file"], unknown["_source_row"], strict=True)) == {
        (r["path"], r["row"]) for r in planted}
    kinds = {r["kind"] for r in planted}
    assert {"sku_of_another_enterprise", "sku_of_quarantined_product", "sku_not_in_products"} <= kinds


def test_invalid_sizes_are_counted_in_the_report(built):
    notes = json.loads((built.out / "release" / "reports" / "quality.json").read_text(encoding="utf-8"))
    counted = notes["tables"]["products"]["field_notes"]["sizes"]["invalid_size_dropped"]
    planted = sum(r.get("dropped", 0) for r in PLANTED["rows"] if r["kind"] == "invalid_size_dropped"
                  and "sx_trading" not in r["path"])
    assert counted == planted == PLANTED["expected"]["products"]["field_notes"]["sizes"]["invalid_size_dropped"]
    products = shipped(built, "products")
    lineage = lineage_of(built, "products")
    for fact in (r for r in PLANTED["rows"] if r["kind"] == "invalid_size_dropped"):
        rid = lineage[(fact["path"], fact["row"])]["record_id"]
        row = products.filter(pl.col("record_id") == rid)
        assert row.height == 1
        kept = row["sizes"].to_list()[0]
        assert kept is None or len(kept) >= 1


def test_contacts_in_free_text_are_scrubbed(built):
    text = "\n".join(shipped(built, "products")["description"].drop_nulls().to_list()
                     + shipped(built, "inspections")["notes"].drop_nulls().to_list())
    facts = [r for r in PLANTED["rows"] if r["kind"] in ("contact_in_description", "inspector_contact_in_notes")]
    assert facts
    for fact in facts:
        for token in re.findall(r"1[3-9]\d[\d -]{8,10}|[\w.]+@[\w.]+", fact["value"]):
            assert token.strip() not in text
    assert "[PHONE]" in text and "[NAME]" in text
