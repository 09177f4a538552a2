"""Pairwise precision, recall and F1 of entity resolution and of text near-duplicates on a labelled set.

    python benchmarks/er_eval.py [--set benchmarks/er_eval/products.jsonl]

The set (``benchmarks/er_eval/make.py``) carries the true entity and near-copy group of every row; the
engine runs with the textiles ``resolution`` and ``near_duplicates`` settings. A pair is two rows.
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
from pathlib import Path

import polars as pl

from indset.neardup import NearDupConfig, text_clusters
from indset.resolve import RECORD_ID, resolve_versions
from indset.standard import load_standard

SET = Path(__file__).parent / "er_eval" / "products.jsonl"


def pairs_of(labels: list) -> set[tuple[int, int]]:
    groups: dict = {}
    for i, g in enumerate(labels):
        groups.setdefault(g, []).append(i)
    return {p for rows in groups.values() for p in itertools.combinations(rows, 2)}


def prf(predicted: set, truth: set) -> tuple[float, float, float]:
    tp = len(predicted & truth)
    p = tp / len(predicted) if predicted else 1.0
    r = tp / len(truth) if truth else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--set", type=Path, default=SET)
    args = ap.parse_args()
    if not args.set.exists():
        import runpy

        runpy.run_path(str(Path(__file__).parent / "er_eval" / "make.py"), run_name="__main__")
    raw = pl.read_ndjson(args.set)
    spec = load_standard("textiles").tables["products"]
    n = raw.height
    frame = raw.select(
        pl.col("enterprise").alias("enterprise_id"), pl.col("enterprise").alias("enterprise_key"),
        pl.col("sku").str.to_uppercase().str.replace_all(r"\s+", ""),
        pl.col("name").str.normalize("NFKC"), "category", pl.lit(None, pl.String).alias("hs_code"),
        "fiber_composition", pl.lit(None, pl.Float64).alias("yarn_count_tex"), "fabric_weight_gsm", "width_cm",
        pl.lit(None, pl.String).alias("weave"), "color", "description",
        pl.col("updated_day").map_elements(lambda d: dt.datetime(2026, 10, d, tzinfo=dt.UTC),
                                           return_dtype=pl.Datetime("us", "UTC")).alias("updated_at"),
        pl.lit(0, pl.Int32).alias("_source_index"), pl.int_range(1, n + 1, dtype=pl.Int64).alias("_source_row"))
    res = resolve_versions(frame, spec, "textiles")
    entity = pl.concat([res.survivors.select("_source_row", RECORD_ID), res.merged.select("_source_row", RECORD_ID)])
    predicted = entity.sort("_source_row")[RECORD_ID].to_list()
    p, r, f = prf(pairs_of(predicted), pairs_of(raw["entity"].to_list()))
    print(f"entity resolution   pairs={len(pairs_of(raw['entity'].to_list())):4d}  "
          f"precision={p:.4f} recall={r:.4f} F1={f:.4f}  (rows {n}, merged as relisting {res.relistings})")
    c = text_clusters(frame, spec.text_fields, NearDupConfig.from_dict(spec.near_duplicates))
    p2, r2, f2 = prf(pairs_of(c.key.to_list()), pairs_of(raw["text_group"].to_list()))
    print(f"text near-duplicates pairs={len(pairs_of(raw['text_group'].to_list())):4d}  "
          f"precision={p2:.4f} recall={r2:.4f} F1={f2:.4f}  ({c.stats})")


if __name__ == "__main__":
    main()
