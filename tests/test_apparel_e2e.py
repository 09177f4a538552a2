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


# red team A's exports (apparel/inspections), their exact rows: defect classes in one column, toddler sizes,
# sweatpants, a footnote mark after a verdict, a header written twice, a totals row named in its first cell
RT_A, RT_B = "91330621MA2BX5K7L2", "91330681MA2CT8P3QY"
RT_STYLES = ("序号,款号,款式名称,品类,成分,号型,安全类别,色牢度,参考成本,更新时间\n"
             "1,款A-1,男士短袖T恤,T恤,棉100%,\"XL/180,L/175\",B类,3/4,45.6,2026-10-05\n"
             "2,款A-5,儿童T恤,T恤,棉100%,\"2T,3T\",B类,3.5,20,2026-10-05\n"
             "3,款A-7,儿童T恤,T恤,棉100%,4T,B类,3.5,20,2026-10-05\n"
             "4,S-09,男装卫裤,卫裤,65%棉35%涤,S-XL,B类,4-5,30,2026-10-05\n"
             "5,S-01,男士短袖T恤,T恤,棉100%,XL/180,B类,3/4,30,2026-10-05\n"
             "6,S-04,女装羽绒服,羽绒服,聚酯纤维100%,\"S,M,L\",C类,4,80,2026-10-05\n"
             "7,S-08,女式运动内衣,运动内衣,锦纶80% 氨纶20%,\"S,M,L\",B类,3-4级,30,2026-10-05\n"
             "8,YY-1001,男士商务衬衫,衬衫,棉100%,,B类,4,30,2026-10-05\n"
             "9,YY-1002,女士连衣裙,连衣裙,涤纶100%,,B类,4,30,2026-10-05\n"
             "10,YY-1005,男士西裤,裤子,羊毛70% 涤纶30%,,B类,4,30,2026-10-05\n"
             "11,TB-001,男士纯棉长袖T恤,T恤,棉100%,,B类,4,30,2026-10-05\n"
             "合计,,,,,,,,375.6,\n")
RT_INSP2 = ("Report No,Style No,PO No,Inspection Date,Sample Size,致命/严重/轻微,AQL,Result,Inspector,Remarks\n"
            "R-01,S-01,PO1,20/09/2026,125pcs,0/2/5,II-2.5,PASS (with minor issues),Lily Wang,ok\n"
            "R-02,S-04,PO2,09/10/2026,80件,0/6/3,2.5,Pass*,Lily Wang,see photos\n"
            "R-03,S-08,PO3,05/10/2026,125 (J),1/0/0,2.5,OK(返工后),Zhang Wei,critical: needle found\n")
RT_INSPECTIONS = ("验货单号,款号,订单号,验货日期,抽样数量,AQL,缺陷数,验货结果,验货员,备注\n"
                  "QC-2609-01,YY-1001,PO-8801,2026-09-20,125,2.5/4.0,CR0 MA2 MI5,合格,孙丽,外观良好\n"
                  "QC-2609-02,YY-1002,PO-8802,2026-09-21,80,2.5/4.0,CR0 MA6 MI3,不合格,孙丽,线头多\n"
                  "QC-2609-03,YY-1005,PO-8803,2026-09-22,125,2.5/4.0,CR1 MA0 MI2,让步接收,周强,客户特批出货\n"
                  "QC-2609-04,TB-001,PO-8804,2026-09-23,50,0/2.5/4.0,CR0 MA1 MI1,合格,周强,\n")
RT_BOM_CR = ("\ufeff款号,款式名称,品类,成分,成分,号型,安全类别,色牢度,,更新时间\r"
             "款A-1,男士短袖T恤,T恤,面料,棉100%,XL/180,B类,3/4,,2026-10-05\r"
             "款A-2,男士卫裤,卫裤,面料,棉100%,\"S,M,L\",B类,4/5,,2026-10-05\r"
             "款A-3,女装马甲,西装马甲,面料,涤纶100%,\"S,M\",B类,4,,2026-10-05\r"
             "款A-4,男式夹克,夹克,里料,涤纶100%,\"M(170/88A)\",B类,4,,2026-10-05\r")


