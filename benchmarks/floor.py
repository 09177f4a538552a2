"""The bare polars floor for the readings build: read CSV -> parse timestamps -> unique on the key -> Parquet.

    python benchmarks/floor.py machine_readings.csv out.parquet

This is the least any tool must do to turn the export into a deduplicated Parquet table: it reads
every column as a string (as the build does), parses the one timestamp column with a known format
(strptime), keeps one row per (enterprise, machine, ts) and writes zstd Parquet. No header mapping,
no per-field parsing, no quarantine, no lineage, no validation. Run as its own process so its peak
memory is measured apart from the harness.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import polars as pl

KEY = ["统一社会信用代码", "机台号", "时间"]


def floor(csv: Path, out: Path) -> int:
    frame = pl.read_csv(csv, infer_schema=False)
    frame = frame.with_columns(pl.col("时间").str.strptime(pl.Datetime("us"), "%Y-%m-%d %H:%M:%S", strict=False))
    frame = frame.unique(subset=KEY, keep="last", maintain_order=False)
    frame.write_parquet(out, compression="zstd")
    return frame.height


def main() -> None:
    started = time.perf_counter()
    rows = floor(Path(sys.argv[1]), Path(sys.argv[2]))
    print(f"floor: {rows} rows written in {time.perf_counter() - started:.2f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
