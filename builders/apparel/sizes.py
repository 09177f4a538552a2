"""GB/T 1335 size designations (号型): `170/92A`, from `170/92 A`, `170-92A`, `M(170/92A)`, lists of them.

A designation is height/girth (号/型), plus a body type for adults. Rules (STANDARD.md section 4):

* Adults (GB/T 1335.1/.2): a body type Y, A, B or C is required. The height is a multiple of 5 in
  [145, 200]. The girth is the chest for tops (5.4 series: steps of 4) or the waist for bottoms
  (5.2 series: steps of 2). A sizes cell does not say whether the garment is a top or a bottom, so
  the girth is accepted when it is a multiple of 4 (chest) or of 2 (waist), i.e. any even integer,
  within the plausible adult range [50, 130] (women's Y waist from 50, men's C chest to about 128).
* Children (GB/T 1335.3): no body type. Heights 52, 59, 66, 73, 80 (infants, steps of 7), then every
  10 cm to 130, then every 5 cm to 160. Children's chests step by 4 and waists by 3, so the girth is
  accepted as any integer from 36 up to the largest GB/T 1335.3 gives at that height, plus a step (52 to 80 cm,
  68 to 130 cm, 80 to 160 cm): `160/84` is an adult's size without its body type, dropped.

A cell may list several designations separated by `,` `，` `;` `、` `|`, spaces, or `/` (a `/` inside
`170/92A` belongs to the designation: designations are matched first, separators are what is left).
A range of adult designations of one body type (`160/84A～175/96A`, `170-92A~180-100A`) stands for its series:
heights by 5, girths by 4 (5.4) or 2 (5.2), as its ends say; ends on no series are two designations, each checked alone.
Letter labels in front of a bracketed designation (`M(170/92A)`, `XL（180/100A）`) are dropped.
In a cell of adult sizes (a body type, a letter label such as `M(160/84)`, or a height above the children's),
a designation without a body type is incomplete and dropped, never read as a child's size.
Output: the valid designations in order of first appearance, deduplicated; null when none is valid.
Every other token (`170/93A`, `172/92A`, `170/92D`, `125/60`, `均码`, `XL`) is dropped and counted in
``notes["invalid_size_dropped"]``; the row is kept (the standard names sizes as the exception).
"""

from __future__ import annotations

import re
from functools import cache

import polars as pl

from indset.registry import ParseContext, Parsed, parser
from indset.standard import FieldSpec
from indset.text import map_unique, normalize_text

CHILD_HEIGHTS = frozenset([52, 59, 66, 73, 80, *range(90, 131, 10), *range(135, 161, 5)])
ADULT_HEIGHTS = range(145, 201, 5)
BODY_TYPES = "YABC"
DROPPED = "invalid_size_dropped"

_NUM = r"\d{1,3}(?:\.\d+)?"
_DESIGNATION = re.compile(
    rf"(?:(?P<label>[A-Za-z0-9]{{1,4}})\s*(?P<open>\())?\s*"
    rf"(?P<h>{_NUM})\s*[/\-]\s*(?P<g>{_NUM})(?:\s*(?P<t>[A-Za-z])(?![A-Za-z]))?"
    r"(?(open)\s*\))"
)
_SEPARATORS = re.compile(r"[\s,;、|/]+")
# a range of adult designations of one body type (`160/84A～175/96A`, `170/92A-185/104A`, its ends written with a dash
# as a designation may be: `170-92A~180-100A`): the series between
_RANGE = re.compile(r"(\d{3})\s*[/\-]\s*(\d{2,3})\s*([YABC])\s*(?:-|~|～|—|–|至|到)\s*(\d{3})\s*[/\-]\s*(\d{2,3})\s*\3",
                    re.IGNORECASE)


def _expanded(m: re.Match) -> str:
    """The designations of a range in its series (heights by 5, girths by 4 or by 2), or the range as it is
    (its two ends, each checked alone) when its ends are not on one series."""
    h1, g1, body, h2, g2 = int(m[1]), int(m[2]), m[3].upper(), int(m[4]), int(m[5])
    steps = (h2 - h1) // 5
    if h2 <= h1 or (h2 - h1) % 5 or g2 <= g1 or (g2 - g1) not in (4 * steps, 2 * steps):
        return m[0]
    girth_step = (g2 - g1) // steps
    return ",".join(f"{h1 + 5 * i}/{g1 + girth_step * i}{body}" for i in range(steps + 1))


