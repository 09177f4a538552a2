"""Apparel grades and codes: GB 18401 safety category, colour-fastness grade, AQL."""

from __future__ import annotations

import re

import polars as pl

from indset.parsers.basic import changed
from indset.registry import ParseContext, Parsed, parser
from indset.standard import FieldSpec
from indset.text import map_unique, normalize_text

_SAFETY = re.compile(  # its label may stand before it with a colon or a dash (`Safety Category: B`, `Class-B`, `类别B`)
    r"(?:(?:safety\s*)?(?:class|category|cat\.?|grade|type|level)|safety|类别)?\s*[:：\-]?\s*([abc])"
    r"\s*(?:-?\s*(?:类|级|class))?"
    r"(?:\s*\(.*\)|\s*[\u4e00-\u9fff].*)?",     # a remark after it: `A类(婴幼儿用品)`, `B类 直接接触皮肤`
    re.IGNORECASE,
)
# the standard named with it (GB 18401, and GB 31701 for children's wear), a label before it; any other standard
# number named beside it (a product standard: `执行标准：FZ/T 73020-2019`) is no category letter
_CONTEXT = re.compile(r"(?i)gb\s*(?:/\s*t\s*)?(?:18401|31701)(?:\s*[-—–]\s*20\d\d)?"
                      r"|安全(?:技术)?(?:类别|等级)\s*[:：]?"
                      r"|(?:执行|产品)?标准\s*[:：]?"
                      r"|(?<![a-z])(?:gb|fz|qb|sn|ss|iso|en|astm)\s*(?:/\s*[tz])?\s*\d+(?:\.\d+)*(?:\s*[-—–]\s*\d{4})?")
# words before a letter with its 类/级 (`婴幼儿用品A类`, `符合GB18401-2010 B类`): a remark, as after it
_WORDS_BEFORE = re.compile(r"^[\u4e00-\u9fff\s:：,，]+(?=[ABCabcＡＢＣ]\s*[类級级])")


_LETTERS = re.compile(r"(?<![A-Z])[ABC](?![A-Z])")


def safety_category(text: str) -> str | None:
    """`A类`, `Class A`, `A`, `GB18401 B类`, `GB 18401-2010 C类`, `GB 31701-2015 A类`, `GB18401—2010(B类)`,
    `安全类别：B类`, `A类(婴幼儿用品)`, `B类 直接接触皮肤`, `婴幼儿用品A类`, `符合GB18401-2010 B类`,
    `执行标准：FZ/T 73020-2019 安全类别：B类` (a product standard's number is no category), `Safety Category: B`,
    `Category: B`, `Class-B`, `B-Class`, `类别B` -> A/B/C; else None."""
    t = _CONTEXT.sub(" ", text.replace("（", "(").replace("）", ")")).strip()
    t = _WORDS_BEFORE.sub("", t).strip()
    if len(set(_LETTERS.findall(t.upper()))) > 1:  # `B类/C类`, `B或C类`: two categories name none
        return None
    if t.startswith("(") and t.endswith(")") and t.count("(") == 1:
        t = t[1:-1].strip()
    m = _SAFETY.fullmatch(t)
    return m[1].upper() if m else None


@parser("safety_category")
def parse_safety_category(raw: pl.Series, spec: FieldSpec, ctx: ParseContext) -> Parsed:
    text = normalize_text(raw)
    values = map_unique(text, safety_category).alias(spec.name)
    return Parsed(values, text.is_not_null() & values.is_null(), changed(raw, values))


_GRADE = re.compile(r"(?:grade|级别|等级)?\s*(\d(?:\.\d+)?)\s*(?:[-~～–—/]\s*(\d)\s*)?(?:级)?", re.IGNORECASE)
_REMARK = re.compile(r"\s*[(（][^()（）\d]*[)）]\s*")   # `4级(耐洗)`, `4 (wash)`: the test named, no number
# the test method's standard after the grade, in brackets or not (`4级 (GB/T 3921)`, `4-5 (ISO 105-C06)`, `4 AATCC 61`)
_METHOD = re.compile(r"(?i)\s*(?:[(（]\s*(?:gb|iso|aatcc|fz|en|jis|bs|astm)(?![a-z])[^()（）]*[)）]"
                     r"|\s(?:gb|iso|aatcc|fz|jis|astm)(?![a-z])[\s/a-z]*\d[^()（）]*)\s*$")
_AT_LEAST = re.compile(r"^(?:≥|>=|不低于|不小于|min\.?)\s*|\s*(?:及以上|以上)$", re.IGNORECASE)
# the test named before the grade (`耐洗4级`, `耐摩擦：3-4级`, `色牢度 4`, `Wash: 4`): no digits in it
_TEST_BEFORE = re.compile(r"^(?:[\u4e00-\u9fff]+|(?:colou?r\s*fastness\s*(?:to\s*)?)?(?:washing|wash|rubbing|rub|"
                          r"crocking|light|perspiration|water))\s*[:：]?\s*(?=[≥>\d]|不低于|不小于)", re.IGNORECASE)


