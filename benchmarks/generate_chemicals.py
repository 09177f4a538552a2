"""Synthetic chemicals exports for benchmarks: one long historian CSV and one product master CSV.

Used by generate.py (``--industry chemicals``); the same conventions as the textiles generator: one
file for ~20 enterprises with a 统一社会信用代码 column (valid USCCs), Chinese headers from the alias
table of builders/chemicals/standard.yaml, ~1% duplicate entity keys (half exact re-uploads, half
changed versions) and ~0.5% rows with one bad value. Vectorized (numpy + polars) and seeded.

- process_readings (long form): 统一社会信用代码,装置,运行号,位号,采集时间,数值,单位,质量码,故障,操作员; the
  22 Tennessee Eastman tags of the standard by their canonical names, one reading per unit and tag
  every minute; units mostly canonical, some pressures in MPa/bar and temperatures in degF (converted
  by the build); fault labels `IDV(n)` from the onset of a fault in ~10% of the runs.
- products: ~200 real substances (CAS, formula, molecular weight from the chemicals package; the
  bundled samples' Chinese names, HS codes, GHS statements and UN numbers where known), SKUs,
  purity, grade words, HS codes of chapters 28-38, formulation text (a core field), descriptions,
  prices and updated_at.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
import zlib
from functools import cache
from pathlib import Path

import numpy as np
import polars as pl
from generate import (
    DUP_RATE,
    choice_idx,
    dup_order,
    fmt_num,
    person_names,
    pick,
    scatter_bad,
    uscc_list,
)

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "samples"))
from make_chemicals import CONTACTS, GRADES, SUBSTANCES, USES

# ----------------------------------------------------------------------------------------------- readings

READINGS_HEADERS = ["统一社会信用代码", "装置", "运行号", "位号", "采集时间", "数值", "单位", "质量码", "故障",
                    "操作员"]
# tag: (canonical unit word, nominal value, sd, decimals, kind) - TEP base case, pressures gauge kPa
TAGS = {
    "feed_A_flow": ("kg/h", 250.5, 6.0, 2, ""),
    "feed_D_flow": ("kg/h", 3664.0, 40.0, 1, ""),
    "feed_E_flow": ("kg/h", 4509.3, 45.0, 1, ""),
    "reactor_pressure": ("kPa", 2705.0, 8.0, 1, "p"),
    "reactor_level": ("%", 75.0, 1.0, 2, ""),
    "reactor_temperature": ("degC", 120.4, 0.08, 2, "t"),
    "separator_temperature": ("degC", 80.1, 0.3, 2, "t"),
    "separator_level": ("%", 50.0, 1.2, 2, ""),
    "separator_pressure": ("kPa", 2633.7, 8.0, 1, "p"),
    "separator_underflow": ("m3/h", 25.16, 0.5, 3, ""),
    "stripper_level": ("%", 50.0, 1.2, 2, ""),
    "stripper_pressure": ("kPa", 3102.2, 8.0, 1, "p"),
    "stripper_underflow": ("m3/h", 22.95, 0.4, 3, ""),
    "stripper_temperature": ("degC", 65.73, 0.4, 2, "t"),
    "stripper_steam_flow": ("kg/h", 230.3, 4.0, 1, ""),
    "compressor_work": ("kW", 341.4, 3.0, 1, ""),
    "reactor_cooling_water_outlet_temperature": ("degC", 94.6, 0.1, 2, "t"),
    "condenser_cooling_water_outlet_temperature": ("degC", 77.3, 0.3, 2, "t"),
    "reactor_feed_A_concentration": ("mol%", 32.19, 0.3, 3, ""),
    "reactor_feed_B_concentration": ("mol%", 8.89, 0.1, 3, ""),
    "reactor_feed_C_concentration": ("mol%", 26.38, 0.3, 3, ""),
    "agitator_speed": ("rpm", 50.0, 0.5, 1, ""),
}
UNIT_PREFIXES = ["R", "R", "T", "C", "E"]           # reactor trains, towers, columns, exchangers
QUALITY_ZH, QUALITY_EN = ["良好", "可疑", "坏值"], ["Good", "Uncertain", "Bad"]
QUALITY_P = [0.95, 0.035, 0.015]
SHIFTS = "ABC"                                      # one run per unit and 8-hour shift: 2026-10-01A


def generate_process_readings(n: int, seed: int = 7, enterprises: int = 20, units_per_enterprise: int = 5,
                              interval_s: int = 60, start: str = "2026-10-01 00:00:00"
                              ) -> tuple[pl.DataFrame, list[str]]:
    """n long historian rows (time-major: every unit reports every tag each interval). Returns (frame, USCCs)."""
    rng = np.random.default_rng(seed)
    usccs = uscc_list(enterprises, rng)
    tags = list(TAGS)
    n_tags = len(tags)
    n_units = enterprises * units_per_enterprise
    n_series = n_units * n_tags
    ent_of_unit = np.arange(n_units) // units_per_enterprise
    unit_ids = [f"{UNIT_PREFIXES[u % len(UNIT_PREFIXES)]}-{101 + u % units_per_enterprise}" for u in range(n_units)]
    ent_english = rng.random(enterprises) < 0.25        # English quality words
    ent_mpa = rng.random(enterprises) < 0.2             # DCS exports pressures in MPa ...
    ent_bar = ~ent_mpa & (rng.random(enterprises) < 0.1)  # ... or bar
    ent_degf = rng.random(enterprises) < 0.1            # temperatures in degF
    ent_clock = rng.integers(0, 60, enterprises) // 10 * 10   # collector clock phase (seconds)
    operators = person_names(enterprises * 6, rng)

    n_dup = round(n * DUP_RATE)
    n_base = n - n_dup
    idx, is_copy = dup_order(rng, n_base, n_dup, spread=3 * n_series)
    series = idx % n_series
    step = idx // n_series
    unit = series // n_tags
    tag = series % n_tags
    ent = ent_of_unit[unit]
    t0 = int(dt.datetime.fromisoformat(start).replace(tzinfo=dt.UTC).timestamp())
    ts = t0 + step * interval_s + ent_clock[ent]
    run_no = step * interval_s // (8 * 3600)            # global shift number since start
    n_runs = int(run_no.max()) + 1 if n else 1
    # a fault in ~10% of the runs, from an onset within the run
    run_fault = np.where(rng.random((n_units, n_runs)) < 0.1, rng.integers(1, 21, (n_units, n_runs)), 0)
    run_onset = rng.integers(0, 8 * 3600 // interval_s, (n_units, n_runs))
    step_in_run = step - run_no * (8 * 3600 // interval_s)
    fault = np.where(step_in_run >= run_onset[unit, run_no], run_fault[unit, run_no], 0)

    nominal = np.array([TAGS[t][1] for t in tags])[tag]
    sd = np.array([TAGS[t][2] for t in tags])[tag]
    kind = np.array([TAGS[t][4] for t in tags])[tag]
    noise = rng.standard_normal(n_base)[idx]
    value = nominal + sd * (noise + np.where(fault > 0, 2.5, 0.0))
    changed = is_copy & (rng.random(n) < 0.5)           # re-sent with a corrected reading
    value = np.where(changed, value + sd * 0.1, value)
    pressure, temperature = kind == "p", kind == "t"
    unit_words = [*dict.fromkeys(TAGS[t][0] for t in tags), "MPa", "bar", "degF"]
    unit_word = np.array([unit_words.index(TAGS[t][0]) for t in tags])[tag]
    mpa, bar, degf = pressure & ent_mpa[ent], pressure & ent_bar[ent], temperature & ent_degf[ent]
    value = np.where(mpa, value / 1000, np.where(bar, value / 100, np.where(degf, value * 9 / 5 + 32, value)))
    unit_word = np.where(mpa, len(unit_words) - 3, np.where(bar, len(unit_words) - 2,
                                                            np.where(degf, len(unit_words) - 1, unit_word)))
    decimals = np.array([TAGS[t][3] for t in tags])[tag] + np.where(mpa, 3, np.where(bar, 2, 0))

    quality = choice_idx(rng, n_base, QUALITY_P)[idx] + np.where(ent_english[ent], 3, 0)
    hour = (step * interval_s // 3600) % 24
    operator = ent * 6 + (unit % units_per_enterprise + hour // 8) % 6

    df = pl.DataFrame({
        "ent": ent.astype(np.int32), "unit": unit.astype(np.int32), "tag": tag.astype(np.int32),
        "ts": ts.astype(np.int64), "run": run_no.astype(np.int32), "value": value, "nd": decimals.astype(np.int8),
        "uw": unit_word.astype(np.int32), "q": quality.astype(np.int32), "fault": fault.astype(np.int32),
        "op": operator.astype(np.int32), "op_missing": rng.random(n) < 0.01,
    })
    when = pl.from_epoch(pl.col("ts"), "s")
    run_start = pl.from_epoch(pl.lit(t0) + pl.col("run") * 8 * 3600, "s")
    value_s = pl.when(pl.col("nd") == 0).then(fmt_num(pl.col("value"), 0))
    for nd in range(1, 7):
        value_s = value_s.when(pl.col("nd") == nd).then(pl.col("value").round(nd).cast(pl.String))
    frame = df.select(
        pick(usccs, df["ent"]).alias("统一社会信用代码"),
        pick(unit_ids, df["unit"]).alias("装置"),
        (run_start.dt.strftime("%Y-%m-%d") + pick(list(SHIFTS), df["run"] % 3)).alias("运行号"),
        pick(tags, df["tag"]).alias("位号"),
        when.dt.strftime("%Y-%m-%d %H:%M:%S").alias("采集时间"),
        value_s.alias("数值"),
        pick(unit_words, df["uw"]).alias("单位"),
        pick(QUALITY_ZH + QUALITY_EN, df["q"]).alias("质量码"),
        pl.when(pl.col("fault") > 0).then(pl.format("IDV({})", pl.col("fault"))).otherwise(None).alias("故障"),
        pl.when(pl.col("op_missing")).then(None).otherwise(pick(operators, df["op"])).alias("操作员"),
    )
    frame = scatter_bad(frame, rng, {
        "采集时间": ["2026-10-32 08:00:00", "2026-13-01 08:00:00", "yesterday"],
        "位号": ["unknown_tag", "XMEAS(99)"],
        "数值": ["abc", "#VALUE!", "1.2.3"],
        "单位": ["furlongs", "kg"],
        "质量码": ["???", "unknown"],
        "故障": ["IDV(99)", "故障X"],
    })
    return frame, usccs


# ----------------------------------------------------------------------------------------------- products

PRODUCTS_HEADERS = ["统一社会信用代码", "物料编码", "品名", "英文名称", "CAS号", "分子式", "分子量", "含量", "等级",
                    "海关编码", "危险性说明", "UN编号", "配方", "单价(元/吨)", "备注", "更新时间"]
SAFE_ELEMENTS = {"C", "H", "N", "O", "S", "Cl", "Br", "F", "P", "I", "Na", "K"}
# valid HS 2022 subheadings by chapter, for substances the samples do not classify
HS_ORGANIC = sorted({s[2] for s in SUBSTANCES.values() if s[2].startswith("29")})
HS_INORGANIC = sorted({s[2] for s in SUBSTANCES.values() if s[2].startswith("28")})
HS_OTHER = ["310210", "320611", "340241", "350691", "380891", "380892", "381400", "382499"]   # chapters 31-38
TIME_FORMATS = ["%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M:%S", "%Y/%-m/%-d %H:%M", "%Y%m%d%H%M%S", "%Y年%-m月%-d日 %H时%M分"]


def _elements(formula: str) -> set[str]:
    return set(re.findall(r"[A-Z][a-z]?", formula))


@cache
def substances(n: int = 200) -> tuple[dict, ...]:
    """n real substances: the bundled samples' 42 first, then CRC critical-data substances in CAS order."""
    from chemicals.critical import critical_data_CRC
    from chemicals.identifiers import search_chemical

    ghs_pool = [s[3] for s in SUBSTANCES.values()]
    un_pool = [s[4] for s in SUBSTANCES.values()]
    out: list[dict] = []
    seen: set[str] = set()
    for cas in [*SUBSTANCES, *sorted(critical_data_CRC.index)]:
        if len(out) >= n:
            break
        try:
            meta = search_chemical(cas)
        except Exception:  # not in the bundled database
            continue
        if meta.CASs in seen or not meta.formula or not meta.MW or not _elements(meta.formula) <= SAFE_ELEMENTS:
            continue
        seen.add(meta.CASs)
        h = zlib.crc32(meta.CASs.encode())
        if cas in SUBSTANCES:
            zh, en, hs, ghs, un, written = SUBSTANCES[cas]
        else:
            en = meta.common_name or meta.iupac_name
            organic = "C" in _elements(meta.formula) and "H" in _elements(meta.formula)
            pool = HS_ORGANIC if organic else HS_INORGANIC
            zh, hs, written = en, pool[h % len(pool)] if h % 10 else HS_OTHER[h % len(HS_OTHER)], ""
            ghs, un = ghs_pool[h % len(ghs_pool)], un_pool[(h // 7) % len(un_pool)]
        out.append({"cas": meta.CASs, "formula": written or meta.formula, "mw": round(float(meta.MW), 3),
                    "zh": zh, "en": en, "hs": hs or HS_OTHER[h % len(HS_OTHER)], "ghs": ghs, "un": un})
    return tuple(out)


def generate_chemical_products(n: int, seed: int = 11, enterprises: int = 20) -> tuple[pl.DataFrame, list[str]]:
    """n chemical product master rows. Returns (frame, USCCs)."""
    rng = np.random.default_rng(seed)
    usccs = uscc_list(enterprises, rng)
    subs = substances()
    ent_time = rng.integers(0, len(TIME_FORMATS), enterprises)
    ent_pct = rng.integers(0, 3, enterprises)          # purity written 99.5 | 99.5% | ≥99.5%
    contacts = person_names(enterprises * 3, rng)

    n_dup = round(n * DUP_RATE)
    n_base = n - n_dup
    idx, is_copy = dup_order(rng, n_base, n_dup, spread=5000)
    ent_base = rng.integers(0, enterprises, n_base)
    ent = ent_base[idx]
    order = np.argsort(ent_base, kind="stable")
    seq = np.empty(n_base, dtype=np.int64)
    counts = np.bincount(ent_base, minlength=enterprises)
    starts = np.concatenate([[0], np.cumsum(counts)[:-1]])
    seq[order] = np.arange(n_base) - np.repeat(starts, counts)
    seq = seq[idx]

    grades = list(GRADES)
    grade = choice_idx(rng, n_base, [0.55, 0.2, 0.08, 0.08, 0.09])[idx]
    grade_words = [w for g in grades for w in (GRADES[g][1] * 6)[:6]]
    lo = np.array([GRADES[g][0][0] for g in grades])[grade]
    hi = np.array([GRADES[g][0][1] for g in grades])[grade]
    n_known = sum(1 for s in subs if s["cas"] in SUBSTANCES)   # the samples' substances: half the rows
    sub = np.where(rng.random(n_base) < 0.5, rng.integers(0, n_known, n_base),
                   rng.integers(0, len(subs), n_base))[idx]
    purity = np.round(lo + (hi - lo) * rng.random(n_base)[idx], 2)
    hs_style = choice_idx(rng, n_base, [0.6, 0.2, 0.1, 0.1])[idx]      # 290511 | 2905.11 | 2905110000 | empty
    price = np.round(rng.lognormal(9.3, 0.7, n_base), -1)[idx]
    t_upd = int(dt.datetime(2024, 6, 1, tzinfo=dt.UTC).timestamp()) + rng.integers(0, 86400 * 850, n_base)[idx]
    newer = is_copy & (rng.random(n) < 0.7)            # a newer version: price and updated_at changed
    price = np.where(newer, np.round(price * (1 + 0.1 * rng.random(n)), -1), price)
    t_upd = np.where(newer, t_upd + rng.integers(3600, 86400 * 30, n), t_upd)

    df = pl.DataFrame({
        "ent": ent.astype(np.int32), "seq": seq, "sub": sub.astype(np.int32), "grade": grade.astype(np.int32),
        "gw": (grade * 6 + rng.integers(0, 6, n_base)[idx]).astype(np.int32), "purity": purity,
        "pct": ent_pct[ent], "hs_style": hs_style, "price": price, "t": t_upd, "tf": ent_time[ent],
        "mw_missing": rng.random(n_base)[idx] < 0.05, "stab": rng.integers(1, 60, n_base)[idx],
        "use": rng.integers(0, len(USES), n_base)[idx].astype(np.int32),
        "dk": choice_idx(rng, n_base, [0.75, 0.1, 0.05, 0.1])[idx],
        "contact": rng.integers(0, len(contacts), n_base)[idx].astype(np.int32),
        "phone": (13800000000 + rng.integers(0, 199999999, n_base))[idx],
        "cc": rng.integers(0, len(CONTACTS), n_base)[idx].astype(np.int32),
    })
    col = {k: [s[k] for s in subs] for k in subs[0]}
    name = pick(col["zh"], df["sub"])
    hs = pick(col["hs"], df["sub"])
    purity_s = fmt_num(pl.col("purity"), 2)
    water = fmt_num(100 - pl.col("purity"), 2)
    grade_word = pick(grade_words, df["gw"])
    upd = pl.from_epoch(pl.col("t"), "s")
    upd_s = pl.when(pl.col("tf") == 0).then(upd.dt.strftime(TIME_FORMATS[0]))
    for i, f in enumerate(TIME_FORMATS[1:], 1):
        upd_s = upd_s.when(pl.col("tf") == i).then(upd.dt.strftime(f))
    desc = (pl.when(pl.col("dk") == 0).then(pl.format("{}，{}，{}。", name, grade_word, pick(USES, df["use"])))
            .when(pl.col("dk") == 1).then(pl.format("{}，{}。{}", name, pick(USES, df["use"]),
                                                    pick(CONTACTS, df["cc"])))
            .when(pl.col("dk") == 2).then(pl.format("{}，大桶/吨桶包装。联系人：{} {}", name,
                                                    pick(contacts, df["contact"]), pl.col("phone")))
            .otherwise(None))
    frame = df.select(
        pick(usccs, df["ent"]).alias("统一社会信用代码"),
        pl.format("CH{}-{}", (pl.col("ent") + 1).cast(pl.String).str.zfill(2),
                  pl.col("seq").cast(pl.String).str.zfill(6)).alias("物料编码"),
        name.alias("品名"),
        pick(col["en"], df["sub"]).alias("英文名称"),
        pick(col["cas"], df["sub"]).alias("CAS号"),
        pick(col["formula"], df["sub"]).alias("分子式"),
        pl.when(pl.col("mw_missing")).then(None)
        .otherwise(pick([f"{m:.3f}" for m in col["mw"]], df["sub"])).alias("分子量"),
        pl.when(pl.col("pct") == 0).then(purity_s).when(pl.col("pct") == 1).then(purity_s + "%")
        .otherwise("≥" + purity_s + "%").alias("含量"),
        grade_word.alias("等级"),
        pl.when(pl.col("hs_style") == 0).then(hs)
        .when(pl.col("hs_style") == 1).then(hs.str.slice(0, 4) + "." + hs.str.slice(4, 2))
        .when(pl.col("hs_style") == 2).then(hs + "0000").otherwise(None).alias("海关编码"),
        pick(col["ghs"], df["sub"]).alias("危险性说明"),
        pl.when(pick(col["un"], df["sub"]) == "").then(None).otherwise(pick(col["un"], df["sub"])).alias("UN编号"),
        pl.format("{} {}%，水分≤{}%，稳定剂 {} ppm", name, purity_s, water, pl.col("stab")).alias("配方"),
        fmt_num(pl.col("price"), 0).alias("单价(元/吨)"),
        desc.alias("备注"),
        upd_s.alias("更新时间"),
    )
    frame = scatter_bad(frame, rng, {
        "CAS号": ["67-56-2", "123-45-6789", "见MSDS"],
        "海关编码": ["847130", "9999.99", "12345"],
        "危险性说明": ["H999", "H225, 易燃易爆"],
        "UN编号": ["99999", "UN-ABC"],
        "含量": ["105%", "-3", "高纯"],
        "等级": ["特级混合品", "unknown grade"],
        "更新时间": ["2026-02-30 10:00:00", "last week"],
    })
    return frame, usccs

