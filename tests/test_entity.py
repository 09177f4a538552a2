"""Entity resolution: re-listings merge within an enterprise and the same specification only."""

from __future__ import annotations

import datetime as dt

import polars as pl

from indset.resolve import RECORD_ID, resolve_versions
from indset.standard import load_standard

UTC = dt.UTC


def products(rows: list[tuple]) -> pl.DataFrame:
    """rows: (enterprise, sku, name, weight, color, updated day, source index, source row)."""
    return pl.DataFrame({
        "enterprise_id": [r[0] for r in rows], "enterprise_key": [r[0] for r in rows],
        "sku": [r[1] for r in rows], "name": [r[2] for r in rows], "category": ["finished_fabric"] * len(rows),
        "hs_code": ["540752"] * len(rows),
        "fiber_composition": [[{"fiber": "涤纶", "pct": 100.0}]] * len(rows),
        "yarn_count_tex": pl.Series([None] * len(rows), dtype=pl.Float64),
        "fabric_weight_gsm": [float(r[3]) for r in rows], "width_cm": [150.0] * len(rows),
        "weave": ["satin"] * len(rows), "color": [r[4] for r in rows],
        "updated_at": [dt.datetime(2026, 10, r[5], tzinfo=UTC) for r in rows],
        "_source_index": pl.Series([r[6] for r in rows], dtype=pl.Int32),
        "_source_row": pl.Series([r[7] for r in rows], dtype=pl.Int64),
    })


ROWS = [
    ("E1", "TX-0012", "涤纶色丁 50D", 109, "酒红", 1, 0, 1),
    ("E1", "TX0012", "涤纶色丁50D", 109, "酒红", 5, 1, 1),        # re-listing: code and spacing reformatted
    ("E1", "TX-12", "滌綸色丁50D", 109, "酒红", 3, 1, 2),          # traditional script, not simplified here
    ("E1", "TX-0013", "涤纶色丁 50D", 120, "酒红", 6, 0, 2),       # other weight: different product
    ("E1", "TX0013", "涤纶色丁 50D", 109, "藏青", 6, 0, 3),        # other colour: different product
    ("E2", "TX0012", "涤纶色丁 50D", 109, "酒红", 9, 2, 1),        # other enterprise: never merged
    ("E1", "tx 0012", "Polyester satin", 109, "酒红", 7, 1, 3),    # same code, unrelated name: not merged
]


def test_relistings_merge_by_survivor_rule_and_hard_negatives_stay(textiles):
    res = resolve_versions(products(ROWS), textiles.tables["products"], "textiles")
    kept = {(r["enterprise_key"], r["_source_index"], r["_source_row"]) for r in res.survivors.iter_rows(named=True)}
    # TX0012 (day 5) survives; TX-0012 and TX-12 merge into it; TX-12 with traditional 滌綸 has name sim < 0.85
    assert ("E1", 1, 1) in kept and ("E1", 0, 1) not in kept
    assert {("E1", 0, 2), ("E1", 0, 3), ("E2", 2, 1), ("E1", 1, 3)} <= kept
    relisted = res.merged.filter(pl.col("_reason") == "relisting")
    survivor_id = res.survivors.filter(pl.col("sku") == "TX0012", pl.col("enterprise_key") == "E1")[RECORD_ID][0]
    assert (relisted[RECORD_ID] == survivor_id).all()
    assert res.relistings == relisted.height >= 1
    assert res.pairs is not None and res.pairs["name_similarity"].min() >= 0.85
    assert res.survivors.height + res.merged.height == len(ROWS)


def test_codes_whose_digit_groups_differ_are_different_products(textiles):
    """Red team 12: `HS-1-12` merged into `HS-11-2` as a re-listing, `AB-100` and `AB-10-0` too (separators were all
    removed). A separator between two digit groups tells them apart; between letters and digits it is formatting
    (negative: `TX-0012`, `tx 0012`, `TX0012` still merge)."""
    from indset.entity import canonical_code

    rows = [("E1", "HS-1-12", "全棉府绸", 120, "白", 1, 0, 1), ("E1", "HS-11-2", "全棉府绸", 120, "白", 2, 0, 2),
            ("E1", "5-01", "涤纶春亚纺", 80, "黑", 1, 0, 3), ("E1", "50-1", "涤纶春亚纺", 80, "黑", 2, 0, 4),
            ("E1", "AB-100", "人棉布", 110, "红", 1, 0, 5), ("E1", "AB-10-0", "人棉布", 110, "红", 2, 0, 6),
            ("E1", "TX-0012", "涤纶色丁50D", 109, "酒红", 1, 0, 7),
            ("E1", "tx 0012", "涤纶色丁50D", 109, "酒红", 2, 0, 8),
            ("E1", "TX0012", "涤纶色丁50D", 109, "酒红", 3, 0, 9)]
    res = resolve_versions(products(rows), textiles.tables["products"], "textiles")
    assert sorted(res.survivors["sku"].to_list()) == sorted(["HS-1-12", "HS-11-2", "5-01", "50-1", "AB-100", "AB-10-0",
                                                             "TX0012"])
    assert res.relistings == 2
    codes = pl.DataFrame({"c": ["TX-0012", "TX0012", "tx 0012", "TX-12", "HS-1-12", "HS-01-12", "12-A", "12A"]})
    assert codes.select(canonical_code("c"))["c"].to_list() == ["TX12"] * 4 + ["HS1-12"] * 2 + ["12A"] * 2