def colorfastness(text: str) -> float | None:
    """`4`, `4级`, `3.5`, `3-4` or `3/4` (= 3.5), `4-5级` (= 4.5) -> grade; a minimum (`≥4级`, `4级以上`)
    is the grade it states; the test named before or in brackets after it (`耐洗4级`, `4级(耐洗)`) is left out, and so
    is its method's standard after it (`4级 (GB/T 3921)`, `4-5 (ISO 105-C06)`);
    non-half grades and other text -> None.

    Grades outside 1..5 (`6`, `0`) parse, so that the field's range rule names them out_of_range.
    """
    text = _METHOD.sub("", text)
    m = _GRADE.fullmatch(_AT_LEAST.sub("", _TEST_BEFORE.sub("", _REMARK.sub("", text).strip())))
    if not m:
        return None
    low = float(m[1])
    if m[2] is not None:
        high = int(m[2])
        return low + 0.5 if low.is_integer() and high == low + 1 else None
    return low if (low * 2).is_integer() else None


@parser("colorfastness_grade")
def parse_colorfastness(raw: pl.Series, spec: FieldSpec, ctx: ParseContext) -> Parsed:
    text = normalize_text(raw)
    values = map_unique(text, colorfastness, pl.Float64).alias(spec.name)
    return Parsed(values, text.is_not_null() & values.is_null(), changed(raw, values))


AQL_LEVELS = (0.65, 1.0, 1.5, 2.5, 4.0, 6.5)
_AQL = re.compile(r"(?:aql)?\s*[:=]?\s*(\d+(?:\.\d+)?)\s*%?", re.IGNORECASE)


_LEVEL = r"(\d+(?:\.\d+)?)"
_ROMAN = r"(?:I{1,3}|S-?[1-4]|[123一二三]|Ⅰ|Ⅱ|Ⅲ)(?![A-Za-z])"
_LEVEL_WORDS = r"(?:general\s+)?(?:inspection\s+)?level|一般检验水平|特殊检验水平|检验水平|水平"
_INSPECTION_LEVEL = re.compile(  # `(一般检验水平II)`, `Level II`, `一般II级`, `AQL: II-2.5` (the level, then the AQL)
    rf"(?i)[(（]\s*(?:{_LEVEL_WORDS}|一般|general)?\s*[:：]?\s*{_ROMAN}\s*(?:级)?\s*[)）]"
    rf"|[,，;；/\s]*(?:{_LEVEL_WORDS})\s*[:：]?\s*{_ROMAN}[,，;；/\s]*|(?:一般)?{_ROMAN}\s*级\s*"
    rf"|^\s*(?:aql\s*[:：=]?\s*)?(?:I{{1,3}}|S-?[1-4]|Ⅰ|Ⅱ|Ⅲ)\s*[-–—/\s]\s*(?=\d)")
_AQL_LEVELS_BY_CLASS = re.compile(rf"(?:aql)?\s*[:=]?\s*(?:{_LEVEL}\s*/\s*)?{_LEVEL}\s*/\s*{_LEVEL}", re.IGNORECASE)
_MAJOR = re.compile(rf"(?i)(?:major|主要缺陷|主要|重缺陷|重要|\bmaj\b\.?|\bma\b\.?)\s*(?:aql)?\s*[:：=]?\s*{_LEVEL}"
                    rf"|{_LEVEL}\s*[(（]\s*(?:major|主要)\s*[)）]")   # `AQL 2.5 (Major)`
# the level before its class word, when the text names levels so (`AQL 2.5 Major / 4.0 Minor`, `2.5主要 4.0次要`)
_MAJOR_AFTER = re.compile(rf"(?i){_LEVEL}\s*[(（]?\s*(?:major|主要缺陷|主要|重缺陷|maj\b\.?|ma\b\.?)")
_CLASS = r"(?:critical|major|minor|crit|maj|min|cr|ma|mi|严重|致命|主要|次要|重缺陷|轻缺陷|轻微)\.?"
_CLASSES = rf"{_CLASS}(?:\s*/\s*{_CLASS}){{1,2}}"
_LEVELS = rf"{_LEVEL}(?:\s*/\s*{_LEVEL}){{1,2}}"
# classes listed, then their levels in the same order (`Critical/Major/Minor: 0/2.5/4.0`), or the levels, then the
# classes in brackets (`2.5 / 4.0 (Major/Minor)`)
_LISTED_CLASSES = re.compile(rf"(?i)^(?:aql\s*)?(?:(?P<classes>{_CLASSES})\s*(?:aql)?\s*[:：=]?\s*(?P<levels>{_LEVELS})"
                             rf"|(?P<levels2>{_LEVELS})\s*[(（]?\s*(?P<classes2>{_CLASSES})\s*[)）]?)$")
