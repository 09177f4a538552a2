"""Molecular formulas to Hill notation, and molecular weights, with the `chemicals` package.

`C2H5OH` -> `C2H6O`, `CH3COOH` -> `C2H4O2`, `Ca(OH)2` -> `CaH2O2`, hydrates counted whole
(`CuSO4·5H2O`, `CuSO4.5H2O`, `CuSO4*5H2O`, `CuSO4・5H2O`, `CuSO4 5H2O` -> `CuH10O9S`; a number after a space that
starts no hydrate is never part of the formula: `H2SO4 98` is a formula and its weight, invalid here, never
`H2O498S`), unicode subscripts (`H₂O`), bond
signs of condensed structures (`CH2=CHCOOH`). A fractional hydrate (`CaSO4·0.5H2O`, `CaSO4·1/2H2O`) is its smallest
whole multiple, as PubChem writes it (`Ca2H2O9S2`); decimal subscripts (`Li1.05Mn2O4`, `LiNi0.8Co0.1Mn0.1O2`: a
non-stoichiometric compound) and a variable hydrate (`SiO2·nH2O`) have no single formula. Deuterium and tritium
are symbols of their own (`CDCl3` -> `CCl3D`, `D2O` 20.03 g/mol).
Atomic weights come from chemicals.elements (IUPAC standard atomic weights), never from this code.
"""

from __future__ import annotations

import math
import re
from fractions import Fraction
from functools import cache

import polars as pl
from chemicals.elements import atoms_to_Hill, molecular_weight, nested_formula_parser, periodic_table

from indset.parsers.basic import changed
from indset.parsers.quantity import percent_basis_column, percent_of_column
from indset.registry import ParseContext, Parsed, check, derive, parser
from indset.standard import FieldSpec, TableSpec
from indset.text import map_unique, normalize_text

_HYDRATE_SEP = re.compile(r"\s*[·•⋅∙*×・]\s*")
_SPACED_HYDRATE = re.compile(r"(?<=[A-Za-z0-9)\]])\s+(?=\d+(?:\.\d+)?\s*[A-Z(\[])")  # `CuSO4 5H2O`
# a number left after a space once hydrates are read (`H2SO4 98`: a formula and its weight) is never a subscript
_SPACED_NUMBER = re.compile(r"(?<=[A-Za-z0-9)\]])\s+(?=\d)")
_DOT = re.compile(r"\.(?=\d*(?:[./]\d+)?[A-Z(\[])")  # `CuSO4.5H2O`; a decimal multiplier `0.5H2O` is rejoined
_PART = re.compile(r"^(\d+(?:[./]\d+)?)?\s*([A-Z(\[][A-Za-z0-9()\[\]]*)$")
_SUBSCRIPTS = str.maketrans({**{c: str(i) for i, c in enumerate("₀₁₂₃₄₅₆₇₈₉")}, "½": "1/2", "⁄": "/"})  # NFKC ½: 1⁄2
# a decimal subscript (`Li1.05`, `Ni0.8`, `Mn2.05`): no subscript is written 0 or 1 before a hydrate's dot
DECIMAL_SUBSCRIPT = r"[A-Za-z)\]](?:[01]\.\d|\d+\.0\d)"
MAX_MULTIPLE = 4                                 # a hydrate's fraction: halves, thirds, quarters
_BONDS = re.compile(r"(?<=[A-Za-z0-9)\]])[=≡-](?=[A-Z(\[])")   # condensed structures: `CH2=CHCOOH`
MW_TOLERANCE = 0.01
# deuterium and tritium as symbols of their own (`D2O`, `CDCl3`, `CD3OD`, `C6D6`): chemicals.elements weighs them
# (2.014102, 3.0160492 g/mol) and orders them alphabetically after C and H (Hill: CCl3D), as CAS writes them
ISOTOPES = frozenset({"D", "T"})
_CONFIGURATION = re.compile(r"^\s*[DL]\s*[-‐]")   # `D-C6H12O6`: D-glucose's configuration, no deuterium


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
def _parse(text: str) -> tuple[tuple[tuple[str, int], ...], int] | None:
    """Atom counts of one formula (hydrates and adducts summed, as the smallest whole multiple) and that multiple
    (the lcm of the denominators of its fractional multipliers: 2 for CaSO4·0.5H2O, 3 for CdSO4·8/3H2O, else 1)."""
    spaced = _SPACED_HYDRATE.sub("·", text.translate(_SUBSCRIPTS).strip())
    if _SPACED_NUMBER.search(spaced):   # `H2SO4 98`, `C2H6O 2`: a number after a space is no subscript
        return None
    t = _BONDS.sub("", spaced.replace(" ", ""))
    if not t or len(t) > 200 or re.search(DECIMAL_SUBSCRIPT, t) or _CONFIGURATION.match(text):
        return None
    total: dict[str, Fraction] = {}
    parts = _parts(t)
    for part in parts:
        m = _PART.match(part)
        if not m or (len(parts) == 1 and m[1]):  # a number before a lone formula: an isotope (13CH4); before a
            return None                          # part of an adduct it counts (2Na2CO3·3H2O2)
        mult = Fraction(m[1]) if m[1] else Fraction(1)
        body = m[2].replace("[", "(").replace("]", ")")
        if body.count("(") != body.count(")"):
            return None
        try:
            atoms = nested_formula_parser(body)
        except (ValueError, KeyError, IndexError, TypeError):
            return None
        if not atoms or any(el not in periodic_table and el not in ISOTOPES for el in atoms):
            return None
        if any(n != int(n) for n in atoms.values()):
            return None
        for el, n in atoms.items():
            total[el] = total.get(el, 0) + int(n) * mult
    multiple = math.lcm(*(n.denominator for n in total.values()))   # CaSO4·0.5H2O: 2
    if multiple > MAX_MULTIPLE or any(n <= 0 for n in total.values()):
        return None
    return tuple(sorted((el, int(n * multiple)) for el, n in total.items())), multiple


