"""Plant historian exports (Tennessee Eastman naming): wide -> long, unit words, tag units, fault labels.

- reshape ``historian_wide_to_long``: a wide export (one column per tag, the header may carry the
  unit: `反应器压力(MPa)`, `Reactor Temperature (degF)`) becomes long rows (tag, value, unit) with
  ``_source_column`` naming the header each value came from. Long exports pass through unchanged.
- parser ``unit_word``: a unit word (`℃`, `°F`, `MPa`, `m³/h`, `mol %`) to its pint expression.
- derive ``convert_to_tag_unit``: values to the canonical unit of their tag, once per distinct
  (unit, tag) pair, then one vectorized multiply-add; ``unit`` becomes the canonical unit.
- check ``unit_incompatible_with_tag``: a unit that cannot convert to the tag's unit (kg for a pressure).
- parser ``fault_label``: `IDV(1)` from `idv_01`, `IDV1`, `Fault 1`, `故障1`; null when normal.
"""

from __future__ import annotations

import functools
import json
import re
from functools import cache

import polars as pl

from indset.errors import SourceError
from indset.headers import HeaderMap, header_candidates, map_headers, resolve_header
from indset.manifest import Source
from indset.parsers.basic import changed, loose_codes, loose_get
from indset.registry import ParseContext, Parsed, check, derive, parser, reshape
from indset.standard import FieldSpec, IndustryStandard, TableSpec, load_standard
from indset.text import key_form, map_unique, normalize_text
from indset.units import conversion, json_key_unit, known_unit, resolve_unit, ureg

SOURCE_COLUMN = "_source_column"
MELTED = ("tag", "value", "unit")  # the fields the wide -> long melt makes
MAX_FAULT = 28          # the modified Tennessee Eastman process has IDV(1)..IDV(28)


def tag_index(spec: FieldSpec) -> dict[str, str]:
    index: dict[str, str] = {}
    for canonical, words in spec.values.items():
        for w in (canonical, canonical.replace("_", " "), *words):
            index.setdefault(key_form(w), canonical)
    return index


def tag_units(spec: TableSpec) -> dict[str, str]:
    return dict(spec.field("tag").options.get("units", {}))


Loose = tuple[dict[str, str], tuple[str, ...], tuple[str, ...]]   # a loose_codes index (indset.parsers.basic)


def header_tag(header: str, index: dict[str, str], is_unit=None,
               loose: Loose | None = None) -> tuple[str, str | None] | None:
    """(canonical tag, unit named in the header) of a wide column, or None when it is not a tag.

    `反应器压力(MPa)`, `Reactor Pressure / MPa`; bilingual `反应器温度/Reactor Temperature(℃)` (the second
    name is no unit); with ``is_unit``, a unit glued on (`反应器温度℃`, `反应器压力MPa`); with ``loose``, a DCS
    point name (`PI-101.PV`, `TI_101`)."""
    tag, unit = resolve_header(header, index)  # the header module's reading: bare, unit in brackets, `/`, space
    if tag is not None:
        return tag, unit
    if loose is not None:
        for base, unit in header_candidates(header):   # `PI-101.PV`, `PI-101.PV(MPa)`
            if tag := loose_get(loose, base):
                return tag, unit
    key = key_form(header)
    if is_unit is not None:
        for name in sorted((n for n in index if key.startswith(n) and len(n) < len(key)), key=len, reverse=True):
            rest = key[len(name):].strip()
            if is_unit(rest):
                return index[name], rest
    return None


