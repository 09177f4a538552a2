#!/usr/bin/env python3
"""Generate the bundled apparel samples in samples/apparel/ (deterministic).

    python samples/make_apparel.py

Writes raw exports of five fictional Zhejiang garment makers (each in its own dialect: format,
encoding, headers, size notation, timestamp forms) plus one trader listed with an invalid USCC, the
build manifest ``sources.yaml``, ``README.md`` (sources and planted defects with exact counts) and
``planted.json`` (every planted fact by file and row, for tests; same schema as the textiles one).
A fixed seed and a fixed XLSX creation date make every run rewrite the same bytes.

No real company is named: enterprises are identified by a short key (``nb_menswear``) and a made-up
USCC whose check character is computed with python-stdnum. People and phone numbers are invented.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import random
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo

import pyarrow as pa
import pyarrow.parquet as pq
import xlsxwriter
from stdnum.cn import uscc

SEED = 20261101
HERE = Path(__file__).resolve().parent
OUT = HERE / "apparel"
RAW = OUT / "raw"
REFERENCE = dt.date(2026, 11, 1)
FRESH_FROM = dt.datetime(2025, 11, 1)
SHANGHAI = ZoneInfo("Asia/Shanghai")
XLSX_CREATED = dt.datetime(2026, 10, 31, 9, 0, 0)
EXCEL_EPOCH = dt.datetime(1899, 12, 30)


def rng_for(name: str) -> random.Random:
    return random.Random(f"{SEED}/{name}")


@dataclass(frozen=True)
class Enterprise:
    key: str
    prefix: str            # first 17 characters: 9 1 + 6-digit division code + 9-char org code
    where: str
    what: str

    @property
    def uscc(self) -> str:
        return self.prefix + uscc.calc_check_digit(self.prefix)


ENT = {
    "nb_menswear": Enterprise("nb_menswear", "91330212MA2J6R8K3", "Ningbo, Yinzhou (330212)",
                              "menswear: shirts, suits, trousers, jackets, coats, T-shirts"),
    "hz_womenswear": Enterprise("hz_womenswear", "91330113MA2KC4W75", "Hangzhou, Linping (330113)",
                                "womenswear: silk and chiffon dresses, skirts, blouses, cashmere knits, coats"),
    "huz_zhili_kids": Enterprise("huz_zhili_kids", "91330502MA2D9T1H6", "Huzhou, Wuxing, Zhili town (330502)",
                                 "children's and infant wear (GB/T 1335.3 sizes, GB 18401 class A for infants)"),
    "wz_denim": Enterprise("wz_denim", "91330304MA2ATB0N1", "Wenzhou, Ouhai (330304)",
                           "jeans, casual trousers, denim jackets, sportswear"),
    "jx_knitwear": Enterprise("jx_knitwear", "91330483MA2B3E5P8", "Jiaxing, Tongxiang, Puyuan (330483)",
                              "cashmere and wool sweaters, knitted dresses"),
}
BAD_PREFIX = "91330602MA2G7L4C2"          # sx_trading: a Shaoxing garment trader


def bad_uscc() -> str:
    good = uscc.calc_check_digit(BAD_PREFIX)
    alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    number = BAD_PREFIX + alphabet[(alphabet.index(good) + 5) % len(alphabet)]
    assert not uscc.is_valid(number)
    return number


# --------------------------------------------------------------------------------------------
# Timestamps
# --------------------------------------------------------------------------------------------

def rand_time(rng: random.Random, stale_share: float) -> dt.datetime:
    if rng.random() < stale_share:
        start, end = dt.datetime(2023, 6, 1), dt.datetime(2025, 10, 15)
    else:
        start, end = dt.datetime(2025, 11, 15), dt.datetime(2026, 10, 20)
    day = start + dt.timedelta(days=rng.randrange((end - start).days))
    return day.replace(hour=rng.choice([8, 9, 10, 11, 14, 15, 16, 17]), minute=rng.randrange(60))


def later(rng: random.Random, t: dt.datetime) -> dt.datetime:
    return t + dt.timedelta(days=rng.randint(3, 9), minutes=rng.randint(5, 300))


def f_iso(t: dt.datetime) -> str:
    return t.strftime("%Y-%m-%d %H:%M:%S")


def f_iso_offset(t: dt.datetime) -> str:
    return t.strftime("%Y-%m-%dT%H:%M:%S") + "+08:00"


def f_slash(t: dt.datetime) -> str:
    return f"{t.year}/{t.month}/{t.day} {t.hour}:{t.minute:02d}"


def f_cn(t: dt.datetime) -> str:
    return f"{t.year}年{t.month}月{t.day}日 {t.hour}时{t.minute:02d}分"


def f_compact(t: dt.datetime) -> str:
    return t.strftime("%Y%m%d%H%M%S")


def unix_ms(t: dt.datetime) -> int:
    return int(t.replace(tzinfo=SHANGHAI).timestamp() * 1000)


def excel_serial(t: dt.datetime) -> float:
    return round((t - EXCEL_EPOCH).total_seconds() / 86400, 10)


# --------------------------------------------------------------------------------------------
# Rows and the defect log
# --------------------------------------------------------------------------------------------

@dataclass
class Row:
    v: dict
    t: dt.datetime | None = None
    tags: list = field(default_factory=list)

    def copy(self) -> Row:
        return Row(dict(self.v), self.t, [])

    def tag(self, kind: str, fld: str | None, expect: str, **extra) -> None:
        value = self.v.get(fld) if fld else None
        if isinstance(value, dt.datetime):
            value = value.isoformat(sep=" ")
        self.tags.append({"kind": kind, "field": fld, "value": value, "expect": expect, **extra})

    @property
    def clean(self) -> bool:
        return not self.tags


LOG: list[dict] = []
SOURCES: list[dict] = []


def pick(rows: list[Row], rng: random.Random, when=None) -> Row:
    """A clean (untagged) row, optionally matching ``when``."""
    cands = [r for r in rows if r.clean and (when is None or when(r))]
    return rng.choice(cands)


def plant(rows: list[Row], rng: random.Random, kind: str, fld: str, value, expect: str, when=None, **extra) -> Row:
    r = pick(rows, rng, when)
    r.v[fld] = value(r) if callable(value) else value
    r.tag(kind, fld, expect, **extra)
    return r


# --------------------------------------------------------------------------------------------
# Vocabulary
# --------------------------------------------------------------------------------------------

COLOURS_EN = ["Indigo", "Light Blue", "Black", "Stone Wash", "Khaki", "Olive", "Navy", "Grey"]
COLOURS = ["白色", "黑色", "藏青", "浅灰", "卡其", "天蓝", "米白", "酒红", "墨绿", "雾霾蓝", "焦糖色", "燕麦色"]
FEATURES = ["面料亲肤透气", "版型修身", "免烫易打理", "色牢度好不易褪色", "抗起球", "立体剪裁", "弹力舒适", "吸湿排汗",
            "通过OEKO-TEX认证", "水洗不变形", "做工精细，走线平整", "宽松百搭", "保暖轻盈", "A类婴幼儿标准"]
CONTACTS = ["联系人：王伟 13812345678", "大货请联系业务员：李娜 158-6712-3409", "负责人：陈静 139 5712 3456",
            "销售经理张磊，电话 +86 137 5810 6621", "Contact: Zhou Min, mobile 136-0578-2214",
            "经办人 周敏，手机18957123388，邮箱 zhoumin@example.com"]
INSPECTORS = ["王芳", "刘洋", "陈静", "赵丽", "黄磊", "周敏", "吴刚", "徐丽萍", "孙建国", "马晓燕", "胡明", "林小红"]
NOTE_WORDS = ["线头未清", "轻微污渍", "尺寸偏差在公差内", "钉扣牢度合格", "色差轻微", "跳针1处", "包装破损已更换", "",
              "", "", "整体良好", "吊牌位置偏移"]

# Sizes (GB/T 1335): series per garment kind, written per enterprise dialect
ADULT_TOP_M = ["165/84A", "170/88A", "175/92A", "180/96A", "185/100A", "190/104A"]
ADULT_TOP_M_B = ["165/88B", "170/92B", "175/96B", "180/100B", "185/104B"]
ADULT_BOTTOM_M = ["165/74A", "170/78A", "175/82A", "180/86A", "185/90A"]
ADULT_TOP_W = ["150/76A", "155/80A", "160/84A", "165/88A", "170/92A"]
ADULT_BOTTOM_W = ["155/62A", "160/66A", "165/70A", "170/74A"]
KIDS = ["90/52", "100/52", "110/56", "120/60", "130/64", "140/68", "150/72", "160/80"]
INFANT = ["52/40", "59/44", "66/48", "73/48", "80/48"]
LETTERS = ["XS", "S", "M", "L", "XL", "XXL"]


def size_run(rng: random.Random, series: list[str], lo: int = 3, hi: int = 5) -> list[str]:
    n = min(len(series), rng.randint(lo, hi))
    start = rng.randrange(len(series) - n + 1)
    return series[start:start + n]


@dataclass(frozen=True)
class Family:
    name: str
    category: tuple[str, ...]       # value words as the enterprise writes them
    hs: str
    comps: tuple[str, ...]
    sizes: tuple[list[str], ...]
    safety: tuple[str, ...]
    price: tuple[int, int]
    canonical: str


def make_products(rng: random.Random, families: list[Family], n: int, sku_fmt, stale: float,
                  fastness_forms: list[str], colours: list[str] = COLOURS) -> list[Row]:
    rows, seen = [], set()
    while len(rows) < n:
        fam = rng.choice(families)
        colour = rng.choice(colours)
        series = rng.choice(fam.sizes)
        sizes = size_run(rng, series)
        spec = (fam.name, colour, tuple(sizes))
        if spec in seen:
            continue
        seen.add(spec)
        t = rand_time(rng, stale)
        a, b = rng.sample(FEATURES, 2)
        rows.append(Row({
            "sku": sku_fmt(len(rows) + 1),
            "name": f"{fam.name} {colour}",
            "category": rng.choice(fam.category),
            "hs_code": fam.hs,
            "fiber_composition": rng.choice(fam.comps),
            "sizes": sizes,
            "safety_category": rng.choice(fam.safety),
            "colorfastness_grade": rng.choice(fastness_forms),
            "unit_price_cny": float(rng.randint(*fam.price)) + rng.choice([0.0, 0.0, 0.5, 0.9]),
            "description": f"{a}，{b}。",
            "updated_at": t,
            "_canonical": fam.canonical,
        }, t))
    return rows


def make_inspections(rng: random.Random, products: list[Row], n: int, id_fmt, batch_fmt, stale: float = 0.05
                     ) -> list[Row]:
    """Clean inspections of the enterprise's clean (keepable) product rows."""
    skus = [p.v["sku"] for p in products if p.clean]
    rows = []
    for i in range(n):
        t = rand_time(rng, stale)
        sample = rng.choice([32, 50, 80, 80, 125, 125, 200, 315])
        major = rng.choice([0, 0, 0, 1, 1, 2, 3, 6, 8])
        minor = rng.choice([0, 1, 2, 3, 4, 5, 7])
        critical = 1 if rng.random() < 0.06 else 0
        fail = critical > 0 or major >= 6
        inspector = rng.choice(INSPECTORS)
        rows.append(Row({
            "inspection_id": id_fmt(i + 1), "sku": rng.choice(skus), "batch_no": batch_fmt(rng),
            "inspected_at": t, "sample_size": sample, "defects_critical": critical, "defects_major": major,
            "defects_minor": minor, "aql": rng.choice(["2.5", "2.5", "4.0", "1.5"]),
            "result": "fail" if fail else "pass", "inspector": inspector,
            "notes": rng.choice(NOTE_WORDS),
        }, t))
    return rows


