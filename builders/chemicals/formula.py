"""Molecular formulas to Hill notation, and molecular weights, with the `chemicals` package.

`C2H5OH` -> `C2H6O`, `CH3COOH` -> `C2H4O2`, `Ca(OH)2` -> `CaH2O2`, hydrates counted whole
(`CuSO4·5H2O`, `CuSO4.5H2O`, `CuSO4*5H2O`, `CuSO4・5H2O`, `CuSO4 5H2O` -> `CuH10O9S`), unicode subscripts (`H₂O`), bond
signs of condensed structures (`CH2=CHCOOH`).
Atomic weights come from chemicals.elements (IUPAC standard atomic weights), never from this code.
"""

from __future__ import annotations

import re
from functools import cache

import polars as pl
from chemicals.elements import atoms_to_Hill, molecular_weight, nested_formula_parser, periodic_table

from indset.parsers.basic import changed
from indset.registry import ParseContext, Parsed, check, derive, parser
from indset.standard import FieldSpec, TableSpec
from indset.text import map_unique, normalize_text

_HYDRATE_SEP = re.compile(r"\s*[·•⋅∙*×・]\s*")
_SPACED_HYDRATE = re.compile(r"(?<=[A-Za-z0-9)\]])\s+(?=\d+(?:\.\d+)?\s*[A-Z(\[])")  # `CuSO4 5H2O`
_DOT = re.compile(r"\.(?=\d*[A-Z(\[])")          # `CuSO4.5H2O`; a decimal multiplier `0.5H2O` is rejoined
_PART = re.compile(r"^(\d+(?:\.\d+)?)?\s*([A-Z(\[][A-Za-z0-9()\[\]]*)$")
_SUBSCRIPTS = str.maketrans("₀₁₂₃₄₅₆₇₈₉", "0123456789")
_BONDS = re.compile(r"(?<=[A-Za-z0-9)\]])[=≡-](?=[A-Z(\[])")   # condensed structures: `CH2=CHCOOH`
MW_TOLERANCE = 0.01


def _parts(text: str) -> list[str]:
    out: list[str] = []
    for token in _HYDRATE_SEP.split(text):
        pieces = _DOT.split(token)
        i = 0
        while i < len(pieces):
            piece = pieces[i]
            while piece.isdigit() and i + 1 < len(pieces):   # `0` + `.5H2O`: a decimal multiplier
                i += 1
                piece = f"{piece}.{pieces[i]}"
            out.append(piece)
            i += 1
    return out


@cache
def parse_formula(text: str) -> tuple[tuple[str, int], ...] | None:
    """Atom counts of one formula (hydrates and adducts summed), or None when it is not a formula."""
    t = _BONDS.sub("", _SPACED_HYDRATE.sub("·", text.translate(_SUBSCRIPTS).strip()).replace(" ", ""))
    if not t or len(t) > 200:
        return None
    total: dict[str, float] = {}
    parts = _parts(t)
    for part in parts:
        m = _PART.match(part)
        if not m or (len(parts) == 1 and m[1]):  # a number before a lone formula: an isotope (13CH4); before a
            return None                          # part of an adduct it counts (2Na2CO3·3H2O2)
        mult = float(m[1]) if m[1] else 1.0
        body = m[2].replace("[", "(").replace("]", ")")
        if body.count("(") != body.count(")"):
            return None
        try:
            atoms = nested_formula_parser(body)
        except (ValueError, KeyError, IndexError, TypeError):
            return None
        if not atoms or any(el not in periodic_table for el in atoms):
            return None
        for el, n in atoms.items():
            total[el] = total.get(el, 0) + n * mult
    if any(n <= 0 or abs(n - round(n)) > 1e-9 for n in total.values()):
        return None
    return tuple(sorted((el, round(n)) for el, n in total.items()))


def hill(text: str) -> str | None:
    """Hill notation (C, H, then alphabetical; without carbon all alphabetical), or None."""
    atoms = parse_formula(text)
    return atoms_to_Hill(dict(atoms)) if atoms else None


@cache
def formula_weight(hill_formula: str) -> float | None:
    """Molecular weight in g/mol of a (Hill) formula, from chemicals' atomic weights."""
    atoms = parse_formula(hill_formula)
    return round(float(molecular_weight(dict(atoms))), 4) if atoms else None


# no single formula: a mixture (混合物), or a polymer's repeat unit (`(C2H4O)n`, `[CH2CH2]n`)
_MIXTURE = r"(?i)^(?:混合物|混合|复配物|复配|组合物|mixture|mix|blend|preparation)$"
_POLYMER = r"^[(\[].+[)\]]\s*[nₙmx](?:\s*[·.]?\s*\d*\s*H2O)?$"
NO_SINGLE_FORMULA = "no_single_formula"


@parser("formula")
def parse_formula_column(raw: pl.Series, spec: FieldSpec, ctx: ParseContext) -> Parsed:
    """Hill notation of a formula; a mixture or a polymer has no single formula: no value (not invalid),
    counted in the report's field notes as ``no_single_formula``."""
    text = normalize_text(raw)
    none = (text.str.contains(_MIXTURE) | text.str.contains(_POLYMER)).fill_null(False)
    values = map_unique(text.set(none, None) if none.any() else text, hill).alias(spec.name)
    return Parsed(values, text.is_not_null() & values.is_null() & ~none, changed(raw, values),
                  notes={NO_SINGLE_FORMULA: none.cast(pl.Int64)} if none.any() else None)


def computed_weights(formulas: pl.Series) -> pl.Series:
    return map_unique(formulas, formula_weight, pl.Float64)


@derive("fill_molecular_weight")
def fill_molecular_weight(frame: pl.DataFrame, table: TableSpec) -> pl.DataFrame | tuple[pl.DataFrame, dict]:
    """A missing molecular weight is computed from the formula; the count of fills is reported
    (quality.json field_notes, and the dataset card)."""
    if frame.height == 0:
        return frame
    computed = computed_weights(frame["formula"])
    filled = int((frame["molecular_weight"].is_null() & computed.is_not_null()).sum())
    return (frame.with_columns(pl.col("molecular_weight").fill_null(computed)),
            {"molecular_weight": {"derived_from_formula": filled}})


@check("molecular_weight_mismatch")
def molecular_weight_mismatch(frame: pl.DataFrame, table: TableSpec) -> pl.Series:
    """The stated molecular weight must lie within 1% of the weight computed from the formula."""
    if frame.height == 0:
        return pl.Series([], dtype=pl.Boolean)
    computed = computed_weights(frame["formula"])
    return ((frame["molecular_weight"] - computed).abs() > computed * MW_TOLERANCE).fill_null(False)
