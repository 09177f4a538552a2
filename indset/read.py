"""Read one raw export into a frame of strings, numbered by _source_row.

Every value stays a string here: parsing belongs to the normalize stage, and quarantine keeps
the raw values as read. Formats: CSV/TSV (delimiter sniffed), XLSX, JSON Lines, Parquet. A local file is
read in place; a URL source (fsspec) is fetched once into memory, and its sha256 is taken from those bytes.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import polars as pl

from indset.errors import SourceError
from indset.fsutil import RemoteFile
from indset.manifest import Source
from indset.slices import chunked_like
from indset.xlsx_formats import percent_formatted
from indset.xlsx_merges import fill_merged, vertical_merges

SOURCE_FILE, SOURCE_ROW, SOURCE_INDEX, RAW_LINE = "_source_file", "_source_row", "_source_index", "_raw"
SOURCE_SHEET = "_source_sheet"  # in lineage and quarantine, when a source of the table names a sheet
DELIMITERS = ",\t;|"
_UTF8_BOM = b"\xef\xbb\xbf"
_BOMS = {_UTF8_BOM: "utf-8", b"\xff\xfe": "utf-16", b"\xfe\xff": "utf-16"}  # Excel's "Unicode text": UTF-16


def detect_encoding(data: bytes, declared: str = "auto") -> str:
    """UTF-8 (with or without BOM) first, then GB18030 (a superset of GBK), then a detector."""
    if declared and declared.lower() != "auto":
        return declared
    if data.startswith(_UTF8_BOM):
        try:
            data[3:].decode("utf-8")
            return "utf-8"
        except UnicodeDecodeError:  # a tool put a BOM before GBK text: the text decides (the BOM is dropped)
            return detect_encoding(data[3:])
    for bom, enc in _BOMS.items():
        if data.startswith(bom) and (enc == "utf-8" or _is_text(data[:_SAMPLE], enc)):
            return enc
    if (utf16 := utf16_without_bom(data)) is not None:
        return utf16
    try:
        data.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError as exc:
        if exc.start >= len(data) - 3:  # a multi-byte character cut by truncation
            raise
    try:
        data.decode("gb18030")
        return "cp950" if _reads_better_as_big5(data) else "gb18030"
    except UnicodeDecodeError:
        pass
    if all(_line_decodes(line) for line in data.splitlines()):
        return MIXED  # a UTF-8 file with lines pasted from a GBK one (an export appended to another)
    from charset_normalizer import from_bytes

    best = from_bytes(data[:1_000_000]).best()
    if best is None:
        raise UnicodeDecodeError("auto", data[:1], 0, 1, "no encoding fits")
    return best.encoding


_SAMPLE = 256 * 1024
_NUL_MIN = 4  # NUL bytes a UTF-16 sample must hold at least (a line end, a separator or a digit gives one each)


def utf16_without_bom(data: bytes) -> str | None:
    """`utf-16-le` or `utf-16-be` for UTF-16 text without its byte order mark, else None. UTF-8 and GBK text holds
    no NUL byte; UTF-16 gives one beside every ASCII character (line ends, separators, digits), at odd positions
    (little-endian) or even ones (big-endian). Nine in ten on one side, and the sample must decode to text."""
    sample = data[:_SAMPLE]
    sample = sample[:len(sample) - len(sample) % 2]
    nuls = sample.count(0)
    if nuls < _NUL_MIN:
        return None
    odd = sample[1::2].count(0)
    for share, encoding in ((odd, "utf-16-le"), (nuls - odd, "utf-16-be")):
        if share >= 0.9 * nuls and _is_text(sample, encoding):
            return encoding
    return None
_OFF_GB = re.compile(r"[\u0370-\u04ff\u2500-\u257f\u3040-\u30ff]")  # Greek, Cyrillic, box drawing, kana


def _is_text(sample: bytes, encoding: str) -> bool:
    """Whether the bytes read as text in ``encoding``: no control characters but tab and line ends (a
    binary file may start with a UTF-16 byte order mark by chance)."""
    text = sample[:len(sample) - len(sample) % 2].decode(encoding, errors="replace")
    return not re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffd]", text)


def _reads_better_as_big5(data: bytes) -> bool:
    """Whether a file that decodes as GB18030 is Big5 (Taiwan, Hong Kong) text: both codecs accept most
    double-byte pairs, so the question is which reading looks like Chinese. Big5 read as GB18030 gives
    kana, Greek, box drawing and rare characters; GBK read as Big5 gives rare characters. A character is
    common when it is GB 2312 level 1 (GB reading) or Big5 常用字 (lead byte A4-C6, Big5 reading)."""
    sample = data[:_SAMPLE]
    if len(data) > _SAMPLE:
        sample = sample[:sample.rfind(b"\n") + 1] or sample  # a line ends on ASCII: no pair is cut
    try:
        as_big5 = sample.decode("cp950")
    except UnicodeDecodeError:
        return False
    as_gb = sample.decode("gb18030", errors="replace")

    def common_gb(ch: str) -> bool:
        try:
            return 0xB0 <= ch.encode("gb2312")[0] <= 0xD7
        except UnicodeEncodeError:
            return False

    def common_big5(ch: str) -> bool:
        return 0xA4 <= ch.encode("cp950")[0] <= 0xC6

    wide_gb = [c for c in as_gb if ord(c) > 0x7F]
    wide_big5 = [c for c in as_big5 if ord(c) > 0x7F]
    if not wide_gb or not wide_big5:
        return False
    odd_gb = sum(1 for c in wide_gb if _OFF_GB.match(c) or not common_gb(c)) / len(wide_gb)
    odd_big5 = sum(1 for c in wide_big5 if not common_big5(c)) / len(wide_big5)
    return odd_gb > 0.3 and odd_big5 < odd_gb / 2


MIXED = "utf-8+gb18030"  # each line (else each cell) in UTF-8, or else in GB18030


_FIELD_SEPARATORS = re.compile(rb"([,\t;|])")  # ASCII: never a byte of a UTF-8 or GBK multi-byte character


def _decode_piece(piece: bytes) -> str:
    """UTF-8, else GB18030, else cell by cell (a line whose cells came from two exports); raises if none fits."""
    for encoding in ("utf-8", "gb18030"):
        try:
            return piece.decode(encoding)
        except UnicodeDecodeError:
            continue
    parts = _FIELD_SEPARATORS.split(piece)
    if len(parts) == 1:
        raise UnicodeDecodeError("utf-8+gb18030", piece, 0, len(piece), "no encoding fits")
    return "".join(_decode_piece(p) for p in parts)


def _line_decodes(line: bytes) -> bool:
    try:
        _decode_piece(line)
        return True
    except UnicodeDecodeError:
        return False


def _decode_lines(data: bytes) -> str:
    return "".join(_decode_piece(line) for line in data.splitlines(keepends=True)).lstrip("\ufeff")


def decode_to_utf8(data: bytes, encoding: str) -> bytes:
    if encoding.lower().replace("_", "-") in ("utf-8", "utf8"):
        return data[3:] if data.startswith(b"\xef\xbb\xbf") else data
    if not encoding.lower().startswith("utf-16") and data.startswith(_UTF8_BOM):
        data = data[3:]  # a UTF-8 byte order mark before text in another encoding
    if encoding == MIXED:
        return _decode_lines(data).encode("utf-8")
    return data.decode(encoding).encode("utf-8")


def sniff_delimiter(sample: str, suffix: str) -> str:
    if suffix in (".tsv", ".tab"):
        return "\t"
    lines = [ln for ln in sample.splitlines()[:50] if ln.strip()]
    try:
        return csv.Sniffer().sniff("\n".join(lines), delimiters=DELIMITERS).delimiter
    except csv.Error:
        counts = {d: lines[0].count(d) if lines else 0 for d in DELIMITERS}
        return max(counts, key=lambda d: counts[d]) if any(counts.values()) else ","


def _read_csv(src: Source, file: Path | bytes) -> pl.DataFrame:
    """Fast path: UTF-8 goes straight to polars (multi-threaded, no Python copy); anything else, or a
    file polars rejects as invalid UTF-8, is decoded first."""
    if isinstance(file, bytes):
        head, tail = file[:65536], file[-65536:]
    else:
        with file.open("rb") as f:
            head = f.read(65536)
            f.seek(max(0, file.stat().st_size - 65536))
            tail = f.read()
    if not head.strip():
        raise SourceError(src.path, "file is empty", "empty_file")
    if b"\r" in head and b"\n" not in head:  # classic Mac line ends (Excel for Mac's "CSV (Macintosh)")
        file = _bytes(file).replace(b"\r", b"\n")
        head, tail = file[:65536], file[-65536:]
    last = tail.rstrip(b"\r\n").rsplit(b"\n", 1)[-1]
    if not tail.endswith((b"\n", b"\r")) and last.count(b'"') % 2 == 1:
        raise SourceError(src.path, "file is truncated (last record ends inside a quoted field)", "truncated_file")
    options = {"infer_schema": False, "quote_char": '"', "raise_if_empty": True, "truncate_ragged_lines": False}
    # UTF-16 without a byte order mark holds NUL bytes that UTF-8 allows: never the UTF-8 path
    if src.encoding.lower() in ("auto", "utf-8", "utf8", "utf-8-sig") and \
            (src.encoding.lower() != "auto" or utf16_without_bom(head) is None):
        try:
            head_text = head.decode("utf-8", errors="strict" if len(head) < 65536 else "ignore")
            delim = sniff_delimiter(head_text, source_suffix(src))
            return pl.read_csv(file, separator=delim, **options)
        except (UnicodeDecodeError, pl.exceptions.ComputeError) as exc:
            if _python_reads(exc):
                return _read_csv_python(_bytes(file).decode("utf-8-sig"), delim)
            if "utf-8" not in str(exc).lower() and not isinstance(exc, UnicodeDecodeError):
                raise
    data = _bytes(file)
    utf8 = decode_to_utf8(data, detect_encoding(data, src.encoding))
    delim = sniff_delimiter(utf8[:65536].decode("utf-8", errors="ignore"), source_suffix(src))
    try:
        return pl.read_csv(utf8, separator=delim, **options)
    except pl.exceptions.ComputeError as exc:
        if not _python_reads(exc):
            raise
        return _read_csv_python(utf8.decode("utf-8"), delim)


_PYTHON_READS = ("more fields than defined", "CSV malformed")


def _python_reads(exc: Exception) -> bool:
    """polars gave up on a record Python's csv module reads: one longer than the header, or a quote mark in
    the middle of a field (`57/58"`, an inch mark), which is a literal character there."""
    return any(m in str(exc) for m in _PYTHON_READS)
TITLE_LINES = 10  # title lines searched above a CSV header


def _read_csv_python(text: str, delim: str) -> pl.DataFrame:
    """A CSV polars cannot read (:func:`_python_reads`), with Python's csv module. A record with
    values beyond the header keeps its raw line (``_raw``) and no values: the normalize stage quarantines
    it as malformed_record. Empty trailing fields are no values; a shorter record ends in empty fields, as
    the fast reader reads it. Title lines above the header (`某某纺织有限公司 产品清单`, narrower than the
    records) are skipped: the header is the first line as wide as most records."""
    records = [r for r in csv.reader(io.StringIO(text, newline=""), delimiter=delim, quotechar='"') if r]
    widths = [len(_trimmed(r)) for r in records[:TITLE_LINES + 50]]
    common = max(set(widths), key=lambda w: (widths.count(w), w))
    start = next((i for i, w in enumerate(widths[:TITLE_LINES + 1]) if w == common), 0)
    if len(_trimmed(records[0])) >= common:
        start = 0
    header, rows = records[start], records[start + 1:]
    width = len(header)
    good, raw_lines = [], []
    for r in rows:
        r = _trimmed(r, width)
        ok = len(r) <= width
        good.append(r + [None] * (width - len(r)) if ok else [None] * width)
        raw_lines.append(None if ok else delim.join(r))
    columns = {h: [r[i] for r in good] for i, h in enumerate(_unique_headers(header))}
    frame = pl.DataFrame(columns, schema={h: pl.String for h in columns})
    return frame.with_columns(pl.Series(RAW_LINE, raw_lines, dtype=pl.String))


def _trimmed(record: list[str], width: int = 0) -> list[str]:
    """The record without empty trailing fields beyond ``width``."""
    end = len(record)
    while end > width and record[end - 1] == "":
        end -= 1
    return record[:end]


def _unique_headers(header: list[str]) -> list[str]:
    """Header names as polars would make them unique (`a`, `a_duplicated_0`)."""
    seen: dict[str, int] = {}
    out = []
    for h in header:
        if h in seen:
            out.append(f"{h}_duplicated_{seen[h]}")
            seen[h] += 1
        else:
            seen[h] = 0
            out.append(h)
    return out


SHEET_ROWS_SEARCHED = 10  # rows of each sheet searched for a header when the manifest names no sheet
SHEET_RIVAL_FIELDS = 3    # a second sheet whose header names this many fields (and 80% of the best) holds data too


def _read_xlsx(src: Source, file: Path | bytes, header_score: Callable[[list[str]], int] | None = None
               ) -> pl.DataFrame:
    import fastexcel

    reader = fastexcel.read_excel(file if isinstance(file, bytes) else str(file))
    names = reader.sheet_names
    if src.sheet is not None and src.sheet not in names:
        # the workbook's sheets are counted, not listed: a sheet may be named after a person (`王建军13857412368`)
        raise SourceError(src.path, f"sheet {src.sheet!r} not found (the workbook has {len(names)} sheets)",
                          "missing_sheet")
    sheet: str | int = src.sheet if src.sheet is not None else 0
    if src.sheet is None and len(names) > 1 and header_score is not None:
        sheet = _best_sheet(reader, header_score, src)
    frame = reader.load_sheet(sheet, dtypes="string").to_polars()
    frame = percent_formatted(frame, file, sheet)  # a cell shown as 99.50% stores 0.995
    frame = fill_merged(frame, vertical_merges(file, sheet))  # a category merged down five rows is theirs
    return _xlsx_duplicates(frame, reader, sheet)


_SUFFIXED = re.compile(r"^(?P<base>.+)_\d+$")


def _xlsx_duplicates(frame: pl.DataFrame, reader: Any, sheet: str | int) -> pl.DataFrame:
    """A header written twice is named as the CSV reader names it (`成分`, `成分_duplicated_0`), not as fastexcel
    does (`成分_1`): the header map knows a repeated header by that name. The sheet's own header row decides, never
    the suffix alone (`批次_1` may be a real header); it is read only when a name looks suffixed."""
    if not any((m := _SUFFIXED.match(c)) and m["base"] in frame.columns for c in frame.columns):
        return frame
    head = reader.load_sheet(sheet, header_row=None, n_rows=1, dtypes="string").to_polars()
    if head.width != frame.width or not head.height:
        return frame
    row = ["" if v is None else str(v) for v in head.row(0)]
    names = {c: u for c, h, u in zip(frame.columns, row, _unique_headers(row), strict=True)
             if h.strip() and u != h and u not in frame.columns}   # a named header's repeat; empty cells stay
    return frame.rename(names) if names else frame


def _best_sheet(reader: Any, header_score: Callable[[list[str]], int], src: Source) -> int:
    """The sheet whose header (a row among its first ones) scores highest: a workbook may open on a cover
    or notes sheet (说明, 封面) before its data. Visible sheets first; on a tie the first such sheet.

    Several visible sheets with the table's header (one per month: `9月`, `10月`) are one source each: the
    manifest must name them (SourceError ``ambiguous_sheet``), rather than one being read and the rest not."""
    scores = []
    for i in range(len(reader.sheet_names)):
        head = reader.load_sheet(i, header_row=None, n_rows=SHEET_ROWS_SEARCHED, dtypes="string")
        rows = head.to_polars().rows() if head.width else []
        best = max((header_score([str(v).strip() for v in row if v is not None and str(v).strip()])
                    for row in rows), default=0)
        scores.append((head.visible == "visible", best, -i))
    top = max(scores)
    rivals = [reader.sheet_names[-i] for visible, n, i in scores
              if visible and n >= max(SHEET_RIVAL_FIELDS, 0.8 * top[1])]
    if top[0] and len(rivals) > 1:
        where = ", ".join(str(reader.sheet_names.index(r) + 1) for r in rivals)   # positions, never names
        raise SourceError(src.path, f"several sheets hold this table (sheets number {where} of "
                          f"{len(reader.sheet_names)}): list each as a source with its sheet:", "ambiguous_sheet")
    return -top[2]


def _read_jsonl(data: bytes, src: Source) -> pl.DataFrame:
    """JSON Lines; a `.json` file holding one array of objects (an API dump) reads as one record per object, and
    so does a JSON Lines file whose whole content is one array holding objects (an API dump saved as `.jsonl`)."""
    text = decode_to_utf8(data, detect_encoding(data, src.encoding)).decode("utf-8").lstrip("\ufeff")
    lines = text.splitlines()
    if source_suffix(src) != ".json" and (items := json_array(text)) is not None:
        lines = [json.dumps(i, ensure_ascii=False) for i in items]
    elif source_suffix(src) == ".json" and text.lstrip()[:1] in ("[", "{"):
        try:
            whole = json.loads(text)
        except ValueError:
            whole = None
            if text.lstrip().startswith("[") or (len(lines) > 1 and lines[0].strip() == "{"):
                raise SourceError(src.path, "file is not valid JSON (an array of records, or one record a line)",
                                  "unreadable_file") from None
        if whole is not None:
            items = whole if isinstance(whole, list) else _wrapped_records(whole)
            if items is None:
                raise SourceError(src.path, "JSON object holds no list of records (expected an array of objects, "
                                  "e.g. under data/list/rows/records)", "unreadable_file")
            lines = [json.dumps(i, ensure_ascii=False) for i in items]
    rows, raw_bad = [], []
    for line in lines:
        if not line.strip():
            rows.append({})
            raw_bad.append(None)
            continue
        try:
            obj = json.loads(line)
            if not isinstance(obj, dict):
                raise ValueError("not an object")
        except ValueError:
            rows.append({})
            raw_bad.append(line)
            continue
        rows.append({k: json_cell(v) for k, v in obj.items()})
        raw_bad.append(None)
    cols: dict[str, None] = {}
    for r in rows:
        cols.update(dict.fromkeys(r))
    frame = pl.DataFrame({c: [r.get(c) for r in rows] for c in cols}, schema={c: pl.String for c in cols})
    raw = pl.Series(RAW_LINE, raw_bad, dtype=pl.String)
    return frame.with_columns(raw) if cols else raw.to_frame()  # no line held an object: only raw lines


def json_array(text: str) -> list | None:
    """The items of a text whose whole content is one JSON array holding objects (records), else None. Only a text
    starting with `[` is parsed: a JSON Lines record, a CSV header never does."""
    if text.lstrip()[:1] != "[":
        return None
    try:
        whole = json.loads(text)
    except ValueError:
        return None
    return whole if isinstance(whole, list) and any(isinstance(i, dict) for i in whole) else None


def _wrapped_records(obj: object) -> list | None:
    """The records of an API response (`{"code": 200, "data": {"list": [{...}, ...]}}`): the first list of
    objects found, breadth first (the shallowest wins; among siblings, the first key)."""
    level, seen = [obj], 0
    while level and seen < 4:
        nxt = []
        for node in level:
            if isinstance(node, dict):
                for v in node.values():
                    if isinstance(v, list) and v and all(isinstance(i, dict) for i in v):
                        return v
                    if isinstance(v, dict):
                        nxt.append(v)
        level, seen = nxt, seen + 1
    return None


def json_cell(v: object) -> str | None:
    """A JSON value as the text cell an export would hold (nested values as JSON)."""
    if v is None:
        return None
    if isinstance(v, str):
        return v
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return repr(v) if isinstance(v, float) else str(v)
    return json.dumps(v, ensure_ascii=False, sort_keys=True)


def _read_parquet(file: Path | bytes) -> pl.DataFrame:
    """A typed file's values as the strings an export would hold: nested values as JSON, a float column of
    whole numbers as integers (an integer column with nulls, as pandas writes it: style `2026001.0` is
    `2026001`; NaN is no value), durations in ISO 8601, bytes as UTF-8 text (else hex)."""
    frame = pl.read_parquet(file)
    out = []
    for c, t in frame.schema.items():
        col = pl.col(c)
        if t.is_nested():
            col = col.map_elements(lambda v: json_cell(v.to_list() if hasattr(v, "to_list") else v),
                                   return_dtype=pl.String)
        elif t.is_float():  # NaN is pandas' missing value
            col = col.fill_nan(None)
            whole, top = frame.select((col.is_null() | (col.round(0) == col)).all().alias("w"),
                                      col.abs().max().alias("m")).row(0)
            if whole and top is not None and top < 2**53:
                col = col.cast(pl.Int64)
        elif t == pl.Duration:
            col = col.dt.to_string("iso")
        elif t == pl.Binary:
            col = col.map_elements(_bytes_text, return_dtype=pl.String)
        out.append(col.cast(pl.String))
    return frame.select(out)


def _bytes_text(value: bytes) -> str:
    try:
        return value.decode("utf-8")
    except UnicodeDecodeError:
        return value.hex()


_WORKBOOK_MAGIC = (b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")  # XLSX (a zip), XLS (OLE2)
_MARKUP = re.compile(rb"^\s*<(?:(?P<html>!doctype\s+html|html|table|head|body|meta|style)|(?P<xml>\?xml))", re.I)


def _not_a_workbook(file: Path | bytes) -> str | None:
    """What a file named as a workbook holds when it is none (an ERP's "Excel export" is often HTML or text): `HTML`,
    `XML` (Excel 2003's SpreadsheetML), `csv` (text: no NUL byte, or UTF-16 with its byte order mark); None for a
    workbook's signature or other binary data (left to the workbook reader)."""
    if isinstance(file, bytes):
        head = file[:4096]
    else:
        with file.open("rb") as f:
            head = f.read(4096)
    if head.startswith(_WORKBOOK_MAGIC) or not head.strip():
        return None
    text = head
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):  # Excel's "Unicode text" (UTF-16, tab-separated)
        text = head.decode("utf-16", errors="ignore").encode("utf-8")
    elif head.startswith(b"\xef\xbb\xbf"):
        text = head[3:]
    elif b"\x00" in head:
        return None
    if m := _MARKUP.match(text):
        return "HTML" if m["html"] else "XML"
    return "csv"


JSON_SUFFIXES = (".jsonl", ".ndjson", ".json")
_JSON_ARRAY_START = re.compile(rb"^(?:\xef\xbb\xbf)?\s*\[\s*\{")


def _json_array_file(src: Source, file: Path | bytes) -> bool:
    """Whether a text file named otherwise (`.csv`, `.txt`) holds one JSON array of objects, whole: it is read as
    those records. Its first bytes decide whether it is parsed at all (`[{`); a CSV never starts so."""
    if isinstance(file, bytes):
        head = file[:64]
    else:
        with file.open("rb") as f:
            head = f.read(64)
    if not _JSON_ARRAY_START.match(head):
        return False
    data = _bytes(file)
    try:
        text = decode_to_utf8(data, detect_encoding(data, src.encoding)).decode("utf-8")
    except (UnicodeDecodeError, LookupError):
        return False
    return json_array(text) is not None


# an OLE2 directory entry of a stream named EncryptionInfo: its UTF-16 name, the name's length in bytes with its
# terminator (30) at byte 64 of the 128-byte entry and the entry type (2, a stream) at byte 66
_ENCRYPTION_INFO = "EncryptionInfo\0".encode("utf-16-le")


def _workbook_problem(file: Path | bytes) -> tuple[str, str] | None:
    """Why a file with a workbook's signature is no readable workbook, as (reason, code), else None: a
    password-protected OOXML workbook is an OLE2 compound file (D0 CF 11 E0) holding an `EncryptionInfo` stream (its
    directory entry is found by a byte search: no OLE reader needed), and a password-protected legacy `.xls` (BIFF5 or
    BIFF8) has a FilePass record right after the BOF record that opens its workbook stream (:func:`_file_pass`; the
    reader said `Cannot detect file format`); a zip without a workbook part
    (`xl/workbook.xml`, `.bin` for xlsb) is another zip (a document, an archive of CSVs)."""
    import mmap
    import zipfile

    if isinstance(file, bytes):
        head = file[:8]
    else:
        with file.open("rb") as f:
            head = f.read(8)
    if head == _WORKBOOK_MAGIC[1]:
        if isinstance(file, bytes):
            encrypted = _encryption_info(file)
        else:
            try:  # mapped, not read: a large legacy .xls is searched in place
                with file.open("rb") as f, mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) as data:
                    encrypted = _encryption_info(data)
            except (OSError, ValueError):  # a file system without mmap
                encrypted = _encryption_info(file.read_bytes())
        if encrypted:
            return "workbook is password-protected (encrypted); save it without a password", "encrypted_file"
    elif head.startswith(_WORKBOOK_MAGIC[0]):
        try:
            with zipfile.ZipFile(io.BytesIO(file) if isinstance(file, bytes) else file) as z:
                names = [n.lower() for n in z.namelist()]
        except (zipfile.BadZipFile, OSError, ValueError):
            return None  # a damaged zip: the workbook reader says what it can
        if not any(n.endswith(("workbook.xml", "workbook.bin")) for n in names):
            return "not an Excel workbook (a zip without a workbook part)", "unreadable_file"
    return None


