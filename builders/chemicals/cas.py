"""CAS Registry Numbers: `64-17-5`, `64175`, `CAS 64-17-5`, `CAS No. 64-17-5`, `0064-17-5`, unicode dashes,
in brackets (`[64-17-5]`) or with a footnote star (`64-17-5*`).

Output `NNNNNNN-NN-N` without leading zeros; the check digit is validated with python-stdnum (stdnum.casrn).
"""

from __future__ import annotations

import re

import polars as pl
from stdnum import casrn

from indset.parsers.basic import changed
from indset.registry import ParseContext, Parsed, parser
from indset.standard import FieldSpec
from indset.text import map_unique, normalize_text

DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d_"
_PREFIX = re.compile(r"^(?:cas[\s-]*(?:rn|no\.?|number|号|编号|#)?|化学文摘号)\s*[:：#.]?\s*", re.IGNORECASE)
# catalogue marks around a number: brackets (`[64-17-5]`, `(64-17-5)`, `【64-17-5】`) and footnote stars (`64-17-5*`)
_AROUND = re.compile(r"^[\[(（【]([\d-]+)[\])）】]$|^([\d-]+)\*+$")
_SHAPE = re.compile(r"^\d{2,10}-\d{2}-\d$|^\d{5,12}$")


def cas_standard(text: str) -> str | None:
    """The standard form of one CAS RN, or None when it is not one (shape or check digit)."""
    t = text.strip()
    for d in DASHES:
        t = t.replace(d, "-")
    t = _PREFIX.sub("", t).replace(" ", "")
    t = _AROUND.sub(r"\1\2", t)
    if not _SHAPE.match(t):
        return None
    digits = t.replace("-", "").lstrip("0")
    if len(digits) < 5 or len(digits) > 10:
        return None
    number = f"{digits[:-3]}-{digits[-3:-1]}-{digits[-1]}"
    return number if casrn.is_valid(number) else None


@parser("cas_rn")
def parse_cas_rn(raw: pl.Series, spec: FieldSpec, ctx: ParseContext) -> Parsed:
    text = normalize_text(raw)
    values = map_unique(text, cas_standard).alias(spec.name)
    return Parsed(values, text.is_not_null() & values.is_null(), changed(raw, values))