# --------------------------------------------------------------------------------------------
# Writers
# --------------------------------------------------------------------------------------------

def write_delimited(path: Path, headers: list[tuple[str, str]], rows: list[Row], cell, *, delimiter: str,
                    encoding: str, bom: bool = False, newline: str = "\n") -> None:
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=delimiter, lineterminator=newline, quoting=csv.QUOTE_MINIMAL)
    w.writerow([h for h, _ in headers])
    for r in rows:
        w.writerow([cell(r, k) for _, k in headers])
    path.write_bytes((("\ufeff" if bom else "") + buf.getvalue()).encode(encoding))


def write_jsonl(path: Path, headers: list[tuple[str, str]], rows: list[Row], cell) -> None:
    lines = []
    for r in rows:
        if "_raw" in r.v:
            lines.append(r.v["_raw"])
            continue
        obj = {}
        for h, k in headers:
            v = cell(r, k)
            if v not in (None, ""):
                obj[h] = v
        lines.append(json.dumps(obj, ensure_ascii=False))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def write_parquet(path: Path, headers: list[tuple[str, str, pa.DataType]], rows: list[Row], cell) -> None:
    cols = {h: pa.array([cell(r, k) for r in rows], type=t) for h, k, t in headers}
    pq.write_table(pa.table(cols), path, compression="zstd")


def write_xlsx(path: Path, sheets: list[tuple[str, list[tuple[str, str]], list[Row]]], cell) -> None:
    wb = xlsxwriter.Workbook(str(path))
    wb.set_properties({"title": "款式与检验数据导出", "author": "ERP", "created": XLSX_CREATED})
    bold = wb.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
    dtf = wb.add_format({"num_format": "yyyy-mm-dd hh:mm"})
    for sheet, headers, rows in sheets:
        ws = wb.add_worksheet(sheet)
        for c, (h, _) in enumerate(headers):
            ws.write_string(0, c, h, bold)
        ws.freeze_panes(1, 0)
        for n, r in enumerate(rows, start=1):
            for c, (_, k) in enumerate(headers):
                v = cell(r, k)
                if v is None or v == "":
                    continue
                if isinstance(v, dt.datetime):
                    if r.v.get("_serial"):
                        ws.write_number(n, c, excel_serial(v))
                    else:
                        ws.write_datetime(n, c, v, dtf)
                elif isinstance(v, (int, float)) and not isinstance(v, bool):
                    ws.write_number(n, c, v)
                else:
                    ws.write_string(n, c, str(v))
    wb.close()


def register(path: str, table: str, enterprise: str, fmt: str, encoding: str, traits: str, rows: list[Row],
             headers: list[str], unknown: list[str], extra: dict | None = None, comment: str = "",
             invalid_id: bool = False) -> None:
    for n, r in enumerate(rows, start=1):
        for tag in r.tags:
            entry = {"path": path, "table": table, "row": n, **tag}
            if fmt in ("csv", "tsv", "jsonl"):
                entry["line"] = n + (1 if fmt != "jsonl" else 0)
            LOG.append(entry)
    tfield = "updated_at" if table == "products" else "inspected_at"
    bad_t = {id(r) for r in rows for t in r.tags if t["field"] == tfield or t["kind"] == "malformed_json_line"}
    stale = sum(1 for r in rows if r.t is not None and id(r) not in bad_t and r.t < FRESH_FROM)
    SOURCES.append({
        "index": len(SOURCES) + 1, "path": path, "table": table, "enterprise": enterprise,
        "enterprise_id": bad_uscc() if invalid_id else ENT[enterprise].uscc, "format": fmt, "encoding": encoding,
        "traits": traits, "records": len(rows), "blank_lines": 0, "headers": headers, "unknown_headers": unknown,
        "stale_rows": stale, "manifest_extra": extra or {}, "comment": comment, "invalid_enterprise_id": invalid_id,
    })


