"""GE's two uniqueness conditions on pandas, computed with polars: the same rows flagged, several times faster.

GE's pandas metrics for ``expect_column_values_to_be_unique`` and ``expect_compound_columns_to_be_unique``
call ``duplicated(keep=False)``: on 10M rows 1.5 s for an integer id and 3.3 s for a key of three columns
(strings and a timestamp), the two slowest metrics of a readings suite. Here a row's values are hashed to 64
bits, repeated hashes are found by sorting (:func:`indset.resolve.repeated_values`) and only the rows sharing
a hash are compared on their values, so the result is exact (0.2 s and 0.8 s). Nulls (and NaN, as pandas
treats it) equal each other, as in pandas. A column of a dtype polars does not take as it is (object columns:
Python values of any type) goes to GE's own implementation, and so does a process forked from one that used
polars (the validation workers of :mod:`indset.validation.parallel`: polars' thread pool does not survive a
fork); :func:`in_caller` tells which column groups to keep in the calling process for that reason.

Importing this module registers the two providers in place of GE's pandas ones (the SQL and Spark ones are
GE's, inherited); :mod:`indset.validation.custom` imports it, so every process that validates has them.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable
from typing import Any

import numpy as np
import pandas as pd
import polars as pl
from great_expectations.execution_engine import PandasExecutionEngine
from great_expectations.expectations.metrics import column_condition_partial
from great_expectations.expectations.metrics.column_map_metrics.column_values_unique import ColumnValuesUnique
from great_expectations.expectations.metrics.map_metric_provider import multicolumn_condition_partial
from great_expectations.expectations.metrics.multicolumn_map_metrics.compound_columns_unique import (
    CompoundColumnsUnique,
)

from indset.logs import quieted
from indset.resolve import repeated_rows  # in resolve: the polars counts (fast.py) import no GE

__all__ = ["FAST_TYPES", "in_caller", "repeated_rows", "unique_rows"]

FAST_TYPES = frozenset({"expect_column_values_to_be_unique", "expect_compound_columns_to_be_unique"})
_forked = False


def _after_fork() -> None:
    global _forked
    _forked = True


os.register_at_fork(after_in_child=_after_fork)


def in_caller(types: Iterable[str]) -> bool:
    """Whether a column group of these expectation types is faster in the calling process than in a forked
    worker (where GE's own, slower uniqueness conditions run)."""
    return not FAST_TYPES.isdisjoint(types)


def _polars_takes(dtype: Any) -> bool:
    """Dtypes converted to polars with pandas' notion of equal values: numbers, booleans, datetimes, strings."""
    if isinstance(dtype, pd.StringDtype | pd.ArrowDtype | pd.DatetimeTZDtype):
        return True
    if isinstance(dtype, pd.api.extensions.ExtensionDtype):
        return pd.api.types.is_numeric_dtype(dtype) or pd.api.types.is_bool_dtype(dtype)
    return np.dtype(dtype).kind in "biufmM"


def unique_rows(frame: pd.DataFrame) -> pd.Series | None:
    """True where a row's values (all columns) occur once in ``frame``, as ``~frame.duplicated(keep=False)``;
    None in a forked process, or when a column's dtype is not one polars compares as pandas does. Categorical
    columns enter as their codes (equal values, equal codes; every missing value -1)."""
    if _forked:
        return None
    index, frame = frame.index, frame.reset_index(drop=True)
    codes = {c: frame[c].cat.codes for c, t in frame.dtypes.items() if isinstance(t, pd.CategoricalDtype)}
    frame = frame.assign(**codes) if codes else frame
    if not all(_polars_takes(t) for t in frame.dtypes):
        return None
    return pd.Series(~repeated_rows(pl.from_pandas(frame)), index=index)


with quieted("great_expectations.expectations.registry", logging.ERROR):  # it warns of the providers replaced

    class ColumnValuesUniqueFast(ColumnValuesUnique):
        """``column_values.unique`` on pandas through :func:`unique_rows`."""

        @column_condition_partial(engine=PandasExecutionEngine)
        def _pandas(cls, column: pd.Series, **kwargs: Any) -> pd.Series:
            fast = unique_rows(column.to_frame())
            return ~column.duplicated(keep=False) if fast is None else fast

    class CompoundColumnsUniqueFast(CompoundColumnsUnique):
        """``compound_columns.unique`` on pandas through :func:`unique_rows`."""

        @multicolumn_condition_partial(engine=PandasExecutionEngine)
        def _pandas(cls, column_list: pd.DataFrame, **kwargs: Any) -> pd.Series:
            fast = unique_rows(column_list)
            return ~column_list.duplicated(keep=False) if fast is None else fast