@reshape("historian_wide_to_long")
def historian_wide_to_long(raw: pl.DataFrame, std: IndustryStandard, src: Source) -> pl.DataFrame:
    """Melt one-column-per-tag exports into (tag, value, unit) rows; long exports pass unchanged.

    A long export without a unit column takes the unit its value header names (`数值(MPa)`).
    The melt makes ``tag``, ``value`` and ``unit``, so an identifier column whose header reads as one of
    them means something else here: a `Unit` column of a wide export names the plant unit (``unit_id``).
    """
    spec = std.tables[src.table]
    data_cols = [c for c in raw.columns if not c.startswith("_")]
    hmap = map_headers(data_cols, std, src.table, src.columns)
    if "tag" in hmap.renames.values():               # already long; `数值(MPa)` names the unit of every row
        plant = _plant_unit_column(data_cols, hmap, std, src)
        if plant is not None:
            raw = raw.rename({plant: "unit_id"})
            hmap = map_headers([c for c in raw.columns if not c.startswith("_")], std, src.table, src.columns)
        header_unit = hmap.units.get("value")
        if header_unit and "unit" not in hmap.renames.values() and "unit" not in raw.columns:
            raw = raw.with_columns(pl.lit(header_unit, pl.String).alias("unit"))
        return _units_in_tag_names(_units_of_keyed_values(raw, hmap), hmap, std, spec)
    index = tag_index(spec.field("tag"))
    is_unit = functools.partial(known_unit, std)
    loose = loose_codes(std, spec.field("tag"))  # the tag parser's own loose index (PI-101.PV, TI_101)
    free = [c for c in data_cols if c not in hmap.renames]
    flags = {} if "quality" in hmap.renames.values() else quality_columns(
        free, lambda h: header_tag(h, index, is_unit, loose))
    tag_cols = {c: t for c in free if c not in flags and (t := header_tag(c, index, is_unit, loose))}
    if not tag_cols:
        return raw
    raw = raw.rename(_melted_names_taken(hmap, src))
    ids = [c for c in raw.columns if c not in tag_cols and c not in flags]
    long = raw.unpivot(index=ids, on=list(tag_cols), variable_name=SOURCE_COLUMN, value_name="value")
    headers = pl.Series(list(tag_cols), dtype=pl.String)
    tags = pl.Series([t for t, _ in tag_cols.values()], dtype=pl.String)
    # a column whose header names no unit takes the one the manifest names for it (`units: {PI-101.PV: MPa}`), or
    # its tag's when that is the only unit the tag is written in (a level, in % of its span); else none
    # (missing_unit, as an empty unit cell of a long export): a DCS point's value in another unit than the tag's
    # (2.75 MPa on a kPa tag) would be published as it stands
    sole = {t: u for t, u in tag_units(spec).items() if u == "%"}
    unit_words = pl.Series([u or src.units.get(c.strip()) or sole.get(t) for c, (t, u) in tag_cols.items()],
                           dtype=pl.String)
    long = long.with_columns(
        pl.col(SOURCE_COLUMN).replace_strict(headers, tags, return_dtype=pl.String).alias("tag"),
        pl.col(SOURCE_COLUMN).replace_strict(headers, unit_words, return_dtype=pl.String).alias("unit"),
    )
    if flags:  # each reading takes the quality flag of its own tag on its own row
        q = raw.select("_source_row", *flags).unpivot(index="_source_row", on=list(flags), variable_name="tag",
                                                     value_name="quality")
        q = q.with_columns(pl.col("tag").replace_strict(flags, return_dtype=pl.String))
        long = long.join(q, on=["_source_row", "tag"], how="left", maintain_order="left")
    long = _units_in_values(long, is_unit)
    order = {c: i for i, c in enumerate(tag_cols)}
    rank = pl.col(SOURCE_COLUMN).replace_strict(order, return_dtype=pl.Int32)
    long = long.sort(pl.col("_source_row"), rank)
    lead = [c for c in ids if not c.startswith("_")]
    lineage = [c for c in ids if c.startswith("_")]
    return long.select(*lead, "tag", "value", "unit", *(["quality"] if flags else []), *lineage, SOURCE_COLUMN)


