"""GHS hazard statements (UN GHS Rev. 10, annex 3; EU CLP suffixes): `H225, H319`, `H225；H319`, `H225/H319`.

Output: a sorted list of distinct codes; a combined statement GHS defines stays one item (`H300+H310+H330`,
annex 3 table A3.1.2: the acute toxicity routes and `H315+H320`); any other `+` joins a list (`H225+H319`).
EU supplemental statements (`EUH066`) are hazard statements too; precautionary statements (`P210`,
`P301+P310`) are not, and are left out. A code's wording right after it (`H225 高度易燃液体和蒸气`,
`H225（高度易燃）`) is left out; a word as an item of the list (`H319, 易燃`) or an unknown code (`H999`)
makes the value invalid. The field's `none_words` (standard.yaml: `无`, `not classified`) declare "not
hazardous": an empty list. The CLP suffixes' case is meaning (`H360Fd` is not `H360FD`): a spelling of a listed
case keeps it, another case reads as the one code it may spell (`h225`, `H361D`), and as none when it may spell
two (`h360fd`).
"""

from __future__ import annotations

import functools
import re

import polars as pl

from indset.parsers.basic import changed
from indset.registry import ParseContext, Parsed, parser
from indset.standard import FieldSpec
from indset.text import map_unique, normalize_text

PHYSICAL = [200, 201, 202, 203, 204, 205, 206, 207, 208, 209, 210, 211, 220, 221, 222, 223, 224, 225, 226, 227, 228,
            229, 230, 231, 232, 240, 241, 242, 250, 251, 252, 260, 261, 270, 271, 272, 280, 281, 282, 283, 284, 290]
HEALTH = [300, 301, 302, 303, 304, 305, 310, 311, 312, 313, 314, 315, 316, 317, 318, 319, 320, 330, 331, 332, 333,
          334, 335, 336, 340, 341, 350, 351, 360, 361, 362, 370, 371, 372, 373]
ENVIRONMENT = [400, 401, 402, 410, 411, 412, 413, 420]
CLP_VARIANTS = ["H350i", "H360F", "H360D", "H360FD", "H360Fd", "H360Df", "H361f", "H361d", "H361fd"]
EUH = [1, 14, 18, 19, 29, 31, 32, 44, 66, 70, 71, 201, 202, 203, 204, 205, 206, 207, 208, 209, 210, 211, 212, 401]
CODES = frozenset([f"H{n}" for n in PHYSICAL + HEALTH + ENVIRONMENT] + CLP_VARIANTS + [f"EUH{n:03d}" for n in EUH])
_CODE_LIKE = re.compile(r"(?i)^(?:EUH|H|P)\d{3}[A-Za-z]{0,2}(?:\+(?:EUH|H|P)\d{3}[A-Za-z]{0,2})*$")
_PRECAUTION = re.compile(r"(?i)^P\d{3}(?:\+P\d{3})*$")
_WORDING = re.compile(r"[（(][^)）]*[)）]")
_WORDING_AFTER = re.compile(r"((?:EUH|H|P)\d{3}[A-Za-z]{0,2})[ \t]+[\u4e00-\u9fff][^,;、|/，；\n]*", re.IGNORECASE)
# statements GHS combines (annex 3 table A3.1.2); another `+` chain is a list of statements
# (oral 30x, dermal 31x, inhalation 33x of one category); another `+` chain is a list of statements
COMBINED = frozenset(["+".join(f"H{t + r}" for r in routes) for t in (300, 301, 302, 303)
                      for routes in ((0, 10), (0, 30), (10, 30), (0, 10, 30))] + ["H315+H320"])
_BY_FOLD: dict[str, list[str]] = {}
for _c in sorted(CODES):
    _BY_FOLD.setdefault(_c.upper(), []).append(_c)
NOT_DANGEROUS = ("非危险品", "非危", "非危险货物", "普通货物", "普货", "not dangerous goods", "not regulated", "non-dg")
_SEP = re.compile(r"[\s,;、|/]+")
# a UN number's class (3, 4.1, 1.4S) and packing group (II, PG III) after it, by `/`, `,` or a space, or in brackets
_CLASS_AFTER = (r"(?i)^(\d{4})(?:\s*[/,，\s]\s*(?:class\s*)?[1-9](?:\.[1-6])?[a-z]?"
                r"(?:\s*[/,，\s]\s*(?:pg\s*)?(?:I{1,3}|[123]))?|\s*[（(][^)）]*[)）])$")


# a code's official wording after a colon (`H225：高度易燃液体和蒸气`, up to the next code, a semicolon or a line end:
# `H314：造成严重皮肤灼伤和眼损伤。H290：可能腐蚀金属。`) or a space, up to the next code
# (`H271 可引起燃烧或爆炸，强氧化剂`: the wording may hold commas)
_CODE_WITH_WORDING = re.compile(r"(?i)((?:EUH|H|P)\d{3}[A-Za-z]{0,2})\s*[:：]\s*(?:(?!(?:EUH|H|P)\d{3})[^;；\n])*"
                                r"|((?:EUH|H|P)\d{3}[A-Za-z]{0,2})[ \t]+(?!(?:EUH|H|P)\d{3})"  # not the next code
                                r"[A-Za-z\u4e00-\u9fff][^;；\n]*?"
                                r"(?=[,;、|/，；\s]*(?:EUH|H|P)\d{3}|$)")
