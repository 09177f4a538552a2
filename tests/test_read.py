"""Readers: formats, encodings, delimiters, one-line errors that name the file; the same from fsspec URLs."""

from __future__ import annotations

import json
import re
from pathlib import Path

import polars as pl
import pytest
from conftest import TEXTILES_RAW
from polars.testing import assert_frame_equal

from indset.errors import SourceError
from indset.fsutil import RemoteFile, sha256_file
from indset.manifest import Source
from indset.read import read_source

ROWS = [["货号", "品名", "成分"], ["TX-1", "纯棉府绸", "100%棉"], ["TX-2", "涤棉布, 宽幅", "T/C 65/35"]]


def src(path: Path, **kw) -> Source:
    return Source(index=0, path=path.name, table="products", enterprise_id="X", file=path, **kw)


def url_src(url: str, storage_options: dict | None = None, **kw) -> Source:
    return Source(index=0, path=url, table="products", enterprise_id="X",
                  file=RemoteFile(url, storage_options or {}), **kw)


def write_delimited(path: Path, delim: str, encoding: str, bom: bool = False) -> Path:
    lines = [delim.join(f'"{c}"' if delim in c or "," in c else c for c in row) for row in ROWS]
    data = ("\r\n".join(lines) + "\r\n").encode(encoding)
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + data)
    return path


