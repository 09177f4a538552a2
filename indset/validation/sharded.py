"""Validation a slice of rows at a time (``--engine ray``), merged into what one pass over the table gives.

Rows are taken in the order of the validated frame (a build passes its output table in build order;
a ``row_order`` such as :func:`indset.package.release_order` may reorder it), cut every ``SHARD_ROWS``
rows into slices. A build does not reorder its table for validation: gathering every column in shard
order cost ~6 s and ~1 GB at 10M rows, and the results (counts, verdicts) do not depend on the order;
only the example values Data Docs list for a failed expectation do, identically on both engines.
Per table and column group (:func:`indset.validation.runner.column_groups`), each expectation goes by kind:

* row-local map expectations (:data:`ROW_LOCAL`): one task per slice (the pandas index is the global
  row number). Merged: element, missing and unexpected counts
  summed, partial lists concatenated in shard order (first 20 kept); the expectation's own GE
  ``metrics_validate`` then makes percentages, ``mostly`` success and partial counts from those metrics.
* uniqueness (:data:`KEYED`): one task per hash partition of the key columns (as many as shards; equal
  keys, as pandas compares them, in one partition), so counts are exact. Merged likewise, the partial
  lists ordered by global row number.

In both, a task first counts with polars what :mod:`indset.validation.fast` decides (planned by the driver on
the whole table: the local engine's own code), and runs GE only for the rest: the expectations polars does not
decide and those with unexpected values in its rows. A slice without unexpected values contributes its counts
(rows, missing, no unexpected value, no example) to the merge; an expectation without any anywhere gets its
result from the summed counts (:func:`indset.validation.fast.decided`), as on the local engine. A task whose
expectations all pass converts nothing to pandas (10M readings: 16 checks on 5 slices, counted in ~0.1 s per
task where GE took seconds).
* table-level (:data:`TABLE`: row count, column names and count): on the driver, GE on a frame of the
  table's columns and row count that holds no data.
* anything else (aggregates: mean, quantiles, distinct values, ...; increasing; a query-string
  condition; a missing column): on the driver, the local path over the group's columns.

A part that raised, or a result that cannot be merged, sends that expectation to the driver too, so
the merged results, ``summarize`` and the Data Docs are those of the local engine.

The tasks run through an :class:`Executor`: Ray's (:mod:`indset.engines.ray_validation`) or
:class:`InProcess` (tests, same code path without Ray). This module does not import Ray.
"""

from __future__ import annotations

import functools
import logging
import pickle
from collections import defaultdict, deque
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

import polars as pl

from indset.package import SHARD_ROWS as _RELEASE_SHARD_ROWS
from indset.package import ReleaseOrder
from indset.validation import fast

if TYPE_CHECKING:
    import pandas as pd
    from great_expectations.core import ExpectationSuiteValidationResult, ExpectationValidationResult

    from indset.validation.fast import Counting
    from indset.validation.runner import SuitePlan

log = logging.getLogger(__name__)

SHARD_ROWS = _RELEASE_SHARD_ROWS  # rows per slice task: the release's shard size (tests make it small)

