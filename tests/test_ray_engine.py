"""`--engine ray` on a local Ray cluster of separate processes: same bytes as the local engine, worker loss.

The cluster is a head and one worker node (`ray start --block`, one CPU each), stopped by pid at the end.
"""

from __future__ import annotations

import contextlib
import filecmp
import importlib.util
import json
import logging
import re
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import polars as pl
import pytest
import yaml
from typer.testing import CliRunner

from indset.build import BuildResult, build
from indset.cli import app
from indset.errors import IndsetError

ROOT = Path(__file__).resolve().parents[1]
INDUSTRIES = ("textiles", "apparel", "chemicals")
needs_ray = pytest.mark.skipif(importlib.util.find_spec("ray") is None, reason="ray not installed (indset[ray])")


@pytest.fixture(scope="module")
def cluster():
    if importlib.util.find_spec("ray") is None:
        pytest.skip("ray not installed (indset[ray])")
    from indset.engines.local_cluster import LocalCluster

    c = LocalCluster(head_cpus=1, object_store_mb=256)
    try:
        c.add_worker(cpus=1)
        yield c
    finally:
        c.stop()


def files(out: Path) -> dict[str, Path]:
    return {str(p.relative_to(out)): p for p in sorted(out.rglob("*")) if p.is_file()}


@needs_ray
@pytest.mark.parametrize("industry", INDUSTRIES)
def test_ray_build_is_byte_identical_to_local(industry, cluster, tmp_path, monkeypatch, caplog):
    """Built through the CLI with --engine ray --ray-address: same root hash, same bytes in every file (Data Docs
    and quality.json included), the suites run on Ray a slice of 400 rows at a time (2-10 slices per table)."""
    monkeypatch.setattr("indset.validation.sharded.SHARD_ROWS", 400)
    manifest = ROOT / "samples" / industry / "sources.yaml"
    local = build(industry, manifest, tmp_path / "local", keep_going=True)
    with caplog.at_level(logging.INFO, logger="indset.validation"), \
            caplog.at_level(logging.INFO, logger="indset.engines.ray"):
        result = CliRunner().invoke(app, [
            "build", industry, "--sources", str(manifest), "--out", str(tmp_path / "ray"), "--keep-going",
            "--engine", "ray", "--ray-address", cluster.address])
    assert result.exit_code == (0 if local.passed else 1), result.output
    [ran] = [r.getMessage() for r in caplog.records if "slice task(s)" in r.getMessage()]
    assert re.fullmatch(r"validation: \d+ slice task\(s\) for 2 table\(s\) on ray", ran)
    assert int(ran.split()[1]) > 20  # (column groups + key partitions) x slices, 2 tables
    assert "on the driver" not in caplog.text
    # small tables are resolved on the driver (apparel: a cross-table rule, every table whole, always)
    assert ("resolved by the driver" in caplog.text) == (industry != "apparel") and "resolved in" not in caplog.text
    root = json.loads((tmp_path / "ray" / "release" / "manifest.json").read_text(encoding="utf-8"))["root_hash"]
    assert root == local.root_hash
    a, b = files(tmp_path / "local"), files(tmp_path / "ray")
    assert list(a) == list(b)
    assert [name for name in a if not filecmp.cmp(a[name], b[name], shallow=False)] == []


