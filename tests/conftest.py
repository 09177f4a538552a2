"""Shared fixtures: the textiles standard, parser context, helpers to run a parser on raw strings."""

from __future__ import annotations

import polars as pl
import pytest
from stdnum.cn import uscc

from indset.registry import ParseContext, get_parser
from indset.standard import load_standard


@pytest.fixture(scope="session")
def textiles():
    return load_standard("textiles")


@pytest.fixture(autouse=True)
def _hmac_key(monkeypatch):
    monkeypatch.setenv("INDSET_HMAC_KEY", "test-key")


def make_uscc(prefix17: str) -> str:
    return prefix17 + uscc.calc_check_digit(prefix17)


def run_parser(std, table: str, field: str, values: list, **ctx):
    spec = std.tables[table].field(field)
    return get_parser(spec.parser)(pl.Series(field, values, dtype=pl.String), spec, ParseContext(standard=std, **ctx))