# --------------------------------------------------------------------------------------------
# Enterprises
# --------------------------------------------------------------------------------------------

NB_FAMILIES = [
    Family("男士纯棉免烫长袖衬衫", ("衬衫", "衬衣"), "620520", ("100%棉", "全棉"), (ADULT_TOP_M, ADULT_TOP_M_B),
           ("B类", "A类"), (168, 298), "shirt"),
    Family("男士商务修身西装外套", ("西装",), "620333", ("T/R 65/35", "65%涤纶 35%粘胶"), (ADULT_TOP_M,),
           ("C类",), (480, 980), "jacket"),
    Family("男士羊毛混纺大衣", ("大衣",), "620120", ("70%羊毛 30%锦纶",), (ADULT_TOP_M, ADULT_TOP_M_B), ("C类",),
           (780, 1580), "coat"),
    Family("男士弹力休闲长裤", ("休闲裤", "长裤"), "620342", ("97%棉 3%氨纶", "棉/氨纶 97/3"), (ADULT_BOTTOM_M,),
           ("B类",), (158, 298), "trousers"),
    Family("男士纯棉圆领短袖T恤", ("T恤",), "610910", ("100%棉", "纯棉"), (ADULT_TOP_M,), ("B类", "A类"), (59, 129),
           "tshirt"),
    Family("男士珠地棉POLO衫", ("POLO衫",), "610510", ("CVC 60/40", "60%棉 40%涤纶"), (ADULT_TOP_M,), ("B类",),
           (89, 169), "tshirt"),
    Family("男士立领休闲夹克", ("夹克",), "620140", ("100%锦纶",), (ADULT_TOP_M, ADULT_TOP_M_B), ("C类",), (299, 599),
           "jacket"),
]
HZ_FAMILIES = [
    Family("女士真丝印花连衣裙", ("连衣裙",), "620449", ("100%桑蚕丝", "真丝100%"), (ADULT_TOP_W,), ("B类",),
           (598, 1280), "dress"),
    Family("女士雪纺碎花连衣裙", ("连衣裙", "裙装"), "620443", ("100%涤纶",), (ADULT_TOP_W,), ("B类",), (199, 399),
           "dress"),
    Family("女士高腰A字半身裙", ("半身裙",), "620453", ("95%涤纶 5%氨纶",), (ADULT_BOTTOM_W,), ("B类",), (159, 299),
           "skirt"),
    Family("女士纯棉通勤衬衫", ("衬衫",), "620630", ("100%棉",), (ADULT_TOP_W,), ("B类", "A类"), (169, 329), "shirt"),
    Family("女士羊绒针织开衫", ("针织衫", "开衫"), "611012", ("100%羊绒",), (ADULT_TOP_W,), ("B类",), (899, 1899),
           "sweater"),
    Family("女士双面呢大衣", ("大衣", "外套"), "620220", ("90%羊毛 10%羊绒",), (ADULT_TOP_W,), ("C类",), (1280, 2680),
           "coat"),
    Family("女士垂感阔腿西裤", ("西裤", "阔腿裤"), "620463", ("68%粘胶 28%锦纶 4%氨纶",), (ADULT_BOTTOM_W,),
           ("B类",), (229, 429), "trousers"),
]
HUZ_FAMILIES = [
    Family("儿童纯棉短袖T恤", ("T恤",), "610910", ("100%棉", "全棉"), (KIDS,), ("B类", "A类"), (39, 89), "tshirt"),
    Family("儿童加绒连帽卫衣", ("卫衣",), "611020", ("80%棉 20%涤纶",), (KIDS,), ("B类",), (79, 159), "sweater"),
    Family("儿童弹力牛仔裤", ("牛仔裤",), "620342", ("98%棉 2%氨纶",), (KIDS,), ("B类",), (69, 139), "jeans"),
    Family("女童公主纱裙连衣裙", ("连衣裙",), "620443", ("100%涤纶",), (KIDS,), ("B类",), (89, 199), "dress"),
    Family("婴儿纯棉连体衣", ("婴儿服", "婴幼儿服装", "连体衣"), "611120", ("100%棉", "全棉"), (INFANT,),
           ("A类", "A类(婴幼儿用品)"), (49, 119), "infant_wear"),
    Family("婴儿有机棉哈衣", ("婴儿服", "哈衣"), "611120", ("100%有机棉",), (INFANT,), ("A类",), (59, 129),
           "infant_wear"),
    Family("儿童轻薄羽绒服", ("羽绒服",), "620240", ("100%锦纶",), (KIDS,), ("B类",), (199, 399), "coat"),
]
WZ_FAMILIES = [
    Family("Men's straight-leg jeans", ("Jeans",), "620342", ("98% Cotton 2% Spandex", "Cotton 98% Elastane 2%"),
           (ADULT_BOTTOM_M,), ("GB18401 B类", "Class B"), (129, 259), "jeans"),
    Family("Women's high-waist skinny jeans", ("jeans", "Denim Jeans"), "620462",
           ("92% Cotton 6% Polyester 2% Spandex",), (ADULT_BOTTOM_W,), ("GB18401 B类", "Class B"), (139, 279), "jeans"),
    Family("Men's denim trucker jacket", ("Jacket",), "620332", ("100% Cotton",), (ADULT_TOP_M,), ("Class C",),
           (219, 399), "jacket"),
    Family("Women's denim midi skirt", ("Skirt",), "620452", ("100% Cotton",), (ADULT_BOTTOM_W,), ("Class B",),
           (119, 229), "skirt"),
    Family("Men's cargo trousers", ("Trousers", "Pants"), "620342", ("100% Cotton",), (ADULT_BOTTOM_M,),
           ("Class B",), (139, 259), "trousers"),
    Family("Men's running tracksuit", ("Sportswear", "Tracksuit"), "611212", ("100% Polyester",), (ADULT_TOP_M,),
           ("Class B",), (199, 359), "sportswear"),
]
JX_FAMILIES = [
    Family("女士山羊绒圆领毛衣", ("毛衣", "羊绒衫"), "611012", ("100%羊绒", "羊绒100%"), (ADULT_TOP_W,), ("B类",),
           (699, 1599), "sweater"),
    Family("男士美利奴羊毛开衫", ("开衫", "羊毛衫"), "611011", ("100%羊毛", "100%美利奴羊毛"), (ADULT_TOP_M,), ("B类",),
           (499, 999), "sweater"),
    Family("女士羊毛混纺针织连衣裙", ("连衣裙",), "610441", ("70%羊毛 30%锦纶",), (ADULT_TOP_W,), ("B类",),
           (599, 1199), "dress"),
    Family("男士棉质V领针织衫", ("针织衫",), "611020", ("100%棉",), (ADULT_TOP_M,), ("B类", "A类"), (199, 399),
           "sweater"),
]


