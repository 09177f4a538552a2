"""Physical quantities and percentages: numbers with a unit inline, in the header, or implied."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache

import polars as pl

from indset.registry import ParseContext, Parsed, check, hint, parser, source_hints
from indset.standard import FieldSpec, TableSpec
from indset.text import apply_where, key_form, normalize_text
from indset.units import conversion, resolve_unit

NUMBER = r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?"
# a unit word may lead (`¥18.50`, `RMB 18.5`) or follow (`150 g/m2`, `18.5元/米`)
_QTY = rf"^(?:(?P<pre>[^\d+\-.,\s][^\d,]*?)\s*)?(?P<num>{NUMBER})\s*(?P<unit>.*?)$"
_PLAIN = r"^[+-]?\d+(?:\.\d+)?$"  # a bare number, as most cells of a numeric column are: no unit to extract


def strip_thousands(text: pl.Series) -> pl.Series:
    """`1,234,567.5` -> `1234567.5`, also after a unit (`¥1,234.00`); a lone comma is left alone (it may be
    a decimal comma)."""
    grouped = text.str.contains(r"^[^\d,]*[+-]?\d{1,3}(,\d{3})+(\.\d+)?(\D.*)?$").fill_null(False)
    return text.zip_with(~grouped, text.str.replace_all(",", ""))


@dataclass(frozen=True)
class NumberHint:
    """Whole-column facts for a numeric column (computed once per source, before chunking)."""

    decimal_comma: bool = False   # `120,5`, `1.234,5`: a European-locale export (see :func:`decimal_comma`)
    fractions: bool = False       # percent columns: bare numbers are fractions (see :func:`percent_fractions`)
    comma_possible: bool = False  # no decimal point in the column: its commas may be decimal (`86,250`)
    percents: bool = False        # percent columns: some number is above 1.2, a percentage for sure (`87.5`, `92%`)


_COMMA_DECIMAL = r"^[^\d,.]*[+-]?(?:0,\d+|\d+,(?:\d{1,2}|\d{4,})|\d{1,3}(?:\.\d{3})+,\d+)(?:[^\d,.].*)?$"
_DOT_DECIMAL = r"\d\.\d"
# thousands grouped by dots (`1.250`, `12.500.000`): a leading group of 0 (`0.915`) is a decimal point
_SAMPLE = 10_000
_EUROPEAN_THOUSANDS = r"^[^\d,.]*[+-]?[1-9]\d{0,2}(?:\.\d{3})+(?:,\d+)?(?:[^\d,.].*)?$"


def comma_use(raw: pl.Series) -> tuple[bool, bool]:
    """(decimal comma, possible): whether a column writes decimals with a comma (German-locale DCS screens,
    SAP): some value can only be read so (a comma not followed by exactly three digits, `0,000`,
    `1.234,5`) and no value has a decimal point (other than as `1.234` thousands); and whether it could
    (commas, no decimal point: `86,250` reads either way and follows the rest of its source; nor a column without
    commas whose dots all group thousands: `1.250` and `650` beside a decimal-comma column are 1250 and 650)."""
    head = raw.head(_SAMPLE)  # a decimal point among the first values settles most columns at once
    if not head.filter(head.str.contains(_DOT_DECIMAL).fill_null(False)).str.contains(_EUROPEAN_THOUSANDS).all():
        return False, False
    marked = raw.filter(raw.str.contains("[.,]").fill_null(False))  # one scan; the rest looks at these values only
    dotted = marked.filter(marked.str.contains(_DOT_DECIMAL))
    if not dotted.str.contains(_EUROPEAN_THOUSANDS).all():
        return False, False
    dots = len(dotted)
    comma = marked.filter(marked.str.contains(",", literal=True))
    if not len(comma):
        return False, dots > 0
    return bool(comma.str.contains(_COMMA_DECIMAL).any()), True


def decimal_comma(raw: pl.Series) -> bool:
    """Whether a column, by itself, writes decimals with a comma (:func:`comma_use`)."""
    return comma_use(raw)[0]


@source_hints
def settle_decimal_commas(hints: dict[str, object]) -> dict[str, object]:
    """A source writes numbers one way: when a column of it shows decimal commas, its numeric columns that
    could have them (`86,250` beside `0,000` elsewhere in the file) have them too."""
    numeric = {k: h for k, h in hints.items() if isinstance(h, NumberHint)}
    if not any(h.decimal_comma for h in numeric.values()):
        return hints
    return {**hints, **{k: replace(h, decimal_comma=True) for k, h in numeric.items()
                        if h.comma_possible and not h.decimal_comma}}


def comma_decimals(text: pl.Series) -> pl.Series:
    """`1.234,5` -> `1234.5`, `120,5` -> `120.5`: a decimal-comma column's numbers in the usual form."""
    return text.str.replace_all(r"(\d)\.(\d{3})", "${1}${2}").str.replace(r"(\d),(\d)", "${1}.${2}")


