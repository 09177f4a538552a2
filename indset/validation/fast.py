"""Expectations that pass, decided with polars; GE makes their results from the counts.

GE's pandas engine spends most of a long table's validation copying: every column converted to pandas,
every map expectation narrowing its column to the non-null rows and filtering it again by the condition
(10M readings: 6 s, a quarter of the build). For the common row-local checks and uniqueness this module
counts, with polars over the build's own frame (all expressions in one parallel pass), the rows GE would
find missing and unexpected. Where an expectation has **no unexpected value**, its metrics are fully known
(row count, missing count, an unexpected count of 0, empty example lists) and GE's own
``metrics_validate`` turns them into the result, exactly as :func:`indset.validation.sharded.merge_results`
does for the Ray engine's slices. Anything else goes to GE as before: an expectation with unexpected
values (so Data Docs show GE's own examples of them), kwargs or dtypes outside the cases below.

The cases, each with GE's pandas semantics (missing = null, and NaN in float columns; missing rows are
not checked; integers as pandas holds them: float64 when the column has nulls, so only values within
2**53 are compared here): not null; in / not in a set of strings (string or categorical columns) or of
integers; between numbers (strict bounds too); a regex search over strings written with literals, escaped
punctuation, bracket classes, quantifiers, anchors, groups and alternation only (``\\d``, ``\\w``, ``\\b``
and flags differ between Rust, Python re and RE2); unique values and compound keys whose columns are
strings, integers, booleans without nulls, dates or datetimes (no floats: -0.0 and 0.0). A row-local check
may carry a row condition of comparisons (strings: ==, !=, in, not in; numbers: all), nullity, and/or,
keeping the rows GE's pandas query keeps (a missing value is in no set and differs from every value).
``tests/test_validation.py`` (``test_polars_decided_expectations_give_ges_results_and_docs``) compares the
stored results and Data Docs with GE's on passing and failing checks.
"""

from __future__ import annotations

import copy
import logging
import operator
import re
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import polars as pl

from indset.resolve import repeated_rows

log = logging.getLogger(__name__)

_RESULT_FORMAT = "SUMMARY"
_IGNORE = {"all_values_are_missing", "any_value_is_missing", "never"}
_COMMON = {"column", "mostly", "catch_exceptions", "meta", "notes", "description",
           "row_condition", "condition_parser", "severity"}
_KWARGS = {
    "expect_column_values_to_not_be_null": set(),
    "expect_column_values_to_be_in_set": {"value_set", "parse_strings_as_datetimes"},
    "expect_column_values_to_not_be_in_set": {"value_set", "parse_strings_as_datetimes"},
    "expect_column_values_to_be_between": {"min_value", "max_value", "strict_min", "strict_max"},
    "expect_column_values_to_match_regex": {"regex"},
    "expect_column_values_to_be_unique": set(),
    "expect_compound_columns_to_be_unique": {"column_list", "ignore_row_if"},
}
_ESCAPABLE = set(".-+*?()[]{}|^$/\\")  # escaped, these are literal characters in Rust, Python re and RE2
_SPECIAL = set("\\[](){}|^$.*+?")
_REPEAT = re.compile(r"\{(\d{1,4})(,(\d{1,4})?)?\}")
_MAX_REPEAT = 1000  # RE2's limit
_STRINGS = (pl.String, pl.Categorical, pl.Enum)
SLICES = 2  # halves of the frame counted on two threads


def passed(frame: pl.DataFrame, configs: Sequence[Any], indices: Sequence[int], batch_id: str) -> dict[int, Any]:
    """Results of the expectations ``indices`` (of ``configs``) that this module decides and that have no
    unexpected value in ``frame`` (``batch_id``: the batch GE validates, named in each result); the others
    are left to GE."""
    return decided(configs, count(frame, plan(frame, configs, indices)), batch_id)


