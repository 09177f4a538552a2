"""Reshape ``machines_wide_to_long``: a shift report with one group of columns per machine becomes one reading per
machine and row.

MES shift sheets lay machines side by side: `时间, 1#车速, 1#效率, 2#车速, 2#效率` (also `A01车速`, `1号机 车速`).
A header that is a machine label followed by a header naming a field of the table is that machine's field; each
source row then gives one reading per machine, whose ``machine_id`` is the label (`1#`) and whose
``_source_column`` (lineage) is the label too. An export with a machine column, or with fewer than two machines'
groups, passes unchanged.
"""

from __future__ import annotations

import re

import polars as pl

from indset.headers import map_headers
from indset.manifest import Source
from indset.normalize import SOURCE_COLUMN
from indset.registry import reshape
from indset.standard import IndustryStandard

# `1#车速`, `1# 车速`, `01号机车速`, `1号车速`, `A01#车速`, `A01 车速`, `A-01_车速`
_MACHINE = re.compile(r"^\s*(?P<machine>[A-Za-z]{0,3}[-_]?\d{1,4}\s*(?:#|号机|号)|[A-Za-z]{1,3}[-_]?\d{1,4}(?=[\s_]))"
                      r"[\s_]*(?P<field>\S.*)$")


@reshape("machines_wide_to_long")
def machines_wide_to_long(raw: pl.DataFrame, std: IndustryStandard, src: Source) -> pl.DataFrame:
    """One reading per (row, machine) from machine-prefixed column groups; other exports unchanged."""
    data = [c for c in raw.columns if not c.startswith("_")]
    hmap = map_headers(data, std, src.table, src.columns)
    if "machine_id" in hmap.renames.values():
        return raw
    groups: dict[str, dict[str, str]] = {}   # machine -> {column: its header without the machine}
    for c in hmap.unmapped:
        if (m := _MACHINE.match(c)) is not None:
            groups.setdefault(re.sub(r"\s+", "", m["machine"]), {})[c] = m["field"].strip()
    groups = {machine: cols for machine, cols in groups.items()
              if map_headers(list(cols.values()), std, src.table).renames}   # the rest names fields of the table
    grouped = {c for cols in groups.values() for c in cols}
    ids = [c for c in raw.columns if c not in grouped]
    if len(groups) < 2 or {h for cols in groups.values() for h in cols.values()} & set(ids):
        return raw  # one machine's columns, or a header both plain and prefixed: not a side-by-side report
    parts = []
    for machine, cols in groups.items():
        parts.append(raw.select(*ids, *[pl.col(c).alias(h) for c, h in cols.items()])
                     .with_columns(pl.lit(machine, pl.String).alias("machine_id"),
                                   pl.lit(machine, pl.String).alias(SOURCE_COLUMN)))
    order = {machine: i for i, machine in enumerate(groups)}
    long = pl.concat(parts, how="diagonal")
    long = long.sort(pl.col("_source_row"), pl.col(SOURCE_COLUMN).replace_strict(order, return_dtype=pl.Int32))
    lead = ["machine_id", *[c for c in long.columns if not c.startswith("_") and c != "machine_id"]]
    return long.select(*lead, *[c for c in long.columns if c.startswith("_") and c != SOURCE_COLUMN], SOURCE_COLUMN)
