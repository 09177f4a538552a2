"""Great Expectations layer: suites, profiles, custom expectations, Data Docs."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from stdnum.cn import uscc

from indset.validation import SuiteError, TableValidation, load_suite, validate_tables
from indset.validation.custom import composition_is_valid, hs_code_is_valid

SUITES = Path(__file__).resolve().parents[1] / "expectations"
COMP = pl.List(pl.Struct({"fiber": pl.Utf8, "pct": pl.Float64}))
TS = pl.Datetime("us", "UTC")
CHAPTERS = [50, 51, 52, 53, 54, 55, 56, 57, 58, 59, 60, 63]


def make_uscc(base17: str) -> str:
    return base17 + uscc.calc_check_digit(base17)


ENT_A = make_uscc("91330100MA27XXXXX")   # Hangzhou weaving mill
ENT_B = make_uscc("91330681MA2BXXXXX")   # Zhuji yarn mill


def ekey(enterprise_id: str) -> str:
    return hashlib.sha256(b"test-key" + enterprise_id.encode()).hexdigest()[:32]


def comp(*pairs: tuple[str, float]) -> list[dict[str, Any]]:
    return [{"fiber": f, "pct": p} for f, p in pairs]


def products(profile: str = "public") -> pl.DataFrame:
    """Six products of two enterprises, as a release would write them."""
    t = dt.datetime(2026, 9, 1, 8, 30, tzinfo=dt.UTC)
    ents = [ENT_A, ENT_A, ENT_A, ENT_B, ENT_B, ENT_A]
    cols: dict[str, Any] = {
        "record_id": ["p-7f3a01", "p-7f3a02", "p-7f3a03", "p-9c1b01", "p-9c1b02", "p-7f3a04"],
        "enterprise": ents,
        "sku": ["TX-0012", "TX-0013", "HT/2024.08", "Y40S-2", "Y32S", "IT-900"],
        "name": ["涤棉府绸坯布", "全棉斜纹染色布", "提花四件套", "精梳棉纱 40S/2", "涤粘混纺纱", "涤纶土工布"],
        "category": ["greige_fabric", "finished_fabric", "home_textile", "yarn", "yarn", "industrial_textile"],
        "hs_code": ["551311", "520942", "630260", "520512", None, "560394"],
        "fiber_composition": [
            comp(("涤纶", 65.0), ("棉", 35.0)),
            comp(("棉", 100.0)),
            comp(("棉", 60.0), ("涤纶", 40.0)),
            comp(("棉", 100.0)),
            comp(("涤纶", 65.0), ("粘胶纤维", 35.0)),
            comp(("涤纶", 100.0)),
        ],
        "yarn_count_tex": [None, None, None, 29.53, 18.45, None],
        "fabric_weight_gsm": [110.0, 240.0, 135.0, None, None, 300.0],
        "width_cm": [160.0, 147.3, 250.0, None, None, 400.0],
        "weave": ["plain", "twill", "jacquard", None, None, "nonwoven"],
        "color": ["白", "藏青", "米白", None, "本白", "灰"],
        "unit_price_cny": [6.8, 18.5, 299.0, 32.0, 21.5, 4.2],
        "description": ["T/C 65/35 府绸 133x72", "全棉斜纹, 活性染色", None, "精梳紧密纺", None, "200g 针刺"],
        "updated_at": [t, t, t, t - dt.timedelta(days=30), t, None],
    }
    df = pl.DataFrame(cols, schema_overrides={"fiber_composition": COMP, "updated_at": TS,
                                              "yarn_count_tex": pl.Float64})
    return _finish(df, profile, price=True)


def readings(profile: str = "public", n: int = 48) -> pl.DataFrame:
    """Half-hourly readings of two looms and a spinning frame of two enterprises."""
    start = dt.datetime(2026, 10, 31, 16, 0, tzinfo=dt.UTC)
    machines = [(ENT_A, "L-01", "loom"), (ENT_A, "L-02", "loom"), (ENT_B, "SF-7", "spinning_frame")]
    rows = []
    for i in range(n):
        ent, mid, mtype = machines[i % 3]
        status = ["running", "running", "idle", "down", "maintenance", "running"][i % 6]
        running = status == "running"
        rows.append({
            "record_id": f"m-{i:05d}", "enterprise": ent, "machine_id": mid, "machine_type": mtype,
            "ts": start + dt.timedelta(minutes=30 * (i // 3)), "status": status,
            "speed_rpm": 650.0 if running else 0.0, "efficiency_pct": 87.5 if running else 0.0,
            "output_m": 12.4 if running else 0.0, "energy_kwh": 3.1 if running else 0.2,
            "breaks": i % 4, "operator": "a1b2c3d4",
        })
    df = pl.DataFrame(rows, schema_overrides={"ts": TS})
    return _finish(df, profile, price=False)


def _finish(df: pl.DataFrame, profile: str, price: bool) -> pl.DataFrame:
    """Release layout: record_id, enterprise_key, standard fields (enterprise_id never ships in clear)."""
    key = pl.col("enterprise").map_elements(ekey, return_dtype=pl.Utf8).alias("enterprise_key")
    df = df.select("record_id", key, pl.exclude("record_id", "enterprise"))
    if profile == "public":
        return df.drop([c for c in ("unit_price_cny", "operator") if c in df.columns])
    if price:  # internal products: unit_price_cny sits before description
        cols = [c for c in df.columns if c != "unit_price_cny"]
        cols.insert(cols.index("description"), "unit_price_cny")
        df = df.select(cols)
    return df


def applicable(table: str, profile: str) -> int:
    raw = json.loads((SUITES / f"textiles.{table}.json").read_text(encoding="utf-8"))["expectations"]
    return sum(profile in e.get("meta", {}).get("profiles", [profile]) for e in raw)


def write_suite(directory: Path, name: str, expectations: list[dict[str, Any]]) -> None:
    body = {"name": name, "expectations": expectations, "meta": {}, "notes": None}
    (directory / f"{name}.json").write_text(json.dumps(body), encoding="utf-8")


def exp(type_: str, severity: str = "critical", meta: dict | None = None, **kwargs: Any) -> dict:
    return {"type": type_, "kwargs": kwargs, "meta": meta or {}, "severity": severity}


# --- the shipped textiles suites ---------------------------------------------------------------


@pytest.mark.parametrize("profile", ["public", "internal"])
def test_valid_release_passes(profile: str, capsys: pytest.CaptureFixture[str]) -> None:
    out = validate_tables({"products": products(profile), "machine_readings": readings(profile)},
                          "textiles", SUITES, None, profile=profile)
    assert set(out) == {"products", "machine_readings"}
    for table, result in out.items():
        assert isinstance(result, TableValidation)
        assert result.suite == f"textiles.{table}"
        assert result.evaluated == applicable(table, profile)
        assert result.failures == []
        assert result.to_report() == {"suite": f"textiles.{table}", "evaluated": result.evaluated,
                                      "failed_critical": 0, "failed_warning": 0, "failures": []}
    assert capsys.readouterr() == ("", "")  # no output, no progress bars


def test_profiles_select_different_expectations() -> None:
    public = load_suite(SUITES / "textiles.products.json", "public")
    internal = load_suite(SUITES / "textiles.products.json", "internal")
    pub_types = {(e.expectation_type, getattr(e, "column", None)) for e in public.expectations}
    int_types = {(e.expectation_type, getattr(e, "column", None)) for e in internal.expectations}
    assert ("expect_column_values_to_be_between", "unit_price_cny") in int_types - pub_types
    assert ("expect_column_values_to_match_regex", "enterprise_key") in pub_types & int_types
    for suite, profile in ((public, "public"), (internal, "internal")):
        [ordered] = [e for e in suite.expectations
                     if e.expectation_type == "expect_table_columns_to_match_ordered_list"]
        assert ordered.column_list == products(profile).columns


def test_internal_checks_price() -> None:
    df = products("internal").with_columns(
        pl.when(pl.col("record_id") == "p-7f3a01").then(-1.0).otherwise(pl.col("unit_price_cny"))
        .alias("unit_price_cny"),
    )
    result = validate_tables({"products": df}, "textiles", SUITES, None, profile="internal")["products"]
    failed = {(f["expectation"], f["column"]): f["unexpected_count"] for f in result.failures}
    assert failed == {("expect_column_values_to_be_between", "unit_price_cny"): 1}
    assert result.failed_critical == 1


def test_public_suite_rejects_internal_columns() -> None:
    result = validate_tables({"products": products("internal")}, "textiles", SUITES, None)["products"]
    assert ("expect_table_columns_to_match_ordered_list", None) in {
        (f["expectation"], f["column"]) for f in result.failures if f["severity"] == "critical"}


def test_planted_critical_failures_are_counted() -> None:
    df = products()
    dup = df.head(1).with_columns(pl.lit("TX-0099").alias("sku"))        # same record_id twice
    df = pl.concat([df, dup]).with_columns(
        pl.when(pl.col("sku") == "TX-0013").then(pl.lit("布料")).otherwise(pl.col("category")).alias("category"),
        pl.when(pl.col("sku") == "IT-900").then(pl.lit(comp(("涤纶", 60.0), ("棉", 30.0)), dtype=COMP))
        .otherwise(pl.col("fiber_composition")).alias("fiber_composition"),
    )
    result = validate_tables({"products": df}, "textiles", SUITES, None)["products"]
    failed = {(f["expectation"], f["column"]): f for f in result.failures}
    assert failed[("expect_column_values_to_be_unique", "record_id")]["unexpected_count"] == 2
    assert failed[("expect_column_values_to_be_in_set", "category")]["unexpected_count"] == 1
    assert failed[("expect_column_fiber_composition_to_sum_to_100", "fiber_composition")]["unexpected_count"] == 1
    assert result.failed_critical == 3 and result.failed_warning == 0
    for f in result.failures:  # counts only, never values
        assert set(f) == {"expectation", "column", "severity", "unexpected_count"}
        assert "布料" not in json.dumps(f, ensure_ascii=False)


def test_warning_failure_is_not_critical() -> None:
    df = products().with_columns(pl.lit(None, dtype=pl.Utf8).alias("hs_code"))
    result = validate_tables({"products": df}, "textiles", SUITES, None)["products"]
    assert result.failed_critical == 0
    assert result.failed_warning == 1
    assert result.failures == [{"expectation": "expect_column_values_to_not_be_null", "column": "hs_code",
                                "severity": "warning", "unexpected_count": 6}]
    assert result.content_pass_rate() == 100.0   # a warning is reported, never counted against the accuracy gate
    assert result.to_report()["failures"] == result.failures


def test_machine_readings_compound_key_and_ranges() -> None:
    df = readings()
    df = pl.concat([df, df.slice(4, 1).with_columns(pl.lit("m-99999").alias("record_id"))]).with_columns(
        pl.when(pl.col("record_id") == "m-00007").then(104.0).otherwise(pl.col("efficiency_pct"))
        .alias("efficiency_pct"))
    result = validate_tables({"machine_readings": df}, "textiles", SUITES, None)["machine_readings"]
    failed = {(f["expectation"], f["column"]): f["unexpected_count"] for f in result.failures}
    assert failed == {("expect_compound_columns_to_be_unique", None): 2,
                      ("expect_column_values_to_be_between", "efficiency_pct"): 1}
    assert result.failed_critical == 2


def test_conditional_requirements() -> None:
    df = products().with_columns(
        pl.when(pl.col("category") == "yarn").then(None).otherwise(pl.col("yarn_count_tex")).alias("yarn_count_tex"))
    result = validate_tables({"products": df}, "textiles", SUITES, None)["products"]
    assert result.failures == [{"expectation": "expect_column_values_to_not_be_null", "column": "yarn_count_tex",
                                "severity": "critical", "unexpected_count": 2}]


# --- suite loading ------------------------------------------------------------------------------


def test_unknown_expectation_type_is_a_load_error(tmp_path: Path) -> None:
    write_suite(tmp_path, "textiles.products", [
        exp("expect_table_row_count_to_be_between", min_value=1),
        exp("expect_column_values_to_be_valid_usc", column="enterprise_id"),
    ])
    with pytest.raises(SuiteError, match=r"textiles\.products.*expect_column_values_to_be_valid_usc"):
        validate_tables({"products": products()}, "textiles", tmp_path, None)


@pytest.mark.parametrize("bad, message", [
    (exp("expect_column_values_to_be_in_set", column="x"), "rejected"),                    # missing value_set
    (exp("expect_column_values_to_be_in_set", severity="warn", column="x", value_set=[1]), "severity"),
    (exp("expect_column_values_to_be_in_set", meta={"profiles": ["publc"]}, column="x", value_set=[1]),
     "profiles"),
    ({"type": "expect_column_to_exist", "kwargs": {"column": "x"}, "severty": "warning"}, "unknown key"),
])
def test_malformed_expectations_are_load_errors(tmp_path: Path, bad: dict, message: str) -> None:
    write_suite(tmp_path, "t.x", [bad])
    with pytest.raises(SuiteError, match=message):
        load_suite(tmp_path / "t.x.json")


def test_suite_name_must_match_file_name(tmp_path: Path) -> None:
    write_suite(tmp_path, "textiles.products", [exp("expect_table_row_count_to_be_between", min_value=1)])
    (tmp_path / "textiles.products.json").rename(tmp_path / "textiles.machine_readings.json")
    with pytest.raises(SuiteError, match="must match the file name"):
        load_suite(tmp_path / "textiles.machine_readings.json")


def test_a_key_given_twice_or_a_meta_key_misplaced_is_an_error(tmp_path: Path) -> None:
    """A hand-merged suite with two `expectations` lists, or an expectation with a pasted second `type`, lost
    expectations silently (json keeps the last key); `meta.profile` applied the expectation to every profile."""
    write_suite(tmp_path, "t.x", [exp("expect_table_row_count_to_be_between", min_value=1)])
    path = tmp_path / "t.x.json"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('"expectations":', '"expectations": [], "expectations":', 1), encoding="utf-8")
    with pytest.raises(SuiteError, match="key 'expectations' given twice"):
        load_suite(path)
    bad = exp("expect_table_row_count_to_be_between", min_value=1)
    bad["meta"] = {"profile": ["internal"]}
    write_suite(tmp_path, "t.x", [bad])
    with pytest.raises(SuiteError, match=r"meta\.profile is not read; did you mean meta\.profiles"):
        load_suite(path)


def test_missing_suite_file_names_the_file(tmp_path: Path) -> None:
    with pytest.raises(SuiteError, match=r"textiles\.products\.json"):
        validate_tables({"products": products()}, "textiles", tmp_path, None)


def test_unknown_profile_is_rejected() -> None:
    with pytest.raises(SuiteError, match="profile"):
        validate_tables({"products": products()}, "textiles", SUITES, None, profile="partner")


# --- custom expectations ------------------------------------------------------------------------


def test_uscc_expectation(tmp_path: Path) -> None:
    good = [ENT_A, ENT_B, make_uscc("91330000143005270")]
    bad = [ENT_A[:-1] + ("1" if ENT_A[-1] != "1" else "2"), "91330100MA27XXXX", "913301OOMA27XXXXX0"]
    write_suite(tmp_path, "t.x", [exp("expect_column_values_to_be_valid_uscc", column="v")])
    result = validate_tables({"x": pl.DataFrame({"v": [*good, None, *bad]})}, "t", tmp_path, None)["x"]
    assert result.failures == [{"expectation": "expect_column_values_to_be_valid_uscc", "column": "v",
                                "severity": "critical", "unexpected_count": 3}]


def test_hs_code_expectation(tmp_path: Path) -> None:
    assert hs_code_is_valid("540772", CHAPTERS)
    assert hs_code_is_valid("630260", CHAPTERS)
    assert not hs_code_is_valid("540799", CHAPTERS)   # not a HS 2022 subheading
    assert not hs_code_is_valid("020110", CHAPTERS)   # exists, but meat (chapter 2)
    assert not hs_code_is_valid("620342", CHAPTERS)   # exists, apparel (chapter 62)
    assert not hs_code_is_valid("5407.72", CHAPTERS)
    assert not hs_code_is_valid(540772, CHAPTERS)
    write_suite(tmp_path, "t.x", [exp("expect_column_values_to_be_hs_code_in_chapters", column="hs",
                                      chapters=CHAPTERS)])
    frame = pl.DataFrame({"hs": ["540772", "551311", None, "540799", "020110", "5407720000"]})
    result = validate_tables({"x": frame}, "t", tmp_path, None)["x"]
    assert result.failures[0]["unexpected_count"] == 3


@pytest.mark.parametrize("value, ok", [
    (comp(("涤纶", 65.0), ("棉", 35.0)), True),
    (comp(("棉", 100.0)), True),
    (comp(("棉", 60.0), ("涤纶", 40.4)), True),        # 100.4, within 0.5
    (comp(("棉", 60.0), ("涤纶", 40.6)), False),       # 100.6
    (comp(("涤纶", 60.0), ("棉", 30.0)), False),       # 90
    (comp(("棉", 35.0), ("涤纶", 65.0)), False),       # not sorted descending
    (comp(("棉", 100.0), ("氨纶", 0.0)), False),       # zero share
    (comp(("", 100.0)), False),
    ([], False),
    ("涤纶 65 棉 35", False),
])
def test_composition_rule(value: Any, ok: bool) -> None:
    assert composition_is_valid(value) is ok


def test_composition_expectation_with_tolerance(tmp_path: Path) -> None:
    write_suite(tmp_path, "t.x", [
        exp("expect_column_fiber_composition_to_sum_to_100", column="c"),
        exp("expect_column_fiber_composition_to_sum_to_100", severity="warning", column="c", tolerance=1.0),
    ])
    frame = pl.DataFrame({"c": [comp(("棉", 95.0), ("氨纶", 5.0)), comp(("棉", 60.0), ("涤纶", 40.8)),
                                comp(("涤纶", 60.0), ("棉", 30.0)), None]}, schema={"c": COMP})
    result = validate_tables({"x": frame}, "t", tmp_path, None)["x"]
    counts = {f["severity"]: f["unexpected_count"] for f in result.failures}
    assert counts == {"critical": 2, "warning": 1}


# --- Data Docs ----------------------------------------------------------------------------------


def test_data_docs_are_written_and_reproducible(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1790000000")
    tables = {"products": products(), "machine_readings": readings()}
    pages: list[dict[str, bytes]] = []
    for attempt in ("a", "b"):
        docs = tmp_path / attempt / "gx"
        validate_tables(tables, "textiles", SUITES, docs)
        assert (docs / "index.html").is_file()
        assert (docs / "expectations" / "textiles" / "products.html").is_file()
        assert len(list((docs / "validations").rglob("*.html"))) == 2
        html = {str(p.relative_to(docs)): p.read_bytes() for p in sorted(docs.rglob("*.html"))}
        for body in html.values():
            assert str(tmp_path).encode() not in body
        pages.append(html)
    assert pages[0] == pages[1]
    assert capsys.readouterr().out == ""


def test_data_docs_replace_previous_run(tmp_path: Path) -> None:
    docs = tmp_path / "gx"
    (docs / "validations" / "stale").mkdir(parents=True)
    (docs / "keep.txt").write_text("not ours")
    validate_tables({"machine_readings": readings()}, "textiles", SUITES, docs)
    assert not (docs / "validations" / "stale").exists()
    assert (docs / "keep.txt").exists()
    assert "textiles.machine_readings" in (docs / "index.html").read_text(encoding="utf-8")


def test_data_docs_hide_tracebacks_of_failed_evaluations(tmp_path: Path,
                                                          caplog: pytest.LogCaptureFixture) -> None:
    docs = tmp_path / "gx"
    with caplog.at_level("WARNING", logger="indset.validation"):
        frame = products("internal").drop("enterprise_key")   # a builder bug: key column missing
        result = validate_tables({"products": frame}, "textiles", SUITES, docs)["products"]
    assert result.failed_critical >= 1
    assert any("raised during evaluation" in r.getMessage() for r in caplog.records)
    for page in docs.rglob("*.html"):
        body = page.read_text(encoding="utf-8")
        assert "site-packages" not in body and "Traceback (most recent call last)" not in body
        assert ENT_A not in body


# --- column groups: each group of expectations sees only the columns it reads ------------------------


def test_column_groups_follow_the_columns_read() -> None:
    from great_expectations.core import ExpectationSuite

    from indset.validation.runner import column_groups

    cond = {"type": "comparison", "column": {"name": "category"}, "operator": "==", "parameter": "yarn"}
    suite = ExpectationSuite(name="t.x", expectations=[
        {"type": "expect_table_row_count_to_be_between", "kwargs": {"min_value": 1}},
        {"type": "expect_column_values_to_not_be_null", "kwargs": {"column": "sku"}},
        {"type": "expect_column_values_to_not_be_null", "kwargs": {"column": "yarn_count_tex", "row_condition": cond}},
        {"type": "expect_column_values_to_be_unique", "kwargs": {"column": "sku"}},
        {"type": "expect_compound_columns_to_be_unique", "kwargs": {"column_list": ["sku", "name"]}},
        {"type": "expect_column_values_to_not_be_null",
         "kwargs": {"column": "name", "row_condition": 'category=="yarn"', "condition_parser": "pandas"}},
        {"type": "expect_column_values_to_not_be_null", "kwargs": {"column": "no_such_column"}},
    ])
    columns = ["sku", "name", "category", "yarn_count_tex"]
    groups = column_groups(suite.expectation_configurations, columns)
    assert groups == [(columns, [0, 5, 6]), (["sku"], [1, 3]), (["category", "yarn_count_tex"], [2]),
                      (["sku", "name"], [4])]


def test_grouped_run_reports_like_one_batch(tmp_path: Path) -> None:
    """Failures of every kind land on the right expectation, in suite order, with their counts."""
    write_suite(tmp_path, "t.x", [
        exp("expect_table_columns_to_match_ordered_list", column_list=["k", "v", "c"]),
        exp("expect_column_values_to_be_unique", column="k"),
        exp("expect_column_values_to_be_between", column="v", min_value=0),
        exp("expect_column_values_to_be_in_set", column="c", value_set=["a"],
            row_condition={"type": "comparison", "column": {"name": "v"}, "operator": ">", "parameter": 5}),
        exp("expect_column_values_to_not_be_null", severity="warning", column="missing"),
    ])
    df = pl.DataFrame({"k": [1, 2, 2, 3], "v": [-1.0, 3.0, 7.0, 9.0], "c": ["a", "b", "a", "b"]})
    result = validate_tables({"x": df}, "t", tmp_path, tmp_path / "docs")["x"]
    assert [(f["expectation"], f["column"], f["unexpected_count"]) for f in result.failures] == [
        ("expect_column_values_to_be_unique", "k", 2),
        ("expect_column_values_to_be_between", "v", 1),
        ("expect_column_values_to_be_in_set", "c", 1),
        ("expect_column_values_to_not_be_null", "missing", None),
    ]
    assert (result.evaluated, result.failed_critical, result.failed_warning) == (5, 3, 1)
    pages = list((tmp_path / "docs" / "validations").rglob("*.html"))
    assert len(pages) == 1  # one merged result per table in the Data Docs


# --- column groups in forked workers (indset.validation.parallel) -----------------------------------


def _planted_failures() -> dict[str, pl.DataFrame]:
    df = readings()
    df = pl.concat([df, df.slice(4, 1).with_columns(pl.lit("m-99999").alias("record_id"))]).with_columns(
        pl.when(pl.col("record_id") == "m-00007").then(104.0).otherwise(pl.col("efficiency_pct"))
        .alias("efficiency_pct"))
    return {"products": products().with_columns(pl.lit(None, pl.String).alias("hs_code")), "machine_readings": df}


def test_workers_give_the_same_results_and_docs_as_one_process(tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("multiprocessing").get_context("fork")  # fork-only feature
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1790000000")
    outs, pages = {}, {}
    for workers in ("1", "2"):
        monkeypatch.setenv("INDSET_VALIDATION_WORKERS", workers)
        docs = tmp_path / workers
        outs[workers] = validate_tables(_planted_failures(), "textiles", SUITES, docs)
        pages[workers] = {str(p.relative_to(docs)): p.read_bytes() for p in sorted(docs.rglob("*.html"))}
    assert outs["1"] == outs["2"]
    assert outs["2"]["machine_readings"].failed_critical == 2 and outs["2"]["products"].failed_warning == 1
    assert pages["1"] == pages["2"]


def test_a_dying_worker_leaves_its_groups_to_the_parent(monkeypatch: pytest.MonkeyPatch,
                                                        caplog: pytest.LogCaptureFixture) -> None:
    import os

    from indset.validation import runner

    parent = os.getpid()
    real_group = runner._validate_group

    def die_in_worker(*args: Any) -> Any:
        if os.getpid() != parent:
            os._exit(9)  # a worker killed mid-validation (e.g. by the kernel for memory)
        return real_group(*args)

    monkeypatch.setattr(runner, "_validate_group", die_in_worker)
    monkeypatch.setenv("INDSET_VALIDATION_WORKERS", "2")
    with caplog.at_level("WARNING", logger="indset.validation"):
        out = validate_tables(_planted_failures(), "textiles", SUITES, None)
    monkeypatch.setenv("INDSET_VALIDATION_WORKERS", "1")
    assert out == validate_tables(_planted_failures(), "textiles", SUITES, None)
    assert any("validation worker died" in r.getMessage() for r in caplog.records)


# --- sharded validation (the Ray engine's path, here in this process: indset.validation.sharded) ---------

SHARD = 8  # rows per slice in these tests: 50 rows -> 7 shards


def _sharded_frame() -> pl.DataFrame:
    """50 rows; planted failures in several shards, duplicates across shards, nulls in some shards only."""
    n = 50
    i = pl.int_range(n, eager=True)
    s = [("ok", "bad", None)[j % 3] if j % 2 else "ok" for j in range(n)]          # out-of-set + nulls everywhere
    return pl.DataFrame({
        "k": [3 if j in (3, 41) else 10 if j in (10, 20, 30) else 100 + j for j in range(n)],  # dupes across shards
        "big": pl.Series([2**60 if j == 2 else 2**60 + 1 if j == 45 else None if j == 9 else j for j in range(n)],
                         dtype=pl.UInt64),                                       # equal for pandas (float64)
        "f": [0.0 if j == 1 else -0.0 if j == 44 else float("nan") if j == 5 else None if j == 6 else j + 0.5
              for j in range(n)],
        "a": [None if j in (7, 8) else j % 20 for j in range(n)],               # compound (a, b): dupes, nulls
        "b": [None if j in (7, 8) else "x" for j in range(n)],
        "s": s,
        "code": [f"C{j:03d}" if j % 3 == 0 else f"c-{j}" for j in range(n)],     # 33 regex misses: > 20
        "n": pl.Series([None if j in (17, 18) else -1 if j % 9 == 4 else j for j in range(n)], dtype=pl.Int64),
        "lo": [j % 5 for j in range(n)],
        "hi": [j % 4 for j in range(n)],                                        # pair: hi >= lo fails here and there
        "x": [None if j in (1, 2, 3, 4, 5) else 1.0 for j in range(n)],         # 10% nulls, all in shard 0
        "c": [comp(("棉", 100.0)) if j % 11 else comp(("棉", 60.0), ("涤纶", 30.0)) for j in range(n)],
    }, schema_overrides={"c": COMP}).with_columns(i.alias("row"))


def _sharded_suite() -> list[dict[str, Any]]:
    yarn = {"type": "comparison", "column": {"name": "lo"}, "operator": ">", "parameter": 1}
    return [
        exp("expect_table_row_count_to_be_between", min_value=1),
        exp("expect_table_columns_to_match_ordered_list", column_list=list(_sharded_frame().columns)),
        exp("expect_table_column_count_to_equal", value=13),
        exp("expect_column_values_to_be_unique", column="k"),
        exp("expect_column_values_to_be_unique", column="big"),
        exp("expect_column_values_to_be_unique", column="f"),
        exp("expect_compound_columns_to_be_unique", column_list=["a", "b"]),
        exp("expect_compound_columns_to_be_unique", column_list=["f", "b"]),
        exp("expect_column_values_to_be_in_set", column="s", value_set=["ok"]),
        exp("expect_column_values_to_not_be_null", column="s"),
        exp("expect_column_values_to_be_in_set", column="s", value_set=["ok"], row_condition=yarn),
        exp("expect_column_values_to_match_regex", column="code", regex=r"^C\d{3}$"),
        exp("expect_column_values_to_be_between", column="n", min_value=0),
        exp("expect_column_pair_values_a_to_be_greater_than_b", column_A="hi", column_B="lo", or_equal=True),
        exp("expect_select_column_values_to_be_unique_within_record", column_list=["lo", "hi"]),
        exp("expect_column_values_to_not_be_null", column="x", mostly=0.9),            # passes: 10% in total
        exp("expect_column_values_to_not_be_null", column="x", mostly=0.95),           # fails in total
        exp("expect_column_fiber_composition_to_sum_to_100", column="c"),
        exp("expect_column_mean_to_be_between", column="lo", min_value=0, max_value=3),  # aggregate: driver
        exp("expect_column_values_to_not_be_null", severity="warning", column="missing"),  # missing: driver
    ]


def _normalized(result: Any) -> dict[str, Any]:
    """A stored suite result as JSON, without what differs between any two runs (ids, GE's load time)."""
    body = result.to_json_dict()
    body["meta"].pop("batch_markers")
    for r in body["results"]:
        r["expectation_config"].pop("id")
    return body


def _validated(tmp_path: Path, name: str, tables: dict[str, pl.DataFrame], executor: Any = None,
               **kwargs: Any) -> tuple[dict[str, TableValidation], dict[str, Any], dict[str, bytes]]:
    from indset.validation import Validation

    docs = tmp_path / name
    v = Validation(tables, "t", tmp_path, docs, run_time=dt.datetime(2026, 11, 1, tzinfo=dt.UTC), executor=executor,
                   **kwargs)
    out = v.finish()
    store = v.context.validation_results_store
    stored = {body["suite_name"]: body for body in (_normalized(store.get(key)) for key in store.list_keys())}
    pages = {str(p.relative_to(docs)): p.read_bytes() for p in sorted(docs.rglob("*.html"))}
    return out, stored, pages


def test_sharded_validation_equals_one_pass(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                            caplog: pytest.LogCaptureFixture) -> None:
    """Shard by shard (hash partitions for uniqueness), merged: the same stored results, summary and Data Docs."""
    from indset.validation import sharded

    monkeypatch.setattr(sharded, "SHARD_ROWS", SHARD)
    write_suite(tmp_path, "t.x", _sharded_suite())
    tables = {"x": _sharded_frame()}
    local = _validated(tmp_path, "local", tables)
    executor = sharded.InProcess()
    with caplog.at_level("INFO", logger="indset.validation"):
        merged = _validated(tmp_path, "sharded", tables, executor)
    assert merged[1] == local[1]
    assert merged[0] == local[0]
    assert merged[2] == local[2]
    failed = {(f["expectation"], f["column"]): f["unexpected_count"] for f in local[0]["x"].failures}
    assert failed[("expect_column_values_to_be_unique", "k")] == 5
    assert failed[("expect_column_values_to_be_unique", "big")] == 2      # 2**60 and 2**60 + 1 as float64
    assert failed[("expect_column_values_to_be_unique", "f")] == 2        # 0.0 and -0.0
    assert failed[("expect_compound_columns_to_be_unique", None)] > 0
    assert failed[("expect_column_values_to_match_regex", "code")] == 33
    assert ("expect_column_values_to_not_be_null", "x") in failed and local[0]["x"].failed_critical >= 8
    row_local_groups, shards = 7, -(-50 // SHARD)  # s, (s, lo), code, n, (lo, hi), x, c
    assert executor.calls > row_local_groups * shards  # and the hash partitions of the 5 uniqueness checks
    assert "t.x: 2 expectation(s) on the driver" in caplog.text        # the mean, and the missing column


def test_merge_of_slices_equals_the_whole_frame() -> None:
    """merge_results on the results of release-order shards (or hash partitions) gives the whole frame's result,
    partial lists (first 20) and counts included, also where ``mostly`` fails in total but not per shard; also when
    the slices count with polars what fast.py decides and run GE only where they find unexpected values."""
    import pickle

    from great_expectations.core import ExpectationSuite

    from indset.validation import fast, sharded
    from indset.validation.runner import _validate_group

    frame = _sharded_frame()
    passing = [exp("expect_column_values_to_be_between", column="lo", min_value=0, max_value=4),  # every part counted
               exp("expect_column_values_to_be_unique", column="row")]
    suite = ExpectationSuite(name="t.x", expectations=_sharded_suite() + passing)
    configs = suite.expectation_configurations
    order = sharded.identity_order(frame.height)
    pad = [c for c in frame.columns if frame[c].null_count()]
    checked = counted = alone = 0  # alone: parts decided by their counts, without GE
    for i, config in enumerate(configs):
        kind, keys = sharded._kind(config, frame.schema)
        if kind not in ("rows", "keyed"):
            continue
        expectation = [config.to_json_dict()]
        whole = _validate_group(sharded._definition("t", "x"), sharded.slice_frame(list(frame), 0, set(pad)), "t.x",
                                expectation).results[0]
        if kind == "rows":
            slices = [(s, frame.slice(s, e - s)) for s, e in order.shards(SHARD)]
        else:
            parts = sharded.partitions(frame, order.rows, keys, 4)
            slices = [(p, frame[p]) for p in parts if p.len()]
        results = [pickle.loads(pickle.dumps(sharded.validate_slice("t", "x", "t.x", expectation, {}, start, pad,
                                                                    *part)))[1].results[0] for start, part in slices]
        merged = sharded.merge_results(results, by_index=kind == "keyed")
        assert merged is not None and merged.to_json_dict() == whole.to_json_dict(), config.type
        if config.kwargs.get("mostly") == 0.95:
            assert any(r.success for r in results) and not merged.success
        if config.kwargs.get("mostly") == 0.9:
            assert not all(r.success for r in results) and merged.success
        checked += 1
        # counted with polars where fast.py decides (planned on the whole frame), GE only where a part has
        # unexpected values: merged (or decided from the summed counts), the same result
        counting = {0: fast.plan(frame, configs, [i])[i]} if fast.plan(frame, configs, [i]) else {}
        parts = [pickle.loads(pickle.dumps(sharded.validate_slice("t", "x", "t.x", expectation, counting, start, pad,
                                                                  *part))) for start, part in slices]
        mixed = [r.results[0] if r is not None else c[0] for c, r in parts]
        counted += bool(counting)
        assert all(counting and c[0][2] == 0 for c, r in parts if r is None), config.type  # GE ran where values fail
        alone += sum(r is None for _, r in parts)
        if all(r is None for _, r in parts):
            total = [sum(c[0][k] for c, _ in parts) for k in range(3)]
            batch = whole.expectation_config.kwargs["batch_id"]
            merged = fast.decided([whole.expectation_config], {0: total}, batch)[0]
        else:
            merged = sharded.merge_results(mixed, by_index=kind == "keyed")
        assert merged is not None and merged.to_json_dict() == whole.to_json_dict(), config.type
    assert checked == 17 and counted >= 8 and alone >= 10


def test_a_slice_whose_checks_all_pass_imports_no_ge() -> None:
    """A shard task whose checks polars counts, all without unexpected values, returns its counts without importing
    GE or pandas (seconds in each fresh Ray worker); one with an unexpected value runs GE for that check alone."""
    import subprocess
    import sys

    from great_expectations.core import ExpectationSuite

    from indset.validation import fast, sharded

    code = """
import sys
import polars as pl
from indset.validation import fast, sharded
frame = pl.DataFrame({"v": [1, 2, 3, None]})
configs = [type("C", (), {"type": "expect_column_values_to_be_between", "kwargs": {"column": "v", "min_value": 0}})()]
plans = fast.plan(frame, configs, [0])
counts, ran = sharded.validate_slice("t", "x", "t.x", [{}], plans, 0, ["v"], frame["v"])
assert counts == {0: [4, 1, 0]} and ran is None, (counts, ran)
assert "great_expectations" not in sys.modules and "pandas" not in sys.modules
"""
    done = subprocess.run([sys.executable, "-c", code], cwd=Path(__file__).resolve().parents[1], capture_output=True,
                          text=True)
    assert done.returncode == 0, done.stderr
    frame = pl.DataFrame({"v": [1, -2, 3, None], "w": [1, 2, 3, 4]})
    suite = [exp("expect_column_values_to_be_between", column="v", min_value=0),
             exp("expect_column_values_to_be_between", column="w", min_value=0)]
    configs = ExpectationSuite(name="t.x", expectations=suite).expectation_configurations
    counts, ran = sharded.validate_slice("t", "x", "t.x", [c.to_json_dict() for c in configs],
                                         fast.plan(frame, configs, [0, 1]), 0, ["v"], frame["v"], frame["w"])
    assert counts == {0: [4, 1, 1], 1: [4, 0, 0]}
    assert [r.expectation_config.kwargs["column"] for r in ran.results] == ["v"]
    assert ran.results[0].result["partial_unexpected_list"] == [-2]


def test_hash_partitions_keep_equal_keys_together() -> None:
    from indset.validation import sharded

    frame = pl.DataFrame({"f": [0.0, -0.0, float("nan"), None, 1.5], "i": pl.Series([2**60, 2**60 + 1, None, 7, 7],
                                                                                      dtype=pl.UInt64)})
    order = sharded.identity_order(frame.height)
    for key, together in ((["f"], [0, 1]), (["f"], [2, 3]), (["i"], [0, 1]), (["i"], [3, 4])):
        parts = sharded.partitions(frame, order.rows, key, 16)
        assert [p for p in parts if set(together) <= set(p.to_list())], (key, together)
        assert sorted(r for p in parts for r in p.to_list()) == list(range(frame.height))


def test_release_order_is_the_order_of_the_written_shards(tmp_path: Path) -> None:
    """release_order and its shard ranges follow indset.package.write_table; `indset validate` reads files so."""
    from indset.cli import _release_files
    from indset.package import write_table
    from indset.split import SPLIT_TYPE
    from indset.validation import release_order

    ids = pl.Series("record_id", [(j * 7919) % 31 for j in range(30)], dtype=pl.UInt64)
    splits = pl.Series("split", [("test", "train", "train", "validation")[j % 4] for j in range(30)], SPLIT_TYPE)
    frame = pl.DataFrame([ids, splits, pl.Series("v", range(30))])
    write_table(frame, "x", tmp_path, shard_rows=4)
    shipped = [pl.read_parquet(f) for f in _release_files(tmp_path / "data" / "x")]
    order = release_order(frame["record_id"], frame["split"])
    assert pl.concat(shipped).equals(frame.drop("split")[order.rows])
    assert [s.height for s in shipped] == [end - start for start, end in order.shards(4)]
    assert order.split_rows == (15, 7, 8)


def test_conditioned_groups_query_columns_only_with_the_same_results(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Groups whose row conditions are structured get a frame that offers pandas' query no index (pandas copied the
    whole index twice per query); stored results and Data Docs are those of a plain frame. A pandas query string
    may name the index: its group keeps a plain frame, and a condition on the index still works."""
    from indset.validation import frames, runner

    tags = {"type": "comparison", "column": {"name": "tag"}, "operator": "IN", "parameter": ["p1", "p2"]}
    write_suite(tmp_path, "t.x", [
        exp("expect_column_values_to_be_in_set", column="unit", value_set=["kPa"], row_condition=tags),
        exp("expect_column_values_to_be_between", column="v", min_value=0, max_value=50, row_condition=tags),
        exp("expect_column_values_to_be_between", column="v", min_value=0, max_value=5,
            row_condition="index < 10", condition_parser="pandas")])
    n = 400
    frame = pl.DataFrame({"tag": [("p1", "p2", "t1", None, "zz")[i % 5] for i in range(n)],
                          "unit": [("kPa", "MPa", "degC")[i % 3] if i % 7 else None for i in range(n)],
                          "v": [float(i % 90) for i in range(n)]})
    kinds: list[str] = []
    group = runner._validate_group

    def recorded(definition, batch, *args):
        kinds.append(type(batch).__name__)
        return group(definition, batch, *args)

    monkeypatch.setattr(runner, "_validate_group", recorded)
    column_only = _validated(tmp_path, "columns", {"x": frame})
    # the two structured groups, the query-string group, and the table-level stub (no expectations here)
    assert sorted(kinds) == ["ColumnQueryFrame", "ColumnQueryFrame", "DataFrame", "DataFrame"]
    monkeypatch.setattr(frames.ColumnQueryFrame, "_get_index_resolvers", pd_index_resolvers())
    plain = _validated(tmp_path, "plain", {"x": frame})
    assert column_only == plain
    failed = {(f["expectation"], f["column"]): f["unexpected_count"] for f in plain[0]["x"].failures}
    assert failed[("expect_column_values_to_be_between", "v")] == frame.head(10).filter(pl.col("v") > 5).height


def pd_index_resolvers():
    """pandas' own ``_get_index_resolvers`` (what a plain frame offers a query)."""
    import pandas as pd

    return pd.DataFrame._get_index_resolvers


def test_row_order_gathers_each_column(tmp_path: Path) -> None:
    """With a row order the local engine validates rows in that order: partial lists follow it."""
    from indset.validation import sharded

    write_suite(tmp_path, "t.x", [exp("expect_column_values_to_be_in_set", column="v", value_set=[0])])
    order = sharded.ReleaseOrder(pl.Series([2, 0, 1, 3], dtype=pl.get_index_type()), (4,))
    _, stored, _ = _validated(tmp_path, "docs", {"x": pl.DataFrame({"v": [1, 2, 3, 0]})}, row_order={"x": order})
    [result] = stored["t.x"]["results"]
    assert result["result"]["partial_unexpected_list"] == [3, 1, 2]
    assert result["result"]["partial_unexpected_index_list"] == [0, 1, 2]


def test_condition_and_key_columns_are_categorical_with_the_same_results(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A row condition's column (`tag in [...]`) and the columns of a compound key are handed to GE as categoricals
    (GE evaluates a condition once per metric and factorizes key columns); the stored results and Data Docs are
    those of plain strings, failures, nulls and their lists included."""
    from indset.validation.runner import SuitePlan

    tags = {"type": "comparison", "column": {"name": "tag"}, "operator": "IN", "parameter": ["p1", "p2"]}
    write_suite(tmp_path, "t.x", [
        exp("expect_column_values_to_be_in_set", column="unit", value_set=["kPa"], row_condition=tags),
        exp("expect_column_values_to_be_between", column="v", min_value=0, max_value=50, row_condition=tags),
        exp("expect_column_values_to_be_in_set", column="tag", value_set=["p1", "p2", "t1"]),
        exp("expect_compound_columns_to_be_unique", column_list=["key", "tag", "ts"])])
    n = 400
    frame = pl.DataFrame({"tag": [("p1", "p2", "t1", None, "zz")[i % 5] for i in range(n)],
                          "unit": [("kPa", "MPa", "degC")[i % 3] if i % 7 else None for i in range(n)],
                          "v": [float(i % 90) for i in range(n)], "key": [("a", None)[i % 2] for i in range(n)],
                          "ts": [dt.datetime(2026, 1, 1) + dt.timedelta(minutes=i % 60) for i in range(n)]})
    categorical = _validated(tmp_path, "cat", {"x": frame})
    plan = SuitePlan.__new__(SuitePlan)
    plan.configs = [type("C", (), {"kwargs": e["kwargs"], "type": e["type"]})() for e in json.loads(
        (tmp_path / "t.x.json").read_text(encoding="utf-8"))["expectations"]]
    assert plan.categorical([0, 1]) == {"tag"} and plan.categorical([0, 2]) == set()
    assert plan.categorical([3]) == {"key", "tag", "ts"} and plan.categorical([2, 3]) == {"key", "ts"}
    monkeypatch.setattr(SuitePlan, "categorical", lambda self, idx: set())
    plain = _validated(tmp_path, "plain", {"x": frame})
    assert categorical == plain
    failed = {(f["expectation"], f["column"]): f["unexpected_count"] for f in plain[0]["x"].failures}
    conditioned = frame.filter(pl.col("tag").is_in(["p1", "p2"]))
    assert failed == {
        ("expect_column_values_to_be_in_set", "unit"): conditioned.filter(pl.col("unit") != "kPa").height,
        ("expect_column_values_to_be_between", "v"): conditioned.filter(pl.col("v") > 50).height,
        ("expect_column_values_to_be_in_set", "tag"): frame.filter(pl.col("tag") == "zz").height,
        ("expect_compound_columns_to_be_unique", None): n}


# --- expectations decided by polars (indset.validation.fast) ---------------------------------------------


def _cmp(column: str, operator: str, parameter: Any) -> dict[str, Any]:
    return {"type": "comparison", "column": {"name": column}, "operator": operator, "parameter": parameter}


def _fast_frame() -> pl.DataFrame:
    """40 rows where the checks below pass: nulls and NaN in checked columns (missing, not checked), strings,
    categoricals, enums, unsigned ids, datetimes, keys whose missing rows repeat."""
    n = 40
    return pl.DataFrame({
        "id": pl.Series([2**63 + j for j in range(n)], dtype=pl.UInt64),
        "code": [f"C{j:03d}" if j % 7 else None for j in range(n)],
        "status": pl.Series(["ok", "idle"] * (n // 2), dtype=pl.Categorical),
        "kind": pl.Series(["a", "b", None, "a"] * (n // 4), dtype=pl.Enum(["a", "b"])),
        "level": [j % 5 if j % 6 else None for j in range(n)],
        "speed": [float("nan") if j == 3 else None if j == 4 else j * 1.5 for j in range(n)],
        "ts": [dt.datetime(2026, 10, 1, tzinfo=dt.UTC) + dt.timedelta(minutes=j) for j in range(n)],
        "machine": [None if j in (5, 6) else f"L-{j % 8}" for j in range(n)],
        "shift": [None if j in (5, 6) else j // 8 for j in range(n)],
        "note": [None if j % 2 else f"n{j}" for j in range(n)],  # unique where present; nulls repeat
    })


def _fast_suite(frame: pl.DataFrame) -> list[dict[str, Any]]:
    return [
        exp("expect_table_row_count_to_be_between", min_value=1),
        exp("expect_table_columns_to_match_ordered_list", column_list=list(frame.columns)),
        exp("expect_column_values_to_not_be_null", column="id"),
        exp("expect_column_values_to_not_be_null", column="ts"),
        exp("expect_column_values_to_not_be_null", column="code", mostly=0.8),       # nulls: GE decides
        exp("expect_column_values_to_be_unique", column="id"),
        exp("expect_column_values_to_be_unique", column="ts"),
        exp("expect_column_values_to_be_unique", column="note"),
        exp("expect_column_values_to_be_unique", column="speed"),                    # floats: GE decides
        exp("expect_compound_columns_to_be_unique", column_list=["machine", "shift"]),
        exp("expect_compound_columns_to_be_unique", column_list=["machine", "shift"], ignore_row_if="never"),
        exp("expect_column_values_to_be_in_set", column="status", value_set=["ok", "idle"]),
        exp("expect_column_values_to_be_in_set", column="kind", value_set=["a", "b"]),
        exp("expect_column_values_to_be_in_set", column="level", value_set=[0, 1, 2, 3, 4]),
        exp("expect_column_values_to_not_be_in_set", column="status", value_set=["down"]),
        exp("expect_column_values_to_be_in_set", column="status", value_set=["ok"]),  # fails: GE's examples
        exp("expect_column_values_to_be_between", column="speed", min_value=0, max_value=58.5),
        exp("expect_column_values_to_be_between", column="speed", min_value=0, strict_min=True),  # 0.0 fails
        exp("expect_column_values_to_be_between", column="level", max_value=4),
        exp("expect_column_values_to_match_regex", column="code", regex=r"^C[0-9]{3}$"),
        exp("expect_column_values_to_match_regex", column="code", regex=r"^C\d{3}$"),  # \d: GE decides
        exp("expect_column_values_to_match_regex", column="code", regex=r"(?i)^c[0-9]+$"),  # a flag: GE
        exp("expect_column_values_to_match_regex", column="code", regex=r"^C0[0-9]$"),  # fails: GE's examples
        # row conditions as GE's pandas query keeps rows: a missing value is in no set, differs from every value
        exp("expect_column_values_to_be_in_set", column="status", value_set=["ok", "idle"], row_condition=_cmp(
            "kind", "IN", ["a"])),
        exp("expect_column_values_to_be_between", column="speed", min_value=0, max_value=58.5,
            row_condition=_cmp("level", ">", 1)),
        exp("expect_column_values_to_not_be_null", column="ts", row_condition=_cmp("level", "!=", 3)),
        exp("expect_column_values_to_be_between", column="speed", max_value=58.5, row_condition={
            "type": "and", "conditions": [_cmp("status", "==", "ok"), _cmp("speed", ">=", 0)]}),
        exp("expect_column_values_to_be_in_set", column="kind", value_set=["a", "b"],
            row_condition={"type": "nullity", "column": {"name": "kind"}, "is_null": False}),
        exp("expect_column_values_to_be_in_set", column="status", value_set=["ok"],
            row_condition=_cmp("kind", "NOT_IN", ["a"])),                            # fails (nulls kept)
        exp("expect_column_values_to_not_be_null", column="code", row_condition=_cmp("level", "==", 3)),  # fails
    ]


def _validated_by_ge_alone(tmp_path: Path, name: str, tables: dict[str, pl.DataFrame],
                           monkeypatch: pytest.MonkeyPatch) -> tuple[Any, ...]:
    """``_validated`` as before polars decided anything: no counts, no table-level stub, every check through GE."""
    from indset.validation import fast, runner

    with monkeypatch.context() as m:
        m.setattr(fast, "passed", lambda *args: {})
        m.setattr(runner.SuitePlan, "settle", lambda self: None)
        return _validated(tmp_path, name, tables)


@pytest.mark.parametrize(("frame", "expectation"), [
    (pl.DataFrame({"a": [1, 2, 3]}),  # a table-level check with a row condition needs the rows
     exp("expect_table_row_count_to_be_between", max_value=1, row_condition=_cmp("a", ">", 1))),
    (pl.DataFrame({"code": ["12", "1234"]}),  # `{2, 4}`: a count in Rust, literal text in RE2
     exp("expect_column_values_to_match_regex", column="code", regex=r"^[0-9]{2, 4}$")),
    (pl.DataFrame({"w": ["abc"]}), exp("expect_column_values_to_match_regex", column="w", regex=r"\<")),
    (pl.DataFrame({"w": ["x"]}), exp("expect_column_values_to_match_regex", column="w", regex=r"^[^x&&y]$")),
    (pl.DataFrame({"w": ["abc"]}), exp("expect_column_values_to_match_regex", column="w", regex=r"^[a-z]**$")),
    (pl.DataFrame({"r": pl.Series([0.1], dtype=pl.Float32)}),  # 0.10000000149 > 0.1 in float64
     exp("expect_column_values_to_be_between", column="r", max_value=0.1)),
    (pl.DataFrame({"id": [2**53, None], "v": [-1, 1]}),  # float64 in pandas: 2**53 + 1 == 2**53
     exp("expect_column_values_to_be_between", column="v", min_value=0, row_condition=_cmp("id", "==", 2**53 + 1))),
    (pl.DataFrame({"lvl": [1, 2], "v": [-1, 1]}),  # a condition polars will not evaluate: that check goes to GE
     exp("expect_column_values_to_be_between", column="v", min_value=0, row_condition=_cmp("lvl", "IN", [1.0, 2.5]))),
])
def test_checks_that_fail_under_ge_are_never_passed_by_polars(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                              frame: pl.DataFrame, expectation: dict) -> None:
    """A review's cases where polars and GE disagreed (regex dialects, float32, integers pandas holds as
    float64, a conditioned table-level check): the result is GE's, a failure."""
    write_suite(tmp_path, "t.x", [expectation])
    fast_path = _validated(tmp_path, "polars", {"x": frame})
    assert fast_path == _validated_by_ge_alone(tmp_path, "ge", {"x": frame}, monkeypatch)
    assert fast_path[0]["x"].failed_critical == 1


def test_polars_decided_expectations_give_ges_results_and_docs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                                               ) -> None:
    """Expectations that pass by polars' counts get the stored results and Data Docs GE gives (nulls and NaN as
    missing, categoricals, enums, unsigned ids, datetimes, compound keys with missing rows); failing ones,
    floats as keys, ``\\d`` and flags in a regex, and row conditions stay with GE."""
    from indset.validation import fast

    frame = _fast_frame()
    write_suite(tmp_path, "t.x", _fast_suite(frame))
    write_suite(tmp_path, "t.y", _sharded_suite())
    tables = {"x": frame, "y": _sharded_frame()}
    decided: list[int] = []
    real = fast.passed

    def counted(*args: Any) -> dict[int, Any]:
        out = real(*args)
        decided.append(len(out))
        return out

    monkeypatch.setattr(fast, "passed", counted)
    with_polars = _validated(tmp_path, "polars", tables)
    with_ge = _validated_by_ge_alone(tmp_path, "ge", tables, monkeypatch)
    assert with_polars == with_ge
    assert decided == [18, 0]  # x: every passing check above but those marked; y: all fail or stay with GE
    failed = {(f["expectation"], f["column"]) for f in with_ge[0]["x"].failures}
    assert failed == {("expect_column_values_to_be_in_set", "status"), ("expect_column_values_to_be_between", "speed"),
                      ("expect_column_values_to_match_regex", "code"),
                      ("expect_compound_columns_to_be_unique", None),  # ignore_row_if never: two all-null keys
                      ("expect_column_values_to_not_be_null", "code")}


@pytest.mark.parametrize(("regex", "portable"), [
    (r"^[0-9a-f]{32}$", True), (r"^[A-Z0-9\-]+(?:\.[0-9]+)?$", True), (r"^(L|SF)-[0-9]{2}$", True),
    (r"^C\d{3}$", False),      # \d: Unicode digits in Rust and Python, ASCII in RE2
    (r"(?i)^c", False), (r"(?=a)b", False), (r"\bloom", False), (r"\w+", False), (r"(a)\1", False),
])
def test_only_regexes_meaning_the_same_everywhere_are_decided_by_polars(regex: str, portable: bool) -> None:
    from indset.validation.fast import _portable_regex

    assert _portable_regex(regex) is portable
