"""Other enterprises' exports: dialects and defects beyond the bundled samples, built end to end.

Each test writes a few small source files and a manifest, runs the build with the CLI's entry point and
asserts what a data steward would read: the release, the quarantine, the lineage, the report.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import polars as pl
import pytest
import yaml
from contract import assert_accounting_and_lineage, shipped

from indset.build import build
from indset.errors import SourceError

TEXTILES_EID = "91330109MA2H3K7T46"
CHEMICALS_EID = "91330105MA2AB1C2X7"

PRODUCTS_CSV = """货号,品名,类别,成分,克重,门幅,更新时间
TX-1,全棉府绸,坯布,100%棉,120g/m2,150cm,2026-10-01
TX-2,涤棉平布,面料,65%涤纶 35%棉,110g/m2,160cm,2026-10-02
"""


def write_manifest(folder: Path, industry: str, files: dict[str, str | bytes], sources: list[dict]) -> Path:
    """Write ``files`` under ``folder/raw`` and a manifest listing ``sources`` (paths relative to raw/)."""
    raw = folder / "raw"
    raw.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        data = content.encode("utf-8") if isinstance(content, str) else content
        (raw / name).write_bytes(data)
    eid = TEXTILES_EID if industry != "chemicals" else CHEMICALS_EID
    manifest = {"industry": industry, "reference_date": "2026-11-01",
                "sources": [{"enterprise_id": eid, **s, "path": f"raw/{s['path']}"} for s in sources]}
    path = folder / "sources.yaml"
    path.write_text(yaml.safe_dump(manifest, allow_unicode=True), encoding="utf-8")
    return path


def build_file(tmp_path: Path, industry: str, table: str, name: str, content: str | bytes,
               keep_going: bool = False) -> tuple[object, Path]:
    """Build one export feeding ``table``; (result, manifest)."""
    manifest = write_manifest(tmp_path, industry, {name: content}, [{"path": name, "table": table}])
    return build(industry, manifest, tmp_path / "out", keep_going=keep_going), manifest


def lineage(out: Path, table: str) -> pl.DataFrame:
    return pl.read_parquet(out / "internal" / "lineage" / f"{table}.parquet")


def test_a_table_with_no_kept_rows_gets_an_empty_typed_release(tmp_path):
    """Every reading quarantined, and the only products file header-only (skipped with --keep-going): the
    build still writes both tables, accounts for every row and says why the gate fails."""
    manifest = write_manifest(tmp_path, "textiles", {
        "products.csv": "货号,品名,成分\n",
        "looms.csv": "机台号,采集时间,状态\n,2026-10-26 08:00,运行\nA,notatime,运行\n",
    }, [{"path": "products.csv", "table": "products"}, {"path": "looms.csv", "table": "machine_readings"}])
    result = build("textiles", manifest, tmp_path / "out", keep_going=True)
    assert [s["reason"] for s in result.report["skipped_sources"]] == ["empty_file"]
    for table in ("products", "machine_readings"):
        frame = shipped(result, table)
        assert frame.height == 0 and frame.schema["record_id"] == pl.UInt64
        assert_accounting_and_lineage(result, table, manifest)
    assert lineage(tmp_path / "out", "machine_readings")["_reason"].to_list() == ["missing_machine_id", "invalid_ts"]
    reasons = result.report["gate"]["reasons"]
    assert "products: no rows in the release" in reasons and "machine_readings: no rows in the release" in reasons


@pytest.mark.parametrize("entry, message, code", [
    ({"timezone": "Mars/Base"}, r"raw/b\.csv: unknown timezone 'Mars/Base'", "unknown_timezone"),
    ({"columns": {"品名": "product_name"}}, r"raw/b\.csv: columns: override names no field of products "
     r"\('product_name'\)", "unknown_field"),
    ({"date_order": "ymd"}, r"raw/b\.csv: unknown date_order 'ymd'", "unknown_date_order"),
    ({"units": {"品名": "斤两"}}, r"raw/b\.csv: units: not a unit \('品名: 斤两'\)", "unknown_unit"),
])
def test_a_manifest_entry_that_cannot_be_built_names_its_file(tmp_path, entry, message, code):
    """An unknown timezone or an override to a field the standard lacks stops the build with one line naming
    the source; with --keep-going that source is skipped and the other is built."""
    manifest = write_manifest(tmp_path, "textiles", {"a.csv": PRODUCTS_CSV, "b.csv": PRODUCTS_CSV},
                              [{"path": "a.csv", "table": "products"}, {"path": "b.csv", "table": "products", **entry}])
    with pytest.raises(SourceError, match=message):
        build("textiles", manifest, tmp_path / "out")
    assert not (tmp_path / "out").exists()
    result = build("textiles", manifest, tmp_path / "out", keep_going=True)
    assert [(s["source"], s["reason"]) for s in result.report["skipped_sources"]] == [(2, code)]
    assert shipped(result, "products")["sku"].sort().to_list() == ["TX-1", "TX-2"]


def test_an_iot_device_object_under_a_machine_header_gives_its_id_and_type(tmp_path):
    """`device: {"id": "AJ-101", "type": "喷气织机"}` (a loom IoT platform's API): machine_id was the JSON text."""
    lines = [{"device": {"id": "AJ-101", "type": "喷气织机"}, "ts": "2026-10-26T08:00:00+08:00", "status": "运行",
              "speed": "720 rpm"},
             {"device": {"id": "AJ-102", "type": "剑杆织机"}, "ts": "2026-10-26T08:00:00+08:00", "status": "停机",
              "speed": 0},
             {"device": {"model": "X"}, "ts": "2026-10-26T08:00:00+08:00", "status": "运行", "speed": 700}]
    manifest = write_manifest(tmp_path, "textiles", {
        "iot.jsonl": "\n".join(json.dumps(x, ensure_ascii=False) for x in lines) + "\n"},
        [{"path": "iot.jsonl", "table": "machine_readings"}])
    result = build("textiles", manifest, tmp_path / "out", keep_going=True)
    rows = shipped(result, "machine_readings").sort("machine_id")
    assert rows.select("machine_id", "machine_type", "speed_rpm").rows() == [("AJ-101", "loom", 720.0),
                                                                          ("AJ-102", "loom", 0.0)]
    assert result.report["tables"]["machine_readings"]["quarantine_reasons"] == {"missing_machine_id": 1}  # no id
    assert_accounting_and_lineage(result, "machine_readings", manifest)


def test_names_in_an_unmapped_column_of_people_are_masked_in_free_text(tmp_path):
    """A `业务员` column in a products file maps to no field (dropped), but its names were left in the descriptions;
    a `销售` column of amounts adds no "names"."""
    csv = ("货号,品名,类别,成分,克重,业务员,销售,质检,描述\n"
           "TX-1,全棉府绸,面料,100%棉,120g/m2,周海燕,1200,合格,请找周海燕下单 1200米起订 检验合格\n"
           "TX-2,涤棉平布,面料,65%涤纶 35%棉,110g/m2,Linda Wu,900,Pass,Linda Wu handles it; pass rate 98%\n")
    result, _ = build_file(tmp_path, "textiles", "products", "p.csv", csv)
    assert shipped(result, "products").sort("sku")["description"].to_list() == [
        "请找[NAME]下单 1200米起订 检验合格", "[NAME] handles it; pass rate 98%"]   # statuses are no names


def test_a_fractional_hydrates_weight_per_formula_unit_through_the_build(tmp_path):
    """The parser's helper column (the raw formula's multiple) reaches the weight fill in a build: CaSO4·0.5H2O at
    145.15 was quarantined as molecular_weight_mismatch (the column was lost between the parser and the chunk)."""
    csv = ("物料编码,品名,CAS号,分子式,分子量\n"
           "CH-7,硫酸钙半水合物,10034-76-1,CaSO4·0.5H2O,145.15\nCH-8,硫酸钙半水合物B,10034-76-1,CaSO4·1/2H2O,\n"
           "CH-9,乙醇,64-17-5,C2H5OH,46.07\n")
    result, manifest = build_file(tmp_path, "chemicals", "products", "p.csv", csv)
    rows = shipped(result, "products").sort("sku")
    assert rows.select("sku", "formula", "molecular_weight").rows() == [
        ("CH-7", "Ca2H2O9S2", pytest.approx(290.3, rel=1e-3)), ("CH-8", "Ca2H2O9S2", pytest.approx(290.3, rel=1e-3)),
        ("CH-9", "C2H6O", 46.07)]
    assert "_formula_units" not in rows.columns
    assert result.report["tables"]["products"]["field_notes"]["molecular_weight"]["per_formula_unit"] == 1
    assert_accounting_and_lineage(result, "products", manifest)


def test_a_broken_suite_fails_the_build_before_any_source_is_read(tmp_path):
    """A steward's typo in a suite failed only after every source was read and normalized (minutes on big builds):
    the suites of the tables the manifest feeds are checked first (here the source is not even there)."""
    from indset.validation.suites import SuiteError

    manifest = write_manifest(tmp_path, "textiles", {}, [{"path": "missing.csv", "table": "products"}])
    suites = tmp_path / "suites"
    suites.mkdir()
    (suites / "textiles.products.json").write_text('{"name": "textiles.products", "expectations": [], '
                                                   '"expectations": []}', encoding="utf-8")
    with pytest.raises(SuiteError, match="key 'expectations' given twice"):
        build("textiles", manifest, tmp_path / "out", suites=suites)


def test_a_symlink_loop_is_a_source_error_not_a_crash(tmp_path):
    """`raw/loop1 -> loop2 -> loop1` crashed the build with a traceback (also with --keep-going)."""
    manifest = write_manifest(tmp_path, "textiles", {"a.csv": PRODUCTS_CSV},
                              [{"path": "a.csv", "table": "products"}, {"path": "loop1", "table": "products"}])
    (tmp_path / "raw" / "loop1").symlink_to("loop2")
    (tmp_path / "raw" / "loop2").symlink_to("loop1")
    with pytest.raises(SourceError, match=r"raw/loop1: "):
        build("textiles", manifest, tmp_path / "out")
    result = build("textiles", manifest, tmp_path / "out", keep_going=True)
    assert [s["source"] for s in result.report["skipped_sources"]] == [2]


def test_historian_exports_take_the_unit_from_their_headers(tmp_path):
    """A wide export whose `Unit` column names the plant unit, and a long export whose value header names
    the unit (`数值(MPa)`): both convert to the tag's canonical unit (kPa, degC), nothing quarantined."""
    manifest = write_manifest(tmp_path, "chemicals", {
        "wide.csv": "Time,Unit,Batch,Reactor Pressure (MPa),Reactor Temperature (degC)\n"
                    "2026-10-27 08:00:00,R-9,B-01,2.7051,120.4\n2026-10-27 08:06:00,R-9,B-01,2.7052,120.5\n",
        "long.csv": "装置,位号,时间,数值(MPa)\nR-1,反应器压力,2026-10-28 09:00:00,2.7051\n",
    }, [{"path": "wide.csv", "table": "process_readings"}, {"path": "long.csv", "table": "process_readings"}])
    result = build("chemicals", manifest, tmp_path / "out")
    assert result.report["tables"]["process_readings"]["rows_quarantined"] == 0
    rows = shipped(result, "process_readings").sort("unit_id", "ts", "tag")
    assert rows.select("unit_id", "tag", "value", "unit").rows() == [
        ("R-1", "reactor_pressure", pytest.approx(2705.1), "kPa"),
        ("R-9", "reactor_pressure", pytest.approx(2705.1), "kPa"),
        ("R-9", "reactor_temperature", pytest.approx(120.4), "degC"),
        ("R-9", "reactor_pressure", pytest.approx(2705.2), "kPa"),
        ("R-9", "reactor_temperature", pytest.approx(120.5), "degC"),
    ]
    assert_accounting_and_lineage(result, "process_readings", manifest, melted=True)


def test_a_wide_export_with_a_unit_column_besides_its_unit_id_is_ambiguous(tmp_path):
    manifest = write_manifest(tmp_path, "chemicals", {
        "wide.csv": "时间,装置,Unit,Reactor Pressure (MPa)\n2026-10-27 08:00:00,R-9,MPa,2.7051\n",
    }, [{"path": "wide.csv", "table": "process_readings"}])
    with pytest.raises(SourceError, match=r"raw/wide\.csv: wide export: column 'Unit' reads as 'unit'"):
        build("chemicals", manifest, tmp_path / "out")


def test_json_lines_spelling_keys_differently_and_typed_lists(tmp_path):
    """Lines spelling the SKU key `sku`, `SKU` or `货号` all map to sku; a composition given as a JSON
    array of objects parses like its text; `/`, `N/A`, `无` in optional fields are empty, not invalid."""
    lines = [
        '{"sku": "JK-1", "name": "Jersey 1", "category": "finished fabric", "composition": "95% cotton 5% spandex",'
        ' "weight": "180gsm", "weave": "/", "hs_code": "N/A"}',
        '{"SKU": "JK-2", "name": "Jersey 2", "category": "finished fabric", "composition": "95% cotton 5% spandex",'
        ' "weight": "180gsm", "width": "无"}',
        '{"货号": "JK-3", "品名": "汗布 3", "category": "finished fabric", "composition": "95% cotton 5% spandex",'
        ' "weight": "180gsm"}',
        '{"sku": "JK-4", "name": "Jersey 4", "category": "finished fabric", "weight": 180,'
        ' "composition": [{"fiber": "cotton", "pct": 95}, {"fiber": "spandex", "pct": 5}]}',
    ]
    manifest = write_manifest(tmp_path, "textiles", {"p.jsonl": "\n".join(lines) + "\n"},
                              [{"path": "p.jsonl", "table": "products"}])
    result = build("textiles", manifest, tmp_path / "out")
    t = result.report["tables"]["products"]
    assert (t["rows_quarantined"], t["unmapped_columns"]) == (0, 0)
    rows = shipped(result, "products").sort("sku")
    assert rows["sku"].to_list() == ["JK-1", "JK-2", "JK-3", "JK-4"]
    assert rows["name"].to_list() == ["Jersey 1", "Jersey 2", "汗布 3", "Jersey 4"]
    assert rows["fiber_composition"].to_list() == [[{"fiber": "棉", "pct": 95.0}, {"fiber": "氨纶", "pct": 5.0}]] * 4
    assert rows.select("weave", "hs_code", "width_cm").null_count().row(0) == (4, 4, 4)


def test_two_columns_naming_one_field_with_values_on_the_same_row_are_not_merged(tmp_path):
    manifest = write_manifest(tmp_path, "textiles", {
        "p.csv": "货号,SKU,品名,类别,成分,克重\nTX-1,OLD-1,全棉府绸,坯布,100%棉,120g/m2\n",
    }, [{"path": "p.csv", "table": "products"}])
    result = build("textiles", manifest, tmp_path / "out")
    assert shipped(result, "products")["sku"].to_list() == ["TX-1"]
    assert result.report["tables"]["products"]["unmapped_columns"] == 1


def test_chemical_relistings_merge_unless_the_specification_differs(tmp_path):
    """STANDARD.md section 8 for chemicals: `HC-0012` re-listed as `HC0012` (same substance, purity, grade)
    is one product, the later listing surviving; another purity under a near-identical name is another."""
    manifest = write_manifest(tmp_path, "chemicals", {"p.csv": (
        "货号,品名,CAS号,纯度,等级,更新时间\n"
        "HC-0012,无水乙醇,64-17-5,99.5%,分析纯,2026-09-01\n"
        "HC0012,无水乙醇 ,64-17-5,99.5%,AR,2026-10-01\n"
        "HC-0013,无水乙醇,64-17-5,99.7%,分析纯,2026-10-01\n")}, [{"path": "p.csv", "table": "products"}])
    result = build("chemicals", manifest, tmp_path / "out")
    rows = shipped(result, "products").sort("sku")
    assert rows.select("sku", "purity_pct").rows() == [("HC-0013", 99.7), ("HC0012", 99.5)]
    lin = lineage(tmp_path / "out", "products").sort("_source_row")
    assert lin.select("status", "_reason").rows() == [("merged", "relisting"), ("kept", None), ("kept", None)]


def test_title_rows_above_the_header_are_skipped(tmp_path):
    """Exports that open with a title (`某某纺织有限公司 产品清单`): an XLSX sheet, a CSV whose title line is
    padded with delimiters and one whose title line is not. The header is found below; records count from
    the row after it."""
    import xlsxwriter

    body = [["货号", "品名", "类别", "成分", "克重"], ["A1", "全棉府绸", "坯布", "100%棉", "120"],
            ["A2", "涤棉平布", "面料", "65%涤纶 35%棉", "110"]]
    wb = xlsxwriter.Workbook(tmp_path / "x.xlsx")
    sheet = wb.add_worksheet("产品")
    sheet.write(0, 0, "某某纺织有限公司 产品清单 2026年10月")
    for i, row in enumerate(body):
        sheet.write_row(i + 2, 0, [r.replace("A", "X") if i else r for r in row])
    wb.close()
    lines = [",".join(r) for r in body]
    manifest = write_manifest(tmp_path, "textiles", {
        "padded.csv": "\n".join(["某某纺织有限公司 产品清单,,,,", *[ln.replace("A", "P") for ln in lines]]) + "\n",
        "bare.csv": "\n".join(["某某纺织有限公司 产品清单", "", *[ln.replace("A", "B") for ln in lines]]) + "\n",
    }, [{"path": "padded.csv", "table": "products"}, {"path": "bare.csv", "table": "products"}])
    (tmp_path / "x.xlsx").rename(tmp_path / "raw" / "x.xlsx")
    raw = yaml.safe_load(manifest.read_text(encoding="utf-8"))
    raw["sources"].append({**raw["sources"][0], "path": "raw/x.xlsx"})
    manifest.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    result = build("textiles", manifest, tmp_path / "out")
    assert result.report["tables"]["products"]["rows_quarantined"] == 0
    assert sorted(shipped(result, "products")["sku"]) == ["B1", "B2", "P1", "P2", "X1", "X2"]
    lin = lineage(tmp_path / "out", "products")
    assert sorted(lin.select("_source_file", "_source_row").rows()) == [
        (f"raw/{f}", r) for f in ("bare.csv", "padded.csv", "x.xlsx") for r in (1, 2)]
    assert_accounting_and_lineage(result, "products", manifest)


def test_plant_control_system_exports(tmp_path):
    """Wide exports as DCS software writes them: a units row under the header, units glued to the tag
    name or after a bilingual name, a date column and a time column, kgf/cm² and Pa."""
    manifest = write_manifest(tmp_path, "chemicals", {
        "unitrow.csv": "装置,时间,反应器温度,反应器压力\n单位,,℃,MPa\nR1,2026-10-01 08:00:00,120.4,2.705\n",
        "glued.csv": "装置,时间,反应器温度℃,反应器压力MPa\nR2,2026-10-01 08:00:00,120.4,2.705\n",
        "bilingual.csv": "装置,时间,反应器温度/Reactor Temperature(℃),反应器压力/Reactor Pressure(kgf/cm²)\n"
                         "R3,2026-10-01 08:00:00,120.4,27.58\n",
        "datetime.csv": "装置,日期,时间,反应器温度(℃),反应器压力(Pa)\nR4,2026-10-01,08:00:00,120.4,2705000\n",
    }, [{"path": p, "table": "process_readings"} for p in ("unitrow.csv", "glued.csv", "bilingual.csv",
                                                          "datetime.csv")])
    result = build("chemicals", manifest, tmp_path / "out")
    assert result.report["tables"]["process_readings"]["rows_quarantined"] == 0
    rows = shipped(result, "process_readings").sort("unit_id", "tag")
    assert rows.select("unit_id", "tag", "unit").rows() == [
        (u, t, unit) for u in ("R1", "R2", "R3", "R4")
        for t, unit in (("reactor_pressure", "kPa"), ("reactor_temperature", "degC"))]
    assert rows["value"].to_list() == pytest.approx([2705, 120.4, 2705, 120.4, 27.58 * 98.0665, 120.4, 2705, 120.4])
    assert rows["ts"].dt.to_string("%Y-%m-%d %H:%M").unique().to_list() == ["2026-10-01 00:00"]
    lin = lineage(tmp_path / "out", "process_readings")
    assert lin.filter(pl.col("_source_file") == "raw/unitrow.csv")["_source_row"].unique().to_list() == [1]
    assert_accounting_and_lineage(result, "process_readings", manifest, melted=True)


def test_names_of_quarantined_rows_are_masked_in_kept_rows(tmp_path):
    """STANDARD.md section 6: names in any personal field of the build, also of a row that was quarantined,
    are masked in free text (here an operator's name in a product description)."""
    manifest = write_manifest(tmp_path, "textiles", {
        "looms.csv": "机台号,采集时间,状态,挡车工\nA1,2026-10-26 08:00,运行,佟丽娅\nA1,not a time,运行,褚英\n",
        "products.csv": "货号,品名,类别,成分,克重,描述\nTX-1,全棉府绸,坯布,100%棉,120,褚英与佟丽娅试织\n",
    }, [{"path": "looms.csv", "table": "machine_readings"}, {"path": "products.csv", "table": "products"}])
    result = build("textiles", manifest, tmp_path / "out")
    assert result.report["tables"]["machine_readings"]["rows_quarantined"] == 1
    descriptions = shipped(result, "products")["description"].to_list()
    assert descriptions == ["[NAME]与[NAME]试织"]


def test_spreadsheet_date_and_time_cells_join_into_one_timestamp(tmp_path):
    """An MES sheet with a date cell (reads as midnight) and a time cell (a time on Excel's day zero):
    every reading keeps its time, none collapses into a duplicate at midnight."""
    import datetime as dt

    import xlsxwriter

    (tmp_path / "raw").mkdir()
    wb = xlsxwriter.Workbook(tmp_path / "raw" / "mes.xlsx")
    ws = wb.add_worksheet("采集")
    ws.write_row(0, 0, ["机台号", "日期", "时间", "状态"])
    day, clock = wb.add_format({"num_format": "yyyy-mm-dd"}), wb.add_format({"num_format": "hh:mm:ss"})
    for i in range(3):
        ws.write(i + 1, 0, "A1")
        ws.write_datetime(i + 1, 1, dt.datetime(2026, 10, 26), day)
        ws.write_datetime(i + 1, 2, dt.time(8 + i, 30), clock)
        ws.write(i + 1, 3, "运行")
    wb.close()
    manifest = write_manifest(tmp_path, "textiles", {}, [{"path": "mes.xlsx", "table": "machine_readings"}])
    result = build("textiles", manifest, tmp_path / "out")
    t = result.report["tables"]["machine_readings"]
    assert (t["rows_out"], t["rows_merged"], t["unmapped_columns"]) == (3, 0, 0)
    ts = shipped(result, "machine_readings").sort("ts")["ts"].dt.convert_time_zone("Asia/Shanghai")
    assert ts.dt.to_string("%Y-%m-%d %H:%M").to_list() == ["2026-10-26 08:30", "2026-10-26 09:30", "2026-10-26 10:30"]


@pytest.mark.parametrize(("header", "rows", "extra"), [
    ("日期,时间", ["2026/10/1,上午8:00", "2026/10/1,下午2:00", "2026/10/1,晚上10:00"], {}),     # 12-hour clock
    ("日期,时间", ["2026-10-01,8时00分", "2026-10-01,14时00分", "2026-10-01,22时00分"], {}),
    ("日期,班次,时间", ["2026-10-01,早班,08:00", "2026-10-01,中班,14:00", "2026-10-01,夜班,22:00"],
     {"shifts": {"早班": "08:00", "中班": "16:00", "夜班": "00:00"}}),  # the clock beats the shift
])
def test_a_date_column_and_a_clock_column_in_any_form_join(tmp_path, header, rows, extra):
    """MES exports: every reading keeps its clock time; none is stamped at midnight and merged into one a day."""
    lines = [f"机台号,{header},车速(rpm)"] + [f"ZJ-02,{r},{600 + i}" for i, r in enumerate(rows)]
    manifest = write_manifest(tmp_path, "textiles", {"mes.csv": "\n".join(lines) + "\n"},
                              [{"path": "mes.csv", "table": "machine_readings", **extra}])
    result = build("textiles", manifest, tmp_path / "out")
    t = result.report["tables"]["machine_readings"]
    assert (t["rows_out"], t["rows_merged"], t["rows_quarantined"]) == (3, 0, 0)
    ts = shipped(result, "machine_readings").sort("ts")["ts"].dt.convert_time_zone("Asia/Shanghai")
    assert ts.dt.to_string("%H:%M").to_list() == ["08:00", "14:00", "22:00"]


JOINED_DATE_FORMS = ("20261026", "26.10.2026", "10/26/2026", "26/10/2026", "2026-10-26 星期一", "26-Oct-2026",
                     "2026-10-26", "2026/10/26", "2026.10.26", "2026年10月26日")


def test_every_date_form_the_timestamp_parser_reads_joins_with_a_clock_column(tmp_path):
    """Red team 12: `20261026`, `26.10.2026`, `10/26/2026`, `26/10/2026`, `2026-10-26 星期一`, `26-Oct-2026` beside a
    time column were left at midnight (time column unmapped, same-day readings merged as exact_duplicate); the join
    now takes every date the timestamp parser reads. A SAP screen (`;`, English headers) too. Negative: a totals
    row's date (`合计`) is no date and keeps its own value (summary_row)."""
    files = {f"e{i}.csv": f"机台号,日期,时间,状态\nE{i},{d},08:00,运行\nE{i},{d},09:00,运行\n"
             for i, d in enumerate(JOINED_DATE_FORMS)}
    files["e0.csv"] += "合计,,,\n"
    files["a.csv"] = "Machine;Date;Time;Status\nA1;26.10.2026;08:00:00;Running\nA1;26.10.2026;09:00:00;Running\n"
    manifest = write_manifest(tmp_path, "textiles", files,
                              [{"path": name, "table": "machine_readings"} for name in files])
    result = build("textiles", manifest, tmp_path / "out", keep_going=True)
    t = result.report["tables"]["machine_readings"]
    assert (t["rows_in"], t["rows_out"], t["rows_merged"], t["unmapped_columns"]) == (23, 22, 0, 0)
    assert t["quarantine_reasons"] == {"summary_row": 1}
    got = shipped(result, "machine_readings").sort("machine_id", "ts")
    local = got["ts"].dt.convert_time_zone("Asia/Shanghai").dt.to_string("%Y-%m-%d %H:%M").to_list()
    assert local == ["2026-10-26 08:00", "2026-10-26 09:00"] * 11
    assert_accounting_and_lineage(result, "machine_readings", manifest)


def test_an_ambiguous_date_beside_a_clock_takes_the_order_its_column_shows(tmp_path):
    """`05/03/2026` beside `26/10/2026` in a date column is day first (5 March), joined with its clock; in a column
    whose dates show no order it is no date: the row keeps `05/03/2026` alone and is invalid_ts, never a guess."""
    rows = "机台号,日期,时间,状态\nL-01,05/03/2026,08:00,运行\nL-01,26/10/2026,08:00,运行\n"
    result, _ = build_file(tmp_path, "textiles", "machine_readings", "dmy.csv", rows)
    got = shipped(result, "machine_readings").sort("ts")["ts"].dt.convert_time_zone("Asia/Shanghai")
    assert got.dt.to_string("%Y-%m-%d %H:%M").to_list() == ["2026-03-05 08:00", "2026-10-26 08:00"]
    bare = "机台号,日期,时间,状态\nL-01,05/03/2026,08:00,运行\nL-01,06/03/2026,09:00,运行\n"
    result, _ = build_file(tmp_path / "bare", "textiles", "machine_readings", "bare.csv", bare, keep_going=True)
    assert result.report["tables"]["machine_readings"]["quarantine_reasons"] == {"invalid_ts": 2}


def test_day_and_month_order_comes_from_the_source_or_its_manifest_entry(tmp_path):
    """A US export (month first) and a European one (day first) of the same products; `05/03/2026` is read
    in each source's own order, and a source with no telling date takes the manifest's `date_order`."""
    def export(rows: dict[str, str]) -> str:
        head = "货号,品名,类别,成分,克重,门幅,更新时间\n"
        return head + "".join(f"{sku},全棉府绸,坯布,100%棉,120g/m2,150cm,{ts}\n" for sku, ts in rows.items())

    bare = export({"TX-5": "05/03/2026", "TX-6": "06/03/2026"})
    files = {"us.csv": export({"TX-1": "10/26/2026 8:30 AM", "TX-2": "05/03/2026 2:00 PM"}),
             "eu.csv": export({"TX-3": "26/10/2026 08:30", "TX-4": "05/03/2026 14:00"}),
             "bare.csv": bare, "guess.csv": bare.replace("TX-", "TY-")}
    manifest = write_manifest(tmp_path, "textiles", files, [
        {"path": "us.csv", "table": "products"}, {"path": "eu.csv", "table": "products"},
        {"path": "bare.csv", "table": "products", "date_order": "DMY"}, {"path": "guess.csv", "table": "products"}])
    result = build("textiles", manifest, tmp_path / "out", keep_going=True)
    got = dict(shipped(result, "products").select("sku", pl.col("updated_at").dt.convert_time_zone("Asia/Shanghai")
                                                     .dt.strftime("%Y-%m-%d %H:%M")).rows())
    assert got == {"TX-1": "2026-10-26 08:30", "TX-2": "2026-05-03 14:00", "TX-3": "2026-10-26 08:30",
                   "TX-4": "2026-03-05 14:00", "TX-5": "2026-03-05 00:00", "TX-6": "2026-03-06 00:00"}
    # guess.csv says nothing about its order: its dates are invalid, not guessed
    assert result.report["tables"]["products"]["quarantine_reasons"] == {"invalid_updated_at": 2}
    assert_accounting_and_lineage(result, "products", manifest)


def test_values_merged_down_a_column_belong_to_every_row_they_span(tmp_path):
    """A hand-kept sheet: a title merged across the columns, the category merged down the rows of its group
    and styled empty cells around the table; a merge the table disagrees with is left alone."""
    import io

    import openpyxl
    from openpyxl.styles import Border, Side

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "产品"
    ws["B2"] = "某某纺织有限公司 产品清单"
    ws.merge_cells("B2:H2")
    ws.append([])
    rows = [("货号", "品名", "类别", "成分", "克重", "门幅", "更新时间"),
            ("TX-1", "全棉府绸", "坯布", "100%棉", "120", "150", "2026-10-01"),
            ("TX-2", "涤棉平布", None, "65%涤纶 35%棉", "110", "160", "2026-10-02"),
            ("TX-3", "全棉斜纹", None, "100%棉", "200", "150", "2026-10-03"),
            ("TX-4", "涤纶汗布", "面料", "100%涤纶", "150", "170", "2026-10-04"),
            ("TX-5", "涤纶网眼", None, "100%涤纶", "130", "170", "2026-10-05")]
    for r, row in enumerate(rows, start=4):
        for c, value in enumerate(row, start=2):
            if value is not None:
                ws.cell(row=r, column=c, value=value)
    ws.merge_cells("D5:D7")   # 坯布 for TX-1..TX-3
    ws.merge_cells("H8:H9")   # a merge over two filled cells: the table disagrees, nothing is filled
    ws["D9"].value = None
    ws["A1"].border = ws["J12"].border = Border(left=Side(style="thin"))
    buf = io.BytesIO()
    wb.save(buf)
    manifest = write_manifest(tmp_path, "textiles", {"products.xlsx": buf.getvalue()},
                              [{"path": "products.xlsx", "table": "products", "sheet": "产品"}])
    result = build("textiles", manifest, tmp_path / "out", keep_going=True)
    got = dict(shipped(result, "products").select("sku", "category").rows())
    assert got == {"TX-1": "greige_fabric", "TX-2": "greige_fabric", "TX-3": "greige_fabric",
                   "TX-4": "finished_fabric"}
    assert result.report["tables"]["products"]["quarantine_reasons"] == {"missing_category": 1}  # TX-5: no merge
    assert_accounting_and_lineage(result, "products", manifest)


def test_an_exports_own_underscore_headers_are_data_not_internal_columns(tmp_path):
    """A MongoDB dump: `_id` is reported as an unmapped column (`id`), `_sku` maps to sku; lineage stays whole."""
    lines = ['{"_id": {"$oid": "64f0c1"}, "_sku": "TX-1", "品名": "全棉府绸", "类别": "坯布", "成分": "100%棉", '
             '"克重": "120", "门幅": "150", "更新时间": "2026-10-01"}',
             '{"_id": {"$oid": "64f0c2"}, "_sku": "TX-2", "品名": "涤棉平布", "类别": "坯布", "成分": "100%棉", '
             '"克重": "110", "门幅": "160", "更新时间": "2026-10-02"}']
    result, manifest = build_file(tmp_path, "textiles", "products", "dump.jsonl", "\n".join(lines) + "\n")
    assert shipped(result, "products")["sku"].sort().to_list() == ["TX-1", "TX-2"]
    assert result.report["tables"]["products"]["unmapped_columns"] == 1
    build_json = (tmp_path / "out" / "internal" / "build.json").read_text(encoding="utf-8")
    assert '"id"' in build_json
    assert_accounting_and_lineage(result, "products", manifest)


def test_a_workbook_opening_on_a_notes_sheet_is_read_from_its_data_sheet(tmp_path):
    """No sheet named in the manifest: the sheet whose header names most fields is read, not the first one
    (a cover sheet `填表说明`); a hidden sheet with the same header loses to a visible one."""
    import io

    import openpyxl

    wb = openpyxl.Workbook()
    notes = wb.active
    notes.title = "填表说明"
    notes.append(["说明"])
    notes.append(["1. 货号必填"])
    hidden = wb.create_sheet("旧版")
    hidden.sheet_state = "hidden"
    data = wb.create_sheet("产品")
    for ws, sku in ((hidden, "OLD-1"), (data, "TX-1")):
        ws.append(["货号", "品名", "类别", "成分", "克重", "门幅", "更新时间"])
        ws.append([sku, "全棉府绸", "坯布", "100%棉", "120", "150", "2026-10-01"])
    buf = io.BytesIO()
    wb.save(buf)
    manifest = write_manifest(tmp_path, "textiles", {"products.xlsx": buf.getvalue()},
                              [{"path": "products.xlsx", "table": "products"}])
    result = build("textiles", manifest, tmp_path / "out")
    assert shipped(result, "products")["sku"].to_list() == ["TX-1"]
    assert_accounting_and_lineage(result, "products", manifest)


def test_a_big5_export_from_taiwan_builds_like_its_simplified_twin(tmp_path):
    rows = ["貨號,品名,類別,成分,克重,門幅,更新時間", "TX-1,全棉府綢,坯布,100%棉,120g/m2,150cm,2026-10-01",
            "TX-2,滌棉平紋布,面料,65%滌綸 35%棉,110g/m2,160cm,2026-10-02"]
    result, manifest = build_file(tmp_path, "textiles", "products", "tw.csv", "\r\n".join(rows).encode("cp950"))
    got = shipped(result, "products").sort("sku")
    assert got["name"].to_list() == ["全棉府绸", "涤棉平纹布"]
    assert got["category"].to_list() == ["greige_fabric", "finished_fabric"]
    assert_accounting_and_lineage(result, "products", manifest)


def test_totals_rows_are_quarantined_and_do_not_stop_the_date_and_time_join(tmp_path):
    """A shift report: date and time columns, a subtotal row per workshop and a grand total. The readings keep
    their hours (they collapsed to midnight and merged before), the totals are `summary_row`, not machines."""
    csv = ("日期,时间,机台号,状态,车速,产量(米)\n"
           "2026/10/26,08:00,L-01,运行,600,52.1\n2026/10/26,09:00,L-01,运行,605,53.0\n"
           "2026/10/26,10:00,L-01,停机,0,0\n2026/10/26,11:00,L-01,运行,598,51.8\n"
           "2026/10/26,11:00,一车间小计,,,156.9\n合计,,,,,156.9\n")
    result, manifest = build_file(tmp_path, "textiles", "machine_readings", "shift.csv", csv, keep_going=True)
    got = shipped(result, "machine_readings").sort("ts")
    assert got["ts"].dt.convert_time_zone("Asia/Shanghai").dt.hour().to_list() == [8, 9, 10, 11]
    table = result.report["tables"]["machine_readings"]
    assert table["rows_merged"] == 0 and table["quarantine_reasons"] == {"summary_row": 2}
    assert_accounting_and_lineage(result, "machine_readings", manifest)


def test_a_german_locale_screen_export_reads_its_decimal_commas(tmp_path):
    """`;`-separated with decimal commas: `420,000` rpm is 420; `86,250` kWh (no telling value in its own column)
    follows the rest of the file; a column with decimal points would keep its commas as thousands."""
    csv = ("机台号;采集时间;状态;车速(rpm);产量(m);能耗(kWh)\n"
           "L-01;26.10.2026 08:00:00;运行;420,000;312,500;86,250\n"
           "L-02;26.10.2026 08:00:00;运行;410,000;298,125;84,900\n"
           "L-03;26.10.2026 08:00:00;停机;0,000;0,000;12,300\n")
    result, manifest = build_file(tmp_path, "textiles", "machine_readings", "screen.csv", csv)
    got = shipped(result, "machine_readings").sort("machine_id").select("speed_rpm", "output_m", "energy_kwh").rows()
    assert got == [(420.0, 312.5, 86.25), (410.0, 298.125, 84.9), (0.0, 0.0, 12.3)]
    assert_accounting_and_lineage(result, "machine_readings", manifest)


def test_thousands_dots_in_a_decimal_comma_file_group_thousands_in_every_column(tmp_path):
    """Red team 12 (SAP, `;`): `1.250` rpm was published as 1.25 beside `1.250,5` m read 1250.5 and `1.100` 1100 in
    the same file; a dot before exactly three digits groups thousands in a decimal-comma file, in every column.
    Negative: `0.915` (a leading 0 groups nothing) and a file without decimal commas keep their decimal points."""
    csv = ("Machine;Date;Time;Status;Speed;Efficiency;Output;Energy;Breaks\n"
           "WL-01;26.10.2026;08:00:00;Running;1.250;0,915;1.250,5;86,250;3\n"
           "WL-02;26.10.2026;08:00:00;Running;1.180;0,88;980,0;80,5;2\n"
           "WL-03;26.10.2026;08:00:00;Stopped;0;0;0;0,000;0\n"
           "WL-04;26.10.2026;08:00:00;Running;650;0,9;1.100;75;1\n")
    result, manifest = build_file(tmp_path, "textiles", "machine_readings", "sap.csv", csv)
    got = shipped(result, "machine_readings").sort("machine_id")
    assert got["speed_rpm"].to_list() == [1250.0, 1180.0, 0.0, 650.0]
    assert got["output_m"].to_list() == [1250.5, 980.0, 0.0, 1100.0]
    assert got["energy_kwh"].to_list() == [86.25, 80.5, 0.0, 75.0]
    assert_accounting_and_lineage(result, "machine_readings", manifest)
    points = ("Machine;Time;Speed;Output;Energy\nWL-01;2026-10-26 08:00;1.250;0.915;12,5\n"
              "WL-02;2026-10-26 08:00;1.180;1.250;10,5\n")
    result, _ = build_file(tmp_path / "points", "textiles", "machine_readings", "p.csv", points)
    got = shipped(result, "machine_readings").sort("machine_id")
    assert (got["speed_rpm"].to_list(), got["output_m"].to_list()) == ([1250.0, 1180.0], [0.915, 1.25])
    plain = "Machine;Time;Speed;Energy\nWL-01;2026-10-26 08:00;1.250;86.5\n"
    result, _ = build_file(tmp_path / "plain", "textiles", "machine_readings", "q.csv", plain)
    assert shipped(result, "machine_readings")["speed_rpm"].to_list() == [1.25]


def test_widths_and_compositions_of_a_decimal_comma_export(tmp_path):
    """Red team 12: `148,5` and `1,45m` under `门幅(cm)` and `棉 52,5% 涤纶 47,5%` were quarantined (invalid_width_cm,
    invalid_fiber_composition) while `180,5` g/m² beside them was 180.5."""
    csv = ("货号;品名;类别;成分;克重;门幅(cm);更新时间\n"
           "W-1;布1;面料;100%棉;180,5;148,5;2026-10-20\n"
           "W-2;布2;面料;100%棉;200,0;150;2026-10-20\n"
           "W-3;布3;面料;100%棉;210,0;1,45m;2026-10-20\n"
           "D1;布;面料;棉 52,5% 涤纶 47,5%;180,5;150;2026-10-20\n")
    result, manifest = build_file(tmp_path, "textiles", "products", "dc.csv", csv)
    got = shipped(result, "products").sort("sku")
    assert got["width_cm"].to_list() == [150.0, 148.5, 150.0, 145.0]
    assert got["fabric_weight_gsm"].to_list() == [180.5, 180.5, 200.0, 210.0]
    assert [(d["fiber"], d["pct"]) for d in got["fiber_composition"][0]] == [("棉", 52.5), ("涤纶", 47.5)]
    assert result.report["tables"]["products"]["rows_quarantined"] == 0
    assert_accounting_and_lineage(result, "products", manifest)


def test_a_row_rejected_by_a_cross_table_rule_keeps_its_raw_values_in_quarantine(tmp_path):
    """unknown_sku is decided after parsing; the steward still reads the row as the enterprise wrote it."""
    styles = ("款号,品名,品类,面料成分,号型,安全类别,更新时间\n"
              "HZW-5101,女士真丝连衣裙,连衣裙,真丝100%,S(155/80A)/M(160/84A),B类,2026-03-13 08:54:00\n")
    inspections = ("检验单号,款号,检验时间,抽样数量,致命缺陷,主要缺陷,次要缺陷,AQL,判定\n"
                   "HZQ1,HZW-5101,2026/1/30 11:51,315,0,0,3,1.5,通过\n"
                   "HZQ2,HZW-9999,2026/4/9 11:33,125,0,0,1,1.5,合格\n")
    manifest = write_manifest(tmp_path, "apparel", {"styles.csv": styles, "qc.csv": inspections},
                              [{"path": "styles.csv", "table": "products"}, {"path": "qc.csv", "table": "inspections"}])
    result = build("apparel", manifest, tmp_path / "out", keep_going=True)
    q = pl.read_parquet(tmp_path / "out" / "internal" / "quarantine" / "inspections.parquet")
    assert q.select("_reason", "sku", "inspected_at", "result", "_source_row").rows() == [
        ("unknown_sku", "HZW-9999", "2026/4/9 11:33", "合格", 2)]
    assert_accounting_and_lineage(result, "inspections", manifest)


def test_a_workbook_with_a_sheet_per_month_needs_its_sheets_named(tmp_path):
    """Two visible sheets hold products: reading one and silently not the other would lose rows; the source is
    a one-line error (skipped with --keep-going), and naming the sheets builds both."""
    import io

    import openpyxl

    wb = openpyxl.Workbook()
    for n, title in enumerate(("9月", "10月")):
        ws = wb.active if n == 0 else wb.create_sheet(title)
        ws.title = title
        ws.append(["货号", "品名", "类别", "成分", "克重", "门幅", "更新时间"])
        ws.append([f"TX-{n}", "全棉府绸", "坯布", "100%棉", "120", "150", "2026-10-01"])
    buf = io.BytesIO()
    wb.save(buf)
    files = {"monthly.xlsx": buf.getvalue(), "other.csv": PRODUCTS_CSV}
    manifest = write_manifest(tmp_path, "textiles", files, [{"path": "monthly.xlsx", "table": "products"},
                                                            {"path": "other.csv", "table": "products"}])
    # the sheets by position, never by name: a sheet may be named after a person (red team round 44)
    with pytest.raises(SourceError,
                       match=r"raw/monthly\.xlsx: several sheets hold this table \(sheets number 1, 2 of 2\)"):
        build("textiles", manifest, tmp_path / "out")
    result = build("textiles", manifest, tmp_path / "out", keep_going=True)
    assert [s["reason"] for s in result.report["skipped_sources"]] == ["ambiguous_sheet"]
    named = write_manifest(tmp_path / "named", "textiles", files, [
        {"path": "monthly.xlsx", "table": "products", "sheet": "9月"},
        {"path": "monthly.xlsx", "table": "products", "sheet": "10月"}])
    result = build("textiles", named, tmp_path / "named" / "out")
    assert shipped(result, "products")["sku"].sort().to_list() == ["TX-0", "TX-1"]
    assert lineage(tmp_path / "named" / "out", "products").select("_source_sheet", "_source_row").rows() == [
        ("9月", 1), ("10月", 1)]   # one workbook, two sheets: the sheet tells the records apart
    assert_accounting_and_lineage(result, "products", named)


def test_a_shift_report_reads_its_shifts_from_the_manifest_or_says_it_cannot(tmp_path):
    """`日期` + `班次` (早班/中班/夜班) and no clock: with the manifest's shifts: each shift is its own reading; without
    it the rows are invalid_ts, not merged into one reading a day."""
    csv = ("日期,班次,机台号,状态,产量(米)\n" + "".join(
        f"2026-10-26,{s},L-01,运行,{100 + i}\n" for i, s in enumerate(("早班", "中班", "夜班"))))
    shifts = {"早班": "08:00", "中班": "16:00", "夜班": "00:00"}
    manifest = write_manifest(tmp_path, "textiles", {"shift.csv": csv},
                              [{"path": "shift.csv", "table": "machine_readings", "shifts": shifts}])
    result = build("textiles", manifest, tmp_path / "out")
    got = shipped(result, "machine_readings").sort("output_m")
    assert got["ts"].dt.convert_time_zone("Asia/Shanghai").dt.hour().to_list() == [8, 16, 0]
    assert result.report["tables"]["machine_readings"]["rows_merged"] == 0
    bare = write_manifest(tmp_path / "bare", "textiles", {"shift.csv": csv},
                          [{"path": "shift.csv", "table": "machine_readings"}])
    result = build("textiles", bare, tmp_path / "bare" / "out", keep_going=True)
    table = result.report["tables"]["machine_readings"]
    assert table["rows_merged"] == 0 and table["quarantine_reasons"] == {"invalid_ts": 3}
    assert_accounting_and_lineage(result, "machine_readings", bare)


def test_a_units_row_under_the_header_and_a_header_repeated_in_another_order(tmp_path):
    """A units row under a product header (`,,,,oz/yd2,inch,`) converts its columns (4 was published as 4 g/m²);
    a DCS export with a description row and a units row under the tag names; two exports concatenated by hand
    whose second header swaps 门幅 and 克重 (the widths were published as weights)."""
    manifest = write_manifest(tmp_path, "textiles", {
        "unitrow.csv": "货号,品名,类别,成分,克重,门幅,更新时间\n,,,,oz/yd2,inch,\n"
                       "K-001,全棉府绸,坯布,100%棉,4,58,2026-10-26\n",
        "concat.csv": "货号,品名,类别,成分,克重,门幅,更新时间\nC-001,全棉府绸,坯布,100%棉,120,150,2026-10-01\n"
                      "货号,品名,类别,成分,门幅,克重,更新时间\nC-003,人棉布,坯布,100%粘胶,145,130,2026-10-03\n",
    }, [{"path": p, "table": "products"} for p in ("unitrow.csv", "concat.csv")])
    result = build("textiles", manifest, tmp_path / "out")
    assert result.report["tables"]["products"]["rows_quarantined"] == 0
    rows = shipped(result, "products").sort("sku")
    assert rows["sku"].to_list() == ["C-001", "C-003", "K-001"]
    assert rows["fabric_weight_gsm"].to_list() == pytest.approx([120, 130, 4 * 33.906], rel=1e-3)
    assert rows["width_cm"].to_list() == pytest.approx([150, 145, 58 * 2.54])
    lin = lineage(tmp_path / "out", "products").sort("_source_file", "_source_row")
    assert lin.select("_source_file", "_source_row").rows() == [("raw/concat.csv", 1), ("raw/concat.csv", 3),
                                                                ("raw/unitrow.csv", 1)]
    assert_accounting_and_lineage(result, "products", manifest)

    manifest = write_manifest(tmp_path / "dcs", "chemicals", {
        "dcs.csv": "时间,装置,PI-101.PV,TI-101.PV,LI-101.PV\n,,反应器压力,反应器温度,反应器液位\n,,MPa,℉,%\n"
                   "2026-10-26 08:00,RX-1,2.7051,248.7,74.5\n"}, [{"path": "dcs.csv", "table": "process_readings"}])
    result = build("chemicals", manifest, tmp_path / "dcs" / "out")
    assert result.report["tables"]["process_readings"]["rows_quarantined"] == 0
    rows = shipped(result, "process_readings").sort("tag")
    assert rows.select("tag", "unit").rows() == [("reactor_level", "%"), ("reactor_pressure", "kPa"),
                                                 ("reactor_temperature", "degC")]
    assert rows["value"].to_list() == pytest.approx([74.5, 2705.1, (248.7 - 32) / 1.8])


def test_json_objects_whose_keys_name_fields(tmp_path):
    """An API export nests some fields in an object (`规格`); its keys read as columns, also filling a column
    that other lines hold at the top level. An object in a field of its own (a composition) stays one value."""
    spec = {"克重": "180g/m2", "门幅": "150cm"}
    lines = [{"货号": "J-1", "品名": "色织布", "类别": "面料", "成分": "100%棉", "规格": spec},
             {"货号": "J-2", "品名": "府绸", "类别": "面料", "成分": {"棉": 60, "涤纶": 40}, "克重": 140}]
    manifest = write_manifest(tmp_path, "textiles", {
        "api.jsonl": "\n".join(json.dumps(x, ensure_ascii=False) for x in lines) + "\n"},
        [{"path": "api.jsonl", "table": "products"}])
    result = build("textiles", manifest, tmp_path / "out")
    rows = shipped(result, "products").sort("sku")
    assert rows.select("sku", "fabric_weight_gsm", "width_cm").rows() == [("J-1", 180.0, 150.0), ("J-2", 140.0, None)]
    assert rows["fiber_composition"].to_list()[1] == [{"fiber": "棉", "pct": 60.0}, {"fiber": "涤纶", "pct": 40.0}]
    assert_accounting_and_lineage(result, "products", manifest)


def test_absolute_pressures_become_gauge(tmp_path):
    """Pressures are gauge kPa (STANDARD.md section 4); an absolute reading (`MPa(A)`, `kPaA`, `psia`) is one
    standard atmosphere above it. They were quarantined, under two different reasons."""
    manifest = write_manifest(tmp_path, "chemicals", {
        "abs.csv": "装置,位号,采集时间,数值,单位\nR-1,反应器压力,2026-10-26 08:00:00,2.8064,MPa(A)\n"
                   "R-1,汽提塔压力,2026-10-26 08:00:00,411.8,kPaA\nR-1,分离器压力,2026-10-26 08:00:00,2.8,MPa(绝)\n"
                   "R-2,反应器压力,2026-10-26 08:00:00,406.9,psia\nR-2,汽提塔压力,2026-10-26 08:00:00,2705,kPaG\n"},
        [{"path": "abs.csv", "table": "process_readings"}])
    result = build("chemicals", manifest, tmp_path / "out")
    assert result.report["tables"]["process_readings"]["rows_quarantined"] == 0
    rows = shipped(result, "process_readings").sort("unit_id", "tag")
    assert rows["value"].to_list() == pytest.approx([2806.4 - 101.325, 2800 - 101.325, 411.8 - 101.325,
                                                     406.9 * 6.894757 - 101.325, 2705], rel=1e-6)
    assert rows["unit"].unique().to_list() == ["kPa"]


def test_a_dcs_export_with_sentinels_and_units_in_nested_brackets(tmp_path):
    """A GBK wide DCS export: `-9999` is the historian's "no data" (it was published as -9999 degC and, from
    MPa, -9,999,000 kPa); `(MPa(G))` and `(kPa(A))` headers were unmapped (their readings never read); a reading
    below a perfect vacuum or absolute zero is quarantined by name."""
    csv = ("时间,装置,反应釜压力(兆帕),反应釜温度(摄氏度),A进料流量(千克/小时),分离器压力(MPa(G)),汽提塔压力(kPa(A))\n"
           "2026-10-26 08:00,R-201,2.705,120.4,3650,2.55,3200\n"
           "2026-10-26 08:05,R-201,-9999,-9999,-9999,2.56,3201\n"
           "2026-10-26 08:10,R-201,-0.2,-300,9.9E+37,2.57,3202\n")
    manifest = write_manifest(tmp_path, "chemicals", {"dcs.csv": csv.encode("gbk")},
                              [{"path": "dcs.csv", "table": "process_readings"}])
    result = build("chemicals", manifest, tmp_path / "out", keep_going=True)
    t = result.report["tables"]["process_readings"]
    assert (t["rows_in"], t["unmapped_columns"]) == (15, 0)
    assert t["quarantine_reasons"] == {"invalid_value": 4, "value_below_physical_limit": 2}
    rows = shipped(result, "process_readings")
    assert rows["value"].min() > -101.325 and rows["value"].max() < 1e6
    assert sorted(rows.filter(pl.col("tag") == "separator_pressure")["value"].to_list()) == pytest.approx(
        [2550, 2560, 2570])
    assert sorted(rows.filter(pl.col("tag") == "stripper_pressure")["value"].to_list()) == pytest.approx(
        [3200 - 101.325, 3201 - 101.325, 3202 - 101.325])
    assert_accounting_and_lineage(result, "process_readings", manifest, melted=True)


def test_one_row_per_size_of_a_style_is_one_product_in_all_its_sizes(tmp_path):
    """An e-commerce export lists a style once per size; the product is offered in every size of its latest
    version (the sizes of an older upload are not). The other rows are merged as `variant_merged`."""
    styles = ("款号,品名,品类,面料成分,号型,安全类别,更新时间\n"
              "HZ-1,女士衬衫,衬衫,100%棉,155/80A,B类,2026-03-01 08:00\n"
              "HZ-1,女士衬衫,衬衫,100%棉,160/84A,B类,2026-03-13 08:54\n"
              "HZ-1,女士衬衫,衬衫,100%棉,165/88A,B类,2026-03-13 08:54\n"
              "HZ-1,女士衬衫,衬衫,100%棉,160/84A,B类,2026-03-13 08:54\n"
              "HZ-1,女士衬衫,衬衫,100%棉,170/92A,B类,2026-03-13 08:54\n"
              "HZ-2,男士T恤,T恤,100%棉,170/88A,B类,2026-03-13 08:54\n")
    manifest = write_manifest(tmp_path, "apparel", {"shop.csv": styles}, [{"path": "shop.csv", "table": "products"}])
    result = build("apparel", manifest, tmp_path / "out")
    rows = shipped(result, "products").sort("sku")
    assert rows.select("sku", "sizes").rows() == [("HZ-1", ["160/84A", "165/88A", "170/92A"]), ("HZ-2", ["170/88A"])]
    lin = lineage(tmp_path / "out", "products").sort("_source_row")
    assert lin["_reason"].to_list() == [
        "superseded_version", "variant_merged", "variant_merged", "variant_merged", None, None]
    assert result.report["tables"]["products"]["rows_merged"] == 4
    assert result.report["tables"]["products"]["duplicates"] == {
        "exact_duplicates": 0, "conflicting_versions": 1, "variant_rows": 3}
    assert_accounting_and_lineage(result, "products", manifest)


def test_a_style_priced_per_size_costs_its_lowest_price(tmp_path):
    """Rows of one version differing in size and price are variants of one listing: its price is the lowest (as a
    price range `¥129-139` is); they were superseded versions, the product priced as its last row."""
    styles = ("款号,品名,品类,面料成分,号型,安全类别,价格,更新时间\n"
              "TB-1,女士T恤,T恤,100%棉,155/80A,B类,129.00,2026-10-01 10:00\n"
              "TB-1,女士T恤,T恤,100%棉,170/92A,B类,139.00,2026-10-01 10:00\n"
              "TB-2,男士休闲裤,休闲裤,100%棉,170/76A,B类,159,2026-09-01 10:00\n"
              "TB-2,男士休闲裤,休闲裤,100%棉,175/80A,B类,149,2026-10-03 10:00\n")
    manifest = write_manifest(tmp_path, "apparel", {"shop.csv": styles}, [{"path": "shop.csv", "table": "products"}])
    result = build("apparel", manifest, tmp_path / "out", profile="internal")
    rows = shipped(result, "products").sort("sku")
    assert rows.select("sku", "sizes", "unit_price_cny").rows() == [
        ("TB-1", ["155/80A", "170/92A"], 129.0), ("TB-2", ["175/80A"], 149.0)]  # TB-2: a newer version's price
    lin = lineage(tmp_path / "out", "products").sort("_source_row")
    assert lin["_reason"].to_list() == ["variant_merged", None, "superseded_version", None]


def test_a_header_spelled_as_the_field_after_an_alias_of_it(tmp_path):
    """`款号,sku` (the alias first) crashed the build with a duplicate column; JSON Lines whose lines spell the
    key `物料编码` or `sku` fill one field, and two such columns holding values on one row keep the first."""
    manifest = write_manifest(tmp_path, "apparel", {
        "g.csv": "款号,sku,品名,品类,面料成分,安全类别\nK1,K1,女士衬衫,衬衫,100%棉,B类\n",
        "d.jsonl": '{"款号":"F01","品名":"衬衫","品类":"衬衫","面料成分":"100%棉","安全类别":"B类"}\n'
                   '{"sku":"F03","品名":"T恤","品类":"T恤","面料成分":"100%棉","安全类别":"B类"}\n'},
        [{"path": "g.csv", "table": "products"}, {"path": "d.jsonl", "table": "products"}])
    result = build("apparel", manifest, tmp_path / "out")
    assert sorted(shipped(result, "products")["sku"].to_list()) == ["F01", "F03", "K1"]
    assert_accounting_and_lineage(result, "products", manifest)


def test_personal_information_and_credit_codes_inside_codes_are_masked(tmp_path):
    """A phone as a sku, an operator's name in a run id, the enterprise's credit code in a batch number: codes are
    published, so they are scrubbed too; a masked code keeps a keyed suffix, so an inspection still names its
    product and two codes stay two."""
    eid = TEXTILES_EID
    styles = ("款号,品名,品类,面料成分,号型,安全类别\n13857412368,女士衬衫,衬衫,100%棉,160/84A,B类\n"
              f"{eid}-03,男士T恤,T恤,100%棉,170/88A,B类\n13912345678,童装T恤,T恤,100%棉,110/56,B类\n")
    inspections = ("检验单号,款号,批号,检验时间,抽样数量,致命缺陷,主要缺陷,次要缺陷,AQL,判定,检验员\n"
                   f"QC13812345678,13857412368,B-{eid},2026/1/30 11:51,80,0,0,1,2.5,合格,徐文斌\n"
                   f"QC2,{eid}-03,徐文斌-夜班,2026/1/30 12:51,80,0,0,1,2.5,合格,徐文斌\n")
    manifest = write_manifest(tmp_path, "apparel", {"styles.csv": styles, "qc.csv": inspections},
                              [{"path": "styles.csv", "table": "products"}, {"path": "qc.csv", "table": "inspections"}])
    result = build("apparel", manifest, tmp_path / "out")
    products, qc = shipped(result, "products"), shipped(result, "inspections")
    assert products["sku"].n_unique() == 3 and qc.height == 2
    assert set(qc["sku"].to_list()) <= set(products["sku"].to_list())
    published = " ".join(str(v) for frame in (products, qc) for row in frame.rows() for v in row)
    for secret in ("13857412368", "13812345678", "13912345678", eid, "徐文斌"):
        assert secret not in published
    assert sorted(qc["batch_no"].str.replace(r"-[0-9A-F]{8}$", "").to_list()) == ["B-USCC", "NAME-夜班"]
    assert result.report["tables"]["products"]["pii_findings"]["sku"] == {"phone": 2, "uscc": 1}
    for table in ("products", "inspections"):  # masked codes still fit the suites' code patterns (the gate)
        assert result.report["tables"][table]["expectations"]["failed_critical"] == 0


def test_a_recipe_inside_a_json_remark_never_ships(tmp_path):
    """`备注: {"配方": ..., "用途": ...}` of an API export: the formulation (core data) left the build inside the
    description. Keys naming other fields leave the text; the rest of it stays."""
    remark = {"配方": "甲醇60%+乙醇30%", "用途": "清洗剂"}
    lines = [{"物料编码": "F01", "品名": "复配溶剂A", "CAS号": "67-56-1", "备注": remark},
             {"物料编码": "F02", "品名": "复配溶剂B", "CAS号": "67-56-1", "备注": "桶装"},
             {"物料编码": "F05", "品名": "复配溶剂E", "CAS号": "67-56-1", "英文名称": {"配方": "MeOH 80 / H2O 20"}},
             {"物料编码": "F06", "品名": "复配溶剂F", "CAS号": "67-56-1", "备注": "{见附件}"},   # not JSON
             {"物料编码": "F07", "品名": "复配溶剂G", "CAS号": "67-56-1",
              "备注": {"配方": ["甲醇60%", "水40%"], "危险说明": ["H225", "H301"]}},        # lists in the object
             {"物料编码": "F08", "品名": "复配溶剂H", "CAS号": "67-56-1",
              "附加信息": {"含量": "99.5%", "包装": ["桶"]}}]
    manifest = write_manifest(tmp_path, "chemicals", {
        "api.jsonl": "\n".join(json.dumps(x, ensure_ascii=False) for x in lines) + "\n"},
        [{"path": "api.jsonl", "table": "products"}])
    result = build("chemicals", manifest, tmp_path / "out", keep_going=True)
    rows = shipped(result, "products").sort("sku")
    assert rows.select("sku", "description").rows() == [
        ("F01", '{"用途":"清洗剂"}'), ("F02", "桶装"), ("F05", None), ("F06", "{见附件}"), ("F07", None), ("F08", None)]
    assert rows.filter(pl.col("sku") == "F07")["ghs_hazard_codes"].to_list() == [["H225", "H301"]]
    assert rows.filter(pl.col("sku") == "F08")["purity_pct"].to_list() == [99.5]
    for path in (tmp_path / "out" / "release").rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            assert "甲醇60%".encode() not in data and b"MeOH 80" not in data, path


def test_a_recipe_written_into_a_plain_description_never_ships(tmp_path):
    """A remark labelled with a core field's name (`本品配方：...`, `配比：`, `Recipe:`) is core data up to the end
    of its sentence; the rest of the remark ships (contact names masked as always)."""
    csv = ("物料编码,品名,CAS号,备注\n"
           "HX-1,防冻液,107-21-1,本品配方：乙二醇60%、水38%、缓蚀剂2%。联系人：李明\n"
           "HX-2,甘油溶液,56-81-5,配比：甘油99.5%，水0.5%\n"
           "HX-3,清洗剂,67-56-1,Recipe: MeOH 60 / EtOH 40; 200L drums\n"
           "HX-4,乙醇,64-17-5,无配方信息，桶装;单价：13560元/吨\n")
    result, _ = build_file(tmp_path, "chemicals", "products", "cat.csv", csv)
    rows = shipped(result, "products").sort("sku")
    assert rows["description"].to_list() == ["本品配方:[CORE]。联系人:[NAME]", "配比:[CORE]",
                                             "Recipe:[CORE]; 200L drums", "无配方信息,桶装;单价:[IMPORTANT]"]
    findings = result.report["tables"]["products"]["pii_findings"]["description"]
    assert (findings["core_labelled"], findings["important_labelled"]) == (3, 1)  # a price is withheld in public
    for path in (tmp_path / "out" / "release").rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            assert "乙二醇60%".encode() not in data and "甘油99.5%".encode() not in data and b"MeOH 60" not in data


def test_control_characters_are_no_part_of_a_value(tmp_path):
    """A NUL byte inside a sku (`NU\\x002`, a broken export) failed the sku expectation and so the whole release's
    gate; control characters are removed like zero-width ones."""
    result, _ = build_file(tmp_path, "textiles", "products", "nul.csv",
                           "货号,品名,类别,成分,克重\nNU\x002,全棉\x00府绸,坯布,100%棉,120\n"
                           "OK-1,涤棉布,坯布,65%涤纶 35%棉,110\n")
    rows = shipped(result, "products").sort("sku")
    assert rows.select("sku", "name").rows() == [("NU2", "全棉府绸"), ("OK-1", "涤棉布")]
    assert result.passed


def test_a_wide_export_with_a_quality_column_per_tag(tmp_path):
    """`Reactor Pressure Quality`, `Reactor Temperature.Q` beside their tags: each reading takes its own tag's
    flag (the flag column was read as a second pressure reading, 'Good' an invalid value, and the Bad flag lost)."""
    manifest = write_manifest(tmp_path, "chemicals", {"wide.csv": (
        "Timestamp,Process Unit,Reactor Pressure (kPa),Reactor Pressure Quality,Reactor Temperature (degC),"
        "Reactor Temperature.Q\n2026-10-28 08:00:00,RX1,2705.1,Good,120.4,Good\n"
        "2026-10-28 08:06:00,RX1,2705.3,Bad,120.5,Uncertain\n")}, [{"path": "wide.csv", "table": "process_readings"}])
    result = build("chemicals", manifest, tmp_path / "out")
    assert result.report["tables"]["process_readings"]["rows_in"] == 4
    rows = shipped(result, "process_readings").sort("ts", "tag")
    assert rows.select("tag", "value", "quality").rows() == [
        ("reactor_pressure", 2705.1, "good"), ("reactor_temperature", 120.4, "good"),
        ("reactor_pressure", 2705.3, "bad"), ("reactor_temperature", 120.5, "uncertain")]
    assert_accounting_and_lineage(result, "process_readings", manifest, melted=True)


def test_a_units_row_and_a_repeated_header_together_and_a_sparse_first_record(tmp_path):
    """The repeat is found by the header's own names before the units join them (it stayed a record and swapped
    a width into a weight); a first record holding only a size (`M`) is a record, not a units row."""
    result, _ = build_file(tmp_path, "textiles", "products", "both.csv",
                                  "货号,品名,类别,成分,克重,门幅\n,,,,oz/yd2,inch\nA1,全棉府绸,坯布,100%棉,4,58\n"
                                  "货号,品名,类别,成分,门幅,克重\nA2,涤棉布,坯布,100%棉,60,5\n")
    rows = shipped(result, "products").sort("sku")
    assert rows["width_cm"].to_list() == pytest.approx([58 * 2.54, 60 * 2.54])
    assert rows["fabric_weight_gsm"].to_list() == pytest.approx([4 * 33.906, 5 * 33.906], rel=1e-3)
    from indset.header_rows import with_units_row
    from indset.standard import load_standard
    from indset.units import known_unit

    raw = pl.DataFrame({"款号": [None, "A1"], "品名": [None, "T恤"], "尺码": ["M", "L"], "_source_row": [1, 2]})
    assert with_units_row(raw, lambda w: known_unit(load_standard("apparel"), w)).equals(raw)


def test_a_units_row_of_chinese_unit_characters(tmp_path):
    """`,,,,支,克,寸` and `码`, `度` under an MES header: one Chinese character is a unit (only one Latin letter is a
    size or a class); the values were published unconverted and the units row quarantined."""
    result, _ = build_file(tmp_path, "textiles", "products", "a.csv",
                           "货号,品名,类别,成分,纱支,克重,门幅\n,,,,支,克,寸\nK1,全棉府绸,坯布,100%棉,40,120,58\n")
    rows = shipped(result, "products")
    assert rows.select("yarn_count_tex", "fabric_weight_gsm", "width_cm").rows() == [
        pytest.approx((590.54 / 40, 120.0, 58 * 2.54))]
    assert result.report["tables"]["products"]["rows_quarantined"] == 0


def test_a_mills_unitless_width_pairs_and_yarn_counts_with_their_process_words(tmp_path):
    """Red team round 41: `门幅` `57/58` (no unit anywhere) was published as 57 cm, and yarn counts with a process or
    fibre word around them (`精梳40支`, `30S竹节`, `100%棉 40S`), a nylon letter (`N70D/24F`) or a raw silk's denier
    range (`20/22D`) quarantined their products."""
    content = ("货号,品名,类别,成分,纱支,克重(g/m2),门幅,组织\n"
               "P-01,全棉府绸,面料,100%棉,40S*40S,120,57/58,平纹\n"
               "P-02,涤棉卡其,面料,T/C 65/35,21S,240,58/60,斜纹\n"
               "P-03,纯棉细布,坯布,100%棉,30S,130,44/45,平纹\n"
               "P-04,纯棉平布,坯布,100%棉,30S,130,150,平纹\n"
               "Y-01,精梳棉纱,纱线,100%棉,精梳40支,,,\n"
               "Y-02,紧密纺纱,纱线,100%棉,紧密纺JC40S,,,\n"
               "Y-03,桑蚕丝,纱线,100%桑蚕丝,20/22D,,,\n"
               "Y-04,锦纶丝,纱线,100%锦纶,N70D/24F,,,\n"
               "Y-05,竹节纱,纱线,100%棉,30S竹节,,,\n"
               "Y-06,赛络纺纱,纱线,100%棉,赛络纺40S,,,\n"
               "Y-07,有机棉纱,纱线,100%棉,32S有机棉,,,\n"
               "Y-08,棉涤纱,纱线,60%棉 40%涤纶,C/T 60/40 45S,,,\n"
               "Y-09,棉纱,纱线,100%棉,100%棉 40S,,,\n")
    result, manifest = build_file(tmp_path, "textiles", "products", "products.csv", content)
    assert result.report["tables"]["products"]["rows_quarantined"] == 0
    rows = {r["sku"]: r for r in shipped(result, "products").iter_rows(named=True)}
    ne = 590.54
    assert [rows[s]["width_cm"] for s in ("P-01", "P-02", "P-03", "P-04")] == pytest.approx(
        [57 * 2.54, 58 * 2.54, 44 * 2.54, 150.0])
    assert [rows[f"Y-0{i}"]["yarn_count_tex"] for i in range(1, 10)] == pytest.approx(
        [ne / 40, ne / 40, 21 / 9, 70 / 9, ne / 30, ne / 40, ne / 32, ne / 45, ne / 40], rel=1e-5)
    assert_accounting_and_lineage(result, "products", manifest)


@pytest.mark.parametrize("header", ["门幅(inch)", "Width (inch)"])
def test_widths_under_an_inch_header_and_with_a_rolls_length(tmp_path, header):
    """Red team (parsing), item 1: a bare `150` under `门幅(inch)` / `Width (inch)` was published as 381 cm; no width
    is quoted in inches so wide (out_of_range_width_cm, named; never read as 150 cm). `150cm×50m` (width x roll
    length) was invalid_width_cm: 150 cm. `150*2` and `75cm双幅` stay invalid (no width for sure); 58 and 120
    inches stay widths."""
    content = (f"货号,品名,类别,成分,克重,{header}\n"
               "P-01,布1,面料,100%棉,120,150\nP-02,布2,面料,100%棉,120,58\nP-03,布3,面料,100%棉,120,150cm×50m\n"
               "P-04,布4,面料,100%棉,120,150*2\nP-05,布5,面料,100%棉,120,75cm双幅\nP-06,布6,面料,100%棉,120,120\n")
    result, manifest = build_file(tmp_path, "textiles", "products", "products.csv", content)
    rows = {r["sku"]: r["width_cm"] for r in shipped(result, "products").iter_rows(named=True)}
    assert rows == {"P-02": pytest.approx(58 * 2.54), "P-03": 150.0, "P-06": pytest.approx(120 * 2.54)}
    quarantine = pl.read_parquet(tmp_path / "out" / "internal" / "quarantine" / "products.parquet")
    assert quarantine.select("sku", "_reason").sort("sku").rows() == [
        ("P-01", "out_of_range_width_cm"), ("P-04", "invalid_width_cm"), ("P-05", "invalid_width_cm")]
    assert_accounting_and_lineage(result, "products", manifest)


def test_mes_and_iot_words_for_statuses_machines_and_units(tmp_path):
    """Red team round 41: an MES export's statuses (`运转中`, `停台`, `平揩车`, `等纱`), machine types with a maker in
    front (`丰田喷气织机`) and unit words (`120Y`, `1.2千米`, `650转/min`), and an IoT export's `runState` and
    `output(千米)` keys, were invalid values or unmapped columns."""
    manifest = write_manifest(tmp_path, "textiles", {
        "mes.csv": "设备编号,设备类型,采集时间,设备状态,车速,产量,能耗\n"
                   "M01,丰田喷气织机,2026-10-01 08:00:00,运转中,650转/min,120Y,12度\n"
                   "M02,津田驹喷气织机,2026-10-01 08:01:00,停台,650r/min,1.2千米,12度\n"
                   "M03,必佳乐剑杆织机,2026-10-01 08:02:00,保全,420rpm,120码,12度\n"
                   "M04,喷气织机,2026-10-01 08:03:00,平揩车,650 r/m,120米,12度\n"
                   "M05,剑杆织机,2026-10-01 08:04:00,计划停机,420rpm,120米,12度\n"
                   "M06,针织大圆机,2026-10-01 08:05:00,故障中,28rpm,120米,12度\n"
                   "M07,经编,2026-10-01 08:06:00,等纱,1200rpm,120米,12度\n"
                   "M08,喷气织机,2026-10-01 08:07:00,修机,650纬/分钟,120米,12度\n"
                   "M09,倍捻,2026-10-01 08:08:00,维保,9000rpm,120米,12度\n",
        "iot.csv": "deviceId,deviceType,collectTime,runState,spindleSpeed,output(千米)\n"
                   "RJ01,剑杆织机,2026-10-01 08:00:00,RUN,420,0.1\n"
                   "RJ02,剑杆织机,2026-10-01 08:00:00,MAINT,0,0.2\n",
    }, [{"path": "mes.csv", "table": "machine_readings"}, {"path": "iot.csv", "table": "machine_readings"}])
    result = build("textiles", manifest, tmp_path / "out")
    table = result.report["tables"]["machine_readings"]
    assert table["rows_quarantined"] == 0 and table["unmapped_columns"] == 0
    rows = shipped(result, "machine_readings").sort("machine_id")
    assert rows.select("machine_id", "machine_type", "status", "speed_rpm").rows() == [
        ("M01", "loom", "running", 650.0), ("M02", "loom", "down", 650.0), ("M03", "loom", "maintenance", 420.0),
        ("M04", "loom", "maintenance", 650.0), ("M05", "loom", "idle", 420.0),
        ("M06", "knitting_machine", "down", 28.0), ("M07", "knitting_machine", "idle", 1200.0),
        ("M08", "loom", "maintenance", 650.0), ("M09", "spinning_frame", "maintenance", 9000.0),
        ("RJ01", "loom", "running", 420.0), ("RJ02", "loom", "maintenance", 0.0)]
    assert rows["output_m"].to_list() == pytest.approx([109.728, 1200, 109.728, 120, 120, 120, 120, 120, 120, 100, 200])
    assert_accounting_and_lineage(result, "machine_readings", manifest)


def test_an_sds_extract_keeps_the_mixture_composition_out_and_names_from_objects(tmp_path):
    """Red team (sds_extract.jsonl): a composition under a JSON `Remarks` key or labelled `Composition:` in text was
    published in the description (formulation: CORE); a name inside `"Product identifier": {"name": ...}` shipped as
    `{"name":"Isopropanol"}`; EUH066 failed the suite's critical hazard regex."""
    lines = [
        {"Product identifier": {"name": "Ethyl acetate", "product code": "SDS-01"}, "CAS": "141-78-6",
         "Formula": "CH3COOC2H5", "MW": {"value": 88.11, "unit": "g/mol"}, "Purity": {"pct": 99.5},
         "Hazards": ["H225", "H319", "H336", "EUH066"], "UN": "UN1173",
         "Composition": "Ethyl acetate 99.5%, ethanol 0.3%, water 0.2%",
         "Remarks": {"use": "solvent", "composition": "ethyl acetate 99.5%, ethanol 0.3%, acetic acid 0.2%"},
         "Revision date": "2026-10-12T10:00:00+08:00"},
        {"Product identifier": {"name": "Cleaning blend X", "product code": "SDS-02"}, "CAS": "67-63-0",
         "Formula": "Mixture", "Purity": {"pct": 100}, "Hazards": "H225, H319", "UN": "UN 1993",
         "Remarks": {"use": "degreaser", "ingredients": "isopropanol 60-70%, ethanol 20-30%, d-limonene 5-10%"},
         "Revision date": "2026-10-12T10:00:00+08:00"},
        {"Product identifier": {"name": "Isopropanol", "product code": "SDS-03"}, "CAS": "67-63-0",
         "Formula": "C3H8O", "MW": {"value": 60.1, "unit": "g/mol"}, "Purity": {"pct": 99.8},
         "Hazards": ["H225", "H319", "H336"], "UN": "UN1219", "Remarks": "Composition: isopropanol 99.8%, water 0.2%",
         "Revision date": "2026-10-12T10:00:00Z"},
        {"Product identifier": {"name": "Glucose", "product code": "SDS-04"}, "CAS": "50-99-7", "Formula": "C6H12O6",
         "MW": {"value": 180.16, "unit": "g/mol"}, "Purity": "≥99.5% (HPLC)",
         "Hazards": "Not a hazardous substance or mixture", "UN": "Not regulated",
         "Remarks": {"use": "food", "recipe": "secret"}, "Revision date": "2026-10-12"},
        {"Product identifier": {"name": "Ethanol", "product code": "SDS-05"}, "CAS": "64-17-5", "Formula": "C2H6O",
         "Hazards": "H225", "Remarks": "成分：乙醇95%，水5%。用于清洗", "Revision date": "2026-10-12"},
    ]
    manifest = write_manifest(tmp_path, "chemicals", {
        "sds.jsonl": "\n".join(json.dumps(x, ensure_ascii=False) for x in lines) + "\n"},
        [{"path": "sds.jsonl", "table": "products"}])
    result = build("chemicals", manifest, tmp_path / "out", keep_going=True)
    rows = shipped(result, "products").sort("sku")
    assert rows.select("sku", "name", "description").rows() == [
        ("SDS-01", "Ethyl acetate", '{"use":"solvent"}'), ("SDS-02", "Cleaning blend X", '{"use":"degreaser"}'),
        ("SDS-03", "Isopropanol", "Composition:[CORE]"), ("SDS-04", "Glucose", '{"use":"food"}'),
        ("SDS-05", "Ethanol", "成分:[CORE]。用于清洗")]
    assert rows["ghs_hazard_codes"].to_list() == [["EUH066", "H225", "H319", "H336"], ["H225", "H319"],
                                                  ["H225", "H319", "H336"], [], ["H225"]]
    assert rows["updated_at"].null_count() == 0          # `Revision date` is the last update
    assert result.report["tables"]["products"]["expectations"]["failed_critical"] == 0
    assert result.report["tables"]["products"]["rows_quarantined"] == 0
    for path in (tmp_path / "out" / "release").rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            for secret in (b"acetic acid 0.2%", b"d-limonene", b"water 0.2%", b"secret", "乙醇95%".encode()):
                assert secret not in data, (path, secret)


def test_a_textile_composition_is_still_the_published_fibre_content(tmp_path):
    """The SDS words for a mixture's composition are the chemicals standard's: a textile's `composition` ships."""
    csv = "sku,name,category,composition,weight,width\nTX-1,Poplin,greige,100% cotton,120g/m2,150cm\n"
    result, _ = build_file(tmp_path, "textiles", "products", "p.csv", csv)
    assert shipped(result, "products")["fiber_composition"].to_list() == [[{"fiber": "棉", "pct": 100.0}]]


def test_historian_exports_with_tons_boolean_flags_a_uom_column_and_nested_objects(tmp_path):
    """Red team: ton/h went through pint's US short ton (0.235 -> 213.19 kg/h); a bool quality flag was
    invalid_quality; `Unit` (R-101) beside `UOM` took the unit field (every row missing_unit_id); nested JSON Lines
    readings (`reading: {tag, value, unit}`, `value: {value, unit}`, `value: {pct}`, `quality: {code, text}`) were
    missing_tag / missing_unit / invalid_quality."""
    long = pl.DataFrame({
        "Unit": ["R-101"] * 4, "Tag Name": ["Stripper Steam Flow", "Stripper Steam Flow", "Reactor Pressure",
                                           "Reactor Temperature"],
        "Timestamp": ["2026-10-26 08:00:00", "2026-10-26 08:01:00", "2026-10-26 08:00:00", "2026-10-26 08:00:00"],
        "Value": [0.235, 0.235, 391.6, 250.5], "UOM": ["ton/h", "t/h", "psig", "degF"],
        "Quality": [True, True, True, False]})
    buf = __import__("io").BytesIO()
    long.write_parquet(buf)
    wide = "Time,Unit,Stripper Steam Flow (tons/h)\n2026-10-26 08:00:00,R-201,0.23\n"
    nested = [
        {"ts": "2026-10-26T08:00:00+08:00", "unit_id": "R-401",
         "reading": {"tag": "Reactor Pressure", "value": 2.8, "unit": "MPa(a)"}},
        {"ts": "2026-10-26T08:00:00+08:00", "unit_id": "R-401", "tag": "Stripper Steam Flow",
         "value": {"value": 0.235, "unit": "ton/h"}},
        {"ts": "2026-10-26T08:00:00+08:00", "unit_id": "R-401", "tag": "Reactor Level", "value": {"pct": 75.5}},
        {"ts": "2026-10-26T08:00:00+08:00", "unit_id": "R-401", "tag": "reactor_temperature", "value": 120.0,
         "unit": "C", "quality": {"code": 192, "text": "Good"}},
    ]
    manifest = write_manifest(tmp_path, "chemicals", {
        "long.parquet": buf.getvalue(), "wide.csv": wide,
        "nested.jsonl": "\n".join(json.dumps(x) for x in nested) + "\n"},
        [{"path": "long.parquet", "table": "process_readings"}, {"path": "wide.csv", "table": "process_readings"},
         {"path": "nested.jsonl", "table": "process_readings"}])
    result = build("chemicals", manifest, tmp_path / "out", keep_going=True)
    assert result.report["tables"]["process_readings"]["rows_quarantined"] == 0
    rows = shipped(result, "process_readings").sort("unit_id", "tag", "ts")
    assert rows.select("unit_id", "tag", "value", "unit", "quality").rows() == [
        ("R-101", "reactor_pressure", pytest.approx(2699.987, abs=1e-3), "kPa", "good"),
        ("R-101", "reactor_temperature", pytest.approx(121.3889, abs=1e-3), "degC", "bad"),
        ("R-101", "stripper_steam_flow", pytest.approx(235.0), "kg/h", "good"),
        ("R-101", "stripper_steam_flow", pytest.approx(235.0), "kg/h", "good"),
        ("R-201", "stripper_steam_flow", pytest.approx(230.0), "kg/h", None),
        ("R-401", "reactor_level", pytest.approx(75.5), "%", None),
        ("R-401", "reactor_pressure", pytest.approx(2698.675), "kPa", None),
        ("R-401", "reactor_temperature", pytest.approx(120.0), "degC", "good"),
        ("R-401", "stripper_steam_flow", pytest.approx(235.0), "kg/h", None),
    ]


def test_jd_and_tmall_apparel_exports(tmp_path):
    """Red team round 42: the main fabric of a label with a contrast or lining part named `…面料：` (a contrast's
    polyester was published); infant products sized in months or bare centimetres, and an infant step of a
    category path, must be class A; a descending price range is its lowest price; safety categories beside a
    product standard's number."""
    products = ("商品编号,货号,商品名称,类目,尺码,材质,安全类别,价格,更新时间\n"
                "100201,JD-501,婴儿纯棉连衣裙,童装/婴儿装>>连衣裙,\"3-6个月,6-12个月,12-18个月\",棉100%,B类,¥89,2026-09-01\n"
                "100203,JD-503,宝宝短袖T恤,童装>>T恤,\"59cm,66cm,73cm\",棉100%,B类,¥39,2026-09-01\n"
                "100204,JD-504,男士衬衫,男装>>衬衫,S(165/84A),Shell Fabric: 100% Cotton; Lining: 100% Polyester,B类,"
                "¥129.00 ~ ¥89.00,2026-09-01\n"
                "100205,JD-505,女士风衣,女装>>风衣,M(160/84A),里面料：涤纶100% 外面料：棉100%,C类,¥599,2026-09-01\n"
                "100206,TM-D7001,女士拼接连衣裙,女装>>连衣裙,S(155/80A),拼接面料：聚酯纤维100% 主面料：棉100%,B类,¥259,"
                "2026-09-07\n"
                "100207,TM-W8001,男士运动卫衣,男装>>卫衣,L(175/92A),罗纹面料：棉95% 氨纶5% 主面料：棉100%,"
                "执行标准：FZ/T 73020-2019 安全类别：B类,¥159,2026-09-08\n"
                "100208,TM-B3002,宝宝爬服,童装/婴儿装>>爬服,73/48,棉100%,婴幼儿A类,79,2026-09-10\n"
                "100209,TM-C4001,女士羊毛双面呢大衣,女装>>毛呢外套,均码,主面料 65%聚酯纤维 35%粘纤,"
                "符合GB18401-2010 B类,89元-129元,2026-09-04\n")
    manifest = write_manifest(tmp_path, "apparel", {"jd.csv": products}, [{"path": "jd.csv", "table": "products"}])
    result = build("apparel", manifest, tmp_path / "out", profile="internal")
    rows = shipped(result, "products").sort("sku")
    composition = {sku: [(d["fiber"], d["pct"]) for d in c]
                   for sku, c in rows.select("sku", "fiber_composition").rows()}
    assert composition == {"JD-504": [("棉", 100.0)], "JD-505": [("棉", 100.0)], "TM-B3002": [("棉", 100.0)],
                           "TM-C4001": [("涤纶", 65.0), ("粘胶纤维", 35.0)], "TM-D7001": [("棉", 100.0)],
                           "TM-W8001": [("棉", 100.0)]}
    assert dict(rows.select("sku", "unit_price_cny").rows())["JD-504"] == 89.0
    assert dict(rows.select("sku", "unit_price_cny").rows())["TM-C4001"] == 89.0
    assert dict(rows.select("sku", "category").rows())["TM-B3002"] == "infant_wear"
    assert dict(rows.select("sku", "safety_category").rows()) == {
        "JD-504": "B", "JD-505": "C", "TM-B3002": "A", "TM-C4001": "B", "TM-D7001": "B", "TM-W8001": "B"}
    quarantine = pl.read_parquet(tmp_path / "out" / "internal" / "quarantine" / "products.parquet")
    assert sorted(quarantine.select("sku", "_reason").rows()) == [
        ("JD-501", "infant_wear_not_class_a"), ("JD-503", "infant_sizes_not_class_a")]
    assert_accounting_and_lineage(result, "products", manifest)


def test_a_styles_colour_fastness_is_its_lowest_colourways(tmp_path):
    """An SKU matrix's colourways differ in colour fastness (black 3-4, white 4-5) on one version: the style's grade
    is its lowest, 3.5 (the last row's 4.5 was published and the black rows counted as conflicting versions)."""
    styles = ("款号,品名,类别,成分,号型,安全类别,色牢度,颜色,更新时间\n"
              "PX-01,男士T恤,T恤,棉100%,M(170/92A),B类,3-4,黑色,2026-09-01\n"
              "PX-01,男士T恤,T恤,棉100%,L(175/96A),B类,3-4,黑色,2026-09-01\n"
              "PX-01,男士T恤,T恤,棉100%,S(165/88A),B类,4-5,白色,2026-09-01\n"
              "PX-01,男士T恤,T恤,棉100%,M(170/92A),B类,4-5,白色,2026-09-01\n")
    manifest = write_manifest(tmp_path, "apparel", {"s.csv": styles}, [{"path": "s.csv", "table": "products"}])
    result = build("apparel", manifest, tmp_path / "out")
    rows = shipped(result, "products")
    assert rows.select("sku", "colorfastness_grade").rows() == [("PX-01", 3.5)]
    assert result.report["tables"]["products"]["duplicates"] == {
        "exact_duplicates": 0, "conflicting_versions": 0, "variant_rows": 3}
    assert_accounting_and_lineage(result, "products", manifest)



def test_taobao_seller_center_and_assistant_exports(tmp_path):
    """Red team round 14 C item 1: every row of the seller-center export was missing_category (宝贝类目 and
    宝贝描述 unmapped), every row of 淘宝助理's missing_name (宝贝名称). The category path reads as its leaf; a
    numeric category id (淘宝助理's cid) names no category of the standard and stays invalid."""
    shop = ("宝贝标题,商家编码,宝贝类目,一口价,宝贝描述,尺码,材质成分,安全类别,修改时间\n"
            "女士纯棉短袖T恤 白色,TB-1001,女装/女士精品>>T恤,89.00,纯棉面料亲肤透气，宽松版型,\"S,M,L,XL\",棉100%,B类,"
            "2026-10-20 10:00:00\n"
            "女士雪纺连衣裙 碎花,TB-1002,女装/女士精品>>连衣裙,159.00,雪纺面料飘逸，收腰设计,"
            "\"160/84A,165/88A,170/92A\",聚酯纤维100%,B类,2026-10-21 11:00:00\n"
            "女士针织开衫,TB-1003,50000671,129.00,柔软亲肤,M,棉100%,B类,2026-10-22 09:00:00\n")
    assistant = ("宝贝名称,商家编码,商品类目,宝贝价格,商品描述,尺码,材质成分,安全类别,修改时间\n"
                 "女士纯棉短袖T恤 白色,TB-2001,T恤,89.00,纯棉面料亲肤透气，宽松版型,\"S,M,L,XL\",棉100%,B类,"
                 "2026-10-20 10:00:00\n"
                 "女士雪纺连衣裙 碎花,TB-2002,连衣裙,159.00,雪纺面料飘逸，收腰设计,\"160/84A,165/88A,170/92A\","
                 "聚酯纤维100%,B类,2026-10-21 11:00:00\n")
    manifest = write_manifest(tmp_path, "apparel", {"tb_shop.csv": shop, "tb_assist.csv": assistant},
                              [{"path": "tb_shop.csv", "table": "products"},
                               {"path": "tb_assist.csv", "table": "products"}])
    result = build("apparel", manifest, tmp_path / "out", profile="internal")
    rows = shipped(result, "products").sort("sku")
    assert rows.select("sku", "name", "category", "unit_price_cny", "description").rows() == [
        ("TB-1001", "女士纯棉短袖T恤 白色", "tshirt", 89.0, "纯棉面料亲肤透气,宽松版型"),
        ("TB-1002", "女士雪纺连衣裙 碎花", "dress", 159.0, "雪纺面料飘逸,收腰设计"),
        ("TB-2001", "女士纯棉短袖T恤 白色", "tshirt", 89.0, "纯棉面料亲肤透气,宽松版型"),
        ("TB-2002", "女士雪纺连衣裙 碎花", "dress", 159.0, "雪纺面料飘逸,收腰设计")]
    t = result.report["tables"]["products"]
    assert t["quarantine_reasons"] == {"invalid_category": 1} and t["unmapped_columns"] == 0
    quarantine = pl.read_parquet(result.out / "internal" / "quarantine" / "products.parquet")
    assert quarantine.select("sku", "category").rows() == [("TB-1003", "50000671")]
    assert_accounting_and_lineage(result, "products", manifest)


def test_a_1688_export_gives_its_description(tmp_path):
    """Red team round 14 C item 2: a 1688 trading company's GB18030 export (商品描述) had description null on all
    39 rows."""
    text = ("商品编码,商品名称,类目,成分含量,克重,幅宽,颜色,商品描述,最后修改时间\n"
            "KQ0000,涤棉府绸 T/C 80/20 45S×45S 133×72,坯布,80%涤纶 20%棉,117g/㎡,\"58/60\"\"\",漂白,"
            "平纹组织，色牢度4级以上，手感柔软，适用于箱包、工装。,2026/02/18 10:25:00\n"
            "KQ0001,全棉细布 60S×60S 90×88,胚布,全棉,90g/㎡,\"57/58\"\"\",原色,"
            "平纹组织，色牢度4级以上，挺括有骨感，适用于窗帘、风衣。,2026/04/22 08:01:00\n")
    manifest = write_manifest(tmp_path, "textiles", {"kq_trading_1688.csv": text.encode("gb18030")},
                              [{"path": "kq_trading_1688.csv", "table": "products"}])
    result = build("textiles", manifest, tmp_path / "out", profile="internal")
    rows = shipped(result, "products").sort("sku")
    assert rows.select("sku", "description").rows() == [
        ("KQ0000", "平纹组织,色牢度4级以上,手感柔软,适用于箱包、工装。"),
        ("KQ0001", "平纹组织,色牢度4级以上,挺括有骨感,适用于窗帘、风衣。")]
    assert result.report["tables"]["products"]["unmapped_columns"] == 0
    assert_accounting_and_lineage(result, "products", manifest)

def test_taobao_items_with_slashed_leaf_categories_and_their_prices(tmp_path):
    items = ("商品ID,商品标题,款号,叶子类目,尺码,一口价,市场价,材质成分,安全类别,更新时间\n"
             "60001,女士加绒卫衣,TB-1001,卫衣/绒衫,M(160/84A),¥129.00,¥299,棉80% 聚酯纤维20%,B类,2026-09-01\n"
             "60003,纯棉睡衣套装,TB-1003,睡衣/家居服套装,M(160/84A),¥159,¥399,棉100%,A类,2026-09-03\n"
             "60004,婴儿连体衣,TB-1004,连身衣/爬服/哈衣,66/44,¥69,¥99,棉100%,A类,2026-09-04\n"
             "60005,雪纺衬衫,TB-1005,蕾丝衫/雪纺衫,S(155/80A),¥119,¥199,聚酯纤维100%,B类,2026-09-05\n"
             "60006,男士棉服,TB-1006,棉衣/棉服,L(175/92A),¥399,¥799,面料：锦纶100% 填充物：聚酯纤维100%,C类,"
             "2026-09-06\n"
             "60008,女士背心吊带,TB-1008,背心吊带,M(160/84A),¥199起,¥99,莫代尔95% 氨纶5%,B类,2026-09-08\n"
             "60009,连衣裙,TB-1009,服饰内衣/女装/连衣裙,M(160/84A),FOB $3.20,¥99,聚酯纤维100%,B类,2026-09-09\n"
             "60010,男士T恤,TB-1010,女装>>毛呢外套,L(175/92A),89元-129元,¥99,棉100%,B类,2026-09-10\n")
    manifest = write_manifest(tmp_path, "apparel", {"tb.csv": items}, [{"path": "tb.csv", "table": "products"}])
    result = build("apparel", manifest, tmp_path / "out", profile="internal")
    rows = shipped(result, "products").sort("sku")
    assert rows.select("sku", "category", "unit_price_cny").rows() == [
        ("TB-1001", "sweater", 129.0), ("TB-1003", "underwear", 159.0), ("TB-1004", "infant_wear", 69.0),
        ("TB-1005", "shirt", 119.0), ("TB-1006", "coat", 399.0), ("TB-1008", "underwear", 199.0),
        ("TB-1009", "dress", None), ("TB-1010", "coat", 89.0)]   # the 一口价, never the crossed-out 市场价
    t = result.report["tables"]["products"]
    assert t["rows_quarantined"] == 0
    assert t["field_notes"]["unit_price_cny"] == {"foreign_currency": 1}
    assert_accounting_and_lineage(result, "products", manifest)


def test_jd_and_agency_inspection_verdicts_aql_and_sample_sizes(tmp_path):
    styles = "款号,品名,品类,面料成分,号型,安全类别\nJD-504,男士衬衫,衬衫,100%棉,165/84A,B类\n"
    qc = ("质检单号,货号,质检日期,抽样数量,致命,严重,轻微,AQL,最终结论,质检员\n"
          "JQ-1,JD-504,2026-10-10,80,0,6,2,2.5,未通过,孙强\n"
          "JQ-2,JD-504,2026-10-11,80,0,7,1,2.5,Not Accepted,孙强\n"
          "JQ-3,JD-504,2026-10-12,80,0,0,1,2.5,判定合格,孙强\n"
          "JQ-4,JD-504,2026-10-13,80,0,9,3,2.5,不允收,孙强\n"
          "JQ-5,JD-504,2026-10-14,80,0,0,2,GB/T 2828.1 AQL2.5,√合格,孙强\n"
          "JQ-6,JD-504,2026-10-15,80,0,0,2,2.5 II,Rejected - rework,孙强\n"
          "JQ-7,JD-504,2026-10-16,32(G),0,0,1,AQL 2.5,Not OK,孙强\n")
    manifest = write_manifest(tmp_path, "apparel", {"s.csv": styles, "qc.csv": qc},
                              [{"path": "s.csv", "table": "products"}, {"path": "qc.csv", "table": "inspections"}])
    result = build("apparel", manifest, tmp_path / "out")
    rows = shipped(result, "inspections").sort("inspection_id")
    assert rows.select("inspection_id", "sample_size", "aql", "result").rows() == [
        ("JQ-1", 80, 2.5, "fail"), ("JQ-2", 80, 2.5, "fail"), ("JQ-3", 80, 2.5, "pass"), ("JQ-4", 80, 2.5, "fail"),
        ("JQ-5", 80, 2.5, "pass"), ("JQ-6", 80, 2.5, "fail"), ("JQ-7", 32, 2.5, "fail")]
    assert_accounting_and_lineage(result, "inspections", manifest)


def test_a_douyin_json_product_with_a_title_and_a_category_object(tmp_path):
    line = ('{"product_id": "DY-1", "title": "女士T恤", "category": {"first": "女装", "leaf": "T恤"}, '
            '"composition": [{"name": "棉", "percent": "95%"}, {"name": "氨纶", "percent": "5%"}], '
            '"safety_category": "B类", "update_time": "2026-09-20 10:00:00"}\n')
    manifest = write_manifest(tmp_path, "apparel", {"dy.jsonl": line}, [{"path": "dy.jsonl", "table": "products"}])
    result = build("apparel", manifest, tmp_path / "out")
    assert shipped(result, "products").select("sku", "name", "category").rows() == [("DY-1", "女士T恤", "tshirt")]


def test_an_agency_report_counts_the_defects_found_never_the_acceptance_numbers(tmp_path):
    """A QIMA-style report: `Critical Allowed` (Ac, a limit) beside `Critical Found`; `Lot Size` is no batch number,
    `Product Line` no name. A header's last word is a unit only when it is one (red team round 42)."""
    styles = ("Style Description,Style No.,Product Line,Product Name,Category,Fabric Content,Safety Category,"
              "Last Modified\nMens crew neck tee,EN-101,Menswear Basics,Crew Neck Tee,T-shirt,100% Cotton,Class B,"
              "2026-09-01\n")
    report = ("Report No.,Style No.,Lot Size,Inspection Date,Sample Size,AQL (Ma/Mi),Critical Allowed,Critical Found,"
              "Major Allowed,Major Found,Minor Allowed,Minor Found,Result\n"
              "R-9001,EN-101,3200,2026-10-12,200,2.5/4.0,0,0,10,12,14,9,Rejected\n"
              "R-9002,EN-101,3200,2026-10-13,200,2.5/4.0,0,0,5,2,7,3,Accepted\n")
    manifest = write_manifest(tmp_path, "apparel", {"styles.csv": styles, "qc.csv": report},
                              [{"path": "styles.csv", "table": "products"}, {"path": "qc.csv", "table": "inspections"}])
    result = build("apparel", manifest, tmp_path / "out")
    rows = shipped(result, "inspections").sort("inspection_id")
    assert rows.select("defects_critical", "defects_major", "defects_minor", "result").rows() == [
        (0, 12, 9, "fail"), (0, 2, 3, "pass")]
    assert rows["batch_no"].is_null().all() if "batch_no" in rows.columns else True
    assert shipped(result, "products")[["sku", "name"]].rows() == [("EN-101", "Crew Neck Tee")]


def test_a_shift_report_with_machines_side_by_side_gives_a_reading_per_machine(tmp_path):
    """`时间, 1#车速, 1#效率, 2#车速, 2#效率` (MES shift sheet): every row was missing_machine_id; now one reading
    per machine and row, the machine's label as machine_id and as the lineage's _source_column."""
    content = ("时间,1#车速(rpm),1#效率,2#车速(rpm),2#效率,备注\n2026-10-01 08:00,650,88%,640,86%,\n"
               "2026-10-01 09:00,651,87%,,,2#停机\n")
    result, manifest = build_file(tmp_path, "textiles", "machine_readings", "shift.csv", content)
    rows = shipped(result, "machine_readings").sort("machine_id", "ts")
    assert rows.select("machine_id", "speed_rpm", "efficiency_pct").rows() == [
        ("1#", 650.0, 88.0), ("1#", 651.0, 87.0), ("2#", 640.0, 86.0)]
    lin = lineage(tmp_path / "out", "machine_readings")
    assert lin.select("_source_row", "_source_column").rows() == [(1, "1#"), (1, "2#"), (2, "1#"), (2, "2#")]
    # machine 2's blank group at 09:00 is no reading (no status, no measurement): quarantined with its reason
    assert lin.filter(pl.col("status") == "quarantined").select("_source_row", "_source_column", "_reason").rows() == [
        (2, "2#", "no_reading")]
    assert_accounting_and_lineage(result, "machine_readings", manifest, melted=True)


def test_a_time_zone_named_in_the_time_header_reads_the_naive_times(tmp_path):
    """Red team round 12: `Timestamp (UTC)`, `时间(UTC)`, `Time (GMT)` were read as Asia/Shanghai (2026-10-28 00:00
    published as 2026-10-27 16:00 UTC), and a `北京时间` column was not recognised (all rows missing_ts). An aware
    value keeps its own offset; a header naming no zone keeps the source's (Asia/Shanghai)."""
    manifest = write_manifest(tmp_path, "chemicals", {
        "pi.csv": "Timestamp (UTC),Unit,Reactor Pressure (MPa),Reactor Level (%)\n2026-10-28 00:00:00,R9,2.70,75\n",
        "tz.csv": "时间(UTC),装置,反应器压力(MPa)\n2026-10-28 00:00:00,U6,2.7\n",
        "gmt.csv": "Time (GMT),Area,Reactor Pressure (bar)\n2026-10-28 00:00:00,U7,27\n"
                   "2026-10-28T09:00:00+08:00,U7,27\n",
        "bj.csv": "北京时间,装置,反应器压力(kPa(a)),反应器液位(%)\n2026-10-28 08:00,R10,2801.325,75\n",
        "plain.csv": "时间,装置,反应器压力(MPa)\n2026-10-28 08:00:00,U1,2.7\n",
    }, [{"path": p, "table": "process_readings"} for p in ("pi.csv", "tz.csv", "gmt.csv", "bj.csv", "plain.csv")])
    result = build("chemicals", manifest, tmp_path / "out")
    assert result.report["tables"]["process_readings"]["rows_quarantined"] == 0
    rows = shipped(result, "process_readings").sort("unit_id", "ts", "tag")
    utc = lambda h: dt.datetime(2026, 10, 28, h, tzinfo=dt.UTC)  # noqa: E731
    assert rows.select("unit_id", "tag", "ts").rows() == [
        ("R10", "reactor_level", utc(0)), ("R10", "reactor_pressure", utc(0)),
        ("R9", "reactor_level", utc(0)), ("R9", "reactor_pressure", utc(0)),
        ("U1", "reactor_pressure", utc(0)), ("U6", "reactor_pressure", utc(0)),
        ("U7", "reactor_pressure", utc(0)), ("U7", "reactor_pressure", utc(1))]
    assert_accounting_and_lineage(result, "process_readings", manifest, melted=True)


def test_a_time_zone_named_in_a_time_header_joined_with_a_date_column_reads_the_joined_times(tmp_path):
    """Red team (parsing), item 5: a zone in the header of a time column joined with a separate date column
    (`日期` + `时间(UTC)`, `Date` + `Time (UTC)`) was ignored (08:00 UTC published as 00:00 UTC: read as
    Asia/Shanghai); the zone named only in the first column (`Time (UTC)` before `Date`) or in the date's header
    applies too. A date and a time column naming no zone keep the source's (Asia/Shanghai)."""
    manifest = write_manifest(tmp_path, "chemicals", {
        "cn.csv": "装置,位号,日期,时间(UTC),数值,单位\nU1,反应器压力,2026-10-20,08:00,2800,kPa\n",
        "en.csv": "Unit,Tag,Date,Time (UTC),Value,UOM\nU2,reactor pressure,2026-10-20,08:00,2800,kPa\n",
        "first.csv": "Unit,Tag,Time (UTC),Date,Value,UOM\nU3,reactor pressure,08:00,2026-10-20,2800,kPa\n",
        "date.csv": "Unit,Tag,Date (UTC),Time,Value,UOM\nU4,reactor pressure,2026-10-20,08:00,2800,kPa\n",
        "plain.csv": "装置,位号,日期,时间,数值,单位\nU5,反应器压力,2026-10-20,08:00,2800,kPa\n",
    }, [{"path": p, "table": "process_readings"} for p in ("cn.csv", "en.csv", "first.csv", "date.csv", "plain.csv")])
    result = build("chemicals", manifest, tmp_path / "out")
    assert result.report["tables"]["process_readings"]["rows_quarantined"] == 0
    rows = shipped(result, "process_readings").sort("unit_id")
    utc = lambda h: dt.datetime(2026, 10, 20, h, tzinfo=dt.UTC)  # noqa: E731
    assert rows.select("unit_id", "ts").rows() == [("U1", utc(8)), ("U2", utc(8)), ("U3", utc(8)), ("U4", utc(8)),
                                                    ("U5", utc(0))]
    assert_accounting_and_lineage(result, "process_readings", manifest)


def test_percent_formatted_spreadsheet_cells_hold_fractions(tmp_path):
    """Red team B: an XLSX cell formatted as a percentage shows 99.50% and stores 0.995; under `含量(%)` it was
    published as 0.995, and a wide readings sheet's `反应器液位` 0.742 (format `0.0%`) as 0.742 %. A percent-formatted
    column holds fractions: 99.5 and 74.2. Unformatted numbers beside them stay as they are."""
    import xlsxwriter

    (tmp_path / "raw").mkdir()
    wb = xlsxwriter.Workbook(tmp_path / "raw" / "pctp.xlsx")
    ws = wb.add_worksheet()
    ws.write_row(0, 0, ["货号", "品名", "CAS", "分子式", "含量(%)", "等级", "更新时间"])
    pct = wb.add_format({"num_format": "0.00%"})
    for i, value in enumerate([0.995, 0.98, 0.9999]):
        ws.write_row(i + 1, 0, [f"X{i}", "甲醇", "67-56-1", "CH4O"])
        ws.write_number(i + 1, 4, value, pct)
        ws.write_row(i + 1, 5, ["工业级", "2026-10-01"])
    wb.close()
    wb = xlsxwriter.Workbook(tmp_path / "raw" / "pct.xlsx")
    ws = wb.add_worksheet()
    ws.write_row(0, 0, ["时间", "装置", "反应器液位", "反应器温度(℃)"])
    level = wb.add_format({"num_format": "0.0%"})
    for i, value in enumerate([0.742, 0.743]):
        ws.write_row(i + 1, 0, [f"2026-10-26 08:0{i}", "R-9"])
        ws.write_number(i + 1, 2, value, level)
        ws.write_number(i + 1, 3, 120.5)
    wb.close()
    manifest = write_manifest(tmp_path, "chemicals", {}, [{"path": "pctp.xlsx", "table": "products"},
                                                          {"path": "pct.xlsx", "table": "process_readings"}])
    result = build("chemicals", manifest, tmp_path / "out")
    assert sorted(shipped(result, "products")["purity_pct"].to_list()) == pytest.approx([98.0, 99.5, 99.99])
    rows = shipped(result, "process_readings").sort("tag", "ts")
    assert rows.select("tag", "unit").rows() == [("reactor_level", "%")] * 2 + [("reactor_temperature", "degC")] * 2
    assert rows["value"].to_list() == pytest.approx([74.2, 74.3, 120.5, 120.5])
    assert_accounting_and_lineage(result, "process_readings", manifest, melted=True)


def test_only_percent_formatted_columns_are_scaled(tmp_path):
    """The reader rewrites a column only when its sampled numbers are all percent-formatted and the frame agrees with
    the sheet (also below a title row); a number column, a text `99.5%` and a column mixing formats stay as read."""
    import xlsxwriter

    from indset.manifest import Source
    from indset.read import read_source

    wb = xlsxwriter.Workbook(tmp_path / "m.xlsx")
    ws = wb.add_worksheet()
    ws.write(0, 0, "title")   # a title row above the table
    ws.write_row(2, 0, ["a", "b", "c", "d", "e"])
    ws.write_number(3, 0, 0.5, wb.add_format({"num_format": "0.0%"}))
    ws.write_number(3, 1, 0.5)
    ws.write_string(3, 2, "99.5%")
    ws.write_number(3, 3, 0.25, wb.add_format({"num_format": "0%"}))
    ws.write_number(4, 3, 0.75)   # the column mixes formats: left as read
    ws.write_number(3, 4, 0.125, wb.add_format({"num_format": '0.0"%"'}))   # a quoted % is text, not a percentage
    wb.close()
    frame = read_source(Source(index=0, path="m.xlsx", table="products", enterprise_id="X", file=tmp_path / "m.xlsx"))
    assert frame.drop("_source_file", "_source_row", "_source_index").rows() == [
        ("a", "b", "c", "d", "e"), ("50%", "0.5", "99.5%", "0.25", "0.125"), (None, None, None, "0.75", None)]


def test_free_text_faults_and_prefixed_tags_keep_their_readings(tmp_path):
    """Red team round 14: free text in the fault column (`冷却水泵P-102跳车`, `boom`) quarantined a good reading, and
    `ZH:PI-101.PV` was invalid_tag. Now the fault is null and counted (`unknown_fault`); `IDV(35)` stays invalid."""
    hist = ("装置,运行号,位号,采集时间,数值,单位,质量码,故障\n"
            "R-101,A1,反应器压力,2026-10-26 08:00:00,2.7051,MPa,良好,冷却水泵P-102跳车\n"
            "R-101,A1,反应器压力,2026-10-26 08:01:00,2.7051,MPa,良好,boom\n"
            "R-101,A1,反应器压力,2026-10-26 08:02:00,2.7051,MPa,良好,IDV(35)\n"
            "R-101,A1,反应器压力,2026-10-26 08:03:00,2.7051,MPa,良好,IDV(1)\n"
            "R-101,A1,ZH:PI-101.PV,2026-10-26 08:04:00,2.7051,MPa,良好,\n")
    result, manifest = build_file(tmp_path, "chemicals", "process_readings", "hist.csv", hist)
    t = result.report["tables"]["process_readings"]
    assert t["quarantine_reasons"] == {"invalid_fault": 1}
    assert t["field_notes"]["fault"] == {"unknown_fault": 2}
    rows = shipped(result, "process_readings").sort("ts")
    assert rows.select("tag", "value", "fault").rows() == [("reactor_pressure", 2705.1, None),
                                                          ("reactor_pressure", 2705.1, None),
                                                          ("reactor_pressure", 2705.1, "IDV(1)"),
                                                          ("reactor_pressure", 2705.1, None)]
    assert_accounting_and_lineage(result, "process_readings", manifest)


def test_a_percent_column_read_cell_by_cell_past_its_first_rows(tmp_path):
    """Red team round 14: the format of a column's first 50 rows decided for the whole column, so `效率` formatted
    `0.00%` in its first 60 rows and `General` below (99.5 typed in by hand) read 99.5 as 9950% (quarantined as out of
    range). Past the sample, such a column's every cell is read by its own format: 0.9 under `0.00%` is 90%, 99.5 under
    `General` stays 99.5. A column formatted as a percentage throughout is still read so in every row."""
    import xlsxwriter

    from indset.manifest import Source
    from indset.read import read_source
    from indset.xlsx_formats import column_cells

    (tmp_path / "raw").mkdir()
    path = tmp_path / "raw" / "eff.xlsx"
    wb = xlsxwriter.Workbook(path)
    ws = wb.add_worksheet()
    pct = wb.add_format({"num_format": "0.00%"})
    ws.write_row(0, 0, ["机台号", "采集时间", "效率", "运转率"])
    for i in range(80):
        ws.write_row(i + 1, 0, [f"ZJ-{i:02d}", f"2026-10-26 {i // 60:02d}:{i % 60:02d}:00"])
        if i < 60:
            ws.write_number(i + 1, 2, 0.9, pct)
        else:
            ws.write_number(i + 1, 2, 99.5)           # General
        ws.write_number(i + 1, 3, 0.85, pct)          # a percentage in every row
    ws.write_formula(81, 3, "=D2", pct, 0.85)       # a formula's cached value, formatted too
    wb.close()
    frame = read_source(Source(index=0, path="eff.xlsx", table="machine_readings", enterprise_id="X", file=path))
    assert frame["效率"].to_list() == ["90%"] * 60 + ["99.5"] * 20 + [None]
    assert frame["运转率"].to_list() == ["85%"] * 81
    cells = column_cells(path, 0, [2, 3])
    assert cells.height == 161 and cells.filter(pl.col("column") == 3)["row"].max() == 81
    manifest = write_manifest(tmp_path, "textiles", {}, [{"path": "eff.xlsx", "table": "machine_readings"}])
    result = build("textiles", manifest, tmp_path / "out")
    t = result.report["tables"]["machine_readings"]
    assert t["rows_quarantined"] == 1 and t["quarantine_reasons"] == {"missing_machine_id": 1}
    assert sorted(set(shipped(result, "machine_readings")["efficiency_pct"].to_list())) == [90.0, 99.5]


def test_empty_columns_without_a_header_are_not_unmapped(tmp_path):
    """Red team round 14 A item 3: a header ending `...,更新日期,,` with nothing below the two trailing commas was
    reported as unmapped `column_16`, `column_17`. Such columns (no header, no value) are dropped and listed in
    build.json's `empty_columns`; a headless column holding a value, and a named empty one, stay unmapped."""
    csv = ("缸号,品号,品名,类别,色号,颜色,成分,克重,门幅,色牢度,缩水率,单价(元/米),组织,备注,更新日期,,,\n"
           "G-01,C-01,涤棉府绸,成品布,C-1023,藏青,T/C 65/35,115g,150cm,4,3%,12.5,平纹,,2026-10-20,,,x\n"
           "G-02,C-02,涤棉府绸,成品布,C-1024,大红,T/C 65/35,115g,150cm,4,3%,12.5,平纹,,2026-10-20,, ,\n")
    result, _ = build_file(tmp_path, "textiles", "products", "dye_lots.csv", csv, keep_going=True)
    info = json.loads((tmp_path / "out" / "internal" / "build.json").read_text(encoding="utf-8"))
    assert info["empty_columns"] == {"products": ["column_16", "column_17"]}
    assert sorted(info["unmapped_columns"]["products"]) == sorted(["column_18", "色号", "色牢度", "缩水率", "缸号"])
    assert result.report["tables"]["products"]["unmapped_columns"] == 5
    assert sorted(shipped(result, "products")["color"].to_list()) == ["大红", "藏青"]


def _json_mapped(tmp_path: Path, industry: str, table: str, lines: list[str]):
    from indset.manifest import Source
    from indset.normalize import map_columns, read_reshaped
    from indset.standard import load_standard

    path = tmp_path / "nested.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    src = Source(index=0, path="nested.jsonl", table=table, enterprise_id=CHEMICALS_EID, file=path)
    std = load_standard(industry)
    return map_columns(read_reshaped(src, std), src, std)


def test_nested_json_objects_are_read_by_their_parent_key(tmp_path):
    """Red team round 14 A item 2: `{"hazard": {"un": "1120", "ghs": [...]}}` put the whole object into the hazard
    codes (invalid), `{"product": {"code": "JS-01", ...}}` lost the sku (missing_sku), `{"inspection": {"no":
    "QC-26-001", ...}}` the inspection id, and `{"defects": {"critical": 0, ...}}` beside a line holding an array
    was unmapped. A key reads with its parent's word first (`product code`, `inspection no`, `sampling size`: the
    column `product.code`), then alone (`un`, `ghs`, `critical`)."""
    lines = [
        '{"product": {"code": "JS-01", "name": "正丁醇", "name_en": "n-Butanol"}, "cas": "71-36-3",'
        ' "formula": "C4H10O", "specs": [{"item": "纯度", "value": "≥99.5%"}],'
        ' "hazard": {"un": "1120", "ghs": ["H226", "H302", "H315"]}, "grade": "工业级"}',
        '{"product": {"code": "JS-02", "name": "乙酸乙酯", "name_en": "Ethyl acetate"}, "cas": "141-78-6",'
        ' "formula": "C4H8O2", "purity": {"value": 99.7, "unit": "%"}, "hazard": {"un": 1173, "ghs": ["H225"]},'
        ' "grade": "AR"}',
        '{"product": {"code": "JS-03", "name": "二甲苯", "name_en": "Xylene"}, "cas": "1330-20-7", "formula": "C8H10",'
        ' "purity": "99%", "hazard": {"un": "1307", "class": "3"}, "grade": "工业级"}',
        '{"product": {"code": "JS-04", "name": "乙醇"}, "hazard": {"ghs": "H225,H319"}, "un": "1170"}']
    frame, hmap = _json_mapped(tmp_path, "chemicals", "products", lines)
    assert frame["sku"].to_list() == ["JS-01", "JS-02", "JS-03", "JS-04"]
    assert frame["name"].to_list() == ["正丁醇", "乙酸乙酯", "二甲苯", "乙醇"]
    assert frame["name_en"].to_list() == ["n-Butanol", "Ethyl acetate", "Xylene", None]
    assert frame["ghs_hazard_codes"].to_list() == ['["H226", "H302", "H315"]', '["H225"]', None, "H225,H319"]
    assert frame["un_number"].to_list() == ["1120", "1173", "1307", "1170"]   # the top-level `un` filled where empty
    assert hmap.unmapped == ["specs"]        # an array of objects stays unmapped
    lines = [
        '{"inspection": {"no": "QC-26-001", "date": "2026-10-25T09:30:00+08:00"}, "style": {"sku": "NB-2601",'
        ' "batch": "B2610"}, "sampling": {"size": 80, "aql": "2.5"}, "defects": {"critical": 0, "major": 1,'
        ' "minor": 3}, "result": "合格"}',
        '{"inspection": {"no": "QC-26-002", "date": "2026-10-25T14:00:00+08:00"}, "style": {"sku": "NB-2603",'
        ' "batch": "B2611"}, "sampling": {"size": 50, "aql": "2.5"}, "defects": [{"level": "critical", "qty": 0},'
        ' {"level": "major", "qty": 4}, {"level": "minor", "qty": 6}], "result": "不合格"}']
    frame, hmap = _json_mapped(tmp_path, "apparel", "inspections", lines)
    assert hmap.renames["inspection.no"] == "inspection_id" and hmap.renames["sampling.size"] == "sample_size"
    assert frame["inspection_id"].to_list() == ["QC-26-001", "QC-26-002"]
    assert frame["inspected_at"].to_list() == ["2026-10-25T09:30:00+08:00", "2026-10-25T14:00:00+08:00"]
    assert frame["sku"].to_list() == ["NB-2601", "NB-2603"] and frame["batch_no"].to_list() == ["B2610", "B2611"]
    assert frame["sample_size"].to_list() == ["80", "50"] and frame["aql"].to_list() == ["2.5", "2.5"]
    assert frame["defects_major"].to_list() == ["1", None] and frame["result"].to_list() == ["合格", "不合格"]
    assert hmap.unmapped == ["defects"] and frame["defects"].to_list()[0] is None   # the array stays, unmapped


@pytest.mark.parametrize("order", ["nested first", "top-level first"])
def test_a_top_level_column_wins_over_a_nested_key_whatever_the_key_order(tmp_path, order):
    """Red team (parse item 1): `{"product": {"price": 88}, "price": 199}`, both readable, values disagree: the
    top-level 199 wins in either key order, and the nested value only fills the top-level column's empty cells (77).
    `product` is a name alias: the object holds no name, so no JSON text is published as the name."""
    def line(sku: str, nested: object, top: object) -> str:
        record = {"sku": sku}
        for key in (["product", "price"] if order == "nested first" else ["price", "product"]):
            if key == "product" and nested is not None:
                record["product"] = {"price": nested}
            elif key == "price" and top is not None:
                record["price"] = top
        return json.dumps(record, ensure_ascii=False)

    lines = [line("A1", 88, 199), line("A2", 77, None), line("A3", None, 55), line("A4", 66, "面议")]
    frame, hmap = _json_mapped(tmp_path, "apparel", "products", lines)
    assert frame["unit_price_cny"].to_list() == ["199", "77", "55", "面议"]   # a top-level value is never replaced
    assert frame["name"].to_list() == [None, None, None, None]
    assert hmap.renames["price"] == "unit_price_cny" and hmap.unmapped == ["product.price"]
    # the top-level key spelled otherwise (`售价`): its column wins too (the nested one came first and won: 88)
    lines = ['{"sku": "A1", "name": "T恤", "detail": {"price": 88}, "售价": 199}',
             '{"sku": "A2", "name": "衬衫", "detail": {"price": 77}}', '{"sku": "A3", "name": "衬衫", "售价": 55}']
    if order != "nested first":
        lines[0] = '{"sku": "A1", "name": "T恤", "售价": 199, "detail": {"price": 88}}'
    frame, hmap = _json_mapped(tmp_path, "apparel", "products", lines)
    assert frame["unit_price_cny"].to_list() == ["199", "77", "55"]
    assert hmap.renames["售价"] == "unit_price_cny" and hmap.unmapped == ["price"]
    # negative: two top-level columns still compete as before (the one the parser reads most), and a nested key
    # alone is the field
    frame, _ = _json_mapped(tmp_path, "apparel", "products", ['{"sku": "A1", "detail": {"price": 88}}'])
    assert frame["unit_price_cny"].to_list() == ["88"]


def test_keys_of_objects_inside_objects_are_read_by_their_path(tmp_path):
    """Red team (parse item 2): `{"product": {"spec": {"width": "150cm"}}}` lost the width (one level only was
    read). A key two or three levels down is read by its path (`product spec width`, `spec width`, then `width`);
    a top-level column of the field still wins, and what stays in a text keeps its nesting."""
    lines = ['{"sku": "A1", "product": {"spec": {"width": "150cm"}}}',
             '{"sku": "A2", "product": {"name": "府绸", "spec": {"fabric": {"width": "140cm"}, "用途": "衬衫"}}}']
    frame, hmap = _json_mapped(tmp_path, "textiles", "products", lines)
    assert frame["width_cm"].to_list() == ["150cm", "140cm"]
    assert frame["name"].to_list() == [None, "府绸"]
    lines = ['{"sku": "A1", "data": {"spec": {"width": "150cm"}}, "门幅": "160cm"}',
             '{"sku": "A2", "data": {"spec": {"fabric": {"width": "140cm"}}}}',
             '{"sku": "A3", "门幅": "145cm", "data": {"spec": {"fabric": {"width": "130cm"}}}}']
    frame, hmap = _json_mapped(tmp_path, "textiles", "products", lines)
    assert frame["width_cm"].to_list() == ["160cm", "140cm", "145cm"]   # the top-level 门幅 wins, nested fills
    assert hmap.renames["门幅"] == "width_cm"
    # an object under a key naming a field stays whole for its parser (a price's amount and currency)
    lines = ['{"sku": "A1", "data": {"spec": {"price": {"amount": 18.5, "currency": "CNY"}}}}']
    frame, _ = _json_mapped(tmp_path, "textiles", "products", lines)
    assert json.loads(frame["unit_price_cny"][0]) == {"amount": 18.5, "currency": "CNY"}
    # a description keeps its nested keys naming no field, nested as they were
    lines = ['{"sku": "A1", "备注": {"用途": "衬衫", "spec": {"width": "150cm", "手感": "柔软"}}}']
    frame, _ = _json_mapped(tmp_path, "textiles", "products", lines)
    assert frame["width_cm"].to_list() == ["150cm"]
    assert json.loads(frame["description"][0]) == {"用途": "衬衫", "spec": {"手感": "柔软"}}


def test_objects_naming_no_other_field_stay_in_their_column(tmp_path):
    """Negative of the above: an object in a list field whose keys name no other field (`{"H225": ...}`) is left
    to the field's parser, a top-level value is never overwritten by a nested one, and a real header with a dot
    (`TI-101.PV`) names nothing new."""
    lines = ['{"sku": "JS-01", "name": "正丁醇", "hazard": {"H225": "易燃"}, "un": "1120"}',
             '{"sku": "JS-02", "name": "乙醇", "hazard": {"un": "9999", "ghs": ["H225"]}, "un": "1170"}']
    frame, _ = _json_mapped(tmp_path, "chemicals", "products", lines)
    assert frame["ghs_hazard_codes"].to_list() == ['{"H225": "易燃"}', '["H225"]']
    assert frame["un_number"].to_list() == ["1120", "1170"]
    from indset.headers import map_headers
    from indset.standard import load_standard

    assert map_headers(["TI-101.PV", "product.remark"], load_standard("chemicals"), "products").renames == {}


def test_one_machine_spelled_two_ways_by_two_systems_lands_in_one_split(tmp_path):
    """Red team (parse item 5): `ZJ-01` from the MES and `ZJ01` from the IoT platform (same enterprise) were two split
    groups, so one machine's readings sat in train and in test. The split group reads the machine id by its canonical
    code (`split_codes` in the standard: upper case, separators between letters and digits and leading zeros gone);
    the published ids stay as written."""
    from indset.split import SPLIT, assign_splits
    from indset.standard import load_standard

    machines = range(1, 31)
    mes = "机台号,采集时间,状态,车速\n" + "".join(f"ZJ-{i:02d},2026-10-26 08:00,运行,{400 + i}\n" for i in machines)
    iot = "".join(json.dumps({"deviceId": f"zj{i:02d}", "collectTime": "2026-10-26 09:00", "runState": "运行",
                              "speed": 500 + i}) + "\n" for i in machines)
    manifest = write_manifest(tmp_path, "textiles", {"mes.csv": mes, "iot.jsonl": iot},
                              [{"path": "mes.csv", "table": "machine_readings"},
                               {"path": "iot.jsonl", "table": "machine_readings"}])
    result = build("textiles", manifest, tmp_path / "out")
    files = sorted((tmp_path / "out" / "release" / "data" / "machine_readings").glob("*.parquet"))
    frame = pl.concat([pl.read_parquet(p).with_columns(pl.lit(p.name.split("-")[0]).alias("split")) for p in files])
    assert frame.height == 60 and not [c for c in frame.columns if c.startswith("_")]
    assert sorted(frame["machine_id"].unique()) == sorted([f"ZJ-{i:02d}" for i in machines]
                                                          + [f"ZJ{i:02d}" for i in machines])
    per_machine = frame.group_by(pl.col("machine_id").str.replace("-", "")).agg(pl.col("split").n_unique())
    assert per_machine["split"].max() == 1 and per_machine.height == 30
    assert_accounting_and_lineage(result, "machine_readings", manifest)
    # negative: codes that differ in more than formatting stay apart (`A1-2` is not `A12`, `ZJ-01` not `ZJ-02`)
    spec = load_standard("textiles").tables["machine_readings"]
    assert spec.split_codes == ("machine_id",)
    ids = pl.DataFrame({"enterprise_key": ["e"] * 400, "machine_id": [f"{p}{i}" for i in range(100)
                                                                       for p in ("ZJ-0", "ZJ0", "zj 0", "ZJ-")]})
    split = assign_splits(ids, ("enterprise_id", "machine_id"), (), codes=spec.split_codes)[SPLIT]
    values = split.to_list()
    assert all(len(set(values[i:i + 4])) == 1 for i in range(0, 400, 4)) and len(set(values)) == 3
    apart = pl.DataFrame({"enterprise_key": ["e"] * 2, "machine_id": ["A1-2", "A12"]})
    sets = [assign_splits(apart.with_columns(pl.col("machine_id") + f"-{i}"), ("enterprise_id", "machine_id"), (),
                          codes=spec.split_codes)[SPLIT].to_list() for i in range(40)]
    assert any(a != b for a, b in sets)  # `A1-2-i` and `A12-i` are two machines: some land in different splits