def parse_formula(text: str) -> tuple[tuple[str, int], ...] | None:
    """Atom counts of one formula (hydrates and adducts summed), or None when it is not a formula."""
    parsed = _parse(text)
    return parsed[0] if parsed else None


def hill(text: str) -> str | None:
    """Hill notation (C, H, then alphabetical; without carbon all alphabetical), or None."""
    parsed = _parse(text)
    return atoms_to_Hill(dict(parsed[0])) if parsed else None


def formula_units(text: str) -> int:
    """How many formula units the Hill formula of ``text`` counts: the lcm of its fractional multipliers'
    denominators (2 for CaSO4·0.5H2O, whose Hill formula is Ca2H2O9S2; 3 for CdSO4·8/3H2O); 1 otherwise. Read from
    the raw formula, never guessed from the Hill one (C2H2O3, glyoxylic acid, is no hydrate)."""
    parsed = _parse(text)
    return parsed[1] if parsed else 1


@cache
def formula_weight(hill_formula: str) -> float | None:
    """Molecular weight in g/mol of a (Hill) formula, from chemicals' atomic weights."""
    atoms = parse_formula(hill_formula)
    return round(float(molecular_weight(dict(atoms))), 4) if atoms else None


# no single formula: a mixture (混合物), a polymer's repeat unit (`(C2H4O)n`, `[CH2CH2]n`, with the bonds to its
# neighbours `-(CH2-CHCl)n-` and end groups `H-(OCH2CH2)n-OH`), a variable hydrate (`SiO2·nH2O`, `Fe2(SO4)3·xH2O`),
# a non-stoichiometric compound (`Li1.05Mn2O4`)
_MIXTURE = r"(?i)^(?:混合物|混合|复配物|复配|组合物|mixture|mix|blend|preparation)$"
_POLYMER = (r"^(?:[A-Z][A-Za-z0-9]*)?\s*[-—–~]?\s*[(\[].+[)\]]\s*[nₙmx]\s*(?:[-—–~]\s*(?:[A-Z][A-Za-z0-9]*)?)?"
            r"(?:\s*[·.]?\s*\d*\s*H2O)?$")
_VARIABLE_HYDRATE = r"[^\s·•⋅∙*×・.][\s·•⋅∙*×・.]+[nxyzm]\s*H2O$"
_NO_SINGLE = "|".join(f"(?:{p})" for p in (_MIXTURE, _POLYMER, _VARIABLE_HYDRATE, DECIMAL_SUBSCRIPT))
NO_SINGLE_FORMULA = "no_single_formula"
FORMULA_UNITS = "_formula_units"   # the parser's helper column for the weight fill (see formula_units)


