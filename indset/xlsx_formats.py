"""Number formats of a spreadsheet that change what a cell's value means: a percentage stores its fraction.

A cell formatted as a percentage (`0.00%`, `0.0%`) shows 99.50% and stores 0.995. The reader (fastexcel/calamine)
gives the stored number and no format, so such a column would read as 0.995. This module reads the first rows
of the sheet's XML (streamed, stopped early) and the workbook's styles, finds the columns whose numeric cells are
formatted as percentages, and writes their plain numbers as the percentage shown (`0.995` -> `99.5%`), which every
parser reads as a percentage. A column is rewritten only when the frame agrees with the sheet on the sampled cells
(the same numbers in the same places), so a misread origin changes nothing.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import polars as pl

from indset.xlsx_merges import _MAIN, _index, _sheet_path

SAMPLE_ROWS = 50            # sheet rows read for the formats: a column's format is its first cells'
_PERCENT_BUILTIN = {9, 10}  # `0%`, `0.00%`
_PLAIN = r"^\s*[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?\s*$"


def _is_percent_code(code: str) -> bool:
    """A custom format code that shows a percentage: a `%` outside quoted text and not escaped (`0.0%`)."""
    bare = re.sub(r'"[^"]*"|\\.', "", code)
    return "%" in bare


def _percent_styles(z: zipfile.ZipFile) -> set[int]:
    """Indices of the cell formats (cellXfs) that show a percentage."""
    try:
        root = ElementTree.fromstring(z.read("xl/styles.xml"))
    except KeyError:
        return set()
    custom = {int(f.get("numFmtId", -1)) for f in root.iter(f"{_MAIN}numFmt")
              if _is_percent_code(f.get("formatCode") or "")}
    xfs = root.find(f"{_MAIN}cellXfs")
    if xfs is None:
        return set()
    return {i for i, xf in enumerate(xfs.findall(f"{_MAIN}xf"))
            if int(xf.get("numFmtId", 0)) in _PERCENT_BUILTIN | custom}


def _sampled_cells(file: Path | bytes, sheet: str | int) -> tuple[list[tuple[int, int, float, bool]], int, int]:
    """(row, column, number, percent-formatted) of the numeric cells among the sheet's first rows, and the origin
    (first row, first column holding a value among them), 0-based; no cells when the workbook reads otherwise."""
    try:
        with zipfile.ZipFile(io.BytesIO(file) if isinstance(file, bytes) else file) as z:
            path = _sheet_path(z, sheet)
            if path is None or path not in z.namelist():
                return [], 0, 0
            percent = _percent_styles(z)
            if not percent:
                return [], 0, 0
            cells, filled, rows = [], [], 0
            with z.open(path) as stream:
                for _, el in ElementTree.iterparse(stream):
                    if el.tag == f"{_MAIN}row":
                        rows += 1
                        el.clear()
                        if rows >= SAMPLE_ROWS:
                            break
                    elif el.tag == f"{_MAIN}c" and el.get("r"):
                        v, inline = el.find(f"{_MAIN}v"), el.find(f"{_MAIN}is")
                        if v is None and inline is None:
                            continue
                        r, c = _index(el.get("r", ""))
                        filled.append((r, c))
                        if v is not None and el.get("t", "n") == "n" and v.text:
                            cells.append((r, c, float(v.text), int(el.get("s", 0)) in percent))
    except (zipfile.BadZipFile, KeyError, ElementTree.ParseError, OSError, ValueError):
        return [], 0, 0
    if not filled:
        return [], 0, 0
    return cells, min(r for r, _ in filled), min(c for _, c in filled)


def percent_formatted(frame: pl.DataFrame, file: Path | bytes, sheet: str | int) -> pl.DataFrame:
    """``frame`` (read with the table's first row as header) with the plain numbers of each column whose sampled
    numeric cells are all formatted as percentages written as the percentage shown (`0.995` -> `99.5%`)."""
    cells, row0, col0 = _sampled_cells(file, sheet)
    by_column: dict[int, list[tuple[int, float, bool]]] = {}
    for r, c, number, pct in cells:
        if r > row0 and c >= col0:
            by_column.setdefault(c - col0, []).append((r - row0 - 1, number, pct))
    columns = []
    for col, sample in sorted(by_column.items()):
        if col >= frame.width or not all(pct for _, _, pct in sample) or frame.dtypes[col] != pl.String:
            continue
        values = frame[frame.columns[col]]
        seen = values.gather([r for r, _, _ in sample if r < frame.height]).cast(pl.Float64, strict=False)
        if len(seen) != len(sample) or not (seen - pl.Series([n for _, n, _ in sample])).abs().lt(1e-9).all():
            continue   # the frame is not where the sheet says: nothing is changed
        plain = values.str.contains(_PLAIN).fill_null(False)
        number = values.str.strip_chars().cast(pl.Float64, strict=False)
        shown = ((number * 100).round(10).cast(pl.String) + "%").str.replace(r"\.0%$", "%")
        columns.append(values.zip_with(~plain, shown))
    return frame.with_columns(columns) if columns else frame