def _encryption_info(data: bytes | Any) -> bool:
    """Whether an OLE2 file's bytes hold the directory entry of an `EncryptionInfo` stream (entries start at
    multiples of 128 bytes), or a legacy workbook stream that starts with a FilePass record (:func:`_file_pass`)."""
    at = data.find(_ENCRYPTION_INFO)
    while at >= 0:
        if at % 128 == 0 and data[at + 64:at + 67] == b"\x1e\x00\x02":
            return True
        at = data.find(_ENCRYPTION_INFO, at + 1)
    return _file_pass(data)


# the BOF record opening a BIFF5 or BIFF8 workbook stream's globals: type 0x0809, length 8 or 16, version 0x0500 or
# 0x0600, substream type 0x0005 (workbook globals; a sheet's is 0x0010)
_GLOBALS_BOF = re.compile(rb"\x09\x08(?:\x08|\x10)\x00\x00[\x05\x06]\x05\x00")
_FILE_PASS = b"\x2f\x00"  # record type 0x002F: the rest of the stream is encrypted (RC4, CryptoAPI or XOR)


def _file_pass(data: bytes | Any) -> bool:
    """Whether a legacy `.xls` is password-protected: the FilePass record follows the globals' BOF record at the start
    of its workbook stream (BOF and FilePass are never encrypted). A stream starts on a sector (512 bytes) or, when
    small, a mini-stream sector (64 bytes), so only a BOF at a multiple of 64 counts; the first such BOF decides."""
    for m in _GLOBALS_BOF.finditer(data):
        if m.start() % 64 == 0:
            after = m.start() + 4 + data[m.start() + 2]
            return data[after:after + 2] == _FILE_PASS
    return False