@parser("formula")
def parse_formula_column(raw: pl.Series, spec: FieldSpec, ctx: ParseContext) -> Parsed:
    """Hill notation of a formula; a mixture, a polymer, a variable hydrate or a non-stoichiometric compound has no
    single formula: no value (not invalid), counted in the report's field notes as ``no_single_formula``."""
    text = normalize_text(raw)
    none = text.str.contains(_NO_SINGLE).fill_null(False)
    single = text.set(none, None) if none.any() else text
    values = map_unique(single, hill).alias(spec.name)
    return Parsed(values, text.is_not_null() & values.is_null() & ~none, changed(raw, values),
                  notes={NO_SINGLE_FORMULA: none.cast(pl.Int64)} if none.any() else None,
                  columns={FORMULA_UNITS: map_unique(single, formula_units, pl.Int64).fill_null(1)})


def computed_weights(formulas: pl.Series) -> pl.Series:
    return map_unique(formulas, formula_weight, pl.Float64)


@derive("fill_molecular_weight")
def fill_molecular_weight(frame: pl.DataFrame, table: TableSpec) -> pl.DataFrame | tuple[pl.DataFrame, dict]:
    """A missing molecular weight is computed from the formula; the count of fills is reported
    (quality.json field_notes, and the dataset card). A weight stated per formula unit of a fractional hydrate
    (145.15 for CaSO4·0.5H2O) is the whole formula's (Ca2H2O9S2: x2) when it agrees with it (``per_formula_unit``)."""
    if frame.height == 0:
        return frame
    computed = computed_weights(frame["formula"])
    stated = frame["molecular_weight"]
    units = frame[FORMULA_UNITS] if FORMULA_UNITS in frame.columns else pl.repeat(1, frame.height, eager=True)
    scaled = stated * units  # the formula parser's helper column: the raw formula's multiple
    per_unit = (((stated - computed).abs() > computed * MW_TOLERANCE)
                & ((scaled - computed).abs() <= computed * MW_TOLERANCE)).fill_null(False)
    filled = int((stated.is_null() & computed.is_not_null()).sum())
    notes = {"derived_from_formula": filled} | ({"per_formula_unit": int(per_unit.sum())} if per_unit.any() else {})
    weights = pl.select(pl.when(pl.lit(per_unit)).then(pl.lit(scaled)).otherwise(pl.lit(stated))).to_series()
    return frame.with_columns(weights.fill_null(computed).alias("molecular_weight")), {"molecular_weight": notes}


@check("molecular_weight_mismatch")
def molecular_weight_mismatch(frame: pl.DataFrame, table: TableSpec) -> pl.Series:
    """The stated molecular weight must lie within 1% of the weight computed from the formula."""
    if frame.height == 0:
        return pl.Series([], dtype=pl.Boolean)
    computed = computed_weights(frame["formula"])
    return ((frame["molecular_weight"] - computed).abs() > computed * MW_TOLERANCE).fill_null(False)


@check("purity_of_another_substance")
def purity_of_another_substance(frame: pl.DataFrame, table: TableSpec) -> pl.Series:
    """A purity naming the substance it is of (`HNO3 68%`, `w(H2SO4)≥98%`, `27.5%(H2O2)`: the percent parser's
    helper column) is the product's only when that substance's formula is the product's: `Al2O3≥15.6%` of aluminium
    sulfate and `NH3含量20%` of ammonia water (H5NO) are contents stated as another substance, never its purity; a
    product without a formula cannot be checked, so fails too."""
    of = percent_of_column("purity_pct")
    if frame.height == 0 or of not in frame.columns:
        return pl.repeat(False, frame.height, dtype=pl.Boolean, eager=True)
    named = frame[of]
    return (named.is_not_null() & (map_unique(named, hill) != frame["formula"]).fill_null(True)).alias(of)


@check("purity_not_mass_fraction")
def purity_not_mass_fraction(frame: pl.DataFrame, table: TableSpec) -> pl.Series:
    """A purity stated on another basis than a mass fraction (`95%(V/V)`, `95% (v/v)`, `99.5vol%`, `99.5%(mol)`: the
    percent parser's helper column names it) is no purity_pct of the standard, which is a mass fraction (GB product
    standards state 含量 as 质量分数): ethanol at 95% by volume is about 92.4% by mass. Named, never published as
    a mass percentage."""
    basis = percent_basis_column("purity_pct")
    if frame.height == 0 or basis not in frame.columns:
        return pl.repeat(False, frame.height, dtype=pl.Boolean, eager=True)
    return frame[basis].is_not_null().alias(basis)
