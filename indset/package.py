"""Write a table's splits as Parquet shards: `data/<table>/<split>-NNNNN-of-NNNNN.parquet`.

Rows are sorted by record_id inside each split, so the bytes depend only on the content.
"""

from __future__ import annotations

import math
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

    def shards(self, shard_rows: int) -> list[tuple[int, int]]:
        """``[start, end)`` ranges of release rows: each split cut every ``shard_rows`` rows, as its shards."""
        ranges, start = [], 0
        for n in self.split_rows:
            ranges += [(s, min(s + shard_rows, start + n)) for s in range(start, start + n, shard_rows)]
            start += n
        return ranges


def release_order(record_id: pl.Series, split: pl.Series) -> ReleaseOrder:
    """The order the shards hold rows in: splits in SPLITS order, each by record_id."""
    order = record_id.to_frame().select(pl.arg_sort_by(record_id.name)).to_series()
    split_in_order = split.gather(order)
    parts = [order.filter(split_in_order == s) for s in SPLITS]
    return ReleaseOrder(pl.concat(parts), tuple(p.len() for p in parts))


def write_table(frame: pl.DataFrame, table: str, release_dir: Path, shard_rows: int = SHARD_ROWS) -> dict[str, int]:
    """Write every non-empty split (a table with no rows at all gets one empty train shard).

    Each shard's rows are gathered in release order just before the shard is written: one shard's copy
    is alive at a time, not a copy of a split (train is 80% of the table).
    """
    out_dir = release_dir / "data" / table
    out_dir.mkdir(parents=True, exist_ok=True)
    order = release_order(frame[RECORD_ID], frame[SPLIT])
    data = frame.drop(SPLIT)
    counts, start = {}, 0
    for split, rows in zip(SPLITS, order.split_rows, strict=True):
        counts[split] = rows
        if rows == 0 and (split != "train" or frame.height):
            continue
        n = max(1, math.ceil(rows / shard_rows))
        for i in range(n):
            taken = order.rows.slice(start + i * shard_rows, min(shard_rows, rows - i * shard_rows))
            shard = data.select(pl.all().gather(taken))  # columns gathered in parallel
            shard.write_parquet(out_dir / f"{split}-{i:05d}-of-{n:05d}.parquet", compression="zstd",
                                statistics=True, row_group_size=256_000)
            del shard
        start += rows
    return counts