# a tolerance written in ASCII (`150+/-2cm`, `150 +/- 2 cm`, `180+-5g`) is a `±` one: the sign is rewritten, then read
# (left out) as `150±2cm` is. Only `+` then `-` (a slash between) before a number: `+5/-3` is no symmetric tolerance
_PLUS_MINUS = r"\+\s*/?\s*[-−–](\s*\d)"


def plus_minus(text: pl.Series) -> pl.Series:
    """`150+/-2cm`, `150 +/- 2 cm`, `180+-5` -> `150±2cm`, `150 ± 2 cm`, `180±5`; the regex only where a `+` stands."""
    return apply_where(text, text.str.contains("+", literal=True).fill_null(False),
                       lambda v: v.str.replace_all(_PLUS_MINUS, "±${1}"))


# a remark in brackets after a value: a tolerance, the state measured in, a price's tax basis
_REMARK_IN_BRACKETS = r"\s*\(\s*(?:±[^()]*|成品|坯布|参考|净重|毛重|实测|含税|不含税|未税|含运费)[^()]*\)"


def split_number(raw: pl.Series, hint: object = None) -> tuple[pl.Series, pl.Series, pl.Series]:
    """(text, number, unit word) of each value; thousands separators removed (decimal commas read, when the
    column's :class:`NumberHint` says so).

    A unit word on both sides (`¥18.5元`, `人民币12.5元/米`) is kept only when the two are the same word (before the
    second's `/`), or when the second is per something (`¥18.5/米` is in `¥/米`); otherwise the value has no number
    (invalid)."""
    text = plus_minus(normalize_text(raw))
    # a tolerance or a remark is no part of the value (`180±5g/m2`, `180(±5)`, `180g/m²(成品)`); a unit may stand
    # in brackets (`180 (g/m2)`). A hedged value (`约180`) stays invalid: it is no measurement.
    text = apply_where(text, text.str.contains("[±(税]").fill_null(False),
                       lambda v: v.str.replace(_REMARK_IN_BRACKETS, "")
                       .str.replace(r"^(?:含税|不含税|未税)\s*[:：]?\s*", "")  # a price's tax basis: `含税12.5`
                       .str.replace(r"\s*±\s*\d+(?:\.\d+)?\s*%?", "")
                       .str.replace(r"^([^()]*\d)\s*\(([^()\d][^()]*)\)$", "${1} ${2}"))
    text = comma_decimals(text) if isinstance(hint, NumberHint) and hint.decimal_comma else strip_thousands(text)
    plain = text.str.contains(_PLAIN).fill_null(False)
    num = text.cast(pl.Float64, strict=False).set(~plain, None)
    pre = pl.repeat(None, len(text), dtype=pl.String, eager=True).alias("pre")
    unit = pre.alias("unit")
    other = ~plain & text.is_not_null()
    if other.any():  # the regex only where a cell is more than a number (it costs 5x the test above)
        where = other.arg_true()
        parts = text.gather(where).str.extract_groups(_QTY)
        num = num.scatter(where, parts.struct.field("num").cast(pl.Float64, strict=False))
        pre = pre.clone().scatter(where, _blank_none(parts.struct.field("pre")))
        unit = unit.clone().scatter(where, _blank_none(parts.struct.field("unit")))
    both = pre.is_not_null() & unit.is_not_null()
    if both.any():
        per = both & unit.str.starts_with("/")          # `¥18.5/米`: the unit is `¥/米`
        unit = unit.zip_with(~per, pre + unit)
        num = num.set(both & ~per & ~_same_unit_word(pre, unit.str.replace(r"\s*/.*$", "")), None)  # `人民币12.5元/米`
    return text, num, unit.fill_null(pre)


def _blank_none(s: pl.Series) -> pl.Series:
    return s.set(s == "", None) if (s == "").any() else s


def _same_unit_word(a: pl.Series, b: pl.Series) -> pl.Series:
    """`¥` and `元` name one unit (so do `人民币` and `元`: `人民币12.5元`): compared through the currency/unit symbol
    table below."""
    return (a.replace(_SAME_WORD) == b.replace(_SAME_WORD)).fill_null(False)


_SAME_WORD = {"¥": "元", "rmb": "元", "RMB": "元", "cny": "元", "CNY": "元", "人民币": "元", "$": "usd", "US$": "usd",
              "USD": "usd"}


