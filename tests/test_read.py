"""Readers: formats, encodings, delimiters, and one-line errors that name the file."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest

from indset.errors import SourceError
from indset.manifest import Source
from indset.read import read_source

ROWS = [["货号", "品名", "成分"], ["TX-1", "纯棉府绸", "100%棉"], ["TX-2", "涤棉布, 宽幅", "T/C 65/35"]]


def src(path: Path, **kw) -> Source:
    return Source(index=0, path=path.name, table="products", enterprise_id="X", file=path, **kw)


def write_delimited(path: Path, delim: str, encoding: str, bom: bool = False) -> Path:
    lines = [delim.join(f'"{c}"' if delim in c or "," in c else c for c in row) for row in ROWS]
    data = ("\r\n".join(lines) + "\r\n").encode(encoding)
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + data)
    return path


@pytest.mark.parametrize(("delim", "encoding", "bom"), [
    (",", "utf-8", False), (",", "utf-8", True), ("\t", "gbk", False), (";", "gb18030", False), ("|", "utf-8", False),
])
def test_delimited_encodings_detected(tmp_path, delim, encoding, bom):
    path = write_delimited(tmp_path / "p.csv", delim, encoding, bom)
    frame = read_source(src(path))
    assert frame.columns[:3] == ["货号", "品名", "成分"]
    assert frame["品名"].to_list() == ["纯棉府绸", "涤棉布, 宽幅"]
    assert frame["_source_row"].to_list() == [1, 2]
    assert frame["_source_file"].unique().to_list() == ["p.csv"]


def test_xlsx_sheet_by_name_and_first(tmp_path):
    import xlsxwriter

    path = tmp_path / "p.xlsx"
    wb = xlsxwriter.Workbook(path)
    other = wb.add_worksheet("说明")
    other.write_row(0, 0, ["readme"])
    sheet = wb.add_worksheet("产品")
    for i, row in enumerate(ROWS):
        sheet.write_row(i, 0, row)
    sheet.write_number(1, 3, 45356.5)
    wb.close()
    frame = read_source(src(path, sheet="产品"))
    assert frame["货号"].to_list() == ["TX-1", "TX-2"]
    assert frame.height == 2
    with pytest.raises(SourceError, match=r"p\.xlsx: sheet '缺失' not found"):
        read_source(src(path, sheet="缺失"))


def test_jsonl_with_a_broken_line_keeps_numbering(tmp_path):
    path = tmp_path / "p.jsonl"
    path.write_text("\n".join([json.dumps({"sku": "A", "price": 12.5}), "{broken", json.dumps({"sku": "B"})]) + "\n",
                    encoding="utf-8")
    frame = read_source(src(path))
    assert frame["sku"].to_list() == ["A", None, "B"]
    assert frame["price"].to_list() == ["12.5", None, None]
    assert frame["_raw"].to_list() == [None, "{broken", None]
    assert frame["_source_row"].to_list() == [1, 2, 3]


def test_parquet_values_become_strings(tmp_path):
    path = tmp_path / "p.parquet"
    pl.DataFrame({"sku": ["A"], "weight": [150.0], "n": [3]}).write_parquet(path)
    frame = read_source(src(path))
    assert frame.select("sku", "weight", "n").row(0) == ("A", "150.0", "3")


@pytest.mark.parametrize(("content", "message"), [
    (None, "bad.csv: file not found"),
    (b"", "bad.csv: file is empty"),
    (b"\xff\xfe\x00\x00\x81\x30\xff" * 10, "bad.csv: cannot decode"),
    (b'sku,name\nA,"unterminated', "bad.csv: file is truncated"),
])
def test_bad_files_raise_one_line_errors(tmp_path, content, message):
    path = tmp_path / "bad.csv"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(SourceError) as exc:
        read_source(src(path))
    assert str(exc.value).startswith(message)
    assert "\n" not in str(exc.value)


def test_reader_errors_never_echo_source_values():
    from indset.read import _redact

    assert _redact("could not parse `张三 13812345678` as dtype") == "could not parse <value> as dtype"
    assert _redact('unexpected "wang@x.com" in field') == "unexpected <value> in field"
    assert _redact("found more fields than defined in 'Schema'") == "found more fields than defined in 'Schema'"