ROW_LOCAL = frozenset({  # map expectations whose per-row condition reads only that row
    "expect_column_values_to_not_be_null",
    "expect_column_values_to_be_in_set", "expect_column_values_to_not_be_in_set",
    "expect_column_values_to_be_between",
    "expect_column_values_to_match_regex", "expect_column_values_to_not_match_regex",
    "expect_column_values_to_match_regex_list", "expect_column_values_to_not_match_regex_list",
    "expect_column_values_to_match_strftime_format", "expect_column_values_to_be_dateutil_parseable",
    "expect_column_values_to_be_json_parseable", "expect_column_values_to_match_json_schema",
    "expect_column_value_lengths_to_be_between", "expect_column_value_lengths_to_equal",
    "expect_column_pair_values_to_be_equal", "expect_column_pair_values_a_to_be_greater_than_b",
    "expect_column_pair_values_to_be_in_set",
    "expect_select_column_values_to_be_unique_within_record", "expect_multicolumn_sum_to_equal",
    "expect_multicolumn_values_to_be_equal",
    # indset.validation.custom
    "expect_column_values_to_be_valid_uscc", "expect_column_values_to_be_hs_code_in_chapters",
    "expect_column_fiber_composition_to_sum_to_100", "expect_column_values_to_be_valid_cas_rn",
    "expect_column_list_values_to_match_regex",
})
KEYED = {  # uniqueness over the whole table: rows partitioned by these key columns
    "expect_column_values_to_be_unique": lambda kwargs: (kwargs["column"],),
    "expect_compound_columns_to_be_unique": lambda kwargs: tuple(kwargs["column_list"]),
}
TABLE = frozenset({  # read only the row count and the column names
    "expect_table_row_count_to_be_between", "expect_table_row_count_to_equal",
    "expect_table_columns_to_match_ordered_list", "expect_table_columns_to_match_set",
    "expect_table_column_count_to_equal", "expect_table_column_count_to_be_between", "expect_column_to_exist",
})
_RESULT_FORMAT = "SUMMARY"


# --- release order ---------------------------------------------------------------------------------


def identity_order(rows: int) -> ReleaseOrder:
    """Rows as they are (``indset validate``, tests), one split."""
    return ReleaseOrder(pl.int_range(rows, dtype=pl.get_index_type(), eager=True), (rows,), identity=True)


# --- executors -------------------------------------------------------------------------------------


class Executor(Protocol):
    """Runs :func:`validate_slice` calls; ``put`` values may be passed as top-level arguments of ``submit``."""

    name: str  # for the log: where the tasks run
    window: int  # tasks in flight before the driver waits for the oldest

    def __enter__(self) -> Executor: ...
    def __exit__(self, *exc: object) -> None: ...
    def put(self, value: Any) -> Any: ...
    def submit(self, *args: Any) -> Any: ...
    def get(self, handle: Any) -> Any: ...


class InProcess:
    """:func:`validate_slice` here, one call at a time: the Ray code path without Ray (tests).

    Results are pickled and unpickled, as they are on their way back from a Ray worker.
    """

    name = "this process"
    window = 0

    def __init__(self) -> None:
        self.calls = 0

    def __enter__(self) -> InProcess:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def put(self, value: Any) -> Any:
        return value

    def submit(self, *args: Any) -> Any:
        self.calls += 1
        return validate_slice(*args)

    def get(self, handle: Any) -> Any:
        return pickle.loads(pickle.dumps(handle))


# --- the task --------------------------------------------------------------------------------------


Counts = dict[int, list[int]]  # (rows, missing, unexpected) by position in a task's expectations


def validate_slice(industry: str, table: str, suite_name: str, expectations: list[dict[str, Any]],
                   counting: dict[int, Counting], index: int | pl.Series, pad: Sequence[str], *columns: pl.Series
                   ) -> tuple[Counts, ExpectationSuiteValidationResult | None]:
    """Count the expectations planned in ``counting`` (by position in ``expectations``) on ``columns`` (rows of a
    table) with polars, and run the others, and those with unexpected values here, with GE: the pandas index
    starting at ``index`` or equal to it. The counts, and GE's result (None when GE had nothing to run).

    Columns named in ``pad`` hold nulls in the whole table: converted as if this slice held one too, so
    pandas gives them the whole column's dtype (an integer column with nulls is float64).
    """
    counts = fast.count(pl.DataFrame(columns), counting) if counting and columns else {}
    expectations = [e for i, e in enumerate(expectations) if i not in counts or counts[i][2]]
    if not expectations:  # all counted, none with unexpected values: GE is not even imported
        return counts, None
    from indset.validation import custom  # noqa: F401  (registers the custom expectations in a worker)
    from indset.validation.frames import ColumnQueryFrame
    from indset.validation.runner import _skip_batch_fingerprint, _validate_group, conditions_name_columns

    _skip_batch_fingerprint()
    frame = slice_frame(columns, index, set(pad))
    if conditions_name_columns(expectations):
        frame = ColumnQueryFrame(frame, copy=False)
    result = _validate_group(_definition(industry, table), frame, suite_name, expectations)
    for r in result.results:
        if isinstance(r.result, dict) and "partial_unexpected_list" in r.result:
            r.result["partial_unexpected_list"] = [_portable(v) for v in r.result["partial_unexpected_list"]]
    return counts, result


