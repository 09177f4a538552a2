"""Run the expectation suites of a release's output tables and summarise the results.

One ephemeral GE context per call, one pandas dataframe asset per table, result format SUMMARY.
Data Docs (optional) are built once at the end from the in-memory stores.

A table's suite runs one *column group* at a time (:func:`column_groups`): the expectations that read
the same columns share one pandas batch holding just those columns, and their results are merged back,
in suite order, into the one validation result GE stores and renders. GE's pandas engine copies the
whole batch each time it narrows a domain (non-null rows of a column, a row condition), so on a wide,
long table a batch per column group costs a fraction of one batch for everything; each column is
converted to pandas once. Expectations whose columns cannot be known (table-level ones, a legacy
string ``row_condition``) get every column. On long tables the groups run in two forked worker
processes (:mod:`indset.validation.parallel`): 14 s -> 9 s on 10M readings rows, same results.

Rows are validated in the frame's order, or in ``row_order`` when given. With an executor (``--engine
ray``) the groups run a slice of rows at a time and are merged (:mod:`indset.validation.sharded`): the
same results and Data Docs as one pass.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import os
import re
import shutil
import time
from collections.abc import Collection, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from indset.validation import parallel
from indset.validation.suites import SuiteError, check_profile, load_suite, suite_path

if TYPE_CHECKING:
    import pandas as pd
    import polars as pl
    from great_expectations.core import ExpectationSuiteValidationResult
    from great_expectations.data_context import AbstractDataContext

    from indset.package import ReleaseOrder
    from indset.validation.sharded import Executor

log = logging.getLogger(__name__)

DOCS_SITE = "indset"
_DOCS_ENTRIES = ("index.html", "expectations", "validations", "static")
_NO_TRACEBACK = "(traceback omitted from published docs)"
_GE_STAMP = re.compile(r"\b\d{8}T\d{6}\.\d{6}Z\b")
_COLLAPSE_UUID = re.compile(r"(?<=-collapse-body-)[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


# expectations measuring completeness (STANDARD.md section 7), so left out of output accuracy
PRESENCE_CHECKS = frozenset({"expect_column_values_to_not_be_null"})


@dataclass(frozen=True)
class TableValidation:
    """Outcome of one table's suite. ``failures`` carries counts only, never data values."""

    suite: str
    evaluated: int
    failed_critical: int
    failed_warning: int
    failures: list[dict[str, Any]] = field(default_factory=list)
    presence_checks: int = 0  # evaluated expectations that a value is present (completeness, not accuracy)

    def content_pass_rate(self) -> float:
        """Percent of the content expectations (all but presence checks) that passed, warnings counted as passed
        (they are reported, never blocking: one failed warning in a short suite would sink the accuracy gate,
        while `indset validate` passes the release): output accuracy."""
        content = self.evaluated - self.presence_checks
        failed = sum(f["expectation"] not in PRESENCE_CHECKS and f["severity"] == "critical" for f in self.failures)
        return 100.0 * (content - failed) / content if content else 100.0

    def to_report(self) -> dict[str, Any]:
        """The ``expectations`` entry of a table in ``reports/quality.json``: counts, and each failure's type,
        column, severity and unexpected count (never a value), so a steward sees what failed without Data Docs."""
        return {"suite": self.suite, "evaluated": self.evaluated,
                "failed_critical": self.failed_critical, "failed_warning": self.failed_warning,
                "failures": self.failures}


