"""`indset build`: sources -> row-local stages -> table-wide steps -> release + internal zones.

read -> map headers -> normalize -> check -> keep | quarantine   (per source, row-local)
resolve versions -> split -> grade and scrub -> package -> validate -> score -> card -> manifest
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import os
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl

from indset import __version__
from indset.card import render_card, validate_card_metadata
from indset.errors import IndsetError, SourceError
from indset.fingerprint import engine_fingerprint, suites_fingerprint
from indset.fsutil import sha256_file, staging, write_text
from indset.grade import personal_values
from indset.manifest import Source, load_manifest
from indset.normalize import (
    REASON,
    SOURCE_COLUMN,
    UNREAD,
    Measures,
    SourceResult,
    map_columns,
    polars_type,
    prepare_source,
    process_chunk,
    read_reshaped,
)
from indset.package import ReleaseOrder, write_table
from indset.pseudonym import load_key, pseudonymize
from indset.quality import DIMENSIONS, ratio, scores
from indset.read import SOURCE_FILE, SOURCE_INDEX, SOURCE_ROW, SOURCE_SHEET
from indset.registry import CROSS_CHECKS
from indset.release_manifest import write_manifest
from indset.report import write_quality_html, write_quality_json
from indset.resolve import ENTERPRISE_KEY, RECORD_ID
from indset.resources import suites_dir as find_suites
from indset.split import SPLIT
from indset.standard import IndustryStandard, TableSpec, load_standard
from indset.table_counts import graded_and_counted
from indset.table_steps import Entities, versions_and_splits
from indset.validation.process import ValidationProcess, use_process
from indset.validation.suites import read_suite_file, suite_path

Log = Callable[[str], None]
CHUNK_ROWS = 1_000_000
CHUNK_THREADS = min(2, os.cpu_count() or 1)
MIN_CHUNK_ROWS = 100_000


def chunk_rows(rows: int, most: int | None = None) -> int:
    """Rows per chunk of a source of ``rows`` rows: at most ``most`` (default CHUNK_ROWS: bounded working
    memory), and a source of up to two such chunks is cut in halves (not below MIN_CHUNK_ROWS), so both
    chunk threads get work: a 1M-row export was one chunk on one thread. The output does not depend on
    the boundaries (row-local stages); they depend on the row count only, never on the machine."""
    most = CHUNK_ROWS if most is None else most
    return max(1, min(most, max(MIN_CHUNK_ROWS, -(-rows // 2))))


@dataclass
class TableAccumulator:
    kept: list[pl.DataFrame] = field(default_factory=list)
    quarantine: list[pl.DataFrame] = field(default_factory=list)
    measures: Measures = field(default_factory=Measures)
    unmapped: set[str] = field(default_factory=set)
    empty: set[str] = field(default_factory=set)   # columns with neither a header nor a value (HeaderMap.empty)
    names: set[str] = field(default_factory=set)   # people named in personal fields (every row) or person columns
    on_cluster: Any = None   # chunks the engine keeps on its cluster (``versions_and_splits(spec, industry, key)``)
    sources: int = 0
    sources_listed: int = 0

    def add(self, res: SourceResult, keep_rows: bool = True) -> None:
        if keep_rows:  # else the engine keeps them (``on_cluster``)
            self.kept.append(res.kept)
        if res.quarantine.height:
            self.quarantine.append(res.quarantine)
        self.measures.add(res.measures)
        self.unmapped.update(res.headers.unmapped)
        self.empty.update(res.headers.empty)
        self.names.update(res.names)


@dataclass
class BuildResult:
    out: Path
    report: dict[str, Any]
    root_hash: str
    timings: dict[str, float] = field(default_factory=dict)  # seconds per phase (not written anywhere)

    @property
    def passed(self) -> bool:
        return bool(self.report["gate"]["passed"])


def empty_kept(spec: TableSpec) -> pl.DataFrame:
    schema = {f.name: polars_type(f) for f in spec.fields}
    schema.update({SOURCE_ROW: pl.Int64, SOURCE_INDEX: pl.Int32})
    return pl.DataFrame(schema=schema)


def read_sources(std: IndustryStandard, sources: tuple[Source, ...], reference: dt.date, keep_going: bool,
                 log: Log) -> tuple[dict[str, TableAccumulator], list[dict[str, Any]], list[dict[str, Any]]]:
    """Row-local stages for every source; returns per-table accumulators, source records, skipped.

    A source is processed in chunks (:func:`chunk_rows`: bounded working memory), CHUNK_THREADS chunks at a
    time (one chunk's small polars kernels leave cores idle); results are taken in chunk order.
    """
    acc = {t: TableAccumulator() for t in std.tables}
    records, skipped = [], []
    with ThreadPoolExecutor(max_workers=CHUNK_THREADS) as pool:
        for i, src in enumerate(sources, 1):
            log(f"[{i}/{len(sources)}] reading {src.path}")
            if src.table in acc:
                acc[src.table].sources_listed += 1
            try:
                src.check(std)
                raw = read_reshaped(src, std)
            except SourceError as err:
                if not keep_going:
                    raise
                log(f"skipped {err}")
                skipped.append({"source": src.index + 1, "path": src.path, "table": src.table, "reason": err.code,
                                "detail": err.reason})
                continue
            log(f"[{i}/{len(sources)}] normalizing {src.path} ({raw.height} rows)")
            rows = raw.height
            frame, hmap, hints = prepare_source(raw, src, std)
            del raw
            digest = pool.submit(sha256_file, src.file)
            chunk = functools.partial(process_chunk, src=src, std=std, hmap=hmap, hints=hints, reference=reference)
            results = pool.map(chunk, frame.iter_slices(chunk_rows(frame.height)))  # submits every slice now
            del frame  # so each slice's rows are released once it is processed, not at the end of the source
            for result in results:
                acc[src.table].add(result)
            acc[src.table].sources += 1
            records.append({"source": src.index + 1, "table": src.table, "sha256": digest.result(),
                            "rows_in": rows})
    return acc, records, skipped


def input_scores(m: Measures, rows_merged: int, acc: TableAccumulator) -> dict[str, float]:
    dup_rate = rows_merged / m.rows if m.rows else 0.0
    return scores(
        completeness=ratio(m.required_present, m.required_cells),
        accuracy=round(ratio(m.passed_values, m.checked_values) * (1 - dup_rate), 2),
        consistency=ratio(m.rows_consistent, m.rows),
        conformity=ratio(m.values_conformant, m.values_present),
        timeliness=ratio(m.rows_fresh, m.rows),
        accessibility=ratio(acc.sources, acc.sources_listed),
    )


def output_scores(counts: dict[str, int], expectations_ok: float, accessibility: float) -> dict[str, float]:
    """The output scores from :func:`indset.table_counts.output_counts` and the share of content expectations passed."""
    n = counts["rows"]
    return scores(
        completeness=ratio(counts["required_present"], counts["required_cells"]),
        accuracy=round(expectations_ok * (1 - (counts["duplicates"] / n if n else 0)), 2),
        consistency=ratio(counts["consistent"], n),
        conformity=100.0,  # every shipped value was rewritten into the standard form and unit
        timeliness=ratio(counts["fresh"], n),
        accessibility=accessibility,
    )


STATUS = pl.Enum(["kept", "merged", "quarantined"])


def raw_quarantine(rows: pl.DataFrame, reason: str, std: IndustryStandard, sources: tuple[Source, ...],
                   paths: dict[int, str]) -> pl.DataFrame:
    """Rows rejected after parsing (cross-table rules) as the quarantine holds every rejected row: their raw
    values as read, under canonical names. The rejected rows' sources are read again (rejections after
    parsing are few); a source that cannot be read again gives the parsed values as strings instead."""
    out = []
    for index, part in rows.group_by(SOURCE_INDEX, maintain_order=True):
        src = sources[int(index[0])]
        try:
            frame, _ = map_columns(read_reshaped(src, std), src, std)  # raw strings: no hints needed
            # a defect group's helper columns (`_unread defects_major`) are no raw value: the quarantine never has them
            frame = frame.drop([c for c in frame.columns if c.startswith(UNREAD)])
        except SourceError:
            out.append(as_quarantine(part, reason, paths))
            continue
        keys = [c for c in (SOURCE_ROW, SOURCE_COLUMN) if c in part.columns and c in frame.columns]
        found = part.select(keys).join(frame, on=keys, how="left", maintain_order="left")
        out.append(found.with_columns(pl.lit(src.path, pl.String).alias(SOURCE_FILE),
                                      pl.lit(src.index, pl.Int32).alias(SOURCE_INDEX), pl.lit(reason).alias(REASON)))
    return pl.concat(out, how="diagonal_relaxed") if out else as_quarantine(rows, reason, paths)


def as_quarantine(rows: pl.DataFrame, reason: str, paths: dict[int, str]) -> pl.DataFrame:
    """Rows rejected after parsing, their parsed values as strings, with reason and source."""
    data = [c for c in rows.columns if not c.startswith("_")]
    return rows.select(
        *[pl.col(c).cast(pl.String) if not rows.schema[c].is_nested()
          else pl.col(c).map_elements(lambda v: str(v.to_list() if hasattr(v, "to_list") else v),
                                      return_dtype=pl.String) for c in data],
        pl.col(SOURCE_INDEX).replace_strict(pl.Series(list(paths), dtype=pl.Int32),
                                            pl.Series(list(paths.values()))).alias(SOURCE_FILE),
        SOURCE_ROW, SOURCE_INDEX, *[c for c in (SOURCE_COLUMN,) if c in rows.columns],
        pl.lit(reason).alias(REASON),
    )


def release_checks(release: Path, card: str, tables: list[str]) -> dict[str, bool]:
    """The accessibility checks (STANDARD.md section 7): card metadata valid, license present, and
    every config loads with ``datasets.load_dataset`` (streamed: the first row of its first split)."""
    import datasets

    meta = card.split("---")[1] if card.startswith("---") else ""
    checks = {"card_metadata_valid": not validate_card_metadata(card), "license_present": "\nlicense:" in f"\n{meta}"}
    datasets.disable_progress_bars()
    for table in tables:
        try:
            ds = datasets.load_dataset(str(release), table, streaming=True)
            next(iter(next(iter(ds.values()))))
            checks[f"loads:{table}"] = True
        except Exception:  # any failure to load is a failed check, recorded in the report
            checks[f"loads:{table}"] = False
    return checks


def sheet_column(sheets: dict[int, str | None]) -> list[pl.Expr]:
    """``_source_sheet`` from the source number, when a source of the table names a sheet: two sources may
    read one workbook (a sheet per month), and (_source_file, _source_sheet, _source_row) names a record."""
    if not any(sheets.values()):
        return []
    index = pl.Series(list(sheets), dtype=pl.Int32)
    names = pl.Series(list(sheets.values()), dtype=pl.String)
    return [pl.col(SOURCE_INDEX).cast(pl.Int32).replace_strict(index, names, default=None).alias(SOURCE_SHEET)]


def lineage_frame(survivors: pl.DataFrame, merged: pl.DataFrame, quarantined: pl.DataFrame,
                  paths: dict[int, str], sheets: dict[int, str | None] | None = None) -> pl.DataFrame:
    """One row per source row, in source order: _source_file, [_source_sheet,] _source_row, status, record_id,
    _reason."""
    extra = [SOURCE_COLUMN] if SOURCE_COLUMN in survivors.columns or SOURCE_COLUMN in quarantined.columns else []
    sheet = sheet_column(sheets or {})

    def part(frame: pl.DataFrame, status: str, record_id: bool, reason: bool) -> pl.DataFrame:
        return frame.select(
            pl.col(SOURCE_INDEX).cast(pl.Int32), pl.col(SOURCE_ROW),
            *[pl.col(c) if c in frame.columns else pl.lit(None, pl.String).alias(c) for c in extra],
            pl.lit(status, STATUS).alias("status"),
            pl.col(RECORD_ID) if record_id else pl.lit(None, pl.UInt64).alias(RECORD_ID),
            pl.col(REASON) if reason else pl.lit(None, pl.String).alias(REASON),
        )

    parts = [part(survivors, "kept", True, False), part(merged, "merged", True, True)]
    if quarantined.height:
        parts.append(part(quarantined, "quarantined", False, True))
    index = pl.Series(list(paths), dtype=pl.Int32)
    files = pl.Series(list(paths.values()), dtype=pl.String)
    return (
        pl.concat(parts)
        .sort([(pl.col(SOURCE_INDEX).cast(pl.UInt64) * (1 << 40)) + pl.col(SOURCE_ROW).cast(pl.UInt64), *extra])
        .select(pl.col(SOURCE_INDEX).replace_strict(index, files).alias(SOURCE_FILE), *sheet, SOURCE_ROW, *extra,
                "status", RECORD_ID, REASON)
    )


def build(industry: str, manifest_path: Path, out: Path, *, keep_going: bool = False, profile: str = "public",
          reference_date: dt.date | None = None, suites: Path | None = None, log: Log = lambda _: None,
          engine: str = "local", ray_address: str | None = None) -> BuildResult:
    """Build one industry's release from a manifest; writes OUT/release and OUT/internal atomically.

    ``engine`` runs the row-local stages and validation locally (default) or on Ray (``ray_address``, else
    RAY_ADDRESS, else one private local Ray for the whole build; indset.engines)."""
    from indset.engines import session

    with session(engine, ray_address), _validation_process(engine, manifest_path) as child:
        return _build(industry, manifest_path, out, keep_going=keep_going, profile=profile,
                      reference_date=reference_date, suites=suites, log=log, engine=engine, ray_address=ray_address,
                      child=child)


@contextlib.contextmanager
def _validation_process(engine: str, manifest_path: Path) -> Iterator[ValidationProcess | None]:
    """A child process validating this build (:mod:`indset.validation.process`), when it pays: a local build of
    large sources in a process that has not imported GE yet. Otherwise None: GE is imported here, in the
    background while the sources are read."""
    try:
        sources = load_manifest(manifest_path).sources
    except IndsetError:
        sources = ()  # the build says what is wrong with the manifest
    if engine != "local" or not use_process([s.file for s in sources]):
        yield None
        return
    with ValidationProcess() as child:
        yield child


def _build(industry: str, manifest_path: Path, out: Path, *, keep_going: bool, profile: str,
           reference_date: dt.date | None, suites: Path | None, log: Log, engine: str,
           ray_address: str | None, child: ValidationProcess | None = None) -> BuildResult:
    from indset.engines import source_reader
    from indset.validation import Validation

    std = load_standard(industry)
    manifest = load_manifest(manifest_path)
    if manifest.industry and manifest.industry != industry:
        raise IndsetError(f"{manifest_path}: manifest is for {manifest.industry!r}, not {industry!r}")
    read_sources_with = source_reader(engine, ray_address)  # an unknown engine: said before any entry's problem
    if not keep_going:  # each entry's own checks (table, enterprise id, columns, units...) before any file is read
        for src in manifest.sources:
            src.check(std)
    reference = reference_date or manifest.reference_date or dt.date.today()
    key = load_key()
    suites_at = find_suites(suites, industry)
    for table in sorted({s.table for s in manifest.sources} & set(std.tables)):  # a suite's typo: now, not later
        read_suite_file(suite_path(suites_at, industry, table))
    preload = _preload_validation(great_expectations=child is None)
    timings = Laps()
    acc, source_records, skipped = read_sources_with(std, manifest.sources, reference, keep_going, log)
    timings.lap("read and normalize")
    listed = {s.table for s in manifest.sources}
    tables = {name: spec for name, spec in std.tables.items() if name in listed}  # only tables the manifest feeds
    if not tables:
        raise IndsetError(f"{manifest_path}: no source feeds a table of {industry} ({', '.join(std.tables)})")

    entities: dict[str, Entities] = {}
    before_resolve: dict[str, pl.DataFrame] = {}
    paths = {src.index: src.path for src in manifest.sources}
    for name, spec in tables.items():  # in the standard's order: a cross-check sees the tables before it
        a = acc[name]
        chunks, a.kept = (a.kept or [empty_kept(spec)]), []  # the chunks live on in `chunks` only
        if any(t.cross_checks for t in tables.values()):  # whole-table rules: one frame
            kept = pl.concat(chunks, how="diagonal_relaxed", rechunk=False)
            for check_name in spec.cross_checks:
                fails = CROSS_CHECKS[check_name](kept, spec, before_resolve)
                if fails.any():
                    a.measures.rows_consistent -= int(fails.sum())  # cross-table rules count as consistency
                    a.quarantine.append(raw_quarantine(kept.filter(fails), check_name, std, manifest.sources, paths))
                    kept = kept.filter(~fails)
            before_resolve[name] = kept  # a later table checks against it
            chunks = [kept]
            del kept
        if a.on_cluster is not None:  # the engine keeps the chunks where they were made and resolves them there
            entities[name] = a.on_cluster.versions_and_splits(spec, industry, key)
        else:
            chunks = [c.with_columns(pseudonymize(c["enterprise_id"], key).alias(ENTERPRISE_KEY)) for c in chunks]
            entities[name] = versions_and_splits(chunks, spec, industry)  # consumes the chunks
        log(f"{name}: {entities[name].kept.height} entities, {entities[name].resolved.merged.height} merged")
    timings.lap("resolve and split")
    # names in any personal field of the build: of every parsed row, kept, merged later (a superseded version's, a
    # duplicate's) or quarantined (collected row by row before resolution: SourceResult.names), of the quarantine's
    # raw cells as written (STANDARD.md section 6), and in unmapped columns of people (a `业务员` column in a products
    # file)
    names = sorted({n for name, spec in tables.items() for frame in acc[name].quarantine
                    for n in personal_values(frame, spec)} | {n for a in acc.values() for n in a.names})
    # the build's own enterprise ids (the manifest's, and any an enterprise_id column holds): masked in every form
    enterprise_ids = sorted({s.enterprise_id for s in manifest.sources}
                            | {v for e in entities.values() if "enterprise_id" in e.kept.columns
                               and e.kept["enterprise_id"].dtype == pl.String
                               for v in e.kept["enterprise_id"].drop_nulls().unique().to_list()})

    tables_report: dict[str, Any] = {}
    with staging(out) as stage:
        release, internal = stage / "release", stage / "internal"
        release_frames, splits, split_rows, treatments, findings, counted = {}, {}, {}, {}, {}, {}
        for name, spec in tables.items():
            e = entities[name]
            on_cluster = acc[name].on_cluster
            grade = on_cluster.graded_and_counted if on_cluster is not None else graded_and_counted
            graded, counted[name] = grade(e.kept, spec, profile, key, names, enterprise_ids, reference)
            # the kept rows serve lineage only from here: the columns grading left as they were (shared with the
            # graded frame) are then released as the graded rows are gathered, not held twice
            e.kept = e.kept.select(c for c in (SOURCE_INDEX, SOURCE_ROW, SOURCE_COLUMN, RECORD_ID, SPLIT)
                                   if c in e.kept.columns)
            # release order from here on (splits, each by record_id): shards, validation and Data Docs see one order
            frame, graded.frame = graded.frame.with_columns(e.kept[SPLIT]), None  # (released as gathered)
            ordered = e.in_release_order(frame)
            del frame
            release_frames[name], splits[name] = ordered.drop(SPLIT), ordered[SPLIT]
            del ordered
            treatments[name], findings[name] = graded.treatments, graded.pii_findings
            del graded
        run_time = dt.datetime.combine(reference, dt.time(), tzinfo=dt.UTC)  # reproducible Data Docs
        if child is not None:  # validates while the shards, quarantine and lineage are written here
            child.submit(release_frames, stage / "validation-input", industry, suites_at, release / "reports" / "gx",
                         profile, run_time)
        for name, spec in tables.items():
            split = splits.pop(name)
            write = acc[name].on_cluster.write_table if acc[name].on_cluster is not None else write_table
            split_rows[name] = write(release_frames[name].with_columns(split), name, release,
                                     order=ReleaseOrder.of_ordered(split))
            resolved = entities[name].resolved
            quarantined = (pl.concat(acc[name].quarantine, how="diagonal_relaxed")
                           if acc[name].quarantine else pl.DataFrame())
            (internal / "quarantine").mkdir(parents=True, exist_ok=True)
            (internal / "lineage").mkdir(parents=True, exist_ok=True)
            sheets = {src.index: src.sheet for src in manifest.sources if src.table == name}
            q = (quarantined.sort(SOURCE_INDEX, SOURCE_ROW).with_columns(sheet_column(sheets)).drop(SOURCE_INDEX)
                 if quarantined.height else
                 pl.DataFrame(schema={REASON: pl.String, SOURCE_FILE: pl.String, SOURCE_ROW: pl.Int64}))
            q.write_parquet(internal / "quarantine" / f"{name}.parquet")
            lineage_frame(entities[name].kept, resolved.merged, quarantined, paths, sheets).write_parquet(
                internal / "lineage" / f"{name}.parquet")
            if resolved.pairs is not None:  # re-listing pairs for stewards: never under release/
                (internal / "resolution").mkdir(parents=True, exist_ok=True)
                resolved.pairs.write_parquet(internal / "resolution" / f"{name}.parquet")
            reasons = (quarantined[REASON].value_counts().sort(REASON).rows() if quarantined.height else [])
            tables_report[name] = {
                "rows_in": acc[name].measures.rows,
                "rows_out": entities[name].kept.height,
                "rows_quarantined": quarantined.height,
                "rows_merged": resolved.merged.height,
                "split_rows": split_rows[name],   # train, validation, test: what each split loads
                "quarantine_reasons": dict(sorted(reasons, key=lambda kv: (-kv[1], kv[0]))),
                "unmapped_columns": len(acc[name].unmapped),
                "duplicates": {"exact_duplicates": resolved.exact_duplicates,
                               "conflicting_versions": resolved.conflicts,
                               **({"variant_rows": resolved.variants} if resolved.variants is not None else {})},
                **({"entity_resolution": {"merged": resolved.relistings}} if spec.resolution else {}),
                **({"near_duplicates": near} if (near := entities[name].near_duplicates) is not None else {}),
                "pii_findings": findings[name],
                "field_notes": acc[name].measures.notes,
                "invalid_values": {f: n for f, n in acc[name].measures.field_invalid.items() if n},
                "profile": counted[name].profile.report(),
            }
        timings.lap("grade and package")
        log("validating with Great Expectations")
        preload.join()  # every import done before validation workers fork
        validations = child.result() if child is not None else Validation(
            release_frames, industry, suites_at, release / "reports" / "gx", profile, run_time=run_time,
            engine=engine, ray_address=ray_address).finish()
        timings.lap("validate")
        for name in tables:
            v = validations[name]
            ok = v.content_pass_rate()
            t = tables_report[name]
            t["expectations"] = v.to_report()
            t["scores"] = {"input": input_scores(acc[name].measures, t["rows_merged"], acc[name]),
                           "output": output_scores(counted[name].output, ok, 100.0)}
        report = {"industry": industry, "reference_date": reference.isoformat(), "profile": profile,
                  "tables": tables_report,
                  "skipped_sources": [{k: s[k] for k in ("source", "table", "reason")} for s in skipped],
                  "gate": {"passed": True, "reasons": []}}
        skipped_paths = {s["path"] for s in skipped}
        context = {
            "tool_version": __version__, "profile": profile, "reference_date": reference.isoformat(),
            "load_path": "path/to/release", "revision": None,
            "n_sources": len(source_records), "n_skipped": len(skipped),
            "n_enterprises": len({s.enterprise_id for s in manifest.sources if s.path not in skipped_paths}),
            "tables": tables_report, "gate": report["gate"],
            "table_descriptions": {n: s.description for n, s in tables.items()},
            "field_docs": {n: [{"name": c, "type": release_frames[n].schema[c], "unit": _unit(s, c), "grade":
                                _grade(s, c), "treatment": treatments[n].get(c, "kept")}
                               for c in release_frames[n].columns] for n, s in tables.items()},
        }
        # accessibility is measured on the release itself: a provisional card first, then the final one
        write_text(release / "README.md", render_card(std, release, split_rows, context))
        log("checking the release loads")
        checks = release_checks(release, (release / "README.md").read_text(encoding="utf-8"), list(tables))
        gate_reasons = []
        for name in tables:
            t, v = tables_report[name], validations[name]
            mine = {k: ok for k, ok in checks.items() if not k.startswith("loads:") or k == f"loads:{name}"}
            t["release_checks"] = mine
            out_scores = dict(t["scores"]["output"], accessibility=ratio(sum(mine.values()), len(mine)))
            t["scores"]["output"] = scores(**{d: out_scores[d] for d in DIMENSIONS})
            if not entities[name].kept.height:
                gate_reasons.append(f"{name}: no rows in the release")
            if v.failed_critical:
                gate_reasons.append(f"{name}: {v.failed_critical} critical expectation(s) failed")
            for dim, minimum in std.gate.items():
                if t["scores"]["output"].get(dim, 100.0) < minimum:
                    gate_reasons.append(f"{name}: output {dim} {t['scores']['output'][dim]} < {minimum}")
        report["gate"].update(passed=not gate_reasons, reasons=gate_reasons)
        card = render_card(std, release, split_rows, context)
        problems = validate_card_metadata(card)
        if problems:
            raise IndsetError(f"generated dataset card is invalid: {'; '.join(problems)}")
        write_text(release / "README.md", card)
        write_quality_json(release / "reports" / "quality.json", report)
        write_quality_html(release / "reports" / "quality.html", report)
        suites_print = suites_fingerprint(industry, suites_at)
        write_text(internal / "build.json", _json({"skipped_sources": skipped, "sources": [
            {**r, "path": manifest.sources[r["source"] - 1].path} for r in source_records],
            "unmapped_columns": {n: sorted(a.unmapped) for n, a in acc.items()},
            **({"empty_columns": empty} if (empty := {n: sorted(a.empty) for n, a in acc.items() if a.empty}) else {}),
            "code": {"engine": engine_fingerprint(), "suites": suites_print}}))
        # the suites' fingerprint: `indset validate` says when it runs other suites than the build did
        params = {"industry": industry, "profile": profile, "reference_date": reference.isoformat(),
                  "keep_going": keep_going, "suites_fingerprint": suites_print}
        root = write_manifest(release, source_records, params)
    timings.lap("report and card")
    return BuildResult(out=out, report=report, root_hash=root, timings=timings.seconds)


class Laps:
    """Wall seconds per named phase, each lap measured from the end of the previous one."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self._last = time.perf_counter()

    def lap(self, name: str) -> None:
        now = time.perf_counter()
        self.seconds[name] = round(now - self._last, 2)
        self._last = now


def _preload_validation(great_expectations: bool = True) -> threading.Thread:
    """Import datasets, pypinyin, matplotlib and (unless a child process validates) GE: several seconds of imports,
    in the background while sources are read.

    A failed import here is ignored: the same import in the main thread raises it where it is used.
    """

    def load() -> None:
        with contextlib.suppress(Exception):
            import datasets  # noqa: F401
            import pypinyin  # noqa: F401  (known names in pinyin, indset.scrub: 0.25 s to import)

            if great_expectations:
                import indset.validation.custom  # noqa: F401
            from indset.report import pyplot

            pyplot()  # the quality page's charts

    thread = threading.Thread(target=load, name="indset-preload", daemon=True)
    thread.start()
    return thread


def _unit(spec: TableSpec, col: str) -> str | None:
    return spec.field(col).unit if col in spec.names else None


def _grade(spec: TableSpec, col: str) -> str:
    if col == ENTERPRISE_KEY:
        return "important (pseudonym)"
    return spec.field(col).grade if col in spec.names else "general"


def _json(obj: Any) -> str:
    import json

    return json.dumps(obj, ensure_ascii=False, indent=2, default=str) + "\n"