def _redact(message: str) -> str:
    """Reader messages may quote the offending cell; an error line must never echo source values."""
    return re.sub(r"`[^`]*(?:`|$)|\"[^\"]*(?:\"|$)|(?<=: )\S.{40,}$", "<value>", message)  # also an unclosed quote


def source_suffix(src: Source) -> str:
    """The file type a source's name says (`.csv`; of `export.csv.gz`, the file inside: `.csv`)."""
    suffix = src.file.suffix.lower()
    return (Path(Path(src.path).name[:-3]).suffix.lower() or ".csv") if suffix == ".gz" else suffix  # path: or a URL


def _gunzipped(src: Source, file: Path | bytes) -> bytes:
    import gzip
    import zlib

    try:
        return gzip.decompress(_bytes(file))
    except (OSError, EOFError, zlib.error) as exc:
        raise SourceError(src.path, f"not a readable gzip file ({type(exc).__name__})", "unreadable_file") from None


def _bytes(file: Path | bytes) -> bytes:
    return file if isinstance(file, bytes) else file.read_bytes()


def _fetch(src: Source) -> Path | bytes:
    """A local source's path, checked; a URL source's bytes, fetched once (the RemoteFile keeps their sha256).

    Fetch errors name the error type only: their messages may quote an endpoint or another storage option."""
    if not isinstance(src.file, RemoteFile):
        if src.file.is_dir():
            raise SourceError(src.path, "is a folder, not a file", "missing_file")
        if not src.file.is_file():
            raise SourceError(src.path, "file not found", "missing_file")
        return src.file
    import fsspec
    import fsspec.core

    try:
        for protocol in str(fsspec.core.split_protocol(src.file.url)[0]).split("::"):  # chained URLs: each layer
            fsspec.get_filesystem_class(protocol)
    except (ValueError, ImportError) as exc:  # "Protocol not known: s4", "Install ossfs to access ..."
        raise SourceError(src.path, f"cannot open this URL: {str(exc).splitlines()[0]}", "unreadable_file") from None
    try:
        return src.file.read_bytes()
    except (FileNotFoundError, IsADirectoryError):
        raise SourceError(src.path, "file not found", "missing_file") from None
    except PermissionError:
        raise SourceError(src.path, "access denied", "unreadable_file") from None
    except Exception as exc:
        raise SourceError(src.path, f"cannot fetch ({type(exc).__name__})", "unreadable_file") from None


