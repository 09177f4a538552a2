"""Timestamps in every form of STANDARD.md section 3, to UTC microseconds.

Forms are tried as a cascade over the values still unparsed, so a column in one format costs one
vectorized pass; naive times are read in the source's timezone. A form is tried only on the values
that can match it (see :func:`parse_timestamps`), which gives the same result as trying it on all.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import zoneinfo
from collections.abc import Callable

import polars as pl

from indset.registry import ParseContext, Parsed, check, hint, parser
from indset.standard import FieldSpec, TableSpec
from indset.text import apply_where, map_unique, normalize_text

UTC = pl.Datetime("us", "UTC")
_AWARE = ("%Y-%m-%d %H:%M:%S%.f%#z", "%Y-%m-%d %H:%M%#z",
          "%d-%b-%Y %H:%M:%S%.f%#z", "%d-%b-%Y %H:%M%#z")       # Java's Date.toString with its zone
_NAIVE = ("%Y-%m-%d %H:%M:%S%.f", "%Y-%m-%d %H:%M", "%Y-%m-%d",
          "%d.%m.%Y %H:%M:%S", "%d.%m.%Y %H:%M", "%d.%m.%Y",    # 26.10.2026 08:25:00 (SAP, day first)
          "%d-%b-%Y %H:%M:%S%.f", "%d-%b-%Y %H:%M", "%d-%b-%Y")  # 01-Oct-2026 08:00:00 (historians' default)
_EXCEL_EPOCH_US = -2_209_161_600_000_000  # 1899-12-30T00:00Z, the 1900 date system's day zero


# Half-day words of a 12-hour clock (`下午2:03`, `2:03 PM`, `晚8:30`, `夜里11点`): polars (no look-around) finds the
# values holding one, _HALF_DAY reads it (`晚班` is a shift, not a clock)
HALF_DAY_WORDS = r"上午|早上|清晨|凌晨|中午|午后|下午|傍晚|晚上|夜里|夜间|半夜|午夜|晚"
_HALF_DAY = re.compile(rf"({HALF_DAY_WORDS.replace('|晚', '|晚(?!班)')}|\b[AaPp]\.?[Mm]\.?(?![A-Za-z]))")
_HOUR = re.compile(r"(\d{1,2})(?=\s*(?::|[时時点點]))")
_AFTERNOON = ("下午", "午后", "傍晚", "晚上", "晚", "pm")
_MORNING = ("上午", "早上", "清晨", "凌晨", "am")
_NIGHT = ("夜里", "夜间", "半夜", "午夜")  # 夜里11点 is 23:00, 夜里2点 is 02:00


def _to_24h(text: str) -> str:
    """`2024/3/5 2:03 PM`, `2024/3/5 下午2:03` -> `2024/3/5 14:03`; a 12-hour clock needs its half-day word.

    Twelve at night (`晚上12:00`, `午夜12点`) is `24:00`, the next day's midnight (:func:`end_of_day`), never noon.
    """
    marker = _HALF_DAY.search(text)
    hour = _HOUR.search(text)
    if marker is None or hour is None:
        return text
    word, h = marker[1].lower().replace(".", ""), int(hour[1])
    if h > 12:
        return text  # not a 12-hour time: left for the formats to reject
    if h == 12 and word in (*_NIGHT, "晚上", "晚"):
        h = 24
    elif (word in _AFTERNOON and h < 12) or (word == "中午" and h < 11) or (word in _NIGHT and 6 <= h < 12):
        h += 12
    elif word in _MORNING and h == 12:
        h = 0
    text = text[:hour.start()] + f"{h:02d}" + text[hour.end():]
    return _HALF_DAY.sub(" ", text, count=1)


# A time zone named in a timestamp column's header (`Timestamp (UTC)`, `时间(UTC)`, `Time (GMT)`, `北京时间`, `采集时间
# (UTC+8)`): the zone of the column's naive times, ahead of the source's (a column says what it holds)
_CHINA = "Asia/Shanghai"
ZONE_WORDS = {"utc": "UTC", "gmt": "UTC", "z": "UTC", "zulu": "UTC", "协调世界时": "UTC", "世界时": "UTC",
              "格林尼治时间": "UTC", "cst": _CHINA, "bjt": _CHINA, "北京时间": _CHINA, "beijing time": _CHINA,
              "china standard time": _CHINA, "中国标准时间": _CHINA, "东八区": _CHINA, "东八区时间": _CHINA}
_ZONE_OFFSET = re.compile(r"^(?:utc|gmt)\s*([+-])\s*(\d{1,2})(?::?00)?$")


def header_zone(word: str | None) -> str | None:
    """The IANA zone a header word names (`UTC`, `GMT`, `UTC+8`, `北京时间`, `CST` as China's), else None.
    UTC+8 is China's own zone; another whole-hour offset is ``Etc/GMT-N`` (POSIX signs are inverted)."""
    if not word:
        return None
    key = re.sub(r"\s+", " ", word.strip().lower().strip("()（）[]【】 "))
    if key in ZONE_WORDS:
        return ZONE_WORDS[key]
    m = _ZONE_OFFSET.match(key)
    if m is None or int(m[2]) > 14:
        return None
    hours = int(m[2]) * (1 if m[1] == "+" else -1)
    return "UTC" if hours == 0 else _CHINA if hours == 8 else f"Etc/GMT{-hours:+d}"


# A zone abbreviation after a time (`2026-10-25 02:30 CET`, `08:00 CEST`, `EDT`): the fixed offset it names. A writer
# who names summer time (CEST) or standard time (CET) says which of a repeated hour it is. CST is China Standard Time
# (as everywhere in indset), so the US Central zone's CST/CDT are not listed; nor are abbreviations naming two zones
# (IST: India, Ireland, Israel; BST: British summer time, Bangladesh).
ZONE_ABBREVIATIONS = {"GMT": "+00:00", "WET": "+00:00", "WEST": "+01:00", "CET": "+01:00", "CEST": "+02:00",
                      "MET": "+01:00", "MEST": "+02:00", "EET": "+02:00", "EEST": "+03:00", "MSK": "+03:00",
                      "EST": "-05:00", "EDT": "-04:00", "MST": "-07:00", "MDT": "-06:00", "PST": "-08:00",
                      "PDT": "-07:00", "AKST": "-09:00", "AKDT": "-08:00", "HST": "-10:00",
                      "BJT": "+08:00", "HKT": "+08:00", "SGT": "+08:00", "JST": "+09:00", "KST": "+09:00"}
_ABBREVIATION = rf"(\d)\s*\(?({'|'.join(sorted(ZONE_ABBREVIATIONS, key=len, reverse=True))})\)?$"
# `UTC+1`, `GMT-5`, `UTC+05:30` after a time: that offset (UTC+8 is China's, read before); hours of one digit, then two
_UTC_OFFSETS = ((r"(\d)\s*[(（]?(?:GMT|UTC)\s*([+-])\s*(\d)(?::?(\d{2}))?[)）]?$", "${1}${2}0${3}:${4}"),
                (r"(\d)\s*[(（]?(?:GMT|UTC)\s*([+-])\s*(\d{2})(?::?(\d{2}))?[)）]?$", "${1}${2}${3}:${4}"),
                (r"([+-]\d{2}):$", "${1}:00"))   # no minutes written


def _zone_offsets(text: pl.Series) -> pl.Series:
    """A zone abbreviation (:data:`ZONE_ABBREVIATIONS`) or a `UTC+h` after a time written as its offset
    (`... 02:30 CET` -> `... 02:30+01:00`); the regexes run only over the values holding such a word."""
    def abbreviated(v: pl.Series) -> pl.Series:
        offset = v.str.extract(_ABBREVIATION, 2).replace_strict(ZONE_ABBREVIATIONS, default=None,
                                                                  return_dtype=pl.String)
        return v.zip_with(offset.is_null(), v.str.replace(_ABBREVIATION, "${1}") + offset)

    def utc_offset(v: pl.Series) -> pl.Series:
        for pattern, replacement in _UTC_OFFSETS:
            v = v.str.replace(pattern, replacement)
        return v

    text = apply_where(text, text.str.contains_any(list(ZONE_ABBREVIATIONS)).fill_null(False), abbreviated)
    return apply_where(text, text.str.contains_any(["UTC", "GMT"]).fill_null(False), utc_offset)


_YEAR_LAST = r"^(\d{1,2})\s*[/\-]\s*(\d{1,2})\s*[/\-]\s*(\d{4})(.*)$"
_MONTH = r"(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?"
_WEEKDAY = r"(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*,?\s+"
# Java's Date.toString (`Mon Oct 26 08:25:00 CST 2026`), `Oct 26, 2026 8:25 AM`, `26 Oct 2026` -> `26-Oct-2026 ...`
_MONTH_NAMES = (
    (rf"^{_WEEKDAY}{_MONTH}\s+(\d{{1,2}})\s+(\d{{1,2}}:\d{{2}}(?::\d{{2}})?)\s+(?:(CST|UTC|GMT[+-]?[0-9:]*|[A-Z]{{3,4}})\s+)?"
     r"(\d{4})$",
     "${2}-${1}-${5} ${3} ${4}"),
    (rf"^(?:{_WEEKDAY})?{_MONTH}\s+(\d{{1,2}}),?\s+(\d{{4}})", "${2}-${1}-${3}"),
    (rf"^(?:{_WEEKDAY})?(\d{{1,2}})\s+{_MONTH},?\s+(\d{{4}})", "${1}-${2}-${3}"),
)


def year_last_parts(text: pl.Series) -> pl.DataFrame:
    """For `a/b/YYYY ...` values (also with '-'): the two leading numbers ``a``, ``b`` (null elsewhere)."""
    parts = text.str.extract_groups(_YEAR_LAST).struct.unnest()
    return pl.DataFrame({"a": parts["1"].cast(pl.Int32, strict=False), "b": parts["2"].cast(pl.Int32, strict=False),
                         "y": parts["3"], "rest": parts["4"]})


def _year_first(text: pl.Series, order: str | None) -> pl.Series:
    """`26/10/2026 08:30` (day first) and `10/26/2026 8:30` (month first) to `2026-10-26 08:30`.

    A value says its order when one of its numbers is above 12; a value that does not (`05/03/2026`)
    takes ``order`` (the manifest's ``date_order``, else what the source's other values say), and is
    left unparsed (invalid) when there is none: a day is never guessed.
    """
    p = year_last_parts(text)
    if p["a"].is_null().all():
        return text
    a, b = pl.col("a"), pl.col("b")
    day_first = ((a > 12) & (b <= 12)) | ((a <= 12) & (b <= 12) & pl.lit(order == "dmy"))
    month_first = ((b > 12) & (a <= 12)) | ((a <= 12) & (b <= 12) & pl.lit(order == "mdy"))
    ymd = lambda m, d: pl.concat_str([pl.col("y"), m.cast(pl.String), d.cast(pl.String)], separator="-")  # noqa: E731
    out = p.with_columns(t=text).select(
        pl.when(day_first).then(ymd(b, a) + pl.col("rest"))
        .when(month_first).then(ymd(a, b) + pl.col("rest"))
        .otherwise(pl.col("t")))
    return out.to_series().alias(text.name)


@hint("timestamp")
def date_order(raw: pl.Series, spec: FieldSpec, header_has_percent: bool) -> str | None:
    """``dmy`` or ``mdy`` when the source's `a/b/YYYY` values that say their order all say the same one."""
    uniq = raw.unique()
    p = year_last_parts(normalize_text(uniq.filter(uniq.str.contains(r"[/\-／－]\s*\d{4}").fill_null(False))))
    day_first, month_first = bool((p["a"] > 12).any()), bool((p["b"] > 12).any())
    return "dmy" if day_first and not month_first else "mdy" if month_first and not day_first else None


# wrappers and words around a time that say nothing more: `/Date(1792974300000)/` (.NET JSON), a weekday
# (`2026年10月26日 星期一`, `周三`), a zone name after its offset (`+08:00[Asia/Shanghai]`, Java), JavaScript's
# `Mon Oct 26 2026 08:25:00 GMT+0800 (中国标准时间)`
_WRAPPERS = (
    (r"^/Date\((\d{10,13})(?:[+-]\d{4})?\)/$", "${1}"),
    (r"\s*(?:星期|周|礼拜)[一二三四五六日天]\s*", " "),
    (r"([+-]\d{2}:?\d{2}|Z)\[[A-Za-z_]+(?:/[A-Za-z_]+)*\]$", "${1}"),
    (rf"^{_WEEKDAY}{_MONTH}\s+(\d{{1,2}})\s+(\d{{4}})\s+(\d{{1,2}}:\d{{2}}(?::\d{{2}})?)\s*GMT([+-]\d{{4}})(?:\s*\(.*\))?$",
     "${2}-${1}-${3} ${4}${5}"),
    # Oracle's default display, DD-MON-RR HH.MI.SSXFF AM (`26-OCT-26 08.03.00.000000 AM`): RR is 2000-2049, 1950-1999
    (r"^(\d{1,2}-[A-Za-z]{3}-)([0-4]\d)\b", "${1}20${2}"),
    (r"^(\d{1,2}-[A-Za-z]{3}-)([5-9]\d)\b", "${1}19${2}"),
    (r"^(\d{1,2}-[A-Za-z]{3}-\d{4}\s+\d{1,2})\.(\d{2})\.(\d{2})", "${1}:${2}:${3}"),
)


def _canonical_text(text: pl.Series, order: str | None = None) -> pl.Series:
    """Chinese, slashed and month-name forms, and 12-hour clocks, to `YYYY-MM-DD hh:mm:ss`."""
    for pattern, replacement in (*_WRAPPERS, *_MONTH_NAMES):
        text = text.str.replace(pattern, replacement)
    half_day = text.str.contains(rf"{HALF_DAY_WORDS}|[AaPp]\.?[Mm]").fill_null(False)
    if half_day.any():
        text = text.scatter(half_day.arg_true(), map_unique(text.filter(half_day), _to_24h))
    text = _year_first(text, order)
    text = (
        text.str.replace(r"^(\d{4})\s*[年/.\-]\s*(\d{1,2})\s*[月/.\-]\s*(\d{1,2})\s*[日号]?", "${1}-${2}-${3} ")
        .str.replace(r"(\d{1,2})\s*[时時点點]\s*(\d{1,2})\s*分?\s*(?:(\d{1,2})\s*秒)?$", "${1}:${2}:${3}")
        .str.replace(r"(\d{1,2})\s*[点點]\s*半$", "${1}:30")                     # 8点半
        .str.replace(r"(\d{1,2})\s*[时時点點]\s*[整钟鐘]?$", "${1}:00")            # hourly reports: 下午3点, 8时
        .str.replace(r":$", "")
        .str.replace(r"(\d)\s*T\s*(\d)", "$1 $2")
        .str.replace(r"(\d)\s*(?:CST|北京时间|[(（]?(?:GMT|UTC)\s*\+\s*0?8(?::00)?[)）]?)$", "${1}+08:00")  # China time
        .str.replace(r"(\d)\s*(Z|UTC)$", "${1}+00:00")
    )
    return (
        _zone_offsets(text)
        .str.replace(r"(\d)\s+([+-]\d{2}:?\d{2})$", "$1$2")
        .str.replace_all(r"\s+", " ")
        .str.strip_chars()
    )


# A value without any of these characters is left as it is by _canonical_text: each of its
# replacements needs one of them, and there is no whitespace to collapse or trim.
_CANONICAL_TOUCHES = r"[\s年/.\-时時点點:TZ+上下中早晚凌清午傍夜半AaPp]"
# Exact shapes whose _canonical_text is a replacement of characters (tests/test_parsers.py checks
# them against it): `2024/3/5 14:03`, `2024年3月5日 14时03分` -> `2024-3-5 14:03`.
_CANONICAL_SHAPES = (
    (r"^[0-9]{4}/[0-9]{1,2}/[0-9]{1,2} [0-9]{1,2}:[0-9]{1,2}$", {"/": "-"}),
    (r"^[0-9]{4}年[0-9]{1,2}月[0-9]{1,2}日 [0-9]{1,2}时[0-9]{1,2}分$",
     {"年": "-", "月": "-", "日": "", "时": ":", "分": ""}),
)


def _canonicalized(text: pl.Series, order: str | None = None) -> tuple[pl.Series, pl.Series]:
    """:func:`_canonical_text` of the values, by a shortcut where a value's shape allows one.

    Returns (canonical values, position of each in ``text``): grouped by the way taken, not in order.
    """
    rest = text.str.contains(_CANONICAL_TOUCHES).fill_null(False)
    parts, positions = [text.filter(~rest)], [(~rest).arg_true()]
    for pattern, replacement in _CANONICAL_SHAPES:
        shape = rest & text.str.contains(pattern).fill_null(False)
        if shape.any():
            parts.append(text.filter(shape).str.replace_many(replacement))
            positions.append(shape.arg_true())
            rest = rest & ~shape
    if rest.any():
        parts.append(_canonical_text(text.filter(rest), order))
        positions.append(rest.arg_true())
    return pl.concat(parts, rechunk=True), pl.concat(positions)


def _numeric(text: pl.Series, tz: str) -> pl.Series:
    """Bare numbers: 14 digits YYYYMMDDhhmmss, 13 Unix ms, 9-10 Unix s, 8 YYYYMMDD, < 100000 Excel."""
    is_num = text.str.contains(r"^\d+(\.\d+)?$").fill_null(False)
    int_len = text.str.split(".").list.first().str.len_chars()
    num = text.cast(pl.Float64, strict=False)
    frame = pl.DataFrame({"t": text, "n": num, "l": int_len, "ok": is_num})
    local = lambda e: e.dt.replace_time_zone(tz, ambiguous="earliest", non_existent="null")  # noqa: E731
    out = frame.select(
        pl.when(~pl.col("ok")).then(None)
        .when(pl.col("l") == 14).then(local(pl.col("t").str.to_datetime("%Y%m%d%H%M%S", strict=False, time_unit="us"))
                                      .dt.convert_time_zone("UTC"))
        .when(pl.col("l") == 8).then(local(pl.col("t").str.to_datetime("%Y%m%d", strict=False, time_unit="us"))
                                     .dt.convert_time_zone("UTC"))
        .when(pl.col("l") == 13).then(pl.from_epoch((pl.col("n") * 1e3).round(0).cast(pl.Int64), "us")
                                      .dt.replace_time_zone("UTC"))
        .when(pl.col("l").is_between(9, 10)).then(pl.from_epoch((pl.col("n") * 1e6).round(0).cast(pl.Int64), "us")
                                                  .dt.replace_time_zone("UTC"))   # a fraction of a second is kept
        .when(pl.col("n") < 100000).then(
            local(pl.from_epoch((pl.col("n") * 86_400).round(0).cast(pl.Int64) * 1_000_000 + _EXCEL_EPOCH_US, "us"))
            .dt.convert_time_zone("UTC"))
        .otherwise(None)
        .cast(UTC)
    )
    return out.to_series()


def _attempts(tz: str):
    for fmt in _AWARE:
        yield lambda t, f=fmt: t.str.to_datetime(f, strict=False, time_unit="us").dt.convert_time_zone("UTC")
    for fmt in _NAIVE:
        yield lambda t, f=fmt: (t.str.to_datetime(f, strict=False, time_unit="us")
                                .dt.replace_time_zone(tz, ambiguous="earliest", non_existent="null")
                                .dt.convert_time_zone("UTC"))
    yield lambda t: _numeric(t, tz)


def _direct(tz: str):
    """The common machine-written forms, tried on the text as it is (no canonicalization)."""
    yield lambda t: (t.str.to_datetime("%Y-%m-%dT%H:%M:%S%.f%#z", strict=False, time_unit="us")
                     .dt.convert_time_zone("UTC"))
    yield lambda t: (t.str.to_datetime("%Y-%m-%d %H:%M:%S", strict=False, time_unit="us")
                     .dt.replace_time_zone(tz, ambiguous="earliest", non_existent="null").dt.convert_time_zone("UTC"))


def _cascade(text: pl.Series, attempts, result: pl.Series, todo: pl.Series,
             eligible: list[pl.Series] | None = None) -> tuple[pl.Series, pl.Series]:
    """Each attempt on the values still todo and eligible for it (the others cannot match it)."""
    for i, attempt in enumerate(attempts):
        if not todo.any():
            break
        can = todo if eligible is None else todo & eligible[i]
        if not can.any():
            continue
        idx = can.arg_true()
        got = attempt(text.gather(idx)).cast(UTC)
        hit = got.is_not_null()
        if hit.any():
            result = result.scatter(idx.filter(hit), got.filter(hit))
            todo = todo.scatter(idx.filter(hit), False)
    return result, todo


def _literals(fmt: str) -> str:
    return re.sub(r"%[-#.]?[A-Za-z]", "", fmt)


def _eligible(text: pl.Series, formats: tuple[str, ...]) -> list[pl.Series]:
    """Which values each format could match, then which the numeric forms could.

    A format's literal '-', ':' and 'T' must all be in the value; an offset (`%#z`) starts with
    'Z', 'z', '+', '-' or U+2212, so it needs one of the first four or one '-' more. Bare numbers
    have no '-'; the numeric forms give nothing for any other value.
    """
    dashes = text.str.count_matches("-", literal=True).fill_null(0)
    colons = text.str.count_matches(":", literal=True).fill_null(0)
    offset = None
    masks = []
    for fmt in formats:
        lit = _literals(fmt)
        m = (dashes >= lit.count("-")) & (colons >= lit.count(":"))
        if "T" in lit:
            m = m & text.str.contains("T", literal=True).fill_null(False)
        if fmt.endswith("%#z"):
            if offset is None:
                offset = text.str.contains(r"[Zz+\x{2212}]").fill_null(False) | (dashes > lit.count("-"))
            m = m & offset
        masks.append(m)
    return [*masks, dashes == 0]


def _nulls(like: pl.Series, dtype: pl.DataType) -> pl.Series:
    return pl.repeat(None, len(like), dtype=dtype, eager=True).alias(like.name)


def parse_timestamps(text: pl.Series, tz: str, order: str | None = None) -> pl.Series:
    """Parse normalized text to Datetime(us, UTC); unparseable values become null.

    ``order`` (``dmy``/``mdy``) reads `a/b/YYYY` dates whose numbers are both 12 or less. A clock at
    `24:00` (some historians' end of day) is the next day's midnight.

    The result is that of trying the direct forms, then the canonicalized text in every form, in
    order, on each value; but each form is tried only where :func:`_eligible` says it can match, and
    values that canonicalization leaves alone are not canonicalized (:func:`_canonicalized`).
    """
    result = _nulls(text, UTC)
    dash = text.str.contains("-", literal=True).fill_null(False)
    direct = [dash & text.str.contains("T", literal=True).fill_null(False), dash]  # see _eligible
    result, todo = _cascade(text, _direct(tz), result, text.is_not_null(), direct)
    if todo.any():
        idx = todo.arg_true()
        rest, pos = _canonicalized(text.gather(idx), order)
        idx = idx.gather(pos)
        got, _ = _cascade(rest, _attempts(tz), _nulls(rest, UTC), pl.repeat(True, len(rest), eager=True),
                          _eligible(rest, _AWARE + _NAIVE))
        got = end_of_day(rest, got, lambda t: parse_timestamps(t, tz, order))
        result = result.scatter(idx, got)
    return result


_END_OF_DAY = r"([\sT])24:([0-5]\d(?::[0-5]\d(?:\.\d+)?)?)($|[^\d:])"


def end_of_day(text: pl.Series, result: pl.Series, parse: Callable[[pl.Series], pl.Series]) -> pl.Series:
    """``result`` with the unparsed `... 24:mm[:ss]` values (canonical text) read as `00:mm` of the next day (by
    ``parse``): some historians end a day at `24:00`, a shift clock runs on to `24:30`, `晚上12点` is `24:00`."""
    idx = (result.is_null() & text.is_not_null()).arg_true()
    if len(idx):
        idx = idx.filter(text.gather(idx).str.contains(_END_OF_DAY).fill_null(False))
    if not len(idx):
        return result
    day_before = parse(text.gather(idx).str.replace(_END_OF_DAY, "${1}00:${2}${3}"))
    return result.scatter(idx, day_before.dt.offset_by("1d"))


@parser("timestamp")
def parse_timestamp(raw: pl.Series, spec: FieldSpec, ctx: ParseContext) -> Parsed:
    text = normalize_text(raw)
    values = parse_timestamps(text, ctx.timezone, ctx.date_order or ctx.hint).alias(spec.name)
    lo, hi = pl.datetime(1970, 1, 1, time_zone="UTC"), pl.datetime(2100, 1, 1, time_zone="UTC")
    plausible = pl.select(pl.lit(values).is_between(lo, hi)).to_series().fill_null(False)
    values = values.set(~plausible, None) if len(values) else values
    iso_aware = text.str.contains(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$")
    helper = None
    if _has_dst(ctx.timezone) and len(values):
        ambiguous = _ambiguous(text, values, ctx.timezone)
        helper = {ambiguous_column(spec.name): ambiguous} if ambiguous.any() else None
    return Parsed(values, text.is_not_null() & values.is_null(), text.is_not_null() & ~iso_aware.fill_null(False),
                  columns=helper)


@functools.cache
def _has_dst(tz: str) -> bool:
    """Whether a timezone shifts its clocks (Europe/Berlin does, Asia/Shanghai does not): one look per zone."""
    try:
        zone = zoneinfo.ZoneInfo(tz)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return False
    return len({dt.datetime(2026, m, 15, tzinfo=zone).utcoffset() for m in (1, 4, 7, 10)}) > 1


# a time that says its offset or instant (`+01:00`, `Z`, `UTC`, Unix seconds or milliseconds) is no local time
_NOT_LOCAL = (rf"(?i)(?:z|[+-]\d{{2}}:?\d{{2}}|utc|gmt|{'|'.join(ZONE_ABBREVIATIONS)})\)?$"
              r"|^\d{9,10}(?:\.\d+)?$|^\d{13}(?:\.\d+)?$")


def _ambiguous(text: pl.Series, values: pl.Series, tz: str) -> pl.Series:
    """The local times read in ``tz`` that its clocks show twice (the hour repeated when daylight saving ends:
    `25.10.2026 02:30:00` in Europe/Berlin is 00:30 or 01:30 UTC): read as the earlier, and the later differs."""
    wall = values.dt.convert_time_zone(tz).dt.replace_time_zone(None)
    later = wall.dt.replace_time_zone(tz, ambiguous="latest", non_existent="null").dt.convert_time_zone("UTC")
    twice = (later != values).fill_null(False)
    if twice.any():
        twice = twice & ~text.str.contains(_NOT_LOCAL).fill_null(True)
    return twice


def ambiguous_column(field: str) -> str:
    """The helper column marking a timestamp field's readings of a local time its clocks show twice."""
    return f"_{field}_ambiguous"


@check("ambiguous_local_time")
def ambiguous_local_time(frame: pl.DataFrame, table: TableSpec) -> pl.Series:
    """A local time shown twice by the source's clocks (the repeated hour when daylight saving ends) names no one
    instant: which of the two a reading was cannot be told from it, so it is quarantined, never guessed (two readings
    of that hour would merge as one, or land an hour apart at random)."""
    out = pl.repeat(False, frame.height, dtype=pl.Boolean, eager=True)
    for f in table.fields:
        if ambiguous_column(f.name) in frame.columns:
            out = out | frame[ambiguous_column(f.name)].fill_null(False)
    return out.alias("ambiguous_local_time")


# a day's midnight written out (a spreadsheet's date cell): still a date, no clock
_MIDNIGHT = r"[ T]0?0:00(?::00(?:\.0+)?)?$"
# a clock's marks: a value holding one (after its midnight is cut) is no date alone
_CLOCK_MARKS = rf"[:：时時点點]|{HALF_DAY_WORDS}|(?i:[ap]\.?m\.?)$"
# bare numbers the parser reads as instants (Unix seconds, milliseconds), never as a day
_INSTANT = r"^\d{9,10}(?:\.\d+)?$|^\d{13}(?:\.\d+)?$"


def dates_only(raw: pl.Series, order: str | None = None) -> pl.Series:
    """Each value that is a day without a clock, in any date form :func:`parse_timestamps` reads (`2026-10-26`,
    `20261026`, `26.10.2026`, `10/26/2026`, `2026年10月26日`, `2026-10-26 星期一`, `26-Oct-2026`, an Excel serial day,
    a date cell's `2026-10-26 00:00:00`), as `YYYY-MM-DD`; null for any other value (a clock, an instant, no date,
    a day before 1970 or after 2099: a time cell on Excel's day zero). Parsed once per distinct value."""
    uniq = raw.drop_nulls().unique()
    text = normalize_text(uniq)
    bare = text.str.replace(_MIDNIGHT, "")
    candidate = ~bare.str.contains(_CLOCK_MARKS).fill_null(True) & ~bare.str.contains(_INSTANT).fill_null(True)
    day = parse_timestamps(bare.set(~candidate, None), "UTC", order)
    plausible = day.is_between(pl.datetime(1970, 1, 1, time_zone="UTC"), pl.datetime(2100, 1, 1, time_zone="UTC"))
    midnight = day.dt.truncate("1d") == day
    iso = day.dt.strftime("%Y-%m-%d")
    iso = iso.set(~(plausible & midnight).fill_null(False), None) if len(iso) else iso
    return raw.replace_strict(uniq, iso, default=None, return_dtype=pl.String)
