"""Named parsers and checks. Generic ones live in indset.parsers; industries register their own."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

import polars as pl

if TYPE_CHECKING:
    from indset.manifest import Source
    from indset.standard import FieldSpec, IndustryStandard, TableSpec


@dataclass(frozen=True)
class ParseContext:
    """What a parser may know about the column besides its values."""

    standard: IndustryStandard
    header_unit: str | None = None      # unit named in the source header, raw
    header_has_percent: bool = False
    hint: object = None                 # column-level fact computed on the whole source column
    timezone: str = "Asia/Shanghai"
    date_order: str | None = None       # the source's `a/b/YYYY` order (dmy/mdy), when its manifest says


@dataclass(frozen=True)
class Parsed:
    """A parsed column: typed values, which raw values broke the rule, which needed conversion."""

    values: pl.Series
    invalid: pl.Series      # bool: raw value present but not acceptable -> quarantine
    converted: pl.Series    # bool: value had to be converted to reach the standard form
    out_of_range: pl.Series | None = None
    notes: dict[str, pl.Series] | None = None  # per-row counts of findings that keep the row (dropped items)
    # per-row helper columns (`_`-named) the table's derives and checks may read in this chunk; never kept
    columns: dict[str, pl.Series] | None = None


class Parser(Protocol):
    def __call__(self, raw: pl.Series, spec: FieldSpec, ctx: ParseContext) -> Parsed: ...


Check = Callable[["pl.DataFrame", "TableSpec"], pl.Series]  # returns bool "fails" per row

Hint = Callable[["pl.Series", "FieldSpec", bool], object]  # (whole raw column, field, header has %)

# typed rows -> typed rows, or (typed rows, {field: {finding: count}}) to report what it filled
Derive = Callable[["pl.DataFrame", "TableSpec"], "pl.DataFrame | tuple[pl.DataFrame, dict]"]
CrossCheck = Callable[["pl.DataFrame", "TableSpec", dict], pl.Series]        # kept rows, other tables -> fails
# (raw strings, standard, source) -> raw strings; raises SourceError for a source it cannot reshape
Reshape = Callable[["pl.DataFrame", "IndustryStandard", "Source"], "pl.DataFrame"]

PARSERS: dict[str, Parser] = {}
HINTS: dict[str, Hint] = {}
DERIVES: dict[str, Derive] = {}
CROSS_CHECKS: dict[str, CrossCheck] = {}
RESHAPES: dict[str, Reshape] = {}


def _register(registry: dict, name: str):
    def wrap(fn):
        registry[name] = fn
        return fn

    return wrap


def derive(name: str):
    """Register a row-local step run on typed rows after parsing, before the checks."""
    return _register(DERIVES, name)


def cross_check(name: str):
    """Register a rule against other tables of the build; its name is the quarantine reason."""
    return _register(CROSS_CHECKS, name)


def reshape(name: str):
    """Register a source-level reshape of raw strings (e.g. a wide historian export to long form).

    It must keep ``_source_row`` and may add ``_source_column`` when one record becomes several.
    """
    return _register(RESHAPES, name)
CHECKS: dict[str, Check] = {}


def parser(name: str) -> Callable[[Parser], Parser]:
    """Register a field parser under ``name`` (referenced by ``parser:`` in standard.yaml)."""

    def wrap(fn: Parser) -> Parser:
        PARSERS[name] = fn
        return fn

    return wrap


def hint(parser_name: str) -> Callable[[Hint], Hint]:
    """Register a whole-column fact for a parser, computed once per source before chunking."""

    def wrap(fn: Hint) -> Hint:
        HINTS[parser_name] = fn
        return fn

    return wrap


SourceHints = Callable[[dict[str, object]], dict[str, object]]  # a source's hints (field -> hint) -> hints
SOURCE_HINTS: list[SourceHints] = []


def source_hints(fn: SourceHints) -> SourceHints:
    """Register a rule over all of a source's column hints (field -> hint), e.g. one number format per file."""
    SOURCE_HINTS.append(fn)
    return fn


def check(name: str) -> Callable[[Check], Check]:
    """Register a cross-field check; ``name`` is also the quarantine reason when it fails."""

    def wrap(fn: Check) -> Check:
        CHECKS[name] = fn
        return fn

    return wrap


def get_parser(name: str) -> Parser:
    import indset.parsers  # noqa: F401  (registers the generic parsers)

    try:
        return PARSERS[name]
    except KeyError:
        raise ValueError(f"no parser named {name!r}; known: {', '.join(sorted(PARSERS))}") from None