class _NaN:
    """numpy's ``nan`` object across a pickle (which makes each a new float).

    GE counts partial values with ``Counter``: that one object equals itself, two NaN floats do not.
    pandas gives it for the nulls of string columns; other NaNs are distinct objects anyway.
    """


def _portable(value: Any) -> Any:
    import numpy as np

    if value is np.nan:
        return _NaN()
    return {k: _portable(v) for k, v in value.items()} if isinstance(value, dict) else value


def _restored(value: Any) -> Any:
    import numpy as np

    if isinstance(value, _NaN):
        return np.nan
    return {k: _restored(v) for k, v in value.items()} if isinstance(value, dict) else value


def slice_frame(columns: Sequence[pl.Series], index: int | pl.Series, pad: set[str]) -> pd.DataFrame:
    """pandas columns as :class:`indset.validation.runner.PandasView` converts them, with a global index."""
    import pandas as pd

    from indset.validation.runner import to_pandas

    rows = columns[0].len() if columns else 0
    idx = pd.RangeIndex(index, index + rows) if isinstance(index, int) else pd.Index(index.cast(pl.Int64).to_numpy())
    out = {}
    for s in columns:
        if s.name in pad and not s.dtype.is_nested() and not s.has_nulls():
            col = to_pandas(pl.concat([s, pl.Series(s.name, [None], s.dtype)]).to_frame())[s.name].iloc[:-1]
        else:
            col = to_pandas(s.to_frame())[s.name]
        col.index = idx
        out[s.name] = col
    return pd.DataFrame(out, index=idx, copy=False)


@functools.cache
def _definition(industry: str, table: str) -> Any:
    """One ephemeral GE context per worker process and table, named like the driver's (same batch id)."""
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig

    from indset.validation.runner import _batch_definition

    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False, metric_calculations=False)
    return _batch_definition(context, industry, table)


# --- merging ---------------------------------------------------------------------------------------


def merge_results(parts: Sequence[ExpectationValidationResult | Sequence[int]], by_index: bool = False
                  ) -> ExpectationValidationResult | None:
    """One expectation's results on disjoint row sets as GE would give on their union; None if not mergeable.

    Parts come in release order (shards), or in any order with ``by_index`` (hash partitions: partial
    lists are then ordered by row number). A part is GE's result, or the polars counts (rows, missing, 0)
    of rows without unexpected values (at least one part must be GE's). The metrics GE's ``_validate`` reads
    are rebuilt from the summed counts and the first ``partial_unexpected_count`` unexpected values, and the
    expectation's own ``metrics_validate`` makes the result.
    """
    from great_expectations.constants import MAX_RESULT_RECORDS

    ran = [p for p in parts if not isinstance(p, list | tuple)]
    if not ran or any(_raised(p) or not isinstance(p.result, dict) for p in ran):
        return None
    if any(isinstance(p, list | tuple) and p[2] for p in parts):  # unexpected values GE did not list
        return None
    try:
        expectation = ran[0].expectation_config.to_domain_obj()
        deps = expectation.get_validation_dependencies(runtime_configuration={"result_format": _RESULT_FORMAT})
        limit = min(int(deps.result_format["partial_unexpected_count"]), MAX_RESULT_RECORDS)
        values = _merged_metrics([_summary(p) for p in parts], expectation.map_metric, limit, by_index)
        metrics = {config.id: values[name] for name, config in deps.metric_configurations.items()}
        return expectation.metrics_validate(metrics=metrics, runtime_configuration={"result_format": _RESULT_FORMAT})
    except Exception as exc:  # an unexpected shape: the driver runs it instead (correct first)
        log.debug("cannot merge %s: %s", ran[0].expectation_config.type, exc)
        return None