# a reading written with its unit (`2.75 MPa`, `120.5℃`, `74.2%`): the number, then a word without digits
_VALUE_WITH_UNIT = r"^\s*(?P<num>[+-]?(?:\d[\d,]*(?:\.\d*)?|\.\d+))\s*(?P<unit>[^\d\s.,+\-][^\d]*?)\s*$"


def _units_in_values(long: pl.DataFrame, is_unit) -> pl.DataFrame:
    """A wide export's cell that carries its unit (`2.75 MPa` under `PI-101.PV`; a percent-formatted cell read as
    `74.2%`): the value is the number and the row's unit the cell's own (it wins over the header's). A word that is
    no unit leaves the cell as it is (invalid). The regex runs only over the cells that are more than a number."""
    values = long["value"]
    if values.dtype != pl.String:
        return long
    more = values.str.contains(r"[^\d\s.,+\-eE]").fill_null(False)
    if not more.any():
        return long
    idx = more.arg_true()
    parts = values.gather(idx).str.extract_groups(_VALUE_WITH_UNIT)
    word = parts.struct.field("unit")
    known = map_unique(word, lambda w: "1" if is_unit(w) else None).is_not_null()
    where = idx.filter(known)
    if not len(where):
        return long
    return long.with_columns(values.scatter(where, parts.struct.field("num").filter(known)),
                             long["unit"].scatter(where, word.filter(known)))


# a tag's own quality flag column in a wide export: `Reactor Pressure Quality`, `PI-101.Q`, `反应器压力质量码`
_QUALITY_OF_TAG = re.compile(r"(?i)^(?P<tag>.+?)(?:[\s._/-]+(?:quality|qual|q|status|flag)"
                             r"|\s*(?:质量码|质量标志|质量))$")


def quality_columns(headers: list[str], tag_of) -> dict[str, str]:
    """Column -> tag for the headers naming a tag's quality flag (the first such column of a tag)."""
    out: dict[str, str] = {}
    for h in headers:
        m = _QUALITY_OF_TAG.match(h.strip())
        if m and (t := tag_of(m["tag"].strip())) and t[0] not in out.values():
            out[h] = t[0]
    return out


def _key_unit(cell: str) -> str | None:
    """The unit word a JSON object's one key gives its number (`{"pct": 75.5}`: `%`), or None."""
    try:
        obj = json.loads(cell)
    except ValueError:
        return None
    if not isinstance(obj, dict) or len(obj) != 1:
        return None
    return json_key_unit(str(next(iter(obj))))


def _units_of_keyed_values(raw: pl.DataFrame, hmap: HeaderMap) -> pl.DataFrame:
    """A long export's value given as a number under a unit word (`"value": {"pct": 75.5}`, `{"kPa": 2700}`) on a
    row whose unit column is empty: the row's unit is that word, its value the number."""
    values = [c for c, f in hmap.renames.items() if f == "value"] + hmap.alternates.get("value", [])
    unit = next((c for c, f in hmap.renames.items() if f == "unit"), None)
    for c in values:
        cells = raw[c]
        if cells.dtype != pl.String or not cells.str.contains("{", literal=True).any():   # a literal scan first
            continue
        keyed = cells.str.contains(r'^\s*\{\s*"[^"]*"\s*:\s*[-+0-9."]*\s*\}\s*$').fill_null(False)
        if unit is not None:
            keyed = keyed & raw[unit].is_null()
        if not keyed.any():
            continue
        words = map_unique(cells.set(~keyed, None), _key_unit)
        keyed = keyed & words.is_not_null()
        number = cells.str.extract(r':\s*"?([-+0-9.]+)"?\s*\}\s*$', 1)
        raw = raw.with_columns(cells.zip_with(~keyed, number))
        if unit is None:
            raw = raw.with_columns(words.alias("unit"))
            unit = "unit"
        else:
            raw = raw.with_columns(raw[unit].fill_null(words))
    return raw


