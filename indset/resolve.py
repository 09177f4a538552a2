"""Table-wide steps over kept rows: entity keys, versions and exact duplicates (STANDARD.md section 8).

Rows with the same entity key are one entity: the latest ``version_field`` survives (then the last
uploaded: later in the manifest, then later in its file); the others are merged into it. A merged
row identical to its survivor is an ``exact_duplicate``, otherwise a ``superseded_version``. A list field
with ``merge: union`` (a garment's sizes) joins the lists of every row of the survivor's version: an
e-commerce export writes one row per size of a style; such a row of the survivor's version is a ``variant_merged``
row (also when another field differs: a colourway's name; it then counts as a conflict too).
Tables with a ``resolution`` block then merge re-listings (same enterprise, same specification,
reformatted code or retyped name) into one entity as well (:mod:`indset.entity`), reason ``relisting``.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np
import polars as pl
import polars_hash as plh

from indset.normalize import REASON
from indset.read import SOURCE_INDEX, SOURCE_ROW
from indset.slices import select_in_parts
from indset.standard import TableSpec

RECORD_ID = "record_id"
ENTERPRISE_KEY = "enterprise_key"


def stable_id(*cols: pl.Expr) -> pl.Expr:
    """A version-stable 64-bit id (xxh3_64 of the values joined by U+001F); nulls hash as empty.

    Pass timestamps through :func:`key_exprs` so they enter as integer microseconds.
    """
    joined = pl.concat_str([c.cast(pl.String).fill_null("") for c in cols], separator="\x1f")
    return plh.NonCryptographicHashingNameSpace(joined).xxh3_64()  # a plugin expression: runs in the query


def repeated_values(s: pl.Series) -> pl.Series:
    """``s.is_duplicated()`` by sorting: the repeated values are neighbours once sorted (10M ids: 0.3 s,
    against 1.8 s for the hash-based method)."""
    ordered = s.sort()
    return s.is_in(ordered.filter(ordered == ordered.shift(1)).unique().implode())


def repeated_rows(rows: pl.DataFrame) -> np.ndarray:
    """True where a row's values (all columns; nulls equal) occur more than once: each row hashed to 64 bits,
    repeated hashes found by sorting (:func:`repeated_values`), and only the rows sharing a hash compared on their
    values (exact). GE's uniqueness providers (:mod:`indset.validation.uniqueness`) and the polars counts of
    :mod:`indset.validation.fast` run it; it lives here so counting imports no GE (seconds per Ray worker)."""
    hashed = rows.select(pl.struct(pl.all()).hash(seed=0x0DDBA11).alias("h")).to_series()
    repeated = np.zeros(rows.height, dtype=bool)
    candidates = np.flatnonzero(repeated_values(hashed).to_numpy())
    if candidates.size:  # rows sharing a hash: compared on their values (a 64-bit collision is not a duplicate)
        repeated[candidates] = rows[candidates].select(pl.struct(pl.all()).is_duplicated()).to_series().to_numpy()
    return repeated


def conform(frame: pl.DataFrame, schema: pl.Schema) -> pl.DataFrame:
    """``frame`` with exactly ``schema``'s columns and types (what a diagonal, relaxed concat gives it)."""
    if frame.schema == schema:
        return frame
    return frame.select(pl.col(n).cast(t) if n in frame.columns else pl.lit(None, t).alias(n)
                        for n, t in schema.items())


def key_exprs(frame: pl.DataFrame, cols: list[str]) -> list[pl.Expr]:
    """Column expressions for an id, timestamps marked so they hash as integers."""
    out = []
    for c in cols:
        e = pl.col(c)
        if isinstance(frame.schema[c], pl.Datetime):
            e = e.dt.epoch("us")
        out.append(e)
    return out