def to_unit(num: pl.Series, unit_words: pl.Series, default_unit: str | None, target: str | None,
            ctx: ParseContext, per_any: bool = False, field_words: dict[str, list[str]] | None = None
            ) -> tuple[pl.Series, pl.Series]:
    """Convert numbers whose unit words vary per row into ``target``; (values, bad unit mask).

    ``per_any`` (a price): what a value is per is not converted (`1.25万元/吨`, `6800/吨`, `¥18.5/米`): the
    word before the `/` is the unit, the header's or the field's when there is none. ``field_words`` (a field's
    ``unit_words``: unit -> words) win over the standard's: `mm` in a fabric weight is momme, not millimetres."""
    if target is None:
        return num, unit_words.is_not_null()
    words = unit_words.fill_null(default_unit or target)
    uniq = words.unique().drop_nulls().to_list()
    own = {key_form(str(w)).replace(" ", ""): u for u, ws in (field_words or {}).items() for w in ws}
    scale, offset = {}, {}
    for w in uniq:
        unit = own.get(key_form(w).replace(" ", "")) or resolve_unit(ctx.standard, w)
        if unit is None and per_any and "/" in w:
            head = w.rsplit("/", 1)[0].strip()
            unit = resolve_unit(ctx.standard, head) if head else (default_unit and
                                                                  resolve_unit(ctx.standard, default_unit)) or target
        conv = conversion(unit or "?", target)
        if conv is not None:
            scale[w], offset[w] = conv
    s = words.replace_strict(scale, default=None, return_dtype=pl.Float64)
    o = words.replace_strict(offset, default=None, return_dtype=pl.Float64)
    return num * s + o, num.is_not_null() & s.is_null()


_AMOUNT = r"(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
_RANGE = rf"(^|[^\d.,])({_AMOUNT})\s*(?:%|元)?\s*(?:-|~|～|—|–|至|到)\s*[¥￥$]?\s*({_AMOUNT})"


def lower_bounds(text: pl.Series, ascending_only: bool = True) -> pl.Series:
    """A range's lower bound (a field's ``range: lower``): `98-99%`, `98%～99%` -> `98%` (a specification's
    minimum), `¥199-299`, `1,299-1,599`, `89元-129元` -> `¥199`, `1,299`, `89元` (a price from). With
    ``ascending_only``, a range that falls (`99-98%`) is left as written (invalid); without, it is its smaller end
    (`¥129.00 ~ ¥89.00` -> `¥89.00`: a listing's variants' prices, in any order)."""
    return apply_where(text, text.str.contains(_RANGE).fill_null(False),
                       lambda ranges: _lower_ends(ranges, ascending_only))


def _lower_ends(text: pl.Series, ascending_only: bool) -> pl.Series:
    parts = text.str.extract_groups(_RANGE).struct.unnest()
    lo, hi = (parts[g].str.replace_all(",", "").cast(pl.Float64, strict=False) for g in ("2", "3"))
    lowered = text.str.replace(_RANGE, "${1}${2}")
    if ascending_only:
        return text.zip_with(~(lo <= hi).fill_null(False), lowered)
    falling = (lo > hi).fill_null(False)
    return lowered if not falling.any() else lowered.zip_with(~falling, text.str.replace(_RANGE, "${1}${3}"))


def without_words(text: pl.Series, words: list[str]) -> pl.Series:
    """``text`` with the standalone ``words`` (any case, ASCII: a price's trade terms `FOB`, `CIF`) left out; the
    regex runs only over the values holding one of them."""
    variants = sorted({v for w in words for v in (str(w), str(w).upper(), str(w).lower(), str(w).capitalize())},
                      key=len, reverse=True)
    pattern = rf"(^|[\s\d.])(?:{'|'.join(map(re.escape, variants))})(?:\s+|$|([$¥￥€£\d]))"
    has = text.str.contains_any([str(w) for w in words], ascii_case_insensitive=True).fill_null(False)
    return apply_where(text, has, lambda v: v.str.replace_all(pattern, "${1}${2}").str.strip_chars())


@hint("quantity")
def quantity_hint(raw: pl.Series, spec: FieldSpec, header_has_percent: bool) -> NumberHint:
    commas, possible = comma_use(raw)
    return NumberHint(decimal_comma=commas, comma_possible=possible)


@cache
def _foreign_yuan(words: tuple[str, ...]) -> str:
    """A foreign currency's word before the amount and `元` after it (`新台币45元`, `港币45元/米`): one currency, whose
    dollar 元 names too; the word stays, the 元 goes (it would read as the yuan)."""
    alternation = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return rf"^((?i:{alternation}))\s*([+-]?\d[\d,]*(?:\.\d+)?)\s*元"


