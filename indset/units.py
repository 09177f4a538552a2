"""Unit words to pint units, and the (scale, offset) that converts them to a canonical unit.

pint is asked once per distinct unit string; columns are then converted with one vectorized
multiply-add, never value by value.
"""

from __future__ import annotations

import re
from functools import cache

import pint

from indset.standard import IndustryStandard, available_industries, load_standard
from indset.text import key_form, normalize_str

# A ton in a Chinese or joint-venture export is the metric tonne (吨, 1000 kg), never pint's US short ton (907 kg):
# the words `ton` and `tons` read as `tonne` wherever they stand in an expression (`ton/h`, `元/ton`). pint's own
# names of the others (`short_ton`, `long_ton`, `US_ton`, `ton_force`) are one word each and keep their meaning.
_TON = re.compile(r"(?<![\w.])tons?(?![\w.])")


def _metric_ton(expression: str) -> str:
    return _TON.sub("tonne", expression) if "ton" in expression else expression


@cache
def ureg() -> pint.UnitRegistry:
    reg = pint.UnitRegistry(preprocessors=[_metric_ton])
    reg.define("CNY = [currency] = yuan = rmb")
    reg.define("wan_CNY = 10000 * CNY")  # 万元
    reg.define("wan_multiplier = 10000")  # 万 before any unit word: `万米`, `1.2万转/分` (:func:`resolve_unit`)
    # a composition names its basis: mole (mol%, and vol% or ppmv of a gas, equal to it for an ideal gas), mass (wt%)
    # or a flammability limit (%LEL). Each is a dimension of its own, so a basis converts only to a unit on the same
    # basis (never vol% to a level's %, nor wt% to mol%); a bare % or ppm names none (indset does not guess one)
    reg.define("mole_fraction = [mole_fraction] = molfrac")
    reg.define("mol_percent = 0.01 * mole_fraction = molpct")
    reg.define("vol_percent = mol_percent")
    reg.define("ppmv = 1e-6 * mole_fraction")
    reg.define("mass_fraction = [mass_fraction] = massfrac")
    reg.define("wt_percent = 0.01 * mass_fraction")
    reg.define("ppmw = 1e-6 * mass_fraction")
    reg.define("lel_fraction = [lel_fraction]")
    reg.define("percent_LEL = 0.01 * lel_fraction")
    reg.define("momme = 4.3056 * g / m ** 2")  # silk weight: 1 momme = 4.3056 g/m2
    # absolute pressures as offsets from gauge ones, over one standard atmosphere (101.325 kPa)
    for name, scale in (("kPa_abs", "kilopascal"), ("MPa_abs", "1000 * kilopascal"), ("bar_abs", "100 * kilopascal"),
                        ("Pa_abs", "0.001 * kilopascal"), ("psi_abs", "6.894757293168361 * kilopascal"),
                        ("mbar_abs", "0.1 * kilopascal"), ("kgf_cm2_abs", "98.0665 * kilopascal"),
                        ("torr_abs", "0.13332236842105263 * kilopascal"),    # 1 Torr = 101.325/760 kPa
                        ("mmHg_abs", "0.133322387415 * kilopascal")):
        reg.define(f"{name} = {scale}; offset: -101.325")
    return reg


@cache
def _unit_words(std: IndustryStandard) -> dict[str, str]:
    words: dict[str, str] = {}
    for unit, aliases in std.units.items():
        words.setdefault(key_form(unit), unit)
        for alias in aliases:
            words.setdefault(key_form(alias), unit)
    return words


@cache
def _all_unit_words() -> dict[str, str]:
    """Every industry's unit words (key form, no spaces) -> their unit; a price's ``foreign_units`` -> ``""``."""
    words: dict[str, str] = {}
    for industry in available_industries():
        std = load_standard(industry)
        for word, unit in _unit_words(std).items():
            words.setdefault(word.replace(" ", ""), unit)
        for f in (f for t in std.tables.values() for f in t.fields):
            words.update({key_form(str(w)).replace(" ", ""): "" for w in f.options.get("foreign_units", ())})
    return words


