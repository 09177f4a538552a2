"""Fabric widths to cm; a pair like `57/58"` or a range `145-150cm` is usable/overall width: keep the
smaller. A tolerance (`150±2cm`) and the width restated in brackets (`150cm(59")`) are left out."""

from __future__ import annotations

import polars as pl

from indset.parsers.quantity import NUMBER, split_number, to_unit
from indset.registry import ParseContext, Parsed, parser
from indset.standard import FieldSpec
from indset.text import normalize_text

# the field's own name written before the value (`有效门幅148cm`, `门幅:150`, `Cuttable width 57"`)
_WIDTH_WORD = (r"^(?:有效门幅|有效幅宽|门幅|幅宽|全幅|边到边|(?i:cuttable\s+width|usable\s+width|full\s+width|width))"
               r"\s*[:：]?\s*")


@parser("width")
def parse_width(raw: pl.Series, spec: FieldSpec, ctx: ParseContext) -> Parsed:
    raw = (normalize_text(raw).str.replace(r"\s*[(（][^)）]*[)）]$", "").str.replace(r"\s*±\s*[\d.]+", "")
           .str.replace(_WIDTH_WORD, "").str.replace(r"(\d)\s*''", '${1}"'))  # `有效门幅148cm`, `59''`
    text, num, unit = split_number(raw)
    # `57/58"`, `57"/58"`, `145-150cm`: a unit after the first number too, if it is the second's
    pair = text.str.extract_groups(rf"^({NUMBER})\s*([^\d\s/\-~～]*)\s*[/\-~～]\s*({NUMBER})\s*(.*)$")
    a = pair.struct.field("1").cast(pl.Float64, strict=False)
    b = pair.struct.field("3").cast(pl.Float64, strict=False)
    first_unit, pair_unit = pair.struct.field("2"), pair.struct.field("4")
    is_pair = a.is_not_null() & b.is_not_null() & ((first_unit == "") | (first_unit == pair_unit)).fill_null(False)
    smaller = pl.select(pl.min_horizontal(a, b)).to_series()
    num = num.zip_with(~is_pair, smaller)
    unit = unit.zip_with(~is_pair, pair_unit.set(pair_unit == "", None) if len(pair_unit) else pair_unit)
    values, bad_unit = to_unit(num, unit, ctx.header_unit, spec.unit, ctx)
    invalid = text.is_not_null() & (num.is_null() | bad_unit)
    plain = text.str.contains(r"^\d+(\.\d+)?$").fill_null(False) & (ctx.header_unit in (None, "cm"))
    return Parsed(values.alias(spec.name), invalid, text.is_not_null() & ~plain)