def designation(height: str, girth: str, body: str | None) -> str | None:
    """The normalized designation, or None when it breaks GB/T 1335."""
    if not (height.isdigit() and girth.isdigit()):
        return None
    h, g = int(height), int(girth)
    if g >= h:  # `66-73`, `80-90cm`: a range of heights, not height/girth (a girth is always the smaller)
        return None
    if body:
        body = body.upper()
        if body not in BODY_TYPES or h not in ADULT_HEIGHTS or g % 2 or not 50 <= g <= 130:
            return None
        return f"{h}/{g}{body}"
    if h not in CHILD_HEIGHTS or not 36 <= g <= _child_girth_max(h):
        return None
    return f"{h}/{g}"


def _child_girth_max(height: int) -> int:
    """The largest girth GB/T 1335.3 gives a child of ``height`` (chests to 48 for infants to 80 cm, 64 to 130 cm,
    80 to 160 cm), with a step of slack: `160/84` is an adult's size written without its body type."""
    return 52 if height <= 80 else 68 if height <= 130 else 80


_ADULT_LABELS = re.compile(r"(?i)x*[sml]|x{0,4}l|\d?xl|free")


def _adult(m: re.Match) -> bool:
    """Whether a designation says the cell lists adult sizes: a body type, an adult label (`M(160/84)`),
    or a height no child's size has (`170/92`)."""
    if m["t"] or (m["label"] and _ADULT_LABELS.fullmatch(m["label"])):
        return True
    return m["h"].isdigit() and int(m["h"]) in ADULT_HEIGHTS and int(m["h"]) not in CHILD_HEIGHTS


@cache
def parse_sizes(text: str) -> tuple[tuple[str, ...], int]:
    """(valid designations in first-appearance order, number of dropped tokens) of one cell."""
    text = text.replace("（", "(").replace("）", ")").replace("[", "(").replace("]", ")")
    text = _RANGE.sub(_expanded, text)
    found: list[str] = []
    dropped = 0
    rest = []
    pos = 0
    matches = list(_DESIGNATION.finditer(text))
    adult = any(_adult(m) for m in matches)
    for m in matches:
        rest.append(text[pos:m.start()])
        pos = m.end()
        # in a cell of adult sizes, one without a body type is incomplete, never a child's size
        value = None if adult and not m["t"] else designation(m["h"], m["g"], m["t"])
        if value is None:
            dropped += 1
        elif value not in found:
            found.append(value)
    rest.append(text[pos:])
    for chunk in rest:
        dropped += sum(1 for tok in _SEPARATORS.split(chunk.strip("()")) if tok.strip("()"))
    return tuple(found), dropped


INFANT_SIZES = "_infant_sizes"   # helper column for the checks: whether a cell's sizes are all an infant's
INFANT_MONTHS_MAX = 36          # GB 18401-2010 3.2: infant textiles are for children of 36 months and under
INFANT_HEIGHT_CM_MAX = 100      # ... and of 100 cm and under
# sizes written by age or by height alone (no GB/T 1335 designation, so no part of the list): `3-6个月`, `12-18M`,
# `6 months`, `1岁`, `2-3岁`, `59cm`, `身高66`
_MONTHS = re.compile(r"(\d{1,2})(?:\s*(?:-|~|～|—|–|至|到)\s*(\d{1,2}))?\s*(?:个月|月龄|月|months?|mos?|m)(?![a-z])",
                     re.IGNORECASE)
_YEARS = re.compile(r"(\d{1,2})(?:\s*(?:-|~|～|—|–|至|到)\s*(\d{1,2}))?\s*(?:周岁|岁)")
# US toddler sizes (`2T`, `3T`, `4T`, `2T-4T`: ages in years, as `2岁` is): 2T and 3T are an infant's (36 months
# and under), 4T is not
_TODDLER = re.compile(r"(?<![A-Za-z0-9.])(?:\dT?\s*(?:-|~|～|—|–|至|到)\s*)?(\d)\s*T(?![A-Za-z0-9])", re.IGNORECASE)
_HEIGHT_CM = re.compile(r"(?<![\d/.\-])(?:身高\s*)?(\d{2,3})\s*(?:cm|厘米|公分)(?![a-z])", re.IGNORECASE)


