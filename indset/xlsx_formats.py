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


def _sampled_cells(file: Path | bytes, sheet: str | int
                   ) -> tuple[list[tuple[int, int, float, bool]], int, int, bool, set[int]]:
    """(row, column, number, percent-formatted) of the numeric cells among the sheet's first rows, the origin
    (first row, first column holding a value among them), 0-based, whether the sheet goes on past them, and the
    percent styles; no cells when the workbook reads otherwise."""
    try:
        with zipfile.ZipFile(io.BytesIO(file) if isinstance(file, bytes) else file) as z:
            path = _sheet_path(z, sheet)
            if path is None or path not in z.namelist():
                return [], 0, 0, False, set()
            percent = _percent_styles(z)
            if not percent:
                return [], 0, 0, False, set()
            cells, filled, rows, more = [], [], 0, False
            with z.open(path) as stream:
                for _, el in ElementTree.iterparse(stream):
                    if el.tag == f"{_MAIN}row":
                        rows += 1
                        el.clear()
                        if rows >= SAMPLE_ROWS:
                            more = True
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
        return [], 0, 0, False, set()
    if not filled:
        return [], 0, 0, False, set()
    return cells, min(r for r, _ in filled), min(c for _, c in filled), more, percent


def _letters(col: int) -> str:
    """0-based column index -> its letters (`0` -> `A`, `27` -> `AB`)."""
    out = ""
    col += 1
    while col:
        col, rem = divmod(col - 1, 26)
        out = chr(65 + rem) + out
    return out


_BLOCK = 8 << 20   # bytes of sheet XML handed to the regex at once, cut after a whole row


def _text(block: bytes) -> pl.Series:
    """A block of sheet XML as one polars string (UTF-8, checked by polars); as Latin-1 if it is not UTF-8: the
    markup looked at is ASCII, and any byte is a Latin-1 character."""
    try:
        return pl.Series([block], dtype=pl.Binary).cast(pl.String)
    except pl.exceptions.PolarsError:
        return pl.Series([block.decode("latin-1")])


def column_cells(file: Path | bytes, sheet: str | int, columns: list[int]) -> pl.DataFrame | None:
    """(column, row, style, number) of every numeric cell of the sheet's ``columns`` (0-based), all rows: the sheet's
    XML streamed in blocks of whole rows, each block's cells of those columns found by one (Rust) regex, their
    attributes read column-wise; None when the workbook reads otherwise."""
    letters = {_letters(c): c for c in columns}
    # a cell's tag, then its formula (`<f>..</f>`, a shared one `<f t="shared" si="0"/>`) and its value, if any
    cell = rf'<c r="(?:{"|".join(letters)})[0-9]+"[^>]*>(?:<f[^>]*/>|<f[^>]*>[^<]*</f>)?(?:<v>[^<]*</v>)?'
    found = []
    try:
        with zipfile.ZipFile(io.BytesIO(file) if isinstance(file, bytes) else file) as z:
            path = _sheet_path(z, sheet)
            if path is None or path not in z.namelist():
                return None
            with z.open(path) as stream:
                rest = b""
                while block := stream.read(_BLOCK):
                    block = rest + block
                    cut = block.rfind(b"</row>") + len(b"</row>") if b"</row>" in block else 0
                    rest, block = block[cut:], block[:cut]
                    if block:
                        found.append(_text(block).str.extract_all(cell).explode())
                if rest:
                    found.append(_text(rest).str.extract_all(cell).explode())
    except (zipfile.BadZipFile, KeyError, ElementTree.ParseError, OSError):
        return None
    xml = pl.concat(found).drop_nulls() if found else pl.Series([], dtype=pl.String)
    frame = pl.DataFrame({"x": xml}).select(
        pl.col("x").str.extract(r'^<c r="([A-Z]+)', 1).replace_strict(letters, return_dtype=pl.Int64).alias("column"),
        (pl.col("x").str.extract(r'^<c r="[A-Z]+([0-9]+)"', 1).cast(pl.Int64) - 1).alias("row"),
        pl.col("x").str.extract(r'\ss="([0-9]+)"', 1).cast(pl.Int64).fill_null(0).alias("style"),
        pl.col("x").str.extract(r'\st="([A-Za-z]+)"', 1).fill_null("n").alias("type"),
        pl.col("x").str.extract(r"<v>([^<]*)</v>", 1).alias("v"))
    return frame.filter((pl.col("type") == "n") & pl.col("v").is_not_null()).select(
        "column", "row", "style", pl.col("v").cast(pl.Float64, strict=False).alias("number"))


