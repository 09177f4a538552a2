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