@needs_ray
@pytest.mark.parametrize("industry", ["textiles", "chemicals"])
def test_tables_resolved_on_the_cluster_in_parts(industry, cluster, tmp_path, monkeypatch, caplog):
    """Tables are resolved on the cluster, a task per part of at most 150 kept rows: readings by record_id range
    (versions, duplicates and splits are a function of the entity key alone), products by enterprise (re-listings
    are compared within an enterprise; text clusters and splits then run once on the driver). The release is
    byte-identical to the local engine's. Near-copies of product texts are found on the cluster too, in ranges of
    about 100 texts (indset.neardup_parts). (Apparel's inspections have a cross-table rule: every table whole on
    the driver, test_ray_build_is_byte_identical_to_local.)"""
    monkeypatch.setenv("INDSET_RAY_DRIVER_ROWS", "0")  # every table on the cluster, however small
    monkeypatch.setattr("indset.engines.ray_engine.PARTITION_ROWS", 150)
    monkeypatch.setattr("indset.neardup_parts.TEXTS_PER_RANGE", 100)
    monkeypatch.setattr("indset.package.SHARD_ROWS", 700)  # both engines: shards of several ranges, ranges cut
    manifest = ROOT / "samples" / industry / "sources.yaml"
    local = build(industry, manifest, tmp_path / "local", keep_going=True)
    with caplog.at_level(logging.INFO, logger="indset.engines.ray"):
        result = build(industry, manifest, tmp_path / "ray", keep_going=True, engine="ray",
                       ray_address=cluster.address)
    resolved = sorted(r.getMessage() for r in caplog.records if "resolved in" in r.getMessage())
    expected = {"textiles": ["ray: machine_readings: 5670 kept rows resolved in 38 part(s) by record_id",
                             "ray: products: 589 kept rows resolved in 4 part(s) by enterprise"],
                "chemicals": ["ray: process_readings: 2239 kept rows resolved in 15 part(s) by record_id",
                              "ray: products: 77 kept rows resolved in 1 part(s) by enterprise"]}
    assert resolved == expected[industry]
    clustered = [r.getMessage() for r in caplog.records if "near-duplicate" in r.getMessage()]
    assert clustered == [{"textiles": "ray: products: near-duplicate texts of 547 rows clustered in 6 range(s) on "
                                      "the cluster",
                          "chemicals": "ray: products: near-duplicate texts of 73 rows clustered in 1 range(s) on the "
                                       "cluster"}[industry]]
    encoded = [r.getMessage() for r in caplog.records if "encoded on the cluster" in r.getMessage()]
    assert encoded == [{"textiles": "ray: machine_readings: 9 shard(s) encoded on the cluster from 38 record_id "
                                    "range(s)",
                        "chemicals": "ray: process_readings: 5 shard(s) encoded on the cluster from 15 record_id "
                                     "range(s)"}[industry]]
    assert result.root_hash == local.root_hash
    assert result.report["tables"]["products"]["near_duplicates"] == local.report["tables"]["products"][
        "near_duplicates"]
    a, b = files(tmp_path / "local"), files(tmp_path / "ray")
    assert list(a) == list(b)
    assert [name for name in a if not filecmp.cmp(a[name], b[name], shallow=False)] == []


@needs_ray
@pytest.mark.parametrize("profile", ["public", "internal"])
def test_ranges_graded_on_the_cluster_as_one_table(profile, cluster, tmp_path, monkeypatch):
    """Readings graded a record_id range at a time on the cluster (12 ranges of 50 rows): machine ids holding a phone
    and a person's name are masked alike in every range and counted once per distinct code, operators hashed with
    the driver's pseudonyms (internal profile); every file is the local engine's."""
    monkeypatch.setenv("INDSET_RAY_DRIVER_ROWS", "0")  # every table on the cluster, however small
    monkeypatch.setattr("indset.engines.ray_engine.PARTITION_ROWS", 50)
    machines = [f"ZJ-{i:02d}" for i in range(1, 9)] + ["L-13857412368", "王建国-3号机"]
    rows = "".join(f"{machines[i % 10]},2026-10-{1 + i // 48:02d} {(i % 48) // 2:02d}:{30 * (i % 2):02d},运行,"
                   f"{400 + i % 37},{['王建国', '李娜', 'Chen Jie'][i % 3]}\n" for i in range(600))
    (tmp_path / "mes.csv").write_text("机台号,采集时间,状态,车速,操作工\n" + rows, encoding="utf-8")
    manifest = tmp_path / "sources.yaml"
    manifest.write_text(yaml.safe_dump({"industry": "textiles", "reference_date": "2026-11-01", "sources": [
        {"path": "mes.csv", "table": "machine_readings", "enterprise_id": "91330109MA2H3K7T46"}]},
        allow_unicode=True), encoding="utf-8")
    local = build("textiles", manifest, tmp_path / "local", profile=profile)
    result = build("textiles", manifest, tmp_path / "ray", profile=profile, engine="ray", ray_address=cluster.address)
    findings = result.report["tables"]["machine_readings"]["pii_findings"]
    assert findings["machine_id"] == {"known_name": 1, "phone": 1}  # distinct codes, not rows (60 rows each)
    release = pl.concat([pl.read_parquet(f) for f in sorted((tmp_path / "ray" / "release").rglob("data/*/*.parquet"))])
    assert release.height == 600 and not release["machine_id"].str.contains("13857412368|王建国").any()
    if profile == "internal":
        assert release["operator"].n_unique() == 3 and not release["operator"].str.contains("王建国|李娜|Chen").any()
    assert result.root_hash == local.root_hash
    a, b = files(tmp_path / "local"), files(tmp_path / "ray")
    assert [name for name in a if not filecmp.cmp(a[name], b[name], shallow=False)] == []


