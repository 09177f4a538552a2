"""Fabric widths to cm; a pair like `57/58"` or a range `145-150cm` is usable/overall width: keep the
smaller, whatever words name its one unit (`57in/58"`); a pair with no unit (`57/58`) is in inches, as mills quote
it. A tolerance (`150±2cm`, `150+/-2cm`) and the width restated in brackets (`150cm(59")`) or after a slash in
another unit (`150cm/59"`, within 2%: else invalid) are left out. The usable width named beside the overall one (a
word of the field's `usable_words`: 有效, 可用, 可裁, 净幅, cuttable, ...), in brackets, after a slash or a space
(`150cm(可裁140cm)`, `150cm/有效148cm`, `57" 可裁55"`), is a usable/overall pair too: the smaller.
Decimal commas (`148,5`, `1,45m`) are read as in any number column of the source
(:func:`indset.parsers.quantity.comma_use`)."""

from __future__ import annotations

import functools

import polars as pl

from indset.parsers.quantity import NUMBER, NumberHint, plus_minus, quantity_hint, split_number, to_unit
from indset.registry import ParseContext, Parsed, hint, parser
from indset.standard import FieldSpec
from indset.text import alternation, apply_where, normalize_text
from indset.units import resolve_unit

# the widest width quoted as an inch pair: 120" sheeting (305 cm) and a little more; a wider bare pair is in cm. No
# width is quoted in inches above it: `150` under `门幅(inch)` (381 cm) is a width in cm under a wrong header, or a
# typo, and out of range (never read as 150 cm, which would guess)
INCH_PAIR_MAX = 130
# a roll's length after the width (`150cm×50m`, `150x50m`, `57"*100yds`, `150cm*50米/卷`): the width is the first
_ROLL_LENGTH = (r"^(.*\d.*?)\s*[×xX*]\s*\d+(?:\.\d+)?\s*(?:m|M|米|码|yd|yds|yards?|Y|y)"
                r"(?:\s*/\s*(?:卷|匹|roll|(?i:roll)))?$")
# the words naming a usable width (`有效`, `可裁`, `cuttable`): the field's `usable_words` in standard.yaml
_DEFAULT_USABLE = ("有效", "usable", "cuttable")


@functools.cache
def _patterns(words: tuple[str, ...]) -> tuple[str, str]:
    """The field's own name written before a value (`有效门幅148cm`, `门幅:150`, `可裁145`, `Cuttable width 57"`), and
    an overall width with the usable one named beside it: in brackets (`150cm(可裁140cm)`), after a slash
    (`150cm/有效148cm`) or a space (`57" 可裁55"`, `幅宽160cm 有效150cm`)."""
    cjk = alternation(w for w in words if not w.isascii())
    latin = alternation(w for w in words if w.isascii())
    usable = "|".join(p for p in (f"(?:{cjk})(?:门幅|幅宽|幅)?" if cjk else "",
                                  rf"(?i:(?:{latin})(?:\s+width)?)" if latin else "") if p)
    width_word = (rf"^(?:{usable}|门幅|幅宽|全幅|边到边|(?i:full\s+width|width))\s*[:：]?\s*")
    word = rf"(?:{usable})\s*[:：]?\s*"
    with_usable = (rf"^([^()（）/]*\d[^()（）/]*?)\s*(?:[(（]\s*{word}([^()（）]*\d[^()（）]*?)\s*[)）]"
                   rf"|/\s*{word}([^()（）/]*\d[^()（）/]*)|\s+{word}([^()（）/]*\d[^()（）/]*))$")
    return width_word, with_usable


def _usable_words(spec: FieldSpec) -> tuple[str, ...]:
    return tuple(str(w) for w in spec.options.get("usable_words", _DEFAULT_USABLE))


@hint("width")
def width_hint(raw: pl.Series, spec: FieldSpec, header_has_percent: bool) -> NumberHint:
    """Whether the column writes decimal commas (`148,5`), as a quantity column's hint says; the source's other
    number columns settle it with this one (one number format per file)."""
    return quantity_hint(raw, spec, header_has_percent)


@parser("width")
def parse_width(raw: pl.Series, spec: FieldSpec, ctx: ParseContext) -> Parsed:
    text = normalize_text(raw)
    words = _usable_words(spec)
    usable = text.str.contains_any(list(words), ascii_case_insensitive=True).fill_null(False)
    if usable.any():
        parts = text.filter(usable).str.extract_groups(_patterns(words)[1]).struct.unnest()
        paired = usable.scatter(usable.arg_true(), parts["1"].is_not_null())
        if paired.any():
            return _with_usable(text, paired, spec, ctx)
    return _parse_width(raw, spec, ctx)


def _with_usable(text: pl.Series, paired: pl.Series, spec: FieldSpec, ctx: ParseContext) -> Parsed:
    """Each width read alone, the rows naming an overall and a usable width as the smaller of the two (each read by
    the width rules: its unit, else the header's, else cm)."""
    parts = text.filter(paired).str.extract_groups(_patterns(_usable_words(spec))[1]).struct.unnest()
    overall = _parse_width(parts["1"], spec, ctx)
    inner = _parse_width(parts["2"].fill_null(parts["3"]).fill_null(parts["4"]), spec, ctx)
    rest = _parse_width(text, spec, ctx)
    idx = paired.arg_true()
    smaller = pl.select(pl.min_horizontal(overall.values, inner.values)).to_series()
    values = rest.values.scatter(idx, smaller.set(overall.invalid | inner.invalid, None))
    return Parsed(values.alias(spec.name), rest.invalid.scatter(idx, overall.invalid | inner.invalid),
                  rest.converted.scatter(idx, True),
                  rest.out_of_range.scatter(idx, overall.out_of_range | inner.out_of_range))