def plan(frame: pl.DataFrame, configs: Sequence[Any], indices: Sequence[int]) -> dict[int, Counting]:
    """How to count each of the expectations ``indices`` this module decides, planned on the whole table (which
    integer columns pandas holds exactly, which key columns compare as in pandas): the Ray engine counts each
    slice of rows (a uniqueness check: each hash partition of its keys) with these plans and sums the counts."""
    if not frame.height:
        return {}
    return {i: c for i in indices if (c := _counts(frame, configs[i])) is not None}


def count(frame: pl.DataFrame, plans: dict[int, Counting]) -> dict[int, list[int]]:
    """(rows, missing, unexpected) of each planned expectation in ``frame``: the whole table, a slice of its rows
    (row-local checks), or all rows of some keys (uniqueness). An expectation polars cannot evaluate is left out."""
    local = {i: c for i, c in plans.items() if isinstance(c, tuple)}
    try:
        counts = _row_local_counts(frame, local)
    except pl.exceptions.PolarsError:  # one check polars cannot evaluate (e.g. values it will not compare)
        counts = {}
        for i, c in local.items():
            counts.update(_or_none(lambda i=i, c=c: _row_local_counts(frame, {i: c})) or {})
    for i, c in plans.items():
        if isinstance(c, _Keyed) and (keyed := _or_none(lambda c=c: _keyed_counts(frame, c))) is not None:
            counts[i] = keyed
    return counts


def decided(configs: Sequence[Any], counts: dict[int, Sequence[int]], batch_id: str) -> dict[int, Any]:
    """GE's results of the counted expectations with no unexpected value (:func:`count`, summed over a table)."""
    out = {}
    for i, (elements, missing, unexpected) in counts.items():
        if unexpected == 0 and (result := _result(configs[i], batch_id, elements, missing)) is not None:
            out[i] = result
    return out


def _or_none(compute: Any) -> Any:
    """``compute()``, or None where polars raises: that expectation is left to GE."""
    try:
        return compute()
    except pl.exceptions.PolarsError as exc:
        log.info("validation: left to GE: %s", exc)
        return None


