"""Text normalization: NFKC, Traditional -> Simplified Chinese, trimmed, inner whitespace collapsed.

:func:`normalize_text` gives the result of applying every step to every value, but does each step
only on the values the step can change, found with a vectorized test (tests/test_parsers.py compares
it with the plain pipeline on messy samples):

- NFKC: a value made only of characters that NFKC leaves alone in any context ("inert": assigned,
  NFKC_Quick_Check=Yes and canonical combining class 0, so the string is already in NFKC) is skipped;
  a value whose other characters are all "simple" (their NFKC is a fixed string of inert characters:
  full-width ASCII, ideographic and no-break space) gets those characters replaced, which is its NFKC;
  only the rest goes through the full normalizer.
- Traditional -> Simplified: OpenCC's t2s is a dictionary conversion (longest match), so a value with
  no character of any key that changes the text is left as it is; only values with such a
  character (:func:`t2s_trigger_class`) are converted, one OpenCC call per column.
- Whitespace: only values with a whitespace other than a single inner space are collapsed and trimmed.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from functools import cache

import polars as pl


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


# zero-width and invisible format characters (a copy from a web page or a chat tool carries them) and control
# characters other than whitespace (a NUL from a broken export): removed
CONTROL = "[\x00-\x08\x0e-\x1f\x7f]"
INVISIBLE = "[\u200b-\u200f\u2060-\u2064\ufeff\u00ad\x00-\x08\x0e-\x1f\x7f]"


def normalize_str(text: str) -> str:
    """Normalize one string the way :func:`normalize_text` normalizes a column."""
    text = re.sub(INVISIBLE, "", unicodedata.normalize("NFKC", text))
    if not text.isascii():
        text = to_simplified(text)
    return re.sub(r"\s+", " ", text).strip()


def key_form(text: str) -> str:
    """Matching form of a label: normalized, lower case, separators unified, curly apostrophes straight."""
    text = normalize_str(text).lower().replace("\u2019", "'").replace("\u2018", "'")
    return re.sub(r"[\s_]+", " ", text).strip()


def alternation(words: Iterable[str]) -> str:
    """A regex alternation of ``words`` as literals, longest first (so `工艺参数` is tried before `工艺`)."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def map_unique(s: pl.Series, fn, return_dtype: pl.DataType = pl.String) -> pl.Series:
    """Apply a Python function once per distinct value and broadcast back (vectorized join).

    Columns such as compositions, units or codes repeat a few hundred distinct values over
    millions of rows, so a per-distinct-value call is the fast path (see benchmarks/).
    """
    uniq = s.drop_nulls().unique(maintain_order=True)
    table = pl.DataFrame({"k": uniq, "v": pl.Series([fn(v) for v in uniq.to_list()], dtype=return_dtype)})
    out = pl.DataFrame({"k": s}).join(table, on="k", how="left", maintain_order="left", nulls_equal=False)
    return out["v"].alias(s.name)


def char_class(codepoints: Iterable[int], negate: bool = False) -> str:
    """A regex character class (Rust regex syntax) of the code points, as ranges."""
    ranges: list[list[int]] = []
    for cp in sorted(set(codepoints)):
        if ranges and cp == ranges[-1][1] + 1:
            ranges[-1][1] = cp
        else:
            ranges.append([cp, cp])
    body = "".join(f"\\x{{{a:X}}}" if a == b else f"\\x{{{a:X}}}-\\x{{{b:X}}}" for a, b in ranges)
    return f"[{'^' if negate else ''}{body}]"


# Blocks scanned for NFKC-inert characters (Latin, Greek, Cyrillic, punctuation and symbols, CJK
# symbols and kana, CJK ideographs, half/full-width forms); characters elsewhere take the full path.
# None of these blocks holds a character with combining class 0 that composes with a preceding one
# (NFKC_Quick_Check=Maybe), which tests/test_parsers.py checks against the whole code space.
_INERT_BLOCKS = ((0x0000, 0x052F), (0x2000, 0x2BFF), (0x3000, 0x30FF), (0x3400, 0x4DBF), (0x4E00, 0x9FFF),
                 (0xFF00, 0xFFEF))
# Characters replaced by their NFKC directly (no normalizer): full-width ASCII, ideographic and no-break space.
_SIMPLE_CANDIDATES = (0x00A0, 0x3000, *range(0xFF01, 0xFF5F))


def _inert(ch: str) -> bool:
    return (unicodedata.category(ch) not in ("Cn", "Cs") and unicodedata.combining(ch) == 0
            and unicodedata.normalize("NFKC", ch) == ch)