def sizes_nb(r: Row) -> str:        # comma list
    v = r.v["sizes"]
    return v if isinstance(v, str) else ",".join(v)


def sizes_hz(r: Row) -> str:        # S(155/80A)/M(160/84A)/L(165/88A)
    v = r.v["sizes"]
    if isinstance(v, str):
        return v
    letters = LETTERS[1:] if len(v) <= 5 else LETTERS
    return "/".join(f"{letters[i]}({s})" for i, s in enumerate(v))


def sizes_huz(r: Row) -> str:       # 90/52、100/52、110/56
    v = r.v["sizes"]
    return v if isinstance(v, str) else "、".join(v)


def sizes_wz(r: Row) -> str:        # 170-78A;175-82A
    v = r.v["sizes"]
    return v if isinstance(v, str) else ";".join(s.replace("/", "-") for s in v)


def sizes_jx(r: Row) -> str:        # 160/84 A，165/88 A (full-width comma)
    v = r.v["sizes"]
    return v if isinstance(v, str) else "，".join(s[:-1] + " " + s[-1] for s in v)


# Invalid size designations planted (each on its own row): written value -> number dropped.
# The rows are kept; the drops are counted in quality.json tables.products.field_notes.sizes.
DROP_NOTE = "kept ({n} invalid size designation(s) dropped)"


def plant_sizes(rows: list[Row], rng: random.Random, value: str, dropped: int, kind: str = "invalid_size_dropped"
                ) -> None:
    expect = DROP_NOTE.format(n=dropped) if dropped else "kept (duplicate designation removed)"
    plant(rows, rng, kind, "sizes", value, expect, dropped=dropped)


def add_contacts(rows: list[Row], rng: random.Random, k: int, start: int) -> None:
    for j in range(k):
        r = pick(rows, rng)
        r.v["description"] = r.v["description"] + CONTACTS[(start + j) % len(CONTACTS)]
        r.tag("contact_in_description", "description", "kept (phone/name scrubbed)")


