"""Merged cells of a hand-kept spreadsheet: a value merged down a column belongs to every row it spans.

Spreadsheets kept by hand group rows under one merged cell (a category or a date written once for
five products). A reader sees the value in the top row only; the rows below would lose it. This
module reads the sheet's `<mergeCells>` from the XLSX package and fills each value merged down one
column into the rows it covers. Merges across columns (titles, notes spanning a row) are left alone.

The reader (fastexcel/calamine) starts the table at the first cell holding a value; the same origin
is computed here from the sheet XML, and a merge is filled only when the table agrees with it (its
top cell has a value, the cells below are empty), so a misread origin fills nothing.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import polars as pl

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_CELL = re.compile(r"([A-Z]+)(\d+)")


def _index(ref: str) -> tuple[int, int]:
    """`C4` -> (row 3, column 2), 0-based."""
    m = _CELL.fullmatch(ref)
    if not m:
        raise ValueError(ref)
    col = 0
    for ch in m[1]:
        col = col * 26 + ord(ch) - 64
    return int(m[2]) - 1, col - 1


def _sheet_path(z: zipfile.ZipFile, sheet: str | int) -> str | None:
    workbook = ElementTree.fromstring(z.read("xl/workbook.xml"))
    sheets = workbook.findall(f"{_MAIN}sheets/{_MAIN}sheet")
    chosen = sheets[sheet] if isinstance(sheet, int) and sheet < len(sheets) else \
        next((s for s in sheets if s.get("name") == sheet), None)
    if chosen is None:
        return None
    rels = ElementTree.fromstring(z.read("xl/_rels/workbook.xml.rels"))
    target = next((r.get("Target") for r in rels if r.get("Id") == chosen.get(f"{_REL}id")), None)
    if not target:
        return None
    return target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))


def vertical_merges(file: Path | bytes, sheet: str | int) -> list[tuple[int, int, int]]:
    """(column, top row, bottom row) of each merge down one column, 0-based from the table's origin
    (the first row and column holding a value); empty when the sheet has none or cannot be read so."""
    try:
        with zipfile.ZipFile(io.BytesIO(file) if isinstance(file, bytes) else file) as z:
            path = _sheet_path(z, sheet)
            if path is None or path not in z.namelist():
                return []
            xml = z.read(path)
            if b"mergeCell " not in xml and b"mergeCell>" not in xml:
                return []
            root = ElementTree.fromstring(xml)
    except (zipfile.BadZipFile, KeyError, ElementTree.ParseError, OSError):
        return []
    merges = []
    for m in root.iter(f"{_MAIN}mergeCell"):
        first, _, last = (m.get("ref") or "").partition(":")
        try:
            (r0, c0), (r1, c1) = _index(first), _index(last)
        except ValueError:
            continue
        if c0 == c1 and r1 > r0:
            merges.append((c0, r0, r1))
    if not merges:
        return []
    filled = [_index(c.get("r", "")) for c in root.iter(f"{_MAIN}c")
              if c.get("r") and (c.find(f"{_MAIN}v") is not None or c.find(f"{_MAIN}is") is not None)]
    if not filled:
        return []
    row0, col0 = min(r for r, _ in filled), min(c for _, c in filled)
    return [(c - col0, r0 - row0, r1 - row0) for c, r0, r1 in merges if c >= col0 and r0 >= row0]


def fill_merged(frame: pl.DataFrame, merges: list[tuple[int, int, int]], header_rows: int = 1) -> pl.DataFrame:
    """``frame`` (read with its first ``header_rows`` table rows as header) with each merged value
    copied into the rows its merge covers, where the frame agrees with the merge."""
    columns = {}
    for col, top, bottom in sorted(merges):
        top, bottom = top - header_rows, min(bottom - header_rows, frame.height - 1)
        if col >= frame.width or top < 0 or bottom <= top:
            continue
        name = frame.columns[col]
        values = columns.get(name, frame[name])
        if values[top] is None or values.slice(top + 1, bottom - top).is_not_null().any():
            continue
        columns[name] = values.scatter(list(range(top + 1, bottom + 1)), values[top])
    return frame.with_columns(columns.values()) if columns else frame