@parser("quantity")
def parse_quantity(raw: pl.Series, spec: FieldSpec, ctx: ParseContext) -> Parsed:
    """`150`, `150 g/m2`, `5.5oz` with the header unit as default; converted to the field's unit.

    A field with ``range: lower`` reads a range (`¥199-299`: a price from) as its lower bound; a number in its
    ``sentinels`` (a historian's -9999) is invalid, never a reading."""
    if ignore := spec.options.get("ignore_words"):  # `FOB $3.20`: a price's trade term is no part of its unit
        raw = without_words(raw, ignore)
    if spec.options.get("range") == "lower":
        # a price from (`¥199起`) is the lower bound of a range
        raw = lower_bounds(apply_where(raw, raw.str.contains("起", literal=True).fill_null(False),
                                       lambda v: v.str.replace(r"(\d)\s*起$", "$1")), ascending_only=False)
    if foreign := spec.options.get("foreign_units"):  # `新台币45元`, `港币45元`: the 元 is that currency's dollar
        raw = apply_where(raw, raw.str.contains("元", literal=True).fill_null(False),
                          lambda v: normalize_text(v).str.replace(_foreign_yuan(tuple(map(str, foreign))), "$1$2"))
    text, num, unit = split_number(raw, ctx.hint)
    if sentinels := spec.options.get("sentinels"):  # `-9999`: a source's "no data" number, before any conversion
        num = num.set(num.is_in([float(v) for v in sentinels]).fill_null(False), None)
    values, bad_unit = to_unit(num, unit, ctx.header_unit, spec.unit, ctx, spec.options.get("per") == "any",
                               spec.options.get("unit_words"))
    invalid = text.is_not_null() & (num.is_null() | bad_unit)
    values = values.alias(spec.name)
    notes = None
    if foreign := spec.options.get("foreign_units"):  # `$2.35/yd` in a CNY field: no value, not a wrong one
        word = unit.fill_null(ctx.header_unit or "").str.split("/").list.first().str.strip_chars().str.to_lowercase()
        other = num.is_not_null() & word.is_in([str(w).lower() for w in foreign]).fill_null(False)
        if other.any():
            values, invalid = values.set(other, None), invalid & ~other
            notes = {"foreign_currency": other.cast(pl.Int64)}
    if (others := spec.options.get("other_quantities")) and (invalid & num.is_not_null()).any():
        # `35 m/min` of a stenter in an rpm field: another quantity (a linear speed), no value, not a wrong one
        named = unit.fill_null(ctx.header_unit) if ctx.header_unit else unit   # `车速(米/分)` names it for the column
        for note, ref in others.items():
            other = invalid & num.is_not_null() & _converts_to(named, str(ref), ctx)
            if other.any():
                values, invalid = values.set(other, None), invalid & ~other
                notes = {**(notes or {}), note: other.cast(pl.Int64)}
    conformant = num.is_not_null() & unit.is_null() & (ctx.header_unit is None or
                                                       resolve_unit(ctx.standard, ctx.header_unit) == spec.unit)
    return Parsed(values, invalid, ~conformant & text.is_not_null(), notes=notes)


def _converts_to(words: pl.Series, ref: str, ctx: ParseContext) -> pl.Series:
    """Bool per row: the unit word converts to ``ref`` (`米/分`, `m/s` to m/min), asked once per distinct word."""
    own = {w: (u := resolve_unit(ctx.standard, w)) is not None and conversion(u, ref) is not None
           for w in words.unique().drop_nulls().to_list()}
    return words.replace_strict(own, default=False, return_dtype=pl.Boolean)


# how a purity was measured: no part of it (`(GC)`, `(by GC)`, `(GC area)`, `(HPLC)`, a titration's `(T)`, `(AT)`,
# `(NT)`); nor the basis a catalogue states it on (`(anhydrous basis)`, `(metals basis)`) or its nines (`(4N)`)
_METHOD = (r"(?:(?:by\s+)?(?:gc-ms|gc|hplc|lc|kf|ic|at|nt|t|滴定|titration)(?:\s+area)?法?"
           r"|(?:anhydrous|dry|dried|(?:trace\s+)?metals)\s+basis|\dn)")
_LABEL = rf"(?i)^(?:(?:含量|纯度|主含量|assay|purity|ω)\s*)?(?:[(（]\s*{_METHOD}\s*[)）]\s*|{_METHOD}\s*)?[:：]?\s*"


