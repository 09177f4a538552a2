"""An industry's standard as plain data: tables, fields, aliases, units, value words, grades.

The standard lives in ``builders/<industry>/standard.yaml``; an industry package may also register
domain parsers and checks (see :mod:`indset.registry`). The engine never names an industry.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from indset.errors import IndsetError

GRADES = ("core", "important", "general", "personal")
# Release gate defaults (minimum output scores, 0-100); an industry's standard.yaml may set `gate:`.
# Output rows are clean by construction, so these catch systemic problems: a mis-mapped required
# column (completeness), a broken check (accuracy/consistency), a failed release check (accessibility).
DEFAULT_GATE = {"completeness": 99.0, "accuracy": 95.0, "consistency": 99.0, "accessibility": 100.0}
# values that say "no value" in any field (indset.raw_forms); a standard may list its own as null_values
DEFAULT_NULL_VALUES = ("/", "-", "--", "—", "——", "N/A", "n/a", "#N/A", "NULL", "null", "None", "none", "nan", "NaN",
                       "无", "暂无", "不适用", "空",
                       # a spreadsheet formula's error: the value is unknown, not a value
                       "#DIV/0!", "#REF!", "#VALUE!", "#NAME?", "#NUM!", "#NULL!", "#SPILL!", "#CALC!")
TYPES = ("str", "float", "int", "bool", "ts", "composition", "list_str")


@dataclass(frozen=True, eq=False)
class FieldSpec:
    """One canonical field of a table."""

    name: str
    type: str
    parser: str
    grade: str = "general"
    required: bool = False
    aliases: tuple[str, ...] = ()
    unit: str | None = None
    values: dict[str, tuple[str, ...]] = field(default_factory=dict)
    min: float | None = None
    max: float | None = None
    min_exclusive: float | None = None
    free_text: bool = False
    options: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.grade not in GRADES:
            raise ValueError(f"field {self.name}: unknown grade {self.grade!r}")
        if self.type not in TYPES:
            raise ValueError(f"field {self.name}: unknown type {self.type!r}")


@dataclass(frozen=True, eq=False)
class TableSpec:
    """One canonical table: its fields in output order and its entity rules."""

    name: str
    fields: tuple[FieldSpec, ...]
    entity_key: tuple[str, ...]
    description: str = ""
    version_field: str | None = None
    timeliness_field: str | None = None
    split_group: tuple[str, ...] | str = ()
    split_codes: tuple[str, ...] = ()     # group fields read by their canonical code (``ZJ-01`` = ``ZJ01``)
    text_fields: tuple[str, ...] = ()
    checks: tuple[str, ...] = ()
    derive: tuple[str, ...] = ()          # row-local steps after parsing (fill, convert by another field)
    cross_checks: tuple[str, ...] = ()    # rules against other tables of the same build (after they resolve)
    reshape: str | None = None            # source-level step before header mapping (e.g. wide -> long)
    resolution: dict[str, Any] | None = None       # re-listing rules, see indset.entity (None: off)
    near_duplicates: dict[str, Any] | None = None  # text near-copy settings, see indset.neardup
    # fields one column may hold together (`致命/严重/轻微` = `1/0/0`, `缺陷数` = `CR0 MA2 MI5`): each a dict of
    # ``fields`` (in their usual order) and ``aliases`` (headers naming the group), see indset.headers.column_group
    column_groups: tuple[dict[str, Any], ...] = ()

    def field(self, name: str) -> FieldSpec:
        for f in self.fields:
            if f.name == name:
                return f
        raise KeyError(name)

    @property
    def names(self) -> list[str]:
        return [f.name for f in self.fields]

    @property
    def required(self) -> list[str]:
        return [f.name for f in self.fields if f.required]


@dataclass(frozen=True, eq=False)
class IndustryStandard:
    """Everything the engine needs to know about one industry."""

    industry: str
    title: str
    tables: dict[str, TableSpec]
    units: dict[str, tuple[str, ...]]
    hs_chapters: tuple[int, ...] = ()
    license: str = "cc-by-4.0"
    language: tuple[str, ...] = ("zh",)
    task_categories: tuple[str, ...] = ()
    gate: dict[str, float] = field(default_factory=lambda: dict(DEFAULT_GATE))  # minimum output scores
    null_values: tuple[str, ...] = DEFAULT_NULL_VALUES
    root: Path = Path()

    @property
    def package(self) -> str:
        return f"builders.{self.industry}"


def _field(raw: dict[str, Any]) -> FieldSpec:
    known = {"name", "type", "parser", "grade", "required", "aliases", "unit", "values", "min", "max",
             "min_exclusive", "free_text"}
    return FieldSpec(
        name=raw["name"],
        type=raw["type"],
        parser=raw.get("parser", "text"),
        grade=raw.get("grade", "general"),
        required=bool(raw.get("required", False)),
        aliases=tuple(str(a) for a in raw.get("aliases", [])),
        unit=raw.get("unit"),
        values={k: tuple(str(x) for x in v) for k, v in (raw.get("values") or {}).items()},
        min=raw.get("min"),
        max=raw.get("max"),
        min_exclusive=raw.get("min_exclusive"),
        free_text=bool(raw.get("free_text", False)),
        options={k: v for k, v in raw.items() if k not in known},
    )


def _table(name: str, raw: dict[str, Any]) -> TableSpec:
    group = raw.get("split_group", ())
    return TableSpec(
        name=name,
        fields=tuple(_field(f) for f in raw["fields"]),
        entity_key=tuple(raw["entity_key"]),
        description=raw.get("description", ""),
        version_field=raw.get("version_field"),
        timeliness_field=raw.get("timeliness_field"),
        split_group=group if isinstance(group, str) else tuple(group),
        split_codes=tuple(raw.get("split_codes", ())),
        text_fields=tuple(raw.get("text_fields", ())),
        checks=tuple(raw.get("checks", ())),
        derive=tuple(raw.get("derive", ())),
        cross_checks=tuple(raw.get("cross_checks", ())),
        reshape=raw.get("reshape"),
        resolution=raw.get("resolution"),
        near_duplicates=raw.get("near_duplicates"),
        column_groups=tuple(raw.get("column_groups", ())),
    )


def builders_root() -> Path:
    import builders

    return Path(builders.__file__).parent


def available_industries() -> list[str]:
    return sorted(p.parent.name for p in builders_root().glob("*/standard.yaml"))


@cache
def load_standard(industry: str) -> IndustryStandard:
    """Load ``builders/<industry>/standard.yaml`` and import the industry's parsers and checks."""
    path = builders_root() / industry / "standard.yaml"
    if not path.is_file():
        raise IndsetError(f"unknown industry {industry!r} (known: {', '.join(available_industries())})")
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    importlib.import_module(f"builders.{industry}")  # registers domain parsers and checks
    return IndustryStandard(
        industry=raw["industry"],
        title=raw.get("title", industry),
        tables={n: _table(n, t) for n, t in raw["tables"].items()},
        units={k: tuple(str(x) for x in v) for k, v in (raw.get("units") or {}).items()},
        hs_chapters=tuple(int(c) for c in raw.get("hs_chapters", ())),
        license=raw.get("license", "cc-by-4.0"),
        language=tuple(raw.get("language", ("zh",))),
        task_categories=tuple(raw.get("task_categories", ())),
        gate={**DEFAULT_GATE, **{k: float(v) for k, v in (raw.get("gate") or {}).items()}},
        null_values=tuple(str(v) for v in raw.get("null_values", DEFAULT_NULL_VALUES)),
        root=path.parent,
    )
