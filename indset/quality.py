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
