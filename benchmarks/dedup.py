"""The duplicate stage on N product rows, and the text stage against a plain datasketch baseline.

    python benchmarks/dedup.py [--rows 1000000] [--baseline-rows 100000]

Rows come from ``benchmarks/generate.py``'s products CSV (generated on first use). The duplicate stage
is version resolution + entity resolution (``indset.resolve``/``indset.entity``) + text near-duplicate
clustering (``indset.neardup``, the textiles settings). The baseline is datasketch MinHash + MinHashLSH
(128 perms, threshold 0.8, 5-char shingles) on the distinct texts of the first ``--baseline-rows`` rows;
indset's text stage runs on the same texts with the textiles settings but the baseline's threshold and
shingles. Recall of each is measured against every pair at Jaccard >= 0.8 (``neardup.exact_pairs``, an
exact join); datasketch's pairs are unverified LSH candidates, so its false positives are counted too.
Peak memory: ru_maxrss of the whole run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import resource
import subprocess
import sys
import time
from pathlib import Path

import polars as pl

from indset.neardup import NearDupConfig, exact_pairs, near_duplicate_texts, normalized_text, text_clusters
from indset.resolve import resolve_versions
from indset.standard import load_standard

HERE = Path(__file__).parent


def products(rows: int) -> pl.DataFrame:
    data = HERE / "out" / "data" / f"products-{rows}-s7"
    if not (data / "products.csv").exists():
        subprocess.run([sys.executable, str(HERE / "generate.py"), str(data), "--readings", "0", "--products",
                        str(rows)], check=True)
    raw = pl.read_csv(data / "products.csv", infer_schema=False)
    c = raw.columns  # enterprise, sku, name, category, hs, composition, count, gsm, width, weave, colour, price, desc
    return raw.select(
        pl.col(c[0]).alias("enterprise_id"), pl.col(c[0]).alias("enterprise_key"),
        pl.col(c[1]).str.to_uppercase().alias("sku"), pl.col(c[2]).alias("name"), pl.col(c[3]).alias("category"),
        pl.col(c[4]).alias("hs_code"), pl.col(c[5]).alias("fiber_composition"),
        pl.col(c[6]).cast(pl.Float64, strict=False).alias("yarn_count_tex"),
        pl.col(c[7]).cast(pl.Float64, strict=False).alias("fabric_weight_gsm"),
        pl.col(c[8]).cast(pl.Float64, strict=False).alias("width_cm"), pl.col(c[9]).alias("weave"),
        pl.col(c[10]).alias("color"), pl.col(c[12]).alias("description"),
        pl.lit(dt.datetime(2026, 10, 1, tzinfo=dt.UTC)).alias("updated_at"),
        pl.lit(0, pl.Int32).alias("_source_index"),
        pl.int_range(1, raw.height + 1, dtype=pl.Int64).alias("_source_row"))


def baseline(texts: list[str]) -> tuple[float, set]:
    from datasketch import MinHash, MinHashLSH

    t = time.perf_counter()
    lsh = MinHashLSH(threshold=0.8, num_perm=128)
    sigs = []
    for i, s in enumerate(texts):
        m = MinHash(num_perm=128)
        m.update_batch([s[j:j + 5].encode() for j in range(max(len(s) - 4, 1))])
        lsh.insert(i, m)
        sigs.append(m)
    pairs = {(min(i, j), max(i, j)) for i, m in enumerate(sigs) for j in lsh.query(m) if i != j}
    return time.perf_counter() - t, pairs


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--baseline-rows", type=int, default=100_000)
    args = ap.parse_args()
    spec = load_standard("textiles").tables["products"]
    frame = products(args.rows)
    t = time.perf_counter()
    res = resolve_versions(frame, spec, "textiles")
    t_er = time.perf_counter() - t
    t = time.perf_counter()
    c = text_clusters(res.survivors, spec.text_fields, NearDupConfig.from_dict(spec.near_duplicates))
    t_text = time.perf_counter() - t
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 / 1024
    print(f"duplicate stage, {frame.height} rows: versions+entity resolution {t_er:.1f} s "
          f"(relistings {res.relistings}), text clusters {t_text:.1f} s {c.stats}; total {t_er + t_text:.1f} s, "
          f"peak {peak:.2f} GB")

    texts = (frame.head(args.baseline_rows).select(normalized_text(spec.text_fields).alias("t"))["t"]
             .unique().sort().to_list())
    cfg = NearDupConfig.from_dict({**(spec.near_duplicates or {}), "threshold": 0.8, "shingle": 5})
    t = time.perf_counter()
    _, ours = near_duplicate_texts(texts, cfg)
    t_ours = time.perf_counter() - t
    t_base, base = baseline(texts)
    exact = exact_pairs(texts, 0.8, 5, cfg.seed)
    truth = set(zip(exact["a"].to_list(), exact["b"].to_list(), strict=True))
    ours_set = set(zip(ours["a"].to_list(), ours["b"].to_list(), strict=True))
    rec = lambda s: len(s & truth) / len(truth) if truth else 1.0  # noqa: E731
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 / 1024
    print(f"text stage on {len(texts)} distinct texts (threshold 0.8, 5-char shingles): indset {t_ours:.1f} s, "
          f"datasketch {t_base:.1f} s, ratio {t_base / t_ours:.1f}x; recall indset {rec(ours_set):.4f}, "
          f"datasketch {rec(base):.4f} of {len(truth)} pairs at Jaccard >= 0.8 (exact join); "
          f"false pairs indset {len(ours_set - truth)}, datasketch {len(base - truth)}; peak {peak:.2f} GB")


if __name__ == "__main__":
    main()