def validate_tables(tables: dict[str, pl.DataFrame], industry: str, suites_dir: Path,
                    docs_dir: Path | None, profile: str = "public",
                    run_time: dt.datetime | None = None) -> dict[str, TableValidation]:
    """Validate each output table against ``suites_dir/<industry>.<table>.json``.

    All suites are loaded (and checked, see :func:`indset.validation.suites.load_suite`) before any
    data is touched; a missing suite file is a :class:`SuiteError`. Expectations apply by
    ``meta.profiles`` (see :mod:`indset.validation.suites`). When ``docs_dir`` is given, GE Data Docs
    (``index.html``, ``expectations/``, ``validations/``) are written there, replacing the previous
    ones; the run time recorded in them is ``run_time`` (builds pass their reference date, so
    docs are reproducible), else ``SOURCE_DATE_EPOCH`` when set, else now. Nothing is printed on stdout.
    """
    return Validation(tables, industry, suites_dir, docs_dir, profile, run_time).finish()


class Validation:
    """:func:`validate_tables` in two steps, so a caller can work while the suites run.

    Creating it loads the suites, converts the columns the suites read to pandas (in ``row_order``,
    see :func:`indset.validation.sharded.release_order`, when given) and starts the column groups (in
    forked workers on long tables, :mod:`indset.validation.parallel`); the frames must not change
    afterwards. :meth:`finish` waits for the groups, merges and stores each table's result and writes
    the Data Docs. With one worker the groups run inside :meth:`finish`. With ``engine="ray"`` (or an
    ``executor``, e.g. :class:`indset.validation.sharded.InProcess`) nothing is converted here: the
    groups run shard by shard in :meth:`finish` (:mod:`indset.validation.sharded`), same results.
    """

    def __init__(self, tables: dict[str, pl.DataFrame], industry: str, suites_dir: Path, docs_dir: Path | None,
                 profile: str = "public", run_time: dt.datetime | None = None, *,
                 row_order: Mapping[str, ReleaseOrder] | None = None, engine: str = "local",
                 ray_address: str | None = None, executor: Executor | None = None) -> None:
        import great_expectations as gx
        from great_expectations.core.run_identifier import RunIdentifier
        from great_expectations.data_context.types.base import ProgressBarsConfig

        check_profile(profile)
        _skip_batch_fingerprint()
        suites = {t: load_suite(suite_path(suites_dir, industry, t), profile) for t in tables}
        self.docs_dir = None if docs_dir is None else Path(docs_dir)
        self.context = gx.get_context(mode="ephemeral")
        self.context.variables.progress_bars = ProgressBarsConfig(globally=False, metric_calculations=False)
        if self.docs_dir is not None and tables:
            _add_docs_site(self.context, self.docs_dir)
        self.run_id = RunIdentifier(run_name=f"{industry}-{profile}", run_time=run_time or _run_time())
        order = row_order or {}
        self.plans = {table: SuitePlan(self.context, industry, table, self.context.suites.add(suites[table]), frame,
                                       order.get(table)) for table, frame in tables.items()}
        if executor is None:
            from indset.engines import validation_executor

            executor = validation_executor(engine, ray_address)
        self.executor = executor
        if executor is None:
            for plan in self.plans.values():
                plan.settle()
                if plan.frame.height >= parallel.MIN_ROWS:  # every column a group reads, converted up front
                    plan.view.convert(plan.view_keys())
            jobs = [job for plan in self.plans.values() for job in plan.jobs()]
            costs = [c for plan in self.plans.values() for c in plan.costs()]
            here = [h for plan in self.plans.values() for h in plan.in_caller()]
            rows = max((frame.height for frame in tables.values()), default=0)
            self._run = parallel.start(jobs, costs, parallel.workers(rows, len(jobs)), here)

    def finish(self) -> dict[str, TableValidation]:
        out: dict[str, TableValidation] = {}
        for table, result in self._results().items():
            out[table] = summarize(self.plans[table].suite.name, result)
        if self.docs_dir is not None and self.plans:
            started = time.perf_counter()
            _scrub_stored_tracebacks(self.context)
            self.context.build_data_docs(site_names=[DOCS_SITE])
            _normalize_docs(self.docs_dir, self.run_id.to_tuple()[1])
            log.info("Data Docs written to %s in %.2f s", self.docs_dir, time.perf_counter() - started)
        return out

    def _results(self) -> dict[str, ExpectationSuiteValidationResult]:
        """Each table's stored suite result: groups merged (local), or shards merged (executor)."""
        if self.executor is None:
            parts = iter(self._run.results())
            return {table: plan.merge([next(parts) for _ in plan.groups], self.run_id)
                    for table, plan in self.plans.items()}
        from indset.validation import sharded

        merged = sharded.run(self.plans, self.executor)
        return {table: self.plans[table].store(*merged[table], self.run_id) for table in self.plans}


