"""Evaluate a row-local expression over a long frame a slice at a time, two slices at a time.

polars runs one elementwise expression on one thread per chunk; over a 10M-row frame a heavy one
(string joins and hashes) then holds one core and a full-length temporary. Slices bound the temporary
and two threads keep both cores busy; the result is the same Series, in row order.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import polars as pl

SLICE_ROWS = 1_000_000
THREADS = 2
_VALUE = "__slice_value"


def select_in_slices(frame: pl.DataFrame, expr: pl.Expr, slice_rows: int = SLICE_ROWS) -> pl.Series:
    """``frame.with_columns(expr)``'s new column for a row-local ``expr`` (named as ``expr`` names it; a
    literal is broadcast to the frame's length), computed slice by slice."""
    if frame.height <= slice_rows:
        return select_in_parts([frame], expr)[0]
    return pl.concat(select_in_parts(list(frame.iter_slices(slice_rows)), expr), rechunk=True)


def select_in_parts(parts: list[pl.DataFrame], expr: pl.Expr) -> list[pl.Series]:
    """The column ``expr`` gives on each part (e.g. the chunks of a table), two parts at a time."""
    name = expr.meta.output_name()

    def column(part: pl.DataFrame) -> pl.Series:
        return part.with_columns(expr.alias(_VALUE)).get_column(_VALUE).alias(name)

    if len(parts) <= 1:
        return [column(part) for part in parts]
    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        return list(pool.map(column, parts))


def chunked_like(series: pl.Series, frame: pl.DataFrame) -> pl.Series:
    """``series`` cut (no copy) where ``frame``'s columns are cut into chunks, to be added to ``frame``.

    A frame whose columns are chunked differently is copied whole by its next ``select`` or ``drop``
    (polars aligns the chunks first): a CSV read in hundreds of chunks would be held twice.
    """
    lengths = [c.len() for c in frame.to_series(0).get_chunks()] if frame.width else []
    if len(lengths) <= 1 or [c.len() for c in series.get_chunks()] == lengths:
        return series
    whole, starts = series.rechunk(), [0]
    for n in lengths[:-1]:
        starts.append(starts[-1] + n)
    return pl.concat([whole.slice(s, n) for s, n in zip(starts, lengths, strict=True)], rechunk=False)