def _summary(part: ExpectationValidationResult | Sequence[int]) -> dict[str, Any]:
    """A part's SUMMARY result: GE's, or what GE gives for rows its counts show without unexpected values."""
    if not isinstance(part, list | tuple):
        return part.result
    rows, missing, _ = part
    return {"element_count": rows, "missing_count": missing, "unexpected_count": 0,
            "partial_unexpected_list": [], "partial_unexpected_index_list": []}


def _merged_metrics(results: Sequence[dict[str, Any]], map_metric: str, limit: int,
                    by_index: bool) -> dict[str, Any]:
    """The summary metrics of a map expectation over all parts' results (KeyError when a part lacks one)."""
    elements = sum(int(r["element_count"]) for r in results)
    unexpected = sum(int(r["unexpected_count"]) for r in results)
    values = [_restored(v) for r in results for v in r["partial_unexpected_list"]]
    index = [i for r in results for i in r["partial_unexpected_index_list"]]
    if by_index:
        if len(values) != len(index):
            raise KeyError("partial_unexpected_index_list")
        pairs = sorted(zip(index, values, strict=True), key=lambda p: p[0])
        index, values = [i for i, _ in pairs], [v for _, v in pairs]
    metrics = {"table.row_count": elements, f"{map_metric}.unexpected_count": unexpected,
               f"{map_metric}.unexpected_values": values[:limit], f"{map_metric}.unexpected_index_list": index[:limit],
               f"{map_metric}.unexpected_index_query": None}
    if all("missing_count" in r for r in results):
        missing = sum(int(r["missing_count"]) for r in results)
        metrics.setdefault("column_values.nonnull.unexpected_count", missing)  # not_be_null: its unexpected count
        metrics[f"{map_metric}.filtered_row_count"] = elements - missing
    return metrics


def _raised(result: Any) -> bool:
    info = result.exception_info or {}
    entries = [info] if "raised_exception" in info else [v for v in info.values() if isinstance(v, dict)]
    return any(str(e.get("raised_exception")) == "True" for e in entries)


# --- planning --------------------------------------------------------------------------------------


@dataclass
class GroupKinds:
    """A column group's expectations (indices into the suite) by how they are distributed."""

    rows: list[int] = field(default_factory=list)
    keyed: dict[tuple[str, ...], list[int]] = field(default_factory=dict)
    table: list[int] = field(default_factory=list)
    driver: list[int] = field(default_factory=list)


def classify(configs: Sequence[Any], idx: Sequence[int], schema: pl.Schema) -> GroupKinds:
    """Sort a group's expectations into row-local, keyed, table-level and driver-only."""
    kinds = GroupKinds()
    for i in idx:
        kind, keys = _kind(configs[i], schema)
        if kind == "keyed":
            kinds.keyed.setdefault(keys, []).append(i)
        else:
            getattr(kinds, kind).append(i)
    return kinds


def table_level(config: Any) -> bool:
    """Whether an expectation reads only the row count and column names (no row condition, no result format of its
    own): GE can run it on a frame of the table's shape that holds no data."""
    kwargs = config.kwargs
    return (config.type in TABLE and not kwargs.get("row_condition") and not kwargs.get("condition_parser")
            and "result_format" not in kwargs)


def _kind(config: Any, schema: pl.Schema) -> tuple[str, tuple[str, ...]]:
    kwargs = config.kwargs
    condition = kwargs.get("row_condition")
    if table_level(config):
        return "table", ()
    if "result_format" in kwargs or isinstance(condition, str) or kwargs.get("condition_parser"):
        return "driver", ()  # a query string may read anything; a result format of its own is not SUMMARY
    if config.type in TABLE:
        return "driver", ()  # a table-level expectation with a row condition
    named = [kwargs[k] for k in ("column", "column_A", "column_B") if isinstance(kwargs.get(k), str)]
    named += [c for c in kwargs.get("column_list") or [] if isinstance(c, str)]
    if not named or any(c not in schema for c in named):
        return "driver", ()  # GE reports the missing column
    if config.type in ROW_LOCAL:
        return "rows", ()
    if config.type in KEYED:
        keys = KEYED[config.type](kwargs)
        if all(not schema[k].is_nested() and schema[k] != pl.Object for k in keys):
            return "keyed", keys
    return "driver", ()


