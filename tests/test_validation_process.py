"""Validation in a child process (indset.validation.process): same release, errors and deaths said in one line."""

from __future__ import annotations

import datetime as dt
import io
import os
import pickle
import signal
import subprocess
import sys
import time
from pathlib import Path

import polars as pl
import pytest

from indset.build import build
from indset.errors import IndsetError
from indset.resources import suites_dir
from indset.validation import validate_tables
from indset.validation.process import (
    MAX_SOURCE_BYTES,
    MIN_SOURCE_BYTES,
    PROCESS_ENV,
    ValidationProcess,
    _answer,
    use_process,
)

SAMPLES = Path(__file__).resolve().parents[1] / "samples"


@pytest.fixture(scope="module")
def here(tmp_path_factory):
    """The textiles samples validated in this process."""
    mp = pytest.MonkeyPatch()
    mp.setenv(PROCESS_ENV, "0")
    mp.setenv("INDSET_HMAC_KEY", "test-key")
    try:
        return build("textiles", SAMPLES / "textiles" / "sources.yaml", tmp_path_factory.mktemp("here"),
                     keep_going=True)
    finally:
        mp.undo()


def test_a_child_process_validates_the_same_release(here, tmp_path, monkeypatch):
    """The same bytes (manifest root hash: Parquet, quality report, Data Docs) whichever process validates, and
    the child's IPC inputs never reach the output. The child imports the build's own code, not an `indset` in the
    working folder."""
    (tmp_path / "cwd" / "indset").mkdir(parents=True)
    (tmp_path / "cwd" / "indset" / "__init__.py").write_text("raise ImportError('another checkout')\n")
    monkeypatch.chdir(tmp_path / "cwd")
    monkeypatch.setenv(PROCESS_ENV, "1")
    child = build("textiles", SAMPLES / "textiles" / "sources.yaml", tmp_path / "child", keep_going=True)
    assert child.root_hash == here.root_hash
    assert child.report == here.report
    assert sorted(p.name for p in (tmp_path / "child").iterdir()) == ["internal", "release"]
    assert not list((tmp_path / "child").rglob("*.arrow"))


def test_the_childs_summaries_equal_validating_here(here, tmp_path):
    """Failures travel back too: a repeated record id and an out-of-range weight planted in the release."""
    products = pl.concat([pl.read_parquet(p) for p in sorted((here.out / "release" / "data" / "products").glob("*"))])
    planted = pl.concat([products, products.head(1).with_columns(pl.lit(-5.0).alias("fabric_weight_gsm"))])
    tables = {"products": planted}
    suites = suites_dir(None, "textiles")
    run_time = dt.datetime(2026, 11, 1, tzinfo=dt.UTC)
    expected = validate_tables(tables, "textiles", suites, None, "public", run_time)
    assert expected["products"].failed_critical > 0
    with ValidationProcess() as child:
        child.submit(tables, tmp_path / "inputs", "textiles", suites, None, "public", run_time)
        got = child.result()
        assert not (tmp_path / "inputs").exists()  # inputs removed once answered
    assert got == expected


def test_an_error_in_the_child_is_raised_in_the_build_with_its_message(tmp_path):
    with ValidationProcess() as child:
        child.submit({"products": pl.DataFrame({"x": [1]})}, tmp_path / "inputs", "textiles", tmp_path / "no-suites",
                     None)
        with pytest.raises(Exception, match="no-suites") as info:
            child.result()
    assert "Traceback" not in str(info.value)


def test_a_child_that_dies_is_one_clear_error(tmp_path):
    child = ValidationProcess()
    try:
        os.kill(child._proc.pid, signal.SIGKILL)
        child.submit({"products": pl.DataFrame({"x": [1]})}, tmp_path / "inputs", "textiles",
                     suites_dir(None, "textiles"), None)
        with pytest.raises(IndsetError, match=r"^validation: the validating process exited with code -9"):
            child.result()
    finally:
        child.close()
    assert not (tmp_path / "inputs").exists()