@needs_ray
def test_table_without_a_readable_source_on_the_cluster(cluster, tmp_path, monkeypatch):
    """Every source of a table skipped (--keep-going) while the other table is resolved on the cluster in parts: the
    empty table is the local engine's (no row: resolved by the driver, whatever INDSET_RAY_DRIVER_ROWS says)."""
    monkeypatch.setenv("INDSET_RAY_DRIVER_ROWS", "0")  # every table on the cluster, however small
    raw = yaml.safe_load((ROOT / "samples" / "textiles" / "sources.yaml").read_text(encoding="utf-8"))
    (tmp_path / "broken.csv").write_bytes(b"\x00\x01\x02 not a table")
    products = [dict(s, path=str(ROOT / "samples" / "textiles" / s["path"])) for s in raw["sources"]
                if s["table"] == "products"]
    manifest = tmp_path / "sources.yaml"
    manifest.write_text(yaml.safe_dump({**raw, "sources": [*products, {
        "path": "broken.csv", "table": "machine_readings", "enterprise_id": products[0]["enterprise_id"]}]},
        allow_unicode=True), encoding="utf-8")
    local = build("textiles", manifest, tmp_path / "local", keep_going=True)
    result = build("textiles", manifest, tmp_path / "ray", keep_going=True, engine="ray", ray_address=cluster.address)
    assert local.report["tables"]["machine_readings"]["rows_out"] == 0
    assert [s["table"] for s in local.report["skipped_sources"]][-1] == "machine_readings"
    assert result.root_hash == local.root_hash


@needs_ray
def test_workers_fetch_url_sources(cluster, s3_samples, tmp_path, monkeypatch):
    """The textiles samples at s3:// URLs (moto's server; endpoint_url and anon in the manifest): the workers
    fetch and hash them (the driver cannot), and the release is the local build's, root hash included."""
    manifest = ROOT / "samples" / "textiles" / "sources.yaml"
    local = build("textiles", manifest, tmp_path / "local", keep_going=True)
    raw = yaml.safe_load(manifest.read_text(encoding="utf-8"))
    for s in raw["sources"]:
        s["path"] = f"s3://exports/textiles/{s['path']}"
    urls = tmp_path / "sources.yaml"
    urls.write_text(yaml.safe_dump({**raw, "storage_options": {"endpoint_url": s3_samples, "anon": True}},
                                   allow_unicode=True), encoding="utf-8")

    def no_fetch(*args: object, **kwargs: object) -> None:
        raise AssertionError("the driver fetched a source")

    monkeypatch.setattr("s3fs.S3FileSystem._cat_file", no_fetch)  # in this process only, not in the workers
    monkeypatch.setattr("s3fs.S3FileSystem._open", no_fetch)
    result = build("textiles", urls, tmp_path / "ray", keep_going=True, engine="ray", ray_address=cluster.address)
    assert result.root_hash == local.root_hash


