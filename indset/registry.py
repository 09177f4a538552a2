"""Named parsers and checks. Generic ones live in indset.parsers; industries register their own."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

import polars as pl

if TYPE_CHECKING:
    from indset.standard import FieldSpec, IndustryStandard, TableSpec


@dataclass(frozen=True)
class ParseContext:
    """What a parser may know about the column besides its values."""

    standard: IndustryStandard
    header_unit: str | None = None      # unit named in the source header, raw
    header_has_percent: bool = False
    hint: object = None                 # column-level fact computed on the whole source column
    timezone: str = "Asia/Shanghai"


@dataclass(frozen=True)
class Parsed:
    """A parsed column: typed values, which raw values broke the rule, which needed conversion."""

    values: pl.Series
    invalid: pl.Series      # bool: raw value present but not acceptable -> quarantine
    converted: pl.Series    # bool: value had to be converted to reach the standard form
    out_of_range: pl.Series | None = None


class Parser(Protocol):
    def __call__(self, raw: pl.Series, spec: FieldSpec, ctx: ParseContext) -> Parsed: ...


Check = Callable[["pl.DataFrame", "TableSpec"], pl.Series]  # returns bool "fails" per row

Hint = Callable[["pl.Series", "FieldSpec", bool], object]  # (whole raw column, field, header has %)

PARSERS: dict[str, Parser] = {}
HINTS: dict[str, Hint] = {}
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
