"""Map raw headers to canonical fields through the industry's alias table.

Headers match in any case or width, Traditional or Simplified, with or without a unit:
``克重(g/m²)``, ``Weight (oz/yd2)``, ``门幅/inch``. A unit named in the header is returned so the
column can be converted; a header that maps to nothing is reported, never silently used.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache

from indset.parsers.timestamps import header_zone
from indset.standard import FieldSpec, IndustryStandard
from indset.text import key_form
from indset.units import conversion, known_unit, resolve_unit

CONVERTIBLE_PARSERS = ("quantity", "width")

_UNIT_SPLITS = (
    # a unit may hold one bracket of its own: `压力(MPa(G))`, `Pressure (bar(g))`
    re.compile(r"^(?P<base>.+?)\s*[(\[（【{<](?P<unit>(?:[^()\[\]（）【】{}<>]|[(（][^()（）]*[)）])*)[)\]）】}>]\s*$"),
    re.compile(r"^(?P<base>[^/]+?)\s*/\s*(?P<unit>.+)$"),
    re.compile(r"^(?P<base>.+?)\s+(?P<unit>\S+)$"),
    re.compile(r"^(?P<base>.+?)\s*(?P<unit>%)$"),
)
# the split at the last space: any last word is a reading of it (`Weight oz`, `Product Group`), but only a known
# unit word of a field that takes a unit (or the field's name again, `分子量 MW`) makes the header name the field
_SPACE_SPLIT = _UNIT_SPLITS[2]
# last words that qualify a header without naming another column: a number word, a method, a time zone
# the name a reader gives a header written twice (`成分`, `成分_duplicated_0`): the same header again
DUPLICATE = re.compile(r"(?<=.)_duplicated_\d+$")
QUALIFYING_WORDS = frozenset({"号", "编号", "#", "no", "no.", "nr", "nr.", "number", "gc", "hplc", "lc", "kf", "ic",
                              "titration", "utc", "gmt", "cst", "bjt", "北京时间", "local", "(utc)"})


@dataclass
class HeaderMap:
    renames: dict[str, str] = field(default_factory=dict)       # raw header -> canonical field
    units: dict[str, str] = field(default_factory=dict)         # canonical field -> unit named in header
    percent: set[str] = field(default_factory=set)              # fields whose header carries a %
    unmapped: list[str] = field(default_factory=list)           # raw headers kept out of the release
    # canonical field -> further raw headers naming it with the same unit (`SKU` after `sku`); the
    # normalize stage merges them into the field when no row has values in two of them
    alternates: dict[str, list[str]] = field(default_factory=dict)
    zones: dict[str, str] = field(default_factory=dict)         # timestamp field -> zone its header names (UTC)
    # raw header naming two fields, the second a number (`分子式/分子量`) -> the second's label (`分子量`): its cells
    # hold both (`H2SO4 98`, `C2H6O/46.07`), and the normalize stage splits them (:func:`pair_label`)
    pairs: dict[str, str] = field(default_factory=dict)
    # raw header naming a group of fields one column holds together (:func:`column_group`) -> (the fields in the
    # header's order, or the group's when the header names only the group; all fields of the group; whether the
    # header lists the fields)
    groups: dict[str, tuple[tuple[str, ...], tuple[str, ...], bool]] = field(default_factory=dict)
    # columns without a header and without a value (`column_16` of a header ending `更新日期,,`): dropped, not
    # unmapped; build.json lists them under `empty_columns`
    empty: list[str] = field(default_factory=list)


@cache
def _alias_index(std: IndustryStandard, table: str) -> dict[str, str]:
    index: dict[str, str] = {}
    for f in std.tables[table].fields:
        for alias in (f.name, *f.aliases, *f.options.get("weak_aliases", ())):
            index.setdefault(key_form(str(alias)), f.name)
    return index


# ERP/WPS decorations around a label: required-field stars (`*货号`, `品名*`), a trailing colon (`成分：`),
# a bracketed whole header (`【克重】`), spaces padding a Chinese label (`类　别`)
_DECORATIONS = (
    (re.compile(r"^[*※★]+\s*|\s*[*※★]+$|\s*:$|(?<=[a-z])\.$"), ""),   # `*货号`, `成分:`, `Crit.` (an abbreviation)
    (re.compile(r"^[\[【](.+)[\]】]$"), r"\1"),
    (re.compile(r"(?<=[\u4e00-\u9fff]) (?=[\u4e00-\u9fff])"), ""),
)


def _undecorated(key: str) -> str:
    for pattern, repl in _DECORATIONS:
        key = pattern.sub(repl, key).strip()
    return key


_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")  # IoT payload keys: deviceId, collectTime, spindleSpeed
_PATH = re.compile(r"^[^.\s]+\.[^.\s]")  # a word, a dot, a word: `inspection.no` (not `no.`, `art. no`)


def _readings(header: str):
    """(label, unit or None, split at the last space) readings of a header."""
    key = key_form(header)
    keys = tuple(dict.fromkeys((key, _undecorated(key), key_form(_CAMEL.sub(" ", header)))))
    for k in keys:
        yield k, None, False
        for pattern in _UNIT_SPLITS:
            m = pattern.match(k)
            if m:
                yield m["base"].strip(), m["unit"].strip(), pattern is _SPACE_SPLIT
    # a JSON key's path (`inspection.no`, `product.code`: normalize.key_columns) is its words, as a whole only
    if _PATH.match(key):
        yield key_form(key.replace(".", " ")), None, False


def header_candidates(header: str):
    """(label, unit or None) readings of a header: whole, then split at a bracket, slash, space or %."""
    for base, unit, _ in _readings(header):
        yield base, unit


def _split_rejected(base: str, word: str | None, spaced: bool, name: str,
                    unit_ok: Callable[[str, str], bool] | None) -> bool:
    """An English label split at its last space (`Product Group`) whose last word is no unit ``name`` takes."""
    return spaced and base.isascii() and unit_ok is not None and word is not None and not unit_ok(name, word)


def names_other_column(words: tuple[str, ...], remark: str | None) -> bool:
    """A header's remark (`致命(允收)`, `Critical (Allowed)`, `Major/Ac`) holding one of a field's ``header_not_words``
    makes the header another column than the field: a Latin word as a whole word, a Chinese one anywhere."""
    if not remark or not words:
        return False
    tokens = set(re.split(r"[^a-z0-9]+", remark))
    return any(w in tokens if w.isascii() else w in remark for w in words)


def resolve_header(header: str, index: dict[str, str], unit_ok: Callable[[str, str], bool] | None = None,
                   not_words: Callable[[str], tuple[str, ...]] | None = None) -> tuple[str | None, str | None]:
    """(field, unit named in the header). A bilingual header (`分子量/Molecular Weight`, `分子量 MW`,
    `单价/Unit Price(元)`) names the field twice: the second name is no unit, but may carry one. With ``unit_ok``
    (field, word), an English header split at its last space names the field only when the word is a unit it takes
    or a word that qualifies any header (:data:`QUALIFYING_WORDS`: `Purity GC`, `Timestamp UTC`, `CAS 号`):
    `Product Group`, `Hazard Class` and `Purity Method` are other columns than name, hazards and purity. After a
    Chinese label any word is a reading of it (`品名 Description`, `含量 GC`, `更新时间 北京时间`). With ``not_words``
    (field -> its ``header_not_words``), a remark holding one of them is no reading of that field (`致命(允收)`, the
    acceptance number beside `致命(实测)`, the count)."""
    for base, unit, spaced in _readings(header):
        name = index.get(base)
        if name is None:
            continue
        if unit and not_words is not None and names_other_column(not_words(name), unit):
            continue
        if unit:
            again, its_unit = resolve_header(unit, index, unit_ok, not_words)
            if again == name:
                return name, its_unit
            if _split_rejected(base, unit, spaced, name, unit_ok):
                continue
        return name, unit
    return None, None


def _unit_fits(std: IndustryStandard, f: FieldSpec, unit: str | None) -> bool:
    """A header unit that cannot convert to the field's unit (`重量(kg)` for g/m²) means another field, unless it is
    one of the field's ``other_quantities`` (`车速(米/分)`: a stenter's speed in an rpm field, noted by the parser)."""
    if f.parser == "integer" and unit and "/" in unit:  # a count per something (`断头(根/千锭时)`) is a rate
        return False
    if not unit or unit == "%" or f.parser not in CONVERTIBLE_PARSERS or f.unit is None:
        return True
    source = resolve_unit(std, unit)
    return source is not None and any(conversion(source, str(target)) is not None
                                      for target in (f.unit, *f.options.get("other_quantities", {}).values()))


def pair_label(header: str, target: str, std: IndustryStandard, table: str) -> str | None:
    """The label of a second field that ``header`` names after a slash, when that field is a number other than
    ``target`` (the field the header maps to): `分子式/分子量` is a formula and a molecular weight. A bilingual header
    (`分子量/Molecular Weight`) names one field twice, and a unit after the slash (`门幅/inch`) is no field."""
    m = _UNIT_SPLITS[1].match(key_form(header))
    if m is None:
        return None
    index = _alias_index(std, table)
    if index.get(m["base"].strip()) != target:
        return None
    label = m["unit"].strip()
    other, _ = resolve_header(label, index)
    if other is None or other == target or std.tables[table].field(other).type not in ("float", "int"):
        return None
    return label


def map_headers(columns: list[str], std: IndustryStandard, table: str,
                overrides: dict[str, str] | None = None, nested: frozenset[str] = frozenset()) -> HeaderMap:
    """Decide which raw column feeds which canonical field.

    When several columns name one field, a manifest override wins, then a column named by one of the field's
    aliases over one named by its ``weak_aliases`` (words that name it only when nothing else does: an
    e-commerce export's `商品编号` is the platform's item number beside the style's `款号`; `色号`, a shade code,
    beside `颜色`), then a column of the file's own over one made of a nested JSON key (``nested``: `售价` beside
    `price` of `{"product": {"price": 88}}`, whatever the key order), then the first column; the others are
    unmapped, those of the winner's rank and unit also alternates (see :class:`HeaderMap`: the normalize stage may
    give the field the one its parser reads most). A weak alias of several fields names the first of them that no
    other column takes."""
    spec = std.tables[table]
    index = _alias_index(std, table)
    ranks = _alias_ranks(std, table)
    overrides = {key_form(k): v for k, v in (overrides or {}).items()}
    out = HeaderMap()

    def unit_ok(name: str, word: str) -> bool:
        if word in QUALIFYING_WORDS:
            return True
        f = spec.field(name)
        takes = f.unit is not None or f.parser in (*CONVERTIBLE_PARSERS, "percent")
        return takes and (word == "%" or known_unit(std, word))

    def not_words(name: str) -> tuple[str, ...]:
        return _header_not_words(std, table).get(name, ())

    claims = []  # (column, field, header unit, percent, priority)
    for col in columns:
        if col.startswith("_"):
            continue
        header = DUPLICATE.sub("", col)  # a header written twice names its field twice (`成分,成分`)
        target = overrides.get(key_form(header))
        unit = None
        if target is not None:
            if target not in spec.names:
                out.unmapped.append(col)
                continue
            unit = next((u for b, u in header_candidates(header) if u), None)
            priority = -1
        else:
            target, unit = resolve_header(header, index, unit_ok, not_words)
            priority = min((ranks[b] for b, u, spaced in _readings(header)
                            if b in ranks and not _split_rejected(b, u, spaced, index[b], unit_ok)), default=1)
        # a header listing fields of a group (`致命/严重/轻微`, `严重/轻微`: never the first field with a unit)
        group = column_group(header, std, table) if spec.column_groups and priority >= 0 else None
        if group is not None and (target is None or target in group[1]):
            out.unmapped.append(col)
            out.groups[col] = group
            continue
        if target is None or not _unit_fits(std, spec.field(target), unit):
            out.unmapped.append(col)
            continue
        percent = unit == "%" or "%" in header or "％" in header
        header_unit = unit if unit and not percent and (spec.field(target).unit or known_unit(std, unit)) else None
        claims.append((col, target, header_unit, percent, priority))
    winner = {}
    for i, (_, target, _, _, _) in sorted(enumerate(claims), key=lambda c: (c[1][4], c[1][0] in nested, c[0])):
        winner.setdefault(target, i)
    # a weak alias of two fields (`Material`: SAP's material number, a fabric list's material) names the next one
    # when another column takes the first (`Item No.` beside it: the fibres; `Composition` beside it: the code)
    for i, (col, target, header_unit, percent, priority) in enumerate(claims):
        if winner[target] == i or priority != 1 or overrides.get(key_form(col)) is not None:
            continue
        for other in _weak_fields(std, table).get(_undecorated(key_form(col)), ()):
            if other not in winner and _unit_fits(std, spec.field(other), header_unit):
                claims[i] = (col, other, header_unit, percent, priority)
                winner[other] = i
                break
    for i, (col, target, header_unit, percent, priority) in enumerate(claims):
        if winner[target] != i:
            _, _, won_unit, won_percent, won_priority = claims[winner[target]]
            # a weak alias beside a column its field's own alias names is another column (`色号` beside `颜色`: a
            # shade code), never merged into the field
            if header_unit == won_unit and percent == won_percent and not (priority == 1 and won_priority < 1):
                out.alternates.setdefault(target, []).append(col)
            out.unmapped.append(col)
            continue
        out.renames[col] = target
        if spec.field(target).type == "ts" and (zone := column_zone(col)):
            out.zones[target] = zone
        if (label := pair_label(col, target, std, table)) is not None:
            out.pairs[col] = label
        if percent:
            out.percent.add(target)
        elif header_unit:
            out.units[target] = header_unit
    return out


_BRACKETED_LIST = re.compile(r"^(?P<base>[^()（）\[\]【】]*?)\s*[(（\[【](?P<list>[^()（）\[\]【】]+)[)）\]】]\s*$")
_LIST_SEPARATOR = re.compile(r"\s*[/／、|]\s*")


def column_group(header: str, std: IndustryStandard, table: str
                 ) -> tuple[tuple[str, ...], tuple[str, ...], bool] | None:
    """The fields of one of the table's ``column_groups`` that a column holds together, in the order its header
    lists them (`致命/严重/轻微`, `Critical/Major/Minor`, `缺陷(CR/MA/MI)`, `缺陷数 致命/严重/轻微`: each part a word of
    one field of the group, each field once), or the group's own order when the header is a word of the group
    (`缺陷数`: its cells name the fields, `CR0 MA2 MI5`); with all the group's fields, and whether the header lists
    them. None for any other header,
    and for one whose remark names an acceptance number (the fields' ``header_not_words``: `致命/严重/轻微(允收)`)."""
    spec = std.tables[table]
    if not spec.column_groups:
        return None
    index = _alias_index(std, table)
    nots = _header_not_words(std, table)
    keys = tuple(dict.fromkeys((_undecorated(key_form(header)), key_form(header))))
    for group in spec.column_groups:
        fields = tuple(group["fields"])
        words = {key_form(str(a)) for a in group.get("aliases", ())}
        if names_other_column(tuple(w for f in fields for w in nots.get(f, ())), keys[-1]):
            continue
        if keys[0] in words:
            return fields, fields, False
        readings = []
        for key in keys:
            readings.append(("", key))
            if m := _BRACKETED_LIST.match(key):
                readings.append((m["base"].strip(), m["list"]))
            readings += [(key[:i].rstrip(" :："), key[i + 1:]) for i, c in enumerate(key) if c in " :："]
        for base, listing in readings:
            if base and base not in words:
                continue
            named = [index.get(part) for part in _LIST_SEPARATOR.split(listing.strip())]
            if len(named) > 1 and all(n in fields for n in named) and len(set(named)) == len(named):
                return tuple(named), fields, True
    return None


def field_words(std: IndustryStandard, table: str, fields: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    """field -> the key forms of the words naming it (its name, aliases and weak aliases), longest first."""
    words: dict[str, list[str]] = {f: [] for f in fields}
    for word, name in _alias_index(std, table).items():
        if name in words:
            words[name].append(word)
    return {f: tuple(sorted(w, key=len, reverse=True)) for f, w in words.items()}


def column_zone(header: str) -> str | None:
    """The time zone a timestamp column's header names: in brackets or after a space or slash (`Timestamp (UTC)`,
    `时间(UTC)`, `Time (GMT)`, `采集时间 北京时间`), or as the whole header (`北京时间`); None when it names none."""
    for base, unit in header_candidates(header):
        if zone := header_zone(unit) or header_zone(base):
            return zone
    return None


@cache
def _alias_ranks(std: IndustryStandard, table: str) -> dict[str, int]:
    """0 for each alias key of a field, 1 for its ``weak_aliases``."""
    ranks: dict[str, int] = {}
    for f in std.tables[table].fields:
        for alias in (f.name, *f.aliases):
            ranks.setdefault(key_form(alias), 0)
        for alias in f.options.get("weak_aliases", ()):
            ranks.setdefault(key_form(str(alias)), 1)
    return ranks


@cache
def _weak_fields(std: IndustryStandard, table: str) -> dict[str, tuple[str, ...]]:
    """weak alias (key form) -> every field naming it as a weak alias, in the table's order."""
    fields: dict[str, tuple[str, ...]] = {}
    for f in std.tables[table].fields:
        for alias in f.options.get("weak_aliases", ()):
            key = key_form(str(alias))
            fields[key] = (*fields.get(key, ()), f.name)
    return fields


@cache
def _header_not_words(std: IndustryStandard, table: str) -> dict[str, tuple[str, ...]]:
    """field -> words of a header remark that make the header another column (key form)."""
    return {f.name: tuple(key_form(str(w)) for w in f.options["header_not_words"])
            for f in std.tables[table].fields if f.options.get("header_not_words")}
