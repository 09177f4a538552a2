"""The bare polars floor for the readings build: read CSV -> parse timestamps -> unique on the key -> Parquet.

    python benchmarks/floor.py machine_readings.csv out.parquet
    python benchmarks/floor.py process_readings.csv out.parquet chemicals

This is the least any tool must do to turn the export into a deduplicated Parquet table: it reads
every column as a string (as the build does), parses the one timestamp column with a known format
(strptime), keeps one row per entity key (textiles: enterprise, machine, ts; chemicals: enterprise,
unit, run, tag, ts) and writes zstd Parquet. No header mapping,
no per-field parsing, no quarantine, no lineage, no validation. Run as its own process so its peak
memory is measured apart from the harness.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import polars as pl

# industry: (key columns of the generated readings CSV, timestamp column)
KEYS = {"textiles": (["统一社会信用代码", "机台号", "时间"], "时间"),
        "chemicals": (["统一社会信用代码", "装置", "运行号", "位号", "采集时间"], "采集时间")}


def floor(csv: Path, out: Path, industry: str = "textiles") -> int:
    key, ts = KEYS[industry]
    frame = pl.read_csv(csv, infer_schema=False)
    frame = frame.with_columns(pl.col(ts).str.strptime(pl.Datetime("us"), "%Y-%m-%d %H:%M:%S", strict=False))
    frame = frame.unique(subset=key, keep="last", maintain_order=False)
    frame.write_parquet(out, compression="zstd")
    return frame.height


def main() -> None:
    started = time.perf_counter()
    rows = floor(Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3] if len(sys.argv) > 3 else "textiles")
    print(f"floor: {rows} rows written in {time.perf_counter() - started:.2f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