# an EU CLP classification before its statement (`Flam. Liq. 2, H225; Asp. Tox. 1, H304`, `STOT SE 3, H336`, `Repr.
# 1B H360`): the hazard class's abbreviation and category are no statement
_CLP_CLASS = re.compile(r"(?:[A-Z][A-Za-z]*\.?\s+)+(?:Cat\.?\s*)?\d[A-Ca-c]?\s*[,:：]?\s*(?=(?:EUH|H)\d{3})")
# a label before the list (`危险性说明: H314`, `Hazard statements: H225, H319`, `H-phrases: H302`)
_LABEL = re.compile(r"(?i)^(?:ghs\s*)?(?:危险性说明|危害性?说明|危险说明|hazard\s+statements?"
                    r"|h[- ]?(?:statements?|phrases?|codes?))\s*[:：]\s*")
_PICTOGRAM_CODE = r"GHS0[1-9]"  # a pictogram's code is no hazard statement
_PICTOGRAM = re.compile(rf"(?i)^{_PICTOGRAM_CODE}$")
_PICTOGRAMS_ONLY = rf"(?i)^\s*{_PICTOGRAM_CODE}(?:\s*[,;、|/\s]\s*{_PICTOGRAM_CODE})*\s*$"


def listed_code(spelling: str) -> str | None:
    """The listed code a spelling names: its own case when listed, else the one code of any case; None when
    unknown or when it may name two (`h360fd`: H360FD or H360Fd)."""
    m = re.match(r"(?i)^(EUH|H)(\d{3})([a-z]*)$", spelling)
    if m and (own := f"{m[1].upper()}{m[2]}{m[3]}") in CODES:
        return own
    found = _BY_FOLD.get(spelling.upper(), [])
    return found[0] if len(found) == 1 else None


def code_list(text: str, none_words: frozenset[str] = frozenset()) -> list[str] | None:
    """Distinct, sorted hazard codes of one value, or None when any item is not a GHS hazard statement;
    ``none_words`` (lower case) declare no hazard: an empty list."""
    t = _LABEL.sub("", text.strip())
    if t.lower() in none_words:
        return []
    t = _CODE_WITH_WORDING.sub(lambda m: f"{m[1] or m[2]} ", _CLP_CLASS.sub("", _WORDING.sub(" ", t)))
    t = _WORDING_AFTER.sub(r"\1", t)
    t = re.sub(r"\s*\+\s*", "+", t)
    out = set()
    for item in _SEP.split(t):
        if not item or _PRECAUTION.match(item) or _PICTOGRAM.match(item):
            continue
        if not _CODE_LIKE.match(item):
            return None
        parts = sorted({listed_code(p) or "" for p in item.split("+") if not _PRECAUTION.match(p)})
        if not all(parts):
            return None
        out.update([combined] if (combined := "+".join(parts)) in COMBINED else parts)
    return sorted(out) if out else None


@parser("ghs_hazard_codes")
def parse_ghs_hazard_codes(raw: pl.Series, spec: FieldSpec, ctx: ParseContext) -> Parsed:
    """Hazard statement codes (:func:`code_list`); pictogram codes alone (`GHS02,GHS07`: a pictogram column
    under a `GHS` header) say nothing of the statements: no value, not an invalid one."""
    text = normalize_text(raw)
    none_words = frozenset(str(w).lower() for w in spec.options.get("none_words", ()))
    values = map_unique(text, functools.partial(code_list, none_words=none_words), pl.List(pl.String)).alias(spec.name)
    standard = values.list.join(", ")
    pictograms = text.str.contains(_PICTOGRAMS_ONLY).fill_null(False)
    return Parsed(values, text.is_not_null() & values.is_null() & ~pictograms, changed(raw, standard))


@parser("un_number")
def parse_un_number(raw: pl.Series, spec: FieldSpec, ctx: ParseContext) -> Parsed:
    """UN numbers: `UN1170`, `UN 1170`, `UN-1170`, `1170`, `1170.0` (a float cell), `UN No. 1170`, `联合国编号1170`,
    `UN编号：1170` -> `1170`;
    a number cell that lost its leading zeros is read back to four digits (`154`, `154.0` -> `0154`)
    (4 digits, 0004-3599 range not enforced); a class and packing group after it (`UN1230/3/II`, `UN2672 8/III`,
    `UN 1173, 3, II`, `UN 1230 (3类)`) are left out.
    Not dangerous goods (`非危险品`, `普通货物`) is no UN number: null."""
    text = normalize_text(raw)
    digits = text.str.replace(r"(?i)^(?:联合国(?:危险货物)?编号|un[\s-]*(?:no\.?|number|#|号|编号)?)\s*[:：]?\s*",
                              "").str.strip_chars()
    digits = digits.str.replace(r"^(\d{1,4})\.0+$", "$1")
    digits = digits.str.replace(_CLASS_AFTER, "$1")
    # a number cell lost the code's leading zeros (an integer column's 154 is UN 0154, picric acid; 4 is UN 0004)
    short = text.str.contains(r"^\d{1,3}(?:\.0+)?$").fill_null(False)   # a bare number only: `UN154` is a typo
    digits = digits.zip_with(~short, digits.str.zfill(4)) if short.any() else digits
    not_dangerous = text.str.to_lowercase().is_in(NOT_DANGEROUS).fill_null(False)
    ok = digits.str.contains(r"^\d{4}$").fill_null(False) & (digits != "0000").fill_null(False)
    values = digits.set(~ok, None) if len(digits) else digits
    return Parsed(values.alias(spec.name), text.is_not_null() & ~ok & ~not_dangerous, changed(raw, values))
