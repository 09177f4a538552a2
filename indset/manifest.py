"""The build manifest (STANDARD.md section 1): which raw exports feed which canonical table."""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from stdnum.cn import uscc

from indset.errors import IndsetError, SourceError
from indset.fsutil import RemoteFile
from indset.standard import IndustryStandard

# storage_options keys that would put a credential into a manifest (checked at any depth)
_SECRET_KEY = re.compile(r"key|secret|token|passw|credential", re.IGNORECASE)


DATE_ORDERS = ("dmy", "mdy")  # how a source writes `05/03/2026`: day first or month first
MANIFEST_KEYS = ("industry", "reference_date", "storage_options", "sources")
SOURCE_KEYS = ("path", "table", "enterprise_id", "encoding", "sheet", "timezone", "date_order", "shifts", "columns",
               "units")


@dataclass(frozen=True)
class Source:
    """One raw export listed in the manifest."""

    index: int                 # position in the manifest: later sources win version ties
    path: str                  # as written in the manifest; this is _source_file
    table: str
    enterprise_id: str
    file: Path | RemoteFile    # resolved against the manifest's folder; a URL (fsspec) stays a URL
    encoding: str = "auto"
    sheet: str | None = None
    timezone: str = "Asia/Shanghai"
    date_order: str | None = None  # dmy or mdy: how to read `05/03/2026` (else what the source's other dates say)
    shifts: dict[str, str] = field(default_factory=dict)  # shift word -> start time (`早班: "08:00"`), for 班次 columns
    columns: dict[str, str] = field(default_factory=dict)
    units: dict[str, str] = field(default_factory=dict)  # header -> unit of a column whose header names none
    duplicate_of: int | None = None  # the index of an earlier entry listing the same file (and sheet) for the table

    def check(self, std: IndustryStandard) -> None:
        """Raise SourceError when this manifest entry cannot be built."""
        if self.duplicate_of is not None:
            raise SourceError(self.path, f"listed again (as source #{self.duplicate_of + 1}): each record would be "
                              "read twice", "duplicate_source")
        if self.table not in std.tables:
            raise SourceError(self.path, f"unknown table {self.table!r} (expected one of {', '.join(std.tables)})",
                              "unknown_table")
        unknown = sorted({v for v in self.columns.values() if v not in std.tables[self.table].names})
        if unknown:
            raise SourceError(self.path, f"columns: override names no field of {self.table} "
                              f"({', '.join(map(repr, unknown))})", "unknown_field")
        if not _known_timezone(self.timezone):
            raise SourceError(self.path, f"unknown timezone {self.timezone!r} (an IANA name such as Asia/Shanghai)",
                              "unknown_timezone")
        if self.date_order is not None and self.date_order not in DATE_ORDERS:
            raise SourceError(self.path, f"unknown date_order {self.date_order!r} (dmy: 26/10/2026, mdy: 10/26/2026)",
                              "unknown_date_order")
        bad = sorted(k for k, v in self.shifts.items() if not re.fullmatch(r"([01]?\d|2[0-3]):[0-5]\d(:[0-5]\d)?", v))
        if bad:
            raise SourceError(self.path, f"shifts: start times must be HH:MM ({', '.join(map(repr, bad))})",
                              "invalid_shifts")
        from indset.units import known_unit
        bad = sorted(f"{k}: {v}" for k, v in self.units.items() if not known_unit(std, v))
        if bad:
            raise SourceError(self.path, f"units: not a unit ({', '.join(map(repr, bad))})", "unknown_unit")
        if not self.enterprise_id:
            raise SourceError(self.path, "enterprise_id is missing from the manifest entry", "missing_enterprise_id")
        if not uscc.is_valid(self.enterprise_id):
            raise SourceError(self.path, "enterprise_id in the manifest is not a valid USCC (GB 32100-2015)",
                              "invalid_enterprise_id")


@dataclass(frozen=True)
class Manifest:
    industry: str
    sources: tuple[Source, ...]
    reference_date: dt.date | None
    path: Path


def _known_timezone(name: str) -> bool:
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return False
    return True


