"""`indset build` on the local engine and on Ray with 1 and 2 workers, in one run: times, speed-up, peak memory.

    python benchmarks/ray_bench.py                       # 10M machine_readings rows (cached data, see run.py)
    python benchmarks/ray_bench.py --rows 1000000 --workers 1,2,3

Each Ray run gets a fresh local cluster of separate processes (`ray start --block`): a head with 0 CPUs
(GCS and scheduling only) plus one worker node per worker, 1 CPU each, so N workers run N tasks at a time.
A 10M-row table is resolved, split and graded by the driver process (at most INDSET_RAY_DRIVER_ROWS kept rows,
20M by default); the runs "in parts" set it to 0, so the table is resolved and graded on the cluster, a task per
record_id range (what a table too big for one process gets). Cluster start-up is not part of the build time.
Every build is the CLI (`python -m indset.cli build textiles ...`) in its own process; a sampler polls the RSS of
the build process and of every process of the cluster (psutil, every 0.25 s) and keeps each one's peak. RSS of Ray
processes includes the object-store pages they map (shared memory), so the private part (RSS - shared) is printed
too. All builds must give the same manifest root hash; results go to benchmarks/out/ray-results-<rows>.json.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import psutil

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import run  # noqa: E402  (benchmarks/run.py: cached data, build environment)

from indset.engines.local_cluster import LocalCluster  # noqa: E402


class Peaks:
    """Peak RSS (and RSS - shared) per process of a set of process trees, sampled in a thread."""

    def __init__(self, roots, interval: float = 0.25) -> None:
        self.roots, self.interval = roots, interval
        self.peak: dict[int, dict] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            for p in self.roots():
                with contextlib.suppress(psutil.Error):
                    mem = p.memory_info()
                    title = role(p)
                    rec = self.peak.setdefault(p.pid, {"pid": p.pid, "rss_mb": 0.0, "private_mb": 0.0,
                                                       "role": title, "tasks": []})
                    if title.startswith("worker ") and title != "worker IDLE":  # Ray titles a worker by its task
                        task = title.removeprefix("worker ")
                        rec["tasks"] += [] if task in rec["tasks"] else [task]
                        rec["role"] = "worker " + "+".join(rec["tasks"])
                    rec["rss_mb"] = max(rec["rss_mb"], mem.rss / 2**20)
                    rec["private_mb"] = max(rec["private_mb"], (mem.rss - mem.shared) / 2**20)
            self._stop.wait(self.interval)

    def __enter__(self) -> Peaks:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def tree(pid: int) -> list[psutil.Process]:
    try:
        root = psutil.Process(pid)
        return [root, *root.children(recursive=True)]
    except psutil.NoSuchProcess:
        return []


def role(p: psutil.Process) -> str:
    """What a process is: a Ray worker (by its task), a Ray daemon, or the build itself."""
    cmd, name = " ".join(p.cmdline()), p.name()
    if cmd.startswith("ray::"):
        return "worker " + cmd.split()[0].removeprefix("ray::")
    if name in ("raylet", "gcs_server"):
        return name
    for part in ("indset.cli", "log_monitor", "monitor.py", "dashboard.py", "agent", "ray start"):
        if part in cmd:
            return part
    return p.name()


def build_once(name: str, manifest: Path, out: Path, cluster: LocalCluster | None, log: Path,
               env: dict[str, str] | None = None) -> dict:
    shutil.rmtree(out, ignore_errors=True)
    cmd = run.build_cmd(manifest, out)
    if cluster:
        cmd += ["--engine", "ray", "--ray-address", cluster.address]
    print(f"timing {name} ...", flush=True)
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("w") as fh:
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=run.ROOT, env={**run.build_env(), **(env or {})}, stdout=fh,
                                stderr=subprocess.STDOUT)
        with Peaks(lambda: tree(proc.pid) + (cluster.processes() if cluster else [])) as peaks:
            rc = proc.wait()
        seconds = time.perf_counter() - started
    manifest_json = out / "release" / "manifest.json"
    root = json.loads(manifest_json.read_text(encoding="utf-8"))["root_hash"] if manifest_json.is_file() else None
    driver = {p.pid for p in tree(proc.pid)} | {proc.pid}
    procs = sorted(peaks.peak.values(), key=lambda r: -r["rss_mb"])
    for r in procs:
        r["role"] = "driver (indset build)" if r["pid"] in driver else r["role"]
        r["rss_mb"], r["private_mb"] = round(r["rss_mb"]), round(r["private_mb"])
    # exit 1 with a written release is the gate of the (empty) products table: expected for a one-table manifest
    return {"run": name, "seconds": round(seconds, 2), "exit_code": rc, "root_hash": root,
            "processes": [r for r in procs if r["rss_mb"] >= 50], "log": str(log.relative_to(run.ROOT))}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", type=int, default=10_000_000, help="machine_readings rows (default 10M)")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--workers", default="1,2", help="Ray worker counts to time (default 1,2)")
    ap.add_argument("--parts-workers", default="2", help="worker counts to time again with the table resolved and "
                    "graded on the cluster in parts (INDSET_RAY_DRIVER_ROWS=0; default 2; '' for none)")
    ap.add_argument("--object-store-mb", type=int, default=4096, help="object store per node (default 4096)")
    ap.add_argument("--keep-output", action="store_true")
    args = ap.parse_args()

    _, manifest = run.dataset("machine_readings", args.rows, args.seed, False)
    load = os.getloadavg()[0]
    outdir, logs = run.OUT / "build" / f"ray-{args.rows}", run.OUT / "logs"
    results = [build_once("local", manifest, outdir / "local", None, logs / f"ray-bench-local-{args.rows}.log")]
    runs = [(int(x), False) for x in args.workers.split(",")] + [(int(x), True) for x in args.parts_workers.split(",")
                                                                    if x]
    for n, parts in runs:
        started = time.perf_counter()
        with LocalCluster(head_cpus=0, object_store_mb=args.object_store_mb) as cluster:
            for _ in range(n):
                cluster.add_worker(cpus=1)
            up = time.perf_counter() - started
            name, tag = (f"ray, {n} w, in parts", f"ray{n}-parts") if parts else (f"ray, {n} worker(s)", f"ray{n}")
            res = build_once(name, manifest, outdir / tag, cluster, logs / f"ray-bench-{tag}-{args.rows}.log",
                             env={"INDSET_RAY_DRIVER_ROWS": "0"} if parts else None)
        res["cluster_start_seconds"] = round(up, 1)
        results.append(res)
    if not args.keep_output:
        shutil.rmtree(outdir, ignore_errors=True)

    local = results[0]
    print(f"\n{'run':<18} {'seconds':>8} {'vs local':>9} {'exit':>5}  root hash")
    for r in results:
        print(f"{r['run']:<18} {r['seconds']:>8.1f} {r['seconds'] / local['seconds']:>8.2f}x {r['exit_code']:>5}  "
              f"{(r['root_hash'] or 'none')[:16]}")
    ray_runs = [r for r in results[1:] if "in parts" not in r["run"]]
    if len(ray_runs) >= 2:
        print(f"speed-up of Ray from {ray_runs[0]['run']} to {ray_runs[-1]['run']}: "
              f"{ray_runs[0]['seconds'] / ray_runs[-1]['seconds']:.2f}x")
    same = len({r["root_hash"] for r in results}) == 1 and local["root_hash"] is not None
    print(f"same root hash on every engine: {same}")
    for r in results:
        print(f"\npeak memory per process, {r['run']} (MB; private = RSS - shared object-store pages):")
        for p in r["processes"]:
            print(f"  {p['role']:<28} pid {p['pid']:>7}  rss {p['rss_mb']:>7,}  private {p['private_mb']:>7,}")
    doc = {"when": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "rows": args.rows, "machine": run.machine_info(),
           "code": run.code_version(), "load_before": round(load, 2), "results": results, "same_root_hash": same}
    path = run.OUT / f"ray-results-{args.rows}.json"
    path.write_text(json.dumps(doc, indent=2) + "\n", encoding="utf-8")
    print(f"\nwrote {path.relative_to(run.ROOT)}")
    sys.exit(0 if same else 1)


if __name__ == "__main__":
    main()