def _units_in_tag_names(raw: pl.DataFrame, hmap: HeaderMap, std: IndustryStandard, spec: TableSpec) -> pl.DataFrame:
    """A long export's tag written with its unit, as a wide header would be (`PI-101 (MPa)`, `反应釜温度(℉)`,
    `反应器压力 bar`): the tag is the name, and the unit fills the row's unit where the unit column is empty (a unit
    column's own value wins). Read once per distinct tag; a word after the name that is no unit
    (`TI-101 反应釜温度`) is left."""
    col = next((c for c, f in hmap.renames.items() if f == "tag"), None)
    if col is None or raw.schema[col] != pl.String:
        return raw
    field = spec.field("tag")
    index = tag_index(field)
    is_unit = functools.partial(known_unit, std)
    loose = loose_codes(std, field)
    named = {}
    for v in raw[col].drop_nulls().unique().to_list():
        if key_form(v) in index:
            continue
        found = header_tag(v, index, is_unit, loose)
        if found is not None and found[1] and is_unit(found[1]):
            named[v] = found[1]
    if not named:
        return raw
    words = pl.Series(list(named), dtype=pl.String)
    unit_of = raw[col].replace_strict(words, pl.Series(list(named.values()), dtype=pl.String), default=None)
    name_of = raw[col].replace_strict(words, pl.Series([_without_unit(v, u) for v, u in named.items()],
                                                       dtype=pl.String), default=None)
    unit = next((c for c, f in hmap.renames.items() if f == "unit"), "unit" if "unit" in raw.columns else None)
    fill = unit_of if unit is None else raw[unit].fill_null(unit_of)
    return raw.with_columns(name_of.fill_null(raw[col]).alias(col), fill.alias(unit or "unit"))


def _without_unit(text: str, unit: str) -> str:
    """The tag name of ``text`` without the ``unit`` it names after it (`PI-101 (MPa)` -> `PI-101`)."""
    for base, u in header_candidates(text):
        if u is not None and key_form(u) == key_form(unit):
            return base
    key = key_form(text)
    return key[: len(key) - len(key_form(unit))].strip() if key.endswith(key_form(unit)) else text


def _plant_unit_column(cols: list[str], hmap: HeaderMap, std: IndustryStandard, src: Source) -> str | None:
    """In a long export with no unit_id column, the `Unit` column (a word of the unit field's ``plant_unit_words``)
    beside an explicit unit-of-measure column (`UOM`, `EU`, `工程单位`): the plant unit (R-101), not the unit."""
    if "unit_id" in hmap.renames.values() or "unit_id" in cols:
        return None
    words = {key_form(str(w)) for w in std.tables[src.table].field("unit").options.get("plant_unit_words", ())}
    readings = {c: f for c in cols for f in map_headers([c], std, src.table, src.columns).renames.values()}
    units = [c for c, f in readings.items() if f == "unit"]
    overridden = {key_form(k) for k, v in src.columns.items() if v == "unit"} if src.columns else set()
    plain = [c for c in units if key_form(c) in words and key_form(c) not in overridden]
    if len(plain) == 1 and len(units) > len(plain):
        return plain[0]
    return None


def _melted_names_taken(hmap: HeaderMap, src: Source) -> dict[str, str]:
    """Renames for identifier columns that read as a field the melt makes: `Unit` becomes ``unit_id``."""
    taken = {c: f for c, f in hmap.renames.items() if f in MELTED}
    renames = {}
    for col, fld in taken.items():
        if fld == "unit" and "unit_id" not in hmap.renames.values():
            renames[col] = "unit_id"
        else:
            raise SourceError(src.path, f"wide export: column {col!r} reads as {fld!r}, which the tag columns "
                              "give; map it in the manifest's columns:", "ambiguous_column")
    return renames


@parser("unit_word")
def parse_unit_word(raw: pl.Series, spec: FieldSpec, ctx: ParseContext) -> Parsed:
    """A unit word to the pint expression of the standard's unit table (`℃` -> `degC`)."""
    text = normalize_text(raw)
    values = map_unique(text, lambda w: resolve_unit(ctx.standard, w)).alias(spec.name)
    return Parsed(values, text.is_not_null() & values.is_null(), changed(raw, values))