def load_manifest(path: Path) -> Manifest:
    """Read and shape-check a manifest; per-source validity is checked at build time."""
    try:
        raw: Any = yaml.safe_load(path.read_text(encoding="utf-8-sig"))
    except FileNotFoundError:
        raise IndsetError(f"{path}: manifest not found") from None
    except IsADirectoryError:
        raise IndsetError(f"{path}: is a folder, not a manifest file") from None
    except (yaml.YAMLError, UnicodeDecodeError) as exc:  # the parser's message may quote a line (an enterprise id)
        raise IndsetError(f"{path}: manifest is not valid YAML ({type(exc).__name__})") from None
    except ValueError as exc:  # an impossible YAML date (2026-13-45): its message names no value
        raise IndsetError(f"{path}: manifest is not valid YAML ({type(exc).__name__}: {str(exc)[:80]})") from None
    if not isinstance(raw, dict) or not isinstance(raw.get("sources"), list):
        raise IndsetError(f"{path}: manifest needs 'industry' and a 'sources' list")
    _known_keys(raw, MANIFEST_KEYS, f"{path}")
    ref = _date(raw.get("reference_date"), path)
    options = _storage_options(raw.get("storage_options"), path)
    sources: list[Source] = []
    seen: dict[tuple[str, str, str], int] = {}
    for i, s in enumerate(raw["sources"]):
        if not isinstance(s, dict) or "path" not in s or "table" not in s:
            raise IndsetError(f"{path}: source #{i + 1} needs 'path' and 'table'")
        where = f"{path}: source #{i + 1}"
        _known_keys(s, SOURCE_KEYS, where)
        for key in ("shifts", "columns", "units"):
            if s.get(key) is not None and not isinstance(s[key], dict):
                raise IndsetError(f"{where}: '{key}' must be a mapping (e.g. {SOURCE_EXAMPLES[key]})")
        if isinstance(s.get("sheet"), list | dict):
            raise IndsetError(f"{where}: 'sheet' names one sheet (list each sheet as its own source)")
        file = locate(str(s["path"]), path, options)
        sheet = None if s.get("sheet") is None else str(s["sheet"])  # `sheet: 2026` is the sheet named 2026
        key = (str(file), str(sheet), str(s["table"]))
        sources.append(Source(
            index=i,
            path=str(s["path"]),
            table=str(s["table"]),
            enterprise_id=str(s.get("enterprise_id") or "").strip().upper(),
            file=file,
            encoding=str(s.get("encoding", "auto")),
            sheet=sheet,
            timezone=str(s.get("timezone", "Asia/Shanghai")),
            date_order=str(s["date_order"]).strip().lower() if s.get("date_order") else None,
            shifts={str(k).strip(): str(v).strip() for k, v in (s.get("shifts") or {}).items()},
            columns={str(k): str(v) for k, v in (s.get("columns") or {}).items()},
            units={str(k).strip(): str(v).strip() for k, v in (s.get("units") or {}).items()},
            duplicate_of=seen.get(key),
        ))
        seen.setdefault(key, i)
    return Manifest(industry=str(raw.get("industry", "")), sources=tuple(sources), reference_date=ref, path=path)


SOURCE_EXAMPLES = {"shifts": "早班: \"08:00\"", "columns": "面料重量(盎司): fabric_weight_gsm",
                   "units": "Reactor Pressure: MPa"}


def _known_keys(entry: dict[str, Any], known: tuple[str, ...], where: str) -> None:
    """A key the manifest does not know is a typo that would silently change the build (`sheet_name:`)."""
    unknown = [str(k) for k in entry if k not in known]
    if unknown:
        raise IndsetError(f"{where}: unknown key(s) {', '.join(map(repr, unknown))} (known: {', '.join(known)})")


def _date(value: Any, path: Path) -> dt.date | None:
    """reference_date as YAML gives it: a date, `2026-11-01` or `20261101`."""
    if value is None or (isinstance(value, dt.date) and not isinstance(value, dt.datetime)):
        return value
    text = str(value).strip()
    for form in ("%Y-%m-%d", "%Y%m%d"):
        try:
            return dt.datetime.strptime(text, form).date()
        except ValueError:
            continue
    raise IndsetError(f"{path}: reference_date must be a date (YYYY-MM-DD), not {text[:20]!r}")


def locate(source: str, manifest: Path, storage_options: dict[str, Any]) -> Path | RemoteFile:
    """A local path, resolved against the manifest's folder; a path with a URL scheme stays a URL
    (``file://`` becomes a local path, so local files keep their fast readers)."""
    import fsspec.core

    protocol, _ = fsspec.core.split_protocol(source)
    if protocol is None:
        try:
            return (manifest.parent / source).resolve()
        except (OSError, RuntimeError):  # a symlink loop: the reader says so, naming the file
            return (manifest.parent / source).absolute()
    if protocol in ("file", "local"):
        return Path(fsspec.core.url_to_fs(source)[1])
    return RemoteFile(source, storage_options)


def _storage_options(options: Any, manifest: Path) -> dict[str, Any]:
    """The manifest's fsspec options for its URL sources (endpoint_url, anon, ...), refusing credentials."""
    if options is None:
        return {}
    if not isinstance(options, dict):
        raise IndsetError(f"{manifest}: storage_options must be a mapping (fsspec options such as endpoint_url)")
    pending = [("", options)]
    while pending:
        prefix, level = pending.pop()
        for k, v in level.items():
            if _SECRET_KEY.search(str(k)):
                raise IndsetError(f"{manifest}: storage_options.{prefix}{k} looks like a credential; credentials "
                                  "come from the environment or fsspec's config, never from the manifest")
            if isinstance(v, dict):
                pending.append((f"{prefix}{k}.", v))
    return options
