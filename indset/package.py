"""Write a table's splits as Parquet shards: `data/<table>/<split>-NNNNN-of-NNNNN.parquet`.

Rows are sorted by record_id inside each split, so the bytes depend only on the content.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

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


def write_table(frame: pl.DataFrame, table: str, release_dir: Path, shard_rows: int = SHARD_ROWS,
                order: ReleaseOrder | None = None) -> dict[str, int]:
    """Write every non-empty split (a table with no rows at all gets one empty train shard); ``order``: the rows'
    release order when known (else found here).

    Each shard's rows are gathered in release order just before the shard is written: one shard's copy
    is alive at a time, not a copy of a split (train is 80% of the table).
    """
    out_dir = release_dir / "data" / table
    out_dir.mkdir(parents=True, exist_ok=True)
    order = release_order(frame[RECORD_ID], frame[SPLIT]) if order is None else order
    data = frame.drop(SPLIT)
    shards = order.split_shards(shard_rows)
    if not frame.height:
        shards[0] = [(0, 0)]  # train: one empty shard
    for split, ranges in zip(SPLITS, shards, strict=True):
        for i, (start, end) in enumerate(ranges):
            rows = order.rows.slice(start, end - start)
            if order.identity:  # rows in order already (both engines after the splits): a slice, no copy, except
                # nested columns: polars writes a list column's pages of a view over the whole table's buffers
                # differently (same values, other bytes), so those are gathered into buffers of their own
                shard = data.slice(start, end - start).rechunk()
                nested = [c for c, t in shard.schema.items() if t.is_nested()]
                if nested:
                    shard = shard.with_columns(data.select(pl.col(nested).gather(rows)))
            else:
                shard = data.select(pl.all().gather(rows))  # columns in parallel
            shard.write_parquet(out_dir / f"{split}-{i:05d}-of-{len(ranges):05d}.parquet", compression="zstd",
                                statistics=True, row_group_size=256_000)
            del shard
    return dict(zip(SPLITS, order.split_rows, strict=True))