def readings(tmp_path: Path, rows: int) -> Path:
    """A generated textiles machine_readings export (benchmarks/generate.py) and its manifest."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        import generate
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    entry = generate.write_table("machine_readings", rows, tmp_path / "src", seed=7)
    manifest = tmp_path / "src" / "sources.yaml"
    manifest.write_text(generate.manifest_text([entry]), encoding="utf-8")
    return manifest


TASKS = ("ray::read_task", "ray::chunk_task", "ray::chunk_apart_task", "ray::partition_task", "ray::resolve_task",
         "ray::values_task", "ray::grade_task")


@contextlib.contextmanager
def killing(cluster, node: int | None, once: bool, tasks: tuple[str, ...] = TASKS) -> Iterator[list[str]]:
    """SIGKILL worker processes of NODE (None: any) while they run one of our tasks; yields what was killed."""
    import psutil

    killed: list[str] = []
    stop = threading.Event()

    def watch() -> None:
        while not stop.is_set() and not (once and killed):
            for p in cluster.processes(node):
                with contextlib.suppress(psutil.Error):
                    title = " ".join(p.cmdline())
                    if title.startswith(tasks):
                        p.kill()
                        killed.append(f"{p.pid} {title.split()[0]}")
            stop.wait(0.01)

    thread = threading.Thread(target=watch, daemon=True)
    thread.start()
    try:
        yield killed
    finally:
        stop.set()
        thread.join()


@pytest.fixture(scope="module")
def big(tmp_path_factory) -> tuple[Path, BuildResult]:
    """200k readings in 20k-row chunks (10 chunk tasks), and the local engine's build of them."""
    tmp = tmp_path_factory.mktemp("big")
    manifest = readings(tmp, 200_000)
    mp = pytest.MonkeyPatch()
    mp.setenv("INDSET_HMAC_KEY", "test-key")
    mp.setattr("indset.build.CHUNK_ROWS", 20_000)
    try:
        yield manifest, build("textiles", manifest, tmp / "local")
    finally:
        mp.undo()


@needs_ray
def test_worker_killed_mid_build_is_retried(cluster, big, tmp_path, monkeypatch):
    """A worker process of a node started for this test is killed while it runs a task: Ray retries it
    and the build completes with the same root hash (or fails with one IndsetError line, no release)."""
    manifest, local = big
    monkeypatch.setattr("indset.build.CHUNK_ROWS", 20_000)
    node = len(cluster.nodes)
    cluster.add_worker(cpus=1)
    out = tmp_path / "ray"
    with killing(cluster, node, once=True) as killed:
        try:
            result = build("textiles", manifest, out, engine="ray", ray_address=cluster.address)
        except IndsetError as exc:
            assert "\n" not in str(exc) and not (out / "release").exists()
            result = None
    assert killed, "no task ran on the added worker node"
    if result is not None:
        assert result.root_hash == local.root_hash


@needs_ray
def test_worker_killed_while_resolving_a_range_is_retried(cluster, big, tmp_path, monkeypatch):
    """A worker killed while it resolves a record_id range (10 ranges of 20k kept rows): Ray retries the task and
    the release has the local engine's root hash."""
    monkeypatch.setenv("INDSET_RAY_DRIVER_ROWS", "0")  # every table on the cluster, however small
    manifest, local = big
    monkeypatch.setattr("indset.build.CHUNK_ROWS", 20_000)
    monkeypatch.setattr("indset.engines.ray_engine.PARTITION_ROWS", 20_000)
    with killing(cluster, None, once=True, tasks=("ray::resolve_task",)) as killed:
        result = build("textiles", manifest, tmp_path / "ray", engine="ray", ray_address=cluster.address)
    assert killed, "no resolve_task was killed"
    assert result.root_hash == local.root_hash


@needs_ray
def test_persistent_worker_loss_fails_with_one_line_and_no_release(cluster, big, tmp_path, monkeypatch):
    """Every attempt of every task is killed: after Ray's retries the build stops with one line."""
    manifest, _ = big
    monkeypatch.setattr("indset.build.CHUNK_ROWS", 20_000)
    out = tmp_path / "ray"
    with killing(cluster, None, once=False) as killed, pytest.raises(IndsetError, match=r"^ray: ") as exc:
        build("textiles", manifest, out, engine="ray", ray_address=cluster.address)
    assert "\n" not in str(exc.value)
    assert len(killed) > 1 and not out.exists()


