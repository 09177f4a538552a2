"""What personal-information scrubbing adds to a products build (issue 7 target: at most 25%).

    python benchmarks/scrub.py [--products 1000000]

Builds the synthetic products export twice in this process, the second time with the scrubber
replaced by a pass-through, and prints both build times, the scrubber's own time (timed inside the
first build) and the overhead. Findings per kind are printed too (counts only, never values).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--products", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    os.environ.setdefault("INDSET_HMAC_KEY", "benchmark-key")
    from generate import write_table

    data = ROOT / "benchmarks" / "out" / "data" / f"products-{args.products}-s{args.seed}"
    if not (data / "sources.yaml").is_file():
        data.mkdir(parents=True, exist_ok=True)
        entry = write_table("products", args.products, data, args.seed)
        from generate import manifest_text

        (data / "sources.yaml").write_text(manifest_text([entry]), encoding="utf-8")
    import great_expectations  # noqa: F401  (import cost is not the scrubber's)

    import indset.grade as grade
    from indset.build import build

    real = grade.scrub_text
    spent = {"s": 0.0, "findings": {}}

    def timed(values, names):
        t = time.perf_counter()
        out, counts = real(values, names)
        spent["s"] += time.perf_counter() - t
        for k, v in counts.items():
            spent["findings"][k] = spent["findings"].get(k, 0) + v
        return out, counts

    out = Path(tempfile.mkdtemp(prefix="indset-scrub-"))
    try:
        grade.scrub_text = timed
        t = time.perf_counter()
        build("textiles", data / "sources.yaml", out / "on", keep_going=True)
        with_scrub = time.perf_counter() - t
        grade.scrub_text = lambda values, names: (values, {})
        t = time.perf_counter()
        build("textiles", data / "sources.yaml", out / "off", keep_going=True)
        without = time.perf_counter() - t
    finally:
        grade.scrub_text = real
        shutil.rmtree(out, ignore_errors=True)
    print(f"products rows            {args.products:>12,}")
    print(f"build, scrubbing on      {with_scrub:>12.2f} s")
    print(f"build, scrubbing off     {without:>12.2f} s")
    print(f"scrubber time (inside)   {spent['s']:>12.2f} s")
    print(f"overhead                 {100 * spent['s'] / without:>11.1f} %  (target <= 25 %)")
    print(f"findings                 {spent['findings']}")


if __name__ == "__main__":
    main()
