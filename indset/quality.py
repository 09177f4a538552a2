"""Quality scores on the six GB/T 36344-2018 dimensions (STANDARD.md section 7), 0-100.

Input scores come from counters gathered while normalizing (after header mapping, before
cleaning); output scores are measured on the rows that ship. Each dimension's formula:
- completeness: required fields present / (rows x required fields)
- accuracy: checked values passing their content rules / checked values, x (1 - duplicate rate)
- consistency: rows passing the cross-field rules / rows
- conformity: values already in the standard form and unit / values present
- timeliness: rows whose updated_at (or ts) lies within 365 days of the reference date / rows
- accessibility: input: readable sources / listed sources; output: release checks passing / checks
- overall: mean of the six
"""

from __future__ import annotations

import datetime as dt
import itertools

import polars as pl

DIMENSIONS = ("completeness", "accuracy", "consistency", "conformity", "timeliness", "accessibility")


def ratio(num: float, den: float) -> float:
    return round(100.0 * num / den, 2) if den else 100.0


def scores(completeness: float, accuracy: float, consistency: float, conformity: float, timeliness: float,
           accessibility: float) -> dict[str, float]:
    vals = dict(zip(DIMENSIONS, (completeness, accuracy, consistency, conformity, timeliness, accessibility),
                    strict=True))
    return {**vals, "overall": round(sum(vals.values()) / len(vals), 2)}


def fresh_mask(ts: pl.Series, reference: dt.date) -> pl.Series:
    """Rows whose timestamp lies within 365 days before (or on) the reference date."""
    end = dt.datetime.combine(reference, dt.time.max, tzinfo=dt.UTC)
    start = end - dt.timedelta(days=365)
    return pl.select(pl.lit(ts).is_between(pl.lit(start), pl.lit(end))).to_series().fill_null(False)


AGE_BUCKETS = ((30, "<=30 d"), (90, "31-90 d"), (180, "91-180 d"), (365, "181-365 d"), (730, "1-2 y"))


def field_profile(frame: pl.DataFrame, spec, reference: dt.date, top: int = 10) -> dict:
    """Per-field null rates, value distributions of coded fields, and record ages (for stewards)."""
    n = frame.height
    fields = [f for f in spec.fields if f.name in frame.columns]
    nulls = {f.name: round(frame[f.name].null_count() / n, 4) if n else 0.0 for f in fields}
    coded = [f.name for f in fields if f.parser in ("enum", "hs_code")] if n else []
    # one query per coded field, run together (each a pass over a long column)
    tallies = pl.collect_all([frame.lazy().select(pl.col(c).drop_nulls().value_counts()).unnest(c) for c in coded])
    values = {}
    for c, counts in zip(coded, tallies, strict=True):  # ties broken by value, not by row order
        counts = counts.sort(["count", pl.col(c).cast(pl.String)], descending=[True, False]).head(top)
        values[c] = {str(k): int(v) for k, v in counts.rows()}
    ages: dict[str, int] = {}
    if spec.timeliness_field and spec.timeliness_field in frame.columns and n:
        end = dt.datetime.combine(reference, dt.time.max, tzinfo=dt.UTC)
        days = (pl.lit(end) - pl.col(spec.timeliness_field)).dt.total_days()
        bounds = [b for b, _ in AGE_BUCKETS]
        buckets = [(days <= bounds[0]).sum(),
                   *[((days > lo) & (days <= hi)).sum() for lo, hi in itertools.pairwise(bounds)],
                   (days > bounds[-1]).sum(), days.is_null().sum()]
        labels = [*(b[1] for b in AGE_BUCKETS), ">2 y", "unknown"]
        row = frame.select(b.alias(label) for b, label in zip(buckets, labels, strict=True)).row(0)
        ages = dict(zip(labels, (int(v) for v in row), strict=True))
    return {"null_rates": nulls, "value_counts": values, "age_days": ages}