@needs_ray
def test_frames_cross_ray_as_arrow():
    """Frames and series go through the object store as Arrow IPC (every dtype of a release, same schema and values
    back; a slice writes only its rows); a dtype Arrow cannot hold falls back to polars' pickle."""
    import datetime as dt
    import decimal

    import polars as pl

    from indset.engines.ray_engine import _frame_in, _frame_out, _series_in, _series_out

    frame = pl.DataFrame({
        "s": ["a", None, "a string longer than twelve bytes"], "i": [1, None, 3], "f": [1.5, float("nan"), None],
        "b": [True, None, False], "d": [dt.date(2026, 1, 1), None, dt.date(2026, 2, 1)],
        "ts": pl.Series([dt.datetime(2026, 1, 1), None, dt.datetime(2026, 2, 1)]).dt.replace_time_zone("UTC"),
        "dec": pl.Series([decimal.Decimal("1.50"), None, decimal.Decimal("2.25")], dtype=pl.Decimal(10, 2)),
        "parts": [[{"fiber": "棉", "pct": 95.0}], None, []], "u8": pl.Series([1, 2, 3], dtype=pl.UInt8),
        "cat": pl.Series(["x", None, "y"], dtype=pl.Categorical),
        "enum": pl.Series(["x", "y", None], dtype=pl.Enum(["x", "y"])), "none": [None, None, None]})
    for part in (frame, frame.slice(1, 2)):
        arrow, data = _frame_out(part)
        out = _frame_in((arrow, data))
        assert arrow and out.schema == frame.schema and out.equals(part)
    column = frame["parts"]
    assert _series_in(_series_out(column)).equals(column) and _series_in(_series_out(column)).name == "parts"
    big = pl.DataFrame({"v": range(1_000_000), "s": [f"value {i}" for i in range(1_000_000)]})
    arrow, data = _frame_out(big.slice(500_000, 10))
    assert arrow and data.size < 10_000 and _frame_in((arrow, data)).equals(big.slice(500_000, 10))
    wide = pl.DataFrame({"x": pl.Series([2**100, None], dtype=pl.Int128)})
    arrow, data = _frame_out(wide)
    assert not arrow and _frame_in((arrow, data)).equals(wide)


def test_unknown_engine_is_one_line(tmp_path):
    result = CliRunner().invoke(app, [
        "build", "textiles", "--sources", str(ROOT / "samples/textiles/sources.yaml"), "--out", str(tmp_path),
        "--engine", "spark"])
    assert result.exit_code == 2 and "unknown engine 'spark'" in result.output


def test_missing_ray_is_one_line(monkeypatch):
    from indset.engines import source_reader

    monkeypatch.setitem(sys.modules, "ray", None)  # as if not installed
    monkeypatch.delitem(sys.modules, "indset.engines.ray_engine", raising=False)
    monkeypatch.delattr("indset.engines.ray_engine", raising=False)
    with pytest.raises(IndsetError, match=r"pip install 'indset\[ray\]'"):
        source_reader("ray")


@needs_ray
def test_one_connection_per_build(cluster, tmp_path, monkeypatch):
    """Reading and validation join the build's one Ray connection (without an address: one private Ray)."""
    import ray

    inits, real_init = [], ray.init
    monkeypatch.setattr(ray, "init", lambda *a, **kw: inits.append(kw.get("address")) or real_init(*a, **kw))
    build("textiles", ROOT / "samples" / "textiles" / "sources.yaml", tmp_path / "out", keep_going=True,
          engine="ray", ray_address=cluster.address)
    assert inits == [cluster.address] and not ray.is_initialized()


@needs_ray
@pytest.mark.parametrize("value", ["20M", "2e7", "", "-1"])
def test_a_bad_driver_rows_setting_is_one_line(value, monkeypatch):
    from indset.engines.ray_engine import DRIVER_ROWS, driver_rows

    monkeypatch.setenv("INDSET_RAY_DRIVER_ROWS", value)
    with pytest.raises(IndsetError, match=r"^INDSET_RAY_DRIVER_ROWS must be a whole number of rows"):
        driver_rows()
    monkeypatch.setenv("INDSET_RAY_DRIVER_ROWS", " 0 ")
    assert driver_rows() == 0
    monkeypatch.delenv("INDSET_RAY_DRIVER_ROWS")
    assert driver_rows() == DRIVER_ROWS == 20_000_000
