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
    """Write every non-empty split (a table with no rows at all gets one empty train shard)."""
    out_dir = release_dir / "data" / table
    out_dir.mkdir(parents=True, exist_ok=True)
    counts = {}
    for split in SPLITS:
        part = frame.filter(pl.col(SPLIT) == split).drop(SPLIT).sort(RECORD_ID)
        counts[split] = part.height
        if part.height == 0 and (split != "train" or frame.height):
            continue
        n = max(1, math.ceil(part.height / shard_rows))
        for i in range(n):
            shard = part.slice(i * shard_rows, shard_rows)
            shard.write_parquet(out_dir / f"{split}-{i:05d}-of-{n:05d}.parquet", compression="zstd",
                                statistics=True, row_group_size=256_000)
    return counts