def test_never_across_enterprises_even_when_identical(textiles):
    rows = [("E1", "A-1", "全棉府绸", 100, "白", 1, 0, 1), ("E2", "A1", "全棉府绸", 100, "白", 2, 1, 1)]
    res = resolve_versions(products(rows), textiles.tables["products"], "textiles")
    assert res.relistings == 0 and res.survivors.height == 2


def test_same_record_ids_on_shuffled_input(textiles):
    spec = textiles.tables["products"]
    frame = products(ROWS)
    a = resolve_versions(frame, spec, "textiles")
    b = resolve_versions(frame.sample(fraction=1.0, shuffle=True, seed=3), spec, "textiles")
    key = ["_source_index", "_source_row"]
    assert a.survivors.sort(key)[RECORD_ID].to_list() == b.survivors.sort(key)[RECORD_ID].to_list()
    assert a.merged.sort(key).rows() == b.merged.sort(key).rows()
    assert a.pairs.equals(b.pairs)


def test_superseded_versions_follow_their_entity_into_the_survivor(textiles):
    rows = [("E1", "TX-0012", "涤纶色丁50D", 109, "酒红", 1, 0, 1),
            ("E1", "TX-0012", "涤纶色丁50D", 109, "酒红", 2, 0, 2),   # newer version of TX-0012
            ("E1", "TX0012", "涤纶色丁50D", 109, "酒红", 9, 1, 1)]    # the re-listing, latest
    res = resolve_versions(products(rows), textiles.tables["products"], "textiles")
    assert res.survivors.height == 1
    assert set(res.merged[RECORD_ID]) == set(res.survivors[RECORD_ID])
    assert sorted(res.merged["_reason"]) == ["relisting", "superseded_version"]


def chemical_products(rows: list[tuple]) -> pl.DataFrame:
    """rows: (sku, name, purity, updated day, source row); one enterprise, one substance (HF)."""
    n = len(rows)
    return pl.DataFrame({
        "enterprise_id": ["E1"] * n, "enterprise_key": ["E1"] * n, "sku": [r[0] for r in rows],
        "name": [r[1] for r in rows], "cas_rn": ["7664-39-3"] * n, "formula": ["FH"] * n,
        "purity_pct": [float(r[2]) for r in rows], "grade": ["electronic"] * n, "hs_code": ["281111"] * n,
        "un_number": ["1790"] * n, "updated_at": [dt.datetime(2026, 10, r[3], tzinfo=UTC) for r in rows],
        "_source_index": pl.Series([0] * n, dtype=pl.Int32),
        "_source_row": pl.Series([r[4] for r in rows], dtype=pl.Int64),
    })


def test_a_5n_and_a_6n_purity_are_different_products():
    """Red team round 12: `HF-0501` 99.999% and `HF501` 99.9999% (same CAS, grade, HS) were merged as a re-listing:
    the specification was compared at 2 decimals (both 100.0). A purity's nines are compared to 6 decimals, so
    formatting noise still merges (a fraction 0.99999 read as 99.99900000000001)."""
    table = load_standard("chemicals").tables["products"]
    apart = resolve_versions(chemical_products([("HF-0501", "电子级氢氟酸", 99.999, 1, 1),
                                                ("HF501", "电子级氢氟酸 ", 99.9999, 2, 2)]), table, "chemicals")
    assert apart.relistings == 0 and apart.survivors.height == 2
    noise = resolve_versions(chemical_products([("HF-0501", "电子级氢氟酸", 99.999, 1, 1),
                                                ("HF501", "电子级氢氟酸", 0.99999 * 100, 2, 2)]), table, "chemicals")
    assert noise.relistings == 1 and noise.survivors["sku"].to_list() == ["HF501"]