def read_source(src: Source, header_score: Callable[[list[str]], int] | None = None) -> pl.DataFrame:
    """Read a source (local path or fsspec URL) as strings with _source_file, _source_row (1-based) and
    _source_index.

    ``header_score`` (how many of a row's cells name a field) picks the sheet of a workbook when the
    manifest names none. Raises SourceError with a one-line reason for a missing, empty, truncated or
    undecodable file.
    """
    file = _fetch(src)
    suffix = source_suffix(src)
    json_records = False
    if src.file.suffix.lower() == ".gz":  # `export.csv.gz`: read as the file it holds
        file = _gunzipped(src, file)
    try:
        if suffix in (".xlsx", ".xlsm", ".xls") and (kind := _not_a_workbook(file)) is not None:
            if kind != "csv":  # no maintained offline reader of HTML tables here (pandas needs lxml or bs4)
                raise SourceError(src.path, f"not an Excel workbook: looks like {kind} (save it as .xlsx or .csv)",
                                  "unreadable_file")
            frame = _read_csv(src, file)  # a CSV or tab-separated text an ERP names .xls: read as the text it is
        elif suffix in (".xlsx", ".xlsm", ".xls"):
            if (problem := _workbook_problem(file)) is not None:
                raise SourceError(src.path, *problem)
            frame = _read_xlsx(src, file, header_score)
        elif suffix == ".parquet":
            frame = _read_parquet(file)
        else:
            if json_records := (suffix in JSON_SUFFIXES or _json_array_file(src, file)):
                data = _bytes(file)
                if not data.strip():
                    raise SourceError(src.path, "file is empty", "empty_file")
                frame = _read_jsonl(data, src)
            else:
                frame = _read_csv(src, file)
    except SourceError:
        raise
    except UnicodeDecodeError:
        raise SourceError(src.path, f"cannot decode text (encoding {src.encoding}; tried UTF-8, GB18030)",
                          "undecodable_file") from None
    except pl.exceptions.NoDataError:
        raise SourceError(src.path, "file is empty", "empty_file") from None
    except Exception as exc:  # any reader failure is reported on one line naming the file
        msg = _redact(str(exc).strip().splitlines()[0][:160]) if str(exc).strip() else type(exc).__name__
        raise SourceError(src.path, f"cannot read as {suffix.lstrip('.') or 'csv'}: {msg}", "unreadable_file") from None
    frame = frame.rename(_unnamed_columns(frame.columns))
    if frame.width == 0 or (frame.height == 0 and suffix not in (".parquet",)):
        raise SourceError(src.path, "file has no data records", "empty_file")
    if json_records:  # JSON Lines: the record number is the line number (of an array: the item)
        frame = frame.with_columns(pl.int_range(1, frame.height + 1, dtype=pl.Int64).alias(SOURCE_ROW))
        frame = drop_blank_records(frame)
    else:  # blank lines and all-empty sheet rows are not data records
        frame = drop_blank_records(frame)
        rows = pl.int_range(1, frame.height + 1, dtype=pl.Int64, eager=True).alias(SOURCE_ROW)
        frame = frame.with_columns(chunked_like(rows, frame))  # a CSV comes in many chunks: not copied whole
    return frame.with_columns(
        pl.lit(src.path, pl.String).alias(SOURCE_FILE),
        pl.lit(src.index, pl.Int32).alias(SOURCE_INDEX),
    ).select(*[c for c in frame.columns if c != SOURCE_ROW], SOURCE_FILE, SOURCE_ROW, SOURCE_INDEX)