def main() -> None:
    RAW.mkdir(parents=True, exist_ok=True)
    for old in RAW.iterdir():
        old.unlink()

    # ---------------- nb_menswear: one XLSX workbook, products and inspections sheets ----------------
    rng = rng_for("nb_menswear")
    nb = make_products(rng, NB_FAMILIES, 58, lambda i: f"NBM-{2600 + i}", 0.2,
                       ["4", "4-5", "3-4", "4", "", "4.5"])
    for r in nb:
        r.v["_serial"] = rng.random() < 0.5
    plant(nb, rng, "invalid_hs_code", "hs_code", "520812", "quarantined: invalid_hs_code")   # a fabric code
    plant(nb, rng, "composition_sum_not_100", "fiber_composition", "65%涤纶 30%棉",
          "quarantined: composition_sum_not_100")
    plant(nb, rng, "missing_name", "name", "", "quarantined: missing_name")
    plant(nb, rng, "colorfastness_not_half_grade", "colorfastness_grade", "4.3",
          "quarantined: invalid_colorfastness_grade")
    plant_sizes(nb, rng, "165/84A,170/89A,175/92A", 1)           # chest 89 is odd
    plant_sizes(nb, rng, "M(170/88A),L(175/92A),XL", 1)          # a bare letter size
    add_contacts(nb, rng, 2, 0)
    # a copy-pasted row: the same record twice in a row (the later copy survives)
    src = pick(nb, rng)
    i = nb.index(src)
    dup = src.copy()
    nb.insert(i + 1, dup)
    src.tag("exact_duplicate_original", None, "merged (exact duplicate of the next row)")
    dup.tag("exact_duplicate_copy", None, "kept (copy-pasted row)")
    nb_products_ok = [r for r in nb if r.clean or r.tags[0]["expect"].startswith("kept")]

    nb_insp = make_inspections(rng, nb_products_ok, 36, lambda i: f"QC-NB-26{i:04d}",
                               lambda g: f"PO{g.randint(26001, 26999)}")
    for r in nb_insp:
        r.v["_serial"] = False
    plant(nb_insp, rng, "sku_of_another_enterprise", "sku", "HZW-5101", "quarantined: unknown_sku")
    plant(nb_insp, rng, "pass_with_critical_defect", "defects_critical", 2,
              "quarantined: result_contradicts_defects", when=lambda r: r.v["result"] == "pass")
    plant(nb_insp, rng, "aql_not_a_standard_level", "aql", "3.0", "quarantined: invalid_aql")
    src = pick(nb_insp, rng)
    dup = src.copy()
    nb_insp.append(dup)
    src.tag("exact_duplicate_original", None, "merged (exact duplicate of a later re-upload)")
    dup.tag("exact_duplicate_copy", None, "kept (same row re-uploaded)")

    def nb_cell(r: Row, k: str):
        if k == "sizes":
            return sizes_nb(r)
        if k == "safety_category":
            return r.v[k]
        if k == "result":
            return {"pass": "合格", "fail": "不合格"}.get(r.v[k], r.v[k])
        return r.v.get(k)

    nb_p_headers = [("款号", "sku"), ("品名", "name"), ("品类", "category"), ("HS编码", "hs_code"),
                    ("面料成分", "fiber_composition"), ("号型", "sizes"), ("安全技术类别", "safety_category"),
                    ("色牢度", "colorfastness_grade"), ("出厂价", "unit_price_cny"), ("卖点", "description"),
                    ("更新时间", "updated_at"), ("季节", "_season")]
    for r in nb:
        r.v.setdefault("_season", random.Random(r.v["sku"]).choice(["春夏", "秋冬"]))
    nb_i_headers = [("检验单号", "inspection_id"), ("款号", "sku"), ("订单号", "batch_no"),
                    ("检验日期", "inspected_at"),
                    ("抽样数", "sample_size"), ("致命缺陷", "defects_critical"), ("主要缺陷", "defects_major"),
                    ("次要缺陷", "defects_minor"), ("AQL", "aql"), ("检验结果", "result"), ("质检员", "inspector"),
                    ("备注", "notes")]
    path = "raw/nb_menswear_export.xlsx"
    write_xlsx(OUT / path, [("款式资料", nb_p_headers, nb), ("成品检验", nb_i_headers, nb_insp)], nb_cell)
    register(path, "products", "nb_menswear", "xlsx", "(xlsx)",
             "sheet `款式资料`; numeric price cells; `更新时间` as date cells or bare Excel serials; sizes "
             "`165/84A,170/88A`; safety `B类`; colour fastness `4-5`", nb, [h for h, _ in nb_p_headers], ["季节"],
             extra={"sheet": "款式资料"})
    register(path, "inspections", "nb_menswear", "xlsx", "(xlsx)",
             "sheet `成品检验` of the same workbook; date cells; result `合格`/`不合格`; one row re-uploaded "
             "at the end",
             nb_insp, [h for h, _ in nb_i_headers], [], extra={"sheet": "成品检验"})

    # ---------------- hz_womenswear: UTF-8 BOM CSV + a re-export; inspections CSV ----------------
    rng = rng_for("hz_womenswear")
    hz_all = make_products(rng, HZ_FAMILIES, 74, lambda i: f"HZW-{5100 + i}", 0.25,
                           ["4级", "3-4级", "4级", "4-5级", ""])
    hz, hz_new = hz_all[:70], hz_all[70:]
    quarantined_sku = plant(hz, rng, "unknown_category", "category", "配饰", "quarantined: invalid_category").v["sku"]
    plant(hz, rng, "missing_safety_category", "safety_category", "", "quarantined: missing_safety_category")
    plant(hz, rng, "unknown_safety_category", "safety_category", "D类", "quarantined: invalid_safety_category")
    plant(hz, rng, "colorfastness_6", "colorfastness_grade", "6级", "quarantined: out_of_range_colorfastness_grade")
    plant(hz, rng, "price_not_a_number", "unit_price_cny", "面议", "quarantined: invalid_unit_price_cny")
    plant_sizes(hz, rng, "S(155/80A)/M(157/84A)/L(165/88A)", 1)   # height 157 is off the 5 cm steps
    plant_sizes(hz, rng, "均码", 1)                               # one size: no designation left, sizes null
    add_contacts(hz, rng, 2, 2)
    reexport: list[Row] = []
    for r in rng.sample([x for x in hz if x.clean], 6):
        c = r.copy()
        r.tag("exact_duplicate_original", None, "merged (exact duplicate of a later re-upload)")
        c.tag("exact_duplicate_copy", None, "kept (same row re-uploaded)")
        reexport.append(c)
    for r in rng.sample([x for x in hz if x.clean], 5):
        c = r.copy()
        c.t = later(rng, r.t)
        c.v["updated_at"] = c.t
        c.v["unit_price_cny"] = r.v["unit_price_cny"] + 20
        r.tag("older_version", "unit_price_cny", "merged (superseded by a later updated_at)")
        c.tag("newer_version", "unit_price_cny", "kept (latest updated_at)")
        reexport.append(c)
    reexport += hz_new
    rng.shuffle(reexport)

    def hz_cell(r: Row, k: str):
        v = r.v.get(k)
        if k == "sizes":
            return sizes_hz(r)
        if k == "updated_at":
            return f_iso(v) if isinstance(v, dt.datetime) else v
        if k == "unit_price_cny":
            return f"{v:.2f}" if isinstance(v, float) else v
        if k == "inspected_at":
            return f_slash(v) if isinstance(v, dt.datetime) else v
        if k == "result":
            return {"pass": "通过", "fail": "不合格"}.get(v, v)
        return "" if v is None else v

    hz_headers = [("款号", "sku"), ("品名", "name"), ("品类", "category"), ("海关编码", "hs_code"),
                  ("面料成分", "fiber_composition"), ("号型", "sizes"), ("安全类别", "safety_category"),
                  ("色牢度(级)", "colorfastness_grade"), ("吊牌价(元)", "unit_price_cny"), ("卖点", "description"),
                  ("更新时间", "updated_at"), ("波段", "_wave")]
    for r in hz + reexport:
        r.v.setdefault("_wave", random.Random(r.v["sku"]).choice(["第1波", "第2波", "第3波"]))
    for path, rows, traits in (
            ("raw/hz_womenswear_styles.csv", hz, "comma, CRLF, Excel 'CSV UTF-8'; sizes `S(155/80A)/M(160/84A)`; "
             "colour fastness `4-5级`; prices `¥` text `329.00` under `吊牌价(元)`"),
            ("raw/hz_womenswear_styles_reexport_2026-10.csv", reexport,
             "same dialect; a re-export a few weeks later (6 re-uploads, 5 new versions, 4 new styles)")):
        write_delimited(OUT / path, hz_headers, rows, hz_cell, delimiter=",", encoding="utf-8", bom=True,
                        newline="\r\n")
        register(path, "products", "hz_womenswear", "csv", "UTF-8 with BOM", traits, rows,
                 [h for h, _ in hz_headers], ["波段"])

    hz_keep = [r for r in hz + reexport if r.clean or r.tags[0]["expect"].startswith(("kept", "merged"))]
    hz_insp = make_inspections(rng, hz_keep, 44, lambda i: f"HZQ{26000 + i}", lambda g: f"B{g.randint(100, 999)}")
    plant(hz_insp, rng, "sku_not_in_products", "sku", "HZW-5999", "quarantined: unknown_sku")
    plant(hz_insp, rng, "sku_of_quarantined_product", "sku", quarantined_sku, "quarantined: unknown_sku")
    plant(hz_insp, rng, "sku_reformatted", "sku", lambda r: r.v["sku"].replace("-", " ").lower(),
          "kept (sku matches after normalization)")
    plant(hz_insp, rng, "defects_exceed_sample_size", "defects_minor", lambda r: r.v["sample_size"],
          "quarantined: defects_exceed_sample_size", when=lambda r: r.v["defects_major"] > 0)
    plant(hz_insp, rng, "unknown_result", "result", "待定", "quarantined: invalid_result")
    plant(hz_insp, rng, "missing_result", "result", "", "quarantined: missing_result")
    src = pick(hz_insp, rng, when=lambda r: r.v["result"] == "pass" and r.v["defects_critical"] == 0)
    fix = src.copy()
    fix.v["defects_major"] = src.v["defects_major"] + 6
    fix.v["result"] = "fail"
    fix.v["notes"] = "复核后改判不合格"
    src.tag("conflicting_resend_original", None, "merged (same inspection id re-sent with corrected values)")
    fix.tag("conflicting_resend_correction", None, "kept (last uploaded)")
    hz_insp.append(fix)
    for j, r in enumerate(rng.sample([x for x in hz_insp if x.clean], 2)):
        r.v["notes"] = f"{r.v['notes']}；质检员：{r.v['inspector']} {['13967123456', '158 5717 2345'][j]}"
        r.tag("inspector_contact_in_notes", "notes", "kept (name/phone scrubbed)")
    hz_i_headers = [("检验单号", "inspection_id"), ("款号", "sku"), ("批号", "batch_no"), ("检验时间", "inspected_at"),
                    ("抽样数量", "sample_size"), ("致命缺陷", "defects_critical"), ("主要缺陷", "defects_major"),
                    ("次要缺陷", "defects_minor"), ("AQL", "aql"), ("判定", "result"), ("检验员", "inspector"),
                    ("备注", "notes"), ("客户", "_customer")]
    for r in hz_insp:
        r.v["_customer"] = random.Random(r.v["inspection_id"]).choice(["天猫旗舰店", "线下门店", "出口-日本"])
    path = "raw/hz_womenswear_inspections.csv"
    write_delimited(OUT / path, hz_i_headers, hz_insp, hz_cell, delimiter=",", encoding="utf-8", newline="\n")
    register(path, "inspections", "hz_womenswear", "csv", "UTF-8",
             "comma, LF; `2026/3/5 14:03` times; result `通过`/`不合格`; one inspection re-sent with corrected values",
             hz_insp, [h for h, _ in hz_i_headers], ["客户"])

    # ---------------- huz_zhili_kids: GBK CSV products; GBK TSV inspections ----------------
    rng = rng_for("huz_zhili_kids")
    huz = make_products(rng, HUZ_FAMILIES, 60, lambda i: f"ZL{i:04d}", 0.15, ["4", "3-4", "4", ""])
    plant(huz, rng, "infant_wear_class_b", "safety_category", "B类", "quarantined: infant_wear_not_class_a",
          when=lambda r: r.v["_canonical"] == "infant_wear")
    plant(huz, rng, "infant_wear_class_c", "safety_category", "C类", "quarantined: infant_wear_not_class_a",
          when=lambda r: r.v["_canonical"] == "infant_wear")
    plant(huz, rng, "unparseable_composition", "fiber_composition", "优质面料",
          "quarantined: invalid_fiber_composition")
    plant(huz, rng, "missing_sku", "sku", "", "quarantined: missing_sku")
    plant(huz, rng, "invalid_updated_at", "updated_at", "2026-13-45", "quarantined: invalid_updated_at")
    plant_sizes(huz, rng, "110/56、125/60、130/64", 1)          # 125 is not a children's height
    plant_sizes(huz, rng, "S,M,L,XL", 4)                          # letter sizes only: all four dropped
    add_contacts(huz, rng, 1, 4)

    def huz_cell(r: Row, k: str):
        v = r.v.get(k)
        if k == "sizes":
            return sizes_huz(r)
        if k in ("updated_at",):
            return f_slash(v) if isinstance(v, dt.datetime) else v
        if k == "inspected_at":
            return f_cn(v) if isinstance(v, dt.datetime) else v
        if k == "unit_price_cny":
            return f"{v:g}元" if isinstance(v, float) else v
        if k == "result":
            return {"pass": "合格", "fail": "不合格"}.get(v, v)
        if k.startswith("defects_") and v == 0:
            return ""
        return "" if v is None else v

    huz_headers = [("产品编号", "sku"), ("产品名称", "name"), ("类别", "category"), ("税号", "hs_code"),
                   ("成分", "fiber_composition"), ("尺码", "sizes"), ("安全等级", "safety_category"),
                   ("耐洗色牢度", "colorfastness_grade"), ("批发价", "unit_price_cny"), ("产品描述", "description"),
                   ("修改时间", "updated_at"), ("库存", "_stock")]
    for r in huz:
        r.v["_stock"] = random.Random(str(r.v["name"]) + str(r.v["sku"])).randint(0, 3000)
    path = "raw/huz_zhili_kids_products_gbk.csv"
    write_delimited(OUT / path, huz_headers, huz, huz_cell, delimiter=",", encoding="gbk", newline="\r\n")
    register(path, "products", "huz_zhili_kids", "csv", "GBK",
             "comma, CRLF, no BOM; children's sizes `90/52、100/52` (GB/T 1335.3), infants `59/44`; prices `69元`; "
             "`2025/3/5 14:03` times", huz, [h for h, _ in huz_headers], ["库存"])

    huz_insp = make_inspections(rng, huz, 40, lambda i: f"ZLJ-{i:03d}", lambda g: f"ZL26-{g.randint(1, 80):02d}")
    plant(huz_insp, rng, "pass_with_critical_defect", "defects_critical", 1,
          "quarantined: result_contradicts_defects", when=lambda r: r.v["result"] == "pass")
    plant(huz_insp, rng, "zero_sample_size", "sample_size", 0, "quarantined: out_of_range_sample_size")
    plant(huz_insp, rng, "missing_inspection_id", "inspection_id", "", "quarantined: missing_inspection_id")
    plant(huz_insp, rng, "negative_defects", "defects_minor", -2, "quarantined: out_of_range_defects_minor")
    plant(huz_insp, rng, "sku_not_in_products", "sku", "ZL9999", "quarantined: unknown_sku")
    for r in rng.sample([x for x in huz_insp if x.clean], 2):
        r.v["notes"] = f"复检由{r.v['inspector']}负责，{r.v['notes'] or '无异常'}"
        r.tag("inspector_name_in_notes", "notes", "kept (name scrubbed)")
    huz_i_headers = [("验货单号", "inspection_id"), ("产品编号", "sku"), ("生产批号", "batch_no"),
                     ("验货日期", "inspected_at"), ("抽检数", "sample_size"), ("致命", "defects_critical"),
                     ("主要", "defects_major"), ("次要", "defects_minor"), ("AQL值", "aql"), ("结论", "result"),
                     ("验货员", "inspector"), ("问题描述", "notes")]
    path = "raw/huz_zhili_kids_inspections.tsv"
    write_delimited(OUT / path, huz_i_headers, huz_insp, huz_cell, delimiter="\t", encoding="gbk", newline="\r\n")
    register(path, "inspections", "huz_zhili_kids", "tsv", "GBK",
             "tab, CRLF; `2026年3月5日 14时03分` times; zero defect counts left empty", huz_insp,
             [h for h, _ in huz_i_headers], [])

    # ---------------- wz_denim: JSON Lines with English keys and its own USCC column ----------------
    rng = rng_for("wz_denim")
    wz = make_products(rng, WZ_FAMILIES, 52, lambda i: f"WD{700 + i}", 0.2, ["4", "3-4", "3.5", "4", ""],
                       COLOURS_EN)
    for r in wz:
        r.v["enterprise_id"] = ENT["wz_denim"].uscc
    plant(wz, rng, "hs_code_not_in_hs2022", "hs_code", "6109.99", "quarantined: invalid_hs_code")
    plant(wz, rng, "fabric_hs_code", "hs_code", "5209.42", "quarantined: invalid_hs_code")  # denim fabric, ch. 52
    plant(wz, rng, "missing_composition", "fiber_composition", "", "quarantined: missing_fiber_composition")
    plant(wz, rng, "composition_sum_not_100", "fiber_composition", "98% Cotton 3% Spandex",
          "quarantined: composition_sum_not_100")
    plant_sizes(wz, rng, "170-75A;175-82A", 1)                     # waist 75 is odd
    plant_sizes(wz, rng, "170-78D;175-82A", 1)                     # body type D does not exist
    add_contacts(wz, rng, 1, 4)
    wz.insert(rng.randrange(10, 40), Row({"_raw": '{"Style No": "WD799", "Style Name": "Men\'s slim jeans", '
                                                  '"Category": "Jeans", "HS Code": "6203.42'}))
    wz[next(i for i, r in enumerate(wz) if "_raw" in r.v)].tag("malformed_json_line", None,
                                                                 "quarantined: malformed_record")

    def wz_cell(r: Row, k: str):
        v = r.v.get(k)
        if k == "sizes":
            return sizes_wz(r)
        if k in ("updated_at", "inspected_at"):
            return unix_ms(v) if isinstance(v, dt.datetime) else v
        if k == "hs_code" and v and "." not in v:
            return f"{v[:4]}.{v[4:]}"
        if k == "result":
            return {"pass": "PASS", "fail": "FAIL"}.get(v, v)
        if k == "aql" and v:
            return f"AQL {v}"
        return v

    wz_headers = [("company_code", "enterprise_id"), ("Style No", "sku"), ("Style Name", "name"),
                  ("Category", "category"), ("HS Code", "hs_code"), ("Fabric Content", "fiber_composition"),
                  ("Size Range", "sizes"), ("GB18401 Category", "safety_category"),
                  ("Colour Fastness", "colorfastness_grade"), ("FOB Price (RMB)", "unit_price_cny"),
                  ("Selling Points", "description"), ("Last Modified", "updated_at"), ("MOQ", "_moq")]
    for r in wz:
        r.v["_moq"] = 300
    path = "raw/wz_denim_styles.jsonl"
    write_jsonl(OUT / path, wz_headers, wz, wz_cell)
    register(path, "products", "wz_denim", "jsonl", "UTF-8",
             "English keys, own `company_code` (USCC) column; sizes `170-78A;175-82A`; HS `6203.42`; "
             "updated_at in Unix milliseconds; one truncated line", wz, [h for h, _ in wz_headers], ["MOQ"])

    wz_insp = make_inspections(rng, [r for r in wz if "_raw" not in r.v], 34, lambda i: f"WZ-IR-{i:04d}",
                               lambda g: f"LOT{g.randint(1000, 9999)}")
    for r in wz_insp:
        r.v["enterprise_id"] = ENT["wz_denim"].uscc
    plant(wz_insp, rng, "unparseable_inspected_at", "inspected_at", "next Monday", "quarantined: invalid_inspected_at")
    plant(wz_insp, rng, "missing_sku", "sku", "", "quarantined: missing_sku")
    plant(wz_insp, rng, "sample_size_not_a_number", "sample_size", "about 200", "quarantined: invalid_sample_size")
    plant(wz_insp, rng, "sku_not_in_products", "sku", "WD999", "quarantined: unknown_sku")
    src = pick(wz_insp, rng)
    dup = src.copy()
    wz_insp.insert(wz_insp.index(src) + 3, dup)
    src.tag("exact_duplicate_original", None, "merged (exact duplicate of a later re-upload)")
    dup.tag("exact_duplicate_copy", None, "kept (same row re-uploaded)")
    wz_i_headers = [("company_code", "enterprise_id"), ("Report No.", "inspection_id"), ("Style No.", "sku"),
                    ("Lot No.", "batch_no"), ("Inspection Date", "inspected_at"), ("Sample Size", "sample_size"),
                    ("Critical", "defects_critical"), ("Major", "defects_major"), ("Minor", "defects_minor"),
                    ("AQL", "aql"), ("Result", "result"), ("QC Inspector", "inspector"), ("Remarks", "notes")]
    path = "raw/wz_denim_inspections.jsonl"
    write_jsonl(OUT / path, wz_i_headers, wz_insp, wz_cell)
    register(path, "inspections", "wz_denim", "jsonl", "UTF-8",
             "English keys; numbers as JSON numbers; Unix-millisecond dates; `AQL 2.5`; `PASS`/`FAIL`", wz_insp,
             [h for h, _ in wz_i_headers], [])

    # ---------------- jx_knitwear: Parquet products and inspections ----------------
    rng = rng_for("jx_knitwear")
    jx = make_products(rng, JX_FAMILIES, 44, lambda i: f"PY-K{300 + i}", 0.3, ["4", "3-4", "4-5", "4", "3.5"])
    plant(jx, rng, "colorfastness_word", "colorfastness_grade", "良好", "quarantined: invalid_colorfastness_grade")
    plant(jx, rng, "negative_price", "unit_price_cny", -20.0, "quarantined: out_of_range_unit_price_cny")
    plant_sizes(jx, rng, "165/88 A，170/92 A，170/92 A，175/96 A", 0, kind="repeated_size_deduplicated")
    for r in rng.sample([x for x in jx if x.clean], 2):    # a newer version listed above its older one
        c = r.copy()
        c.t = later(rng, r.t)
        c.v["updated_at"] = c.t
        c.v["unit_price_cny"] = r.v["unit_price_cny"] + 50
        r.tag("older_version", "unit_price_cny", "merged (superseded by a later updated_at)")
        c.tag("newer_version", "unit_price_cny", "kept (latest updated_at)")
        jx.insert(jx.index(r), c)

    def jx_cell(r: Row, k: str):
        v = r.v.get(k)
        if k == "sizes":
            return sizes_jx(r)
        if k in ("updated_at", "inspected_at"):
            return f_iso_offset(v) if isinstance(v, dt.datetime) else v
        if k == "result":
            return {"pass": "合格", "fail": "不合格"}.get(v, v)
        if k == "sample_size" and isinstance(v, int):
            return v
        return v

    jx_headers = [("品号", "sku", pa.string()), ("商品名称", "name", pa.string()), ("分类", "category", pa.string()),
                  ("HS", "hs_code", pa.string()), ("纤维含量", "fiber_composition", pa.string()),
                  ("号型规格", "sizes", pa.string()), ("GB18401类别", "safety_category", pa.string()),
                  ("色牢度等级", "colorfastness_grade", pa.string()), ("单价", "unit_price_cny", pa.float64()),
                  ("说明", "description", pa.string()), ("最后修改时间", "updated_at", pa.string())]
    path = "raw/jx_knitwear_styles.parquet"
    write_parquet(OUT / path, jx_headers, jx, jx_cell)
    register(path, "products", "jx_knitwear", "parquet", "(parquet, zstd)",
             "typed columns (price float64); sizes `160/84 A，165/88 A` (space before body type, full-width comma); "
             "ISO times with +08:00; two newer versions written above their older one", jx,
             [h for h, _, _ in jx_headers], [])

    jx_insp = make_inspections(rng, jx, 26, lambda i: f"PYQ{2600 + i}", lambda g: f"JX-{g.randint(1, 60):03d}")
    plant(jx_insp, rng, "missing_sample_size", "sample_size", None, "quarantined: missing_sample_size")
    plant(jx_insp, rng, "sku_not_in_products", "sku", "PY-K999", "quarantined: unknown_sku")
    plant(jx_insp, rng, "fractional_defects", "defects_major", "2.5", "quarantined: invalid_defects_major")
    for r in jx_insp:
        for k in ("defects_critical", "defects_major", "defects_minor"):
            r.v[k] = str(r.v[k])
    jx_i_headers = [("单号", "inspection_id", pa.string()), ("品号", "sku", pa.string()),
                    ("批次", "batch_no", pa.string()), ("质检时间", "inspected_at", pa.string()),
                    ("样本量", "sample_size", pa.int64()), ("致命缺陷数", "defects_critical", pa.string()),
                    ("主要缺陷数", "defects_major", pa.string()), ("次要缺陷数", "defects_minor", pa.string()),
                    ("AQL", "aql", pa.string()), ("检验结论", "result", pa.string()),
                    ("质检人", "inspector", pa.string()), ("检验备注", "notes", pa.string())]
    path = "raw/jx_knitwear_inspections.parquet"
    write_parquet(OUT / path, jx_i_headers, jx_insp, jx_cell)
    register(path, "inspections", "jx_knitwear", "parquet", "(parquet, zstd)",
             "typed columns (sample size int64, defect counts as strings); ISO times with +08:00", jx_insp,
             [h for h, _, _ in jx_i_headers], [])

    # ---------------- sx_trading: a small clean file listed with an invalid USCC ----------------
    rng = rng_for("sx_trading")
    sx = make_products(rng, NB_FAMILIES[:3], 6, lambda i: f"SXT-{i:03d}", 0.0, ["4"])
    path = "raw/sx_trading_products.csv"
    write_delimited(OUT / path, hz_headers[:-1], sx, hz_cell, delimiter=",", encoding="utf-8")
    register(path, "products", "sx_trading", "csv", "UTF-8",
             "small, clean file; its manifest enterprise_id has a WRONG check character: the build stops, or "
             "skips it with --keep-going", sx, [h for h, _ in hz_headers[:-1]], [],
             comment="DELIBERATELY INVALID: enterprise_id has a wrong check character (GB 32100-2015). The build "
                     "stops here; with --keep-going this source is skipped and its 6 rows are not counted in rows_in.",
             invalid_id=True)

    write_manifest()
    write_planted()
    write_readme()