def _shown(values: pl.Series, where: pl.Series) -> pl.Series:
    """``values`` with the plain numbers ``where`` true written as the percentage shown (`0.995` -> `99.5%`)."""
    plain = values.str.contains(_PLAIN).fill_null(False) & where
    number = values.str.strip_chars().cast(pl.Float64, strict=False)
    shown = ((number * 100).round(10).cast(pl.String) + "%").str.replace(r"\.0%$", "%")
    return values.zip_with(~plain, shown)


def _cell_by_cell(values: pl.Series, cells: pl.DataFrame, row0: int, percent: set[int]) -> pl.Series | None:
    """``values`` with each percent-formatted cell written as shown and every other cell as read, when the frame
    agrees with every numeric cell of the column in the sheet (same numbers in the same places, and no other plain
    number); None when it does not (the sheet was read otherwise)."""
    at = cells.with_columns((pl.col("row") - row0 - 1).alias("at")).filter(pl.col("at") >= 0)
    if at.height and at["at"].max() >= len(values):
        return None
    plain = values.str.contains(_PLAIN).fill_null(False)
    seen = values.gather(at["at"]).str.strip_chars().cast(pl.Float64, strict=False)
    if int(plain.sum()) != at.height or not (seen - at["number"]).abs().lt(1e-9).all():
        return None
    where = pl.repeat(False, len(values), dtype=pl.Boolean, eager=True)
    where = where.scatter(at.filter(pl.col("style").is_in(list(percent)))["at"], True)
    return _shown(values, where)


def percent_formatted(frame: pl.DataFrame, file: Path | bytes, sheet: str | int) -> pl.DataFrame:
    """``frame`` (read with the table's first row as header) with the plain numbers of each column whose sampled
    numeric cells are all formatted as percentages written as the percentage shown (`0.995` -> `99.5%`). Where the
    sheet goes on past the sample, such a column's every cell is read by its own format (a later `General` cell
    holding 99.5 stays 99.5): :func:`column_cells`."""
    cells, row0, col0, more, percent = _sampled_cells(file, sheet)
    by_column: dict[int, list[tuple[int, float, bool]]] = {}
    for r, c, number, pct in cells:
        if r > row0 and c >= col0:
            by_column.setdefault(c - col0, []).append((r - row0 - 1, number, pct))
    chosen = []
    for col, sample in sorted(by_column.items()):
        if col >= frame.width or not all(pct for _, _, pct in sample) or frame.dtypes[col] != pl.String:
            continue
        values = frame[frame.columns[col]]
        seen = values.gather([r for r, _, _ in sample if r < frame.height]).cast(pl.Float64, strict=False)
        if len(seen) != len(sample) or not (seen - pl.Series([n for _, n, _ in sample])).abs().lt(1e-9).all():
            continue   # the frame is not where the sheet says: nothing is changed
        chosen.append(col)
    if not chosen:
        return frame
    every = column_cells(file, sheet, [c + col0 for c in chosen]) if more else None
    columns = []
    for col in chosen:
        values = frame[frame.columns[col]]
        read = None if every is None else _cell_by_cell(values, every.filter(pl.col("column") == col + col0), row0,
                                                        percent)
        # the sample decides when the sheet holds no more, or its cells could not be matched to the frame
        columns.append(read if read is not None else _shown(values, pl.repeat(True, len(values), eager=True)))
    return frame.with_columns(columns)
