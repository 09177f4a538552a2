"""Apparel cross-field and cross-table rules (STANDARD.md section 4): each name is its quarantine reason."""

from __future__ import annotations

import polars as pl

from builders.apparel.sizes import ADULT_SIZES, INFANT_SIZES
from indset.registry import check, cross_check
from indset.standard import TableSpec


@check("infant_wear_not_class_a")
def infant_wear_not_class_a(frame: pl.DataFrame, table: TableSpec) -> pl.Series:
    """Infant wear must meet GB 18401 category A."""
    return ((frame["category"] == "infant_wear") & (frame["safety_category"] != "A")).fill_null(False)


INFANT_HEIGHT_MAX = 100  # GB 18401-2010 3.2 note: products for children of 100 cm and under are infant textiles


@check("infant_sizes_not_class_a")
def infant_sizes_not_class_a(frame: pl.DataFrame, table: TableSpec) -> pl.Series:
    """A product offered only in sizes of 100 cm and under (`66/44 73/48 80/48`, `59cm,66cm`) or of 36 months and
    under (`3-6个月,6-12个月`) is infant wear whatever its category says, so it must meet category A too. The sizes
    parser's helper column says so of the cell as written (age and height sizes are no GB/T 1335 designations, so
    not in the list); without it (a typed frame), the designations' heights do."""
    heights = frame["sizes"].list.eval(pl.element().str.extract(r"^(\d+)/", 1).cast(pl.Int32))
    infant = (heights.list.len() > 0) & (heights.list.max() <= INFANT_HEIGHT_MAX)
    if INFANT_SIZES in frame.columns:
        infant = pl.select(pl.coalesce(frame[INFANT_SIZES], infant)).to_series()
    return (infant & (frame["safety_category"] != "A")).fill_null(False)


@check("adult_size_for_infant_wear")
def adult_size_for_infant_wear(frame: pl.DataFrame, table: TableSpec) -> pl.Series:
    """Infant wear is for children of 100 cm and 36 months and under (GB 18401-2010 3.2): one offered in an adult's
    size (`170/92A`, `L`, `XL`: the sizes parser's helper column) contradicts its category. Children's sizes beside
    infant ones (`66/44` to `110/56`: a 婴童 line) do not. Without the helper (a typed frame), a designation with a
    body type says so."""
    if ADULT_SIZES in frame.columns:
        adult = frame[ADULT_SIZES]
    else:
        adult = frame["sizes"].list.eval(pl.element().str.contains("[YABC]$")).list.any()
    return ((frame["category"] == "infant_wear") & adult).fill_null(False)


def _defect_total(frame: pl.DataFrame) -> pl.Series:
    return pl.select(pl.sum_horizontal(
        frame["defects_critical"].fill_null(0), frame["defects_major"].fill_null(0),
        frame["defects_minor"].fill_null(0))).to_series()


@check("defects_exceed_sample_size")
def defects_exceed_sample_size(frame: pl.DataFrame, table: TableSpec) -> pl.Series:
    """Critical + major + minor defects cannot exceed the sample size (missing counts count as 0)."""
    return (_defect_total(frame) > frame["sample_size"]).fill_null(False)


@check("result_contradicts_defects")
def result_contradicts_defects(frame: pl.DataFrame, table: TableSpec) -> pl.Series:
    """Any critical defect means fail: a pass with critical defects contradicts itself."""
    return ((frame["defects_critical"] > 0) & (frame["result"] == "pass")).fill_null(False)


def sku_match_key(sku: pl.Series) -> pl.Series:
    """Matching form of a sku across tables: upper case, separators (`-`, `_`, `.`, `/`, spaces) removed.

    Both columns are already normalized by the ``code`` parser; removing separators also matches a
    style inspected as `NB-S1001` against the product listed as `NBS1001` (a re-listing, section 8).
    """
    return sku.cast(pl.String).str.to_uppercase().str.replace_all(r"[\s\-_./]", "")


@cross_check("unknown_sku")
def unknown_sku(frame: pl.DataFrame, spec: TableSpec, before_resolve: dict) -> pl.Series:
    """The inspected sku must be a kept or merged product row of the same enterprise in this build."""
    products = before_resolve.get("products")
    if frame.height == 0:
        return pl.Series("unknown_sku", [], dtype=pl.Boolean)
    if products is None or products.height == 0:
        return pl.repeat(True, frame.height, dtype=pl.Boolean, eager=True).alias("unknown_sku")
    known = (products.select(pl.col("enterprise_id"), sku_match_key(products["sku"]).alias("_k"))
             .unique().with_columns(pl.lit(True).alias("_known")))
    probe = frame.select(pl.col("enterprise_id"), sku_match_key(frame["sku"]).alias("_k"))
    joined = probe.join(known, on=["enterprise_id", "_k"], how="left", maintain_order="left")
    return joined["_known"].is_null().alias("unknown_sku")
