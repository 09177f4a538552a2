"""The row-local stages on a Ray cluster, with the very functions the local engine runs.

Per source, one Ray generator task reads the file and applies the reshape (``read_reshaped``), then
``prepare_source`` (header map and whole-column hints), then yields the prepared frame in slices of
``indset.build.chunk_rows`` rows: the boundaries of the local engine. Each slice goes to its own task running
``process_chunk``. The driver gathers the results in (source, chunk) order into the same
``TableAccumulator``s, so the table-wide steps that follow see exactly what the local engine gives
them. The driver holds no raw data: files are read on the workers (local paths must resolve there; URL
sources are fetched through fsspec and hashed there).

polars frames and series cross Ray as Arrow IPC streams (:func:`arrow_wire`): written once, mapped by the
reader from the object store without a copy. polars' own pickling wrote and read each frame as one in-band
bytes object (a 1M-row raw chunk: 0.6 s to write, 0.4 s to read, on every hop).

Ray retries a task whose worker or node is lost (``MAX_RETRIES``) and rebuilds lost objects from
lineage; a failure that survives that becomes one ``IndsetError`` line (the build's staging folder
guarantees no half release). Only this module imports ray.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import importlib
import io
import logging
import os
import pickle
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import polars as pl
import pyarrow as pa
import ray
import ray.exceptions
import ray.util

from indset import build as _build
from indset import neardup_parts, package, table_steps
from indset.errors import IndsetError, SourceError
from indset.fsutil import sha256_file
from indset.grade import Graded, GradeTables, grade_tables, grade_values, joined_findings
from indset.manifest import Source
from indset.neardup import Clusters, NearDupConfig
from indset.normalize import SourceResult, prepare_source, process_chunk, read_reshaped
from indset.pseudonym import pseudonym_table, pseudonymize, with_pseudonyms
from indset.resolve import ENTERPRISE_KEY, Resolved, conform, resolve_versions
from indset.split import SPLITS
from indset.standard import IndustryStandard, TableSpec
from indset.table_counts import TableCounts, graded_and_counted

PARTITION_ROWS = 2_000_000   # kept rows per record_id range resolved by one task (memory per task; not the output)
# a table of at most this many kept rows is resolved, split and graded on the driver (one process does it faster than
# tasks passing its rows through the object store: 10M readings on 2 cores, 22 s locally, 41 s on Ray this way, 51 s
# in parts); above it, on the cluster in parts of PARTITION_ROWS (the driver's memory no longer grows with the table).
# INDSET_RAY_DRIVER_ROWS overrides it (0: every table with rows on the cluster)
DRIVER_ROWS = 20_000_000
MAX_RETRIES = 3          # per task, on a lost worker or node (Ray's own retry, not on application errors)
READ_AHEAD = 1           # sources read ahead of the one being gathered, per CPU of the cluster
Log = Callable[[str], None]
_log = logging.getLogger("indset.engines.ray")


def _frame_out(frame: pl.DataFrame) -> tuple[bool, Any]:
    """A frame as one Arrow IPC stream (only the rows of a slice are written; strings stay string views), or
    pickled by polars when Arrow cannot hold a dtype (objects, 128-bit integers)."""
    try:
        table = frame.to_arrow(compat_level=pl.CompatLevel.newest())
    except Exception:  # any dtype Arrow refuses: polars' own pickle
        return False, pickle.dumps(frame, protocol=5)
    size = pa.MockOutputStream()  # measured first (no data copied), then written once into a buffer of that size
    with pa.ipc.new_stream(size, table.schema) as writer:
        writer.write_table(table)
    buffer = pa.allocate_buffer(size.size())
    with pa.ipc.new_stream(pa.FixedSizeBufferWriter(buffer), table.schema) as writer:
        writer.write_table(table)
    return True, buffer  # a pyarrow Buffer: Ray stores it out of band


def _frame_in(wire: tuple[bool, Any]) -> pl.DataFrame:
    arrow, data = wire
    if not arrow:
        return pickle.loads(data)
    frame = pl.from_arrow(pa.ipc.open_stream(data).read_all(), rechunk=False)
    assert isinstance(frame, pl.DataFrame)
    return frame


def _series_out(series: pl.Series) -> tuple[bool, Any]:
    return _frame_out(series.to_frame())


def _series_in(wire: tuple[bool, Any]) -> pl.Series:
    return _frame_in(wire).to_series()


def arrow_wire() -> None:
    """Serialize polars frames and series as Arrow in this process's Ray (the driver when it connects, each worker
    at the start of a task: the reader needs nothing registered, the deserializer travels with the object)."""
    ray.util.register_serializer(pl.DataFrame, serializer=_frame_out, deserializer=_frame_in)
    ray.util.register_serializer(pl.Series, serializer=_series_out, deserializer=_series_in)


@ray.remote(max_retries=MAX_RETRIES)
def read_task(src: Source, std: IndustryStandard, chunk_rows: int) -> Iterator[Any]:
    """Read and prepare one source; yield its summary, then its chunks (a Ray generator task)."""
    arrow_wire()
    importlib.import_module(std.package)  # registers the industry's parsers, hints, checks in this worker
    try:
        raw = read_reshaped(src, std)
    except SourceError as err:  # returned, not raised: --keep-going decides on the driver
        yield {"error": (err.code, err.reason)}
        return
    rows = raw.height
    with ThreadPoolExecutor(max_workers=1) as pool:
        digest = pool.submit(sha256_file, src.file)  # beside prepare_source, as the local engine hashes
        frame, hmap, hints = prepare_source(raw, src, std)
        del raw
        sha256 = digest.result()
    size = _build.chunk_rows(frame.height, chunk_rows)
    chunks = -(-frame.height // size)  # as many as iter_slices yields (none for an empty source)
    yield {"rows": rows, "sha256": sha256, "hmap": hmap, "hints": hints, "chunks": chunks}
    yield from frame.iter_slices(size)


@ray.remote(max_retries=MAX_RETRIES)
def warm_task(std: IndustryStandard) -> None:
    """Import what a chunk task needs (the industry's package, with indset and polars) in a worker that would
    otherwise idle while the first source is read, so the first chunk it gets does not wait for the imports."""
    arrow_wire()
    importlib.import_module(std.package)


@ray.remote(max_retries=MAX_RETRIES)
def chunk_task(chunk: pl.DataFrame, src: Source, std: IndustryStandard, hmap: Any, hints: dict[str, object],
               reference: dt.date) -> SourceResult:
    """``process_chunk`` as a Ray task."""
    arrow_wire()
    importlib.import_module(std.package)
    return process_chunk(chunk, src, std, hmap, hints, reference)


@ray.remote(max_retries=MAX_RETRIES, num_returns=2)
def chunk_apart_task(chunk: pl.DataFrame, src: Source, std: IndustryStandard, hmap: Any, hints: dict[str, object],
                     reference: dt.date) -> tuple[tuple[SourceResult, list[str], int], pl.DataFrame]:
    """``process_chunk`` for a table resolved on the cluster: its kept rows stay in the object store (second
    return); the driver gets the rest, with the chunk's distinct enterprise ids (to make their pseudonyms)."""
    arrow_wire()
    importlib.import_module(std.package)
    res = process_chunk(chunk, src, std, hmap, hints, reference)
    ids = res.kept["enterprise_id"].cast(pl.String).drop_nulls().unique().sort().to_list()
    return (dataclasses.replace(res, kept=res.kept.head(0)), ids, res.kept.height), res.kept


@ray.remote(max_retries=MAX_RETRIES)
def partition_task(kept: pl.DataFrame, schema: pl.Schema, pseudonyms: dict[str, str], spec: TableSpec,
                   industry: str, by: str, parts: int) -> tuple[pl.DataFrame, ...] | pl.DataFrame:
    """A chunk's kept rows with their ``enterprise_key``, in the build's column order and types, cut into ``parts``
    (``indset.table_steps.part_expr``; each part's rows in chunk order; one part: the frame itself, Ray's one return
    value)."""
    arrow_wire()
    frame = conform(kept.with_columns(with_pseudonyms(kept["enterprise_id"], pseudonyms).alias(ENTERPRISE_KEY)),
                    schema)
    if parts == 1:
        return frame
    cut = (frame.with_columns(table_steps.part_expr(by, schema, spec, industry, parts).alias("_part"))
           .partition_by("_part", include_key=False, as_dict=True, maintain_order=True))
    return tuple(cut.get((p,), frame.head(0)) for p in range(parts))


@ray.remote(max_retries=MAX_RETRIES)
def resolve_task(spec: TableSpec, industry: str, by: str, *parts: pl.DataFrame
                 ) -> table_steps.Entities | Resolved:
    """One part of a table (its rows of every chunk, in chunk order) resolved: up to the splits for a record_id
    range (``versions_and_splits``), versions and re-listings for a part of the enterprises (``resolve_versions``)."""
    arrow_wire()
    if by == "record_id":
        return table_steps.in_release_order(table_steps.versions_and_splits(list(parts), spec, industry))
    return resolve_versions(list(parts), spec, industry, stacked=False)


@ray.remote(max_retries=MAX_RETRIES)
def values_task(entities: table_steps.Entities, spec: TableSpec, profile: str, names: list[str],
                enterprise_ids: list[str]) -> dict[str, pl.Series]:
    """``grade_values`` of a record_id range: its hashed fields' distinct values and its candidate codes (as
    series: they cross Ray as Arrow)."""
    arrow_wire()
    return {n: pl.Series(n, v, dtype=pl.String)
            for n, v in grade_values(entities.kept, spec, profile, names, enterprise_ids).items()}


@ray.remote(max_retries=MAX_RETRIES, num_returns=2)
def grade_task(entities: table_steps.Entities, spec: TableSpec, package: str, profile: str, tables: GradeTables,
               names: list[str], enterprise_ids: list[str], reference: dt.date
               ) -> tuple[pl.DataFrame, tuple[Graded, TableCounts]]:
    """``graded_and_counted`` of a record_id range with the table's pseudonyms and code masks (no key here): the
    graded rows (first return: the shard tasks take them from the object store), then the rest. The industry's
    ``package`` registers the checks the output counts run."""
    arrow_wire()
    importlib.import_module(package)
    graded, counts = graded_and_counted(entities.kept, spec, profile, None, names, enterprise_ids, reference,
                                        tables=tables)
    return graded.frame, (dataclasses.replace(graded, frame=graded.frame.head(0)), counts)


@ray.remote(max_retries=MAX_RETRIES)
def shard_task(pieces: list[tuple[int, int, int]], *ranges: pl.DataFrame) -> bytes:
    """A Parquet shard's bytes (``package.write_shard``) of the rows of graded record_id ranges: ``pieces`` (index
    into ``ranges``, start, length), in release order."""
    arrow_wire()
    buffer = io.BytesIO()
    package.write_shard(pl.concat([ranges[r].slice(start, n) for r, start, n in pieces], rechunk=False), buffer)
    return buffer.getvalue()


@ray.remote(max_retries=MAX_RETRIES)
def step_task(fn: Callable[..., Any], returns: int, *args: Any, **kwargs: Any) -> Any:
    """A step of :mod:`indset.neardup_parts` as a Ray task (``returns`` values: ``neardup_parts.values``)."""
    arrow_wire()
    return neardup_parts.values(fn(*args, **kwargs), returns)


class OnRay:
    """``neardup_parts.Runner`` on the cluster: each call a task, handles its object references."""

    def __call__(self, fn: Callable[..., Any], calls: list[tuple[tuple[Any, ...], dict[str, Any]]],
                 returns: int) -> list[Any]:
        task = step_task.options(num_returns=returns)
        out = []
        for args, kwargs in calls:
            refs = task.remote(fn, returns, *args, **kwargs)
            out.append(refs if returns > 1 else [refs])
        return out

    def get(self, handles: list[Any]) -> list[Any]:
        return ray.get(handles)


def driver_rows() -> int:
    """DRIVER_ROWS, or INDSET_RAY_DRIVER_ROWS (a whole number of rows, 0 or more)."""
    raw = os.environ.get("INDSET_RAY_DRIVER_ROWS")
    if raw is None:
        return DRIVER_ROWS
    if not raw.strip().isdigit():
        raise IndsetError(f"INDSET_RAY_DRIVER_ROWS must be a whole number of rows (0 or more), not {raw!r}")
    return int(raw)


class ClusterChunks:
    """A table's kept chunks left in the object store by ``chunk_apart_task``, resolved there: each chunk cut into
    parts (``partition_task``: by record_id range, or by enterprise: ``indset.table_steps.partitioning``), each part
    resolved by a task (``resolve_task``), the parts joined on the driver (record_id ranges in release order as they
    are; the survivors of enterprise parts then clustered and split: ``clusters_and_splits``). The HMAC key stays on
    the driver: only the pseudonyms of the chunks' distinct enterprise ids travel."""

    def __init__(self, by: str, package: str) -> None:
        self.by, self.package = by, package  # the industry's package: its checks, in a task that counts
        self.limit = driver_rows()
        self.frames: list[pl.DataFrame] | None = []   # the kept chunks, while the driver may resolve the table
        self.refs: list[ray.ObjectRef] = []
        self.ranges: list[ray.ObjectRef] = []      # resolved record_id ranges (Entities), until graded
        self.range_rows: list[list[int]] = []      # their rows per split
        self.graded: list[ray.ObjectRef] = []      # the ranges graded, until their shards are written
        self.schemas: list[pl.Schema] = []
        self.ids: set[str] = set()
        self.rows = 0

    def add(self, ref: ray.ObjectRef, schema: pl.Schema, ids: list[str], rows: int) -> None:
        self.refs.append(ref)
        self.schemas.append(schema)
        self.ids.update(ids)
        self.rows += rows
        if self.frames is not None and self.rows <= self.limit:  # fetched while the other sources are read, as
            self.frames.append(ray.get(ref))                     # long as the driver may resolve the table
        else:
            self.frames = None

    def versions_and_splits(self, spec: TableSpec, industry: str, key: bytes) -> table_steps.Entities:
        if self.frames is not None:  # here, as the local engine does (no source gave rows: its empty table)
            chunks, self.frames = (self.frames or [_build.empty_kept(spec)]), None
            self.refs.clear()
            _log.info("ray: %s: %d kept rows resolved by the driver process (at most %d)", spec.name, self.rows,
                      self.limit)
            for i, c in enumerate(chunks):  # in place: resolve_versions releases each chunk as it takes it
                chunks[i] = c.with_columns(pseudonymize(c["enterprise_id"], key).alias(ENTERPRISE_KEY))
            del c
            return table_steps.versions_and_splits(chunks, spec, industry)
        # the columns and types resolve_versions gives the table's chunks (each with its enterprise_key last)
        schema = pl.concat([pl.DataFrame(schema={**s, ENTERPRISE_KEY: pl.String}) for s in self.schemas],
                           how="diagonal_relaxed").schema
        pseudonyms = pseudonym_table(sorted(self.ids), key)
        parts = max(1, -(-self.rows // PARTITION_ROWS))
        with ray_errors("a task failed", "the build failed"):
            spec_ref = ray.put(spec)
            cut = [partition_task.options(num_returns=parts).remote(ref, schema, pseudonyms, spec_ref, industry,
                                                                    self.by, parts) for ref in self.refs]
            self.refs.clear()  # a chunk is freed once cut (a pending task pins its arguments, retries included)
            cut = [[c] if parts == 1 else c for c in cut]
            resolving = [resolve_task.remote(spec_ref, industry, self.by, *(c[p] for c in cut)) for p in range(parts)]
            del cut  # likewise each part, once resolved: the store holds about one copy of the table, not three
            done = ray.get(resolving)
        _log.info("ray: %s: %d kept rows resolved in %d part(s) by %s", spec.name, self.rows, parts, self.by)
        if self.by != "record_id":
            resolved = table_steps.joined(done)
            clusters = self.text_clusters(resolving, resolved, spec) if spec.split_group == "text_cluster" else None
            return table_steps.clusters_and_splits(resolved, spec, clusters)
        self.ranges = resolving  # graded and counted where they are (graded_and_counted)
        self.range_rows = [table_steps.split_rows(r.kept) for r in done]
        return table_steps.joined_in_release_order(done)

    @staticmethod
    def text_clusters(parts: list[ray.ObjectRef], resolved: Resolved, spec: TableSpec) -> Clusters | None:
        """The text clusters of the survivors of ``parts`` (``resolved``: them joined), clustered on the cluster
        (:mod:`indset.neardup_parts`); None (clustered here) when two texts share a 64-bit hash."""
        assert resolved.survivors is not None
        survivors = resolved.survivors
        rows = neardup_parts.row_hashes(survivors, spec.text_fields)
        cfg = NearDupConfig.from_dict(spec.near_duplicates)
        with ray_errors("a task failed", "the build failed"):
            clusters = neardup_parts.text_clusters_in_parts(parts, rows, spec.text_fields, cfg, OnRay(),
                                                            survivors.height)
        ranges = max(1, -(-survivors.height // neardup_parts.TEXTS_PER_RANGE))
        _log.info("ray: %s: near-duplicate texts of %d rows %s", spec.name, survivors.height,
                  f"clustered in {ranges} range(s) on the cluster" if clusters is not None
                  else "clustered by the driver process (two texts share a 64-bit hash)")
        return clusters

    def graded_and_counted(self, frame: pl.DataFrame, spec: TableSpec, profile: str, key: bytes, names: list[str],
                           enterprise_ids: list[str], reference: dt.date) -> tuple[Graded, TableCounts]:
        """``indset.table_counts.graded_and_counted`` of the table (``frame``, the joined ranges): on the cluster, a
        task per record_id range, with the pseudonyms and code masks made here from the ranges' distinct values (the
        key stays here), the ranges' counts summed; parts by enterprise (joined and split here) are graded here."""
        if not self.ranges:
            return graded_and_counted(frame, spec, profile, key, names, enterprise_ids, reference)
        with ray_errors("a task failed", "the build failed"):
            spec_ref, names_ref = ray.put(spec), ray.put(names)
            values: dict[str, list[pl.Series]] = {}
            for part in ray.get([values_task.remote(r, spec_ref, profile, names_ref, enterprise_ids)
                                 for r in self.ranges]):
                for name, distinct in part.items():
                    values.setdefault(name, []).append(distinct)
            tables = grade_tables({n: pl.concat(v).unique().sort().to_list() for n, v in values.items()}, spec,
                                  profile, key, names, enterprise_ids)
            tables_ref = ray.put(tables)  # once, not per task (pseudonym tables grow with distinct values)
            grading = [grade_task.remote(r, spec_ref, self.package, profile, tables_ref, names_ref, enterprise_ids,
                                         reference) for r in self.ranges]
            self.ranges, self.graded = [], [frame for frame, _ in grading]
            done = ray.get([rest for _, rest in grading])
            joined = table_steps.join_in_release_order(ray.get(self.graded), self.range_rows)
        graded = [g for g, _ in done]
        return (Graded(joined, graded[0].treatments, joined_findings([g.pii_findings for g in graded], tables)),
                TableCounts.merged([c for _, c in done]))

    def write_table(self, frame: pl.DataFrame, table: str, release_dir: Path, order: package.ReleaseOrder
                    ) -> dict[str, int]:
        """``package.write_table`` of the table (``frame``, the joined ranges in release order): of graded record_id
        ranges, each shard's Parquet bytes made by a task from the ranges' rows in the object store
        (``package.range_shards``) and written here, in order (the output stays on this machine, in the build's
        staging folder); else here."""
        if not self.graded:
            return package.write_table(frame, table, release_dir, order=order)
        if frame.height != sum(map(sum, self.range_rows)):  # the shards are made from the ranges, not from frame
            raise IndsetError(f"ray: {table}: the table to write is not the graded ranges' rows")
        out_dir = release_dir / "data" / table
        out_dir.mkdir(parents=True, exist_ok=True)
        plan = package.range_shards(self.range_rows, package.SHARD_ROWS)
        shards = [(package.shard_path(out_dir, split, i, len(cut)), pieces)
                  for split, cut in zip(SPLITS, plan, strict=True) for i, pieces in enumerate(cut)]
        window = 2 * max(1, int(ray.cluster_resources().get("CPU", 1)))  # encoded shards waiting in the store
        pending: deque[tuple[Path, ray.ObjectRef]] = deque()
        with ray_errors("a task failed", "the build failed"):
            for k, (path, pieces) in enumerate(shards):
                used = sorted({r for r, _, _ in pieces})
                at = {r: j for j, r in enumerate(used)}
                pending.append((path, shard_task.remote([(at[r], start, n) for r, start, n in pieces],
                                                        *(self.graded[r] for r in used))))
                while pending and (len(pending) >= window or k == len(shards) - 1):
                    done_path, ref = pending.popleft()
                    done_path.write_bytes(ray.get(ref))
        _log.info("ray: %s: %d shard(s) encoded on the cluster from %d record_id range(s)", table,
                  sum(map(len, plan)), len(self.graded))
        self.graded = []
        return dict(zip(SPLITS, order.split_rows, strict=True))


def connect(address: str | None) -> bool:
    """Join the cluster at ADDRESS (None: RAY_ADDRESS, else a new local one); True if this call connected."""
    if ray.is_initialized():
        arrow_wire()
        return False
    try:
        ray.init(address=address, log_to_driver=False, logging_level=logging.ERROR)
    except (ConnectionError, ValueError, RuntimeError) as exc:
        where = address or "RAY_ADDRESS or a new local cluster"
        raise IndsetError(f"cannot connect to Ray at {where}: {_first_line(exc)}") from None
    arrow_wire()
    return True


@contextlib.contextmanager
def joined(address: str | None) -> Iterator[None]:
    """Connected to Ray for the time of a ``with`` (:func:`connect`); shut down after only if this joined."""
    connected = connect(address)
    try:
        yield
    finally:
        if connected:
            ray.shutdown()


@contextlib.contextmanager
def ray_errors(task_failed: str, retries_failed: str) -> Iterator[None]:
    """Ray failures as one ``IndsetError`` line; an ``IndsetError`` raised inside a task as itself."""
    try:
        yield
    except ray.exceptions.RayTaskError as exc:
        if isinstance(exc.cause, IndsetError):
            raise exc.cause from None
        raise IndsetError(f"ray: {task_failed}: {_first_line(exc.cause or exc)}") from exc
    except ray.exceptions.RayError as exc:
        raise IndsetError(f"ray: {retries_failed} after {MAX_RETRIES} retries: {_first_line(exc)}") from exc


def read_sources(std: IndustryStandard, sources: tuple[Source, ...], reference: dt.date, keep_going: bool,
                 log: Log, *, address: str | None = None
                 ) -> tuple[dict[str, _build.TableAccumulator], list[dict[str, Any]], list[dict[str, Any]]]:
    """``indset.build.read_sources`` on Ray: same accumulators, records and skipped, in the same order, except that
    a table resolved on the cluster keeps its kept rows there (``TableAccumulator.on_cluster``: object references,
    valid while this process stays connected, as ``indset.engines.session`` keeps it for a build)."""
    with joined(address), ray_errors("a task failed", "the build failed"):
        return _run(std, sources, reference, keep_going, log)


def _run(std: IndustryStandard, sources: tuple[Source, ...], reference: dt.date, keep_going: bool,
         log: Log) -> tuple[dict[str, _build.TableAccumulator], list[dict[str, Any]], list[dict[str, Any]]]:
    acc = {t: _build.TableAccumulator() for t in std.tables}
    records: list[dict[str, Any]] = []
    skipped: list[dict[str, Any]] = []
    cpus = max(1, int(ray.cluster_resources().get("CPU", 1)))
    log(f"ray: {cpus} CPU(s) in the cluster")
    std_ref = ray.put(std)
    chunk_rows = _build.CHUNK_ROWS  # read at call time: the same boundaries as the local engine (chunk_rows)

    def skip(src: Source, code: str, reason: str) -> None:
        err = SourceError(src.path, reason, code)
        if not keep_going:
            raise err
        log(f"skipped {err}")
        skipped.append({"source": src.index + 1, "path": src.path, "table": src.table, "reason": code,
                        "detail": reason})

    valid = []
    for src in sources:  # the manifest checks need no file: on the driver
        try:
            src.check(std)
            valid.append(src)
        except SourceError:
            pass
    listed = {n: spec for n, spec in std.tables.items() if n in {s.table for s in sources}}
    on_cluster = {n: by for n, spec in listed.items() if (by := table_steps.partitioning(spec, listed))}
    for n, by in on_cluster.items():
        acc[n].on_cluster = ClusterChunks(by, std.package)
    ahead = READ_AHEAD * cpus  # sources read ahead; chunk results are gathered strictly in (source, chunk) order
    reads = {src.index: read_task.remote(src, std_ref, chunk_rows) for src in valid[:ahead]}
    for _ in range(cpus - len(reads)):  # the CPUs no read task holds (fire and forget)
        warm_task.remote(std_ref)
    todo = deque(valid[ahead:])
    pending: deque[tuple[str, ray.ObjectRef]] = deque()

    def gather(limit: int) -> None:
        while len(pending) > limit:
            table, ref = pending.popleft()
            if isinstance(ref, list):  # a table resolved on the cluster: its kept rows stay there
                res, ids, rows = ray.get(ref[0])
                acc[table].add(res, keep_rows=False)
                acc[table].on_cluster.add(ref[1], res.kept.schema, ids, rows)
            else:
                acc[table].add(ray.get(ref))

    for i, src in enumerate(sources, 1):  # in manifest order, like the local engine
        log(f"[{i}/{len(sources)}] reading {src.path}")
        if src.table in acc:
            acc[src.table].sources_listed += 1
        try:
            src.check(std)
        except SourceError as err:
            skip(src, err.code, err.reason)
            continue
        gen = reads.pop(src.index)
        if todo:
            nxt = todo.popleft()
            reads[nxt.index] = read_task.remote(nxt, std_ref, chunk_rows)
        meta = ray.get(next(gen))
        if "error" in meta:
            skip(src, *meta["error"])
            continue
        log(f"[{i}/{len(sources)}] normalizing {src.path} ({meta['rows']} rows, {meta['chunks']} chunk(s))")
        for chunk in gen:
            task = chunk_apart_task if src.table in on_cluster else chunk_task
            pending.append((src.table, task.remote(chunk, src, std_ref, meta["hmap"], meta["hints"], reference)))
            gather(2 * cpus)  # bounded: about two chunks per CPU in flight or waiting to be gathered
        acc[src.table].sources += 1
        records.append({"source": src.index + 1, "table": src.table, "sha256": meta["sha256"],
                        "rows_in": meta["rows"]})
    gather(0)
    return acc, records, skipped


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return f"{type(exc).__name__}: {text.splitlines()[0][:200]}" if text else type(exc).__name__