PAIR_MIN_RATIO = 0.8  # the smaller end of a usable/overall pair is at least this share of the larger


def _parse_width(raw: pl.Series, spec: FieldSpec, ctx: ParseContext) -> Parsed:
    raw = (plus_minus(normalize_text(raw)).str.replace(r"\s*[(（][^)）]*[)）]$", "")
           .str.replace(r"\s*±\s*[\d.]+(?:,\d+)?", "")
           .str.replace(_patterns(_usable_words(spec))[0], "")  # `有效门幅148cm`, `可裁145`
           .str.replace_all(r"(\d)\s*''", '${1}"'))  # `57''/58''`
    raw = apply_where(raw, raw.str.contains("[×xX*]").fill_null(False), lambda v: v.str.replace(_ROLL_LENGTH, "$1"))
    text, num, unit = split_number(raw, ctx.hint)
    # `57/58"`, `57"/58"`, `145-150cm`: a unit after the first number too, if it is the second's
    pair = text.str.extract_groups(rf"^({NUMBER})\s*([^\d\s/\-~～]*)\s*[/\-~～]\s*({NUMBER})\s*(.*)$")
    a = pair.struct.field("1").cast(pl.Float64, strict=False)
    b = pair.struct.field("3").cast(pl.Float64, strict=False)
    first_unit, pair_unit = pair.struct.field("2"), pair.struct.field("4")
    # a pair or one width restated in another unit: told by the units the words name (`57in/58"` is a pair in inches)
    same_unit = ((first_unit == "") | (first_unit == pair_unit)
                 | (_resolved(first_unit, ctx) == _resolved(pair_unit, ctx)))
    is_pair = a.is_not_null() & b.is_not_null() & same_unit.fill_null(False)
    smaller = pl.select(pl.min_horizontal(a, b)).to_series()
    # a usable and an overall width lie close (`145-150cm`, `57/58"`); ends far apart are no such pair but a typo or
    # a tolerance (`150-2cm`: 2 cm would be published): read as neither, never guessed
    far = (smaller < PAIR_MIN_RATIO * pl.select(pl.max_horizontal(a, b)).to_series()).fill_null(False)
    num = num.zip_with(~is_pair, smaller.set(far, None) if len(smaller) else smaller)
    unit = unit.zip_with(~is_pair, pair_unit.set(pair_unit == "", None) if len(pair_unit) else pair_unit)
    # a usable/overall pair written without a unit (`57/58`, `58/60`, `44/45`) is quoted in inches, as `57/58"` is:
    # the trade's pair convention. A pair wider than any width quoted in inches (`145/150`) is no such pair: the bare
    # rule (the canonical unit) stays. Under a header naming a unit, the header's unit.
    bare = (is_pair & (first_unit == "") & (pair_unit == "")).fill_null(False) if ctx.header_unit is None else None
    if bare is not None and bare.any():
        # both words empty: the text is number, separator, number; a `/` in it is the separator (not `-`, `~`)
        bare = (bare & text.str.contains("/", literal=True)
                & (pl.select(pl.max_horizontal(a, b)).to_series() <= INCH_PAIR_MAX)).fill_null(False)
        unit = unit.set(bare, "inch")
    values, bad_unit = to_unit(num, unit, ctx.header_unit, spec.unit, ctx)
    restated = (a.is_not_null() & b.is_not_null() & (first_unit != "") & (pair_unit != "") & ~is_pair).fill_null(False)
    if restated.any():  # `150cm/59"`: one width in two units, read in the field's own
        a_cm, bad_a = to_unit(a, first_unit, None, spec.unit, ctx)
        b_cm, bad_b = to_unit(b, pair_unit, None, spec.unit, ctx)
        same = ((a_cm - b_cm).abs() <= 0.02 * pl.select(pl.max_horizontal(a_cm, b_cm)).to_series()).fill_null(False)
        ok = restated & same & ~bad_a & ~bad_b
        values = values.zip_with(~ok, a_cm.zip_with(_in_unit(first_unit, spec.unit, ctx), b_cm))
        num, bad_unit = num.zip_with(~ok, values), bad_unit & ~ok
    invalid = text.is_not_null() & (num.is_null() | bad_unit)
    plain = text.str.contains(r"^\d+(\.\d+)?$").fill_null(False) & (ctx.header_unit in (None, "cm"))
    # a width in inches wider than any quoted so (`150` under `门幅(inch)`, `150"`): out of range, in its own unit
    words = unit.fill_null(ctx.header_unit) if ctx.header_unit is not None else unit
    in_inches = (_resolved(words, ctx) == "inch").fill_null(False) & ~restated
    wide = (in_inches & (num > INCH_PAIR_MAX)).fill_null(False) & ~invalid
    return Parsed(values.alias(spec.name), invalid, text.is_not_null() & ~plain, wide)


def _resolved(words: pl.Series, ctx: ParseContext) -> pl.Series:
    """The unit each word names (`in` and `"` are both inch), null when unknown, asked once per distinct word."""
    own = {w: resolve_unit(ctx.standard, w) for w in words.unique().drop_nulls().to_list()}
    return words.replace_strict(own, default=None, return_dtype=pl.String)


def _in_unit(words: pl.Series, unit: str | None, ctx: ParseContext) -> pl.Series:
    """Bool per row: the unit word names ``unit`` itself (`cm` beside `59"`), asked once per distinct word."""
    own = {w: resolve_unit(ctx.standard, w) == unit for w in words.unique().drop_nulls().to_list()}
    return words.replace_strict(own, default=False, return_dtype=pl.Boolean)
