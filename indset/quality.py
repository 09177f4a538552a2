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
from dataclasses import dataclass

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
AGE_LABELS = (*(label for _, label in AGE_BUCKETS), ">2 y", "unknown")


@dataclass(frozen=True)
class ProfileCounts:
    """The counts behind :func:`field_profile`, as sums: the counts of parts of a table (record_id ranges on Ray)
    add up to the whole table's (:meth:`merged`), and :meth:`report` gives the same profile as one pass."""

    rows: int
    nulls: dict[str, int]                # field -> null cells
    values: dict[str, pl.DataFrame]      # coded field -> every value (as text) and its count
    ages: dict[str, int]                 # age bucket -> rows (empty without a timeliness field or rows)

    @classmethod
    def of(cls, frame: pl.DataFrame, spec, reference: dt.date) -> ProfileCounts:
        n = frame.height
        fields = [f for f in spec.fields if f.name in frame.columns]
        nulls = {f.name: frame[f.name].null_count() for f in fields}
        coded = [f.name for f in fields if f.parser in ("enum", "hs_code")]
        # one query per coded field, run together (each a pass over a long column)
        tallies = pl.collect_all([frame.lazy().select(pl.col(c).drop_nulls().cast(pl.String).value_counts())
                                  .unnest(c) for c in coded])
        ages: dict[str, int] = {}
        if spec.timeliness_field and spec.timeliness_field in frame.columns and n:
            end = dt.datetime.combine(reference, dt.time.max, tzinfo=dt.UTC)
            days = (pl.lit(end) - pl.col(spec.timeliness_field)).dt.total_days()
            bounds = [b for b, _ in AGE_BUCKETS]
            buckets = [(days <= bounds[0]).sum(),
                       *[((days > lo) & (days <= hi)).sum() for lo, hi in itertools.pairwise(bounds)],
                       (days > bounds[-1]).sum(), days.is_null().sum()]
            row = frame.select(b.alias(label) for b, label in zip(buckets, AGE_LABELS, strict=True)).row(0)
            ages = dict(zip(AGE_LABELS, (int(v) for v in row), strict=True))
        return cls(n, nulls, dict(zip(coded, tallies, strict=True)), ages)

    @classmethod
    def merged(cls, parts: list[ProfileCounts]) -> ProfileCounts:
        """The counts of a table from those of its parts (each with the table's columns)."""
        first = parts[0]
        values = {c: pl.concat([p.values[c] for p in parts]).group_by(c).agg(pl.col("count").cast(pl.Int64).sum())
                  for c in first.values}
        ages = {label: sum(p.ages.get(label, 0) for p in parts) for label in AGE_LABELS}
        return cls(sum(p.rows for p in parts), {f: sum(p.nulls[f] for p in parts) for f in first.nulls}, values,
                   ages if any(p.ages for p in parts) else {})

    def report(self, top: int = 10) -> dict:
        """Null rates, the ``top`` values of each coded field (ties broken by value, not by row order), ages."""
        n = self.rows
        nulls = {f: round(v / n, 4) if n else 0.0 for f, v in self.nulls.items()}
        values = {}
        for c, counts in self.values.items() if n else ():
            counts = counts.sort(["count", c], descending=[True, False]).head(top)
            values[c] = {k: int(v) for k, v in counts.rows()}
        return {"null_rates": nulls, "value_counts": values, "age_days": self.ages}


def field_profile(frame: pl.DataFrame, spec, reference: dt.date, top: int = 10) -> dict:
    """Per-field null rates, value distributions of coded fields, and record ages (for stewards)."""
    return ProfileCounts.of(frame, spec, reference).report(top)