def column_groups(configs: list[Any], columns: list[str]) -> list[tuple[list[str], list[int]]]:
    """Group expectations (by index) by the columns they read, in table order; first use decides order."""
    groups: dict[tuple[str, ...], list[int]] = {}
    for i, config in enumerate(configs):
        groups.setdefault(_columns_read(config, columns), []).append(i)
    return [(list(cols), idx) for cols, idx in groups.items()]


def _columns_read(config: Any, columns: list[str]) -> tuple[str, ...]:
    kwargs = config.kwargs
    if config.type.startswith("expect_table_"):
        return tuple(columns)
    names = _named_columns(kwargs)
    condition = kwargs.get("row_condition")
    if condition:
        read = _condition_columns(condition)
        if read is None:  # a pandas/spark query string may read any column
            return tuple(columns)
        names |= read
    if not names or not names <= set(columns):  # unknown shape, or a missing column GE must report
        return tuple(columns)
    return tuple(c for c in columns if c in names)


def _named_columns(kwargs: dict[str, Any]) -> set[str]:
    """The columns an expectation's kwargs name as the ones it checks (not those of its row condition)."""
    names = {kwargs[k] for k in ("column", "column_A", "column_B") if isinstance(kwargs.get(k), str)}
    if isinstance(kwargs.get("column_list"), list):
        names.update(c for c in kwargs["column_list"] if isinstance(c, str))
    return names


def conditions_name_columns(expectations: Sequence[dict[str, Any]]) -> bool:
    """Whether every row condition of ``expectations`` is structured (reads named columns, never the index)."""
    return all(_condition_columns(e["kwargs"]["row_condition"]) is not None
               for e in expectations if e.get("kwargs", {}).get("row_condition"))


def _condition_columns(node: Any) -> set[str] | None:
    """Columns a structured (1.x) row condition reads; None for a query string (GE: ``pass_through``)."""
    if hasattr(node, "model_dump"):
        node = node.model_dump()
    if isinstance(node, str) or (isinstance(node, dict) and node.get("type") == "pass_through"):
        return None
    found: set[str] = set()
    children = node.values() if isinstance(node, dict) else node if isinstance(node, list | tuple) else ()
    if isinstance(node, dict) and isinstance(node.get("column"), dict) and isinstance(node["column"].get("name"), str):
        found.add(node["column"]["name"])
    for child in children:
        if isinstance(child, dict | list | tuple):
            sub = _condition_columns(child)
            if sub is None:
                return None
            found |= sub
    return found


