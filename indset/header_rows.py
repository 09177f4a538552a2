"""Rows of a spreadsheet or CSV that belong to its header, not to its records.

- A units row under the header (`,,oz/yd2,inch`; DCS exports: `单位,,℃,MPa`), possibly below a row of
  descriptions (`,,反应器压力,反应器温度`): each unit joins its column's header (`克重` -> `克重(oz/yd2)`)
  unless the header names one already, so header mapping and unit conversion read it as any header unit.
  These rows are part of the header block: records are numbered from the row after it.
- The header repeated further down (exports concatenated by hand, a report printed page by page): the
  rows below a repeat take their columns from it (its column order may differ), and the repeat itself is
  no record (its row number stays unused, so later records keep their position in the file).
"""

from __future__ import annotations

import re
from collections.abc import Callable

import polars as pl

from indset.headers import header_candidates
from indset.read import SOURCE_ROW
from indset.standard import DEFAULT_NULL_VALUES
from indset.text import key_form

ANNEX_ROWS_SEARCHED = 3
# the label a units row may carry in a column of its own (`单位`, `Unit`, `EU` of a DCS export)
UNIT_ROW_LABELS = frozenset({"单位", "计量单位", "工程单位", "unit", "units", "uom", "eu", "unit of measure"})
_NUMBER = r"^\s*[-+]?(?:\d[\d,]*\.?\d*|\.\d+)(?:[eE][-+]?\d+)?\s*%?\s*$"
_HAS_UNIT_CHAR = re.compile(r"[^\d\s.,+\-]")


def _cells(row: dict[str, object], cols: list[str]) -> dict[str, str]:
    return {c: str(row[c]).strip() for c in cols if row[c] is not None and str(row[c]).strip()}


# one-character words that are units; others (`M`, `L`, `S`: sizes; `A`, `B`: classes) are what a sparse record holds
_ONE_CHARACTER_UNITS = frozenset("%℃℉°mgth")


def _unit_word(word: str, is_unit: Callable[[str], bool]) -> bool:
    """A unit: one Chinese character (码, 度, 支, 寸) or unit symbol will do; one Latin letter is a size or class."""
    one_ok = word in _ONE_CHARACTER_UNITS or "\u4e00" <= word <= "\u9fff"
    return bool(_HAS_UNIT_CHAR.search(word)) and (len(word) > 1 or one_ok) and is_unit(word)


def _header_unit(header: str, is_unit: Callable[[str], bool]) -> bool:
    return any(unit and is_unit(unit) for _, unit in header_candidates(header))


def with_units_row(raw: pl.DataFrame, is_unit: Callable[[str], bool]) -> pl.DataFrame:
    """Fold a units row (and description rows above it) among the first rows into the headers."""
    cols = [c for c in raw.columns if not c.startswith("_")]
    found = _units_row(raw.head(ANNEX_ROWS_SEARCHED).select(cols).to_dicts(), cols, is_unit)
    if found is None:
        return raw
    i, units = found
    renames = {c: f"{c}({w})" for c, w in units.items() if not _header_unit(c, is_unit)}
    return (raw.slice(i + 1).rename(renames)
            .with_columns(pl.col(SOURCE_ROW) - int(raw[SOURCE_ROW][i])))


def _units_row(head: list[dict[str, object]], cols: list[str], is_unit: Callable[[str], bool]
               ) -> tuple[int, dict[str, str]] | None:
    """(index, column -> unit) of the units row among ``head``, or None when a record comes first."""
    for i, row in enumerate(head):
        cells = _cells(row, cols)
        if any(re.match(_NUMBER, w) for w in cells.values()):  # a record: no header block below the header
            return None
        units = {c: w for c, w in cells.items() if key_form(w) not in UNIT_ROW_LABELS and w not in DEFAULT_NULL_VALUES}
        known = sum(_unit_word(w, is_unit) for w in units.values())
        if known and 3 * known >= 2 * len(units):  # mostly units: a field's own unit words (yarn `支`) come along
            return i, units
    return None


def with_repeated_headers(raw: pl.DataFrame) -> pl.DataFrame:
    """Drop repeats of the header row; the records below a repeat in another column order are realigned."""
    cols = [c for c in raw.columns if not c.startswith("_")]
    if len(cols) < 2 or not raw.height:
        return raw
    names = {key_form(c): c for c in cols}
    # a repeat is written as the header was (another export of the same system): its first cell is a header
    spellings = sorted({form for c in cols for form in (c, c.strip(), c.lower(), key_form(c))})
    where = raw.select(pl.col(cols[0]).is_in(spellings).fill_null(False)).to_series().arg_true()
    repeats = []
    for i, row in zip(where.to_list(), raw[where].iter_rows(named=True), strict=True):
        cells = [key_form(str(row[c])) if row[c] is not None else "" for c in cols]
        if sorted(cells) == sorted(names) and len(set(cells)) == len(cells):  # every header, each once
            repeats.append((i, {c: names[cell] for c, cell in zip(cols, cells, strict=True)}))
    if not repeats:
        return raw
    parts, start, order = [], 0, {c: c for c in cols}
    for i, realign in repeats:
        parts.append(_realigned(raw.slice(start, i - start), order))
        start, order = i + 1, realign
    parts.append(_realigned(raw.slice(start), order))
    return pl.concat(parts)


def _realigned(part: pl.DataFrame, order: dict[str, str]) -> pl.DataFrame:
    """``part`` with each column under the header its repeat names (``order``: column -> header)."""
    if all(c == h for c, h in order.items()):
        return part
    by_header = {h: c for c, h in order.items()}
    return part.select(*[pl.col(by_header[c]).alias(c) if c in by_header else pl.col(c) for c in part.columns])
