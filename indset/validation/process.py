"""A local build's validation in its own process, started with the build.

Importing Great Expectations takes 2-3 s of single-threaded Python. In the build's own process it competed with the
read of the sources for the GIL (even from a background thread: +1.7 s on 1M products). A child process started
when the build starts imports it on the other core while the sources are read; the build hands it the release
tables when they are graded (uncompressed Arrow IPC files in the staging folder, memory-mapped by the child,
deleted after) and writes the Parquet shards, lineage and quarantine while the suites run. The child calls the
same :func:`indset.validation.validate_tables` on the same frames: same results, same Data Docs.

The child never outlives the build: the build kills it (and its forked validation workers: its own process group)
when it ends without its answer; it exits on end of input or when the build's process is gone (killed with it on
Linux, a watchdog thread elsewhere); it ignores Ctrl-C (the build decides). A child that dies or fails is one clear
error of the build.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import pickle
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from indset.errors import IndsetError
from indset.validation.parallel import die_with_parent

if TYPE_CHECKING:
    import polars as pl

    from indset.validation.runner import TableValidation


PROCESS_ENV = "INDSET_VALIDATION_PROCESS"  # 1: always validate in a child process, 0: never; unset: by size
MIN_SOURCE_BYTES = 16 << 20  # local sources smaller than this read in about a second: the import is not hidden
# and larger than this give release tables whose copy for the child costs more than the import it hides (measured,
# quiet machine, alternating runs: 1M products, 177 MB of CSV, 17.4-18.5 s with the child vs 18.2-19.0 s without;
# 10M readings, 894 MB, 22.3 s vs 21.9 s: a 1 GB table copied while the Parquet shards are written, and the import
# hidden anyway behind a 10 s read)
MAX_SOURCE_BYTES = 512 << 20


def use_process(files: Sequence[Any]) -> bool:
    """Whether a local build of these source files validates in a child process: when ``INDSET_VALIDATION_PROCESS``
    says so, else when GE is not imported in this process yet (a test session, a notebook that validated) and the
    local files add up to between :data:`MIN_SOURCE_BYTES` and :data:`MAX_SOURCE_BYTES` (remote ones count as
    nothing)."""
    setting = os.environ.get(PROCESS_ENV, "").strip()
    if setting in ("0", "1"):
        return setting == "1"
    if "great_expectations" in sys.modules:
        return False
    size = 0
    for f in files:
        if isinstance(f, Path):
            with contextlib.suppress(OSError):
                size += f.stat().st_size
    return MIN_SOURCE_BYTES <= size <= MAX_SOURCE_BYTES


@dataclass(frozen=True)
class Request:
    """What the child validates: the tables' IPC files and :func:`validate_tables`' other arguments."""

    tables: dict[str, str]
    industry: str
    suites_dir: Path
    docs_dir: Path | None
    profile: str
    run_time: dt.datetime | None


class ValidationProcess:
    """The child process: :meth:`submit` the release tables once, then :meth:`result` waits for the summaries."""

    def __init__(self) -> None:
        import indset

        package_root = str(Path(indset.__file__).resolve().parents[1])  # the child imports this very code
        env = dict(os.environ, PYTHONPATH=os.pathsep.join(
            p for p in (package_root, os.environ.get("PYTHONPATH", "")) if p))
        # -P: not the working folder's `indset` before PYTHONPATH's; a session of its own: a Ctrl-C on the terminal
        # stops the build, which ends the child and its workers (the process group) itself
        self._proc = subprocess.Popen([sys.executable, "-P", "-m", "indset.validation.process", str(os.getpid())],
                                      stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env,
                                      start_new_session=os.name == "posix")
        self._inputs: Path | None = None
        self._sender: threading.Thread | None = None
        self._send_error: BaseException | None = None

    def submit(self, tables: dict[str, pl.DataFrame], workdir: Path, industry: str, suites_dir: Path,
               docs_dir: Path | None, profile: str = "public", run_time: dt.datetime | None = None) -> None:
        """Start the validation of ``tables`` (which must not change until :meth:`result`): a background thread
        writes them to ``workdir`` (a new folder; a second of memory copying for 10M readings rows, beside the
        caller's Parquet writing) and hands them to the child."""
        workdir.mkdir(parents=True)
        self._inputs = workdir
        request = Request({name: str((workdir / f"{name}.arrow").resolve()) for name in tables}, industry,
                          Path(suites_dir).resolve(), None if docs_dir is None else Path(docs_dir).resolve(), profile,
                          run_time)

        def send() -> None:
            try:
                for name, frame in tables.items():
                    frame.write_ipc(request.tables[name], compression="uncompressed")
                assert self._proc.stdin is not None
                with contextlib.suppress(BrokenPipeError):  # the child is gone: result() says how
                    pickle.dump(request, self._proc.stdin, protocol=pickle.HIGHEST_PROTOCOL)
                    self._proc.stdin.close()
            except BaseException as exc:  # raised by result()
                self._send_error = exc

        self._sender = threading.Thread(target=send, name="indset-validation-inputs", daemon=True)
        self._sender.start()

    def result(self) -> dict[str, TableValidation]:
        """The tables' validation summaries; raises what the validation raised, or an :class:`IndsetError`."""
        if self._sender is not None:
            self._sender.join()
            if self._send_error is not None:
                self.close()
                raise self._send_error
        assert self._proc.stdout is not None
        try:
            outcome = pickle.load(self._proc.stdout)
        except Exception:  # no answer (EOF), or a broken one
            outcome = None
        self._remove_inputs()
        if outcome is None:
            code = self._proc.wait()
            raise IndsetError(f"validation: the validating process exited with code {code} before giving results")
        kind, value = outcome
        if kind == "error":
            raise value
        return value

    def close(self) -> None:
        """End the child (a child still running was not asked or its answer is not wanted: killed) and remove the
        IPC files."""
        if self._proc.poll() is None:
            self._proc.kill()
        self._proc.wait()
        if self._sender is not None:
            self._sender.join()  # its writes end at the child's closed pipe at the latest
        if os.name == "posix":  # its forked validation workers, if any are left (they also die with the child)
            with contextlib.suppress(OSError):
                os.killpg(self._proc.pid, signal.SIGKILL)
        for pipe in (self._proc.stdin, self._proc.stdout):
            if pipe is not None:
                with contextlib.suppress(OSError):
                    pipe.close()
        self._remove_inputs()

    def _remove_inputs(self) -> None:
        if self._inputs is not None:
            shutil.rmtree(self._inputs, ignore_errors=True)
            self._inputs = None

    def __enter__(self) -> ValidationProcess:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _watch(parent: int) -> None:
    """Exit when ``parent`` (the build) is gone: where the kernel does not kill this process with it."""
    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(1)

    threading.Thread(target=watch, name="indset-watch-build", daemon=True).start()


def _answer(out: IO[bytes], outcome: tuple[str, Any]) -> None:
    """Write ``outcome``; an exception that does not pickle and unpickle as itself goes as its type and message."""
    try:
        data = pickle.dumps(outcome, protocol=pickle.HIGHEST_PROTOCOL)
        pickle.loads(data)
    except Exception:
        error = outcome[1]
        data = pickle.dumps(("error", IndsetError(f"validation: {type(error).__name__}: {error}")))
    out.write(data)
    out.flush()


def _read(path: str) -> pl.DataFrame:
    """An IPC file memory-mapped through pyarrow (no copy), else read by polars (types pyarrow lacks: Int128)."""
    import polars as pl
    import pyarrow as pa

    try:
        return pl.from_arrow(pa.ipc.open_file(pa.memory_map(path)).read_all())
    except (pa.ArrowException, ValueError, TypeError):
        return pl.read_ipc(path)


def main(parent: int) -> None:
    """The child: import GE, wait for one :class:`Request`, answer ``("ok", summaries)`` or ``("error", exc)``."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the build decides when this ends
    die_with_parent(parent)
    _watch(parent)
    out = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # anything a library prints goes to stderr, never into the answer
    import indset.validation.custom  # noqa: F401  (great_expectations: the seconds this process is for)

    try:
        request: Request = pickle.load(sys.stdin.buffer)
    except EOFError:
        return  # the build ended before validating
    try:
        from indset.validation import validate_tables

        tables = {name: _read(path) for name, path in request.tables.items()}
        outcome: tuple[str, Any] = ("ok", validate_tables(tables, request.industry, request.suites_dir,
                                                          request.docs_dir, request.profile, request.run_time))
    except Exception as exc:  # handed to the build, which raises it
        outcome = ("error", exc)
    _answer(out, outcome)
    os._exit(0)  # answered: GE's exit handlers and freeing the tables would only make the build wait


if __name__ == "__main__":
    main(int(sys.argv[1]))