class SuitePlan:
    """One table's suite as jobs, one per column group, and the merge of their results.

    The groups share one batch definition (data source named after the industry, asset and batch
    definition after the table). Results are merged back in suite order, matched by expectation id,
    into the one suite result GE stores (for Data Docs) and returns.
    """

    def __init__(self, context: AbstractDataContext, industry: str, table: str, suite: Any,
                 frame: pl.DataFrame, order: ReleaseOrder | None = None) -> None:
        self.context, self.suite, self.industry, self.table = context, suite, industry, table
        self.frame, self.order = frame, order
        self.configs = suite.expectation_configurations
        self.groups = column_groups(self.configs, frame.columns)
        self.view = PandasView(frame, None if order is None or order.identity else order.rows)
        self.definition = _batch_definition(context, industry, table)
        self.done: dict[int, Any] = {}  # results decided before the groups run (:meth:`settle`)
        self.first: Any = None  # the result that gives the suite's meta and batch id, when not a group's

    def settle(self) -> None:
        """Decide up front what needs no GE pass over the data: expectations that pass by polars' counts
        (:mod:`indset.validation.fast`) and table-level ones (on a frame of the table's shape holding no data,
        as the Ray engine does); the column groups keep the rest, so only their columns go to pandas."""
        from indset.validation import fast, sharded

        table = [i for i, c in enumerate(self.configs) if sharded.table_level(c)]
        stubbed = set(table)
        rest = [i for _, idx in self.groups for i in idx if i not in stubbed]
        self.first = self.run_stub(table)
        self.done = {**fast.passed(self.frame, self.configs, rest, self.first.batch_id), **self.pick(table, self.first)}
        groups = [(cols, [i for i in idx if i not in self.done]) for cols, idx in self.groups]
        self.groups = [(cols, idx) for cols, idx in groups if idx]

    def jobs(self, groups: Sequence[tuple[list[str], Sequence[int]]] | None = None) -> list[functools.partial[Any]]:
        """One job per column group (default: all), each on a pandas batch of the group's columns."""
        jobs = []
        for cols, idx in (self.groups if groups is None else groups):
            expectations = self.expectations(idx)
            frame = self.view.frame(cols, self.categorical(idx), conditions_name_columns(expectations))
            jobs.append(functools.partial(_validate_group, self.definition, frame, self.suite.name, expectations))
        return jobs

    def view_keys(self) -> list[tuple[str, bool]]:
        """Every (column, categorical) the groups' batches hold, for converting them up front."""
        return [k for cols, idx in self.groups for k in self.view.keys(cols, self.categorical(idx))]

    def categorical(self, indices: Sequence[int]) -> set[str]:
        """Columns the expectations ``indices`` read only in row conditions (`tag` of `unit in set where tag in
        [...]`) or only as parts of a compound key: GE evaluates a condition once per metric and factorizes each
        key column, both of which on a categorical work on codes (10M readings: the conditioned groups and the
        compound key each took half the time). Results are the same values (tested with failures)."""
        conditions: set[str] = set()
        keys: set[str] = set()
        checked: set[str] = set()
        for i in indices:
            config = self.configs[i]
            kwargs = config.kwargs
            if kwargs.get("row_condition"):
                read = _condition_columns(kwargs["row_condition"])
                if read is None:  # a query string may compare any column: every column stays as it is
                    return set()
                conditions |= read
            columns = _named_columns(kwargs)
            if config.type == "expect_compound_columns_to_be_unique" and not kwargs.get("row_condition"):
                keys |= columns
            else:
                checked |= columns
        return (conditions | keys) - checked

    def expectations(self, indices: Sequence[int]) -> list[dict[str, Any]]:
        return [self.configs[i].to_json_dict() for i in indices]

    def costs(self) -> list[float]:
        return [parallel.cost([self.configs[i].type for i in idx]) * self.frame.height for _, idx in self.groups]

    def in_caller(self) -> list[bool]:
        """Per group, whether it runs in the calling process (:func:`indset.validation.uniqueness.in_caller`)."""
        from indset.validation.uniqueness import in_caller

        return [in_caller(self.configs[i].type for i in idx) for _, idx in self.groups]

    def run_local(self, indices: Sequence[int]) -> dict[int, Any]:
        """Results of some expectations (by index), each with its group's columns, here (the local path)."""
        wanted = set(indices)
        groups = [(cols, [i for i in idx if i in wanted]) for cols, idx in self.groups]
        groups = [(cols, idx) for cols, idx in groups if idx]
        return self._picked(groups, [job() for job in self.jobs(groups)])

    def _picked(self, groups: Sequence[tuple[list[str], Sequence[int]]], parts: Sequence[Any]) -> dict[int, Any]:
        """Each expectation's result (by index) from its group's part."""
        out: dict[int, Any] = {}
        for (_, idx), part in zip(groups, parts, strict=True):
            out.update(self.pick(idx, part))
        return out

    def pick(self, indices: Sequence[int], part: Any) -> dict[int, Any]:
        """The results of expectations ``indices`` in a suite result (GE lists failures first: match by id)."""
        by_id = {r.expectation_config.id: r for r in part.results}
        return {i: by_id[self.configs[i].id] for i in indices}

    def run_stub(self, indices: Sequence[int]) -> ExpectationSuiteValidationResult:
        """Table-level expectations (row count, column names) on a frame of the table's shape holding no data."""
        import numpy as np
        import pandas as pd

        nothing = np.broadcast_to(np.zeros(1, dtype=np.int8), (self.frame.height,))  # zero bytes per row
        stub = pd.DataFrame(dict.fromkeys(self.frame.columns, nothing), copy=False)
        return _validate_group(self.definition, stub, self.suite.name, self.expectations(indices))

    def merge(self, parts: list[Any], run_id: Any) -> ExpectationSuiteValidationResult:
        """Store the groups' results (one part per group) as one suite result."""
        picked = {**self.done, **self._picked(self.groups, parts)}
        first = self.first if self.first is not None else parts[0] if parts else None
        return self.store([picked.get(i) for i in range(len(self.configs))], first, run_id)

    def store(self, results: list[Any], first: Any, run_id: Any) -> ExpectationSuiteValidationResult:
        """Store ``results`` (suite order) as one suite result; ``first`` gives GE's meta and batch id."""
        from great_expectations.core import ExpectationSuiteValidationResult
        from great_expectations.data_context.types.resource_identifiers import (
            ExpectationSuiteIdentifier,
            ValidationResultIdentifier,
        )
        from great_expectations.validator.validation_statistics import calc_validation_statistics

        name = self.suite.name
        first = first if results else None  # as the local engine: no groups, no part
        stats = calc_validation_statistics(results)
        meta = dict(first.meta) if first else {}
        meta.update(run_id=run_id, validation_time=run_id.run_time, batch_parameters={"dataframe": "<DATAFRAME>"},
                    validation_id=None, checkpoint_id=None)
        merged = ExpectationSuiteValidationResult(
            results=results, success=stats.success, suite_name=name, meta=meta,
            batch_id=first.batch_id if first else None,
            statistics={"evaluated_expectations": stats.evaluated_expectations,
                        "successful_expectations": stats.successful_expectations,
                        "unsuccessful_expectations": stats.unsuccessful_expectations,
                        "success_percent": stats.success_percent})
        suite_id = ExpectationSuiteIdentifier(name=name)
        self.context.validation_results_store.store_validation_results(
            suite_validation_result=merged, expectation_suite_identifier=suite_id,
            suite_validation_result_identifier=ValidationResultIdentifier(
                batch_identifier=merged.batch_id, expectation_suite_identifier=suite_id, run_id=run_id))
        return merged