_PLAIN_PERCENT = r"^[+-]?\d+(?:\.\d+)?%?$"
_MINIMUM = (r"(?i)^(?:>=|≥|>|不低于|不小于|不少于|min\.?|minimum|nlt|n\.l\.t\.|not less than|no less than)"
            r"\s*[:：]?\s*")
# the substance a percentage is of, written as a chemical formula (GB wordings): the mass fraction's symbol
# `w(H2SO4)≥98%`, `ω(HCl)/% ≥31.0` (the `/%` says the number is a percentage), the formula before the value
# `HNO3 68%`, `Na2S≥60%`, `NH3含量20%`, after it `27.5%(H2O2)`, or its basis `85%(以H3PO4计)`. A field with
# ``of_substance: true`` leaves it out of the value and hands it on (:func:`parse_percent`), so that the table's
# checks can tell a purity of the product from one stated as another substance (`Al2O3≥15.6%` of aluminium sulfate)
_FORMULA = r"(?:[A-Z][a-z]?\d*|\((?:[A-Z][a-z]?\d*)+\)\d*)+"
_OF_SYMBOL = rf"^[wω]\s*\(\s*(?P<of>{_FORMULA})\s*\)\s*(?P<pct>/\s*%)?\s*[:：]?\s*"
_OF_BEFORE = (rf"^(?P<of>{_FORMULA})(?:\s*(?:含量\s*[:：]?\s*|[:：]\s*|\s+)(?P<rest>[≥>]?\s*\d.*)"
              r"|\s*(?P<min>[≥>]\s*\d.*))$")
_OF_AFTER = rf"(?P<num>\d)\s*%\s*\(\s*(?:以\s*)?(?P<of>{_FORMULA})\s*(?:计)?\s*\)$"
# a standard named after the value (`99.8 %(GB/T 1628-2020)`, `(HG/T 2567-2006)`) is no part of it
_STANDARD_NO = r"\s*\(\s*[A-Z]{1,4}(?:/[A-Z])?\s*\d+(?:\.\d+)*(?:\s*[-—]\s*\d{2,4})?\s*\)$"


def _percent_of(text: pl.Series) -> tuple[pl.Series, pl.Series]:
    """(text without the substance it names, the substance or null): see :data:`_FORMULA`."""
    symbol = text.str.extract_groups(_OF_SYMBOL)
    of = symbol.struct.field("of")
    rest = text.str.replace(_OF_SYMBOL, "")
    rest = rest.zip_with(symbol.struct.field("pct").is_null() | rest.str.ends_with("%").fill_null(True),
                         rest + "%")
    rest = rest.str.replace(_LABEL, "").str.replace(_MINIMUM, "")
    before = rest.str.extract_groups(_OF_BEFORE)
    of = of.fill_null(before.struct.field("of"))
    rest = before.struct.field("rest").fill_null(before.struct.field("min")).fill_null(rest).str.replace(_MINIMUM, "")
    rest = rest.str.replace(_STANDARD_NO, "").str.replace(rf"(?i)\s*[(（]\s*{_METHOD}\s*[)）]$", "")
    after = rest.str.extract_groups(_OF_AFTER)
    of = of.fill_null(after.struct.field("of"))
    return rest.str.replace(_OF_AFTER, "${num}%"), of


# a purity by its nines (semiconductor and high-purity metals): `4N` is 99.99%, `4N5` 99.995% (four nines and a
# five), `≥5N`; beside its value (`5N(99.999%)`) the value written out is read
_NINES = r"^(?P<min>(?:>=|≥|>)\s*)?(?P<n>[2-9])\s*N(?P<d>[1-9])?(?:\s*\(\s*(?P<value>[^()]*\d[^()]*?)\s*\))?$"
# nines and the digit after them (`45`: 4N5) -> the percentage: 2N 99, 2N5 99.5, 4N5 99.995
_NINES_PCT = {f"{n}{d}": f"{'9' * n}{d}"[:2] + "." + f"{'9' * n}{d}"[2:]
              for n in range(2, 10) for d in ["", *"123456789"]}


# the nines inside a cell (`纯度4N5`, `4N5 (GC)`, `4N5%`, `4N(GC)`): a whole word, not a part of a formula (`Si3N4`)
# or a code (`AB-4N5`); a cell that also writes a number out (`5N 99.999%`, `99.99%(4N)`) is read by that number
_NINES_IN = (r"^(?P<head>|[^\d]*?[^\dA-Za-z.\-/_])(?P<min>(?:>=|≥|>)\s*)?(?P<n>[2-9])\s*N(?P<d>[1-9])?%?"
             r"(?P<tail>(?:[^\dA-Za-z][^\d]*)?)$")


