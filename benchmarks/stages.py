"""Where a build's time goes, by stage: runs `indset.build.build` in-process with timers around its steps.

    python benchmarks/stages.py benchmarks/out/data/machine_readings-1000000-s7/sources.yaml [--out DIR]

Cheaper and easier to read than cProfile (whose per-call overhead distorts Python-heavy steps, and
which shows polars work only as `collect`). The timers wrap functions where the build looks them
up (module globals), so nothing in indset/ is changed. Nested steps are indented; a step called
several times shows its total and call count. "peak RSS rise" is how much the process's peak RSS
grew during the step: the steps that set the peak are the ones to make leaner.
"""

from __future__ import annotations

import argparse
import functools
import importlib
import os
import resource
import shutil
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

# (module, attribute) pairs to time; a label may add the first argument's field name
TIMED = [
    ("indset.build", "read_sources"),
    ("indset.build", "read_reshaped"),
    ("indset.build", "prepare_source"),
    ("indset.build", "sha256_file"),
    ("indset.build", "process_chunk"),
    ("indset.normalize", "map_columns"),
    ("indset.normalize", "parse_fields"),
    ("indset.normalize", "parse_column"),
    ("indset.normalize", "typed_frame"),
    ("indset.normalize", "reasons"),
    ("indset.normalize", "measure"),
    ("indset.build", "pseudonymize"),
    ("indset.table_steps", "resolve_versions"),
    ("indset.table_steps", "text_clusters"),
    ("indset.table_steps", "assign_splits"),
    ("indset.table_steps", "take_columns"),
    ("indset.build", "personal_values"),
    ("indset.table_counts", "apply_grades"),
    ("indset.grade", "grade_values"),
    ("indset.grade", "grade_tables"),
    ("indset.grade", "scrub_text"),
    ("indset.grade", "scrub_labelled"),
    ("indset.grade", "with_code_masks"),
    ("indset.build", "write_table"),
    ("indset.build", "lineage_frame"),
    ("indset.table_counts", "output_counts"),
    ("indset.build", "render_card"),
    ("indset.build", "write_quality_html"),
    ("indset.build", "write_manifest"),
]

totals: dict[tuple[str, ...], list[float]] = defaultdict(lambda: [0.0, 0, 0.0])  # seconds, calls, peak-RSS rise
order: list[tuple[str, ...]] = []
stack: list[str] = []


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed(label: str, fn):
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        name = label
        if label == "parse_column" and len(args) > 1:
            name = f"parse_column[{args[1].name}:{args[1].parser}]"
        stack.append(name)
        path = tuple(stack)
        if path not in totals:
            order.append(path)
        started, peak_before = time.perf_counter(), peak_mb()
        try:
            return fn(*args, **kwargs)
        finally:
            totals[path][0] += time.perf_counter() - started
            totals[path][1] += 1
            totals[path][2] += peak_mb() - peak_before
            stack.pop()

    return wrapper


def install() -> None:
    for module, attr in TIMED:
        mod = importlib.import_module(module)
        setattr(mod, attr, timed(attr, getattr(mod, attr)))
    import polars as pl

    from indset.validation.runner import Validation

    Validation.__init__ = timed("validation (start)", Validation.__init__)
    Validation.finish = timed("validation (finish)", Validation.finish)
    pl.DataFrame.to_pandas = timed("polars->pandas", pl.DataFrame.to_pandas)
    pl.DataFrame.write_parquet = timed("write_parquet", pl.DataFrame.write_parquet)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("manifest", type=Path)
    ap.add_argument("--industry", default="textiles")
    ap.add_argument("--out", type=Path, default=None, help="build output (default: a temporary folder, removed)")
    args = ap.parse_args()
    os.environ.setdefault("INDSET_HMAC_KEY", "indset-benchmark-key-not-secret")
    os.chdir(ROOT)

    t0 = time.perf_counter()
    import indset.build

    t_import = time.perf_counter() - t0
    t1 = time.perf_counter()
    import great_expectations  # noqa: F401  (paid by every build when it validates)

    t_ge = time.perf_counter() - t1
    install()
    out = args.out or Path(tempfile.mkdtemp(prefix="indset-stages-"))
    started = time.perf_counter()
    indset.build.build(args.industry, args.manifest, out)
    total = time.perf_counter() - started
    if args.out is None:
        shutil.rmtree(out, ignore_errors=True)

    print(f"{'step':<60} {'seconds':>8}  {'peak RSS rise MB':>16}")
    print(f"{'import indset.build':<60} {t_import:8.2f}")
    print(f"{'import great_expectations':<60} {t_ge:8.2f}")
    print(f"{'build() total':<60} {total:8.2f}")
    for path in order:
        secs, calls, rise = totals[path]
        label = "  " * len(path) + path[-1] + (f" x{calls}" if calls > 1 else "")
        print(f"{label:<60} {secs:8.2f}  {rise:16,.0f}")
    print(f"{'peak RSS':<60} {peak_mb():8,.0f} MB")


if __name__ == "__main__":
    main()