@pytest.mark.parametrize(("delim", "encoding", "bom"), [
    (",", "utf-8", False), (",", "utf-8", True), ("\t", "gbk", False), (";", "gb18030", False), ("|", "utf-8", False),
    ("\t", "utf-16", False),   # Excel's "Unicode text" (UTF-16 with its BOM, tab-separated)
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


def test_xlsx_header_written_twice_is_named_as_the_csv_reader_names_it(tmp_path):
    """Reviewer: in an XLSX, fastexcel names a repeated `成分` `成分_1` (CSV: `成分_duplicated_0`), so the choice of
    the column that parses never applied. The sheet's header row decides: a real header `批次_1` beside `批次` stays."""
    import xlsxwriter

    path = tmp_path / "p.xlsx"
    wb = xlsxwriter.Workbook(path)
    sheet = wb.add_worksheet("产品")
    for i, row in enumerate([("货号", "品名", "类别", "成分", "成分", "单价", "批次", "批次_1"),
                             ("A1", "府绸", "面料", "面料", "棉100%", "12", "B1", "B2"),
                             ("A2", "斜纹", "面料", "里料", "涤65% 棉35%", "9", "B3", "B4")]):
        sheet.write_row(i, 0, row)
    wb.close()
    frame = read_source(src(path))
    assert [c for c in frame.columns if not c.startswith("_")] == [
        "货号", "品名", "类别", "成分", "成分_duplicated_0", "单价", "批次", "批次_1"]
    assert frame["成分_duplicated_0"].to_list() == ["棉100%", "涤65% 棉35%"]


def test_jsonl_with_a_broken_line_keeps_numbering(tmp_path):
    path = tmp_path / "p.jsonl"
    path.write_text("\n".join([json.dumps({"sku": "A", "price": 12.5}), "{broken", json.dumps({"sku": "B"})]) + "\n",
                    encoding="utf-8")
    frame = read_source(src(path))
    assert frame["sku"].to_list() == ["A", None, "B"]
    assert frame["price"].to_list() == ["12.5", None, None]
    assert frame["_raw"].to_list() == [None, "{broken", None]
    assert frame["_source_row"].to_list() == [1, 2, 3]


@pytest.mark.parametrize("encoding", ["utf-8", "gbk"])
def test_ragged_csv_records_keep_their_raw_line(tmp_path, encoding):
    """Records with values beyond the header are malformed (raw line kept, no values); an empty trailing field
    is no value at all; a shorter record ends in empty fields (as polars reads it when no record is longer)."""
    lines = ["货号,品名,克重", "A,平布,120", "B,平布,121,", "C,平布", "D,平布,122,多余", '"E,1",平布,123', ""]
    path = tmp_path / "p.csv"
    path.write_bytes("\r\n".join(lines).encode(encoding))
    frame = read_source(src(path))
    assert frame["货号"].to_list() == ["A", "B", "C", None, "E,1"]
    assert frame["克重"].to_list() == ["120", "121", None, None, "123"]
    assert frame["_raw"].to_list() == [None, None, None, "D,平布,122,多余", None]
    assert frame["_source_row"].to_list() == [1, 2, 3, 4, 5]


def test_an_inch_mark_inside_a_csv_field_is_a_character(tmp_path):
    """`57/58"` (unquoted, as typed in Excel): polars rejects the file, Python's csv module reads it."""
    path = tmp_path / "p.csv"
    path.write_text('货号,品名,门幅\nA,平布,57/58"\nB,"平布, 宽幅",58"\n', encoding="utf-8")
    frame = read_source(src(path))
    assert frame.select("货号", "品名", "门幅").rows() == [("A", "平布", '57/58"'), ("B", "平布, 宽幅", '58"')]


def test_a_json_file_holding_an_array_reads_one_record_per_item(tmp_path):
    path = tmp_path / "api.json"
    path.write_text('[{"sku": "A", "price": 12.5},\n {"sku": "B"}, 5]', encoding="utf-8")
    frame = read_source(src(path))
    assert frame.select("sku", "price", "_raw", "_source_row").rows() == [
        ("A", "12.5", None, 1), ("B", None, None, 2), (None, None, "5", 3)]


def test_parquet_values_become_strings(tmp_path):
    path = tmp_path / "p.parquet"
    pl.DataFrame({"sku": ["A"], "weight": [150.0], "n": [3], "w2": [150.5]}).write_parquet(path)
    frame = read_source(src(path))
    # a float column of whole numbers is written as integers (see the typed-columns test below)
    assert frame.select("sku", "weight", "n", "w2").row(0) == ("A", "150", "3", "150.5")


@pytest.mark.parametrize("where", ["local", "url"])
@pytest.mark.parametrize(("content", "message", "code"), [
    (None, "file not found", "missing_file"),
    (b"", "file is empty", "empty_file"),
    (b"\xff\xfe\x00\x00\x81\x30\xff" * 10, "cannot decode", "undecodable_file"),
    (b'sku,name\nA,"unterminated', "file is truncated", "truncated_file"),
])
def test_bad_files_raise_one_line_errors(tmp_path, memory_fs, where, content, message, code):
    if where == "local":
        source = src(tmp_path / "bad.csv")
        if content is not None:
            source.file.write_bytes(content)
    else:
        source = url_src("memory://t/bad.csv")
        if content is not None:
            memory_fs.pipe_file("/t/bad.csv", content)
    with pytest.raises(SourceError) as exc:
        read_source(source)
    assert str(exc.value).startswith(f"{source.path}: {message}")
    assert exc.value.code == code
    assert "\n" not in str(exc.value)


def test_reader_errors_never_echo_source_values():
    from indset.read import _redact

    assert _redact("could not parse `张三 13812345678` as dtype") == "could not parse <value> as dtype"
    assert _redact('unexpected "wang@x.com" in field') == "unexpected <value> in field"
    assert _redact("found more fields than defined in 'Schema'") == "found more fields than defined in 'Schema'"
    # a quote never closed on the error's first line (a cell with a newline): its value was echoed to the console
    assert _redact('could not parse `"联系人张三 13800138000 身份证3301') == "could not parse <value>"
    assert _redact('parse `<value>"y,张三 13800138000') == "parse <value>"


SAMPLES = [  # (export, options): every format and encoding of the textiles samples
    ("hz_weaving_products.csv", {}),
    ("sx_dyeing_products_gbk.csv", {}),                 # GBK, detected
    ("sx_dyeing_machines.tsv", {"encoding": "gbk"}),    # GBK, declared
    ("wz_nonwoven_products.csv", {}),                   # ';' with quoted fields
    ("nb_knitting_export.xlsx", {"sheet": "机台数据"}),
    ("huz_hometex_products.jsonl", {}),
    ("jx_spinning_ringframes.parquet", {}),
]


@pytest.mark.parametrize(("name", "kw"), SAMPLES)
def test_url_source_reads_like_the_local_file_and_is_fetched_once(memory_fs, name, kw):
    local = TEXTILES_RAW / name
    memory_fs.pipe_file(f"/t/raw/{name}", local.read_bytes())
    source = url_src(f"memory://t/raw/{name}", **kw)
    frame = read_source(source)
    memory_fs.rm(f"/t/raw/{name}")  # the hash comes from the bytes already read, not from a second fetch
    assert sha256_file(source.file) == sha256_file(local)
    assert frame["_source_file"].unique().to_list() == [source.path]
    assert_frame_equal(frame.drop("_source_file"), read_source(src(local, **kw)).drop("_source_file"))


def _cut_gbk(data: bytes) -> bytes:
    """Cut inside the last two-byte GBK character, as an interrupted upload would."""
    return data[:[m.start() for m in re.finditer(rb"[\x81-\xfe][\x40-\xfe]", data)][-1] + 1]


@pytest.mark.parametrize(("name", "cut", "message", "code"), [
    ("wz_nonwoven_products.csv", lambda d: d[:d.index(b"Face mask")], "file is truncated", "truncated_file"),
    ("sx_dyeing_products_gbk.csv", _cut_gbk, "cannot decode", "undecodable_file"),
    ("nb_knitting_export.xlsx", lambda d: d[:len(d) // 2], "cannot read as xlsx", "unreadable_file"),
    ("jx_spinning_ringframes.parquet", lambda d: d[:len(d) // 2], "cannot read as parquet", "unreadable_file"),
])
def test_truncated_exports_fail_alike_from_a_url(tmp_path, memory_fs, name, cut, message, code):
    data = cut((TEXTILES_RAW / name).read_bytes())
    (tmp_path / name).write_bytes(data)
    memory_fs.pipe_file(f"/t/{name}", data)
    for source in (src(tmp_path / name), url_src(f"memory://t/{name}")):
        with pytest.raises(SourceError) as exc:
            read_source(source)
        assert str(exc.value).startswith(f"{source.path}: {message}") and exc.value.code == code


def test_s3_source_with_an_endpoint(s3_samples):
    """s3:// through moto's server (standing in for MinIO/OSS) with endpoint_url and anon from the manifest."""
    options = {"endpoint_url": s3_samples, "anon": True}
    source = url_src("s3://exports/textiles/raw/sx_dyeing_products_gbk.csv", options)
    local = TEXTILES_RAW / "sx_dyeing_products_gbk.csv"
    assert_frame_equal(read_source(source).drop("_source_file"), read_source(src(local)).drop("_source_file"))
    assert sha256_file(source.file) == sha256_file(local) == sha256_file(RemoteFile(source.file.url, options))
    with pytest.raises(SourceError, match=r"^s3://exports/textiles/raw/gone\.csv: file not found$") as exc:
        read_source(url_src("s3://exports/textiles/raw/gone.csv", options))
    assert exc.value.code == "missing_file"


@pytest.mark.parametrize(("url", "options", "message"), [
    ("s3://exports/a.csv", {"endpoint_url": "http://127.0.0.1:9/minio-hz-internal", "anon": True,
                            "config_kwargs": {"retries": {"max_attempts": 1}}},  # nothing listens on port 9
     "cannot fetch (EndpointConnectionError)"),
    ("s4://exports/a.csv", {}, "cannot open this URL: Protocol not known: s4"),
])
def test_url_errors_are_one_line_without_storage_options(url, options, message):
    pytest.importorskip("s3fs")
    with pytest.raises(SourceError) as exc:
        read_source(url_src(url, options))
    assert str(exc.value) == f"{url}: {message}" and exc.value.code == "unreadable_file"


def test_big5_is_not_read_as_gbk(tmp_path):
    """Traditional text from Taiwan or Hong Kong in Big5 also decodes as GB18030, as nonsense; it reads as Big5.
    (The normalize stage then turns it into Simplified script.)"""
    rows = ["貨號,品名,類別,成分,更新時間", "TX-1,全棉府綢,坯布,100%棉,2026-10-01",
            "TX-2,滌棉平紋布,面料,65%滌綸 35%棉,2026-10-02", "TX-3,精梳棉汗布,面料,純棉,2026-10-03"]
    path = tmp_path / "tw.csv"
    path.write_bytes("\r\n".join(rows).encode("cp950"))
    frame = read_source(src(path))
    assert frame.columns[:5] == ["貨號", "品名", "類別", "成分", "更新時間"]
    assert frame["品名"].to_list() == ["全棉府綢", "滌棉平紋布", "精梳棉汗布"]


def test_typed_parquet_columns_read_as_an_export_would_write_them(tmp_path):
    """pandas writes an integer column with nulls as floats (style `2026001.0`, NaN); durations and bytes
    columns must not make the whole file unreadable."""
    import datetime as dt

    path = tmp_path / "typed.parquet"
    pl.DataFrame({"款号": [2026001.0, None, 2026003.0], "克重": [180.5, float("nan"), 200.0],
                  "工时": [dt.timedelta(hours=1, minutes=30), None, None],
                  "备注": [b"\xe5\xa4\x87\xe6\xb3\xa8", b"\xff\x00", None]}).write_parquet(path)
    frame = read_source(src(path))
    assert frame["款号"].to_list() == ["2026001", None, "2026003"]
    assert frame["克重"].to_list() == ["180.5", None, "200.0"]
    assert frame["工时"].to_list() == ["PT1H30M", None, None]
    assert frame["备注"].to_list() == ["备注", "ff00", None]


def test_an_api_response_file_reads_the_records_it_wraps(tmp_path):
    records = [{"sku": "TX-1", "name": "府绸"}, {"sku": "TX-2", "name": "平布"}]
    page = {"code": 200, "msg": "ok", "data": {"total": 2, "list": records}}
    for name, text in (("pretty.json", json.dumps(page, ensure_ascii=False, indent=2)),
                       ("compact.json", json.dumps(page, ensure_ascii=False))):
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        frame = read_source(src(path))
        assert frame["sku"].to_list() == ["TX-1", "TX-2"] and frame["_source_row"].to_list() == [1, 2]
    path = tmp_path / "empty.json"
    path.write_text(json.dumps({"code": 500, "msg": "error"}), encoding="utf-8")
    with pytest.raises(SourceError, match=r"^empty\.json: JSON object holds no list of records"):
        read_source(src(path))


def test_classic_mac_line_ends_and_a_gbk_line_in_a_utf8_file(tmp_path):
    """Excel for Mac's "CSV (Macintosh)" ends lines with CR only; an export appended to another may bring a
    line in GBK into a UTF-8 file: each line is read in the encoding it decodes in."""
    mac = tmp_path / "mac.csv"
    mac.write_bytes("货号,品名,成分\r\nTX-1,纯棉府绸,100%棉\r\nTX-2,涤棉布,T/C 65/35\r".replace("\r\n", "\r").encode())
    assert read_source(src(mac))["品名"].to_list() == ["纯棉府绸", "涤棉布"]
    mixed = tmp_path / "mixed.csv"
    mixed.write_bytes("货号,品名,成分\nTX-1,纯棉府绸,100%棉\n".encode() + "TX-2,涤棉布,T/C 65/35\n".encode("gbk")
                      + b"TX-3," + "精梳棉布".encode("gbk") + ",65%涤纶 35%棉\n".encode())  # one GBK cell
    frame = read_source(src(mixed))
    assert frame["品名"].to_list() == ["纯棉府绸", "涤棉布", "精梳棉布"] and frame["成分"][2] == "65%涤纶 35%棉"


def test_gzip_exports_a_bom_before_gbk_and_a_folder(tmp_path):
    """`export.tsv.gz` reads as the file it holds (it was 'truncated'); a UTF-8 byte order mark before GBK text
    (a tool added it) reads as GBK (it was undecodable); a folder is named as one (it was 'not found')."""
    import gzip

    plain = write_delimited(tmp_path / "a.tsv", "\t", "utf-8")
    (tmp_path / "a.tsv.gz").write_bytes(gzip.compress(plain.read_bytes()))
    (tmp_path / "b.json.gz").write_bytes(gzip.compress(json.dumps(
        [dict(zip(ROWS[0], r, strict=True)) for r in ROWS[1:]], ensure_ascii=False).encode()))
    bom_gbk = write_delimited(tmp_path / "c.csv", ",", "gbk", bom=True)
    for path in (tmp_path / "a.tsv.gz", tmp_path / "b.json.gz", bom_gbk):
        frame = read_source(src(path))
        assert frame.columns[:3] == ROWS[0] and frame.select(ROWS[0]).rows() == [tuple(r) for r in ROWS[1:]], path
    (tmp_path / "bad.csv.gz").write_bytes(b"not gzip at all")
    with pytest.raises(SourceError, match=re.escape("bad.csv.gz: not a readable gzip file")):
        read_source(src(tmp_path / "bad.csv.gz"))
    (tmp_path / "folder.csv").mkdir()
    with pytest.raises(SourceError, match=re.escape("folder.csv: is a folder, not a file")):
        read_source(src(tmp_path / "folder.csv"))


def test_a_gzip_export_at_a_url(tmp_path):
    """A remote `export.csv.gz` has no file name of its own: its type comes from the URL (it crashed, review)."""
    import gzip

    import fsspec

    data = gzip.compress(write_delimited(tmp_path / "a.csv", ",", "utf-8").read_bytes())
    with fsspec.open("memory://exports/export.csv.gz", "wb") as f:
        f.write(data)
    frame = read_source(url_src("memory://exports/export.csv.gz"))
    assert frame.select(ROWS[0]).rows() == [tuple(r) for r in ROWS[1:]]


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_its_byte_order_mark_is_detected(tmp_path, encoding):
    """A UTF-16LE export without a BOM was read as GB18030 garbage: 2 rows for 1 record, garbled column names
    (red team round 12). Its NUL bytes beside every ASCII character say UTF-16 and which byte order."""
    path = tmp_path / "u16.txt"
    text = "款号\t品名\t类目\t成分\t号型\t安全类别\n NB-1\t男士T恤\tT恤\t100%棉\t170/92A\tB类\n"
    path.write_bytes(text.encode(encoding))
    frame = read_source(src(path))
    assert frame.columns[:6] == ["款号", "品名", "类目", "成分", "号型", "安全类别"]
    assert frame.height == 1 and frame["品名"].to_list() == ["男士T恤"]
    ascii_only = tmp_path / "a.csv"   # all ASCII: valid UTF-8 byte by byte, NULs and all
    ascii_only.write_bytes("sku,name\nA-1,Tee\n".encode(encoding))
    assert read_source(src(ascii_only))["name"].to_list() == ["Tee"]


def test_text_without_nul_bytes_is_never_utf16(tmp_path):
    from indset.read import utf16_without_bom

    for text, enc in [("货号,品名\nTX-1,纯棉府绸\n", "utf-8"), ("货号,品名\nTX-1,纯棉府绸\n", "gbk")]:
        assert utf16_without_bom(text.encode(enc)) is None
    assert utf16_without_bom(b"a\x00b\x00") is None   # too few NULs to say


@pytest.mark.parametrize(("data", "kind"), [
    (b"<html><head><meta charset='utf-8'></head><body><table><tr><td>\xe8\xb4\xa7\xe5\x8f\xb7</td></tr></table></body>"
     b"</html>", "HTML"),
    (b"\xef\xbb\xbf<!DOCTYPE html>\n<html><table></table></html>", "HTML"),
    (b"<table border=1><tr><td>sku</td></tr></table>", "HTML"),
    (b'<?xml version="1.0"?>\n<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"></Workbook>', "XML"),
])
def test_an_html_or_xml_file_named_xls_is_one_clear_error(tmp_path, data, kind):
    """Red team A (textiles 7): an ERP's HTML table saved as `.xls` gave `cannot read as xls: calamine error: <value>`
    (the reason redacted whole). The error names the cause; no maintained offline HTML-table reader is installed
    (pandas.read_html needs lxml or bs4), so the file is not read."""
    for name in ("erp_export.xls", "erp_export.xlsx"):
        (tmp_path / name).write_bytes(data)
        with pytest.raises(SourceError) as exc:
            read_source(src(tmp_path / name))
        assert str(exc.value) == f"{name}: not an Excel workbook: looks like {kind} (save it as .xlsx or .csv)"
        assert exc.value.code == "unreadable_file"


@pytest.mark.parametrize("encoding", ["utf-8", "gb18030", "utf-16"])
def test_csv_or_tab_text_named_xls_is_read_as_the_text_it_is(tmp_path, encoding):
    """Red team A (textiles 7): a CSV saved as `.xls` (ERPs' "Excel export"; Excel's Unicode text is UTF-16 with tabs)
    was unreadable. Text without a workbook's signature reads as the delimited text it is; a file that is neither
    text nor a workbook (a truncated or binary one) still fails as before."""
    text = "货号,品名,克重\nTX-01,全棉府绸,120g/m2\nTX-02,涤棉,110\n"
    if encoding == "utf-16":
        text = text.replace(",", "\t")
    (tmp_path / "erp_export.xls").write_bytes(text.encode(encoding))
    (tmp_path / "erp_export.csv").write_bytes(text.encode(encoding))
    frame = read_source(src(tmp_path / "erp_export.xls"))
    assert_frame_equal(frame.drop("_source_file"), read_source(src(tmp_path / "erp_export.csv")).drop("_source_file"))
    assert frame["货号"].to_list() == ["TX-01", "TX-02"] and frame["克重"].to_list() == ["120g/m2", "110"]
    (tmp_path / "broken.xls").write_bytes(b"\x00\x01\x02binary\x00" * 20)
    with pytest.raises(SourceError) as exc:
        read_source(src(tmp_path / "broken.xls"))
    assert str(exc.value).startswith("broken.xls: cannot read as xls") and exc.value.code == "unreadable_file"


ARR_RECORDS = [{"货号": f"TX-000{i}", "品名": "全棉府绸 40S", "类别": "色布", "成分": "100%棉", "纱支": "40S",
                "克重(g/m²)": f"10{i}", "门幅/inch": "58/60", "组织": "平纹", "颜色": "藏青", "单价(元)": "7.5",
                "备注": "平纹组织。", "更新时间": "2026-02-18 10:25:00"} for i in range(1, 6)]


@pytest.mark.parametrize("name", ["arr.jsonl", "arr.ndjson", "arr.json", "arr.csv", "arr.txt"])
def test_a_json_array_reads_its_items_whatever_the_extension(tmp_path, name):
    """Red team round 14 B item 7: five records in a single-line JSON array saved as `.jsonl` were one quarantined
    row (`malformed_record`); as `.json` all five were read. A file whose whole content is one JSON array of
    objects is read as records, numbered by their position in the array."""
    path = tmp_path / name
    path.write_text(json.dumps(ARR_RECORDS, ensure_ascii=False), encoding="utf-8")
    frame = read_source(src(path))
    assert frame.select("货号", "克重(g/m²)", "_source_row").rows() == [
        (f"TX-000{i}", f"10{i}", i) for i in range(1, 6)]
    assert "_raw" not in frame.columns or frame["_raw"].null_count() == frame.height


def test_json_lines_and_csv_that_are_no_json_array_read_as_before(tmp_path):
    """What stays: JSON Lines (one object a line, an array line among them is malformed), a JSON Lines file of
    arrays of numbers, and a CSV whose first header starts with `[` (no JSON array: read as CSV)."""
    lines = tmp_path / "p.jsonl"
    lines.write_text('{"sku": "A"}\n[{"sku": "B"}]\n{"sku": "C"}\n', encoding="utf-8")
    assert read_source(src(lines)).select("sku", "_raw", "_source_row").rows() == [
        ("A", None, 1), (None, '[{"sku": "B"}]', 2), ("C", None, 3)]
    numbers = tmp_path / "n.jsonl"
    numbers.write_text("[1, 2, 3]\n", encoding="utf-8")
    assert read_source(src(numbers))["_raw"].to_list() == ["[1, 2, 3]"]
    csv_path = tmp_path / "p.csv"
    csv_path.write_text('[{货号},品名\nTX-1,府绸\n', encoding="utf-8")
    assert read_source(src(csv_path)).select("[{货号}", "品名", "_source_row").rows() == [("TX-1", "府绸", 1)]


def _ole2(*streams: str) -> bytes:
    """A minimal OLE2 compound file (512-byte sectors: header, one FAT sector, one directory sector) whose root
    holds empty streams of these names, as an encrypted OOXML workbook holds EncryptionInfo and EncryptedPackage."""
    import struct

    free, end, fat_sect = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD
    header = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(16) + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
              + bytes(6) + struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, end, 0, end, 0)
              + struct.pack("<I", 0) + struct.pack("<108I", *[free] * 108))
    fat = struct.pack("<128I", fat_sect, end, *[free] * 126)

    def entry(name: str, kind: int, child: int = free, right: int = free) -> bytes:
        encoded = (name + "\0").encode("utf-16-le")
        return (encoded.ljust(64, b"\0") + struct.pack("<HBB", len(encoded), kind, 1)
                + struct.pack("<III", free, right, child) + bytes(36) + struct.pack("<II", end, 0) + bytes(4))

    entries = [entry("Root Entry", 5, child=1 if streams else free)]
    entries += [entry(n, 2, right=i + 2 if i + 1 < len(streams) else free) for i, n in enumerate(streams)]
    directory = b"".join(entries).ljust(512, b"\0")
    return header + fat + directory


@pytest.mark.parametrize("where", ["local", "url"])
def test_a_password_protected_workbook_or_a_zip_without_one_is_named(tmp_path, memory_fs, where):
    """Red team round 14 B item 8: a password-protected xlsx gave `cannot read as xlsx: calamine error: <value>`, a zip
    that is no workbook `File not found '_rels/.rels'`. An encrypted OOXML file is an OLE2 compound file with an
    EncryptionInfo stream; a zip without a workbook part is not a workbook. Each is one line naming the cause."""
    import io
    import zipfile

    note = io.BytesIO()
    with zipfile.ZipFile(note, "w") as z:
        z.writestr("data.csv", "货号,品名\nTX-0001,全棉府绸 40S\n")
    files = {"pw.xlsx": _ole2("EncryptedPackage", "EncryptionInfo", "\x06DataSpaces"), "notxlsx.xlsx": note.getvalue()}
    expected = {"pw.xlsx": ("workbook is password-protected (encrypted); save it without a password", "encrypted_file"),
                "notxlsx.xlsx": ("not an Excel workbook (a zip without a workbook part)", "unreadable_file")}
    for name, data in files.items():
        if where == "local":
            (tmp_path / name).write_bytes(data)
            source = src(tmp_path / name)
        else:
            memory_fs.pipe_file(f"/t/{name}", data)
            source = url_src(f"memory://t/{name}")
        with pytest.raises(SourceError) as exc:
            read_source(source)
        assert str(exc.value) == f"{source.path}: {expected[name][0]}" and exc.value.code == expected[name][1]


def _biff_xls(file_pass: bytes | None, shift: int = 0) -> bytes:
    """A tiny legacy .xls: an OLE2 compound file whose Workbook stream (4096 bytes, in regular sectors from sector 2)
    starts with the globals' BIFF8 BOF record, then ``file_pass`` (a FilePass record's body) if given, then EOF;
    ``shift`` moves the records that far into the stream (a BOF that starts no stream)."""
    import struct

    free, end, fat_sect = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD

    def record(kind: int, body: bytes = b"") -> bytes:
        return struct.pack("<HH", kind, len(body)) + body

    stream = record(0x0809, struct.pack("<HHHHII", 0x0600, 0x0005, 0x1F4E, 0x07CD, 0x000100C1, 0x406))
    if file_pass is not None:
        stream += record(0x002F, file_pass)
    stream = (bytes(shift) + stream + record(0x000A)).ljust(4096, b"\0")
    header = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(16) + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
              + bytes(6) + struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, end, 0, end, 0)
              + struct.pack("<I", 0) + struct.pack("<108I", *[free] * 108))
    chain = [fat_sect, end, *range(3, 10), end]
    fat = struct.pack("<128I", *chain, *[free] * (128 - len(chain)))

    def entry(name: str, kind: int, child: int, start: int, size: int) -> bytes:
        encoded = (name + "\0").encode("utf-16-le")
        return (encoded.ljust(64, b"\0") + struct.pack("<HBB", len(encoded), kind, 1)
                + struct.pack("<III", free, free, child) + bytes(36) + struct.pack("<II", start, size) + bytes(4))

    directory = (entry("Root Entry", 5, 1, end, 0) + entry("Workbook", 2, free, 2, len(stream))).ljust(512, b"\0")
    return header + fat + directory + stream


def test_a_password_protected_legacy_xls_is_named(tmp_path):
    """Red team (parse item 4): a password-protected `.xls` (BIFF, a FilePass record after the BOF) gave the reader's
    own `cannot read as xls: calamine error: Cannot detect file format`; it is one line naming the file and the cause,
    as a password-protected `.xlsx` is: RC4 (CryptoAPI too) and the old XOR obfuscation alike."""
    import struct

    rc4 = struct.pack("<HHH", 1, 1, 1) + bytes(48)
    xor = struct.pack("<HHH", 0, 0x1234, 0x5678)
    for name, body in (("pw.xls", rc4), ("xor.xls", xor)):
        (tmp_path / name).write_bytes(_biff_xls(body))
        with pytest.raises(SourceError) as exc:
            read_source(src(tmp_path / name))
        assert str(exc.value) == f"{name}: workbook is password-protected (encrypted); save it without a password"
        assert exc.value.code == "encrypted_file"
    # negative: a workbook stream without FilePass, or a BOF and FilePass inside a stream's data (not where a stream
    # starts), is left to the workbook reader
    for name, data in (("plain.xls", _biff_xls(None)), ("inside.xls", _biff_xls(rc4, shift=10))):
        (tmp_path / name).write_bytes(data)
        with pytest.raises(SourceError) as exc:
            read_source(src(tmp_path / name))
        assert str(exc.value).startswith(f"{name}: cannot read as xls") and exc.value.code == "unreadable_file"


def test_an_ole2_file_without_an_encryption_entry_is_left_to_the_workbook_reader(tmp_path):
    """What stays: an OLE2 file with no EncryptionInfo stream (a legacy workbook, here a damaged one), or with the
    name only inside a stream's data (not at a directory entry), is no encrypted workbook; a real xlsx reads."""
    inside = _ole2("Workbook") + b"\0\0" + "EncryptionInfo\0".encode("utf-16-le") + bytes(200)
    for name, data in (("legacy.xls", _ole2("Workbook")), ("data.xls", inside)):
        (tmp_path / name).write_bytes(data)
        with pytest.raises(SourceError) as exc:
            read_source(src(tmp_path / name))
        assert str(exc.value).startswith(f"{name}: cannot read as xls")
    import openpyxl

    wb = openpyxl.Workbook()
    for row in ROWS:
        wb.active.append(row)
    wb.save(tmp_path / "plain.xlsx")
    assert read_source(src(tmp_path / "plain.xlsx"))["货号"].to_list() == ["TX-1", "TX-2"]