def _nines(text: pl.Series) -> pl.Series:
    """`4N5` -> `99.995%`, `≥4N` -> `≥99.99%`, `5N(99.999%)` -> `99.999%`: the nines written as a percentage;
    inside a cell (`纯度4N5` -> `纯度99.995%`, `4N5 (GC)` -> `99.995% (GC)`) the words around them stay."""
    parts = text.str.extract_groups(_NINES)
    n = parts.struct.field("n")
    pct = (n + parts.struct.field("d").fill_null("")).replace_strict(_NINES_PCT, default=None, return_dtype=pl.String)
    pct = parts.struct.field("min").fill_null("") + pct.str.strip_suffix(".") + "%"
    whole = parts.struct.field("value").fill_null(pct)
    inner = text.str.extract_groups(_NINES_IN)
    m = inner.struct.field("n")
    pct = (m + inner.struct.field("d").fill_null("")).replace_strict(_NINES_PCT, default=None, return_dtype=pl.String)
    pct = (inner.struct.field("head") + inner.struct.field("min").fill_null("") + pct.str.strip_suffix(".") + "%"
           + inner.struct.field("tail"))
    return text.zip_with(n.is_null() & m.is_null(), whole.fill_null(pct))


def _percent_body(text: pl.Series) -> pl.Series:
    """The number (and % sign) of percent texts: labels, minimum words, methods, tolerances, solvents left out."""
    body = text.str.replace(_LABEL, "")
    body = body.str.replace(_MINIMUM, "")
    body = body.str.replace(r"^(\d+(?:\.\d+)?)\s*\+\s*%", "$1%")   # `99+%`: at least 99
    body = body.str.replace(rf"(?i)\s*[(（]\s*{_METHOD}\s*[)）]$", "").str.replace(_STANDARD_NO, "")
    # a minimum word after a bare number or in brackets (`99.9 min`, `99.5%(min)`, `99.5 (min.)`) is one after a `%`
    body = body.str.replace(r"(?i)(\d)\s*(%?)\s*(?:[(（]\s*(?:min\.?|minimum)\s*[)）]|min\.?|minimum)$", "${1}${2}")
    body = body.str.replace(r"(?i)(%)\s*(?:min\.?|minimum|以上|及以上|水溶液|溶液|aqueous solution|solution)$", "$1")
    body = body.str.replace(r"(\d)\s*(?:%\s*±\s*\d+(?:\.\d+)?\s*%?|±\s*\d+(?:\.\d+)?\s*%)$", "$1%")
    body = body.str.replace(r"(\d)\s*±\s*\d+(?:\.\d+)?$", "$1").str.strip_chars()
    # a mass fraction says so: `99.5wt%`, `99.5 w/w %`, `99.5%(质量分数)`; other bases (vol%, mol%) stay invalid
    body = body.str.replace(r"(?i)^(.*\d)\s*(?:wt\.?|w/w|m/m)\s*%$", "$1%")
    return body.str.replace(r"(?i)%\s*[(（]?\s*(?:wt\.?|w/w|m/m|质量分数|质量)\s*[)）]?$", "%")


def _percent_parts(raw: pl.Series, ranges: bool = False, commas: bool = False, of_substance: bool = False
                   ) -> tuple[pl.Series, pl.Series, pl.Series, pl.Series, pl.Series | None]:
    text = normalize_text(raw)
    if commas:
        text = comma_decimals(text)
    # the nines first: a label's method words would take `4N` of `4N5` for a remark
    work, of = apply_where(plus_minus(text), text.str.contains(r"\d\s*N").fill_null(False), _nines), None
    if of_substance:   # `w(H2SO4)≥98%`, `HNO3 68%`, `27.5%(H2O2)`: the substance named goes aside (see _FORMULA)
        named = work.str.contains(r"[A-Z]").fill_null(False)   # a formula holds a capital; most cells do not
        if named.any():
            idx = named.arg_true()
            rest, substance = _percent_of(work.gather(idx))
            work = work.clone().scatter(idx, rest)
            of = pl.repeat(None, len(text), dtype=pl.String, eager=True).scatter(idx, substance)
    # a stated minimum is the value: `≥99.5%`, `Min 99.5%`, `不少于99.5%`, `99.9% min`, `99.5%以上`; the field's
    # name or symbol and the method it was measured by are no part of it: `含量≥99%`, `Assay (GC): 99.5%`, `ω≥99.5%`,
    # `GC≥99.5%`, `≥99.8%(GC)`, `≥99.0%（GC法）`; nor is a tolerance (`99.5±0.1%`, `37%±1%`: the nominal value) or
    # the solvent of a solution (`10%水溶液`)
    # only values that are more than a number (and a % sign) are rewritten: most cells of a column are bare
    body = apply_where(work, ~work.str.contains(_PLAIN_PERCENT).fill_null(True), _percent_body)
    if ranges:
        body = lower_bounds(body)
    has_pct = body.str.ends_with("%").fill_null(False)
    num = body.str.strip_suffix("%").str.strip_chars().cast(pl.Float64, strict=False)
    return text, body, has_pct, num, of