@cache
def _target(industry: str, display: str) -> str | None:
    return resolve_unit(load_standard(industry), display)


_BASES = ("[mole_fraction]", "[mass_fraction]")


@cache
def _bare_fraction(unit: str, target: str) -> tuple[float, float] | None:
    """A bare fraction (`%`, `ppm`) on a tag whose canonical unit names its basis (mol%): in that basis, as the tag
    says; a unit naming another basis (wt%, %LEL) has no conversion (indset.units)."""
    reg = ureg()
    try:
        if not reg.Quantity(1.0, unit).dimensionless:
            return None
        base = reg.Quantity(1.0, target).to_root_units()
        if str(base.dimensionality) not in _BASES:
            return None
        return float(reg.Quantity(1.0, unit).to("dimensionless").magnitude / base.magnitude), 0.0
    except Exception:  # pint raises many kinds: any failure means no conversion
        return None


def _tag_conversion(unit: str, display: str | None) -> tuple[float, float] | None:
    """(scale, offset) from ``unit`` to a tag's canonical unit (``display``, as the standard writes it), or None."""
    target = _target("chemicals", display) if display else None
    return (conversion(unit, target) or _bare_fraction(unit, target)) if target else None


def _plausible(conv: tuple[float, float], table: TableSpec) -> bool:
    """Whether a conversion's scale lies in the unit field's ``plausible_scale`` (a pressure in mPa does not)."""
    band = table.field("unit").options.get("plausible_scale")
    return band is None or float(band[0]) <= abs(conv[0]) <= float(band[1])


@derive("convert_to_tag_unit")
def convert_to_tag_unit(frame: pl.DataFrame, table: TableSpec) -> pl.DataFrame:
    """value -> canonical unit of its tag; unit -> that unit's name. Unconvertible pairs are left as read, and so
    are implausible ones (a scale outside the unit field's ``plausible_scale``: see unit_implausible_for_tag)."""
    if frame.height == 0:
        return frame
    units = tag_units(table)
    pairs = frame.select("unit", "tag").unique().drop_nulls()
    rows = []
    for unit, tag in pairs.iter_rows():
        display = units.get(tag)
        conv = _tag_conversion(unit, display)
        if conv is not None and _plausible(conv, table):
            rows.append((unit, tag, conv[0], conv[1], display))
    table_ = pl.DataFrame(rows, schema={"unit": pl.String, "tag": pl.String, "_scale": pl.Float64,
                                        "_offset": pl.Float64, "_display": pl.String}, orient="row")
    joined = frame.join(table_, on=["unit", "tag"], how="left", maintain_order="left")
    return joined.with_columns(
        pl.when(pl.col("_scale").is_not_null()).then(pl.col("value") * pl.col("_scale") + pl.col("_offset"))
        .otherwise(pl.col("value")).alias("value"),
        pl.col("_display").fill_null(pl.col("unit")).alias("unit"),
    ).drop("_scale", "_offset", "_display")


@check("unit_implausible_for_tag")
def unit_implausible_for_tag(frame: pl.DataFrame, table: TableSpec) -> pl.Series:
    """A unit that converts to its tag's unit only by a factor outside the unit field's ``plausible_scale`` (`mPa`, the
    millipascal, on a pressure tag: 10^-6 kPa; `mW` on a compressor's work) is no plant instrument's: a prefix's
    case was mistaken, and the reading is off by a millionfold or more. Checked once per distinct (unit, tag)."""
    units = tag_units(table)
    pairs = frame.select("unit", "tag").unique().drop_nulls()
    bad = [(u, t) for u, t in pairs.iter_rows() if u != units.get(t)
           and (conv := _tag_conversion(u, units.get(t))) is not None and not _plausible(conv, table)]
    if not bad:
        return pl.repeat(False, frame.height, dtype=pl.Boolean, eager=True)
    keys = pl.DataFrame(bad, schema={"unit": pl.String, "tag": pl.String}, orient="row").with_columns(
        pl.lit(True).alias("_bad"))
    return frame.select("unit", "tag").join(keys, on=["unit", "tag"], how="left", maintain_order="left")["_bad"] \
        .fill_null(False).alias("unit_implausible_for_tag")


