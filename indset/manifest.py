"""The build manifest (STANDARD.md section 1): which raw exports feed which canonical table."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from stdnum.cn import uscc

from indset.errors import IndsetError, SourceError


@dataclass(frozen=True)
class Source:
    """One raw export listed in the manifest."""

    index: int                 # position in the manifest: later sources win version ties
    path: str                  # as written in the manifest; this is _source_file
    table: str
    enterprise_id: str
    file: Path                 # resolved against the manifest's folder
    encoding: str = "auto"
    sheet: str | None = None
    timezone: str = "Asia/Shanghai"
    columns: dict[str, str] = field(default_factory=dict)

    def check(self, tables: list[str]) -> None:
        """Raise SourceError when this manifest entry cannot be built."""
        if self.table not in tables:
            raise SourceError(self.path, f"unknown table {self.table!r} (expected one of {', '.join(tables)})",
                              "unknown_table")
        if not uscc.is_valid(self.enterprise_id):
            raise SourceError(self.path, "enterprise_id in the manifest is not a valid USCC (GB 32100-2015)",
                              "invalid_enterprise_id")


@dataclass(frozen=True)
class Manifest:
    industry: str
    sources: tuple[Source, ...]
    reference_date: dt.date | None
    path: Path


def load_manifest(path: Path) -> Manifest:
    """Read and shape-check a manifest; per-source validity is checked at build time."""
    try:
        raw: Any = yaml.safe_load(path.read_text(encoding="utf-8-sig"))
    except FileNotFoundError:
        raise IndsetError(f"{path}: manifest not found") from None
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise IndsetError(f"{path}: manifest is not valid YAML ({type(exc).__name__})") from None
    if not isinstance(raw, dict) or not isinstance(raw.get("sources"), list):
        raise IndsetError(f"{path}: manifest needs 'industry' and a 'sources' list")
    ref = raw.get("reference_date")
    if isinstance(ref, str):
        try:
            ref = dt.date.fromisoformat(ref)
        except ValueError:
            raise IndsetError(f"{path}: reference_date must be YYYY-MM-DD") from None
    sources = []
    for i, s in enumerate(raw["sources"]):
        if not isinstance(s, dict) or "path" not in s or "table" not in s:
            raise IndsetError(f"{path}: source #{i + 1} needs 'path' and 'table'")
        sources.append(Source(
            index=i,
            path=str(s["path"]),
            table=str(s["table"]),
            enterprise_id=str(s.get("enterprise_id", "")).strip().upper(),
            file=(path.parent / str(s["path"])).resolve(),
            encoding=str(s.get("encoding", "auto")),
            sheet=s.get("sheet"),
            timezone=str(s.get("timezone", "Asia/Shanghai")),
            columns={str(k): str(v) for k, v in (s.get("columns") or {}).items()},
        ))
    return Manifest(industry=str(raw.get("industry", "")), sources=tuple(sources), reference_date=ref, path=path)