def test_inputs_that_cannot_be_written_raise_in_the_build(tmp_path):
    """The tables are written in a background thread: its error is raised by result(), the child ended."""
    frame = pl.DataFrame({"x": pl.Series([object()], dtype=pl.Object)})
    with ValidationProcess() as child:
        child.submit({"products": frame}, tmp_path / "inputs", "textiles", suites_dir(None, "textiles"), None)
        with pytest.raises(Exception, match=r"(?i)object"):
            child.result()
        assert child._proc.returncode is not None
    assert not (tmp_path / "inputs").exists()


def test_a_child_ends_with_its_build(tmp_path):
    with ValidationProcess() as child:
        proc = child._proc
    assert proc.returncode == -signal.SIGKILL  # never asked: nothing to wait for
    with pytest.raises(RuntimeError), ValidationProcess() as child:
        proc = child._proc
        raise RuntimeError("the build failed")
    assert proc.returncode == -signal.SIGKILL


def test_a_child_exits_when_its_build_is_gone():
    """End of input (the build's process ended, closing the pipe): the child exits by itself."""
    child = ValidationProcess()
    child._proc.stdin.close()
    assert child._proc.wait(timeout=120) == 0
    child.close()


def test_a_killed_build_takes_its_child_along():
    """A build killed (SIGKILL: no cleanup runs) leaves no validating process behind."""
    code = ("import os, signal; from indset.validation.process import ValidationProcess; c = ValidationProcess(); "
            "print(c._proc.pid, flush=True); os.kill(os.getpid(), signal.SIGKILL)")
    build_proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert build_proc.returncode == -signal.SIGKILL
    pid = int(build_proc.stdout)
    deadline = time.monotonic() + 120
    while _alive(pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _alive(pid)


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, IndexError):
        return False
    return state != "Z"


def test_forked_validation_workers_die_with_the_process_that_forked_them():
    """A validating process killed (for memory, or the build killed) takes its forked workers along: they would
    hold their memory and the answer pipe, and the build would wait for ever."""
    code = ("import os, signal, time\n"
            "from indset.validation import parallel\n"
            "run = parallel.start([lambda: time.sleep(600)] * 2, [1.0, 1.0], 2)\n"
            "time.sleep(1)\n"
            "print(*[p.pid for p in run._pool._processes.values()], flush=True)\n"
            "os.kill(os.getpid(), signal.SIGKILL)\n")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert proc.returncode == -signal.SIGKILL
    workers = [int(p) for p in proc.stdout.split()]
    assert len(workers) == 2
    deadline = time.monotonic() + 60
    while any(map(_alive, workers)) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(map(_alive, workers))


class _NeedsTwoArguments(Exception):
    def __init__(self, what: str, why: str) -> None:
        super().__init__(f"{what}: {why}")


def test_an_error_that_does_not_unpickle_arrives_as_its_message():
    out = io.BytesIO()
    _answer(out, ("error", _NeedsTwoArguments("metric", "failed")))
    kind, error = pickle.loads(out.getvalue())
    assert kind == "error" and isinstance(error, IndsetError)
    assert str(error) == "validation: _NeedsTwoArguments: metric: failed"


def test_which_builds_use_a_child(tmp_path, monkeypatch):
    small, large = tmp_path / "small.csv", tmp_path / "large.csv"
    small.write_bytes(b"x" * 1000)
    with large.open("wb") as f:
        f.truncate(MIN_SOURCE_BYTES)  # sparse: the size counts, not the disk
    monkeypatch.delenv(PROCESS_ENV, raising=False)
    monkeypatch.delitem(sys.modules, "great_expectations", raising=False)
    assert use_process([large]) and use_process([small, large])
    assert not use_process([small]) and not use_process([tmp_path / "missing.csv"])
    assert not use_process(["s3://bucket/large.csv"])  # a remote source's size is unknown: counted as nothing
    huge = tmp_path / "huge.csv"
    with huge.open("wb") as f:
        f.truncate(MAX_SOURCE_BYTES + 1)
    assert not use_process([huge])  # its tables' copy would cost more than the import it hides
    monkeypatch.setitem(sys.modules, "great_expectations", object())  # imported already: nothing to hide
    assert not use_process([large])
    monkeypatch.setenv(PROCESS_ENV, "1")
    assert use_process([small])
    monkeypatch.setenv(PROCESS_ENV, "0")
    monkeypatch.delitem(sys.modules, "great_expectations")
    assert not use_process([large])