@check("unit_incompatible_with_tag")
def unit_incompatible_with_tag(frame: pl.DataFrame, table: TableSpec) -> pl.Series:
    """After conversion every reading must be in its tag's canonical unit (else the unit does not fit the tag)."""
    units = tag_units(table)
    expected = frame["tag"].replace_strict(units, default=None, return_dtype=pl.String)
    return (frame["unit"].is_not_null() & frame["tag"].is_not_null()
            & (expected.is_null() | (frame["unit"] != expected))).fill_null(False)


@check("value_below_physical_limit")
def value_below_physical_limit(frame: pl.DataFrame, table: TableSpec) -> pl.Series:
    """A reading below what any instrument can read in its unit (the value field's ``physical_min``: a gauge
    pressure under a perfect vacuum, a temperature under absolute zero) is a broken reading."""
    below = pl.repeat(False, frame.height, dtype=pl.Boolean, eager=True)
    for unit, floor in table.field("value").options.get("physical_min", {}).items():
        below = below | ((frame["unit"] == unit) & (frame["value"] < floor)).fill_null(False)
    return below


_FAULT = re.compile(r"^(?:idv|fault|故障|扰动|f)\s*[_\-#]?\s*\(?\s*(\d{1,2})\s*\)?$")
NORMAL_WORDS = {"normal", "正常", "无", "none", "no fault", "idv(0)", "idv0", "idv_00", "fault 0", "0", "-", "n/a",
                "ok", "无故障", "正常工况", "正常运行", "正常生产", "normal operation"}


# written as a fault label (`IDV(35)`, `Fault 29`, `idv_1.5`, a bare number `7`): a label whose number is none of the
# process's is malformed
_LABEL_SHAPED = re.compile(r"^(?:idv|fault|故障|扰动|f)?\s*[_\-#]?\s*\(?\s*[+-]?\d+(?:\.\d*)?\s*\)?$")
UNKNOWN = "?"   # fault_label's answer for text that is no label (`冷却水泵P-102跳车`, `boom`): an unknown fault


def fault_label(text: str) -> str | None:
    """`IDV(n)` for a fault label; '' for normal; None for a malformed label (`IDV(35)`: out of range); ``UNKNOWN``
    for any other text (a fault described in words, not labelled)."""
    t = key_form(text)
    if t in NORMAL_WORDS:
        return ""
    m = _FAULT.match(t)
    if not m:
        return None if _LABEL_SHAPED.match(t) else UNKNOWN
    n = int(m[1])
    if n == 0:
        return ""
    return f"IDV({n})" if 1 <= n <= MAX_FAULT else None


@parser("fault_label")
def parse_fault_label(raw: pl.Series, spec: FieldSpec, ctx: ParseContext) -> Parsed:
    """STANDARD.md: the fault label when known, null when normal or unknown. A label out of range (`IDV(35)`) is
    malformed (invalid); free text (`冷却水泵P-102跳车`) names a fault no label says: null, noted ``unknown_fault``, the
    reading kept."""
    text = normalize_text(raw)
    label = map_unique(text, fault_label)
    invalid = text.is_not_null() & label.is_null()
    unknown = (label == UNKNOWN).fill_null(False)
    values = label.set((label == "").fill_null(False) | unknown, None)
    notes = {"unknown_fault": unknown.cast(pl.Int64)} if unknown.any() else None
    return Parsed(values.alias(spec.name), invalid, changed(raw, values), notes=notes)
