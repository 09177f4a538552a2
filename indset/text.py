"""Text normalization: NFKC, Traditional -> Simplified Chinese, trimmed, inner whitespace collapsed."""

from __future__ import annotations

import re
import unicodedata
from functools import cache

import polars as pl

_NON_ASCII = r"[^\x00-\x7F]"


@cache
def _t2s():
    import opencc

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    return _t2s().convert(text)


_SEP = "\ue000"  # a private-use character: a value boundary for OpenCC, which leaves it alone


def to_simplified_many(texts: list[str]) -> list[str]:
    """:func:`to_simplified` of each text, in one OpenCC call (per-call overhead dominates short texts)."""
    if not texts or any(_SEP in t for t in texts):
        return [to_simplified(t) for t in texts]
    out = to_simplified(_SEP.join(texts)).split(_SEP)
    return out if len(out) == len(texts) else [to_simplified(t) for t in texts]


def normalize_str(text: str) -> str:
    """Normalize one string the way :func:`normalize_text` normalizes a column."""
    text = unicodedata.normalize("NFKC", text)
    if not text.isascii():
        text = to_simplified(text)
    return re.sub(r"\s+", " ", text).strip()


def key_form(text: str) -> str:
    """Matching form of a label: normalized, lower case, separators unified."""
    text = normalize_str(text).lower()
    return re.sub(r"[\s_]+", " ", text).strip()


def map_unique(s: pl.Series, fn, return_dtype: pl.DataType = pl.String) -> pl.Series:
    """Apply a Python function once per distinct value and broadcast back (vectorized join).

    Columns such as compositions, units or codes repeat a few hundred distinct values over
    millions of rows, so a per-distinct-value call is the fast path (see benchmarks/).
    """
    uniq = s.drop_nulls().unique(maintain_order=True)
    table = pl.DataFrame({"k": uniq, "v": pl.Series([fn(v) for v in uniq.to_list()], dtype=return_dtype)})
    out = pl.DataFrame({"k": s}).join(table, on="k", how="left", maintain_order="left", nulls_equal=False)
    return out["v"].alias(s.name)


def normalize_text(s: pl.Series) -> pl.Series:
    """NFKC, Traditional -> Simplified, trim, collapse whitespace; empty becomes null."""
    s = s.cast(pl.String).str.normalize("NFKC")
    has_cjk = s.str.contains(_NON_ASCII).fill_null(False)
    if has_cjk.any():
        cjk = s.filter(has_cjk)
        uniq = cjk.unique(maintain_order=True)
        simplified = pl.Series(to_simplified_many(uniq.to_list()), dtype=pl.String)
        # all distinct (descriptions): already aligned; else broadcast back per distinct value
        s = s.scatter(has_cjk.arg_true(), simplified if len(uniq) == len(cjk) else cjk.replace_strict(uniq, simplified))
    s = s.str.replace_all(r"\s+", " ").str.strip_chars()
    return s.set(s == "", None) if (s == "").any() else s
