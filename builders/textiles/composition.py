"""Fibre compositions: `65%涤纶 35%棉`, `T/C 65/35`, `CVC 60/40`, `Cotton 95% Spandex 5%`, `全棉`.

Shared by every industry that sells fibres (textiles, apparel). Parsed once per distinct string
(compositions repeat heavily) into a sorted list of {fiber, pct}; the sum is a separate check.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import polars as pl
import yaml

from indset.normalize import POLARS_TYPES
from indset.parsers.basic import changed
from indset.registry import ParseContext, Parsed, check, parser
from indset.standard import FieldSpec, TableSpec
from indset.text import key_form, map_unique, normalize_text

COMPOSITION = POLARS_TYPES["composition"]
_NUM = r"\d+(?:\.\d+)?"
_SEP = r"[\s,，;；、+&/]+"
_WORD = r"[^\d%,，;；、+&/]+?"


@cache
def fiber_index() -> tuple[dict[str, str], dict[str, tuple[str, ...]]]:
    raw = yaml.safe_load((Path(__file__).parent / "fibers.yaml").read_text(encoding="utf-8"))
    index = {}
    for name, aliases in raw["fibers"].items():
        for a in (name, *aliases):
            index[key_form(str(a))] = name
    blends = {key_form(k): tuple(v) for k, v in raw.get("blends", {}).items()}
    return index, blends


def fiber_name(word: str) -> str | None:
    index, _ = fiber_index()
    key = key_form(word).strip(" :：-")
    key = re.sub(r"(纤维|fibre|fiber)$", "", key).strip() if key not in index else key
    return index.get(key)


def _pairs(text: str) -> list[tuple[str, float]] | None:
    """Parse one normalized composition string into (fiber, pct) pairs, or None if unparseable."""
    _, blends = fiber_index()
    t = text.strip()
    single = fiber_name(t)
    if single:
        return [(single, 100.0)]
    word = r"[A-Za-z\u4e00-\u9fff]+"
    m = re.fullmatch(rf"({word}(?:\s*/\s*{word})*)\s*({_NUM}(?:\s*/\s*{_NUM})*)\s*%?", t)
    if m:
        names = [n.strip() for n in m[1].split("/")]
        pcts = [float(p) for p in re.split(r"\s*/\s*", m[2])]
        if len(names) == 1 and key_form(names[0]).replace(" ", "") in blends:
            names = list(blends[key_form(names[0]).replace(" ", "")])
        elif len(names) == 1 and len(pcts) > 1:  # "TC 65/35"
            letters = key_form(names[0]).replace(" ", "")
            names = list(letters) if len(letters) == len(pcts) else names
        fibers = [fiber_name(n) for n in names]
        if len(fibers) == len(pcts) and all(fibers):
            return list(zip(fibers, pcts, strict=True))
        return None
    pct_first = re.findall(rf"({_NUM})\s*%\s*({_WORD})(?={_SEP}|$|\d)", t)
    name_first = re.findall(rf"({_WORD})\s*({_NUM})\s*%?(?={_SEP}|$|[^\d.])", t)
    if t[:1].isdigit() and pct_first:
        found = [(w, float(p)) for p, w in pct_first]
    elif name_first:
        found = [(w, float(p)) for w, p in name_first]
    else:
        return None
    out = []
    for word, pct in found:
        name = fiber_name(word)
        if name is None:
            return None
        out.append((name, pct))
    return out


def parse_one(text: str) -> list[dict] | None:
    pairs = _pairs(text)
    if not pairs:
        return None
    merged: dict[str, float] = {}
    for fiber, pct in pairs:
        merged[fiber] = round(merged.get(fiber, 0.0) + pct, 4)
    return [{"fiber": f, "pct": p} for f, p in sorted(merged.items(), key=lambda kv: (-kv[1], kv[0]))]


@parser("fiber_composition")
def parse_fiber_composition(raw: pl.Series, spec: FieldSpec, ctx: ParseContext) -> Parsed:
    text = normalize_text(raw)
    values = map_unique(text, parse_one, COMPOSITION).alias(spec.name)
    standard_form = values.list.eval(
        pl.format("{}%{}", pl.element().struct.field("pct").round(4), pl.element().struct.field("fiber"))
    ).list.join(" ")
    return Parsed(values, text.is_not_null() & values.is_null(), changed(text, standard_form) | changed(raw, text))


@check("composition_sum_not_100")
def composition_sum_not_100(frame: pl.DataFrame, table: TableSpec) -> pl.Series:
    """A composition's percentages must sum to 100 +- 0.5."""
    total = frame["fiber_composition"].list.eval(pl.element().struct.field("pct")).list.sum()
    return ((total - 100).abs() > 0.5).fill_null(False)