# --------------------------------------------------------------------------------------------
# Manifest, planted.json, README
# --------------------------------------------------------------------------------------------

def write_manifest() -> None:
    lines = ["# Build manifest of the bundled apparel samples (STANDARD.md section 1).",
             "# Generated by samples/make_apparel.py; edit the generator, not this file.",
             "# Five fictional Zhejiang garment makers and one trader; USCCs are made up (valid check characters",
             "# except the last source).",
             "industry: apparel", "reference_date: 2026-11-01", "sources:"]
    for s in SOURCES:
        if s["comment"]:
            lines.append(f"  # {s['comment']}")
        lines += [f"  - path: {s['path']}", f"    table: {s['table']}",
                  f"    enterprise_id: {s['enterprise_id']}    # {s['enterprise']}"]
        for k, v in s["manifest_extra"].items():
            lines.append(f"    {k}: {v}")
    (OUT / "sources.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def expected_totals() -> dict:
    res = {}
    for table in ("products", "inspections"):
        valid = [s for s in SOURCES if s["table"] == table and not s["invalid_enterprise_id"]]
        rows_in = sum(s["records"] for s in valid)
        entries = [e for e in LOG if e["table"] == table and any(e["path"] == s["path"] for s in valid)]
        quarantined = Counter(e["expect"].split(": ", 1)[1] for e in entries if e["expect"].startswith("quarantined"))
        merged = sum(1 for e in entries if e["expect"].startswith("merged"))
        q = sum(quarantined.values())
        res[table] = {"rows_in": rows_in, "blank_lines": 0, "rows_quarantined": q,
                      "quarantine_reasons": dict(sorted(quarantined.items())), "rows_merged": merged,
                      "rows_merged_of_which_relistings": 0, "rows_out": rows_in - q - merged,
                      "stale_rows": sum(s["stale_rows"] for s in valid)}
    res["products"]["field_notes"] = {"sizes": {"invalid_size_dropped": sum(
        e.get("dropped", 0) for e in LOG if e["table"] == "products" and e["field"] == "sizes"
        and any(e["path"] == s["path"] and not s["invalid_enterprise_id"] for s in SOURCES))}}
    return res


def write_planted() -> None:
    summary: dict = {}
    for e in LOG:
        summary.setdefault(e["table"], Counter())[e["kind"]] += 1
    data = {
        "generator": "samples/make_apparel.py", "seed": SEED, "reference_date": REFERENCE.isoformat(),
        "note": ("row = 1-based data record within its file/sheet (header not counted); line = physical line "
                 "(header is line 1) for CSV/TSV, the line number for JSON Lines. Rows tagged "
                 "invalid_size_dropped carry `dropped`: how many designations the standard drops from that cell."),
        "sources": [{k: v for k, v in s.items() if k not in ("manifest_extra", "comment")} for s in SOURCES],
        "expected": expected_totals(),
        "summary": {t: dict(sorted(c.items())) for t, c in summary.items()},
        "rows": LOG,
    }
    (OUT / "planted.json").write_text(json.dumps(data, ensure_ascii=False, indent=1, default=str) + "\n",
                                      encoding="utf-8")


def md_table(head: list[str], rows: list[list]) -> list[str]:
    return ["| " + " | ".join(head) + " |", "|" + "---|" * len(head),
            *["| " + " | ".join(str(c) for c in r) + " |" for r in rows]]


def write_readme() -> None:
    exp = expected_totals()
    L = ["# Apparel samples", "",
         "Raw exports of five **fictional** Zhejiang garment makers and one trader, as they reach an industrial",
         "internet platform, for `indset build apparel --sources samples/apparel/sources.yaml --keep-going`.",
         "Every file, `sources.yaml`, this README and `planted.json` are written by `samples/make_apparel.py`",
         "(fixed seed: re-running it rewrites the same bytes). No real company is named; USCCs, people and phone",
         "numbers are invented.", "",
         "`planted.json` lists every planted fact by file and row (`row` = 1-based data record, header not counted)",
         "with the outcome STANDARD.md expects, so tests can assert them.", "", "## Enterprises", ""]
    L += md_table(["key", "where", "what", "USCC"],
                  [[e.key, e.where, e.what, f"`{e.uscc}`"] for e in ENT.values()]
                  + [["sx_trading", "Shaoxing, Yuecheng (330602)", "garment trader (invalid id, skipped)",
                      f"`{bad_uscc()}` (wrong check char)"]])
    L += ["", "## Sources (manifest order)", ""]
    L += md_table(["#", "path", "table", "format", "encoding", "dialect", "records"],
                  [[s["index"], f"`{s['path']}`" + (f" (sheet `{s['manifest_extra']['sheet']}`)"
                                                    if "sheet" in s["manifest_extra"] else ""),
                    s["table"], s["format"], s["encoding"], s["traits"], s["records"]] for s in SOURCES])
    L += ["", "Unknown headers (reported as unmapped, kept out of the release): "
          + ", ".join(f"`{h}`" for s in SOURCES for h in s["unknown_headers"]) + ".", ""]
    for table in ("products", "inspections"):
        L += [f"## Planted in `{table}`", ""]
        kinds: dict[str, dict] = {}
        for e in LOG:
            if e["table"] != table or "sx_trading" in e["path"]:
                continue
            k = kinds.setdefault(e["kind"], {"expect": e["expect"], "n": 0, "values": []})
            k["n"] += 1
            if e.get("dropped"):
                k["dropped"] = k.get("dropped", 0) + e["dropped"]
                k["expect"] = f"kept ({k['dropped']} invalid designations dropped in total)"
            if e["value"] not in (None, "") and e["kind"] not in (
                    "exact_duplicate_original", "exact_duplicate_copy", "older_version", "newer_version",
                    "conflicting_resend_original", "conflicting_resend_correction", "contact_in_description",
                    "inspector_contact_in_notes", "inspector_name_in_notes") and str(e["value"]) not in k["values"]:
                k["values"].append(str(e["value"]))
        L += md_table(["kind", "rows", "expected outcome", "values"],
                      [[f"`{kind}`", k["n"], k["expect"], ", ".join(f"`{v}`" for v in k["values"][:4])]
                       for kind, k in sorted(kinds.items(), key=lambda kv: (kv[1]["expect"], kv[0]))])
        e = exp[table]
        L += ["", f"Expected (valid sources only): rows_in **{e['rows_in']}**, rows_quarantined "
              f"**{e['rows_quarantined']}**, rows_merged **{e['rows_merged']}**, rows_out **{e['rows_out']}**; "
              f"rows older than 365 days before 2026-11-01: {e['stale_rows']}.", "",
              "Quarantine reasons: " + ", ".join(f"`{r}` {n}" for r, n in e["quarantine_reasons"].items()) + ".", ""]
        if table == "products":
            n = e["field_notes"]["sizes"]["invalid_size_dropped"]
            L += [f"Invalid size designations dropped (rows kept): **{n}** "
                  "(`quality.json` `tables.products.field_notes.sizes.invalid_size_dropped`).", ""]
    L += ["## Notes for tests", "",
          "- Each planted defect sits on its own otherwise clean row, so every quarantined row has exactly one reason.",
          "- Inspections reference skus of the same enterprise's products. `unknown_sku` rows name a sku that no",
          "  product row of that enterprise has, one that belongs to another enterprise (`HZW-5101` inspected by",
          "  nb_menswear), or the sku of a product row that was itself quarantined (`invalid_category`).",
          "- `sku_reformatted` (e.g. `hzw 5123` for `HZW-5123`) matches after normalization (upper case,",
          "  separators removed).",
          "- Exact duplicates: the later upload survives; the *original* row is the merged one. The re-sent",
          "  inspection with corrected values (same id) is merged into the last upload (no updated_at).",
          "- `nb_menswear_export.xlsx` feeds both tables (sheets `款式资料` and `成品检验`).",
          "- `huz_zhili_kids_*` are strict GBK (neither decodes as UTF-8).",
          "- `wz_denim_styles.jsonl` has one line cut off mid-record (`malformed_record`).", ""]
    (OUT / "README.md").write_text("\n".join(L), encoding="utf-8")


if __name__ == "__main__":
    main()
