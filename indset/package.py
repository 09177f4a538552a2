"""Write a table's splits as Parquet shards: `data/<table>/<split>-NNNNN-of-NNNNN.parquet`.

Rows are sorted by record_id inside each split, so the bytes depend only on the content.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import polars as pl

from indset.resolve import RECORD_ID
from indset.split import SPLIT, SPLITS

SHARD_ROWS = 2_000_000


@dataclass(frozen=True)
class ReleaseOrder:
    """Row positions of a frame in release order, and the number of rows of each split in that order.

    ``identity``: ``rows`` is 0..n-1 (a frame taken as it is), so nothing needs gathering.
    """

    rows: pl.Series
    split_rows: tuple[int, ...]
    identity: bool = False

    @classmethod
    def of_ordered(cls, split: pl.Series) -> ReleaseOrder:
        """The (identity) order of rows known to be in release order, from their splits."""
        counts = split.to_physical().value_counts().to_dict(as_series=False)
        per = dict(zip(counts[split.name], counts["count"], strict=True))
        return cls(pl.int_range(split.len(), dtype=pl.get_index_type(), eager=True),
                   tuple(int(per.get(i, 0)) for i in range(len(SPLITS))), identity=True)

    def split_shards(self, shard_rows: int) -> list[list[tuple[int, int]]]:
        """Per split (SPLITS order), the ``[start, end)`` ranges of release rows of its shards: the split cut
        every ``shard_rows`` rows."""
        out, start = [], 0
        for n in self.split_rows:
            out.append([(s, min(s + shard_rows, start + n)) for s in range(start, start + n, shard_rows)])
            start += n
        return out

    def shards(self, shard_rows: int) -> list[tuple[int, int]]:
        """The shards' ``[start, end)`` ranges of release rows, all splits in order."""
        return [r for ranges in self.split_shards(shard_rows) for r in ranges]


def in_release_order(record_id: pl.Series, split: pl.Series) -> bool:
    """True when the rows already are in release order (splits in SPLITS order, each by record_id)."""
    s, r = split.to_physical(), record_id
    if r.null_count() or s.null_count():
        return False
    after = (s > s.shift(1)) | ((s == s.shift(1)) & (r > r.shift(1)))
    return bool(after.slice(1).all())


def release_order(record_id: pl.Series, split: pl.Series) -> ReleaseOrder:
    """The order the shards hold rows in: splits in SPLITS order, each by record_id (``identity`` when the rows
    are in that order already: :func:`indset.table_steps.clusters_and_splits`)."""
    if in_release_order(record_id, split):
        return ReleaseOrder.of_ordered(split)
    order = record_id.to_frame().select(pl.arg_sort_by(record_id.name)).to_series()
    split_in_order = split.gather(order)
    parts = [order.filter(split_in_order == s) for s in SPLITS]
    return ReleaseOrder(pl.concat(parts), tuple(p.len() for p in parts))


def take_columns(columns: list[pl.Series | None], rows: pl.Series) -> pl.DataFrame:
    """A frame of ``columns`` gathered at ``rows``, two columns at a time; consumes the list (each column is
    released once gathered, so a table is never held twice when the caller holds no other reference)."""
    def take(i: int) -> pl.Series:
        column = columns[i]
        assert column is not None
        columns[i] = None
        # a gather from one chunk is 3-4x faster than from the ~30 a table's survivors come in
        return (column.rechunk() if column.n_chunks() > 1 else column).gather(rows)

    with ThreadPoolExecutor(max_workers=2) as pool:  # a gather releases the GIL
        return pl.DataFrame(list(pool.map(take, range(len(columns)))))


PARQUET = {"compression": "zstd", "statistics": True, "row_group_size": 256_000}


def shard_path(out_dir: Path, split: str, i: int, count: int) -> Path:
    return out_dir / f"{split}-{i:05d}-of-{count:05d}.parquet"


def write_shard(shard: pl.DataFrame, target: Path | BinaryIO) -> None:
    """A shard's rows (consecutive rows of the release order) as Parquet. polars writes a list column's pages of a
    view over a larger frame's buffers differently (same values, other bytes), so nested columns are gathered into
    buffers of their own first: the bytes depend on the rows only, not on the frames they were cut from."""
    shard = shard.rechunk()
    nested = [c for c, t in shard.schema.items() if t.is_nested()]
    if nested:
        shard = shard.with_columns(shard.select(pl.col(nested).gather(pl.int_range(shard.height, eager=True))))
    shard.write_parquet(target, **PARQUET)


def write_table(frame: pl.DataFrame, table: str, release_dir: Path, shard_rows: int | None = None,
                order: ReleaseOrder | None = None) -> dict[str, int]:
    """Write every non-empty split (a table with no rows at all gets one empty train shard); ``order``: the rows'
    release order when known (else found here); ``shard_rows``: :data:`SHARD_ROWS`.

    Each shard's rows are gathered in release order just before the shard is written: one shard's copy
    is alive at a time, not a copy of a split (train is 80% of the table).
    """
    out_dir = release_dir / "data" / table
    out_dir.mkdir(parents=True, exist_ok=True)
    order = release_order(frame[RECORD_ID], frame[SPLIT]) if order is None else order
    data = frame.drop(SPLIT)
    shards = order.split_shards(SHARD_ROWS if shard_rows is None else shard_rows)
    if not frame.height:
        shards[0] = [(0, 0)]  # train: one empty shard
    for split, ranges in zip(SPLITS, shards, strict=True):
        for i, (start, end) in enumerate(ranges):
            if order.identity:  # rows in order already (both engines after the splits): a slice, no copy
                shard = data.slice(start, end - start)
            else:
                shard = data.select(pl.all().gather(order.rows.slice(start, end - start)))  # columns in parallel
            write_shard(shard, shard_path(out_dir, split, i, len(ranges)))
            del shard
    return dict(zip(SPLITS, order.split_rows, strict=True))


def range_shards(range_rows: list[list[int]], shard_rows: int) -> list[list[list[tuple[int, int, int]]]]:
    """Per split, per shard, its rows as (range, start, length) pieces of a table held as record_id ranges, each
    range's frame in release order with ``range_rows[r]`` rows per split (SPLITS order): the release order is each
    split's rows of every range, range after range, cut every ``shard_rows`` rows (as :func:`write_table` cuts the
    joined table). A table with no rows at all gets one empty train shard."""
    out = []
    for s in range(len(SPLITS)):
        pieces = [(r, sum(rows[:s]), rows[s]) for r, rows in enumerate(range_rows) if rows[s]]
        total = sum(n for _, _, n in pieces)
        shards = []
        for lo in range(0, total, shard_rows):
            hi, at, shard = min(lo + shard_rows, total), 0, []
            for r, first, n in pieces:
                start, end = max(lo, at), min(hi, at + n)
                if start < end:
                    shard.append((r, first + start - at, end - start))
                at += n
            shards.append(shard)
        out.append(shards)
    if not any(out):
        out[0] = [[(0, 0, 0)]]
    return out