def _row_local_counts(frame: pl.DataFrame, plans: dict[int, tuple[pl.Expr | None, pl.Expr, pl.Expr]]
                      ) -> dict[int, list[int]]:
    """(rows, missing, unexpected) per expectation: sums over two halves of the frame, on two threads (one
    regex over 10M strings alone holds a core for half a second)."""
    if not plans:
        return {}
    exprs = [(pl.len() if e is None else e.sum()).alias(f"{i}_{k}")  # rows: None is every row
             for i, trio in plans.items() for k, e in zip("emu", trio, strict=True)]
    half = max(1, -(-frame.height // SLICES))
    with ThreadPoolExecutor(max_workers=SLICES) as pool:
        sums = list(pool.map(lambda part: part.select(exprs).row(0, named=True), frame.iter_slices(half)))
    return {i: [sum(int(s[f"{i}_{k}"] or 0) for s in sums) for k in "emu"] for i in plans}


@dataclass(frozen=True)
class _Keyed:
    """A uniqueness check: its key columns and the rows it skips (missing)."""

    names: tuple[str, ...]
    skipped: pl.Expr


Counting = tuple[pl.Expr | None, pl.Expr, pl.Expr] | _Keyed  # a row-local check's (rows, missing, unexpected)


def _keyed_counts(frame: pl.DataFrame, keyed: _Keyed) -> list[int]:
    """(rows, skipped, rows whose key another checked row shares), exact
    (:func:`indset.resolve.repeated_rows`, what GE's uniqueness providers run: :mod:`indset.validation.uniqueness`)."""
    checked = frame.select(~keyed.skipped).to_series()
    repeated = repeated_rows(frame.select(list(keyed.names)).filter(checked))
    return [frame.height, frame.height - int(checked.sum()), int(repeated.sum())]


def _counts(frame: pl.DataFrame, config: Any) -> tuple[pl.Expr | None, pl.Expr, pl.Expr] | _Keyed | None:
    """How to count the rows GE's pandas metrics check, find missing and find unexpected: three boolean
    expressions for a row-local check (rows: those its row condition keeps; None: every row), a :class:`_Keyed` for
    uniqueness; None when GE must decide."""
    kwargs, kind, schema = config.kwargs, config.type, frame.schema
    if kind not in _KWARGS or not set(kwargs) <= _COMMON | _KWARGS[kind]:
        return None
    if kwargs.get("parse_strings_as_datetimes") or kwargs.get("condition_parser"):
        return None
    rows: pl.Expr | None = None  # every row
    if kwargs.get("row_condition"):
        condition = _condition(frame, kwargs["row_condition"])
        if condition is None or kind in ("expect_column_values_to_be_unique", "expect_compound_columns_to_be_unique"):
            return None
        rows = condition
    if kind == "expect_compound_columns_to_be_unique":
        return _compound_unique(frame, kwargs)
    name = kwargs.get("column")
    if not isinstance(name, str) or name not in schema:
        return None
    dtype, col = schema[name], pl.col(name)
    if (dtype.is_integer() and kind in ("expect_column_values_to_be_in_set", "expect_column_values_to_not_be_in_set",
                                        "expect_column_values_to_be_between") and not _exact_in_pandas(frame[name])):
        return None
    missing = _missing(col, dtype)
    checked = ~missing
    if kind == "expect_column_values_to_not_be_null":
        bad = missing
    elif kind in ("expect_column_values_to_be_in_set", "expect_column_values_to_not_be_in_set"):
        inside = _in_set(col, dtype, kwargs.get("value_set"))
        if inside is None:
            return None
        bad = checked & (~inside if kind == "expect_column_values_to_be_in_set" else inside)
    elif kind == "expect_column_values_to_be_between":
        within = _between(col, dtype, kwargs)
        if within is None:
            return None
        bad = checked & ~within
    elif kind == "expect_column_values_to_match_regex":
        regex = kwargs.get("regex")
        if not isinstance(dtype, _STRINGS) or not _portable_regex(regex):
            return None
        bad = checked & ~col.cast(pl.String).str.contains(regex)
    else:  # expect_column_values_to_be_unique: missing values are not checked
        return _Keyed((name,), missing) if _keyable(frame, name) else None
    bad = bad.fill_null(False)
    return (None, missing, bad) if rows is None else (rows, rows & missing, rows & bad)


def _condition(frame: pl.DataFrame, node: Any) -> pl.Expr | None:
    """The rows a structured row condition keeps, as GE's pandas query keeps them (``col in [...]``, ``col !=
    v``: a missing value is not in a set and differs from every value; ``<`` and the like: never true on a
    missing value); None for shapes or types outside comparisons of strings or numbers, nullity, and/or."""
    node = node.model_dump() if hasattr(node, "model_dump") else node.dict() if hasattr(node, "dict") else node
    if not isinstance(node, dict):
        return None
    kind = node.get("type")
    if kind in ("and", "or"):
        parts = [_condition(frame, c) for c in node.get("conditions") or []]
        if not parts or any(p is None for p in parts):
            return None
        return pl.all_horizontal(parts) if kind == "and" else pl.any_horizontal(parts)
    column = node.get("column")
    name = column.get("name") if isinstance(column, dict) else None
    if not isinstance(name, str) or name not in frame.schema:
        return None
    dtype, col = frame.schema[name], pl.col(name)
    missing = _missing(col, dtype)
    if kind == "nullity":
        return missing if node.get("is_null") else ~missing
    op, value = str(node.get("operator")), node.get("parameter")
    if kind != "comparison" or op not in (*_OPERATORS, "!=", "IN", "NOT_IN"):
        return None
    values = list(value) if op in ("IN", "NOT_IN") and isinstance(value, list | tuple) else [value]
    if isinstance(dtype, _STRINGS):
        if not all(isinstance(v, str) for v in values) or op not in ("==", "!=", "IN", "NOT_IN"):
            return None
        col = col.cast(pl.String)
    elif dtype.is_numeric() and not dtype.is_decimal():
        if not all(isinstance(v, int | float) and not isinstance(v, bool) for v in values):
            return None
        if any(isinstance(v, int) and abs(v) > 2**53 for v in values):  # float64 in pandas when the column has nulls
            return None
        if dtype.is_integer() and not _exact_in_pandas(frame[name]):
            return None
        col = col.cast(pl.Float64) if dtype.is_float() else col
    else:
        return None
    if op in ("IN", "NOT_IN"):
        inside = col.is_in(values).fill_null(False) & ~missing
        return inside if op == "IN" else ~inside
    if op == "!=":
        return ~(col == value).fill_null(False) | missing
    return _OPERATORS[op](col, value).fill_null(False) & ~missing


_OPERATORS: dict[str, Any] = {"==": operator.eq, "<": operator.lt, "<=": operator.le, ">": operator.gt,
                              ">=": operator.ge}


def _portable_regex(regex: Any) -> bool:
    """Whether ``regex`` means the same in Rust (polars), Python re and RE2 (pandas' Arrow strings): literals,
    escaped punctuation, classes of literals and ranges, ``. ^ $``, groups ``( )`` and ``(?: )``,
    alternation, and one repeat (``* + ? {m} {m,} {m,n}``, n <= 1000, optionally lazy) after an atom. Not
    ``\\d \\w \\s \\b \\< \\>`` (Unicode in some engines, ASCII or other meanings in others), flags, lookarounds,
    class set operations (``&& -- ~~``), a repeat of a repeat, or a space inside braces."""
    if not isinstance(regex, str) or not _tokens_portable(regex):
        return False
    try:
        import pyarrow as pa
        import pyarrow.compute as pc

        pc.match_substring_regex(pa.array([""]), regex)  # RE2 takes it
        re.compile(regex)
        pl.select(pl.lit("").str.contains(regex))
    except Exception:
        return False
    return True


def _tokens_portable(regex: str) -> bool:
    i, n, atom = 0, len(regex), False  # atom: the last token can take a repeat
    while i < n:
        c = regex[i]
        if c == "\\":
            if i + 1 >= n or regex[i + 1] not in _ESCAPABLE:
                return False
            i, atom = i + 2, True
        elif c == "[":
            end = _class_end(regex, i)
            if end < 0:
                return False
            i, atom = end, True
        elif c in "*+?{":
            if not atom:
                return False
            if c == "{":
                m = _REPEAT.match(regex, i)
                if not m or any(g and int(g) > _MAX_REPEAT for g in (m.group(1), m.group(3))):
                    return False
                i = m.end()
            else:
                i += 1
            if i < n and regex[i] == "?":  # lazy
                i += 1
            atom = False
        elif c == "(":
            if regex.startswith("(?", i) and not regex.startswith("(?:", i):
                return False
            i, atom = i + (3 if regex.startswith("(?:", i) else 1), False
        elif c in "|^":
            i, atom = i + 1, False
        elif c in ")$.":
            i, atom = i + 1, c != "$"
        elif c in "]}":
            return False
        else:
            i, atom = i + 1, True
    return True


def _class_end(regex: str, start: int) -> int:
    """The index after a bracket class of literals, ranges and escaped punctuation starting at ``start``; -1 if
    it holds anything else (``[:alpha:]``, ``\\d``, set operations) or is not closed."""
    i = start + 1 + (regex.startswith("^", start + 1))
    first = True
    while i < len(regex):
        c = regex[i]
        if c == "]":
            return -1 if first else i + 1
        if c == "\\":
            if i + 1 >= len(regex) or regex[i + 1] not in _ESCAPABLE:
                return -1
            i += 2
        elif c == "[" or regex.startswith(("&&", "--", "~~"), i):
            return -1
        else:
            i += 1
        first = False
    return -1


def _missing(col: pl.Expr, dtype: pl.DataType) -> pl.Expr:
    return col.is_null() | col.is_nan().fill_null(False) if dtype.is_float() else col.is_null()


def _in_set(col: pl.Expr, dtype: pl.DataType, values: Any) -> pl.Expr | None:
    if not isinstance(values, list | tuple | set):
        return None
    values = list(values)
    if isinstance(dtype, _STRINGS) and all(isinstance(v, str) for v in values):
        return col.cast(pl.String).is_in(values)
    if dtype.is_integer() and all(isinstance(v, int) and not isinstance(v, bool) for v in values):
        return col.cast(pl.Int64).is_in(values) if values else pl.lit(False)
    return None


def _between(col: pl.Expr, dtype: pl.DataType, kwargs: dict[str, Any]) -> pl.Expr | None:
    low, high = kwargs.get("min_value"), kwargs.get("max_value")
    if not dtype.is_numeric() or dtype.is_decimal() or (low is None and high is None):
        return None
    if any(v is not None and (isinstance(v, bool) or not isinstance(v, int | float)) for v in (low, high)):
        return None
    if low is not None and high is not None and low > high:  # GE raises: its message, its result
        return None
    col = col.cast(pl.Float64) if dtype.is_float() else col  # numpy compares float32 with a float bound in float64
    within = pl.lit(True)
    if low is not None:
        within &= (col > low) if kwargs.get("strict_min") else (col >= low)
    if high is not None:
        within &= (col < high) if kwargs.get("strict_max") else (col <= high)
    return within


def _exact_in_pandas(column: pl.Series) -> bool:
    """Whether GE sees an integer column's values as they are: pandas holds one with nulls as float64, exact
    up to 2**53 only (2**60 and 2**60 + 1 are then one value), and compares one with bounds as floats."""
    if not column.len() or column.null_count() == column.len():
        return True
    low, high = column.min(), column.max()
    return low >= -(2**53) and high <= 2**53  # type: ignore[operator]


def _keyable(frame: pl.DataFrame, name: str) -> bool:
    """Whether a key column's values are equal in polars exactly when pandas finds them equal (no floats: -0.0
    and 0.0; booleans with nulls become Python objects in pandas)."""
    dtype, column = frame.schema[name], frame[name]
    if dtype.is_integer():
        return not column.null_count() or _exact_in_pandas(column)
    if dtype == pl.Boolean:
        return not column.null_count()
    return isinstance(dtype, (*_STRINGS, pl.Date, pl.Datetime))


def _compound_unique(frame: pl.DataFrame, kwargs: dict[str, Any]) -> _Keyed | None:
    names, ignore = kwargs.get("column_list"), kwargs.get("ignore_row_if", "all_values_are_missing")
    if (not isinstance(names, list) or not names or ignore not in _IGNORE
            or not all(isinstance(n, str) and n in frame.schema and _keyable(frame, n) for n in names)):
        return None
    nulls = [pl.col(n).is_null() for n in names]
    skipped = (pl.all_horizontal(nulls) if ignore == "all_values_are_missing"
               else pl.any_horizontal(nulls) if ignore == "any_value_is_missing" else pl.repeat(False, pl.len()))
    return _Keyed(tuple(names), skipped)


def _result(config: Any, batch_id: str, elements: int, missing: int) -> Any:
    """GE's result for an expectation with no unexpected value (None when its metrics are not those known)."""
    try:
        config = copy.deepcopy(config)
        config.kwargs["batch_id"] = batch_id  # as GE's validator names the batch in each result
        expectation = config.to_domain_obj()
        deps = expectation.get_validation_dependencies(runtime_configuration={"result_format": _RESULT_FORMAT})
        metric = expectation.map_metric
        known = {"table.row_count": elements, f"{metric}.unexpected_count": 0, f"{metric}.unexpected_values": [],
                 f"{metric}.unexpected_index_list": [], f"{metric}.unexpected_index_query": None,
                 f"{metric}.filtered_row_count": elements - missing}
        known.setdefault("column_values.nonnull.unexpected_count", missing)
        metrics = {c.id: known[name] for name, c in deps.metric_configurations.items()}
        return expectation.metrics_validate(metrics=metrics, runtime_configuration={"result_format": _RESULT_FORMAT})
    except Exception as exc:  # a metric this module does not know: GE computes it
        log.debug("fast validation: %s left to GE: %s", config.type, exc)
        return None
