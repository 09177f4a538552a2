"""Deterministic, leak-free splits: train 80 / validation 10 / test 10 by a hash of the group key.

Every row of a group lands in the same split: products group by their text cluster (near-copies
of a name or description, MinHash-LSH verified by Jaccard: :mod:`indset.neardup`), readings by
machine or unit and run. Pass the cluster keys as a ``_split_group`` column to reuse a clustering.

A text cluster's group key is the smallest ``record_id`` among its rows (the entity key's hash, the same
in every release), not its text: an entity alone in its cluster keeps its split when a later release
edits its name or description; only joining or leaving a cluster of other entities can move it.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from indset.resolve import RECORD_ID, stable_id
from indset.slices import chunked_like, select_in_slices

SPLITS = ("train", "validation", "test")
SPLIT = "split"
SPLIT_TYPE = pl.Enum(SPLITS)  # one byte a row, compared as the split names
GROUP = "_split_group"
SALT = "indset-split-v1"
_ROW_KEY = "_split_row_key"


def text_cluster_key(frame: pl.DataFrame, text_fields: tuple[str, ...]) -> pl.Expr:
    """Exact text of a row (lower case, punctuation and spaces removed); near-copies: :mod:`indset.neardup`.

    The fields already went through NFKC and Traditional -> Simplified in the normalize stage.
    """
    joined = pl.concat_str([pl.col(f).fill_null("") for f in text_fields], separator=" ")
    return joined.str.to_lowercase().str.replace_all(r"[^\p{L}\p{N}]+", "")


def assign_splits(frame: pl.DataFrame, group: tuple[str, ...] | str, text_fields: tuple[str, ...],
                  weights: tuple[int, int, int] = (80, 10, 10), codes: tuple[str, ...] = ()) -> pl.DataFrame:
    """Add ``split`` from a stable hash of the group key (unless a group column is given already).

    The hash is computed once per distinct group and joined back: readings have a few thousand
    machines for millions of rows. Group fields in ``codes`` enter the hash by their canonical code
    (:func:`indset.entity.canonical_code`): ``ZJ-01`` from an MES and ``ZJ01`` from an IoT platform are one
    machine's group. A function of each group alone: the same on any part of the table.
    """
    if not frame.height:  # (replace_strict on no keys would keep the key dtype)
        return frame.with_columns(pl.lit(None, SPLIT_TYPE).alias(SPLIT))
    if group == "text_cluster":
        cluster = frame[GROUP] if GROUP in frame.columns else select_in_slices(frame, text_cluster_key(
            frame, text_fields).alias(GROUP))
        if RECORD_ID in frame.columns:  # built tables: the cluster's smallest record_id (frames of tests: its text)
            cluster = smallest_id(cluster, frame[RECORD_ID])
        frame = frame.with_columns(chunked_like(cluster.alias(GROUP), frame))
        cols = [GROUP]
    elif GROUP in frame.columns:
        cols = [GROUP]
    else:
        cols = ["enterprise_key" if c == "enterprise_id" else c for c in group]
    # rows find their group through a 64-bit hash of its key columns: a join on one integer, not on
    # several strings; the split itself comes from the stable hash of the key string below, so this
    # in-process hash never reaches the output. Two groups sharing it are detected by a second,
    # independent hash (both colliding: ~2^-128); the exact join on the key columns decides then.
    row_key = select_in_slices(frame, _row_key(cols))  # hashed once: keys and rows share it
    check = select_in_slices(frame, _check_key(cols))
    exact = pl.DataFrame([row_key, check]).unique().height != row_key.n_unique()
    if exact:
        keys = frame.select(cols).unique()
    else:
        first = row_key.is_first_distinct()
        keys = frame.select(cols).filter(first).with_columns(row_key.filter(first))
    from indset.entity import canonical_code  # (indset.entity imports indset.normalize, which is heavier)

    key_string = pl.concat_str([(canonical_code(c) if c in codes else pl.col(c).cast(pl.String)).fill_null("")
                                for c in cols], separator="\x1f")
    bucket = stable_id(pl.lit(SALT), key_string) % 100
    train, val = weights[0], weights[0] + weights[1]
    keys = keys.with_columns(
        pl.when(bucket < train).then(pl.lit(SPLITS[0])).when(bucket < val).then(pl.lit(SPLITS[1]))
        .otherwise(pl.lit(SPLITS[2])).cast(SPLIT_TYPE).alias(SPLIT)
    )
    if exact:
        return frame.join(keys, on=cols, how="left", maintain_order="left", nulls_equal=True)
    # cut like the frame's chunks: a frame of a table's chunks is not copied whole to align them
    return frame.with_columns(chunked_like(row_key.replace_strict(keys[_ROW_KEY], keys[SPLIT]).alias(SPLIT), frame))


def smallest_id(cluster: pl.Series, ids: pl.Series) -> pl.Series:
    """Per row, the smallest of ``ids`` among the rows of its ``cluster`` (any key; nulls are one cluster).

    Cluster numbers 0..n-1 (``indset.neardup.Clusters.label``) take a numpy minimum per number (1M rows: ~0.05 s).
    """
    if (cluster.dtype.is_integer() and ids.dtype == pl.UInt64 and not cluster.null_count() and not ids.null_count()
            and cluster.min() >= 0 and cluster.max() < cluster.len()):
        codes = cluster.to_numpy()
        smallest = np.full(int(cluster.max()) + 1, np.iinfo(np.uint64).max, dtype=np.uint64)
        np.minimum.at(smallest, codes, ids.to_numpy())
        return pl.Series(GROUP, smallest[codes])
    return pl.DataFrame({"c": cluster, "i": ids}).select(pl.col("i").min().over("c")).to_series().alias(GROUP)


def _row_key(cols: list[str]) -> pl.Expr:
    return pl.struct(cols).hash(seed=0x5EED).alias(_ROW_KEY)


def _check_key(cols: list[str]) -> pl.Expr:
    return pl.struct(cols).hash(seed=0xC4EC).alias("_split_check_key")
