"""Row-local stages for one source: map headers -> normalize -> check -> keep | quarantine.

Each stage is pure over polars frames. "Measure" (parsed values, invalid masks, named reasons,
counters for scoring) is kept apart from "act" (the split into kept and quarantined rows).
Nothing here needs the whole table, so sources (or chunks of them) can run anywhere.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import re
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import polars as pl

from indset.header_rows import with_repeated_headers, with_units_row
from indset.headers import DUPLICATE, HeaderMap, column_zone, field_words, map_headers
from indset.manifest import Source
from indset.parsers.timestamps import HALF_DAY_WORDS, date_order, dates_only
from indset.quality import fresh_mask
from indset.raw_forms import excel_text, json_amounts_as_text, json_lists_as_text, placeholders
from indset.read import RAW_LINE, SOURCE_INDEX, SOURCE_ROW, json_cell, read_source, source_suffix
from indset.registry import CHECKS, DERIVES, HINTS, RESHAPES, SOURCE_HINTS, ParseContext, Parsed, Parser, get_parser
from indset.standard import FieldSpec, IndustryStandard, TableSpec
from indset.text import alternation, key_form, normalize_text
from indset.units import known_unit

SOURCE_COLUMN = "_source_column"  # set by a reshape that turns one record into several (wide -> long)
LINEAGE_COLS = [SOURCE_ROW, SOURCE_INDEX]  # kept rows name their source by index; the path is added at the end
REASON = "_reason"

POLARS_TYPES: dict[str, pl.DataType] = {
    "str": pl.String(), "float": pl.Float64(), "int": pl.Int64(), "bool": pl.Boolean(),
    "ts": pl.Datetime("us", "UTC"), "list_str": pl.List(pl.String),
    "composition": pl.List(pl.Struct({"fiber": pl.String, "pct": pl.Float64})),
}


def polars_type(spec: FieldSpec) -> pl.DataType:
    return POLARS_TYPES[spec.type]


@dataclass
class Measures:
    """Counters for the input quality scores of one table (summed over sources)."""

    rows: int = 0
    required_cells: int = 0
    required_present: int = 0
    checked_values: int = 0
    passed_values: int = 0
    rows_consistent: int = 0
    values_present: int = 0
    values_conformant: int = 0
    rows_fresh: int = 0
    field_invalid: dict[str, int] = field(default_factory=dict)
    notes: dict[str, dict[str, int]] = field(default_factory=dict)   # field -> finding -> count

    def add(self, other: Measures) -> None:
        for name in ("rows", "required_cells", "required_present", "checked_values", "passed_values",
                     "rows_consistent", "values_present", "values_conformant", "rows_fresh"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for k, v in other.field_invalid.items():
            self.field_invalid[k] = self.field_invalid.get(k, 0) + v
        for f, counts in other.notes.items():
            mine = self.notes.setdefault(f, {})
            for k, v in counts.items():
                mine[k] = mine.get(k, 0) + v


@dataclass
class SourceResult:
    kept: pl.DataFrame          # canonical typed columns + lineage columns
    quarantine: pl.DataFrame    # raw strings (canonical names where mapped) + _reason + lineage
    headers: HeaderMap
    measures: Measures
    names: frozenset[str] = frozenset()   # people named in personal fields or unmapped person columns (masked)


def map_columns(raw: pl.DataFrame, src: Source, std: IndustryStandard) -> tuple[pl.DataFrame, HeaderMap]:
    """Rename mapped columns to canonical names; fill enterprise_id from the manifest."""
    empty = _empty_unnamed(raw)
    raw = raw.drop(empty)
    hmap = map_headers([c for c in raw.columns if not c.startswith("_")], std, src.table, src.columns)
    if hmap.pairs and (split := _pairs_split(raw, hmap)) is not raw:
        raw = split
        hmap = map_headers([c for c in raw.columns if not c.startswith("_")], std, src.table, src.columns)
    if hmap.groups and (split := _groups_split(raw, hmap, std, src.table)) is not raw:
        raw = split
        hmap = map_headers([c for c in raw.columns if not c.startswith("_")], std, src.table, src.columns)

    def mapped(cols: list[str]) -> dict[str, str]:
        return map_headers(cols, std, src.table).renames

    spec = std.tables[src.table]
    texts = [c for c, f in hmap.renames.items() if spec.field(f).parser == "text" and spec.field(f).grade == "general"]
    plain = frozenset(c for c in texts if not spec.field(hmap.renames[c]).free_text)
    secret = {f.name for f in spec.fields if f.grade in ("core", "personal")}
    codes = [c for c, f in hmap.renames.items() if spec.field(f).parser in ("code", "enum")]
    lists = frozenset(c for c, f in hmap.renames.items() if spec.field(f).type == "list_str")
    owners = {**hmap.renames, **{c: f for f, cols in hmap.alternates.items() for c in cols}}
    numbers = [c for c, f in owners.items() if spec.field(f).type in ("float", "int")]
    braces = _with_braces(raw, [*texts, *codes, *lists, *numbers, *hmap.unmapped])  # most exports: none, one scan
    texts, codes, numbers = ([c for c in cols if c in braces] for cols in (texts, [*codes, *lists], numbers))
    found: dict[str, str] = {}  # a column made of a nested key -> the field the key names
    expanded = with_objects_expanded(
        with_fields_out_of_numbers(
            with_codes_out_of_objects(with_fields_out_of_text(raw, texts, hmap.renames, mapped, secret, plain, found),
                                      codes, hmap.renames, mapped, lists), numbers, hmap.renames, owners, mapped),
        [c for c in hmap.unmapped if c in braces], mapped, found)
    nested: frozenset[str] = frozenset()
    if expanded is not raw:
        nested = frozenset(expanded.columns) - frozenset(raw.columns)
        raw = expanded
        hmap = map_headers([c for c in raw.columns if not c.startswith("_")], std, src.table, src.columns, nested)
        _nested_alternates(hmap, found)
    raw = _clashes_aside(raw, hmap)
    frame = merge_alternates(raw.rename(hmap.renames), hmap, spec, src.shifts, src.date_order, std, nested)
    if "enterprise_id" not in frame.columns:
        frame = frame.with_columns(pl.lit(src.enterprise_id, pl.String).alias("enterprise_id"))
    else:
        frame = frame.with_columns(pl.col("enterprise_id").fill_null(src.enterprise_id))
    hmap.empty = empty
    return frame, hmap


def _nested_alternates(hmap: HeaderMap, found: dict[str, str]) -> None:
    """A column made of a nested key naming a field that another column holds, left unmapped because its name is the
    key's path (`product.price` beside a top-level `price`), is one more column naming that field
    (``HeaderMap.alternates``): :func:`merge_alternates` fills the field's empty cells from it. Not where the field's
    header names a unit or a `%` (the key names none: its numbers may be in another unit)."""
    for col, target in found.items():
        if (col in hmap.unmapped and target in hmap.renames.values() and target not in hmap.units
                and target not in hmap.percent and col not in hmap.alternates.get(target, [])):
            hmap.alternates.setdefault(target, []).append(col)


_UNNAMED_COLUMN = re.compile(r"column_\d+")  # the reader's name for an empty header cell (read.py)


def _empty_unnamed(raw: pl.DataFrame) -> list[str]:
    """The columns with an empty header cell (named `column_<n>` by the reader) and no value in any row: the
    trailing commas of a header `...,更新日期,,`. They are no unmapped columns (``HeaderMap.empty``)."""
    cols = [c for c in raw.columns if _UNNAMED_COLUMN.fullmatch(c) and raw.schema[c] in (pl.String, pl.Null)]
    if not cols:
        return []
    blank = raw.select((pl.col(c).is_null() | pl.col(c).cast(pl.String).str.contains(r"^\s*$")).all()
                       for c in cols).row(0)
    return [c for c, b in zip(cols, blank, strict=True) if b]


# a cell of a column naming two fields, the second a number (`分子式/分子量`): the first's value, a slash or a space,
# then the number with its unit, if any (`H2SO4 98`, `C2H6O/46.07`, `Na2CO3·10H2O 286.14 g/mol`); the unit holds no
# digit, so a hydrate after a space (`CuSO4 5H2O`) is no number
_PAIR_CELL = r"^\s*(?P<first>.*?\S)\s*(?:[/／]|\s)\s*(?P<second>[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:\s*[^\d\s/][^\d]*)?)\s*$"


def _pairs_split(raw: pl.DataFrame, hmap: HeaderMap) -> pl.DataFrame:
    """A column whose header names two fields, the second a number (``HeaderMap.pairs``: `分子式/分子量`), is split
    into the two: the second's value becomes a column of its own under its label, right after the column, where the
    file has no column of that name (else the cell is left whole, for the first field's parser to judge). A cell
    without the number is the first field's alone."""
    out = raw
    for col, label in hmap.pairs.items():
        if label in out.columns or out.schema.get(col) != pl.String:
            continue
        parts = out[col].str.extract_groups(_PAIR_CELL)
        second = parts.struct.field("second").alias(label)
        if second.is_null().all():
            continue
        first = out[col].zip_with(second.is_null(), parts.struct.field("first")).alias(col)
        at = out.columns.index(col)
        out = pl.concat([out.select(out.columns[:at]), pl.DataFrame([first, second]),
                         out.select(out.columns[at + 1:])], how="horizontal")
    return out


UNREAD = "_unread "  # + a field's name: a helper column, true where a group's cell gave the field no value it reads
_GROUP_SEPARATORS = r"\s*[/／|、,，;；]\s*"
_LABEL_END = r"\s*[:：=]?\s*(\d+)"
_NOT_BEFORE_LABEL = r"(?:^|[^a-z\u4e00-\u9fff])"   # a label starts a word: `ma` is no part of `cma`


def _groups_split(raw: pl.DataFrame, hmap: HeaderMap, std: IndustryStandard, table: str) -> pl.DataFrame:
    """A column holding several fields of a group (``HeaderMap.groups``: `致命/严重/轻微` = `1/0/0`, `缺陷数` = `CR0
    MA2 MI5`) becomes one column per field, under the field's name, where the column stood. A cell whose parts carry
    the fields' words (`CR0 MA2 MI5`, `CR:0 MA:2 MI:5`, `Critical 0 / Major 2 / Minor 5`, `致命1 严重0`: each field
    once, nothing else) gives them by their words; one of as many parts as the header lists (`1/0/0`) gives them in
    its order. Any other cell (`3`, `0/2` under three classes) gives no field a value it reads: the cell stays in each
    field's column and the helper column ``UNREAD`` + field makes it invalid there. A column whose header names only
    the group (`缺陷数`) is split only when most of its cells are so read (else it stays unmapped: a column of totals
    or of defect descriptions is none), and then its unlabelled cells must list every field of the group. Nothing
    happens where a field the column holds has a column of its own or the file has one of its name (`致命` beside
    `缺陷(严重/轻微)` is no conflict: only the fields the header lists count)."""
    out = raw
    for col, (order, fields, listed) in hmap.groups.items():
        if out.schema.get(col) != pl.String or set(order) & (set(hmap.renames.values()) | set(out.columns)):
            continue
        words = field_words(std, table, fields)
        text = normalize_text(out[col])
        low = text.str.to_lowercase()
        every = alternation(w for ws in words.values() for w in ws)
        rest = low.str.replace_all(f"(?:{every}){_LABEL_END}", "").str.replace_all(r"[\s/／|、,，;；]+", "")
        counts = {f: low.str.count_matches(f"{_NOT_BEFORE_LABEL}(?:{'|'.join(map(re.escape, words[f]))}){_LABEL_END}")
                  for f in fields}
        labelled = pl.select((pl.lit(rest) == "") & pl.sum_horizontal(*[pl.lit(c) for c in counts.values()]).gt(0)
                             & pl.all_horizontal(*[pl.lit(counts[f]) <= (1 if f in order else 0) for f in fields])
                             ).to_series().fill_null(False)
        parts = text.str.replace_all(_GROUP_SEPARATORS, "/").str.split("/")
        in_order = (parts.list.len() == len(order)).fill_null(False)
        if not listed:
            numbers = in_order & parts.list.eval(pl.element().str.contains(r"^\d+$")).list.all()
            read = (labelled | numbers).filter(text.is_not_null()).mean()
            if read is None or read < MOSTLY:
                continue
        unread = text.is_not_null() & ~labelled & ~in_order
        columns = []
        for f in order:
            by_word = low.str.extract(f"{_NOT_BEFORE_LABEL}(?:{'|'.join(map(re.escape, words[f]))}){_LABEL_END}", 1)
            part = parts.list.get(order.index(f), null_on_oob=True)
            value = pl.select(pl.when(pl.lit(labelled)).then(pl.lit(by_word))
                              .when(pl.lit(in_order)).then(pl.when(pl.lit(part) != "").then(pl.lit(part)))
                              .otherwise(pl.lit(text))).to_series()
            columns += [value.alias(f), unread.alias(UNREAD + f)]
        at = out.columns.index(col)
        out = pl.concat([out.select(out.columns[:at]), pl.DataFrame(columns), out.select(out.columns[at + 1:])],
                        how="horizontal")
    return out


def _with_braces(raw: pl.DataFrame, columns: list[str]) -> set[str]:
    """The string columns among ``columns`` with a cell that may be a JSON object (starting with `{`, or with a space
    before one: `_json_objects` then reads them); a prefix test reads a string view's inline prefix only: 0.02 s per
    10M-row column, where looking for `{` anywhere took 0.15 s."""
    cols = [c for c in dict.fromkeys(columns) if raw.schema.get(c) == pl.String]
    if not cols or not raw.height:
        return set()
    hits = raw.select((pl.col(c).str.starts_with("{") | pl.col(c).str.starts_with(" ")).any() for c in cols).row(0)
    return {c for c, hit in zip(cols, hits, strict=True) if hit}


def _clashes_aside(raw: pl.DataFrame, hmap: HeaderMap) -> pl.DataFrame:
    """A column not renamed whose header is a field's own name (`sku` after `款号`, which names sku first) would
    collide with the column renamed to it: it is called `sku (column 2)` (its position) from here on."""
    targets = set(hmap.renames.values())
    aside = {c: f"{c} (column {i + 1})" for i, c in enumerate(raw.columns) if c in targets and c not in hmap.renames}
    if not aside:
        return raw
    hmap.unmapped = [aside.get(c, c) for c in hmap.unmapped]
    hmap.alternates = {f: [aside.get(c, c) for c in cols] for f, cols in hmap.alternates.items()}
    return raw.rename(aside)


def _json_objects(s: pl.Series) -> dict[str, dict]:
    """The distinct cells of ``s`` that are JSON objects, parsed (a cell that is not one is left out)."""
    out = {}
    s = s.filter(s.str.contains("{", literal=True).fill_null(False))  # a literal scan first: most columns hold none
    for v in s.filter(s.str.contains(r"^\s*\{").fill_null(False)).unique(maintain_order=True).to_list():
        try:
            obj = json.loads(v)
        except ValueError:
            continue
        if isinstance(obj, dict):
            out[v] = obj
    return out


def _object_text(rest: dict) -> str | None:
    """What is left of a JSON object once keys moved out of it, as compact JSON text (None when nothing is)."""
    return json.dumps(rest, ensure_ascii=False, separators=(",", ":")) if rest else None


def _cells(column: pl.Series, cells: dict[str, str | None]) -> pl.Series:
    """``column`` with the cells in ``cells`` replaced (the others unchanged)."""
    return column.replace(pl.Series(list(cells), dtype=pl.String), pl.Series(list(cells.values()), dtype=pl.String))


def _key_column(column: pl.Series, objects: dict[str, dict], key: str, name: str | None = None) -> pl.Series:
    """A new column ``name`` (``key``): for each row, its object's value under ``key`` as a cell (null for the
    others)."""
    return column.replace_strict(pl.Series(list(objects), dtype=pl.String),
                                 pl.Series([json_cell(obj.get(key)) for obj in objects.values()], dtype=pl.String),
                                 default=None).alias(name or key)


def _path_field(c: str, parts: tuple[str, ...], mapped, seen: dict[str, str | None]) -> tuple[str | None, str]:
    """(field, reading) of the path of a nested key (`spec`, `width` in column `product`): read with the column's
    header first (`product.spec.width`, unless the column is itself a path), then without its first keys, one by
    one (`spec.width`, `width`); the reading that names a field, else the whole path without the header."""
    readings = [".".join(parts[i:]) for i in range(len(parts))]
    if "." not in c:
        readings.insert(0, ".".join((c, *parts)))
    for r in readings:
        if r not in seen:
            seen[r] = next(iter(mapped([r]).values()), None)
        if seen[r] is not None:
            return seen[r], r
    return None, ".".join(parts)


def opened_objects(c: str, objects: dict[str, dict], mapped) -> tuple[dict[str, dict], dict[str, tuple[str, ...]]]:
    """The ``objects`` of column ``c`` with each object held under a key whose path names no field (`spec` of
    `product: {"spec": {"width": "150cm"}}`) replaced by its own keys, to any depth, each under its path (`spec.width`:
    :func:`key_columns` reads it); and those paths (key -> its parts). A key naming a field keeps its object for the
    field's parser (`price: {"amount": 18.5, "currency": "CNY"}`). Objects without an object inside are returned as
    they are."""
    paths: dict[str, tuple[str, ...]] = {}
    seen: dict[str, str | None] = {}

    def opened(obj: dict, prefix: tuple[str, ...]) -> dict:
        out = {}
        for k, v in obj.items():
            parts = (*prefix, str(k))
            if isinstance(v, dict) and v and _path_field(c, parts, mapped, seen)[0] is None:
                out.update(opened(v, parts))
                continue
            key = ".".join(parts)
            if prefix:
                paths[key] = parts
            out[key] = v
        return out

    if not any(isinstance(v, dict) for obj in objects.values() for v in obj.values()):
        return objects, paths
    return {cell: opened(obj, ()) for cell, obj in objects.items()}, paths


def _closed(rest: dict, paths: dict[str, tuple[str, ...]]) -> dict:
    """An object of :func:`opened_objects` with its opened keys nested again (`spec.width` under `spec`)."""
    if not paths:
        return rest
    out: dict = {}
    for k, v in rest.items():
        node, parts = out, paths.get(k, (k,))
        for p in parts[:-1]:
            node = node.setdefault(p, {})
        node[parts[-1]] = v
    return out


def key_columns(c: str, keys: list[str], mapped, paths: dict[str, tuple[str, ...]] | None = None
                ) -> tuple[dict[str, str], dict[str, str]]:
    """For the keys of the JSON objects of column ``c``: the field each key names, read first with the column's
    header before it (`inspection: {"no": ...}` is `inspection no`, `product: {"code": ...}` is `product code`), then
    alone (`hazard: {"un": ...}`: `un`); and the column each key becomes: named by the key where the key alone
    names that field (or nothing does), else by its path (`inspection.no`, which the header mapping reads as
    `inspection no`). A key of an object inside the object (``paths``: :func:`opened_objects`) is read by its path,
    then without its first keys (`product.spec.width`, `spec.width`, `width`); its column is named by the key alone
    where that names the field, else by the reading that did (by the path when none did). Two keys given one name
    (`a.width`, `b.width`): the second is named by the column's header and its path."""
    paths = paths or {}
    plain = [k for k in keys if k not in paths]
    named = mapped(plain)
    # two keys naming one field (`composition` in some objects, `ingredients` in others): each still names it (the
    # header mapping gives the field to the first only, and which comes first is the objects' order)
    named.update({k: f for k in plain if k not in named for f in mapped([k]).values()})
    alone = dict(named)
    if "." not in c:
        named.update({k: f for k in plain for f in mapped([f"{c}.{k}"]).values()})
    names = {k: k if alone.get(k) == named.get(k) else f"{c}.{k}" for k in plain}
    seen: dict[str, str | None] = {}
    for k in keys:
        if k in paths:
            target, reading = _path_field(c, paths[k], mapped, seen)
            if target is not None:
                named[k] = target
            leaf = paths[k][-1]
            if leaf not in seen:
                seen[leaf] = next(iter(mapped([leaf]).values()), None)
            names[k] = leaf if target is not None and seen[leaf] == target else reading
    taken: set[str] = set()
    for k in keys:
        if names[k] in taken and names[k] != f"{c}.{k}":
            names[k] = f"{c}.{k}"
        taken.add(names[k])
    return named, {k: names[k] for k in keys}


def _keys_naming_fields(raw: pl.DataFrame, c: str, objects: dict[str, dict], renames: dict[str, str], mapped,
                        paths: dict[str, tuple[str, ...]] | None = None
                        ) -> tuple[dict[str, str], dict[str, str], list[str], dict[str, str]]:
    """For the JSON ``objects`` of column ``c``: the field each key names, those naming another field than ``c``'s,
    the keys that get a column of their own (their field has none in the file) and each key's column name
    (:func:`key_columns`)."""
    keys = list(dict.fromkeys(k for obj in objects.values() for k in obj))
    named, names = key_columns(c, keys, mapped, paths)
    fields = {k: f for k, f in named.items() if f != renames[c]}
    taken = set(renames.values()) | set(raw.columns)
    return named, fields, [k for k, f in fields.items() if f not in taken and names[k] not in taken], names


def with_fields_out_of_text(raw: pl.DataFrame, texts: list[str], renames: dict[str, str], mapped,
                            secret: set[str], plain: frozenset[str] = frozenset(),
                            found: dict[str, str] | None = None) -> pl.DataFrame:
    """A free-text cell holding a JSON object (`备注: {"用途": "清洗剂", "配方": "甲醇60%..."}`) keeps as text only
    the keys that name no other field; the others become columns of their own: where the file has a column for
    that field they are named by their path (`product.price` beside `price`) and fill its empty cells (``found``:
    column -> field, for :func:`merge_alternates`; the file's own column wins). Keys naming a ``secret`` (core or
    personal) field never stay (a formulation is core data and must not ship inside a description). In a ``plain``
    column (a text field that is no free text: a name) the value under a key naming the column's own field is the
    cell (`Product: {"name": "Isopropanol", "product code": "SDS-03"}` is `Isopropanol`, its sku SDS-03). Keys of an
    object inside the object are read by their path (:func:`opened_objects`); what stays is nested as it was. Cells
    that are not JSON objects stay as they are."""
    for c in texts:
        objects = _json_objects(raw[c])
        if not objects:
            continue
        objects, paths = opened_objects(c, objects, mapped)
        named, fields, moved, names = _keys_naming_fields(raw, c, objects, renames, mapped, paths)
        taken = set(raw.columns) | {names[k] for k in moved}
        fills = {}
        for k in fields:
            if k not in moved and (name := names[k] if names[k] not in taken else f"{c}.{k}") not in taken:
                fills[k] = name
                taken.add(name)
        dropped = {k for k, f in fields.items() if k not in moved and k not in fills and f in secret}
        own = {k for k, f in named.items() if f == renames[c]}
        if not moved and not fills and not dropped and not own:
            continue
        out = set(moved) | set(fills) | dropped
        text = {}
        for cell, obj in objects.items():
            rest = {k: v for k, v in obj.items() if k not in out}
            mine = [v for k, v in rest.items() if k in own and v is not None]
            if mine and c in plain:
                text[cell] = json_cell(mine[0])
            elif out & set(obj):
                text[cell] = _object_text(_closed(rest, paths))
        new = [_key_column(raw[c], objects, k, names[k]) for k in moved]
        new += [_key_column(raw[c], objects, k, name) for k, name in fills.items()]
        if found is not None:
            found.update({names[k]: fields[k] for k in moved} | {name: fields[k] for k, name in fills.items()})
        raw = raw.with_columns(_cells(raw[c], text), *new)
    return raw


ID_KEYS = frozenset({"id", "code", "no", "number", "编号", "编码", "代码", "号码"})


def with_codes_out_of_objects(raw: pl.DataFrame, codes: list[str], renames: dict[str, str], mapped,
                              lists: frozenset[str] = frozenset()) -> pl.DataFrame:
    """A code field's column holding JSON objects (an IoT platform's `device: {"id": "AJ-101", "type": "喷气织机"}`)
    holds the value under the key that names the field or is an id (`id`, `code`, `编号`); keys naming other fields
    become columns of their own where the file has none for that field. In a column where no object has such a key
    the objects stay (and are no code: invalid); where some have, an object without it holds no code (missing).
    A column of ``lists`` (a list field: `hazard: {"un": "1120", "ghs": ["H226"]}`) is read so too when a key names
    another field (`un`), without id keys; objects naming no field stay for the list's parser (`{"棉": 95}`).
    A key naming a field the file has a column for fills that column where it is empty."""
    columns = {f: col for col, f in renames.items()}
    for c in codes:
        objects = _json_objects(raw[c])
        if not objects:
            continue
        objects, paths = opened_objects(c, objects, mapped)
        named, fields, moved, names = _keys_naming_fields(raw, c, objects, renames, mapped, paths)
        if c in lists and not fields:
            continue
        own = [k for k in dict.fromkeys(k for obj in objects.values() for k in obj)
               if named.get(k) == renames[c] or (c not in lists and key_form(k) in ID_KEYS)]
        if not own and c not in lists:
            continue
        code = {cell: json_cell(next((obj[k] for k in own if obj.get(k) is not None), None))
                for cell, obj in objects.items() if c not in lists or set(obj) & {*own, *fields}}
        fills = {}  # a key whose field has a column fills it where it is empty (`un` of other lines, at the top)
        for k, f in fields.items():
            target = columns.get(f, names[k] if names[k] in raw.columns else None)
            if k not in moved and target is not None and target != c:
                fills[target] = pl.coalesce(pl.col(target), _key_column(raw[c], objects, k, names[k]))
        raw = raw.with_columns(_cells(raw[c], code), *[_key_column(raw[c], objects, k, names[k]) for k in moved],
                               **fills)
    return raw


def with_fields_out_of_numbers(raw: pl.DataFrame, numbers: list[str], renames: dict[str, str],
                               owners: dict[str, str], mapped) -> pl.DataFrame:
    """A numeric field's column holding JSON objects with keys naming other fields (a historian's `reading: {"tag":
    "Reactor Pressure", "value": 2.8, "unit": "MPa(a)"}`, `value: {"value": 0.235, "unit": "t/h"}`): each such key
    fills its field's column where that is empty (or becomes a column of its own where the file has none); the
    rest of the object is the cell, the number alone when only the key naming the field is left. ``owners``: the
    field of each column, the columns after the first naming a field (``HeaderMap.alternates``) too."""
    columns = {f: col for col, f in renames.items()}
    for c in numbers:
        objects = _json_objects(raw[c])
        if not objects:
            continue
        named, fields, _, names = _keys_naming_fields(raw, c, objects, owners, mapped)
        if not fields:
            continue
        cells, fills, new = {}, {}, []
        for cell, obj in objects.items():
            rest = {k: v for k, v in obj.items() if k not in fields}
            if len(rest) == 1 and named.get(next(iter(rest))) == owners[c]:
                cells[cell] = json_cell(next(iter(rest.values())))
            else:
                cells[cell] = _object_text(rest)
        for k, f in fields.items():
            child = _key_column(raw[c], objects, k, names[k])
            target = columns.get(f, names[k] if names[k] in raw.columns else None)
            if target is not None:
                fills[target] = pl.coalesce(pl.col(target), child)
            elif child.name not in [n.name for n in new]:
                new.append(child)
        raw = raw.with_columns(_cells(raw[c], cells), *new, **fills)
    return raw


def with_objects_expanded(raw: pl.DataFrame, unmapped: list[str], mapped,
                          found: dict[str, str] | None = None) -> pl.DataFrame:
    """An unmapped column holding JSON objects whose keys name fields (`规格: {"克重": "180g/m2", "门幅": ...}`
    of an API export; `inspection: {"no": ...}`, read as `inspection no`: :func:`key_columns`; a key of an object
    inside, `{"spec": {"width": ...}}`, by its path: :func:`opened_objects`) becomes one column per key, named by the
    key (or its path, `inspection.no`); a key that is also a column of its own fills that column on the rows where it
    is empty (`column.key` when both hold a value on some row: ``found`` gets its field, and
    :func:`merge_alternates` fills the column's empty cells from it)."""
    out = raw
    for c in unmapped:
        values = raw[c].drop_nulls()
        objects = _json_objects(values)
        # every cell an object, or the column stays; but for arrays (`defects: [{"level": "major", "qty": 4}]` on some
        # rows), which stay in it, unmapped
        arrays = values.str.contains(r"^\s*\[").sum()
        if not objects or len(objects) < values.filter(~values.str.contains(r"^\s*\[")).n_unique():
            continue
        objects, paths = opened_objects(c, objects, mapped)
        keys = list(dict.fromkeys(k for obj in objects.values() for k in obj))
        named, names = key_columns(c, keys, mapped, paths)
        if not named:
            continue
        fills, new = {}, {}
        for k in keys:
            name = names[k]
            child = _key_column(raw[c], objects, k, name)
            if name in out.columns and not (out[name].is_not_null() & child.is_not_null()).any():
                fills[name] = pl.coalesce(pl.col(name), child)
                continue
            name = name if name not in out.columns else f"{c}.{k}"
            new[name] = child
            if found is not None and k in named:
                found[name] = named[k]
        at = out.columns.index(c)
        out = out.with_columns(**fills)
        if arrays:  # the column stays after its keys' columns, with its arrays only
            out = out.with_columns(_cells(out[c], dict.fromkeys(objects)))
        parts = [out.select(out.columns[:at]), *([pl.DataFrame(new)] if new else []),
                 out.select(out.columns[at + (0 if arrays else 1):])]
        out = pl.concat([p for p in parts if p.width], how="horizontal")
    return out


# a time column's clock: `08:30`, `8时30分`, `8时`, `下午3点`, `8点半`, `上午8:00`, `8:00 PM`; a time cell on the 1900
# or 1904 date system's day zero (a date column is any date the timestamp parser reads: dates_only)
_DAY_ZERO = r"(?:1899-12-3[01]|1900-01-0[01]|1904-01-01)[ T]"
_TIME_ONLY = (rf"^\s*(?:{HALF_DAY_WORDS})?\s*\d{{1,2}}\s*(?:[:：]\s*\d{{1,2}}(?:\s*[:：]\s*\d{{1,2}}(?:\.\d+)?)?"
              r"|[时時点點]\s*(?:\d{1,2}\s*分?(?:\s*\d{1,2}\s*秒)?|半|整)?)\s*(?i:[ap]\.?m\.?)?\s*$"
              rf"|^\s*{_DAY_ZERO}\d{{1,2}}:\d{{2}}(?::\d{{2}}(?:\.\d+)?)?\s*$")


def merge_alternates(frame: pl.DataFrame, hmap: HeaderMap, spec: TableSpec,
                     shifts: dict[str, str] | None = None, order: str | None = None,
                     std: IndustryStandard | None = None, nested: frozenset[str] = frozenset()) -> pl.DataFrame:
    """Merge headers naming one field into it when no row has a value in two of them (JSON Lines whose
    lines spell a key `sku`, `SKU` or `货号`); a timestamp given as a date column and a time column (`日期`,
    `时间`: plant control-system exports) is the two joined. Otherwise the column whose values the field's
    parser reads most on the rows where two of them hold a value wins (the first on a tie) and the rest stay
    unmapped: of a header written twice (`成分,成分`) a part word `面料` in the first loses to the composition in the
    second, and of `规格等级,等级` the column of grades wins over one of packaging. A column of the file's own wins
    over one made of a nested JSON key (``nested``: `{"product": {"price": 88}, "售价": 199}` is 199, in either key
    order), which only fills its empty cells."""
    for target, cols in hmap.alternates.items():
        group = [target, *cols]
        filled = [pl.col(c).is_not_null() & (pl.col(c).str.strip_chars() != "") for c in group]
        both = frame.select(pl.sum_horizontal(filled) > 1).to_series()
        if both.any():
            if spec.field(target).type == "ts":
                frame = _joined_date_and_time(frame, target, group, hmap, shifts or {}, order)
            elif std is not None:
                frame = _best_of_duplicates(frame, target, cols, hmap, spec.field(target), std, both, nested)
            continue
        values = pl.coalesce([pl.when(f).then(pl.col(c)) for c, f in zip(group, filled, strict=True)])
        frame = frame.with_columns(values.alias(target)).drop(cols)
        hmap.unmapped = [c for c in hmap.unmapped if c not in cols]
    return frame


def _best_of_duplicates(frame: pl.DataFrame, target: str, twice: list[str], hmap: HeaderMap, f: FieldSpec,
                        std: IndustryStandard, rows: pl.Series, nested: frozenset[str] = frozenset()) -> pl.DataFrame:
    """``frame`` with the values of the column among ``target`` and ``twice`` (the other headers naming it) of
    which the field's parser reads most values on ``rows`` (where two of them hold one; the first on a tie) under
    ``target``, its empty cells filled from the others' readable values (a row only another column fills keeps
    that value). The
    target's values take the winner's place, under the header they came from (``hmap`` then names the winner's header
    as the field's and the other as unmapped), or under the winner's when that is the same header written twice
    (`成分_duplicated_0`). Only the columns of the file's own compete where there are any: one made of a nested JSON
    key (``nested``) is a loser that fills empty cells."""
    ctx = ParseContext(standard=std, header_unit=hmap.units.get(target), header_has_percent=target in hmap.percent)
    group = [target, *twice]
    first = next((c for c, t in hmap.renames.items() if t == target), None)
    own = [c not in nested for c in (first, *twice)]
    read = [int(parse_column(frame[c].filter(rows), f, ctx).values.is_not_null().sum()) if own[i] or not any(own)
            else -1 for i, c in enumerate(group)]
    best = read.index(max(read))
    # the winner's cells, and where it has none a value of another the parser reads (in their order): a row only the
    # loser fills keeps its value (review: `吊牌价` 399 on rows where `售价` was empty was lost when `售价` won on the
    # rows holding both); a loser's unreadable value (`25kg/桶` beside the grades) is never taken
    losers = [c for i, c in enumerate(group) if i != best]
    readable = [parse_column(frame[c], f, ctx).values.is_not_null() for c in losers]
    filled = pl.coalesce([pl.when(frame[group[best]].str.strip_chars() != "").then(frame[group[best]]),
                          *(pl.when(ok).then(frame[c]) for c, ok in zip(losers, readable, strict=True))])
    filled = frame.select(filled).to_series().alias(target)
    if best == 0:
        return frame.with_columns(filled)
    other = twice[best - 1]
    if first is None or DUPLICATE.sub("", first) == DUPLICATE.sub("", other) or first in frame.columns:
        return frame.with_columns(pl.col(target).alias(other)).with_columns(filled)
    del hmap.renames[first]
    hmap.renames[other] = target
    hmap.unmapped = [first if c == other else c for c in hmap.unmapped]
    hmap.alternates[target] = [first if c == other else c for c in hmap.alternates[target]]
    return frame.with_columns(pl.col(target).alias(first)).drop(other).with_columns(filled)


# a clock other than midnight (`08:30`, `10:00`, `8时`; not a date cell's `00:00:00`): a cheap test that passes over
# columns of timestamps before any date is parsed
_CLOCK = r"[1-9]0?\s*[:：时時点點]|[:：]\s*0*[1-9]"
MOSTLY = 0.8  # share of a column's values in one form for the column to be of that form


SHIFT_WORDS = r"^\s*(?:[早中晚夜白甲乙丙丁ABCD一二三1-3]\s*班|(?i:day|night|swing|morning|evening)\s*shift)\s*$"


def _joined_date_and_time(frame: pl.DataFrame, target: str, group: list[str], hmap: HeaderMap,
                          shifts: dict[str, str], order: str | None = None) -> pl.DataFrame:
    """``target`` from a date-only and a time-only column of ``group`` (the headers naming the timestamp, in any
    order), when their values mostly are one and the other (a totals row `合计` or a stray value does not stop
    it). A date is any day the timestamp parser reads without a clock (`20261026`, `26.10.2026`, `10/26/2026`,
    `2026-10-26 星期一`, `26-Oct-2026`: :func:`dates_only`; `05/03/2026` in ``order``, the manifest's
    ``date_order``, else the order the column's other dates show). A row whose date is a date gets the two joined
    as `YYYY-MM-DD <clock>` (no time: no timestamp); any other row keeps its own value, to be judged by the
    timestamp parser. A third column (`日期, 班次, 时间`) stays unmapped.

    A shift column (`班次`: 早班, 夜班) is a time column through the manifest's ``shifts:`` (shift -> start
    time), when no column holds clock times; a shift it does not list stays a word, and the timestamp is
    invalid: shifts start at different hours in different mills, and one reading per shift must not collapse
    into one per day."""
    def rows(col: str) -> pl.Series:
        values = frame[col].drop_nulls()
        return values.filter(~values.str.contains(SUMMARY_WORDS))  # 平均值, 合计 rows

    def mostly(col: str, pattern: str) -> bool:
        values = rows(col)
        return len(values) > 0 and values.str.contains(pattern).mean() >= MOSTLY

    def days(col: str) -> pl.Series | None:
        """The column's days (dates_only) when most of its values (totals rows aside) are dates."""
        counted = ~frame[col].str.contains(SUMMARY_WORDS).fill_null(True)  # and not null
        values = frame[col].filter(counted)
        if not len(values) or values.str.contains(_CLOCK).mean() > 1 - MOSTLY:  # timestamps or clocks: no parse
            return None
        got = dates_only(frame[col], order or date_order(frame[col], None, False))
        return got if got.filter(counted).is_not_null().mean() >= MOSTLY else None

    date, day = next(((c, d) for c in group if (d := days(c)) is not None), (None, None))
    others = [c for c in group if c != date]
    time = (next((c for c in others if mostly(c, _TIME_ONLY)), None)
            or next((c for c in others if mostly(c, SHIFT_WORDS)), None))
    if date is None or time is None:
        return frame
    if shifts and mostly(time, SHIFT_WORDS):
        frame = frame.with_columns(pl.col(time).str.strip_chars().replace(shifts))
    clock = pl.col(time).str.strip_chars().str.replace(f"^{_DAY_ZERO}", "")
    joined = (pl.when(pl.lit(day).is_not_null()).then(pl.concat_str([pl.lit(day), clock], separator=" "))
              .otherwise(pl.col(date)))
    used = [c for c in (date, time) if c != target]
    hmap.unmapped = [c for c in hmap.unmapped if c not in used]
    # a zone in the time column's header (`时间(UTC)`, `Time (UTC)`) is the zone of the joined times, as it is of a
    # timestamp column's (else the date column's: `Date (UTC)`); the header map knew only the target's header
    zone = (column_zone(time) if time != target else hmap.zones.get(target)) or (
        column_zone(date) if date != target else hmap.zones.get(target))
    if zone:
        hmap.zones[target] = zone
    return frame.with_columns(joined.alias(target)).drop(used)


def parse_fields(frame: pl.DataFrame, spec: TableSpec, std: IndustryStandard, hmap: HeaderMap,
                 src: Source, hints: dict[str, object] | None = None) -> dict[str, Parsed]:
    """Run each field's parser on its raw column (measure only; nothing is dropped here)."""
    out = {}
    for f in spec.fields:
        if f.name not in frame.columns:
            continue
        ctx = ParseContext(standard=std, header_unit=hmap.units.get(f.name),
                           header_has_percent=f.name in hmap.percent, timezone=hmap.zones.get(f.name, src.timezone),
                           date_order=src.date_order, hint=(hints or {}).get(f.name))
        parsed = parse_column(frame[f.name], f, ctx)
        if UNREAD + f.name in frame.columns:  # a cell of a group's column that gave the field no value (`0/2`)
            unread = frame[UNREAD + f.name]
            parsed = Parsed(parsed.values.set(unread, None), parsed.invalid | unread, parsed.converted,
                            parsed.out_of_range, parsed.notes, parsed.columns)
        values = parsed.values.alias(f.name).cast(polars_type(f))
        # the field's range, and a parser's own (a width in inches wider than any so quoted)
        beyond = out_of_range(values, f)
        if parsed.out_of_range is not None:
            beyond = beyond | parsed.out_of_range.fill_null(False)
        out[f.name] = Parsed(values, parsed.invalid, parsed.converted, beyond, parsed.notes, parsed.columns)
    return out


DISTINCT_FAST_PATH_ROWS = 20_000


def parse_column(raw: pl.Series, f: FieldSpec, ctx: ParseContext) -> Parsed:
    """Parse a column; on long columns with repeating values, parse each distinct value once.

    Parsers are functions of the value (and of column-level context, which the distinct values
    preserve), so parsing the distinct values and joining back gives the same result; telemetry
    columns (machine ids, statuses, timestamps shared by many machines) repeat heavily.
    """
    parser = functools.partial(_parse_raw_forms, get_parser(f.parser))
    # the estimate (a few ms) skips the exact count on columns of mostly distinct values
    if len(raw) >= DISTINCT_FAST_PATH_ROWS and raw.approx_n_unique() * 4 < len(raw) * 1.1:
        uniq = raw.unique(maintain_order=True)
        if len(uniq) * 4 < len(raw):
            p = parser(uniq, f, ctx)
            # position of each row's value among the distinct values (nulls point past the end)
            values = uniq.drop_nulls()
            idx = raw.cast(pl.Enum(values.to_list())).to_physical().cast(pl.UInt32).fill_null(len(values))

            def spread(col: pl.Series) -> pl.Series:
                ordered = pl.concat([col.filter(uniq.is_not_null()), col.filter(uniq.is_null())])
                if len(ordered) == len(values):  # no null among the distinct values: pad one
                    ordered = ordered.extend_constant(None, 1)
                return ordered.rechunk().gather(idx)  # a gather over two chunks of nested values is slow

            return Parsed(spread(p.values), spread(p.invalid).fill_null(False), spread(p.converted).fill_null(False),
                          out_of_range=None if p.out_of_range is None else spread(p.out_of_range).fill_null(False),
                          notes={k: spread(v).fill_null(0) for k, v in (p.notes or {}).items()} or None,
                          columns={k: spread(v) for k, v in (p.columns or {}).items()} or None)
    return parser(raw, f, ctx)


TIMESTAMP_NULLS = ("NaT", "nat", "NAT")  # pandas' missing timestamp, written out by to_csv (`NAT` is a colour too)


def _parse_raw_forms(parser: Parser, raw: pl.Series, f: FieldSpec, ctx: ParseContext) -> Parsed:
    """The parser on values with null placeholders blanked and typed lists as text (indset.raw_forms).
    A field's ``none_words`` (GHS `无`: not classified, an empty list) are values, not placeholders.

    A placeholder is a present but non-conformant value: not invalid, and counted as converted. Exact ones
    are blanked before parsing; one with spaces around (` N/A `) is found among the values the parser
    rejected, and blanked then."""
    tokens = () if f.type == "bool" else ctx.standard.null_values  # 无 is a boolean's no
    if f.type == "ts":
        tokens = (*tokens, *TIMESTAMP_NULLS)
    if words := {str(w).lower() for w in f.options.get("none_words", ())}:  # the field's own "none" is a value
        tokens = tuple(t for t in tokens if t.lower() not in words)
    raw = excel_text(raw)
    blank = placeholders(raw, tokens)
    text = raw.set(blank, None) if blank.any() else raw
    if isinstance(polars_type(f), pl.List):
        text = json_lists_as_text(text)
    elif f.type in ("float", "int"):
        text = json_amounts_as_text(text)
    p = parser(text, f, ctx)
    if tokens and p.invalid.any():
        blank = blank | placeholders(raw, tokens, among=p.invalid)
    if not blank.any():
        return p
    values = pl.select(pl.when(pl.lit(blank)).then(None).otherwise(pl.lit(p.values))).to_series().alias(p.values.name)
    return Parsed(values, p.invalid & ~blank, p.converted | blank, p.out_of_range, p.notes, p.columns)


def out_of_range(values: pl.Series, f: FieldSpec) -> pl.Series:
    bad = pl.repeat(False, len(values), dtype=pl.Boolean, eager=True)
    if values.dtype.is_numeric():
        if f.min is not None:
            bad = bad | (values < f.min).fill_null(False)
        if f.max is not None:
            bad = bad | (values > f.max).fill_null(False)
        if f.min_exclusive is not None:
            bad = bad | (values <= f.min_exclusive).fill_null(False)
    return bad


def typed_frame(frame: pl.DataFrame, parsed: dict[str, Parsed], spec: TableSpec) -> pl.DataFrame:
    cols = [parsed[f.name].values if f.name in parsed else pl.Series(f.name, [None] * frame.height,
                                                                          dtype=polars_type(f))
            for f in spec.fields]
    lineage = [*LINEAGE_COLS, *([SOURCE_COLUMN] if SOURCE_COLUMN in frame.columns else [])]
    helpers = [s.alias(name) for p in parsed.values() for name, s in (p.columns or {}).items()]
    return pl.DataFrame(cols).with_columns(*frame.select(lineage).get_columns(), *helpers)


def reasons(frame: pl.DataFrame, typed: pl.DataFrame, parsed: dict[str, Parsed], spec: TableSpec) -> pl.Series:
    """The first failing rule of each row, by name; null when the row is kept."""
    data_cols = [c for c in frame.columns if not c.startswith("_")]
    rules: list[tuple[str, pl.Series]] = []
    empty = pl.repeat(True, frame.height, dtype=pl.Boolean, eager=True)
    for c in data_cols:
        if c != "enterprise_id":
            empty = empty & frame[c].is_null()
    if RAW_LINE in frame.columns:
        rules.append(("malformed_record", frame[RAW_LINE].is_not_null()))
    rules.append(("empty_row", empty))
    rules.append(("summary_row", summary_rows(frame, spec)))
    for f in spec.fields:
        if f.required:
            missing = typed[f.name].is_null()
            if f.name in parsed:
                missing = missing & ~parsed[f.name].invalid
            rules.append((f"missing_{f.name}", missing))
    for f in spec.fields:
        if f.name in parsed:
            rules.append((f"invalid_{f.name}", parsed[f.name].invalid))
            rules.append((f"out_of_range_{f.name}", parsed[f.name].out_of_range))
    for name in spec.checks:
        rules.append((name, CHECKS[name](typed, spec)))
    out = pl.repeat(None, frame.height, dtype=pl.String, eager=True).alias(REASON)
    bad = pl.select(pl.any_horizontal([pl.lit(mask) for _, mask in rules])).to_series().fill_null(False)
    idx = bad.arg_true()
    if not len(idx):  # nearly every chunk: a few bitwise ORs, no per-rule column of rule numbers
        return out
    first = pl.select(pl.min_horizontal([pl.when(pl.lit(mask.gather(idx))).then(pl.lit(i, pl.UInt16))
                                         for i, (_, mask) in enumerate(rules)])).to_series()
    names = pl.Series([name for name, _ in rules], dtype=pl.String)
    return out.scatter(idx, first.replace_strict(pl.Series(range(len(rules)), dtype=pl.UInt16), names,
                                                 return_dtype=pl.String))


# a spreadsheet's totals and statistics rows (合计, 一车间小计, 平均值, Total): in a key column, never an entity
SUMMARY_WORDS = (r"^\s*(?:.{0,12}(?:合计|总计|小计|汇总|累计|共计|平均|总产量|总量)"
                 r"|平均值?|均值|最大值|最小值|最大|最小|全车间|全厂|全公司"
                 r"|(?i:(?:grand\s*)?total|totals|sub-?total|sum|average|avg|mean|max|min))\s*[:：]?\s*$")


def summary_rows(frame: pl.DataFrame, spec: TableSpec) -> pl.Series:
    """Rows whose raw value in an entity-key column is a totals or statistics word, and rows missing a key whose
    first non-empty cell is one (`合计` in a column before the keys or in an unmapped one, the total in another)."""
    hit = pl.repeat(False, frame.height, dtype=pl.Boolean, eager=True)
    for name in spec.entity_key:
        if name in frame.columns and frame.schema[name] == pl.String:
            values = frame[name].unique()  # key columns of telemetry repeat heavily: test each value once
            words = values.filter(values.str.contains(SUMMARY_WORDS).fill_null(False))
            if len(words):
                hit = hit | frame[name].is_in(words)
    # rows that lack a required key, and are quarantined whatever their reason (the manifest fills the enterprise's)
    keys = [k for k in spec.entity_key if k != "enterprise_id" and k in spec.required and k in frame.columns]
    cells = [c for c in frame.columns if not c.startswith("_") and c != "enterprise_id"
             and not frame.schema[c].is_nested()]
    if not keys or not cells or not frame.height:
        return hit
    rows = frame.select(pl.any_horizontal([pl.col(k).is_null() for k in keys])).to_series().arg_true()
    if len(rows):   # nearly always none: the cells of the few rows missing a key
        first = frame[cells].gather(rows).select(pl.coalesce([
            pl.when(pl.col(c).cast(pl.String).str.strip_chars() != "").then(pl.col(c).cast(pl.String))
            for c in cells])).to_series()
        hit = hit.fill_null(False).scatter(rows, hit.gather(rows).fill_null(False)
                                           | first.str.contains(SUMMARY_WORDS).fill_null(False))
    return hit


NUL_NOTE = "nul_removed"  # field note: values that held NUL characters (a broken export), removed as text is cleaned


def measure(frame: pl.DataFrame, typed: pl.DataFrame, parsed: dict[str, Parsed], spec: TableSpec,
            reference: dt.date) -> Measures:
    """Input-side counters (after header mapping, before cleaning) for the quality scores."""
    m = Measures(rows=frame.height)
    for f in spec.fields:
        present = (frame[f.name].is_not_null() if f.name in frame.columns
                   else pl.repeat(False, frame.height, dtype=pl.Boolean, eager=True))
        if f.required:
            m.required_cells += frame.height
            m.required_present += int(present.sum())
        if f.name in parsed:
            p = parsed[f.name]
            bad = p.invalid | p.out_of_range
            n_present = int(present.sum())
            m.values_present += n_present
            m.values_conformant += int((present & ~p.converted & ~bad).sum())
            if f.parser not in ("text",):
                m.checked_values += n_present
                m.passed_values += int((present & ~bad).sum())
            m.field_invalid[f.name] = int(bad.sum())
            if p.notes:
                m.notes[f.name] = {k: int(v.sum()) for k, v in p.notes.items()}
        if f.name in frame.columns and frame.schema[f.name] == pl.String:  # a NUL is never data: removed, counted
            nul = int(frame[f.name].str.contains("\x00", literal=True).sum())
            if nul:
                m.notes.setdefault(f.name, {})[NUL_NOTE] = nul
    consistent = pl.repeat(True, frame.height, dtype=pl.Boolean, eager=True)
    for name in spec.checks:
        consistent = consistent & ~CHECKS[name](typed, spec)
    m.rows_consistent = int(consistent.sum())
    if spec.timeliness_field:
        m.rows_fresh = int(fresh_mask(typed[spec.timeliness_field], reference).sum())
    return m


TITLE_ROWS_SEARCHED = 10
_TABULAR = (".csv", ".tsv", ".tab", ".txt", ".xlsx", ".xlsm", ".xls", "")


def below_title_rows(raw: pl.DataFrame, src: Source, std: IndustryStandard) -> pl.DataFrame:
    """A sheet whose first rows are a title (`某某纺织有限公司 产品清单`) has its header further down: when a
    row among the first ones maps more columns than the header does, it becomes the header, the rows above
    it are dropped (titles, not data records) and the records are numbered from the row after it."""
    data_cols = [c for c in raw.columns if not c.startswith("_")]
    if source_suffix(src) not in _TABULAR or not raw.height:
        return raw
    mapped = len(map_headers(data_cols, std, src.table, src.columns).renames)
    if 2 * mapped >= len(data_cols):
        return raw
    best, best_mapped = None, max(mapped, 1)
    for i, row in enumerate(raw.head(TITLE_ROWS_SEARCHED).select(data_cols).iter_rows()):
        n = header_score([str(v).strip() for v in row if v is not None and str(v).strip()], src, std)
        if n > best_mapped:
            best, best_mapped = i, n
    if best is None:
        return raw
    header = raw.row(best, named=True)
    names = {c: (str(header[c]).strip() if header[c] is not None and str(header[c]).strip() else c)
             for c in data_cols}
    offset = header[SOURCE_ROW]
    return (raw.slice(best + 1).rename(names)
            .with_columns(pl.col(SOURCE_ROW) - offset))


def header_score(names: list[str], src: Source, std: IndustryStandard) -> int:
    """How many fields of the source's table a row of cells names, as a header (0 when a cell repeats)."""
    return len(map_headers(names, std, src.table, src.columns).renames) if len(set(names)) == len(names) else 0


def read_records(src: Source, std: IndustryStandard) -> pl.DataFrame:
    """The source's data records as raw strings: from the sheet whose header names most fields of its table
    (when the manifest names no sheet), below any title rows."""
    raw = below_title_rows(read_source(src, functools.partial(header_score, src=src, std=std)), src, std)
    if source_suffix(src) not in _TABULAR:
        return raw
    return with_units_row(with_repeated_headers(raw), functools.partial(known_unit, std))  # repeats by their names


def read_reshaped(src: Source, std: IndustryStandard) -> pl.DataFrame:
    """The source's raw strings, reshaped by its table's reshape (if any); SourceError names the file."""
    raw = read_records(src, std)
    reshape = std.tables[src.table].reshape
    return RESHAPES[reshape](raw, std, src) if reshape else raw


HINT_THREADS = 2


def prepare_source(raw: pl.DataFrame, src: Source, std: IndustryStandard
                   ) -> tuple[pl.DataFrame, HeaderMap, dict[str, object]]:
    """Map headers and compute whole-column hints, so the source can then be processed in chunks."""
    spec = std.tables[src.table]
    frame, hmap = map_columns(raw, src, std)
    hinted = [f for f in spec.fields if f.name in frame.columns and f.parser in HINTS]
    with ThreadPoolExecutor(max_workers=HINT_THREADS) as pool:  # whole-column scans: polars frees the GIL
        hints = dict(zip([f.name for f in hinted],
                         pool.map(lambda f: HINTS[f.parser](frame[f.name], f, f.name in hmap.percent), hinted),
                         strict=True))
    for settle in SOURCE_HINTS:  # rules across a source's columns (one number format per file)
        hints = settle(hints)
    return frame, hmap, hints


def process_chunk(frame: pl.DataFrame, src: Source, std: IndustryStandard, hmap: HeaderMap,
                  hints: dict[str, object], reference: dt.date) -> SourceResult:
    """Everything row-local for (a chunk of) one mapped source: kept rows, quarantined rows, measures."""
    spec = std.tables[src.table]
    parsed = parse_fields(frame, spec, std, hmap, src, hints)
    typed = typed_frame(frame, parsed, spec)
    derived: dict[str, dict[str, int]] = {}
    for name in spec.derive:
        out = DERIVES[name](typed, spec)
        typed, notes = out if isinstance(out, tuple) else (out, {})
        for fname, counts in notes.items():
            derived.setdefault(fname, {}).update(counts)
    reason = reasons(frame, typed, parsed, spec)
    bad = reason.is_not_null()
    quarantine = frame.filter(bad).with_columns(reason.filter(bad)).select(pl.exclude(f"^{UNREAD}.*$"))
    measures = measure(frame, typed, parsed, spec, reference)
    for fname, counts in derived.items():  # e.g. molecular weights filled from the formula
        measures.notes.setdefault(fname, {}).update(counts)
    helpers = [name for p in parsed.values() for name in (p.columns or {})]  # the parsers' helper columns end here
    from indset.grade import person_column_names, personal_values

    # the people of every row, before any is merged as a duplicate or superseded version (their values are gone
    # after resolution): the build masks them in free text
    names = person_column_names(frame, hmap.unmapped) | frozenset(personal_values(typed, spec))
    return SourceResult(kept=typed.filter(~bad).drop(helpers), quarantine=quarantine, headers=hmap, measures=measures,
                        names=names)
