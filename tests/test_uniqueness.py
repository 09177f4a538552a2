"""GE's uniqueness conditions computed with polars (indset.validation.uniqueness): pandas' answer, row for row."""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
from typing import Any

import numpy as np
import pandas as pd
import pytest

from indset.validation import parallel, uniqueness
from indset.validation.uniqueness import unique_rows

N = 5_000
RNG = np.random.default_rng(7)
TS = [dt.datetime(2026, 10, 1, tzinfo=dt.UTC) + dt.timedelta(minutes=int(m)) for m in RNG.integers(0, 4000, N)]


def _columns() -> dict[str, pd.Series]:
    """Readings-like key columns with repeats, nulls, NaN and -0.0, in the dtypes the build's conversion gives
    (Arrow strings, numpy numbers, tz-aware timestamps, categoricals) and a few it does not."""
    ids = RNG.integers(0, 2**63, N, dtype=np.uint64)
    ids[100:110] = ids[0]                                              # ten copies of one id
    floats = RNG.normal(size=N).round(1)
    floats[:6] = [0.0, -0.0, np.nan, np.nan, 2.5, 2.5]
    machines = pd.Series([f"M-{i % 997:04d}" if i < N - 10 else f"新-{i}" for i in range(N)], dtype="str")
    machines[::50] = None
    return {
        "uint64": pd.Series(ids),
        "int64": pd.Series(RNG.integers(-50_000, 50_000, N)),
        "float64": pd.Series(floats),
        "Int64": pd.Series(pd.array([None if i % 40 == 0 else i // 2 for i in range(N)], dtype="Int64")),
        "bool": pd.Series(np.arange(N) == 3),                          # one True: unique
        "str": machines,
        "python_str": machines.astype(pd.StringDtype("python")),
        "category": machines.astype("category"),
        "ts": pd.Series(TS),
        "naive_ts": pd.Series(TS).dt.tz_localize(None),
    }


@pytest.mark.parametrize("name", list(_columns()))
def test_one_column_is_pandas_duplicated(name: str) -> None:
    column = _columns()[name]
    frame = column.to_frame(name).set_axis(pd.RangeIndex(7, 7 + N))   # GE passes filtered frames: index kept
    got = unique_rows(frame)
    expected = ~frame.duplicated(keep=False)
    pd.testing.assert_series_equal(got, expected)
    assert (~got).any() and got.any()


@pytest.mark.parametrize("names", [("str", "ts"), ("category", "ts"), ("uint64", "str", "naive_ts"),
                                   ("float64", "bool"), ("Int64", "python_str", "category")])
def test_compound_key_is_pandas_duplicated(names: tuple[str, ...]) -> None:
    cols = _columns()
    frame = pd.DataFrame({n: cols[n] for n in names}).iloc[::-1]       # a shuffled, non-range index
    frame = pd.concat([frame, frame.iloc[:25]])                         # planted repeats of whole keys
    pd.testing.assert_series_equal(unique_rows(frame), ~frame.duplicated(keep=False))


def test_rows_sharing_a_hash_are_compared_on_their_values(monkeypatch: pytest.MonkeyPatch) -> None:
    """A 64-bit collision is not a duplicate: every row made a candidate, the answer stays pandas'."""
    import polars as pl

    monkeypatch.setattr("indset.resolve.repeated_values", lambda s: pl.Series([True] * s.len()))
    frame = pd.DataFrame({n: _columns()[n] for n in ("str", "ts")})
    pd.testing.assert_series_equal(unique_rows(frame), ~frame.duplicated(keep=False))


def test_object_columns_and_forked_processes_go_to_pandas() -> None:
    mixed = pd.DataFrame({"v": pd.Series([1, "1", 1.0, None], dtype=object)})
    assert unique_rows(mixed) is None
    ctx = multiprocessing.get_context("fork")
    with ctx.Pool(1) as pool:
        assert pool.apply(_in_child) is None    # polars' thread pool does not survive a fork: never used there


def _in_child() -> Any:
    return unique_rows(pd.DataFrame({"v": [1, 2, 2]}))


def test_caller_jobs_run_in_the_calling_process() -> None:
    """Groups of uniqueness checks stay in the calling process (polars); the others go to forked workers."""
    here = [uniqueness.in_caller(t) for t in (["expect_column_values_to_be_unique"],
                                              ["expect_column_values_to_be_in_set"],
                                              ["expect_compound_columns_to_be_unique", "x"],
                                              ["expect_column_values_to_match_regex"])]
    assert here == [True, False, True, False]
    run = parallel.start([os.getpid] * 4, [1.0] * 4, 2, here)
    pids = run.results()
    assert [p == os.getpid() for p in pids] == here
