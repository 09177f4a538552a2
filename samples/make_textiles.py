#!/usr/bin/env python3
"""Generate the bundled textiles samples in samples/textiles/ (deterministic).

    python samples/make_textiles.py

Writes raw exports of seven fictional Zhejiang mills (each in its own dialect: format, encoding,
headers, units, timestamp forms), the build manifest ``sources.yaml``, ``README.md`` (sources and
planted defects with exact counts) and ``planted.json`` (every planted defect by file and row, for
tests). A fixed seed and a fixed XLSX creation date make every run rewrite the same bytes.

No real company is named: enterprises are identified by a short key (``hz_weaving``) and a made-up
USCC whose check character is computed with python-stdnum. Personal names and mobile numbers in
descriptions and operator columns are invented.
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

import opencc
import pyarrow as pa
import pyarrow.parquet as pq
import xlsxwriter
from planting import placeholder_expect
from stdnum.cn import uscc

SEED = 20261101
HERE = Path(__file__).resolve().parent
OUT = HERE / "textiles"
RAW = OUT / "raw"
REFERENCE = dt.date(2026, 11, 1)
FRESH_FROM = dt.datetime(2025, 11, 1)          # 365 days before the reference date (local time)
SHANGHAI = ZoneInfo("Asia/Shanghai")
XLSX_CREATED = dt.datetime(2026, 10, 31, 9, 0, 0)
EXCEL_EPOCH = dt.datetime(1899, 12, 30)
_S2T = opencc.OpenCC("s2t")


def rng_for(name: str) -> random.Random:
    """One independent, seeded generator per output file (str seeds hash with SHA-512: stable)."""
    return random.Random(f"{SEED}/{name}")


# --------------------------------------------------------------------------------------------
# Enterprises: made-up USCCs (18 chars, GB 32100-2015) with real Zhejiang division codes
# --------------------------------------------------------------------------------------------

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
    "hz_weaving": Enterprise("hz_weaving", "91330109MA2H3K7T4", "Hangzhou, Xiaoshan (330109)",
                             "weaving mill: cotton and blended woven greige and finished fabrics, air-jet looms"),
    "sx_dyeing": Enterprise("sx_dyeing", "91330603704612283", "Shaoxing, Keqiao (330603)",
                            "dyeing and printing mill: finished polyester, rayon and cotton fabrics"),
    "nb_knitting": Enterprise("nb_knitting", "91330212MA2AF8Q31", "Ningbo, Yinzhou (330212)",
                              "knitting mill: weft- and warp-knit fabrics, circular knitting machines"),
    "huz_hometex": Enterprise("huz_hometex", "91330502665623819", "Huzhou, Wuxing (330502)",
                              "home textile and silk mill (Taiwan-invested, Traditional Chinese ERP)"),
    "jx_spinning": Enterprise("jx_spinning", "91330483MA29G1LT6", "Jiaxing, Tongxiang (330483)",
                              "spinning mill: cotton, blended, filament and worsted yarns, ring frames"),
    "wz_nonwoven": Enterprise("wz_nonwoven", "91330381MA2L5RX28", "Wenzhou, Rui'an (330381)",
                              "industrial textiles: nonwovens, coated fabrics, webbing; rapier and water-jet looms"),
}
BAD_PREFIX = "91330603MA2D7N0P5"                # kq_trading: a Keqiao fabric trader


def bad_uscc() -> str:
    good = uscc.calc_check_digit(BAD_PREFIX)
    alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    wrong = alphabet[(alphabet.index(good) + 7) % len(alphabet)]
    number = BAD_PREFIX + wrong
    assert not uscc.is_valid(number)
    return number


# --------------------------------------------------------------------------------------------
# Timestamps in the forms of STANDARD.md section 3
# --------------------------------------------------------------------------------------------

def rand_time(rng: random.Random, stale_share: float) -> dt.datetime:
    """A local (Asia/Shanghai) edit time; stale ones end 2 weeks before the 365-day boundary."""
    if rng.random() < stale_share:
        start, end = dt.datetime(2023, 3, 1), dt.datetime(2025, 10, 15)
    else:
        start, end = dt.datetime(2025, 11, 15), dt.datetime(2026, 10, 27)
    day = start + dt.timedelta(days=rng.randrange((end - start).days))
    hour = rng.choice([8, 9, 9, 10, 10, 11, 13, 14, 14, 15, 16, 17, 19, 21])
    return day.replace(hour=hour, minute=rng.randrange(60))


def later(rng: random.Random, t: dt.datetime) -> dt.datetime:
    out = t + dt.timedelta(days=rng.randint(3, 40), minutes=rng.randint(5, 300))
    cap = dt.datetime(2026, 10, 30, 17, 0)
    return out if out < cap else t + dt.timedelta(hours=rng.randint(2, 20))


def f_iso(t: dt.datetime) -> str:                      # 2025-06-12 09:30:00
    return t.strftime("%Y-%m-%d %H:%M:%S")


def f_iso_offset(t: dt.datetime) -> str:               # 2026-03-05T14:03:00+08:00
    return t.strftime("%Y-%m-%dT%H:%M:%S") + "+08:00"


def f_slash(t: dt.datetime) -> str:                    # 2024/3/5 14:03
    return f"{t.year}/{t.month}/{t.day} {t.hour}:{t.minute:02d}"


def f_compact(t: dt.datetime) -> str:                  # 20240305140300
    return t.strftime("%Y%m%d%H%M%S")


def f_cn(t: dt.datetime) -> str:                       # 2024年3月5日 14时03分
    return f"{t.year}年{t.month}月{t.day}日 {t.hour}时{t.minute:02d}分"


def excel_serial(t: dt.datetime) -> float:             # 45356.5 (1900 date system)
    return round((t - EXCEL_EPOCH).total_seconds() / 86400, 10)


def unix_s(t: dt.datetime, tz=SHANGHAI) -> int:
    return int(t.replace(tzinfo=tz).timestamp())


# --------------------------------------------------------------------------------------------
# Rows and the defect log
# --------------------------------------------------------------------------------------------

@dataclass
class Row:
    v: dict                                     # canonical field -> value exactly as the source writes it
    t: dt.datetime | None = None                # intended updated_at / ts (local time of the source)
    tags: list = field(default_factory=list)    # planted facts: dicts kind/field/value/expect
    blank: bool = False                         # an empty line in a text file (not a data record)

    def copy(self) -> Row:
        return Row(dict(self.v), self.t, [], self.blank)

    def tag(self, kind: str, fld: str | None, expect: str, **extra) -> None:
        value = self.v.get(fld) if fld else None
        self.tags.append({"kind": kind, "field": fld, "value": value, "expect": placeholder_expect(expect, value),
                          **extra})


BLANK = "blank"
LOG: list[dict] = []           # every tagged row, filled when files are written
SOURCES: list[dict] = []       # manifest entries and facts per source, in manifest order


def plant(rows: list[Row], pool: list[int], rng: random.Random, kind: str, fld: str, value, expect: str,
          n: int = 1, when=None) -> None:
    """Give `n` clean rows from `pool` (consumed) the defect `fld = value`."""
    for _ in range(n):
        cands = [i for i in pool if when is None or when(rows[i])]
        i = rng.choice(cands)
        pool.remove(i)
        rows[i].v[fld] = value(rows[i]) if callable(value) else value
        rows[i].tag(kind, fld, expect)


def take(pool: list[int], rng: random.Random, n: int, when=None, rows=None) -> list[int]:
    cands = [i for i in pool if when is None or when(rows[i])]
    got = rng.sample(cands, n)
    for i in got:
        pool.remove(i)
    return sorted(got)


# --------------------------------------------------------------------------------------------
# Shared vocabulary
# --------------------------------------------------------------------------------------------

CN_FEATURES = ["布面平整", "手感柔软", "透气性好", "色牢度4级以上", "缩水率≤3%", "抗起球", "免烫整理", "预缩处理",
               "活性染色，环保", "悬垂性好", "光泽柔和", "挺括有骨感", "吸湿排汗", "弹性回复好", "通过OEKO-TEX认证"]
CN_USES = ["衬衫", "床品", "工装", "休闲裤", "童装", "连衣裙", "家居服", "窗帘", "箱包", "运动服", "内衣",
           "T恤", "卫衣", "风衣", "西裤", "衬里"]
EN_FEATURES = ["soft hand feel", "low shrinkage", "good colour fastness", "anti-pilling finish", "breathable",
               "high tensile strength", "UV stabilised", "water repellent finish", "flame retardant on request",
               "lint-free surface", "uniform basis weight", "OEKO-TEX certified"]
CN_CONTACTS = ["联系人：王伟 13812345678", "如需打样请联系业务员：李娜 158-6712-3409",
               "大货请联系销售经理张磊，电话 +86 137 5810 6621", "负责人：陈静 139 5712 3456",
               "经办人 周敏，手机18957123388", "联系人：黄磊 13666612345，邮箱 huanglei@example.com",
               "质检员：刘洋 15268801234", "联系人：郑丽君 +8613957162210"]
EN_CONTACTS = ["Contact: Ms. Chen +86 139 5712 3456", "Sales rep: Zhou Min, mobile 136-0578-2214",
               "Attn: Mr. Wang, wang.wei@example.com, +86 13812345678"]
OPERATORS = ["王芳", "李娜", "张伟", "刘洋", "陈静", "杨帆", "赵丽", "黄磊", "周敏", "吴刚", "徐丽萍", "孙建国",
             "马晓燕", "朱海燕", "胡明", "郭秀英", "何晓东", "林小红", "高建华", "罗文", "梁晓峰", "宋佳", "郑丽君",
             "谢志强", "韩雪", "唐亮", "冯秀兰", "于海", "董静", "萧玉梅", "潘建新", "蒋红英", "沈国平", "钱丽娟",
             "俞伟", "章晓东"]
CN_COLOURS = ["黑色", "藏青", "米白", "酒红", "浅灰", "墨绿", "雾霾蓝", "卡其", "天蓝", "粉红", "军绿", "咖啡",
              "大红", "香槟色", "焦糖色", "深灰", "姜黄", "湖蓝"]


def cn_desc(rng: random.Random, weave_cn: str) -> str:
    a, b = rng.sample(CN_FEATURES, 2)
    u, w = rng.sample(CN_USES, 2)
    return f"{weave_cn}组织，{a}，{b}，适用于{u}、{w}。"


def money(x: float) -> str:
    return f"{x:.2f}"


def hs_form(rng: random.Random, code: str, forms: list[str]) -> str:
    """One 6-digit subheading in one of the written forms enterprises use."""
    if not code:
        return ""
    f = rng.choice(forms)
    return {"dot": f"{code[:4]}.{code[4:]}", "six": code, "ten": code + "0000", "eight": code + "00",
            "dot8": f"{code[:4]}.{code[4:]}.00", "blank": ""}[f]


def fullwidth(text: str) -> str:
    table = {ord(c): ord(c) + 0xFEE0 for c in "0123456789%ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"}
    return text.translate(table)


def unique_rows(rng: random.Random, n: int, make) -> list[Row]:
    """Draw rows until n have distinct specifications (no accidental re-listings)."""
    rows, seen = [], set()
    guard = 0
    while len(rows) < n:
        guard += 1
        assert guard < n * 200, "cannot draw enough distinct products"
        row, spec = make()
        if spec in seen:
            continue
        seen.add(spec)
        rows.append(row)
    return rows


# --------------------------------------------------------------------------------------------
# Products, per enterprise
# --------------------------------------------------------------------------------------------

HZ_FAMILIES = [
    # name, compositions, yarn, gsm range, weave, (greige HS, finished HS), CNY/m
    ("全棉府绸 40S×40S 133×72", ["全棉", "100%棉", "纯棉"], "40S", (115, 125), "平纹",
     ("520812", "520832"), (6.8, 9.6)),
    ("全棉细布 60S×60S 90×88", ["全棉", "100%棉"], "60S", (88, 98), "平纹", ("520811", "520831"), (6.2, 8.5)),
    ("全棉斜纹 32S×32S 130×70", ["全棉", "纯棉", "100%棉"], "32S", (160, 178), "斜纹",
     ("520813", "520833"), (8.0, 11.5)),
    ("全棉卡其 21S×21S 108×58", ["全棉", "100%棉"], "21S", (235, 265), "斜纹", ("520912", "520932"), (11.0, 15.0)),
    ("全棉帆布 10S×10S 72×46", ["100%棉", "纯棉"], "10S", (320, 360), "平纹", ("520911", "520931"), (13.0, 18.0)),
    ("涤棉平纹布 T/C 65/35 45S×45S 110×76", ["T/C 65/35", "65%涤纶 35%棉"], "45S", (105, 115), "平纹",
     ("551311", "551321"), (5.2, 7.0)),
    ("涤棉府绸 T/C 80/20 45S×45S 133×72", ["80%涤纶 20%棉", "T/C 80/20"], "45S", (110, 120), "平纹",
     ("551311", "551321"), (5.8, 7.5)),
    ("CVC府绸 40S×40S 133×72", ["CVC 60/40", "60%棉 40%涤纶"], "40S", (115, 125), "平纹",
     ("521011", "521031"), (6.5, 8.8)),
    ("涤粘仿毛哔叽 T/R 65/35", ["T/R 65/35", "65%涤纶 35%粘胶"], "32S/2", (220, 260), "斜纹", ("551511", "551511"),
     (14.0, 19.0)),
    ("全棉贡缎 60S×60S 173×124", ["全棉", "100%棉"], "60S", (125, 140), "缎纹", ("520819", "520839"), (12.0, 16.5)),
    ("弹力府绸 40S+40D", ["棉/氨纶 97/3", "97%棉 3%氨纶"], "40S", (125, 135), "平纹",
     ("520812", "520832"), (8.5, 11.0)),
    ("全棉小提花布 40S", ["全棉", "纯棉"], "40S", (150, 180), "提花", ("520819", "520839"), (12.5, 17.0)),
    ("亚麻棉平纹布 55/45", ["亚麻55% 棉45%", "55%亚麻 45%棉"], "21S", (150, 170), "平纹", ("530921", "530929"),
     (16.0, 22.0)),
    ("涤纶春亚纺 75D×75D", ["100%涤纶", "涤纶100%"], "75D", (62, 70), "平纹", ("540761", "540761"), (2.8, 3.8)),
    ("全棉牛津纺 40S/2×21S", ["全棉", "100%棉"], "40S/2", (130, 150), "平纹", ("520812", "520842"), (9.0, 12.0)),
]
HZ_INTERNAL = ["", "", "", "老客户返单", "急单", "样布已寄", "需复核", "库存布", "外发织造"]


def hz_make(rng: random.Random):
    name, comps, yarn, (lo, hi), weave, hs, price = rng.choice(HZ_FAMILIES)
    greige = rng.random() < 0.45
    colour = rng.choice(["本白", "原色", "漂白"]) if greige else rng.choice(CN_COLOURS)
    gsm = rng.randint(lo, hi)
    width = rng.choice(["57/58", "57/58", "63", "47", "67", "58/60"])
    t = rand_time(rng, 0.22)
    v = {
        "name": name,
        "category": rng.choice(["坯布", "坯布", "白坯布", "胚布"] if greige else ["面料", "色布", "成品布"]),
        "hs_code": hs_form(rng, hs[0] if greige else hs[1], ["dot", "dot", "six", "ten", "blank"]),
        "fiber_composition": rng.choice(comps),
        "yarn_count_tex": yarn if rng.random() < 0.85 else "",
        "fabric_weight_gsm": str(gsm),
        "width_cm": width,
        "weave": weave,
        "color": colour,
        "unit_price_cny": money(rng.uniform(*price)),
        "description": cn_desc(rng, weave),
        "updated_at": f_iso(t),
        "_internal": rng.choice(HZ_INTERNAL),
    }
    return Row(v, t), (name, colour, gsm, width, greige)


def gen_hz(rng: random.Random) -> tuple[list[Row], list[Row]]:
    """hz_weaving: the main export (118 products) and a re-export a month later (34 rows)."""
    base = unique_rows(rng, 122, lambda: hz_make(rng))
    for i, r in enumerate(base):
        r.v = {"sku": f"TX-{i + 1:04d}", **r.v}
    main, new = base[:118], base[118:]
    for r in rng.sample(main, 3):                         # a few widths given inline in cm
        r.v["width_cm"] = rng.choice(["150cm", "160CM", "148cm"])
    pool = list(range(100))                               # defects only before the blank lines
    contact = take(pool, rng, 4, rows=main)
    for k, i in enumerate(contact):
        main[i].v["description"] += CN_CONTACTS[k]
        main[i].tag("contact_in_description", "description", "kept (phone/name scrubbed)")
    plant(main, pool, rng, "invalid_hs_code", "hs_code", "8471.30", "quarantined: invalid_hs_code")
    plant(main, pool, rng, "composition_sum_not_100", "fiber_composition", "65%涤纶 30%棉",
          "quarantined: composition_sum_not_100")
    plant(main, pool, rng, "invalid_fabric_weight", "fabric_weight_gsm", "abc",
          "quarantined: invalid_fabric_weight_gsm")
    plant(main, pool, rng, "missing_name", "name", "", "quarantined: missing_name")
    plant(main, pool, rng, "missing_category", "category", "", "quarantined: missing_category")
    plant(main, pool, rng, "unknown_category", "category", "辅料", "quarantined: invalid_category")
    plant(main, pool, rng, "unknown_weave", "weave", "色织", "quarantined: invalid_weave")
    plant(main, pool, rng, "missing_fabric_weight", "fabric_weight_gsm", "",
          "quarantined: missing_fabric_weight_gsm", when=lambda r: r.v["category"] in ("坯布", "白坯布", "胚布"))
    plant(main, pool, rng, "invalid_updated_at", "updated_at", "2026-02-30 10:00:00",
          "quarantined: invalid_updated_at")

    # the re-export: 20 unchanged rows (exact re-uploads), 8 new versions, 2 re-listings, 4 new products
    dup_i = take(pool, rng, 20, rows=main)
    ver_i = take(pool, rng, 8, rows=main)
    rel_i = take(pool, rng, 2, rows=main)
    reup: list[Row] = []
    for i in dup_i:
        c = main[i].copy()
        main[i].tag("exact_duplicate_original", None, "merged (exact duplicate of a later re-upload)")
        c.tag("exact_duplicate_copy", None, "kept (same row re-uploaded)", of=main[i].v["sku"])
        reup.append(c)
    for i in ver_i:
        c = main[i].copy()
        c.t = later(rng, main[i].t)
        c.v["updated_at"] = f_iso(c.t)
        c.v["unit_price_cny"] = money(float(main[i].v["unit_price_cny"]) * rng.choice([1.04, 1.06, 1.08, 0.95]))
        main[i].tag("older_version", "unit_price_cny", "merged (superseded by a later updated_at)")
        c.tag("newer_version", "unit_price_cny", "kept (latest updated_at)", of=main[i].v["sku"])
        reup.append(c)
    for i in rel_i:
        c = main[i].copy()
        c.t = later(rng, main[i].t)
        c.v["updated_at"] = f_iso(c.t)
        c.v["sku"] = main[i].v["sku"].replace("-", "")
        main[i].tag("relisting_original", "sku", "merged into the re-listing (same spec, code reformatted)")
        c.tag("relisting", "sku", "kept (re-listing of " + main[i].v["sku"] + ")", of=main[i].v["sku"])
        reup.append(c)
    for r in new:
        r.t = dt.datetime(2026, 10, rng.randint(8, 27), rng.randint(8, 17), rng.randrange(60))
        r.v["updated_at"] = f_iso(r.t)
        reup.append(r)
    reup.sort(key=lambda r: r.v["sku"].replace("-", ""))
    # blank lines, as Excel leaves them when rows are deleted: after record 105, 112 and 116
    out = [*main[:105], Row({}, blank=True), *main[105:112], Row({}, blank=True), *main[112:116],
           Row({}, blank=True), *main[116:]]
    return out, reup


SX_FAMILIES = [
    # name, compositions, gsm range, weave, HS, CNY/m, printed
    ("涤纶雪纺 75D 印花", ["100%涤纶", "涤纶100%"], (72, 82), "平纹", "540754", (7.5, 11.0), True),
    ("涤纶雪纺 75D 素色", ["100%涤纶", "涤纶100%"], (72, 82), "平纹", "540752", (6.5, 9.5), False),
    ("Polyester Satin 75D×150D", ["100% Polyester", "Polyester 100%"], (95, 110), "satin", "540761", (8.0, 12.0),
     False),
    ("仿真丝双绉", ["聚酯纤维100%", "100%涤纶"], (85, 95), "平纹", "540761", (9.0, 13.0), False),
    ("涤纶四面弹", ["涤/氨 92/8", "涤纶92% 氨纶8%"], (150, 180), "平纹", "540752", (12.0, 16.0), False),
    ("人棉印花布 45S", ["100%粘胶", "100%人棉"], (110, 125), "平纹", "551614", (9.5, 13.5), True),
    ("T/R四面弹 32S/2", ["T/R/SP 63/32/5", "63%涤纶 32%粘胶 5%氨纶"], (260, 300), "斜纹", "551511",
     (18.0, 25.0), False),
    ("全棉印花府绸 40S", ["全棉", "100%棉"], (115, 125), "平纹", "520852", (10.0, 14.0), True),
    ("锦纶塔丝隆 228T", ["100%锦纶", "锦纶100%"], (110, 140), "斜纹", "540742", (8.5, 12.5), False),
    ("天丝棉斜纹 60/40", ["天丝60% 棉40%", "60%天丝 40%棉"], (170, 190), "斜纹", "551642", (22.0, 30.0), False),
    ("涤纶经编网眼布", ["100%涤纶"], (110, 130), "经编", "600537", (6.0, 9.0), False),
    ("麻棉印花布 55/45", ["亚麻55% 棉45%"], (150, 165), "平纹", "530929", (18.0, 24.0), True),
    ("涤纶色丁 50D", ["涤纶 100%", "100%涤纶"], (95, 115), "色丁", "540761", (5.5, 8.0), False),
]
SX_COLOURS = [*CN_COLOURS, "C-1023 浅灰", "#08 大红", "BK-01 黑", "N-23 藏青"]


def sx_make(rng: random.Random):
    name, comps, (lo, hi), weave, hs, price, printed = rng.choice(SX_FAMILIES)
    colour = rng.choice(SX_COLOURS)
    gsm = rng.randint(lo, hi)
    width = str(rng.choice([145, 148, 150, 150, 150, 155, 160]))
    p = rng.uniform(*price)
    t = rand_time(rng, 0.2)
    v = {
        "name": name,
        "category": "印花布" if printed else rng.choice(["面料", "成品布", "色布", "面料", "finished fabric"]),
        "hs_code": hs_form(rng, hs, ["dot", "six", "six", "ten", "dot8", "blank"]),
        "fiber_composition": rng.choice(comps),
        "fabric_weight_gsm": str(gsm),
        "width_cm": width,
        "weave": weave,
        "color": colour,
        "unit_price_cny": f"{p:.1f}元/米" if rng.random() < 0.2 else f"{p:.1f}",
        "description": cn_desc(rng, weave if weave not in ("satin", "色丁") else "缎纹"),
        "updated_at": f_slash(t),
        "_erp": rng.choice(["Y", "Y", "N", ""]),
    }
    return Row(v, t), (name, colour, gsm, width)


def gen_sx(rng: random.Random) -> list[Row]:
    rows = unique_rows(rng, 108, lambda: sx_make(rng))
    for i, r in enumerate(rows):
        r.v = {"sku": f"SXD-{21001 + i}", **r.v}
    for r in rng.sample(rows, 3):
        r.v["sku"] = r.v["sku"].lower()                  # typed in lower case: normalizes to upper
    for r in rng.sample(rows, 3):
        r.v["width_cm"] = '57/58"'                       # inline inch pair under a cm header
    pool = list(range(len(rows)))
    for i in take(pool, rng, 2, when=lambda r: "涤纶" in r.v["fiber_composition"] and "%" in
                  r.v["fiber_composition"] and "氨" not in r.v["fiber_composition"], rows=rows):
        rows[i].v["fiber_composition"] = "滌綸100%"
        rows[i].tag("traditional_composition", "fiber_composition", "kept (normalizes to 涤纶 100)")
    for k, i in enumerate(take(pool, rng, 3, rows=rows)):
        rows[i].v["description"] += CN_CONTACTS[4 + k]
        rows[i].tag("contact_in_description", "description", "kept (phone/name scrubbed)")
    plant(rows, pool, rng, "invalid_hs_code", "hs_code", "999999", "quarantined: invalid_hs_code")
    plant(rows, pool, rng, "invalid_hs_code", "hs_code", "5208.99", "quarantined: invalid_hs_code")
    plant(rows, pool, rng, "composition_sum_not_100", "fiber_composition", "涤纶95% 氨纶3%",
          "quarantined: composition_sum_not_100")
    plant(rows, pool, rng, "unparseable_composition", "fiber_composition", "见吊牌",
          "quarantined: invalid_fiber_composition")
    plant(rows, pool, rng, "negative_fabric_weight", "fabric_weight_gsm", "-120",
          "quarantined: out_of_range_fabric_weight_gsm")
    plant(rows, pool, rng, "price_not_a_number", "unit_price_cny", "面议", "quarantined: invalid_unit_price_cny", n=2)
    plant(rows, pool, rng, "missing_sku", "sku", "", "quarantined: missing_sku")
    plant(rows, pool, rng, "unknown_weave", "weave", "烂花", "quarantined: invalid_weave")
    plant(rows, pool, rng, "missing_fabric_weight", "fabric_weight_gsm", "", "quarantined: missing_fabric_weight_gsm")
    # a re-listing: code without the dash and a spacing change in the name, same specification
    i = take(pool, rng, 1, when=lambda r: " " in r.v["name"] and r.v["sku"].isupper(), rows=rows)[0]
    c = rows[i].copy()
    c.t = later(rng, rows[i].t)
    c.v["updated_at"] = f_slash(c.t)
    c.v["sku"] = rows[i].v["sku"].replace("-", "")
    c.v["name"] = rows[i].v["name"].replace(" ", "", 1)
    rows[i].tag("relisting_original", "sku", "merged into the re-listing (same spec, code reformatted)")
    c.tag("relisting", "sku", "kept (re-listing of " + rows[i].v["sku"] + ", name spacing changed)",
          of=rows[i].v["sku"])
    rows.insert(len(rows) - 5, c)
    return rows


NB_FAMILIES = [
    # name, compositions, yarn, gsm range, weave words, (greige HS, finished HS), CNY/kg
    ("竹节棉针织汗布 32S", ["100% Cotton", "100%棉", "纯棉"], "32S", (140, 160), ["单面", "single jersey"],
     ("600621", "600622"), (38, 48)),
    ("精梳棉汗布 40S", ["100% Cotton", "全棉"], "40S", (120, 140), ["单面", "Single Jersey"], ("600621", "600622"),
     (42, 55)),
    ("棉氨纶汗布 40S+30D", ["Cotton 95% Spandex 5%", "95% CO 5% EL", "棉/氨纶 95/5"], "40S", (180, 210),
     ["jersey", "单面"], ("600410", "600410"), (48, 62)),
    ("CVC珠地网眼布 32S", ["CVC 60/40", "Cotton 60% Polyester 40%"], "32S", (190, 220), ["双面", "knit"],
     ("600621", "600622"), (36, 46)),
    ("Polyester Polar Fleece 150D/144F", ["100% Polyester", "Polyester 100%"], "150D/144F", (220, 300),
     ["weft knit", "纬编"], ("600192", "600192"), (22, 30)),
    ("莫代尔罗纹 1×1", ["Modal 95% Spandex 5%", "莫代尔92% 氨纶8%"], "40S", (200, 230), ["rib", "Rib"],
     ("600410", "600410"), (68, 85)),
    ("全棉双面布 Interlock 40S", ["100% Cotton", "全棉"], "40S", (200, 230), ["interlock", "Interlock"],
     ("600621", "600622"), (45, 58)),
    ("三线卫衣布 T/C 65/35", ["T/C 65/35", "65% Polyester 35% Cotton"], "32S", (280, 330), ["纬编", "knitted"],
     ("600631", "600632"), (30, 40)),
    ("涤纶经编天鹅绒 150D", ["100% Polyester"], "150D", (250, 300), ["warp knit", "经编"], ("600537", "600537"),
     (24, 32)),
    ("全棉棉毛布 40S", ["全棉", "纯棉"], "40S", (180, 210), ["双面", "interlock"], ("600621", "600622"), (44, 56)),
    ("天丝针织汗布 40S", ["Tencel 100%", "100%莱赛尔"], "40S", (150, 170), ["单面", "jersey"], ("600641", "600642"),
     (75, 95)),
    ("涤纶鸟眼布 75D/72F", ["100% Polyester"], "75D/72F", (130, 150), ["knit", "weft-knit"], ("600631", "600632"),
     (20, 27)),
]
NB_COLOURS = ["Navy", "Heather Grey", "Black", "White", "漂白", "藏青", "Burgundy", "Olive", "Off-White", "麻灰",
              "Sky Blue", "Charcoal", "Khaki", "Coral"]
NB_REMARKS_EN = ["Open width, compacted", "Tubular, enzyme washed", "Brushed back", "Peached finish",
                 "Silicone softened", "Anti-pilling grade 4", "Moisture wicking", "Bio-polished"]
NB_REMARKS_CN = ["开幅定型", "筒状出货", "磨毛处理", "预缩，缩率≤5%", "硅油柔软", "抗起球4级", "吸湿速干"]


def nb_make(rng: random.Random):
    name, comps, yarn, (lo, hi), weaves, hs, price = rng.choice(NB_FAMILIES)
    greige = rng.random() < 0.25
    colour = rng.choice(["Natural", "本白"]) if greige else rng.choice(NB_COLOURS)
    gsm = rng.randint(lo, hi)
    width = rng.choice([160, 165, 170, 180, 185])
    t = rand_time(rng, 0.18)
    v = {
        "name": name,
        "category": rng.choice(["greige", "坯布", "Greige Fabric"] if greige else
                               ["Finished Fabric", "fabric", "面料", "finished", "FINISHED FABRIC"]),
        "hs_code": hs_form(rng, hs[0] if greige else hs[1], ["dot", "six", "ten", "dot"]),
        "fiber_composition": rng.choice(comps),
        "yarn_count_tex": yarn,
        "fabric_weight_gsm": gsm,
        "width_cm": width,
        "weave": rng.choice(weaves),
        "color": colour,
        "unit_price_cny": round(rng.uniform(*price), 1),
        "description": rng.choice(NB_REMARKS_EN) if rng.random() < 0.6 else rng.choice(NB_REMARKS_CN),
        "updated_at": t,                                   # written as a serial number or a date cell
        "_bin": f"{rng.choice('ABCD')}-{rng.randint(1, 12):02d}-{rng.randint(1, 4)}",
    }
    return Row(v, t), (name, colour, gsm, width)


def gen_nb(rng: random.Random) -> list[Row]:
    rows = unique_rows(rng, 98, lambda: nb_make(rng))
    for i, r in enumerate(rows):
        r.v = {"sku": f"NBK-{1001 + i}", **r.v}
    pool = list(range(len(rows)))
    plant(rows, pool, rng, "invalid_hs_code", "hs_code", "6109.10", "quarantined: invalid_hs_code")
    plant(rows, pool, rng, "invalid_hs_code", "hs_code", "6005.32", "quarantined: invalid_hs_code")
    plant(rows, pool, rng, "composition_sum_not_100", "fiber_composition", "Cotton 95% Spandex 3%",
          "quarantined: composition_sum_not_100")
    plant(rows, pool, rng, "invalid_fabric_weight", "fabric_weight_gsm", "很重",
          "quarantined: invalid_fabric_weight_gsm")
    plant(rows, pool, rng, "negative_width", "width_cm", -180, "quarantined: out_of_range_width_cm")
    plant(rows, pool, rng, "missing_name", "name", None, "quarantined: missing_name")
    plant(rows, pool, rng, "missing_category", "category", None, "quarantined: missing_category")
    plant(rows, pool, rng, "unknown_category", "category", "样品", "quarantined: invalid_category")
    # copy-paste duplicates (right below the original) and one re-listing at the end
    dup_i = take(pool, rng, 3, rows=rows)
    rel_i = take(pool, rng, 1, rows=rows)[0]
    c = rows[rel_i].copy()
    c.t = later(rng, rows[rel_i].t)
    c.v["updated_at"] = c.t
    c.v["sku"] = rows[rel_i].v["sku"].replace("-", "")
    rows[rel_i].tag("relisting_original", "sku", "merged into the re-listing (same spec, code reformatted)")
    c.tag("relisting", "sku", "kept (re-listing of " + rows[rel_i].v["sku"] + ")", of=rows[rel_i].v["sku"])
    out = []
    for i, r in enumerate(rows):
        out.append(r)
        if i in dup_i:
            d = r.copy()
            r.tag("exact_duplicate_original", None, "merged (exact duplicate of the next row)")
            d.tag("exact_duplicate_copy", None, "kept (copy-pasted row)", of=r.v["sku"])
            out.append(d)
    out.append(c)
    return out


HUZ_FAMILIES = [
    # name, category kind, compositions, weight, widths, weave, HS, CNY per piece or metre
    ("全棉贡缎四件套 1.8m床", "home", ["全棉", "100%棉"], None, [None], "缎纹", "630231", (368, 699)),
    ("全棉印花四件套 1.5m床", "home", ["纯棉", "100%棉"], None, [None], "平纹", "630221", (239, 459)),
    ("天丝四件套 1.8m床", "home", ["天丝100%", "Tencel 100%"], None, [None], "缎纹", "630232", (599, 999)),
    ("莫代尔针织床笠 1.8×2.0m", "home", ["莫代尔92% 氨纶8%"], None, [None], "针织", "630232", (129, 199)),
    ("桑蚕丝被 200×230cm", "home", ["桑蚕丝100%", "100%真丝"], None, [None], "其他", "", (1280, 3680)),
    ("真丝双绉面料 16姆米", "finished", ["真丝100%", "桑蚕丝100%"], (66, 70), ["114cm", "140cm"], "平纹", "500720",
     (98, 138)),
    ("真丝素绉缎 19姆米", "finished", ["桑蚕丝100%"], (80, 84), ["114cm", "140cm"], "缎纹", "500720", (128, 168)),
    ("纯棉割绒毛巾 34×76cm", "home", ["100%棉", "纯棉"], "towel", [None], "其他", "630260", (18, 39)),
    ("涤纶遮光窗帘布", "home", ["100%涤纶"], (280, 320), ["280cm", "2.8m", "300cm"], "提花", "630392", (45, 88)),
    ("亚麻桌布 140×180cm", "home", ["亚麻100%"], None, [None], "平纹", "630259", (158, 268)),
    ("羊毛毯 150×200cm", "home", ["羊毛80% 锦纶20%"], None, [None], "其他", "630120", (398, 899)),
    ("全棉纱布浴巾 六层", "home", ["全棉"], None, [None], "平纹", "630291", (49, 89)),
]
HUZ_COLOURS = ["象牙白", "雾霾蓝", "浅粉", "银灰", "香槟金", "墨绿", "米白", "豆沙色", "藏青", "燕麦色", "薄荷绿"]
HUZ_DESC = {  # first keyword found in the product name picks the pool
    "丝被": ["湖州丝绸，手工拉制丝绵", "100%桑蚕丝填充，四季可用", "A类标准，亲肤透气"],
    "姆米": ["湖州丝绸，手感滑爽", "真丝光泽自然，适用于连衣裙、衬衫", "可定制数码印花"],
    "套": ["60支长绒棉，高密贡缎", "活性印染，色牢度高", "A类婴幼儿标准，亲肤柔软", "防螨抗菌整理", "可机洗，30℃水温"],
    "床笠": ["弹力包边，四季适用", "A类婴幼儿标准，亲肤柔软", "可机洗，30℃水温"],
    "巾": ["吸水性强，不掉毛", "A类婴幼儿标准，亲肤柔软", "可机洗，30℃水温"],
    "窗帘": ["遮光率95%以上", "阻燃整理可选", "可定制尺寸"],
    "桌布": ["亚麻天然质感，可机洗", "防污整理", "可定制尺寸"],
    "毯": ["美利奴羊毛，保暖轻柔", "建议干洗", "A类标准，亲肤透气"],
}


def huz_make(rng: random.Random):
    name, kind, comps, weight, widths, weave, hs, price = rng.choice(HUZ_FAMILIES)
    colour = rng.choice(HUZ_COLOURS)
    if weight == "towel":
        w = rng.choice([420, 450, 480, 500, 550])
        wv = f"{w}g/m2" if rng.random() < 0.6 else f"{w}克/平方米"
    elif weight:
        w = rng.randint(*weight)
        wv = w
    else:
        w, wv = None, None
    width = rng.choice(widths)
    t = rand_time(rng, 0.25)
    v = {
        "name": name,
        "category": rng.choice(["面料", "成品面料"]) if kind == "finished" else
        rng.choice(["家纺", "家紡", "床品", "home textile", "家用纺织品"] if "床" in name or "被" in name
                   else ["家纺", "家紡", "home textile", "家用纺织品"]),
        "hs_code": hs_form(rng, hs, ["dot", "six", "ten"]) if hs else None,
        "fiber_composition": rng.choice(comps),
        "fabric_weight_gsm": wv,
        "width_cm": width,
        "weave": weave,
        "color": colour,
        "unit_price_cny": round(rng.uniform(*price)) if kind == "home" else round(rng.uniform(*price), 1),
        "description": rng.choice(next(v for k, v in HUZ_DESC.items() if k in name)),
        "updated_at": unix_s(t) * 1000,
    }
    return Row(v, t), (name, colour, w, width)


def to_traditional_fullwidth(r: Row) -> None:
    for k in ("name", "fiber_composition", "color", "weave", "description"):
        if isinstance(r.v.get(k), str):
            r.v[k] = fullwidth(_S2T.convert(r.v[k])) if k in ("name", "fiber_composition") else _S2T.convert(r.v[k])
    r.v["category"] = "家紡" if r.v["category"] not in ("面料", "成品面料") else "面料"


def gen_huz(rng: random.Random) -> list[Row]:
    rows = unique_rows(rng, 84, lambda: huz_make(rng))
    for i, r in enumerate(rows):
        r.v = {"sku": f"HT-{3001 + i}", **r.v}
    pool = list(range(len(rows)))
    for i in take(pool, rng, 3, when=lambda r: r.v["category"] != "面料" and r.v["hs_code"], rows=rows):
        to_traditional_fullwidth(rows[i])
        rows[i].tag("traditional_fullwidth_row", "name", "kept (NFKC + Traditional->Simplified)")
    plant(rows, pool, rng, "invalid_hs_code", "hs_code", "9404.90", "quarantined: invalid_hs_code",
          when=lambda r: "丝被" in r.v["name"])
    plant(rows, pool, rng, "unknown_weight_unit", "fabric_weight_gsm", "19两",
          "quarantined: invalid_fabric_weight_gsm", n=2, when=lambda r: "姆米" in r.v["name"])
    plant(rows, pool, rng, "missing_sku", "sku", None, "quarantined: missing_sku")
    # five products edited again, the newer row in the same file (two of them written first)
    ver_i = take(pool, rng, 5, rows=rows)
    out = list(rows)
    for k, i in enumerate(ver_i):
        c = rows[i].copy()
        c.t = later(rng, rows[i].t)
        c.v["updated_at"] = unix_s(c.t) * 1000
        old = rows[i].v["unit_price_cny"]
        new = old * rng.choice([1.05, 1.1, 0.9])
        c.v["unit_price_cny"] = round(new) if isinstance(old, int) else round(new, 1)
        rows[i].tag("older_version", "unit_price_cny", "merged (superseded by a later updated_at)")
        c.tag("newer_version", "unit_price_cny", "kept (latest updated_at)", of=rows[i].v["sku"],
              written_before_older=k < 2)
        if k < 2:
            out.insert(out.index(rows[i]), c)               # newer version written above the older one
        else:
            out.append(c)
    return out


JX_FAMILIES = [
    # name, compositions, yarn counts, HS, CNY/kg, category words
    ("纯棉精梳纱 40S", ["纯棉", "100%棉", "精梳棉100%"], ["40S", "40支"], "520524", (26, 31), ["纱线", "棉纱"]),
    ("纯棉精梳纱 60S", ["纯棉", "100%棉"], ["60S", "60支"], "520527", (34, 40), ["纱线", "棉纱"]),
    ("纯棉精梳紧密纺股线 80S/2", ["100%棉"], ["80S/2"], "520548", (52, 62), ["纱线", "棉纱"]),
    ("纯棉普梳纱 21S", ["纯棉", "100%棉"], ["21S", "21支"], "520512", (20, 24), ["纱线", "棉纱"]),
    ("纯棉精梳股线 32S/2", ["100%棉", "全棉"], ["32S/2"], "520544", (29, 34), ["纱线", "棉纱"]),
    ("纯棉纱 20tex", ["100%棉"], ["20tex"], "520523", (25, 29), ["纱线", "棉纱"]),
    ("涤棉纱 T/C 65/35 45S", ["T/C 65/35", "65%涤纶 35%棉"], ["45S", "45支"], "550953", (17, 21), ["混纺纱", "纱线"]),
    ("CVC纱 60/40 32S", ["CVC 60/40"], ["32S", "32支"], "520624", (19, 23), ["混纺纱", "纱线"]),
    ("人棉纱 30S", ["100%粘胶", "100%人棉"], ["30S", "30支"], "551011", (16, 20), ["纱线", "Yarn"]),
    ("涤纶低弹丝 DTY 150D/48F", ["100%涤纶", "涤纶100%"], ["150D/48F", "150D"], "540233", (8.5, 10.5),
     ["涤纶纱", "纱线"]),
    ("涤纶全牵伸丝 FDY 75D/72F", ["100%涤纶"], ["75D/72F"], "540247", (9.0, 11.5), ["涤纶纱", "纱线"]),
    ("涤纶DTY 167dtex/48F", ["100%涤纶"], ["167dtex", "167dtex/48F"], "540233", (8.5, 10.5), ["涤纶纱", "纱线"]),
    ("精纺羊毛纱 2/48Nm", ["100%羊毛"], ["2/48Nm"], "510710", (160, 220), ["纱线", "yarn"]),
    ("羊毛腈纶混纺纱 2/32Nm", ["羊毛70% 腈纶30%"], ["2/32Nm"], "510720", (68, 95), ["混纺纱", "纱线"]),
    ("腈纶膨体纱 32S/2", ["100%腈纶"], ["32S/2"], "550932", (18, 23), ["纱线"]),
    ("亚麻纱 Nm 26", ["亚麻100%"], ["Nm 26", "26Nm"], "530610", (55, 75), ["纱线"]),
    ("精纺羊毛单纱 Nm 50", ["100%羊毛", "羊毛100%"], ["Nm 50", "50公支"], "510710", (170, 230), ["纱线", "yarn"]),
    ("色纺纱 30S", ["CVC 60/40", "60%棉 40%涤纶"], ["30S"], "520623", (22, 27), ["色纱"]),
]
JX_COLOURS = ["本白", "漂白", "黑色", "麻灰", "藏青", "浅灰", "米黄", "中灰", "红色", "宝蓝"]
JX_DESC = ["条干均匀，毛羽少，适用于高档针织面料", "单纱强力高，适用于喷气织造", "紧密纺，光洁度好", "配棉稳定，批差小",
           "可提供筒纱或绞纱", "染色均匀性好，适用于色织"]
JX_DESC_FILAMENT = ["网络度均匀，适用于喷水织造", "染色均匀性好，AA级", "可提供有光、半消光", "卷装成形好，退绕顺畅"]
JX_EURO = ["出口欧洲，FOB参考价 €3.20/kg", "欧洲客户指定，报价另附 €4.15/kg", "出口订单，参考价 €2.85/kg"]


def jx_make(rng: random.Random):
    name, comps, counts, hs, price, cats = rng.choice(JX_FAMILIES)
    name = f"{name} {rng.choice(['针织用', '机织用'])}"
    colour = rng.choice(JX_COLOURS if cats == ["色纱"] else [*JX_COLOURS[:3], "本白", "本白", "浅灰"])
    count = rng.choice(counts)
    t = rand_time(rng, 0.2)
    v = {
        "name": name,
        "category": rng.choice(cats),
        "hs_code": hs_form(rng, hs, ["six", "ten", "dot", "blank"]),
        "fiber_composition": rng.choice(comps),
        "yarn_count_tex": count,
        "color": colour,
        "unit_price_cny": money(rng.uniform(*price)),
        "description": rng.choice(JX_DESC_FILAMENT if "丝" in name or "DTY" in name else JX_DESC),
        "updated_at": f_cn(t),
        "_store": rng.choice(["一号库", "二号库", "外协库"]),
    }
    return Row(v, t), (name, colour, count)


def gen_jx(rng: random.Random) -> list[Row]:
    rows = unique_rows(rng, 90, lambda: jx_make(rng))
    eid = ENT["jx_spinning"].uscc
    for i, r in enumerate(rows):
        r.v = {"enterprise_id": eid, "sku": f"JX-{5001 + i}", **r.v}
    pool = list(range(len(rows)))
    for k, i in enumerate(take(pool, rng, 3, rows=rows)):
        rows[i].v["description"] += "；" + JX_EURO[k]      # the euro sign is outside GBK: this file is GB18030
        rows[i].tag("gb18030_only_character", "description", "kept")
    plant(rows, pool, rng, "unparseable_composition", "fiber_composition", "混纺",
          "quarantined: invalid_fiber_composition")
    plant(rows, pool, rng, "missing_sku", "sku", "", "quarantined: missing_sku")
    plant(rows, pool, rng, "missing_category", "category", "", "quarantined: missing_category")
    plant(rows, pool, rng, "missing_yarn_count", "yarn_count_tex", "", "quarantined: missing_yarn_count_tex", n=2)
    plant(rows, pool, rng, "invalid_yarn_count", "yarn_count_tex", "待定", "quarantined: invalid_yarn_count_tex")
    return rows


WZ_FAMILIES = [
    # name, compositions, yarn, weight (kind, values), widths (cm), structure words, HS (by gsm), CNY
    ("Nonwoven spunlace {g}gsm", ["Viscose 70% Polyester 30%", "100% Polyester", "70% Viscose 30% Polyester"], "",
     ("gsm", [40, 45, 50, 55, 60, 68, 80]), [180, 210, 260, 320], ["Spunlace", "spunlace"],
     lambda g: "560392" if g <= 70 else "560393", (14.0, 22.0)),
    ("PP spunbond nonwoven {g}gsm", ["100%PP", "100% PP"], "", ("gsm", [15, 20, 25, 30, 40, 50, 60, 80]),
     [160, 200, 240, 320], ["Spunbond", "spunbond"],
     lambda g: "560311" if g <= 25 else ("560312" if g <= 70 else "560313"),
     (9.5, 13.0)),
    ("Meltblown PP filter media {g}gsm", ["100%PP"], "", ("gsm", [20, 25, 30, 40]), [160, 175],
     ["Meltblown", "MELTBLOWN"],
     lambda g: "560311" if g <= 25 else "560312", (18.0, 28.0)),
    ("Needle punched geotextile {g}gsm", ["100% PET", "100% Polyester"], "", ("gsm", [200, 300, 400, 500]), [400, 600],
     ["Non-woven", "nonwoven"], lambda g: "560314", (3.5, 8.5)),
    ("Polyester canvas 600D PU coated", ["100% Polyester"], "600D", ("oz", (7.5, 9.0)), [150, 160],
     ["Plain", "PLAIN WEAVE"], lambda g: "590320", (9.0, 13.0)),
    ("PVC coated tarpaulin 1000D 20×20", ["100% Polyester"], "1000D", ("oz", (16.0, 20.0)), [250, 300], ["Plain"],
     lambda g: "590310", (14.0, 21.0)),
    ("PP filter cloth 750B", ["100%PP"], "", ("oz", (9.0, 12.0)), [120, 150], ["Twill", "twill weave"],
     lambda g: "591140", (16.0, 24.0)),
    ("Polyester webbing 25mm", ["100% Polyester"], "1680D", None, ["2.5"], ["Twill"], lambda g: "580632", (0.6, 1.2)),
    ("Nylon ripstop 70D", ["Nylon 100%", "100% Nylon"], "70D", ("oz", (1.8, 2.3)), [150], ["Plain"],
     lambda g: "540742", (7.5, 10.5)),
    ("Cotton duck canvas {g}oz", ["100% Cotton"], "10S", ("inline_oz", [10, 12, 14]), [150, 180],
     ["Plain", "plain weave"], lambda g: "520911", (12.0, 18.0)),
]
WZ_COLOURS = ["White", "Blue", "Green", "Black", "Orange", "Grey", "Navy", "Khaki", "Olive Green", "Natural", "Yellow"]
WZ_REMARKS = ["Suitable for wet wipes and medical gauze", "For agriculture cover and crop protection",
              "Road and dam construction", "Truck cover, tent and awning", "Dust collector bags",
              "Bag and luggage strap",
              "Outdoor jackets and tents", "Shoe lining and packaging", "Face mask middle layer"]


def wz_make(rng: random.Random):
    name, comps, yarn, weight, widths, structs, hs, price = rng.choice(WZ_FAMILIES)
    g = None
    if weight is None:
        wv = ""
    elif weight[0] == "gsm":
        g = rng.choice(weight[1])
        wv = f"{g}gsm" if rng.random() < 0.7 else f"{g} g/m2"
    elif weight[0] == "inline_oz":
        g = rng.choice(weight[1])
        wv = f"{g}oz"
    else:
        g = round(rng.uniform(*weight[1]), 1)
        wv = f"{g}"
    name = name.format(g=g)
    width = str(rng.choice(widths))
    colour = rng.choice(WZ_COLOURS)
    t = rand_time(rng, 0.2)
    form = rng.random()
    ts = f_compact(t) if form < 0.5 else (f_iso_offset(t) if form < 0.8 else str(unix_s(t)))
    v = {
        "name": name,
        "category": rng.choice(["Industrial Textile", "industrial textiles", "Technical Textile", "technical textiles",
                                "产业用"]),
        "hs_code": hs_form(rng, hs(g or 0), ["dot", "six", "dot8"]),
        "fiber_composition": rng.choice(comps),
        "yarn_count_tex": yarn,
        "fabric_weight_gsm": wv,
        "width_cm": width,
        "weave": rng.choice(structs),
        "color": colour,
        "unit_price_cny": money(rng.uniform(*price)),
        "description": f"{rng.choice(WZ_REMARKS)}; {rng.choice(EN_FEATURES)}.",
        "updated_at": ts,
        "_moq": rng.choice(["1000", "2000", "5000", "1 ton", ""]),
    }
    return Row(v, t), (name, colour, width, wv)


def gen_wz(rng: random.Random) -> list[Row]:
    rows = unique_rows(rng, 88, lambda: wz_make(rng))
    for i, r in enumerate(rows):
        r.v = {"sku": f"WZ-{6001 + i}", **r.v}
    pool = list(range(len(rows)))
    for r in [rows[i] for i in take(pool, rng, 2, when=lambda r: r.v["width_cm"] == "160", rows=rows)]:
        r.v["width_cm"] = "1.6m"                           # metres inline under a cm header
    for k, i in enumerate(take(pool, rng, 3, rows=rows)):
        rows[i].v["description"] += " " + EN_CONTACTS[k]
        rows[i].tag("contact_in_description", "description", "kept (phone/name/e-mail scrubbed)")
    plant(rows, pool, rng, "composition_sum_not_100", "fiber_composition", "Viscose 70% Polyester 25%",
          "quarantined: composition_sum_not_100")
    plant(rows, pool, rng, "negative_price", "unit_price_cny", "-12.5", "quarantined: out_of_range_unit_price_cny")
    plant(rows, pool, rng, "missing_name", "name", "", "quarantined: missing_name")
    plant(rows, pool, rng, "unknown_category", "category", "misc", "quarantined: invalid_category")
    plant(rows, pool, rng, "missing_composition", "fiber_composition", "", "quarantined: missing_fiber_composition")
    plant(rows, pool, rng, "invalid_updated_at", "updated_at", "20251345100000", "quarantined: invalid_updated_at")
    # two prices corrected within the same minute: same updated_at, the later row in the file wins
    tie_i = take(pool, rng, 2, rows=rows)
    out = list(rows)
    for i in tie_i:
        c = rows[i].copy()
        c.v["unit_price_cny"] = money(float(rows[i].v["unit_price_cny"]) + 0.5)
        rows[i].tag("version_tie_earlier", "unit_price_cny", "merged (same updated_at; the later row in the file wins)")
        c.tag("version_tie_later", "unit_price_cny", "kept (same updated_at, later in file)", of=rows[i].v["sku"])
        out.append(c)
    return out


def gen_kq(rng: random.Random) -> list[Row]:
    rows = []
    for i in range(8):
        gsm = rng.randint(80, 160)
        t = rand_time(rng, 0.0)
        rows.append(Row({"sku": f"KQT-{101 + i}",
                         "name": rng.choice(["涤纶雪纺", "仿真丝色丁", "涤纶春亚纺", "人棉平纹"]),
                         "category": "面料", "fiber_composition": rng.choice(["100%涤纶", "100%粘胶"]),
                         "fabric_weight_gsm": str(gsm), "width_cm": "150", "unit_price_cny": money(rng.uniform(5, 12)),
                         "updated_at": t.strftime("%Y-%m-%d")}, t))
    return rows


# --------------------------------------------------------------------------------------------
# Machine readings, per enterprise
# --------------------------------------------------------------------------------------------

PROFILES = {
    # speed (rpm) range, efficiency % range, output per minute when running (m), kWh per minute, breaks per interval
    "airjet": ((560, 720), (78, 95), (0.16, 0.22), (0.085, 0.105), 3),
    "rapier": ((380, 480), (80, 93), (0.13, 0.19), (0.045, 0.06), 3),
    "waterjet": ((600, 800), (82, 95), (0.2, 0.28), (0.055, 0.07), 2),
    "dyeing": ((1320, 1480), (70, 92), None, (0.7, 1.4), 0),
    "circular": ((22, 32), (75, 95), (0.45, 0.7), (0.07, 0.11), 2),
    "ring": ((14000, 18500), (90, 98.5), (15.0, 19.0), (0.55, 0.68), 12),
}
STATES = ["running", "idle", "down", "maintenance"]
STEP = {"running": {"idle": 0.02, "down": 0.012, "maintenance": 0.004},
        "idle": {"running": 0.4}, "down": {"running": 0.25}, "maintenance": {"running": 0.12}}


def telemetry(rng: random.Random, machines: list[tuple[str, str, str]], start: dt.datetime, step_min: int,
              n: int, operators: list[str]) -> list[dict]:
    """Readings sorted by time then machine, as a collector exports them (values unformatted)."""
    per_machine = []
    for k, (mid, mtype, profile) in enumerate(machines):
        (s_lo, s_hi), (e_lo, e_hi), out_rate, kwh_rate, max_breaks = PROFILES[profile]
        nominal = rng.uniform(s_lo, s_hi)
        state, seq = "running", []
        for i in range(n):
            moves = STEP[state]
            x, acc = rng.random(), 0.0
            for nxt, p in moves.items():
                acc += p
                if x < acc:
                    state = nxt
                    break
            t = start + dt.timedelta(minutes=step_min * i)
            day = 8 <= t.hour < 20
            op = operators[(k // 4) * 2 % len(operators) + (0 if day else 1)]
            run = state == "running"
            eff = rng.uniform(e_lo, e_hi) if run else 0.0
            speed = nominal * rng.uniform(0.985, 1.015) if run else 0.0
            output = (rng.uniform(*out_rate) * step_min * eff / 100 if run else 0.0) if out_rate else None
            energy = rng.uniform(*kwh_rate) * step_min * (1.0 if run else 0.12)
            breaks = (rng.choice([0, 0, 0, 1, 1, 2, max_breaks]) if run else 0) if max_breaks else None
            seq.append({"machine_id": mid, "machine_type": mtype, "ts": t, "status": state, "speed": speed, "eff": eff,
                        "output": output, "energy": energy, "breaks": breaks, "operator": op})
        per_machine.append(seq)
    rows = [r for seq in per_machine for r in seq]
    rows.sort(key=lambda r: (r["ts"], r["machine_id"]))
    return rows


def plant_readings(rows: list[Row], rng: random.Random, spec: dict, fmt) -> list[Row]:
    """Plant defects into formatted reading rows; returns the rows with duplicates added.

    spec: kind -> count; fmt(kind, row) returns the planted value (or mutates); duplicates are
    appended at the end (a gateway re-sending a batch) or right after the original (`adjacent`).
    """
    pool = list(range(len(rows)))
    running = lambda r: r.v["status"] in spec["running_words"]  # noqa: E731
    for kind, fld, count, expect in spec["defects"]:
        for i in take(pool, rng, count, when=running if kind in ("negative_speed", "efficiency_130") else None,
                      rows=rows):
            rows[i].v[fld] = fmt(kind, rows[i])
            rows[i].tag(kind, fld, expect)
    exact = take(pool, rng, spec.get("exact", 0), rows=rows)
    conflict = take(pool, rng, spec.get("conflict", 0), when=running, rows=rows)
    extra, after = [], {}
    for i in exact:
        c = rows[i].copy()
        rows[i].tag("exact_duplicate_original", None, "merged (same machine+ts re-sent)")
        c.tag("exact_duplicate_copy", None, "kept (last uploaded)", of_row=i + 1)
        (after.setdefault(i, []) if spec.get("adjacent") else extra).append(c)
    for i in conflict:
        c = rows[i].copy()
        fld = spec["conflict_field"]
        c.v[fld] = fmt("conflict", c)
        rows[i].tag("conflicting_duplicate_original", fld, "merged (same machine+ts, values differ: conflict)")
        c.tag("conflicting_duplicate_copy", fld, "kept (last uploaded)", of_row=i + 1)
        extra.append(c)
    out = []
    for i, r in enumerate(rows):
        out.append(r)
        out.extend(after.get(i, []))
    return out + extra


def zh_status(rng, state, words):
    return rng.choice(words[state])


def gen_hz_readings(rng: random.Random) -> list[Row]:
    machines = [(f"ZJ-{i:02d}", "喷气织机" if i <= 8 else "剑杆织机", "airjet" if i <= 8 else "rapier")
                for i in range(1, 13)]
    words = {"running": ["运行", "运行", "运行中"], "idle": ["待机"], "down": ["停机", "故障"],
             "maintenance": ["保养", "维修"]}
    raw = telemetry(rng, machines, dt.datetime(2026, 10, 26, 8, 0), 10, 150, OPERATORS[0:8])
    rows = []
    for r in raw:
        rows.append(Row({"machine_id": r["machine_id"], "machine_type": r["machine_type"], "ts": f_slash(r["ts"]),
                         "status": zh_status(rng, r["status"], words), "speed_rpm": f"{r['speed']:.0f}",
                         "efficiency_pct": f"{r['eff']:.1f}%", "output_m": f"{r['output']:.2f}",
                         "energy_kwh": f"{r['energy']:.2f}", "breaks": str(r["breaks"]), "operator": r["operator"]},
                        r["ts"]))
    bad_ts = iter(["--", "2026/10/32 25:61", "#VALUE!"])

    def fmt(kind, row):
        if kind == "negative_speed":
            return "-" + row.v["speed_rpm"]
        if kind == "efficiency_130":
            return "130%"
        if kind == "unparseable_ts":
            return next(bad_ts)
        if kind == "missing_machine_id":
            return ""
        if kind == "conflict":
            return f"{float(row.v['output_m']) + 0.37:.2f}"
        raise KeyError(kind)

    spec = {"running_words": ["运行", "运行中"], "exact": 5, "conflict": 3, "conflict_field": "output_m", "defects": [
        ("negative_speed", "speed_rpm", 3, "quarantined: out_of_range_speed_rpm"),
        ("efficiency_130", "efficiency_pct", 3, "quarantined: out_of_range_efficiency_pct"),
        ("unparseable_ts", "ts", 3, "quarantined: invalid_ts"),
        ("missing_machine_id", "machine_id", 3, "quarantined: missing_machine_id")]}
    return plant_readings(rows, rng, spec, fmt)


def gen_sx_readings(rng: random.Random) -> list[Row]:
    kinds = ["溢流染色机", "气流染色机", "染缸", "溢流染色机"]
    machines = [(f"RG-{i:02d}", kinds[i % 4], "dyeing") for i in range(1, 17)]
    words = {"running": ["开机", "运行"], "idle": ["待机", "空闲"], "down": ["故障"], "maintenance": ["检修", "保养"]}
    raw = telemetry(rng, machines, dt.datetime(2026, 10, 27, 8, 0), 15, 40, OPERATORS[8:14])
    rows = []
    for r in raw:
        rows.append(Row({"machine_id": r["machine_id"], "machine_type": r["machine_type"], "ts": f_compact(r["ts"]),
                         "status": zh_status(rng, r["status"], words), "speed_rpm": f"{r['speed']:.0f}",
                         "efficiency_pct": f"{r['eff']:.1f}", "output_m": "", "energy_kwh": f"{r['energy']:.1f}",
                         "breaks": "", "operator": r["operator"]}, r["ts"]))
    bad_ts = iter(["--", "20261328080000"])

    def fmt(kind, row):
        if kind == "negative_speed":
            return "-" + row.v["speed_rpm"]
        if kind == "unparseable_ts":
            return next(bad_ts)
        if kind == "missing_machine_id":
            return ""
        if kind == "unknown_status":
            return "未知"
        if kind == "conflict":
            return f"{float(row.v['energy_kwh']) + 1.2:.1f}"
        raise KeyError(kind)

    spec = {"running_words": ["开机", "运行"], "exact": 2, "conflict": 2, "conflict_field": "energy_kwh", "defects": [
        ("negative_speed", "speed_rpm", 2, "quarantined: out_of_range_speed_rpm"),
        ("unparseable_ts", "ts", 2, "quarantined: invalid_ts"),
        ("missing_machine_id", "machine_id", 1, "quarantined: missing_machine_id"),
        ("unknown_status", "status", 2, "quarantined: invalid_status")]}
    return plant_readings(rows, rng, spec, fmt)


def gen_nb_readings(rng: random.Random) -> list[Row]:
    machines = [(f"YJ-{i:03d}", ["大圆机", "圆机", "针织机"][i % 3], "circular") for i in range(1, 21)]
    words = {"running": ["运行"], "idle": ["空闲", "待机"], "down": ["停机"], "maintenance": ["保养"]}
    raw = telemetry(rng, machines, dt.datetime(2026, 10, 28, 8, 0), 5, 60, OPERATORS[14:24])
    yard = 0.9144
    rows = []
    for r in raw:
        rows.append(Row({"machine_id": r["machine_id"], "machine_type": r["machine_type"], "ts": r["ts"],
                         "status": zh_status(rng, r["status"], words), "speed_rpm": round(r["speed"], 1),
                         "efficiency_pct": round(r["eff"] / 100, 3), "output_m": round(r["output"] / yard, 2),
                         "energy_kwh": round(r["energy"], 3), "breaks": r["breaks"], "operator": r["operator"]},
                        r["ts"]))
    bad_ts = iter(["ERR", "无"])

    def fmt(kind, row):
        if kind == "negative_speed":
            return -row.v["speed_rpm"]
        if kind == "unparseable_ts":
            return next(bad_ts)
        if kind == "missing_machine_id":
            return None
        raise KeyError(kind)

    spec = {"running_words": ["运行"], "exact": 3, "adjacent": True, "defects": [
        ("negative_speed", "speed_rpm", 1, "quarantined: out_of_range_speed_rpm"),
        ("unparseable_ts", "ts", 2, "quarantined: invalid_ts"),
        ("missing_machine_id", "machine_id", 2, "quarantined: missing_machine_id")]}
    return plant_readings(rows, rng, spec, fmt)


def gen_jx_readings(rng: random.Random) -> list[Row]:
    kinds = ["Ring Frame", "ring spinning frame", "细纱机"]
    machines = [(f"XS-{100 + i}", kinds[i % 3], "ring") for i in range(1, 25)]
    words = {"running": ["running", "RUN", "Running"], "idle": ["Idle", "standby"], "down": ["Stopped", "fault"],
             "maintenance": ["Maintenance"]}
    start_utc = dt.datetime(2026, 10, 27, 0, 0)                 # naive, in UTC (manifest: timezone UTC)
    raw = telemetry(rng, machines, start_utc, 10, 60, OPERATORS[24:36])
    rows = []
    for r in raw:
        rows.append(Row({"machine_id": r["machine_id"], "machine_type": r["machine_type"],
                         "ts": r["ts"].strftime("%Y-%m-%dT%H:%M:%S"), "status": zh_status(rng, r["status"], words),
                         "speed_rpm": round(r["speed"], 0), "efficiency_pct": round(r["eff"], 2),
                         "output_m": round(r["output"], 1), "energy_kwh": round(r["energy"] * 1000),
                         "breaks": r["breaks"], "operator": r["operator"]}, r["ts"]))

    def fmt(kind, row):
        if kind == "negative_speed":
            return -row.v["speed_rpm"]
        if kind == "efficiency_130":
            return 130.0
        if kind == "pandas_null_ts":   # pandas writes a missing timestamp as NaT
            return "NaT"
        if kind == "missing_machine_id":
            return None
        if kind == "conflict":
            return row.v["breaks"] + 4
        raise KeyError(kind)

    spec = {"running_words": ["running", "RUN", "Running"], "exact": 4, "conflict": 3, "conflict_field": "breaks",
            "defects": [
                ("negative_speed", "speed_rpm", 2, "quarantined: out_of_range_speed_rpm"),
                ("efficiency_130", "efficiency_pct", 2, "quarantined: out_of_range_efficiency_pct"),
                ("pandas_null_ts", "ts", 2, "quarantined: missing_ts"),
                ("missing_machine_id", "machine_id", 2, "quarantined: missing_machine_id")]}
    return plant_readings(rows, rng, spec, fmt)


def gen_wz_readings(rng: random.Random) -> list[Row]:
    machines = [(f"JJ-{i:02d}", "rapier loom" if i <= 5 else "water jet loom", "rapier" if i <= 5 else "waterjet")
                for i in range(1, 9)]
    words = {"running": ["running", "Run", "running"], "idle": ["idle"], "down": ["down", "stopped"],
             "maintenance": ["maintenance"]}
    raw = telemetry(rng, machines, dt.datetime(2026, 10, 29, 8, 0), 15, 75, OPERATORS[30:36])
    rows = []
    for r in raw:
        ts = unix_s(r["ts"]) if rng.random() < 0.85 else f_iso_offset(r["ts"])
        rows.append(Row({"machine_id": r["machine_id"], "machine_type": r["machine_type"], "ts": ts,
                         "status": zh_status(rng, r["status"], words), "speed_rpm": round(r["speed"]),
                         "efficiency_pct": f"{r['eff']:.1f}%", "output_m": round(r["output"], 2),
                         "energy_kwh": round(r["energy"], 3), "breaks": r["breaks"], "operator": r["operator"]},
                        r["ts"]))

    def fmt(kind, row):
        if kind == "efficiency_130":
            return "130%"
        if kind == "unparseable_ts":
            return "N/A"
        if kind == "missing_machine_id":
            return None
        if kind == "conflict":
            return round(row.v["output_m"] + 0.8, 2)
        raise KeyError(kind)

    spec = {"running_words": ["running", "Run"], "exact": 2, "conflict": 2, "conflict_field": "output_m", "defects": [
        ("efficiency_130", "efficiency_pct", 2, "quarantined: out_of_range_efficiency_pct"),
        ("unparseable_ts", "ts", 1, "quarantined: invalid_ts"),
        ("missing_machine_id", "machine_id", 1, "quarantined: missing_machine_id")]}
    out = plant_readings(rows, rng, spec, fmt)
    # one record cut off mid-line (a gateway restarted while writing)
    bad = Row({"_raw": '{"device_id": "JJ-03", "device type": "rapier loom", "ts": 17617'}, None)
    bad.tag("malformed_json_line", None, "quarantined: malformed_record")
    out.insert(len(out) * 2 // 3, bad)
    return out


# --------------------------------------------------------------------------------------------
# Writers
# --------------------------------------------------------------------------------------------

def text_cell(v) -> str:
    if v is None:
        return ""
    if isinstance(v, float):
        return repr(v)
    return str(v)


def write_delimited(path: Path, headers: list[tuple[str, str]], rows: list[Row], *, delimiter: str,
                    encoding: str, bom: bool = False, newline: str = "\n") -> None:
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=delimiter, lineterminator=newline, quoting=csv.QUOTE_MINIMAL)
    w.writerow([h for h, _ in headers])
    for r in rows:
        if r.blank:
            buf.write(newline)
        else:
            w.writerow([text_cell(r.v.get(k)) for _, k in headers])
    text = ("\ufeff" if bom else "") + buf.getvalue()
    path.write_bytes(text.encode(encoding))             # strict: a character outside the encoding fails here


def write_jsonl(path: Path, headers: list[tuple[str, str]], rows: list[Row]) -> None:
    lines = []
    for r in rows:
        if "_raw" in r.v:
            lines.append(r.v["_raw"])
            continue
        obj = {h: r.v[k] for h, k in headers if r.v.get(k) not in (None, "")}
        lines.append(json.dumps(obj, ensure_ascii=False))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def write_parquet(path: Path, headers: list[tuple[str, str, pa.DataType]], rows: list[Row]) -> None:
    cols = {h: pa.array([r.v.get(k) for r in rows], type=t) for h, k, t in headers}
    pq.write_table(pa.table(cols), path, compression="zstd")


def write_xlsx(path: Path, products: tuple[list, list[Row]], readings: tuple[list, list[Row]]) -> None:
    wb = xlsxwriter.Workbook(str(path))
    wb.set_properties({"title": "产品与机台数据导出", "author": "ERP", "created": XLSX_CREATED})
    bold = wb.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
    dtf = wb.add_format({"num_format": "yyyy-mm-dd hh:mm"})
    note = wb.add_worksheet("填表说明")
    for i, line in enumerate(["本文件由ERP导出，请勿修改表头。",
                              "产品：每行一个货号；克重单位为克/平方米，门幅单位为厘米。",
                              "机台数据：每5分钟采集一次；运转率为小数（0-1）；产量单位为码。",
                              "导出日期：2026-10-31"]):
        note.write_string(i, 0, line)
    note.set_column(0, 0, 60)
    for sheet, (headers, rows), date_mode in (("产品", products, "mixed"), ("机台数据", readings, "datetime")):
        ws = wb.add_worksheet(sheet)
        for c, (h, _) in enumerate(headers):
            ws.write_string(0, c, h, bold)
        ws.set_column(0, len(headers) - 1, 14)
        ws.freeze_panes(1, 0)
        for n, r in enumerate(rows, start=1):
            for c, (_, k) in enumerate(headers):
                v = r.v.get(k)
                if v is None or v == "":
                    continue
                if isinstance(v, dt.datetime):
                    # products: about half of the edit times lost their date format (bare serial numbers)
                    if date_mode == "mixed" and r.v.get("_serial"):
                        ws.write_number(n, c, excel_serial(v))
                    else:
                        ws.write_datetime(n, c, v, dtf)
                elif isinstance(v, (int, float)):
                    ws.write_number(n, c, v)
                else:
                    ws.write_string(n, c, str(v))
    wb.close()


# --------------------------------------------------------------------------------------------
# Putting it together
# --------------------------------------------------------------------------------------------

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
    extra: dict = field(default_factory=dict)         # manifest keys beyond path/table/enterprise_id
    comment: str = ""
    invalid_id: bool = False


def register(src: Source) -> None:
    records = [r for r in src.rows if not r.blank]
    line_of, rec = {}, 0
    for line, r in enumerate(src.rows, start=2):
        if not r.blank:
            rec += 1
            line_of[id(r)] = line
    for n, r in enumerate(records, start=1):
        for tag in r.tags:
            entry = {"path": src.path, "table": src.table, "row": n, **tag}
            if src.fmt in ("csv", "tsv"):
                entry["line"] = line_of[id(r)]
            if src.fmt == "jsonl":
                entry["line"] = n
            if isinstance(entry.get("value"), dt.datetime):
                entry["value"] = entry["value"].isoformat(sep=" ")
            LOG.append(entry)
    ts_field = "updated_at" if src.table == "products" else "ts"
    bad_ts = {id(r) for r in records for t in r.tags if t["field"] == ts_field or t["kind"] == "malformed_json_line"}
    stale = sum(1 for r in records if r.t is not None and id(r) not in bad_ts and r.t < FRESH_FROM)
    SOURCES.append({
        "index": len(SOURCES) + 1, "path": src.path, "table": src.table, "enterprise": src.enterprise,
        "enterprise_id": bad_uscc() if src.invalid_id else ENT[src.enterprise].uscc, "format": src.fmt,
        "encoding": src.encoding, "traits": src.traits, "records": len(records),
        "blank_lines": sum(1 for r in src.rows if r.blank), "headers": src.headers, "unknown_headers": src.unknown,
        "stale_rows": stale, "manifest_extra": src.extra, "comment": src.comment,
        "invalid_enterprise_id": src.invalid_id,
    })


def main() -> None:
    RAW.mkdir(parents=True, exist_ok=True)
    for old in RAW.iterdir():
        old.unlink()

    # ---------------- products ----------------
    hz_main, hz_reup = gen_hz(rng_for("hz_weaving_products"))
    hz_headers = [("货号", "sku"), ("品名", "name"), ("类别", "category"), ("海关编码", "hs_code"),
                  ("成分", "fiber_composition"), ("纱支", "yarn_count_tex"), ("克重(g/m²)", "fabric_weight_gsm"),
                  ("门幅/inch", "width_cm"), ("组织", "weave"), ("颜色", "color"), ("单价(元)", "unit_price_cny"),
                  ("备注", "description"), ("更新时间", "updated_at"), ("内部备注", "_internal")]
    p = "raw/hz_weaving_products.csv"
    write_delimited(OUT / p, hz_headers, hz_main, delimiter=",", encoding="utf-8", bom=True, newline="\r\n")
    srcs = [Source(p, "products", "hz_weaving", "csv", "UTF-8 with BOM",
                   "comma, CRLF, Excel 'CSV UTF-8'; Chinese headers with units in the header (g/m², inch: "
                   "`57/58` means usable/overall inches); naive ISO `2025-06-12 09:30:00`; 3 blank lines",
                   hz_main, [h for h, _ in hz_headers], ["内部备注"])]
    p = "raw/hz_weaving_products_reexport_2026-10.csv"
    write_delimited(OUT / p, hz_headers, hz_reup, delimiter=",", encoding="utf-8", bom=True, newline="\r\n")
    srcs.append(Source(p, "products", "hz_weaving", "csv", "UTF-8 with BOM",
                       "same dialect as the main export; a re-export one month later (re-uploads, new versions, "
                       "re-listings, 4 new products)", hz_reup, [h for h, _ in hz_headers], ["内部备注"]))

    sx = gen_sx(rng_for("sx_dyeing_products"))
    sx_headers = [("产品编号", "sku"), ("产品名称", "name"), ("产品类别", "category"), ("HS编码", "hs_code"),
                  ("面料成分", "fiber_composition"), ("克重（ｇ/㎡）", "fabric_weight_gsm"), ("幅宽(cm)", "width_cm"),
                  ("织物组织", "weave"), ("色号", "color"), ("价格", "unit_price_cny"), ("产品描述", "description"),
                  ("修改时间", "updated_at"), ("ERP_FLAG", "_erp")]
    p = "raw/sx_dyeing_products_gbk.csv"
    write_delimited(OUT / p, sx_headers, sx, delimiter=",", encoding="gbk", newline="\r\n")
    srcs.append(Source(p, "products", "sx_dyeing", "csv", "GBK",
                       "comma, CRLF, no BOM; full-width header `克重（ｇ/㎡）`; prices `18.5` or `18.5元/米`; "
                       "HS in 4 written forms; `2025/3/5 14:03` times; some lower-case SKUs", sx,
                       [h for h, _ in sx_headers], ["ERP_FLAG"]))

    nb = gen_nb(rng_for("nb_knitting_products"))
    for r in nb:                                        # which edit times lost their date format in Excel
        r.v["_serial"] = rng_for("nb_serial/" + r.v["sku"] if r.v.get("sku") else "nb_serial/none").random() < 0.55
    nb_headers = [("ＳＫＵ", "sku"), ("Product Name", "name"), ("CATEGORY", "category"), ("HS Code", "hs_code"),
                  ("Composition", "fiber_composition"), ("Yarn Count", "yarn_count_tex"), ("GSM", "fabric_weight_gsm"),
                  ("Width(cm)", "width_cm"), ("Weave Type", "weave"), ("Colour", "color"),
                  ("Unit Price", "unit_price_cny"),
                  ("Remarks", "description"), ("Last Updated", "updated_at"), ("库位", "_bin")]
    nb_r = gen_nb_readings(rng_for("nb_knitting_readings"))
    nb_r_headers = [("机台号", "machine_id"), ("机型", "machine_type"), ("采集时间", "ts"), ("状态", "status"),
                    ("转速(r/min)", "speed_rpm"), ("运转率", "efficiency_pct"), ("产量(码)", "output_m"),
                    ("用电量", "energy_kwh"), ("断纱次数", "breaks"), ("挡车工", "operator")]
    p = "raw/nb_knitting_export.xlsx"
    write_xlsx(OUT / p, (nb_headers, nb), (nb_r_headers, nb_r))
    srcs.append(Source(p, "products", "nb_knitting", "xlsx", "(xlsx)",
                       "sheet `产品` (first sheet is `填表说明`); full-width `ＳＫＵ`, English mixed-case headers; "
                       "numeric cells; `Last Updated` as bare Excel serials (e.g. 45356.5) or date cells", nb,
                       [h for h, _ in nb_headers], ["库位"], {"sheet": "产品"}))

    huz = gen_huz(rng_for("huz_hometex_products"))
    huz_headers = [("貨號", "sku"), ("產品名稱", "name"), ("類別", "category"), ("海關編碼", "hs_code"),
                   ("纖維成分", "fiber_composition"), ("克重", "fabric_weight_gsm"), ("門幅", "width_cm"),
                   ("組織", "weave"), ("顏色", "color"), ("單價", "unit_price_cny"), ("描述", "description"),
                   ("更新時間", "updated_at")]
    p = "raw/huz_hometex_products.jsonl"
    write_jsonl(OUT / p, huz_headers, huz)
    srcs.append(Source(p, "products", "huz_hometex", "jsonl", "UTF-8",
                       "Traditional Chinese keys; numbers as JSON numbers; updated_at in Unix milliseconds; empty "
                       "fields omitted; widths `114cm`/`2.8m`, towel weights `450g/m2`", huz,
                       [h for h, _ in huz_headers], []))

    jx = gen_jx(rng_for("jx_spinning_products"))
    jx_headers = [("统一社会信用代码", "enterprise_id"), ("品号", "sku"), ("物料名称", "name"), ("大类", "category"),
                  ("税则号", "hs_code"), ("原料成分", "fiber_composition"), ("支数", "yarn_count_tex"),
                  ("颜色", "color"),
                  ("含税价(元/公斤)", "unit_price_cny"), ("说明", "description"), ("最后修改时间", "updated_at"),
                  ("仓库", "_store")]
    p = "raw/jx_spinning_yarns.tsv"
    write_delimited(OUT / p, jx_headers, jx, delimiter="\t", encoding="gb18030", newline="\r\n")
    srcs.append(Source(p, "products", "jx_spinning", "tsv", "GB18030",
                       "tab, CRLF; carries its own USCC column; yarn counts in every system (S, 支, D, D/F, dtex, tex, "
                       "Nm, plied); `2025年3月5日 14时03分` times; `含税价(元/公斤)` mapped by a manifest override", jx,
                       [h for h, _ in jx_headers], ["仓库"], {"columns": {"含税价(元/公斤)": "unit_price_cny"}}))

    wz = gen_wz(rng_for("wz_nonwoven_products"))
    wz_headers = [("Item No.", "sku"), ("Product Name", "name"), ("PRODUCT TYPE", "category"), ("hs code", "hs_code"),
                  ("Material", "fiber_composition"), ("Yarn Count", "yarn_count_tex"),
                  ("Weight (oz/yd2)", "fabric_weight_gsm"), ("Width(cm)", "width_cm"), ("Structure", "weave"),
                  ("Color", "color"), ("Unit Price (RMB)", "unit_price_cny"), ("Remarks", "description"),
                  ("Last Modified", "updated_at"), ("MOQ (m)", "_moq")]
    p = "raw/wz_nonwoven_products.csv"
    write_delimited(OUT / p, wz_headers, wz, delimiter=";", encoding="utf-8")
    srcs.append(Source(p, "products", "wz_nonwoven", "csv", "UTF-8",
                       "semicolon, LF; English headers; weight header in oz/yd2 but nonwovens give `45gsm` inline; "
                       "times as `20240305140300`, ISO with +08:00, or Unix seconds", wz,
                       [h for h, _ in wz_headers], ["MOQ (m)"]))

    # ---------------- machine readings ----------------
    hz_r = gen_hz_readings(rng_for("hz_weaving_readings"))
    hz_r_headers = [("机台号", "machine_id"), ("机型", "machine_type"), ("采集时间", "ts"), ("运行状态", "status"),
                    ("车速(rpm)", "speed_rpm"), ("效率", "efficiency_pct"), ("产量(米)", "output_m"),
                    ("能耗(度)", "energy_kwh"), ("断经", "breaks"), ("挡车工", "operator")]
    p = "raw/hz_weaving_looms_2026-10-26.csv"
    write_delimited(OUT / p, hz_r_headers, hz_r, delimiter=",", encoding="utf-8")
    srcs.append(Source(p, "machine_readings", "hz_weaving", "csv", "UTF-8",
                       "comma, LF; every 10 min, `2026/10/26 8:00`; efficiency `85.2%`; energy in 度", hz_r,
                       [h for h, _ in hz_r_headers], []))

    sx_r = gen_sx_readings(rng_for("sx_dyeing_readings"))
    sx_r_headers = [("设备编号", "machine_id"), ("设备类型", "machine_type"), ("时间", "ts"), ("状态", "status"),
                    ("转速", "speed_rpm"), ("效率(%)", "efficiency_pct"), ("产量(米)", "output_m"),
                    ("电耗(kWh)", "energy_kwh"), ("断头", "breaks"), ("操作员", "operator")]
    p = "raw/sx_dyeing_machines.tsv"
    write_delimited(OUT / p, sx_r_headers, sx_r, delimiter="\t", encoding="gbk", newline="\r\n")
    srcs.append(Source(p, "machine_readings", "sx_dyeing", "tsv", "GBK",
                       "tab, CRLF; every 15 min as `20261027080000`; efficiency plain numbers under `效率(%)`; "
                       "output and breaks empty (dyeing)", sx_r, [h for h, _ in sx_r_headers], [],
                       {"encoding": "gbk"}))

    srcs.append(Source("raw/nb_knitting_export.xlsx", "machine_readings", "nb_knitting", "xlsx", "(xlsx)",
                       "sheet `机台数据` of the same workbook; every 5 min as date cells; efficiency as fractions 0-1 "
                       "under `运转率` (no %); output in yards", nb_r, [h for h, _ in nb_r_headers], [],
                       {"sheet": "机台数据"}))

    jx_r = gen_jx_readings(rng_for("jx_spinning_readings"))
    jx_r_headers = [("machine_id", "machine_id", pa.string()), ("Machine Type", "machine_type", pa.string()),
                    ("timestamp", "ts", pa.string()), ("status", "status", pa.string()),
                    ("Spindle Speed", "speed_rpm", pa.float64()), ("efficiency", "efficiency_pct", pa.float64()),
                    ("output", "output_m", pa.float64()), ("Energy (Wh)", "energy_kwh", pa.int64()),
                    ("ends down", "breaks", pa.int64()), ("operator", "operator", pa.string())]
    p = "raw/jx_spinning_ringframes.parquet"
    write_parquet(OUT / p, jx_r_headers, jx_r)
    srcs.append(Source(p, "machine_readings", "jx_spinning", "parquet", "(parquet, zstd)",
                       "typed columns; naive ISO times in UTC (`timezone: UTC` in the manifest), every 10 min; "
                       "efficiency plain numbers; energy in Wh", jx_r, [h for h, _, _ in jx_r_headers], [],
                       {"timezone": "UTC"}))

    wz_r = gen_wz_readings(rng_for("wz_nonwoven_readings"))
    wz_r_headers = [("device_id", "machine_id"), ("device type", "machine_type"), ("ts", "ts"), ("state", "status"),
                    ("speed", "speed_rpm"), ("eff", "efficiency_pct"), ("output", "output_m"),
                    ("energy_kwh", "energy_kwh"), ("breaks", "breaks"), ("operator", "operator")]
    p = "raw/wz_nonwoven_looms.jsonl"
    write_jsonl(OUT / p, wz_r_headers, wz_r)
    srcs.append(Source(p, "machine_readings", "wz_nonwoven", "jsonl", "UTF-8",
                       "every 15 min as Unix seconds (some ISO `+08:00`); efficiency `88.1%`; one truncated line",
                       wz_r, [h for h, _ in wz_r_headers], []))

    # ---------------- the deliberately invalid source (last) ----------------
    kq = gen_kq(rng_for("kq_trading_products"))
    kq_headers = [("货号", "sku"), ("品名", "name"), ("类别", "category"), ("成分", "fiber_composition"),
                  ("克重", "fabric_weight_gsm"), ("门幅", "width_cm"), ("单价", "unit_price_cny"),
                  ("更新时间", "updated_at")]
    p = "raw/kq_trading_products.csv"
    write_delimited(OUT / p, kq_headers, kq, delimiter=",", encoding="utf-8")
    srcs.append(Source(p, "products", "kq_trading", "csv", "UTF-8",
                       "small, clean file; its manifest enterprise_id has a WRONG check character: the build stops, "
                       "or skips it with --keep-going", kq, [h for h, _ in kq_headers], [],
                       comment="DELIBERATELY INVALID: enterprise_id has a wrong check character (GB 32100-2015). "
                               "The build stops here; with --keep-going this source is skipped and its 8 rows are "
                               "not counted in rows_in.", invalid_id=True))

    for s in srcs:
        register(s)
    write_manifest()
    write_planted()
    write_readme()


def write_manifest() -> None:
    lines = ["# Build manifest of the bundled textiles samples (STANDARD.md section 1).",
             "# Generated by samples/make_textiles.py; edit the generator, not this file.",
             "# Seven fictional Zhejiang mills; USCCs are made up (valid check characters except the last source).",
             "industry: textiles", "reference_date: 2026-11-01", "sources:"]
    for s in SOURCES:
        if s["comment"]:
            lines.append(f"  # {s['comment']}")
        lines.append(f"  - path: {s['path']}")
        lines.append(f"    table: {s['table']}")
        lines.append(f"    enterprise_id: {s['enterprise_id']}    # {s['enterprise']}")
        extra = s["manifest_extra"]
        for k in ("encoding", "sheet", "timezone"):
            if k in extra:
                lines.append(f"    {k}: {extra[k]}")
        if "columns" in extra:
            lines.append("    columns:                                  # header not in the alias table")
            for h, f in extra["columns"].items():
                lines.append(f"      {h}: {f}")
    (OUT / "sources.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def summary() -> dict:
    out: dict = {}
    for e in LOG:
        out.setdefault(e["table"], Counter())[e["kind"]] += 1
    return {t: dict(sorted(c.items())) for t, c in out.items()}


def expected_totals() -> dict:
    """What a build that implements STANDARD.md should report (valid sources only)."""
    res = {}
    for table in ("products", "machine_readings"):
        valid = [s for s in SOURCES if s["table"] == table and not s["invalid_enterprise_id"]]
        rows_in = sum(s["records"] for s in valid)
        entries = [e for e in LOG if e["table"] == table and any(e["path"] == s["path"] for s in valid)]
        quarantined = Counter(e["expect"].split(": ", 1)[1] for e in entries if e["expect"].startswith("quarantined"))
        merged = sum(1 for e in entries if e["expect"].startswith("merged"))
        relist = sum(1 for e in entries if e["kind"] == "relisting_original")
        q = sum(quarantined.values())
        res[table] = {"rows_in": rows_in, "blank_lines": sum(s["blank_lines"] for s in valid),
                      "rows_quarantined": q, "quarantine_reasons": dict(sorted(quarantined.items())),
                      "rows_merged": merged, "rows_merged_of_which_relistings": relist,
                      "rows_out": rows_in - q - merged,
                      "stale_rows": sum(s["stale_rows"] for s in valid)}
    return res


def write_planted() -> None:
    data = {
        "generator": "samples/make_textiles.py", "seed": SEED, "reference_date": REFERENCE.isoformat(),
        "note": ("row = 1-based data record within its file/sheet (header not counted, blank lines not counted); "
                 "line = physical line (header is line 1) for CSV/TSV and JSON Lines. Blank lines in "
                 "hz_weaving_products.csv come after every tagged row, so both numberings agree for tagged rows."),
        "sources": [{k: v for k, v in s.items() if k not in ("manifest_extra", "comment")} for s in SOURCES],
        "expected": expected_totals(),
        "summary": summary(),
        "rows": LOG,
    }
    (OUT / "planted.json").write_text(json.dumps(data, ensure_ascii=False, indent=1, default=str) + "\n",
                                      encoding="utf-8")


def md_table(head: list[str], rows: list[list]) -> list[str]:
    out = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    out += ["| " + " | ".join(str(c) for c in r) + " |" for r in rows]
    return out


def write_readme() -> None:
    exp = expected_totals()
    L = ["# Textiles samples", "",
         "Raw exports of seven **fictional** Zhejiang mills, as they reach an industrial internet platform, for",
         "`indset build textiles --sources samples/textiles/sources.yaml`. Every file, `sources.yaml`, this README",
         "and `planted.json` are written by `samples/make_textiles.py` (fixed seed: re-running it rewrites the same",
         "bytes). No real company is named; USCCs, people and phone numbers are invented.", "",
         "`planted.json` lists every planted fact by file and row (`row` = 1-based data record, header and blank",
         "lines not counted; `line` = physical line for text files) with the outcome STANDARD.md expects, so tests can",
         "assert them.", "", "## Enterprises", ""]
    L += md_table(["key", "where", "what", "USCC"],
                  [[e.key, e.where, e.what, f"`{e.uscc}`"] for e in ENT.values()]
                  + [["kq_trading", "Shaoxing, Keqiao (330603)", "fabric trader (invalid id, skipped)",
                      f"`{bad_uscc()}` (wrong check char)"]])
    L += ["", "## Sources (manifest order)", ""]
    L += md_table(["#", "path", "table", "format", "encoding", "dialect", "records", "blank lines"],
                  [[s["index"], f"`{s['path']}`" + (f" (sheet `{s['manifest_extra']['sheet']}`)"
                                                    if "sheet" in s["manifest_extra"] else ""),
                    s["table"], s["format"], s["encoding"], s["traits"], s["records"], s["blank_lines"]]
                   for s in SOURCES])
    L += ["", "Manifest overrides: " + "; ".join(
        f"#{s['index']} " + ", ".join(f"`{k}: {v}`" for k, v in s["manifest_extra"].items())
        for s in SOURCES if s["manifest_extra"]) + ".", ""]
    L += ["## Headers", "",
          "Every header maps through the alias table of `builders/textiles/standard.yaml` (after NFKC,",
          "Traditional to Simplified, lower case; a unit in brackets or after `/` is split off), except the",
          "deliberately unknown ones, which must be reported as unmapped and kept out of the release:", ""]
    L += md_table(["#", "headers", "unknown (unmapped)"],
                  [[s["index"], ", ".join(f"`{h}`" for h in s["headers"]),
                    ", ".join(f"`{h}`" for h in s["unknown_headers"]) or "-"] for s in SOURCES])
    L += ["", "`含税价(元/公斤)` (#" + str(next(s["index"] for s in SOURCES if "columns" in s["manifest_extra"]))
          + ") is not in the alias table; the manifest maps it (`columns:` override), so it is *not* unmapped.", ""]
    for table in ("products", "machine_readings"):
        L += [f"## Planted in `{table}`", ""]
        kinds: dict[str, dict] = {}
        for e in LOG:
            if e["table"] != table:
                continue
            k = kinds.setdefault(e["kind"], {"expect": e["expect"], "n": 0, "where": Counter(), "values": []})
            k["n"] += 1
            k["where"][Path(e["path"]).name] += 1
            if e["value"] not in (None, "") and e["kind"] not in (
                    "exact_duplicate_original", "exact_duplicate_copy", "older_version", "newer_version",
                    "relisting_original", "relisting", "version_tie_earlier", "version_tie_later",
                    "conflicting_duplicate_original", "conflicting_duplicate_copy", "contact_in_description",
                    "gb18030_only_character", "traditional_fullwidth_row") and str(e["value"]) not in k["values"]:
                k["values"].append(str(e["value"]))
        rows = []
        for kind, k in kinds.items():
            expect = k["expect"].split(" (")[0] if not k["expect"].startswith("kept (re-listing") else "kept"
            rows.append([f"`{kind}`", k["n"], expect, ", ".join(f"`{v}`" for v in k["values"][:6]) or "",
                         ", ".join(f"{f}: {n}" for f, n in k["where"].items())])
        rank = {"quarantined": 0, "merged": 1, "kept": 2}
        rows.sort(key=lambda r: (rank[r[2].split(":")[0].split(" ")[0]], r[0]))
        L += md_table(["kind", "rows", "expected outcome", "values", "files"], rows)
        e = exp[table]
        L += ["", f"Expected by the standard (valid sources only): rows_in **{e['rows_in']}**"
              + (f" (+ {e['blank_lines']} blank lines, which are not data records)" if e["blank_lines"] else "")
              + f", rows_quarantined **{e['rows_quarantined']}**, rows_merged **{e['rows_merged']}**"
              + (f" (of which {e['rows_merged_of_which_relistings']} re-listings)"
                 if e["rows_merged_of_which_relistings"] else "")
              + f", rows_out **{e['rows_out']}**; rows older than 365 days before 2026-11-01: {e['stale_rows']}.", ""]
        L += ["Quarantine reasons: " + ", ".join(f"`{r}` {n}" for r, n in e["quarantine_reasons"].items()) + ".", ""]
    L += ["## Notes for tests", "",
          "- Each planted defect sits on its own otherwise clean row, so every quarantined row has exactly one reason.",
          "- Duplicates: the later upload survives (later in the manifest, then later in the file); the *original* row",
          "  is the merged one. Version rows differ in `unit_price_cny` and carry a later `updated_at`; two of the",
          "  five newer versions in `huz_hometex_products.jsonl` are written *above* their older version.",
          "- Re-listings (`TX-0012` -> `TX0012`, same specification) are merged by the standard (section 8); an engine",
          "  that keys on the normalized SKU only keeps both rows (rows_out + "
          + str(exp["products"]["rows_merged_of_which_relistings"]) + ", rows_merged - "
          + str(exp["products"]["rows_merged_of_which_relistings"]) + ").",
          "- `hz_weaving_products.csv` has 3 empty lines near its end (after record 105, 112 and 116). They are not",
          "  data records; a reader that returns them as all-null rows will count them in rows_in and quarantine",
          "  them (`empty_row`), and will number later records 1-3 higher.",
          "- `jx_spinning_yarns.tsv` is GB18030, not GBK: three descriptions contain `€`, which GBK cannot encode.",
          "  `sx_dyeing_products_gbk.csv` and `sx_dyeing_machines.tsv` are strict GBK (neither decodes as UTF-8).",
          "- `nb_knitting_export.xlsx` efficiency (`运转率`) holds fractions 0-1 under a header without `%`: x 100.",
          "- `wz_nonwoven_looms.jsonl` has one line cut off mid-record (`malformed_record`).",
          "- Personal information: `operator` columns in every readings source; contact names/phones/e-mails in "
          + str(sum(1 for e in LOG if e["kind"] == "contact_in_description")) + " product descriptions.", ""]
    (OUT / "README.md").write_text("\n".join(L), encoding="utf-8")


if __name__ == "__main__":
    main()