def _stack_by_column(frames: list[pl.DataFrame]) -> pl.DataFrame:
    """The frames one under another (same columns), each column in one chunk, copied two columns at a time.

    Consumes ``frames``: a column's parts are released once it is copied, so only two columns are ever
    held twice; stacking whole frames and rechunking (gathers want one chunk) holds the table twice.
    """
    parts: list[list[pl.Series | None]] = [list(f.get_columns()) for f in frames]
    frames.clear()

    def stacked(i: int) -> pl.Series:
        column = pl.concat([p[i] for p in parts], rechunk=True)
        for p in parts:
            p[i] = None  # the column's parts are released here (a frame's drop would cost a query per column)
        return column

    with ThreadPoolExecutor(max_workers=2) as pool:  # two columns at a time: the copies release the GIL
        return pl.DataFrame(list(pool.map(stacked, range(len(parts[0])))))


def _merged_over_version(multi: pl.DataFrame, union: list[str], least: list[str], same_version: pl.Expr
                         ) -> pl.DataFrame:
    """The survivors' ``union`` lists joined over the rows of their version, in order of first appearance, and
    their ``least`` values the smallest of those rows (a listing's price over its sizes' rows)."""
    lists = (multi.filter(same_version).group_by(RECORD_ID, maintain_order=True)
             .agg(*(pl.col(c).explode().drop_nulls().unique(maintain_order=True).alias(f"_all{c}") for c in union),
                  *(pl.col(c).min().alias(f"_all{c}") for c in least)))
    multi = multi.join(lists, on=RECORD_ID, how="left", maintain_order="left")
    return multi.with_columns(
        *(pl.when(pl.col("_survivor") & (pl.col(f"_all{c}").list.len() > 0)).then(pl.col(f"_all{c}"))
          .otherwise(pl.col(c)).alias(c) for c in union),
        *(pl.when(pl.col("_survivor") & pl.col(f"_all{c}").is_not_null()).then(pl.col(f"_all{c}"))
          .otherwise(pl.col(c)).alias(c) for c in least),
    ).drop(f"_all{c}" for c in (*union, *least))


@dataclass
class Resolved:
    survivors: pl.DataFrame     # one row per entity, with record_id
    merged: pl.DataFrame        # lineage of merged rows: lineage cols, record_id, _reason
    conflicts: int              # merged rows whose values differ from their survivor
    exact_duplicates: int
    relistings: int = 0         # entities merged into another by entity resolution (indset.entity)
    pairs: pl.DataFrame | None = None   # matched re-listing pairs with similarities (stewards only)
    variants: int | None = None         # rows merged as variants of their survivor (tables with union fields)