def test_red_team_a_inspection_and_style_exports(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    files = {"styles.csv": RT_STYLES, "insp2.csv": RT_INSP2, "inspections.csv": RT_INSPECTIONS, "bom_cr.csv": RT_BOM_CR}
    for name, text in files.items():
        (raw / name).write_bytes(text.encode("utf-8"))
    manifest = tmp_path / "sources.yaml"
    manifest.write_text(yaml.safe_dump({"industry": "apparel", "reference_date": "2026-11-01", "sources": [
        {"path": "raw/styles.csv", "table": "products", "enterprise_id": RT_A},
        {"path": "raw/bom_cr.csv", "table": "products", "enterprise_id": RT_B},
        {"path": "raw/insp2.csv", "table": "inspections", "enterprise_id": RT_A},
        {"path": "raw/inspections.csv", "table": "inspections", "enterprise_id": RT_A}]}, allow_unicode=True),
        encoding="utf-8")
    result = build("apparel", manifest, tmp_path / "out", keep_going=True)
    quarantine = {t: pl.read_parquet(tmp_path / "out" / "internal" / "quarantine" / f"{t}.parquet")
                  for t in TABLES}
    products = shipped(result, "products")
    reasons = dict(zip(quarantine["products"]["_source_row"].to_list(), quarantine["products"]["_reason"].to_list(),
                       strict=True))
    styles = {r: reasons[r] for r, f in zip(quarantine["products"]["_source_row"],
                                            quarantine["products"]["_source_file"], strict=True) if "styles" in f}
    # 2T,3T: an infant's sizes in category B (4T is not an infant's); the 合计 row names its total elsewhere
    assert styles == {2: "infant_sizes_not_class_a", 12: "summary_row"}
    assert dict(products.filter(pl.col("sku").is_in(["S-09", "款A-2"])).select("sku", "category").rows()) == {
        "S-09": "sportswear", "款A-2": "sportswear"}
    assert products.filter(pl.col("sku") == "款A-7")["sizes"].to_list() == [None]
    bom = products.filter(pl.col("sku").is_in(["款A-1", "款A-2", "款A-4"]))  # 款A-1 of both enterprises
    assert sorted(bom.select("sku", pl.col("fiber_composition").list.first().struct.field("fiber")).rows()) == [
        ("款A-1", "棉"), ("款A-1", "棉"), ("款A-2", "棉"), ("款A-4", "涤纶")]   # the column of `成分,成分` that reads
    bom_reasons = quarantine["products"].filter(pl.col("_source_file").str.contains("bom"))["_reason"].to_list()
    assert bom_reasons == ["invalid_category"]   # 西装马甲 (was invalid_fiber_composition on every row)
    inspections = shipped(result, "inspections").sort("inspection_id")
    assert inspections.select("inspection_id", "defects_critical", "defects_major", "defects_minor",
                              "result").rows() == [
        ("QC-2609-01", 0, 2, 5, "pass"), ("QC-2609-02", 0, 6, 3, "fail"), ("QC-2609-03", 1, 0, 2, "fail"),
        ("QC-2609-04", 0, 1, 1, "pass"), ("R-01", 0, 2, 5, "pass"), ("R-02", 0, 6, 3, "pass")]
    # a critical defect in a lot passed `OK(返工后)`: never published as a pass
    assert quarantine["inspections"].select("inspection_id", "_reason").rows() == [
        ("R-03", "result_contradicts_defects")]
    assert result.report["tables"]["inspections"]["unmapped_columns"] == 0
    for table in TABLES:
        assert_accounting_and_lineage(result, table, manifest)


def test_a_cross_table_quarantine_holds_no_helper_columns(tmp_path):
    """Reviewer: rows quarantined by the cross-table check (unknown_sku) carried the defect group's helper columns
    (`_unread defects_critical`, ...) into internal/quarantine/inspections.parquet. The row's values stay."""
    (tmp_path / "i.csv").write_text("检验单号,款号,检验日期,抽样数,缺陷数,检验结果\n"
                                    "QC001,ST-1,2026-10-01,80,CR0 MA2 MI5,合格\n"
                                    "QC003,ST-1,2026-10-03,80,\"Major 2, Critical 0, Minor 5\",合格\n",
                                    encoding="utf-8")
    manifest = tmp_path / "sources.yaml"
    manifest.write_text(yaml.safe_dump({"industry": "apparel", "reference_date": "2026-11-01", "sources": [
        {"path": "i.csv", "table": "inspections", "enterprise_id": RT_A}]}, allow_unicode=True), encoding="utf-8")
    build("apparel", manifest, tmp_path / "out", keep_going=True)
    quarantine = pl.read_parquet(tmp_path / "out" / "internal" / "quarantine" / "inspections.parquet")
    assert not [c for c in quarantine.columns if c.startswith("_unread")]
    assert quarantine.select("inspection_id", "sku", "_reason").rows() == [("QC001", "ST-1", "unknown_sku"),
                                                                          ("QC003", "ST-1", "unknown_sku")]
    assert {"defects_critical", "defects_major", "defects_minor"} <= set(quarantine.columns)