@cache
def nfkc_tables() -> tuple[str, str, dict[str, str]]:
    """(class of characters that are not inert, class of those neither inert nor simple, simple -> NFKC).

    Only characters assigned in Python's Unicode version count as inert or simple: by the Unicode
    normalization stability policy, their normal forms are the same in the (possibly newer) version
    polars normalizes with.
    """
    inert = {cp for lo, hi in _INERT_BLOCKS for cp in range(lo, hi + 1) if _inert(chr(cp))}
    simple = {}
    for cp in _SIMPLE_CANDIDATES:
        ch = chr(cp)
        if unicodedata.category(ch) in ("Cn", "Cs"):
            continue
        nfkc = unicodedata.normalize("NFKC", ch)
        if nfkc != ch and all(ord(c) in inert for c in nfkc):
            simple[ch] = nfkc
    return char_class(inert, negate=True), char_class(inert | {ord(c) for c in simple}, negate=True), simple


# Where OpenCC's t2s dictionaries can change a character; CJK_Compatibility_Ideographs (its
# normalization step), TSPhrases, TSCharactersExt and TSCharacters have keys only in these blocks.
T2S_BLOCKS = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0x20000, 0x323AF), (0x2F800, 0x2FA1F))
# Characters that t2s changes only inside a TSPhrases phrase whose characters all stay alone
# (坏布 -> 坯布, 反覆 -> 反复, 瞭解 -> 了解, ...); tests/test_parsers.py checks this list against the dictionaries.
T2S_PHRASE_ONLY = "哩坏沈甦瞭藉衹覆"


@cache
def t2s_trigger_chars() -> frozenset[str]:
    """Characters without which a text is left unchanged by :func:`to_simplified`.

    Each character of the t2s blocks that converts on its own, and the characters that change only
    inside a phrase. A text with none of them matches no dictionary key that changes anything.
    """
    chars = [chr(cp) for lo, hi in T2S_BLOCKS for cp in range(lo, hi + 1)]
    alone = {c for c, s in zip(chars, to_simplified_many(chars), strict=True) if c != s}
    return frozenset(alone | set(T2S_PHRASE_ONLY))


@cache
def t2s_trigger_class() -> str:
    return char_class(ord(c) for c in t2s_trigger_chars())


_WS_TO_FIX = r"[^\S ]|  |^ | $"  # a value that `\s+` -> " " and trimming would change


def apply_where(s: pl.Series, mask: pl.Series, fn: Callable[[pl.Series], pl.Series]) -> pl.Series:
    """``s`` with ``fn`` applied to the values where ``mask`` is true (``fn`` works value by value)."""
    mask = mask.fill_null(False)
    if not mask.any():
        return s
    if mask.all():
        return fn(s).alias(s.name)
    idx = mask.arg_true()
    return s.clone().scatter(idx, fn(s.gather(idx)))


def _nfkc(s: pl.Series) -> pl.Series:
    _, not_simple, simple = nfkc_tables()
    full = s.str.contains(not_simple)
    if full.all():
        return s.str.normalize("NFKC")
    out = s.str.replace_many(list(simple), list(simple.values()))
    return out.scatter(full.arg_true(), s.filter(full).str.normalize("NFKC")) if full.any() else out


def _simplified(s: pl.Series) -> pl.Series:
    uniq = s.unique(maintain_order=True)
    simplified = pl.Series(to_simplified_many(uniq.to_list()), dtype=pl.String)
    # all distinct (descriptions): already aligned; else broadcast back per distinct value
    return simplified if len(uniq) == len(s) else s.replace_strict(uniq, simplified)


def _spaced(s: pl.Series) -> pl.Series:
    return s.str.replace_all(r"\s+", " ").str.strip_chars()


def _simplified_and_spaced(s: pl.Series) -> pl.Series:
    s = apply_where(s, s.str.contains(t2s_trigger_class()), _simplified)
    return apply_where(s, s.str.contains(_WS_TO_FIX), _spaced)


def normalize_text(s: pl.Series) -> pl.Series:
    """Invisible characters removed, NFKC, Traditional -> Simplified, trim, collapse whitespace; empty becomes
    null."""
    s = s.cast(pl.String)
    if not (s.str.len_bytes() == s.str.len_chars()).fill_null(True).all():  # ASCII needs neither step
        s = apply_where(s, s.str.contains(INVISIBLE), lambda v: v.str.replace_all(INVISIBLE, ""))
        not_inert, _, _ = nfkc_tables()
        s = apply_where(s, s.str.contains(not_inert), _nfkc)
        # one pass finds the values either of the last two steps may change
        s = apply_where(s, s.str.contains(f"{t2s_trigger_class()}|{_WS_TO_FIX}"), _simplified_and_spaced)
    else:  # one pass finds what either step changes: control characters, whitespace to collapse
        s = apply_where(s, s.str.contains(f"{_WS_TO_FIX}|{CONTROL}"),
                        lambda v: _spaced(v.str.replace_all(CONTROL, "")))
    return s.set(s == "", None) if (s == "").any() else s
