"""The table-wide steps between the row-local stages and grading, written once for both engines.

``versions_and_splits`` takes a table's kept rows (with ``enterprise_key``) and gives its entities: versions and
exact duplicates resolved (:mod:`indset.resolve`), re-listings merged where the table has a ``resolution`` block,
near-copies of a text clustered where it splits by ``text_cluster`` (:mod:`indset.neardup`), splits assigned
(:mod:`indset.split`), and their release order (splits in order, each by record_id:
:func:`indset.package.release_order`), into which the graded rows are gathered (:meth:`Entities.in_release_order`).

The local engine runs it on the whole table. Where every step is a function of the entity key alone
(:func:`partitionable`: no re-listing blocks, no text clusters, no cross-table rule in the build), it gives the same
rows on any partition of the table by record_id range as on the whole table restricted to that range: the Ray engine
runs it per partition and joins the partitions' rows split by split, in range order (:func:`join_in_release_order`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import polars as pl

from indset.neardup import Clusters, NearDupConfig, text_clusters
from indset.package import ReleaseOrder, release_order, take_columns
from indset.resolve import ENTERPRISE_KEY, RECORD_ID, Resolved, key_exprs, resolve_versions, stable_id
from indset.slices import chunked_like
from indset.split import GROUP, SPLIT, SPLITS, assign_splits
from indset.standard import TableSpec

ID_RANGE = 1 << 64      # record_ids are unsigned 64-bit hashes, uniform over this range


@dataclass
class Entities:
    resolved: Resolved             # merged rows and counts (``survivors`` is None: ``kept`` holds them)
    kept: pl.DataFrame             # one row per entity, with record_id and split
    order: ReleaseOrder            # kept's rows in release order (identity when kept is in that order already)
    near_duplicates: dict[str, Any] | None = None   # text cluster stats (tables split by text_cluster)

    def in_release_order(self, frame: pl.DataFrame) -> pl.DataFrame:
        """``frame`` (rows as in ``kept``: its graded rows, with the split) in release order, gathered two columns at
        a time (once: the shards are then slices of it)."""
        return frame if self.order.identity else take_columns(list(frame.get_columns()), self.order.rows)


def versions_and_splits(chunks: list[pl.DataFrame], spec: TableSpec, industry: str) -> Entities:
    """Resolve, cluster and split a table's kept chunks (consumed)."""
    return clusters_and_splits(resolve_versions(chunks, spec, industry), spec)


def clusters_and_splits(resolved: Resolved, spec: TableSpec, clusters: Clusters | None = None) -> Entities:
    """The survivors of ``resolved`` (in any order) clustered by text where the table asks (``clusters``: their text
    clusters when the engine made them, :mod:`indset.neardup_parts`), and split, with their release order. Text
    clusters are keyed by their smallest text and splits by a hash of the group key, so neither depends on the
    survivors' order. The rows are not moved here: the graded rows are gathered into release order
    (:meth:`Entities.in_release_order`), so text is scrubbed where it lies, in the order it was read."""
    survivors, stats = resolved.survivors, None
    resolved.survivors = None  # the result's ``kept`` holds the survivors from here on
    if spec.split_group == "text_cluster":  # near-copies of a text share a split (indset.neardup)
        if clusters is None:
            clusters = text_clusters(survivors, spec.text_fields, NearDupConfig.from_dict(spec.near_duplicates))
        stats = clusters.stats
        survivors = survivors.with_columns(chunked_like(clusters.label.alias(GROUP), survivors))  # smallest record_id
    kept = assign_splits(survivors, spec.split_group, spec.text_fields, codes=spec.split_codes)
    kept = kept.drop(GROUP, strict=False)
    return Entities(resolved, kept, release_order(kept[RECORD_ID], kept[SPLIT]), stats)


def in_release_order(entities: Entities) -> Entities:
    """``entities`` with ``kept`` gathered into release order (a record_id range on the Ray engine: its ranges then
    join in release order with no copy)."""
    kept = entities.in_release_order(entities.kept)
    return Entities(entities.resolved, kept, ReleaseOrder.of_ordered(kept[SPLIT]), entities.near_duplicates)


