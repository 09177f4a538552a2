"""A Ray cluster of separate processes on this machine (a head and worker nodes), for tests and benchmarks.

Each node is started with ``ray start --block`` as a child process, so it is stopped by its own pid
(SIGTERM to ``ray start``, which ends the node's daemons; any survivor is then killed by pid), never
with ``ray stop``, which would end every Ray process on the machine.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def ray_bin() -> str:
    beside = Path(sys.executable).with_name("ray")
    return str(beside) if beside.exists() else (shutil.which("ray") or "ray")


class LocalCluster:
    """``with LocalCluster(head_cpus=0) as c: c.add_worker(); build(..., ray_address=c.address)``."""

    def __init__(self, head_cpus: int = 1, object_store_mb: int = 1024, log_dir: Path | None = None) -> None:
        self.temp_dir = Path(tempfile.mkdtemp(prefix="ir"))  # short: Ray's socket paths must stay < 108 chars
        self.log_dir = log_dir or self.temp_dir
        self.object_store = object_store_mb * 2**20
        self.port = free_port()
        self.address = f"127.0.0.1:{self.port}"
        self.nodes: list[subprocess.Popen[bytes]] = []
        self._procs: dict[int, psutil.Process] = {}
        try:
            self._start(["--head", f"--port={self.port}", f"--num-cpus={head_cpus}", "--include-dashboard=false",
                         f"--temp-dir={self.temp_dir}"])
        except BaseException:
            self.stop()
            raise

    def _start(self, args: list[str]) -> subprocess.Popen[bytes]:
        env = {**os.environ, "RAY_USAGE_STATS_ENABLED": "0"}
        env.pop("RAY_ADDRESS", None)
        # Ray turns token authentication on for a node started while ~/.ray/auth_token exists (any private
        # ray.init() writes one), and a client that joins by address then sends no token: unset, the cluster
        # works only until the first private Ray of the machine. An explicit RAY_AUTH_MODE is kept.
        env.setdefault("RAY_AUTH_MODE", "disabled")
        log = (self.log_dir / f"ray-node-{len(self.nodes)}.log").open("wb")
        cmd = [ray_bin(), "start", "--block", "--disable-usage-stats", f"--object-store-memory={self.object_store}",
               f"--dashboard-agent-listen-port={free_port()}", "--node-ip-address=127.0.0.1", *args]
        proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, env=env, start_new_session=True)
        self.nodes.append(proc)
        self._wait_nodes(len(self.nodes))
        return proc

    def add_worker(self, cpus: int = 1) -> subprocess.Popen[bytes]:
        """Start one more worker node joining the head (separate raylet and worker processes)."""
        try:
            return self._start([f"--address={self.address}", f"--num-cpus={cpus}"])
        except BaseException:
            self.stop()
            raise

    def _wait_nodes(self, n: int, timeout: float = 90.0) -> None:
        """Wait until N nodes are alive (asked in a short-lived subprocess, so this process stays unconnected)."""
        probe = ("import ray,sys; ray.init(address=sys.argv[1], logging_level='ERROR', log_to_driver=False); "
                 "print(sum(1 for x in ray.nodes() if x['Alive']))")
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if any(p.poll() is not None for p in self.nodes):
                raise RuntimeError(f"a ray node exited; see {self.log_dir}/ray-node-*.log")
            with contextlib.suppress(subprocess.TimeoutExpired):
                out = subprocess.run([sys.executable, "-c", probe, self.address], capture_output=True, text=True,
                                     timeout=20, env={**os.environ, "RAY_USAGE_STATS_ENABLED": "0"})
                if out.returncode == 0 and out.stdout.strip().splitlines()[-1:] == [str(n)]:
                    return
            time.sleep(0.5)
        raise RuntimeError(f"ray cluster at {self.address} did not reach {n} node(s) in {timeout:.0f} s")

    def processes(self, node: int | None = None) -> list[psutil.Process]:
        """Live processes of the cluster (or of one node): ray start, its daemons, raylets and workers."""
        out = []
        for i, p in enumerate(self.nodes):
            if node is not None and i != node:
                continue
            with contextlib.suppress(psutil.NoSuchProcess):
                root = psutil.Process(p.pid)
                for q in [root, *root.children(recursive=True)]:
                    self._procs.setdefault(q.pid, q)
                    out.append(q)
        return out

    def stop(self) -> None:
        """SIGTERM each node's ``ray start``, then SIGKILL whatever it started that is still alive."""
        self.processes()  # remember every descendant before their parents go
        for p in reversed(self.nodes):
            if p.poll() is None:
                p.send_signal(signal.SIGTERM)
        for p in self.nodes:
            try:
                p.wait(timeout=20)
            except subprocess.TimeoutExpired:
                p.kill()
        for q in self._procs.values():
            with contextlib.suppress(psutil.NoSuchProcess):
                if q.is_running():
                    q.kill()
        shutil.rmtree(self.temp_dir, ignore_errors=True)

    def __enter__(self) -> LocalCluster:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()
