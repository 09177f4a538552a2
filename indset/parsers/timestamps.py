"""Timestamps in every form of STANDARD.md section 3, to UTC microseconds.

Forms are tried as a cascade over the values still unparsed, so a column in one format costs one
vectorized pass; naive times are read in the source's timezone.
"""

from __future__ import annotations

import polars as pl

from indset.registry import ParseContext, Parsed, parser
from indset.standard import FieldSpec
from indset.text import normalize_text

UTC = pl.Datetime("us", "UTC")
_AWARE = ("%Y-%m-%d %H:%M:%S%.f%#z", "%Y-%m-%d %H:%M%#z")
_NAIVE = ("%Y-%m-%d %H:%M:%S%.f", "%Y-%m-%d %H:%M", "%Y-%m-%d")
_EXCEL_EPOCH_US = -2_209_161_600_000_000  # 1899-12-30T00:00Z, the 1900 date system's day zero


def _canonical_text(text: pl.Series) -> pl.Series:
    """Chinese and slashed forms to `YYYY-MM-DD hh:mm:ss`."""
    return (
        text.str.replace(r"^(\d{4})\s*[年/.\-]\s*(\d{1,2})\s*[月/.\-]\s*(\d{1,2})\s*[日号]?", "${1}-${2}-${3} ")
        .str.replace(r"(\d{1,2})\s*[时時点點]\s*(\d{1,2})\s*分?\s*(?:(\d{1,2})\s*秒)?$", "${1}:${2}:${3}")
        .str.replace(r":$", "")
        .str.replace(r"(\d)\s*T\s*(\d)", "$1 $2")
        .str.replace(r"(\d)\s*(Z|UTC)$", "${1}+00:00")
        .str.replace(r"(\d)\s+([+-]\d{2}:?\d{2})$", "$1$2")
        .str.replace_all(r"\s+", " ")
        .str.strip_chars()
    )


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
        .when(pl.col("l") == 13).then(pl.from_epoch(pl.col("n").cast(pl.Int64), "ms").dt.replace_time_zone("UTC"))
        .when(pl.col("l").is_between(9, 10)).then(pl.from_epoch(pl.col("n").cast(pl.Int64), "s")
                                                  .dt.replace_time_zone("UTC"))
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


def _cascade(text: pl.Series, attempts, result: pl.Series, todo: pl.Series) -> tuple[pl.Series, pl.Series]:
    for attempt in attempts:
        if not todo.any():
            break
        idx = todo.arg_true()
        got = attempt(text.gather(idx)).cast(UTC)
        hit = got.is_not_null()
        if hit.any():
            result = result.scatter(idx.filter(hit), got.filter(hit))
            todo = todo.scatter(idx.filter(hit), False)
    return result, todo


def parse_timestamps(text: pl.Series, tz: str) -> pl.Series:
    """Parse normalized text to Datetime(us, UTC); unparseable values become null."""
    result = pl.Series(text.name, [None] * len(text), dtype=UTC)
    result, todo = _cascade(text, _direct(tz), result, text.is_not_null())
    if todo.any():
        idx = todo.arg_true()
        rest = pl.Series(text.name, [None] * len(text), dtype=pl.String).scatter(idx, _canonical_text(text.gather(idx)))
        result, _ = _cascade(rest, _attempts(tz), result, todo)
    return result


@parser("timestamp")
def parse_timestamp(raw: pl.Series, spec: FieldSpec, ctx: ParseContext) -> Parsed:
    text = normalize_text(raw)
    values = parse_timestamps(text, ctx.timezone).alias(spec.name)
    lo, hi = pl.datetime(1970, 1, 1, time_zone="UTC"), pl.datetime(2100, 1, 1, time_zone="UTC")
    plausible = pl.select(pl.lit(values).is_between(lo, hi)).to_series().fill_null(False)
    values = values.set(~plausible, None) if len(values) else values
    iso_aware = text.str.contains(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$")
    return Parsed(values, text.is_not_null() & values.is_null(), text.is_not_null() & ~iso_aware.fill_null(False))
