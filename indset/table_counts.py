"""What a table's report counts on its shipped rows, as sums (the measure; the scores and the profile are made
from them): counted per record_id range on Ray and added up, they equal one pass over the table (equal record_ids
share a range, so even the duplicate count adds up)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import polars as pl

from indset.grade import Graded, GradeTables, apply_grades
from indset.quality import ProfileCounts, fresh_mask
from indset.registry import CHECKS
from indset.resolve import RECORD_ID
from indset.standard import TableSpec


def output_counts(frame: pl.DataFrame, spec: TableSpec, reference: dt.date) -> dict[str, int]:
    """What the output scores count on the shipped rows (before grading, so every canonical field is visible)."""
    n = frame.height
    consistent = pl.repeat(True, n, dtype=pl.Boolean, eager=True)
    for name in spec.checks:
        consistent = consistent & ~CHECKS[name](frame, spec)
    return {
        "rows": n, "required_cells": n * len(spec.required),
        "required_present": sum(int(frame[c].is_not_null().sum()) for c in spec.required),
        "consistent": int(consistent.sum()),
        "duplicates": n - frame[RECORD_ID].n_unique() if n else 0,  # record_id: the entity key's hash (no collisions)
        "fresh": int(fresh_mask(frame[spec.timeliness_field], reference).sum()) if spec.timeliness_field else n,
    }


@dataclass(frozen=True)
class TableCounts:
    """The output counts of a table's kept rows (:func:`output_counts`) and the profile counts of its graded rows."""

    output: dict[str, int]
    profile: ProfileCounts

    @classmethod
    def merged(cls, parts: list[TableCounts]) -> TableCounts:
        """The counts of a table cut by record_id range from those of its ranges."""
        return cls({k: sum(p.output[k] for p in parts) for k in parts[0].output},
                   ProfileCounts.merged([p.profile for p in parts]))


def graded_and_counted(kept: pl.DataFrame, spec: TableSpec, profile: str, key: bytes | None, names: list[str],
                       enterprise_ids: list[str], reference: dt.date, tables: GradeTables | None = None
                       ) -> tuple[Graded, TableCounts]:
    """``kept`` graded (:func:`indset.grade.apply_grades`), with its counts: the build's step for a whole table, the
    Ray engine's for each record_id range (with the table's ``tables``)."""
    graded = apply_grades(kept, spec, profile, key, names, enterprise_ids, tables=tables)
    return graded, TableCounts(output_counts(kept, spec, reference), ProfileCounts.of(graded.frame, spec, reference))