_UNNAMED = re.compile(r"|_duplicated_\d+|__UNNAMED__\d+")  # polars', fastexcel's names for empty header cells


def _unnamed_columns(columns: list[str]) -> dict[str, str]:
    """Header cells left empty become `column_<n>` (n: position from 1): the readers' own names for them
    start with `_`, which marks indset's internal columns. So does a header of the export's own that starts
    with `_` (MongoDB's `_id`): it loses its leading underscores (`id`), or becomes `column_<n>` when taken."""
    taken = set(columns)
    out = {}
    for i, c in enumerate(columns):
        if not _UNNAMED.fullmatch(c) and (not c.startswith("_") or c == RAW_LINE):
            continue
        name = c.lstrip("_").strip()
        if _UNNAMED.fullmatch(c) or not name or name in taken:
            name = f"column_{i + 1}"
        if name not in taken:
            out[c] = name
            taken.add(name)
    return out


def drop_blank_records(frame: pl.DataFrame) -> pl.DataFrame:
    """Remove rows with no value at all (blank lines); a malformed JSON line keeps its raw text."""
    values = [c for c in frame.columns if c != SOURCE_ROW]
    if not values:
        return frame
    def empty(c: str) -> pl.Expr:  # an anchored regex stops at the first visible character: no copy of the strings
        return pl.col(c).is_null() | pl.col(c).str.contains(r"^\s*$")

    if not frame.select(empty(values[0]).any()).item():  # a blank record is blank in its first column too
        return frame
    blank = pl.all_horizontal([empty(c) for c in values])
    return frame.filter(~blank)