def json_key_unit(word: str) -> str | None:
    """The unit words a JSON key gives the number it holds alone (indset.raw_forms), without knowing the industry,
    or None when the key names no unit (`{"value": 120}`). A percent word (`pct`, `percent`, `百分比`, `%`) is `%`;
    a foreign currency word of a price (`usd`, `$`, `美元`) is itself, so the price's foreign-currency rule applies;
    another unit word of some standard (`momme`, `oz`, `yd`, `℃`) is itself when it is two characters or more or
    a symbol: one letter (`c`, `m`, `k`, `克`) names no unit for sure (`{"c": 180}` is no Celsius fabric weight)."""
    key = key_form(word).replace(" ", "")
    unit = _all_unit_words().get(key)
    if unit is None:
        return None
    if unit == "percent":
        return "%"
    if unit == "" or len(key) >= 2 or not key.isalpha():
        return word.strip()
    return None


def resolve_unit(std: IndustryStandard, word: str | None) -> str | None:
    """The pint expression for a unit word of a source (``度`` -> ``kWh``), or None if unknown."""
    if word is None:
        return None
    key = key_form(word).replace(" ", "")
    unit = _unit_words(std).get(key) or _unit_words(std).get(key_form(word))
    if unit is not None:
        written = word.strip()
        return unit if _exact_form(written) in _exact_words(std) else _as_written(written, unit)
    if key.startswith("万") and len(key) > 1 and (rest := resolve_unit(std, word.strip()[1:])) is not None:
        return f"wan_multiplier * ({rest})"  # 万 is ten thousand of any unit: `产量(万米)`, `1.2万转/分` (12000 rpm)
    try:
        ureg().Unit(word.strip())
        return word.strip()
    except Exception:  # pint's parser raises many kinds (tokenize errors on `{"a": 1`): none is a unit
        return None


def _exact_form(word: str) -> str:
    return re.sub(r"[\s_]+", "", normalize_str(word))


@cache
def _exact_words(std: IndustryStandard) -> frozenset[str]:
    """The standard's unit words as written (case kept): a word written so is the standard's whatever pint reads."""
    return frozenset(_exact_form(str(w)) for unit, aliases in std.units.items() for w in (unit, *aliases))


@cache
def _as_written(written: str, unit: str) -> str:
    """The unit a word names in the case it is written, when the standard's word for it matched only in another case
    names the same quantity at another scale: pint's own spellings are case-sensitive, and an SI prefix's case is its
    meaning (`mPa` is the millipascal, `mW` the milliwatt; the standard's `mpa`, `mw` are MPa and MW). Spellings pint
    does not know (`MPA`, `KPA`, `Kpa`, `Mpa`) and words pint reads as another quantity (`C` coulomb, `F` farad beside
    degC, degF) or with an offset (`Torr`: the standard's absolute pressure) are the standard's."""
    if written == unit or not written.isascii() or not any(c.isalpha() for c in written):
        return unit
    try:
        ureg().Unit(written)
    except Exception:  # pint's parser raises many kinds: not a pint spelling
        return unit
    conv = conversion(written, unit)
    if conv is None or conv[1] != 0.0 or abs(conv[0] - 1.0) < 1e-9:
        return unit
    return written


def known_unit(std: IndustryStandard, word: str) -> bool:
    return resolve_unit(std, word) is not None


@cache
def conversion(source_unit: str, target_unit: str) -> tuple[float, float] | None:
    """(scale, offset) with target = value * scale + offset, or None when dimensions (or angles) differ."""
    if source_unit == target_unit:  # already canonical: no need to build the pint registry
        return 1.0, 0.0
    reg = ureg()
    try:
        # pint drops radians (dimensionless) to convert: 1/s or kHz became rpm x 9.55 through 2 pi. A conversion
        # must keep its angles: rpm from revolution/second, never from a bare frequency
        if reg.get_root_units(source_unit)[1] != reg.get_root_units(target_unit)[1]:
            return None
        zero = reg.Quantity(0.0, source_unit).to(target_unit).magnitude
        one = reg.Quantity(1.0, source_unit).to(target_unit).magnitude
    except Exception:  # as above: any failure means no conversion
        return None
    return float(one - zero), float(zero)
