"""Run the expectation suites of a release's output tables and summarise the results.

One ephemeral GE context per call, one pandas dataframe asset and batch per table, result format
SUMMARY. Data Docs (optional) are built once at the end from the in-memory stores.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import re
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from indset.validation.suites import SuiteError, check_profile, load_suite, suite_path

if TYPE_CHECKING:
    import pandas as pd
    import polars as pl
    from great_expectations.core import ExpectationSuiteValidationResult
    from great_expectations.data_context import AbstractDataContext

log = logging.getLogger(__name__)

DOCS_SITE = "indset"
_DOCS_ENTRIES = ("index.html", "expectations", "validations", "static")
_NO_TRACEBACK = "(traceback omitted from published docs)"
_GE_STAMP = re.compile(r"\b\d{8}T\d{6}\.\d{6}Z\b")
_COLLAPSE_UUID = re.compile(r"(?<=-collapse-body-)[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


@dataclass(frozen=True)
class TableValidation:
    """Outcome of one table's suite. ``failures`` carries counts only, never data values."""

    suite: str
    evaluated: int
    failed_critical: int
    failed_warning: int
    failures: list[dict[str, Any]] = field(default_factory=list)

    def to_report(self) -> dict[str, Any]:
        """The ``expectations`` entry of a table in ``reports/quality.json``."""
        return {"suite": self.suite, "evaluated": self.evaluated,
                "failed_critical": self.failed_critical, "failed_warning": self.failed_warning}


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
    import great_expectations as gx
    from great_expectations.core.run_identifier import RunIdentifier
    from great_expectations.data_context.types.base import ProgressBarsConfig

    check_profile(profile)
    _skip_batch_fingerprint()
    suites = {t: load_suite(suite_path(suites_dir, industry, t), profile) for t in tables}
    if not tables:
        return {}

    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False, metric_calculations=False)
    if docs_dir is not None:
        _add_docs_site(context, Path(docs_dir))
    source = context.data_sources.add_pandas(name=industry)
    run_id = RunIdentifier(run_name=f"{industry}-{profile}", run_time=run_time or _run_time())

    out: dict[str, TableValidation] = {}
    for table, frame in tables.items():
        suite = context.suites.add(suites[table])
        batch = source.add_dataframe_asset(name=table).add_batch_definition_whole_dataframe(table)
        definition = context.validation_definitions.add(
            gx.ValidationDefinition(name=f"{industry}.{table}", data=batch, suite=suite)
        )
        result = definition.run(batch_parameters={"dataframe": to_pandas(frame)},
                                result_format="SUMMARY", run_id=run_id)
        out[table] = summarize(suite.name, result)

    if docs_dir is not None:
        started = time.perf_counter()
        _scrub_stored_tracebacks(context)
        context.build_data_docs(site_names=[DOCS_SITE])
        _normalize_docs(Path(docs_dir), run_id.to_tuple()[1])
        log.info("Data Docs written to %s in %.2f s", docs_dir, time.perf_counter() - started)
    return out


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