def _validate_group(definition: Any, batch: pd.DataFrame, suite_name: str,
                    expectations: list[dict[str, Any]]) -> ExpectationSuiteValidationResult:
    from great_expectations.core import ExpectationSuite
    from great_expectations.validator.v1_validator import Validator

    validator = Validator(batch_definition=definition, batch_parameters={"dataframe": batch}, result_format="SUMMARY")
    return validator.validate_expectation_suite(ExpectationSuite(name=suite_name, expectations=expectations))


def _batch_definition(context: AbstractDataContext, industry: str, table: str) -> Any:
    try:
        source = context.data_sources.get(industry)
    except KeyError:
        source = context.data_sources.add_pandas(name=industry)
    return source.add_dataframe_asset(name=table).add_batch_definition_whole_dataframe(table)


CONVERT_THREADS = 2
CATEGORICAL_MOST = 1000  # distinct values up to which (or 1% of the rows) a string column may go categorical


class PandasView:
    """pandas columns of a polars frame for GE, each converted once, on first use, in ``order`` if given; a
    string column asked for as categorical is converted as such (once more, beside its plain form if needed)."""

    def __init__(self, frame: pl.DataFrame, order: pl.Series | None = None) -> None:
        self._frame, self._order = frame, order
        self._columns: dict[tuple[str, bool], Any] = {}
        self._cardinality: dict[str, int] = {}

    def frame(self, names: list[str], categorical: Collection[str] = (), column_queries: bool = False
              ) -> pd.DataFrame:
        """The columns ``names``; those in ``categorical`` that hold strings as pandas categoricals; a
        :class:`indset.validation.frames.ColumnQueryFrame` with ``column_queries`` (structured conditions only)."""
        import pandas as pd

        from indset.validation.frames import ColumnQueryFrame

        keys = self.keys(names, categorical)
        self.convert(keys, threads=1)
        kind = ColumnQueryFrame if column_queries else pd.DataFrame
        return kind({name: self._columns[(name, cat)] for name, cat in keys}, copy=False)

    def keys(self, names: list[str], categorical: Collection[str] = ()) -> list[tuple[str, bool]]:
        """(column, as categorical) for the columns ``names``; ``categorical`` ones only where values are few."""
        return [(n, n in categorical and self._few_values(n)) for n in names]

    def _few_values(self, name: str) -> bool:
        """A string column of few distinct values (a code list, a plant's units): categoricals pay off there; a
        column of mostly distinct values (skus) would only be hashed twice."""
        import polars as pl

        if name not in self._cardinality:
            column = self._frame[name]
            self._cardinality[name] = (column.approx_n_unique() if column.dtype == pl.String else -1)
        return 0 <= self._cardinality[name] <= max(CATEGORICAL_MOST, self._frame.height // 100)

    def convert(self, keys: list[tuple[str, bool]], threads: int = CONVERT_THREADS) -> None:
        """Convert the columns (name, categorical) not converted yet, on ``threads`` threads (polars and pyarrow
        release the GIL while they copy: 11 columns of 10M rows took 2.1 s on one thread, 0.85 s on two)."""
        import polars as pl

        todo = [k for k in dict.fromkeys(keys) if k not in self._columns]

        def one(key: tuple[str, bool]) -> Any:
            name, categorical = key
            column = pl.col(name).cast(pl.Categorical) if categorical else pl.col(name)
            column = column if self._order is None else column.gather(self._order)
            return to_pandas(self._frame.select(column))[name]

        if threads > 1 and len(todo) > 1:
            with ThreadPoolExecutor(max_workers=threads) as pool:
                self._columns.update(zip(todo, pool.map(one, todo), strict=True))
        else:
            self._columns.update((k, one(k)) for k in todo)


def summarize(suite_name: str, result: ExpectationSuiteValidationResult) -> TableValidation:
    """Count failures by severity; keep type, column and unexpected count of each, no values."""
    failures: list[dict[str, Any]] = []
    for r in result.results:
        if r.success:
            continue
        config = r.expectation_config
        severity = _severity(config.severity)
        column = config.kwargs.get("column")
        if _raised(r.exception_info):
            log.warning("suite %s: %s on %s raised during evaluation (counted as failed)",
                        suite_name, config.type, column or "table")
        unexpected = (r.result or {}).get("unexpected_count")
        failures.append({"expectation": config.type, "column": column, "severity": severity,
                         "unexpected_count": None if unexpected is None else int(unexpected)})
    return TableValidation(
        suite=suite_name,
        evaluated=len(result.results),
        failed_critical=sum(f["severity"] == "critical" for f in failures),
        failed_warning=sum(f["severity"] == "warning" for f in failures),
        failures=failures,
        presence_checks=sum(r.expectation_config.type in PRESENCE_CHECKS for r in result.results),
    )


def to_pandas(frame: pl.DataFrame) -> pd.DataFrame:
    """pandas for GE; nested columns stay Arrow-backed (cheap to convert, vectorized custom checks)."""
    import pandas as pd

    nested = [c for c, t in frame.schema.items() if t.is_nested()]
    pdf = frame.drop(nested).to_pandas()
    for c in nested:
        pdf[c] = pd.Series(pd.arrays.ArrowExtensionArray(frame[c].to_arrow()), index=pdf.index)
    return pdf[frame.columns]


def _skip_batch_fingerprint() -> None:
    """GE hashes every pandas batch under 1 GB for a batch marker (about 1 s per million rows).

    The release manifest already hashes every shipped file, so the marker adds nothing; raising
    no threshold means GE never computes it.
    """
    from great_expectations.execution_engine import pandas_execution_engine

    pandas_execution_engine.HASH_THRESHOLD = 0


def _exception_entries(info: Any) -> list[dict[str, Any]]:
    """GE 1.x gives a flat dict when nothing raised, else a dict keyed by metric id."""
    if not isinstance(info, dict):
        return []
    if "raised_exception" in info:
        return [info]
    return [v for v in info.values() if isinstance(v, dict)]


def _raised(info: Any) -> bool:
    return any(str(e.get("raised_exception")) == "True" for e in _exception_entries(info))


def _scrub_stored_tracebacks(context: AbstractDataContext) -> None:
    """Drop exception tracebacks (absolute local paths) from stored results before Data Docs."""
    store = context.validation_results_store
    for key in store.list_keys():
        result = store.get(key)
        changed = False
        for r in result.results:
            for entry in _exception_entries(r.exception_info):
                if entry.get("exception_traceback") not in (None, _NO_TRACEBACK):
                    entry["exception_traceback"] = _NO_TRACEBACK
                    changed = True
        if changed:
            store.set(key, result)


def _severity(value: Any) -> str:
    return str(getattr(value, "value", value) or "critical")


def _run_time() -> dt.datetime:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC)
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def _normalize_docs(docs_dir: Path, run_stamp: str) -> None:
    """Make the pages depend on data, suites and run time only.

    GE stamps each page with its render time (logo cache-buster, batch ``ge_load_time``) and gives
    collapsible blocks random UUIDs (``collapse.j2``); replace stamps with the run time and those
    UUIDs with counters. Data values shown in the pages are left alone.
    """
    for page in sorted(docs_dir.rglob("*.html")):
        text = page.read_text(encoding="utf-8")
        new = _renumber_uuids(_GE_STAMP.sub(run_stamp, text))
        if new != text:
            page.write_text(new, encoding="utf-8")


def _renumber_uuids(text: str) -> str:
    ids: dict[str, str] = {}
    return _COLLAPSE_UUID.sub(lambda m: ids.setdefault(m.group(0), f"block-{len(ids) + 1}"), text)


def _add_docs_site(context: AbstractDataContext, docs_dir: Path) -> None:
    """Point a Data Docs site at ``docs_dir``, clearing only the entries GE writes there."""
    docs_dir = docs_dir.resolve()
    if docs_dir.exists() and not docs_dir.is_dir():
        raise SuiteError(f"Data Docs directory is a file: {docs_dir}")
    for entry in _DOCS_ENTRIES:
        target = docs_dir / entry
        if target.is_dir():
            shutil.rmtree(target)
        elif target.exists():
            target.unlink()
    docs_dir.mkdir(parents=True, exist_ok=True)
    context.add_data_docs_site(
        site_name=DOCS_SITE,
        site_config={
            "class_name": "SiteBuilder",
            "show_how_to_buttons": False,
            "store_backend": {"class_name": "TupleFilesystemStoreBackend",
                              "base_directory": str(docs_dir)},
            "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
        },
    )