FRACTION_MAX = 1.2


def percent_fractions(raw: pl.Series, spec: FieldSpec, commas: bool = False, header_has_percent: bool = False
                      ) -> bool:
    """Within one source, numbers written without a % that all lie in [0, 1.2] (half of them at most 1) are
    fractions: `0.995` is 99.5% (an Excel cell formatted as a percentage stores the fraction). Not under a header
    that carries a `%` (`纯度(%)`, `效率(%)`): it says its numbers are percentages (STANDARD.md section 5), so `0.9`
    there is 0.9%.

    So a percent field must be one where values below 1% are not plausible (purity, efficiency)."""
    if header_has_percent:
        return False
    _, _, has_pct, num, _ = _percent_parts(raw.unique(), spec.options.get("range") == "lower", commas)
    bare = num.filter(~has_pct).drop_nulls()
    # up to 1.2: a mill's efficiency may exceed 100% (`1.02` beside `0.91`); percentages that low are no column's
    return len(bare) > 0 and bool(((bare >= 0) & (bare <= FRACTION_MAX)).all()) and bool((bare <= 1).mean() >= 0.5)


def percent_values(raw: pl.Series, spec: FieldSpec, commas: bool = False) -> bool:
    """Whether some number of the column (with or without a `%`) is above 1.2: a percentage for sure."""
    _, _, _, num, _ = _percent_parts(raw.unique(), spec.options.get("range") == "lower", commas)
    return bool((num > FRACTION_MAX).any())


@hint("percent")
def percent_hint(raw: pl.Series, spec: FieldSpec, header_has_percent: bool) -> NumberHint:
    commas, possible = comma_use(raw)
    percents = bool(spec.options.get("ambiguous_fractions")) and percent_values(raw, spec, commas)
    return NumberHint(decimal_comma=commas, fractions=percent_fractions(raw, spec, commas, header_has_percent),
                      comma_possible=possible, percents=percents)


@parser("percent")
def parse_percent(raw: pl.Series, spec: FieldSpec, ctx: ParseContext) -> Parsed:
    """`99.5%`, `99.5`, `>=99.5%`, `≥99.5%`; fractions (see :func:`percent_fractions`) x 100.

    A field with ``range: lower`` reads a range (`98-99%`) as its lower bound (a specification's minimum); one
    with ``fractions: per_value`` reads any bare number in (0, 1] as a fraction, whatever the rest of its column
    (a purity of 1% or less is rare; an Excel cell formatted as a percentage stores 0.9995), unless the header
    carries a `%`: under `含量(%)`, `1` and `0.5` are 1% and 0.5% (an indicator, a standard solution)."""
    column = ctx.hint if isinstance(ctx.hint, NumberHint) else percent_hint(raw, spec, ctx.header_has_percent)
    text, body, has_pct, num, of = _percent_parts(raw, spec.options.get("range") == "lower", column.decimal_comma,
                                                  bool(spec.options.get("of_substance")))
    fractions = column.fractions
    scaled = ~has_pct & num.is_not_null() & fractions
    if spec.options.get("fractions") == "per_value" and not ctx.header_has_percent:
        # purity: a bare 0.9995 beside 98 is a percent-formatted cell (a `%` header says it is not)
        scaled = scaled | (~has_pct & (num > 0) & (num <= 1)).fill_null(False)
    values = num.zip_with(~scaled, num * 100).alias(spec.name)
    conv = text.is_not_null() & (scaled | (body != text).fill_null(False) | has_pct)
    helper = {percent_of_column(spec.name): of} if of is not None else {}
    if column.percents and not fractions and not ctx.header_has_percent and spec.options.get("ambiguous_fractions"):
        # `0.875` beside `87.5` and `87.5%`: a fraction (87.5%) or 0.875%? Never guessed: no value, and the table's
        # check ambiguous_fraction_or_percent names the row (0 is 0 either way). `1` and `1.0` are 1 %: a fraction
        # writer's 100 % is no efficiency a column of percentages holds, so the ambiguous range is (0, 1)
        ambiguous = (~has_pct & (num > 0) & (num < 1)).fill_null(False)
        if ambiguous.any():
            values = values.set(ambiguous, None)
            helper[ambiguous_column(spec.name)] = ambiguous
    # a fraction above 1 (`1.02` among `0.85`, `0.92`) is read as the percentage it is (102 %): a field whose range
    # ends at 100 quarantines it as out_of_range_; the report's field notes say how it was read
    notes = None
    if fractions and (over := (scaled & (num > 1)).fill_null(False)).any():
        notes = {FRACTION_OVER_100: over.cast(pl.Int64)}
    invalid = text.is_not_null() & num.is_null()
    if spec.options.get("basis") and invalid.any():   # `95%(V/V)`: read aside, for the table's checks to name
        values, invalid, basis = _other_basis(text, values, invalid, column.decimal_comma)
        if basis is not None:
            helper[percent_basis_column(spec.name)] = basis
    return Parsed(values, invalid, conv, notes=notes, columns=helper or None)