def partitioning(spec: TableSpec, build_tables: dict[str, TableSpec]) -> str | None:
    """How a table's rows may be cut so that each part resolves alone as the whole table would:

    - ``"record_id"``: every step up to the splits is a function of the entity key (no re-listing blocks, no text
      clusters): :func:`versions_and_splits` runs per record_id range and the ranges join in release order;
    - ``"enterprise"``: re-listings are compared within an enterprise only (blocks never span enterprises) and the
      entity key names the enterprise: :func:`indset.resolve.resolve_versions` runs per part of the enterprises,
      then :func:`clusters_and_splits` once on every survivor (text clusters compare every enterprise's texts);
    - ``None``: the build has a cross-table rule (it reads whole tables before resolution).
    """
    if any(t.cross_checks for t in build_tables.values()):
        return None
    if not spec.resolution and spec.split_group != "text_cluster":
        return "record_id"
    return "enterprise" if "enterprise_id" in spec.entity_key else None


def part_expr(by: str, schema: pl.Schema, spec: TableSpec, industry: str, parts: int) -> pl.Expr:
    """The part (0..parts-1) of a row for :func:`partitioning`'s ``by``: its record_id's range, or a range of a
    hash of its enterprise_key."""
    key = record_id_expr(schema, spec, industry) if by == "record_id" else stable_id(pl.col(ENTERPRISE_KEY))
    return id_range(key, parts)


def record_id_expr(schema: pl.Schema, spec: TableSpec, industry: str) -> pl.Expr:
    """The record_id :func:`indset.resolve.resolve_versions` gives a row of a frame with ``schema``."""
    id_key = [ENTERPRISE_KEY if k == "enterprise_id" else k for k in spec.entity_key]
    return stable_id(pl.lit(industry), pl.lit(spec.name), *key_exprs(pl.DataFrame(schema=schema), id_key))


def id_range(record_id: pl.Expr, partitions: int) -> pl.Expr:
    """The record_id range (0..partitions-1, in record_id order) a row falls in: equal ids, one range."""
    step = -(-ID_RANGE // partitions)
    return (record_id // step).cast(pl.UInt32)


def split_rows(part: pl.DataFrame) -> list[int]:
    """Rows of each split (SPLITS order) in a frame with a ``split`` column."""
    codes = part[SPLIT].to_physical()
    return [int((codes == i).sum()) for i in range(len(SPLITS))]


def join_in_release_order(parts: list[pl.DataFrame], rows: list[list[int]] | None = None) -> pl.DataFrame:
    """The rows of :func:`versions_and_splits` run on each record_id range (``parts`` in range order, each in release
    order): each split's rows of every range, range after range, split after split (no copy). ``rows``: each part's
    rows per split (:func:`split_rows`), for parts without a ``split`` column (their graded rows)."""
    rows = rows or [split_rows(part) for part in parts]
    pieces = []
    for s in range(len(SPLITS)):
        for part, n in zip(parts, rows, strict=True):
            pieces.append(part.slice(sum(n[:s]), n[s]))
    return pl.concat(pieces, rechunk=False) if pieces else parts[0]


def joined(parts: list[Resolved]) -> Resolved:
    """The resolution of a table from that of its parts (in part order): merged rows and survivors joined, counts
    summed, re-listing pairs in their one-run order."""
    first = parts[0]
    pairs = [r.pairs for r in parts if r.pairs is not None]
    return Resolved(
        survivors=pl.concat([r.survivors for r in parts], rechunk=False) if first.survivors is not None else None,
        merged=pl.concat([r.merged for r in parts], rechunk=False),
        conflicts=sum(r.conflicts for r in parts), exact_duplicates=sum(r.exact_duplicates for r in parts),
        relistings=sum(r.relistings for r in parts),
        pairs=pl.concat(pairs).sort(RECORD_ID, "left_record_id", "right_record_id") if pairs else None,
        variants=None if first.variants is None else sum(r.variants or 0 for r in parts))


def joined_in_release_order(ranges: list[Entities]) -> Entities:
    """The entities of a table from those of its record_id ranges (in range order, each in release order: no text
    clusters): rows in release order, merged rows in record_id order (as one run sorts them), counts summed."""
    kept = join_in_release_order([r.kept for r in ranges])
    return Entities(joined([r.resolved for r in ranges]), kept, ReleaseOrder.of_ordered(kept[SPLIT]))
