"""Table-wide steps over kept rows: entity keys, versions and exact duplicates (STANDARD.md section 8).

Rows with the same entity key are one entity: the latest ``version_field`` survives (then the last
uploaded: later in the manifest, then later in its file); the others are merged into it. A merged
row identical to its survivor is an ``exact_duplicate``, otherwise a ``superseded_version``.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl
import polars_hash as plh

from indset.normalize import REASON
from indset.read import SOURCE_FILE, SOURCE_INDEX, SOURCE_ROW
from indset.standard import TableSpec

RECORD_ID = "record_id"
ENTERPRISE_KEY = "enterprise_key"


def stable_id(*cols: pl.Expr) -> pl.Expr:
    """A version-stable 64-bit id (xxh3_64 of the values joined by U+001F); nulls hash as empty."""
    joined = pl.concat_str([c.cast(pl.String).fill_null("") for c in cols], separator="\x1f")
    return joined.map_batches(
        lambda s: s.to_frame("v").select(plh.col("v").nchash.xxh3_64()).to_series(), return_dtype=pl.UInt64
    )


@dataclass
class Resolved:
    survivors: pl.DataFrame     # one row per entity, with record_id
    merged: pl.DataFrame        # lineage of merged rows: lineage cols, record_id, _reason
    conflicts: int              # merged rows whose values differ from their survivor
    exact_duplicates: int


def resolve_versions(kept: pl.DataFrame, spec: TableSpec, industry: str) -> Resolved:
    """Pick one survivor per entity key and give it a stable record_id."""
    key = list(spec.entity_key)
    id_key = [ENTERPRISE_KEY if k == "enterprise_id" else k for k in key]
    value_cols = [c for c in kept.columns if not c.startswith("_") and c != ENTERPRISE_KEY]
    order = [*key] + ([spec.version_field] if spec.version_field else []) + [SOURCE_INDEX, SOURCE_ROW]
    frame = (
        kept.sort(order, nulls_last=False)
        .with_columns(
            stable_id(pl.lit(industry), pl.lit(spec.name), *[pl.col(c) for c in id_key]).alias(RECORD_ID),
            pl.struct(value_cols).hash(seed=7).alias("_content"),
        )
        .with_columns(
            (pl.int_range(pl.len()).over(key) == pl.len().over(key) - 1).alias("_survivor"),
            pl.col("_content").last().over(key).alias("_survivor_content"),
        )
    )
    merged = frame.filter(~pl.col("_survivor")).select(
        SOURCE_FILE, SOURCE_ROW, SOURCE_INDEX, RECORD_ID,
        pl.when(pl.col("_content") == pl.col("_survivor_content")).then(pl.lit("exact_duplicate"))
        .otherwise(pl.lit("superseded_version" if spec.version_field else "duplicate_key_conflict"))
        .alias(REASON),
    )
    exact = int((merged[REASON] == "exact_duplicate").sum())
    survivors = frame.filter(pl.col("_survivor")).drop("_survivor", "_content", "_survivor_content")
    return Resolved(survivors=survivors, merged=merged, conflicts=merged.height - exact, exact_duplicates=exact)