# a percent field's note: a bare value above 1 in a column of fractions, read as a percentage above 100
FRACTION_OVER_100 = "fraction_over_100_pct"


# a percentage stated on another basis than a mass fraction (the field's ``basis: mass``): a volume fraction
# (`95%(V/V)`, `95% (v/v)`, `99.5vol%`, `95%(体积分数)`), a mole fraction (`99.5%(mol)`, `99.5 mol%`), or mass per
# volume (`10%(w/v)`, g/100 mL)
_BASES = ((r"v/v|vol\.?|体积分数|体积", "volume"), (r"mol|摩尔分数|摩尔", "mole"), (r"w/v|m/v", "mass_per_volume"))
_BASIS_AFTER = r"\s*%\s*[(（]?\s*(?:{})\s*[)）]?\s*$"
_BASIS_BEFORE = r"\s*(?:{})\s*%\s*$"


def _other_basis(text: pl.Series, values: pl.Series, invalid: pl.Series, commas: bool
                 ) -> tuple[pl.Series, pl.Series, pl.Series | None]:
    """(values, invalid, basis) with the invalid percentages that state another basis read without it and their basis
    named (`volume`, `mole`, `mass_per_volume`); only the invalid values are looked at."""
    idx = invalid.arg_true()
    cells = text.gather(idx)
    basis = pl.repeat(None, len(cells), dtype=pl.String, eager=True)
    bare = cells
    for words, name in _BASES:
        pattern = f"(?i)(?:{_BASIS_AFTER.format(words)}|{_BASIS_BEFORE.format(words)})"
        hit = cells.str.contains(pattern).fill_null(False) & basis.is_null()
        if hit.any():
            basis = basis.zip_with(~hit, pl.repeat(name, len(cells), dtype=pl.String, eager=True))
            bare = bare.zip_with(~hit, cells.str.replace(pattern, "%"))
    if basis.is_null().all():
        return values, invalid, None
    _, _, has_pct, num, _ = _percent_parts(bare, True, commas)
    read = basis.is_not_null() & num.is_not_null() & has_pct
    if not read.any():
        return values, invalid, None
    where = idx.filter(read)
    out = pl.repeat(None, len(text), dtype=pl.String, eager=True).scatter(where, basis.filter(read))
    return values.scatter(where, num.filter(read)), invalid.scatter(where, False), out


def percent_of_column(field: str) -> str:
    """The helper column naming the substance a field's percentages are of (``of_substance: true``: `HNO3 68%`)."""
    return f"_{field}_of"


def ambiguous_column(field: str) -> str:
    """The helper column marking a percent field's bare values in (0, 1] in a column of percentages
    (``ambiguous_fractions``: `0.875` beside `87.5`): a fraction or a percentage, the export does not say."""
    return f"_{field}_ambiguous"


@check("ambiguous_fraction_or_percent")
def ambiguous_fraction_or_percent(frame: pl.DataFrame, table: TableSpec) -> pl.Series:
    """A percentage of 1 or less written bare in a column whose other numbers are percentages for sure (above 1.2):
    `0.875` beside `87.5` is 87.5% as a fraction or 0.875%, a hundredfold apart; the row is quarantined, named."""
    cols = [c for c in (ambiguous_column(f.name) for f in table.fields) if c in frame.columns]
    if frame.height == 0 or not cols:
        return pl.repeat(False, frame.height, dtype=pl.Boolean, eager=True)
    return frame.select(pl.any_horizontal(pl.col(c).fill_null(False) for c in cols)).to_series()


def percent_basis_column(field: str) -> str:
    """The helper column naming the basis of a field's percentages stated on another than its own (``basis``:
    `95%(V/V)` is `volume`), null for the others."""
    return f"_{field}_basis"
