"""Forms of a raw value that mean the same in every field, settled before a field's parser runs.

- Excel's text marks: `="00124"`, `'5208320000` (leading zeros and long codes kept as text) are the code.
- null placeholders: `/`, `-`, `N/A`, `无`, `不适用` say "no value"; they become null, so an optional field
  is empty (not invalid) and a required one is missing (not invalid). The tokens are data: a standard's
  ``null_values`` (default :data:`indset.standard.DEFAULT_NULL_VALUES`). With spaces around (` N/A `) they
  are recognised among the values a parser rejects (free text accepts everything: there they must match
  exactly).
- typed lists: a Parquet list or a JSON array reaches the reader as JSON text (`["H225", "H319"]`,
  `[{"fiber": "cotton", "pct": 95}]`); a list field reads it as the delimited text its parser knows
  (`H225, H319`; `cotton 95, ...`: an object's values in key order). A JSON object given for a list
  (`{"棉": 95, "氨纶": 5}`) is its entries: `棉 95, 氨纶 5`.
- typed amounts: a JSON object with one number for a numeric field (`{"amount": 18.5, "currency": "CNY"}`,
  `{"unit": "oz", "value": "12"}`) is the number with its words: `18.5 CNY`, `12 oz`; a number alone under a key
  that is a unit word of a standard (`{"momme": 16}`, `{"yd": 120}`; not one letter: `{"c": 180}` is 180) is in that
  unit, under a percent word (`{"pct": 99.5}`) a percentage, under a currency word (`{"usd": 12}`) in that currency;
  a warp and a weft (`{"warp": "40S", "weft": "40S"}`) are the mill's `40S*40S` (warp first).
"""

from __future__ import annotations

import json
import re

import polars as pl

from indset.text import apply_where, map_unique
from indset.units import json_key_unit


def excel_text(raw: pl.Series) -> pl.Series:
    """Excel's ways to keep a code as text: `="00124"` and `'5208320000` are `00124` and `5208320000`."""
    marked = raw.str.starts_with('="') | raw.str.starts_with("'")
    return apply_where(raw, marked, lambda v: v.str.replace(r'^="(.*)"$', "$1").str.replace(r"^'(\d)", "$1"))


def placeholders(raw: pl.Series, tokens: tuple[str, ...], among: pl.Series | None = None) -> pl.Series:
    """Bool per row: the value is a null placeholder. Exact matches over the whole column (one hash lookup
    a row); with spaces around (` N/A `) only among the rows ``among`` marks, as stripping a whole column
    costs ~10x more on ten million rows."""
    found = raw.is_in(tokens).fill_null(False)
    if among is None:
        return found
    padded = apply_where(raw, among, lambda v: v.str.strip_chars()).is_in(tokens).fill_null(False)
    return found | (among.fill_null(False) & padded)


def json_lists_as_text(raw: pl.Series) -> pl.Series:
    """JSON arrays (and objects) as comma-separated text; other values unchanged."""
    is_json = raw.str.contains(r"^\s*(?:\[.*\]|\{.*\})\s*$")
    return apply_where(raw, is_json, lambda v: map_unique(v, _flatten))


def json_amounts_as_text(raw: pl.Series) -> pl.Series:
    """A JSON object holding one number and its unit words (`{"amount": 18.5, "currency": "CNY"}`) as the text
    `18.5 CNY`; other values unchanged."""
    is_json = raw.str.contains(r"^\s*\{.*\}\s*$")
    return apply_where(raw, is_json, lambda v: map_unique(v, _amount))


_NUMERIC = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)")
# the warp and the weft of a fabric's yarns: `{"warp": "40S", "weft": "40S"}` is the `40S*40S` of a mill's sheet
_WARP = ("warp", "经", "经纱", "经向")
_WEFT = ("weft", "纬", "纬纱", "纬向")


def _amount(text: str) -> str:
    """One JSON object as the text of its amount (see :func:`json_amounts_as_text`); other text unchanged."""
    try:
        value = json.loads(text)
    except ValueError:
        return text
    if not isinstance(value, dict):
        return text
    keys = {str(k).strip().lower(): v for k, v in value.items()}
    warp = next((keys[k] for k in _WARP if k in keys), None)
    weft = next((keys[k] for k in _WEFT if k in keys), None)
    if len(value) == 2 and all(isinstance(v, int | float | str) and not isinstance(v, bool) and "*" not in str(v)
                               for v in (warp, weft)):
        return f"{_render(warp)}*{_render(weft)}"
    numbers = {k: v for k, v in value.items() if _is_number(v)}
    words = [v.strip() for v in value.values() if isinstance(v, str) and v.strip() and not _is_number(v)]
    if len(numbers) != 1:
        return text
    key, number = next(iter(numbers.items()))
    if not words and (unit := json_key_unit(str(key))):  # {"momme": 16}: the key is the number's unit
        if unit == "%":                                    # {"pct": 99.5}: a percentage
            return f"{_render(number)}%"
        words = [unit]
    return f"{_render(number)} {' '.join(words)}".strip()


def _is_number(value: object) -> bool:
    """A JSON number, or a string holding only one (`{"unit": "oz", "value": "12"}`)."""
    if isinstance(value, str):
        return _NUMERIC.fullmatch(value.strip()) is not None
    return isinstance(value, int | float) and not isinstance(value, bool)


def _flatten(text: str) -> str:
    try:
        value = json.loads(text)
    except ValueError:
        return text  # not JSON after all: the parser judges the text
    if isinstance(value, dict):
        return ", ".join(f"{k} {_render(v)}".strip() for k, v in value.items())
    return _render(value) if isinstance(value, list) else text


def _render(value: object) -> str:
    if isinstance(value, list):
        return ", ".join(r for v in value if (r := _render(v)))
    if isinstance(value, dict):  # words before numbers, whatever the keys: {"content": 95, "name": "棉"} -> 棉 95
        keys = sorted(value, key=lambda k: (isinstance(value[k], int | float), k))
        return " ".join(r for k in keys if (r := _render(value[k])))
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