_MAJOR_CLASS = re.compile(r"(?i)^(?:major|maj|ma|主要|重缺陷)\.?$")


def _levels_of_listed_classes(text: str) -> float | None:
    """The major level of classes listed with their levels in the same order; None for any other text."""
    m = _LISTED_CLASSES.fullmatch(text.strip())
    if not m:
        return None
    classes = re.split(r"\s*/\s*", m["classes"] or m["classes2"])
    levels = re.split(r"\s*/\s*", m["levels"] or m["levels2"])
    majors = [i for i, c in enumerate(classes) if _MAJOR_CLASS.match(c)]
    if not majors and "主要" not in classes:   # 致命/严重/轻微 sheets: 严重 is major
        majors = [i for i, c in enumerate(classes) if c == "严重"]
    return float(levels[majors[0]]) if len(classes) == len(levels) and len(majors) == 1 else -1.0


_SEVERE = re.compile(rf"严重(?:缺陷)?\s*[:：=]?\s*{_LEVEL}")   # 致命/严重/轻微 sheets: 严重 is major (beside no 主要)
_CLASS_WORDS = re.compile(r"(?i)critical|major|minor|严重|致命|主要|重缺陷|重要|次要|轻缺陷|轻微"
                          r"|\bcr\b|\bmaj?\b|\bmin?\b")
# the sampling standard named with it (`GB/T 2828.1 AQL2.5`, `ISO 2859-1`, `ANSI/ASQ Z1.4`): no level
_SAMPLING_STANDARD = re.compile(r"(?i)(?:gb\s*/\s*t\s*2828(?:\.1)?|iso\s*2859(?:\s*-\s*1)?"
                                r"|(?:ansi\s*/\s*asq\s*)?z\s*1\.4|mil-std-105e?)(?:\s*[-—–:：]\s*(?:19|20)\d\d)?")
# an inspection level after the AQL without its word (`2.5 II`)
_LEVEL_AFTER = re.compile(rf"(?<=\d)\s+{_ROMAN}\s*$")
_DECIMAL_COMMA = re.compile(r"(?<=\d),(?=\d{1,2}(?![\d.]))")   # `2,5` (a European export) is 2.5


def aql(text: str) -> float | None:
    """`2.5`, `AQL 2.5`, `AQL2.5`, `2.5%`, `2,5` -> 2.5 when it is a standard level (ISO 2859-1 / GB/T 2828.1).

    Garment orders quote one level per defect class: `2.5/4.0` (major/minor), `0/2.5/4.0`
    (critical/major/minor) or with the classes named (`Major 2.5 Minor 4.0`, `主要2.5 次要4.0`); the
    inspection's AQL is the major one, which decides the lot. An inspection level (`II`, `Level II`,
    `一般检验水平II`, `(II)`, `II-2.5`, `2.5 II`) is not the AQL and is left out, nor is the sampling standard named
    with it (`GB/T 2828.1 AQL2.5`)."""
    text = re.sub(r'["{}]', " ", text)  # a QC system's JSON object: {"major": 2.5, "minor": 4.0}
    text = _SAMPLING_STANDARD.sub(" ", text)
    text = _LEVEL_AFTER.sub("", _INSPECTION_LEVEL.sub(" ", _DECIMAL_COMMA.sub(".", text)).strip()).strip()
    if (listed := _levels_of_listed_classes(text)) is not None:
        return listed if listed in AQL_LEVELS else None
    if _CLASS_WORDS.search(text):
        first_class = _CLASS_WORDS.search(text).start()
        if (num := re.search(r"\d", text)) and num.start() < first_class:  # `AQL 2.5 Major / 4.0 Minor`
            m = _MAJOR_AFTER.search(text)
        else:
            m = _MAJOR.search(text) or (None if "主要" in text else _SEVERE.search(text))
        value = float(next(g for g in m.groups() if g)) if m else None
        return value if value in AQL_LEVELS else None
    m = _AQL.fullmatch(text)
    if m:
        value = float(m[1])
        return value if value in AQL_LEVELS else None
    m = _AQL_LEVELS_BY_CLASS.fullmatch(text)
    if not m or float(m[2]) > float(m[3]) or (m[1] is not None and float(m[1]) > float(m[2])):
        return None  # classes run from strict to loose: `4.0/2.5` is no such quote
    major, minor = float(m[2]), float(m[3])
    return major if major in AQL_LEVELS and minor in AQL_LEVELS else None


@parser("aql")
def parse_aql(raw: pl.Series, spec: FieldSpec, ctx: ParseContext) -> Parsed:
    text = normalize_text(raw)
    values = map_unique(text, aql, pl.Float64).alias(spec.name)
    return Parsed(values, text.is_not_null() & values.is_null(), changed(raw, values))