@cache
def infant_sizes(text: str) -> bool | None:
    """Whether every size of a cell that says an age or a height is an infant's (36 months or 100 cm and under:
    `3-6个月,6-12个月`, `59cm,66cm`, `66/44`, the US toddler sizes `2T,3T`); False when one is older or taller
    (`110cm`, `4岁`, `4T`, `120/60`, `170/92A`); None when no size says either (`S,M,L`, `均码`)."""
    infant: list[bool] = []
    for m in _MONTHS.finditer(text):
        infant.append(int(m[2] or m[1]) <= INFANT_MONTHS_MAX)
    for m in _YEARS.finditer(text):
        infant.append(int(m[2] or m[1]) * 12 <= INFANT_MONTHS_MAX)
    for m in _TODDLER.finditer(text):
        infant.append(int(m[1]) * 12 <= INFANT_MONTHS_MAX)
    for m in _HEIGHT_CM.finditer(text):
        infant.append(int(m[1]) <= INFANT_HEIGHT_CM_MAX)
    for size in parse_sizes(text)[0]:
        infant.append(not size[-1].isalpha() and int(size.split("/")[0]) <= INFANT_HEIGHT_CM_MAX)
    return all(infant) if infant else None


ADULT_SIZES = "_adult_sizes"     # helper column for the checks: whether a cell names an adult's size
# a letter size standing alone (`L`, `XL`, `2XL`, `XXS`, `L码`): never after a number (`0-3M`, `6 M` are months)
_LETTER_SIZE = re.compile(r"(?<![A-Za-z0-9])(?<![0-9]\s)(?:x{0,4}s|m|x{0,4}l|[2-6]xl)(?![A-Za-z0-9])", re.IGNORECASE)


@cache
def adult_sizes(text: str) -> bool:
    """Whether a cell names an adult's size: a designation with a body type (`170/92A`), a height only adults have
    (`170/92`), an adult's girth without its body type (`160/84`: more than GB/T 1335.3 gives a child), or a letter
    size (`L`, `XL`, `M(165/88A)`). Sizes by age or height (`0-3M`, `73/48`, `59cm`) and `均码` are none."""
    text = _MONTHS.sub(" ", text.replace("（", "(").replace("）", ")"))   # `0-3M` is an age, no size `0/3M`
    text = _TODDLER.sub(" ", text)                                      # nor is `2-3T` (toddler sizes)
    for m in _DESIGNATION.finditer(text):
        if _adult(m) or (m["h"].isdigit() and m["g"].isdigit() and int(m["h"]) in CHILD_HEIGHTS
                         and int(m["g"]) > _child_girth_max(int(m["h"])) and int(m["g"]) < int(m["h"])):
            return True
    return _LETTER_SIZE.search(_DESIGNATION.sub(" ", text)) is not None


@parser("sizes")
def parse_sizes_column(raw: pl.Series, spec: FieldSpec, ctx: ParseContext) -> Parsed:
    text = normalize_text(raw)
    values = map_unique(text, lambda v: list(parse_sizes(v)[0]) or None, pl.List(pl.String)).alias(spec.name)
    dropped = map_unique(text, lambda v: parse_sizes(v)[1], pl.Int64).fill_null(0).alias(DROPPED)
    standard_form = values.list.join(",")
    converted = (text.is_not_null() & ((standard_form != text).fill_null(True) | (dropped > 0))).fill_null(False)
    invalid = pl.repeat(False, len(raw), dtype=pl.Boolean, eager=True)
    infant = map_unique(text, infant_sizes, pl.Boolean).alias(INFANT_SIZES)
    adult = map_unique(text, adult_sizes, pl.Boolean).alias(ADULT_SIZES)
    return Parsed(values, invalid, converted, notes={DROPPED: dropped}, columns={INFANT_SIZES: infant,
                                                                                 ADULT_SIZES: adult})
