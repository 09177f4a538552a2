"""Textiles cross-field rules (STANDARD.md section 4): each check's name is its quarantine reason."""

from __future__ import annotations

import polars as pl

from indset.registry import check
from indset.standard import TableSpec


@check("missing_yarn_count_tex")
def yarn_needs_count(frame: pl.DataFrame, table: TableSpec) -> pl.Series:
    """Yarns must state their count."""
    return ((frame["category"] == "yarn") & frame["yarn_count_tex"].is_null()).fill_null(False)


@check("missing_fabric_weight_gsm")
def fabric_needs_weight(frame: pl.DataFrame, table: TableSpec) -> pl.Series:
    """Greige and finished fabrics must state their weight."""
    fabric = frame["category"].is_in(["greige_fabric", "finished_fabric"])
    return (fabric & frame["fabric_weight_gsm"].is_null()).fill_null(False)


@check("no_reading")
def reading_without_values(frame: pl.DataFrame, table: TableSpec) -> pl.Series:
    """A machine reading with neither a status nor a measurement: nothing was read (a machine's blank column
    group in a shift report with machines side by side, a row of a long export with empty cells)."""
    measured = [f.name for f in table.fields if f.name == "status" or f.type in ("float", "int")]
    present = [c for c in measured if c in frame.columns]
    if not present:
        return pl.Series([False] * frame.height, dtype=pl.Boolean)
    return frame.select(pl.all_horizontal(pl.col(c).is_null() for c in present)).to_series()