def resolve_versions(kept: pl.DataFrame | list[pl.DataFrame], spec: TableSpec, industry: str, *,
                     stacked: bool = True) -> Resolved:
    """Pick one survivor per entity key and give it a stable record_id.

    The record_id is a hash of the entity key. Rows whose record_id is unique (nearly all) survive
    as they are; only the rows of multi-row groups are ordered by (record_id, version, upload
    order), compared (content, and a guard against hash collisions) and reduced to their last row.
    ``kept`` may be the table's chunks (a list, in upload order): the list is consumed chunk by chunk
    while the survivors are taken out, so the table and its survivors never both exist in full. ``stacked=False``
    leaves the survivors in the chunks they were taken out in (for a caller that reorders them anyway).
    """
    parts = kept if isinstance(kept, list) else [kept]
    schema = pl.concat([c.head(0) for c in parts], how="diagonal_relaxed").schema if len(parts) > 1 else parts[0].schema
    id_key = [ENTERPRISE_KEY if k == "enterprise_id" else k for k in spec.entity_key]
    value_cols = [c for c in schema if not c.startswith("_") and c != ENTERPRISE_KEY]
    version = [spec.version_field] if spec.version_field else []
    parts[:] = [conform(c, schema) for c in parts]
    ids = select_in_parts(parts, stable_id(pl.lit(industry), pl.lit(spec.name),
                                           *key_exprs(pl.DataFrame(schema=schema), id_key)))
    repeated = repeated_values(pl.concat(ids))
    singles, multis, offset = [], [], 0
    for rid in ids:
        chunk = parts.pop(0).with_columns(rid.alias(RECORD_ID))  # the caller's chunk is released here
        rep = repeated.slice(offset, chunk.height)
        offset += chunk.height
        singles.append(chunk.filter(~rep))
        multis.append(chunk.filter(rep))
        del chunk
    multi = pl.concat(multis).sort([RECORD_ID, *version, SOURCE_INDEX, SOURCE_ROW], nulls_last=False)
    rid = multi[RECORD_ID]
    union = [f.name for f in spec.fields if f.options.get("merge") == "union" and f.name in multi.columns]
    least = [f.name for f in spec.fields if f.options.get("merge") == "min" and f.name in multi.columns]
    multi = multi.with_columns(pl.struct(value_cols).hash(seed=7).alias("_content"),
                               pl.struct([c for c in value_cols if c not in (*union, *least)]).hash(seed=7)
                               .alias("_rest"),
                               (rid != rid.shift(-1)).fill_null(True).alias("_survivor"))
    if multi.height:
        keys_per_id = multi.group_by(RECORD_ID).agg(pl.struct(id_key).n_unique().alias("n"))
        if (keys_per_id["n"] > 1).any():
            raise RuntimeError(f"{spec.name}: record_id hash collision between different entity keys")
    # rows are sorted by record_id with the survivor last: each group's survivor values, its version included
    # (a null version must not be taken from the next group)
    of_survivor = [pl.col(c).last().over(RECORD_ID).alias(f"_survivor{c}") for c in ("_content", "_rest", *version)]
    multi = multi.with_columns(of_survivor)
    same_version = (pl.col(version[0]).eq_missing(pl.col(f"_survivor{version[0]}")) if version else pl.lit(True))
    if union or least:
        multi = _merged_over_version(multi, union, least, same_version)
    extra = [c for c in ("_source_column",) if c in multi.columns]
    # a row of the survivor's version in a table with merge fields gave its lists and values to the survivor: it
    # is a variant even where another field differs (a colourway's name, `白色` beside `黑色`), and then also a
    # conflict; only an older version's rows are superseded
    variant = same_version if union or least else pl.lit(False)
    merged = multi.filter(~pl.col("_survivor")).select(
        SOURCE_ROW, SOURCE_INDEX, *extra, RECORD_ID,
        pl.when(pl.col("_content") == pl.col("_survivor_content")).then(pl.lit("exact_duplicate"))
        .when(variant).then(pl.lit("variant_merged"))
        .otherwise(pl.lit("superseded_version" if spec.version_field else "duplicate_key_conflict"))
        .alias(REASON),
        (pl.col("_rest") != pl.col("_survivor_rest")).alias("_differs"),
    )
    exact = int((merged[REASON] == "exact_duplicate").sum())
    singles.append(multi.filter(pl.col("_survivor")).select(*schema.names(), RECORD_ID))
    survivors = _stack_by_column(singles) if stacked else pl.concat(singles, rechunk=False)  # consumes singles
    conflicts = int((merged[REASON].is_in(["superseded_version", "duplicate_key_conflict"])
                     | ((merged[REASON] == "variant_merged") & merged["_differs"])).sum())
    merged = merged.drop("_differs")
    variants = int((merged[REASON] == "variant_merged").sum()) if union or least else None
    if not spec.resolution:
        return Resolved(survivors=survivors, merged=merged, conflicts=conflicts, exact_duplicates=exact,
                        variants=variants)
    from indset.entity import ResolutionConfig, apply_matches, match_entities

    cfg = ResolutionConfig.from_dict(spec.resolution)
    if not {cfg.code_field, cfg.name_field, *cfg.spec_fields} <= set(survivors.columns):  # partial frames (tests)
        return Resolved(survivors=survivors, merged=merged, conflicts=conflicts, exact_duplicates=exact,
                        variants=variants)
    matches = match_entities(survivors, cfg, spec.version_field)
    survivors, merged, relisted = apply_matches(survivors, merged, matches, cfg.reason)
    return Resolved(survivors=survivors, merged=merged, conflicts=conflicts, exact_duplicates=exact,
                    relistings=relisted, pairs=matches.pairs, variants=variants)
