"""Write a table's splits as Parquet shards: `data/<table>/<split>-NNNNN-of-NNNNN.parquet`.

Rows are sorted by record_id inside each split, so the bytes depend only on the content.
"""

from __future__ import annotations

import math
from pathlib import Path

import polars as pl

from indset.resolve import RECORD_ID
from indset.split import SPLIT, SPLITS

SHARD_ROWS = 2_000_000


def write_table(frame: pl.DataFrame, table: str, release_dir: Path, shard_rows: int = SHARD_ROWS) -> dict[str, int]:
    """Write every non-empty split (a table with no rows at all gets one empty train shard).

    One arg-sort by record_id serves all splits; each split's rows are gathered in that order just
    before they are written, so one split's copy is alive at a time (a filter and a sort per split
    held two copies of the largest split: that set the peak memory of long builds).
    """
    out_dir = release_dir / "data" / table
    out_dir.mkdir(parents=True, exist_ok=True)
    order = frame.select(pl.arg_sort_by(RECORD_ID)).to_series()
    split_in_order = frame[SPLIT].gather(order)
    data = frame.drop(SPLIT)
    counts = {}
    for split in SPLITS:
        idx = order.filter(split_in_order == split)
        counts[split] = idx.len()
        if idx.len() == 0 and (split != "train" or frame.height):
            continue
        part = data[idx]
        n = max(1, math.ceil(part.height / shard_rows))
        for i in range(n):
            shard = part.slice(i * shard_rows, shard_rows)
            shard.write_parquet(out_dir / f"{split}-{i:05d}-of-{n:05d}.parquet", compression="zstd",
                                statistics=True, row_group_size=256_000)
        del part
    return counts