def partitions(frame: pl.DataFrame, order: pl.Series, keys: Sequence[str], n: int) -> list[pl.Series]:
    """Release row numbers (ascending) of each of ``n`` hash partitions of ``keys``: equal keys, same partition.

    Keys are hashed as pandas compares them: NaN and null alike, -0.0 as 0.0, and an integer column with
    nulls as float64 (what pandas turns it into).
    """
    key = frame.select(_comparable(frame[k]) for k in keys).hash_rows(seed=0).gather(order)
    ranks = pl.DataFrame({"part": key % n, "rank": pl.int_range(order.len(), dtype=pl.get_index_type(), eager=True)})
    parts = ranks.partition_by("part", as_dict=True, maintain_order=True)  # one pass; row order kept in each
    empty = pl.Series("rank", [], pl.get_index_type())
    return [parts[(p,)]["rank"] if (p,) in parts else empty for p in range(n)]


def _comparable(s: pl.Series) -> pl.Series:
    if s.dtype.is_integer() and s.has_nulls():
        s = s.cast(pl.Float64)
    if s.dtype.is_float():
        s = s.fill_nan(None) + 0.0
    return s


# --- the driver ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Slot:
    indices: tuple[int, ...]
    number: int  # shard or partition


class TableRun:
    """One table's suite as slice tasks, and the merge of their results (in suite order)."""

    def __init__(self, plan: SuitePlan) -> None:
        self.plan = plan
        frame = plan.frame
        self.order = plan.order or identity_order(frame.height)
        self.kinds = [classify(plan.configs, idx, frame.schema) for _, idx in plan.groups]
        self.pad = tuple(c for c in frame.columns if frame[c].null_count())
        spread = [i for k in self.kinds for i in (*k.rows, *(j for idx in k.keyed.values() for j in idx))]
        self.counting = fast.plan(frame, plan.configs, spread)  # on the whole table; counted by the tasks
        self.parts: dict[int, dict[int, Any]] = defaultdict(dict)  # expectation -> shard/partition -> GE result
        self.counts: dict[int, dict[int, list[int]]] = defaultdict(dict)  # expectation -> shard/partition -> counts
        self.tasks = 0

    def submissions(self, executor: Executor) -> Iterator[tuple[_Slot, tuple[Any, ...]]]:
        """Every task of the table: puts its columns and yields its slot and arguments, in release order."""
        if not self.plan.frame.height:
            return
        yield from self._row_slices(executor)
        yield from self._key_partitions(executor)

    def _args(self, idx: Sequence[int], index: Any, columns: list[Any]) -> tuple[Any, ...]:
        plan = self.plan
        self.tasks += 1
        counting = {pos: self.counting[i] for pos, i in enumerate(idx) if i in self.counting}
        return (plan.industry, plan.table, plan.suite.name, plan.expectations(idx), counting, index, self.pad,
                *columns)

    def _row_slices(self, executor: Executor) -> Iterator[tuple[_Slot, tuple[Any, ...]]]:
        frame, groups = self.plan.frame, self.plan.groups
        work = [(cols, kinds.rows) for (cols, _), kinds in zip(groups, self.kinds, strict=True) if kinds.rows]
        needed = [c for c in frame.columns if any(c in cols for cols, _ in work)]
        for number, (start, end) in enumerate(self.order.shards(SHARD_ROWS)):
            if self.order.identity:  # rows as they are: a slice, nothing gathered (and only its rows sent)
                refs = {c: executor.put(frame[c].slice(start, end - start)) for c in needed}
            else:
                rows = self.order.rows.slice(start, end - start)
                refs = {c: executor.put(frame[c].gather(rows)) for c in needed}
            for cols, idx in work:
                yield _Slot(tuple(idx), number), self._args(idx, start, [refs[c] for c in cols])

    def _key_partitions(self, executor: Executor) -> Iterator[tuple[_Slot, tuple[Any, ...]]]:
        frame = self.plan.frame
        n = max(1, len(self.order.shards(SHARD_ROWS)))
        for (cols, _), kinds in zip(self.plan.groups, self.kinds, strict=True):
            for keys, idx in kinds.keyed.items():
                for number, ranks in enumerate(partitions(frame, self.order.rows, keys, n)):
                    if ranks.len():
                        rows = ranks if self.order.identity else self.order.rows.gather(ranks)
                        columns = [executor.put(frame[c].gather(rows)) for c in cols]
                        yield _Slot(tuple(idx), number), self._args(idx, executor.put(ranks), columns)

    def add(self, slot: _Slot, result: tuple[Counts, ExpectationSuiteValidationResult | None]) -> None:
        counts, ran = result
        for pos, c in counts.items():
            self.counts[slot.indices[pos]][slot.number] = c
        if ran is not None:
            wanted = [i for pos, i in enumerate(slot.indices) if pos not in counts or counts[pos][2]]
            for i, r in self.plan.pick(wanted, ran).items():
                self.parts[i][slot.number] = r

    def _merged(self, i: int, by_index: bool, batch_id: str) -> Any:
        """Expectation ``i`` over all slots: GE's parts and counted ones merged, or decided from summed counts."""
        parts, counts = self.parts[i], self.counts[i]
        if not parts:
            if not counts:
                return None
            total = [sum(c[k] for c in counts.values()) for k in range(3)]
            return fast.decided(self.plan.configs, {i: total}, batch_id).get(i)
        return merge_results([parts.get(s, counts.get(s)) for s in sorted(parts.keys() | counts.keys())], by_index)

    def results(self) -> tuple[list[Any], Any]:
        """Every expectation's result in suite order, and a driver result for the suite's meta and batch id."""
        plan, configs = self.plan, self.plan.configs
        out: list[Any] = [None] * len(configs)
        position = {c.id: i for i, c in enumerate(configs)}
        first = plan.run_stub([i for kinds in self.kinds for i in kinds.table])  # also GE's meta for the suite
        for r in first.results:
            out[position[r.expectation_config.id]] = r
        for kinds in self.kinds:
            for i in kinds.rows:
                out[i] = self._merged(i, False, first.batch_id)
            for idx in kinds.keyed.values():
                for i in idx:
                    out[i] = self._merged(i, True, first.batch_id)
        rest = [i for i, r in enumerate(out) if r is None]
        for i, r in plan.run_local(rest).items():
            out[i] = r
        if rest:
            log.info("validation: %s: %d expectation(s) on the driver", plan.suite.name, len(rest))
        return out, first


def run(plans: Mapping[str, SuitePlan], executor: Executor) -> dict[str, tuple[list[Any], Any]]:
    """Each table's results in suite order (and its meta result), the slices run by ``executor``."""
    tables = {name: TableRun(plan) for name, plan in plans.items()}
    with executor:
        pending: deque[tuple[TableRun, _Slot, Any]] = deque()
        for run_ in tables.values():
            for slot, args in run_.submissions(executor):
                pending.append((run_, slot, executor.submit(*args)))
                while len(pending) > executor.window:
                    owner, done, handle = pending.popleft()
                    owner.add(done, executor.get(handle))
        while pending:
            owner, done, handle = pending.popleft()
            owner.add(done, executor.get(handle))
    log.info("validation: %d slice task(s) for %d table(s) on %s", sum(t.tasks for t in tables.values()),
             len(tables), executor.name)
    return {name: t.results() for name, t in tables.items()}
