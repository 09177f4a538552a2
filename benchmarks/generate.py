"""Synthetic textiles exports for benchmarks: one big telemetry CSV and one product master CSV.

    python benchmarks/generate.py OUT_DIR --readings 10000000 --products 1000000 [--seed 7]
    python benchmarks/generate.py OUT_DIR --industry chemicals ...   # process_readings.csv + products.csv

writes OUT_DIR/machine_readings.csv, OUT_DIR/products.csv and OUT_DIR/sources.yaml (a build
manifest listing the files that were generated; a table with 0 rows is left out). The chemicals
tables come from generate_chemicals.py.

Both files look like a platform's aggregated export: one file for ~20 enterprises, with an enterprise
column (统一社会信用代码, valid USCCs) so the floor comparison runs on one file; Chinese headers from
the alias table (some with a unit, e.g. ``产量(米)``, ``克重(g/m²)``); per-enterprise value styles
(Chinese or English words, units inline in some cells); ~1% duplicate entity keys (half exact
re-uploads, half changed versions) and ~0.5% rows with one bad value (each such row is quarantined
by the build). Everything is vectorized (numpy + polars) and seeded, so a given (rows, seed) always
produces the same bytes.
"""

from __future__ import annotations

import argparse
import datetime as dt
import time
from pathlib import Path

import numpy as np
import polars as pl
from stdnum.cn.uscc import calc_check_digit

USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
REGIONS = ("330100", "330600", "330400", "330300", "330500", "330700", "330200", "330800")
DUP_RATE = 0.01
BAD_RATE = 0.005
REFERENCE_DATE = "2026-11-01"
TABLES = {"textiles": ("machine_readings", "products"),      # (readings-like table, products) per industry
          "chemicals": ("process_readings", "products")}

SURNAMES = list("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈")
GIVEN = ["伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "秀英",
         "霞", "平", "刚", "桂英", "建华", "晓东", "海燕", "志强", "丽华", "国庆", "春梅", "红霞"]


# ---------------------------------------------------------------------------------------------- helpers

def uscc_list(n: int, rng: np.random.Generator) -> list[str]:
    """n distinct, valid Unified Social Credit Codes of Zhejiang companies (91 + region + org code)."""
    out: list[str] = []
    while len(out) < n:
        region = REGIONS[len(out) % len(REGIONS)]
        org = "".join(rng.choice(list(USCC_ALPHABET), 9))
        body = f"91{region}{org}"
        code = body + calc_check_digit(body)
        if code not in out:
            out.append(code)
    return out


def person_names(n: int, rng: np.random.Generator) -> list[str]:
    names: list[str] = []
    seen: set[str] = set()
    while len(names) < n:
        name = str(rng.choice(SURNAMES)) + str(rng.choice(GIVEN))
        if name not in seen:
            seen.add(name)
            names.append(name)
    return names


def pick(words: list[str] | tuple[str, ...], idx: np.ndarray | pl.Series, name: str = "v") -> pl.Series:
    """words[idx] as a polars String series (a gather: fast for millions of rows)."""
    return pl.Series(name, list(words), dtype=pl.String).gather(pl.Series(idx).cast(pl.Int64))


def choice_idx(rng: np.random.Generator, n: int, p: list[float]) -> np.ndarray:
    p_arr = np.asarray(p, dtype=np.float64)
    return rng.choice(len(p_arr), size=n, p=p_arr / p_arr.sum()).astype(np.int32)


def dup_order(rng: np.random.Generator, n_base: int, n_dup: int, spread: int) -> tuple[np.ndarray, np.ndarray]:
    """Rows of the output as indices into base rows: base order plus n_dup copies, each placed up to
    ``spread`` rows after its original (a re-sent batch). Returns (source index, is_copy)."""
    src = rng.choice(n_base, size=n_dup, replace=False)
    pos = np.concatenate([np.arange(n_base, dtype=np.float64),
                          src + 0.5 + rng.integers(0, max(spread, 1), n_dup)])
    order = np.argsort(pos, kind="stable")
    idx = np.concatenate([np.arange(n_base), src])[order]
    is_copy = order >= n_base
    return idx, is_copy


def scatter_bad(df: pl.DataFrame, rng: np.random.Generator, bad: dict[str, list[str]]) -> pl.DataFrame:
    """Replace one value in BAD_RATE of the rows by a bad value, spread evenly over the given columns."""
    n = df.height
    n_bad = round(n * BAD_RATE)
    rows = rng.choice(n, size=n_bad, replace=False)
    cols = list(bad)
    which = rng.integers(0, len(cols), n_bad)
    out = []
    for i, col in enumerate(cols):
        r = rows[which == i]
        vals = pick(bad[col], rng.integers(0, len(bad[col]), len(r)))
        out.append(df[col].scatter(r, vals))
    return df.with_columns(out)


def fmt_num(expr: pl.Expr, decimals: int) -> pl.Expr:
    """Number to text the way ERP exports write it (fixed decimals, no trailing zero stripping)."""
    if decimals == 0:
        return expr.round(0).cast(pl.Int64).cast(pl.String)
    return expr.round(decimals).cast(pl.String)


# ----------------------------------------------------------------------------------------------- readings

READINGS_HEADERS = ["统一社会信用代码", "机台号", "设备类型", "时间", "状态", "车速", "效率", "产量(米)",
                    "能耗(kWh)", "断头", "挡车工"]
# machine kinds: (share, zh words, en words, id prefix, nominal speed, speed sd, metres per 5 min, kWh per 5 min)
KINDS = [
    (0.60, ["喷气织机", "剑杆织机", "喷水织机", "织机"], ["air jet loom", "rapier loom", "loom"],
     "L", 650, 60, 3.2, 0.9),
    (0.20, ["细纱机", "环锭纺纱机", "纺纱机"], ["ring frame", "spinning frame"], "S", 15000, 900, 0.0, 4.5),
    (0.15, ["大圆机", "针织机", "圆机"], ["circular knitting machine", "knitting machine"], "K", 28, 3, 1.1, 0.6),
    (0.05, ["染色机", "溢流染色机", "气流染色机"], ["dyeing machine", "jet dyeing machine"], "D", 0, 0, 0.0, 6.0),
]
STATUS_ZH = [["运行", "运行中", "开机"], ["待机", "空闲"], ["停机", "故障"], ["维修", "保养"]]
STATUS_EN = [["running", "Running", "RUN"], ["idle", "standby"], ["down", "stopped"], ["maintenance", "repair"]]
STATUS_P = [0.84, 0.07, 0.06, 0.03]


def generate_readings(n: int, seed: int = 7, enterprises: int = 20, machines_per_enterprise: int = 100,
                      interval_s: int = 300, start: str = "2026-10-01 00:00:00") -> tuple[pl.DataFrame, list[str]]:
    """n telemetry rows (time-major: every machine reports each interval). Returns (frame, USCCs)."""
    rng = np.random.default_rng(seed)
    usccs = uscc_list(enterprises, rng)
    n_machines = enterprises * machines_per_enterprise
    ent_of = np.arange(n_machines) // machines_per_enterprise
    ent_english = rng.random(enterprises) < 0.25        # a quarter of the enterprises export English words
    ent_pct = rng.random(enterprises) < 0.3             # efficiency written with "%"
    ent_rpm = rng.random(enterprises) < 0.1             # speed written with its unit: "652 rpm"
    ent_clock = rng.integers(0, 60, enterprises)        # each collector's clock phase (seconds)

    kind_p = [k[0] for k in KINDS]
    kind = choice_idx(rng, n_machines, kind_p)
    local_no = np.arange(n_machines) % machines_per_enterprise + 1
    prefixes = [k[3] for k in KINDS]
    machine_ids = [f"{prefixes[k]}-{no:03d}" for k, no in zip(kind.tolist(), local_no.tolist(), strict=True)]
    type_words = []
    for m in range(n_machines):
        words = KINDS[kind[m]][2] if ent_english[ent_of[m]] else KINDS[kind[m]][1]
        type_words.append(words[int(rng.integers(0, len(words)))])
    operators = person_names(enterprises * 30, rng)

    n_dup = round(n * DUP_RATE)
    n_base = n - n_dup
    idx, is_copy = dup_order(rng, n_base, n_dup, spread=3 * n_machines)
    machine = idx % n_machines
    step = idx // n_machines
    ent = ent_of[machine]
    mkind = kind[machine]
    t0 = int(dt.datetime.fromisoformat(start).replace(tzinfo=dt.UTC).timestamp())
    ts = t0 + step * interval_s + ent_clock[ent]
    hour = (step * interval_s // 3600) % 24

    # row-level randomness drawn per base row, then gathered, so a copy repeats its original
    status = choice_idx(rng, n_base, STATUS_P)[idx]
    noise = rng.standard_normal(n_base)[idx]
    u = rng.random(n_base)[idx]
    breaks = rng.poisson(0.8, n_base)[idx]
    nominal = np.array([k[4] for k in KINDS], dtype=np.float64)[mkind]
    sd = np.array([k[5] for k in KINDS], dtype=np.float64)[mkind]
    metres = np.array([k[6] for k in KINDS], dtype=np.float64)[mkind]
    kwh = np.array([k[7] for k in KINDS], dtype=np.float64)[mkind]
    running = status == 0
    speed = np.where(running, np.maximum(nominal + sd * noise, 0), 0.0)
    eff = np.where(running, np.clip(92 - 9 * np.abs(noise) - 4 * u, 40, 99.9), 0.0)
    output = np.where(running, metres * eff / 90 * (0.9 + 0.2 * u), 0.0)
    energy = np.where(running, kwh * (0.85 + 0.3 * u), kwh * 0.08 * u)
    # a re-sent copy with a corrected meter reading (half the copies): a conflicting version
    changed = is_copy & (rng.random(n) < 0.5)
    energy = np.where(changed, energy + 0.01 + 0.05 * rng.random(n), energy)

    style_en = ent_english[ent]
    status_word_idx = rng.integers(0, 3, n)
    st_words = [w for group in STATUS_ZH for w in (group * 3)[:3]] + [w for group in STATUS_EN for w in (group * 3)[:3]]
    st_idx = np.where(style_en, 12, 0) + status * 3 + status_word_idx
    operator_idx = ent * 30 + (machine % machines_per_enterprise * 3 + hour // 8) % 30

    df = pl.DataFrame({
        "ent": ent.astype(np.int32), "machine": machine.astype(np.int32), "ts": ts.astype(np.int64),
        "st": st_idx.astype(np.int32), "speed": speed, "eff": eff, "out": output, "kwh": energy,
        "breaks": breaks.astype(np.int32), "op": operator_idx.astype(np.int32), "kind": mkind.astype(np.int8),
        "pct": ent_pct[ent], "rpm": ent_rpm[ent], "op_missing": rng.random(n) < 0.01,
    })
    frame = df.select(
        pick(usccs, df["ent"]).alias("统一社会信用代码"),
        pick(machine_ids, df["machine"]).alias("机台号"),
        pick(type_words, df["machine"]).alias("设备类型"),
        pl.from_epoch(pl.col("ts"), "s").dt.strftime("%Y-%m-%d %H:%M:%S").alias("时间"),
        pick(st_words, df["st"]).alias("状态"),
        pl.when(pl.col("rpm")).then(fmt_num(pl.col("speed"), 0) + " rpm").otherwise(fmt_num(pl.col("speed"), 0))
        .alias("车速"),
        pl.when(pl.col("pct")).then(fmt_num(pl.col("eff"), 1) + "%").otherwise(fmt_num(pl.col("eff"), 1))
        .alias("效率"),
        fmt_num(pl.col("out"), 2).alias("产量(米)"),
        fmt_num(pl.col("kwh"), 3).alias("能耗(kWh)"),
        pl.when(pl.col("kind") == 3).then(None).otherwise(pl.col("breaks").cast(pl.String)).alias("断头"),
        pl.when(pl.col("op_missing")).then(None).otherwise(pick(operators, df["op"])).alias("挡车工"),
    )
    frame = scatter_bad(frame, rng, {
        "时间": ["2026-10-32 08:00:00", "2026-13-01 08:00:00", "yesterday", "10/01 08:00"],
        "状态": ["未知", "???", "unknown"],
        "车速": ["-15", "abc", "650 furlongs"],
        "效率": ["105.3", "-2.0", "n/a"],
        "能耗(kWh)": ["-0.4", "1.2.3", "#VALUE!"],
        "断头": ["1.5", "-1", "many"],
        "设备类型": ["未知设备", "printer"],
    })
    return frame, usccs


# ----------------------------------------------------------------------------------------------- products

PRODUCTS_HEADERS = ["统一社会信用代码", "货号", "品名", "类别", "海关编码", "成分", "纱支", "克重(g/m²)",
                    "门幅", "组织", "颜色", "单价(元)", "产品描述", "更新时间"]
CATEGORIES = [  # (share, zh words, en words, hs codes, nouns)
    (0.18, ["纱线", "棉纱", "混纺纱", "色纱"], ["yarn"], ["520512", "520522", "540233", "550921", "551011"],
     ["纱", "纱线", "股线"]),
    (0.25, ["坯布", "白坯布", "胚布"], ["greige fabric", "grey fabric"], ["520812", "520942", "540752", "551311",
                                                                         "600410"], ["坯布", "白坯", "胚布"]),
    (0.35, ["面料", "成品布", "色布", "印花布"], ["finished fabric", "fabric"], ["520832", "551321", "540761", "521051",
                                                                              "600622", "551511"],
     ["面料", "布", "府绸", "卡其", "色丁", "汗布", "罗纹布", "牛津布"]),
    (0.14, ["家纺", "床品", "家纺产品"], ["home textile", "bedding"], ["630231", "630221", "630260", "630291"],
     ["四件套", "被套", "床单", "枕套", "毛巾", "浴巾"]),
    (0.08, ["产业用纺织品", "工业用布", "产业用"], ["industrial textile", "technical textile"],
     ["560392", "560311", "590390", "591190"], ["无纺布", "过滤布", "土工布", "涂层布"]),
]
COMPOSITIONS = [  # (text as exported, short name used in product names)
    ("100%棉", "全棉"), ("全棉", "全棉"), ("65%涤纶 35%棉", "涤棉"), ("T/C 65/35", "涤棉"), ("T/C 80/20", "涤棉"),
    ("CVC 60/40", "CVC"), ("95%棉 5%氨纶", "棉弹"), ("Cotton 95% Spandex 5%", "棉弹"), ("100%涤纶", "涤纶"),
    ("100% Polyester", "涤纶"), ("70%粘胶纤维 30%锦纶", "粘锦"), ("天丝 100%", "天丝"), ("55%亚麻 45%棉", "棉麻"),
    ("T/R 65/35", "涤粘"), ("80%羊毛 20%锦纶", "毛锦"), ("50%莫代尔纤维 50%棉", "莫代尔"), ("100%真丝", "真丝"),
    ("92%锦纶 8%氨纶", "锦氨"), ("60%棉 40%涤纶", "棉涤"), ("100%粘胶纤维", "人棉"),
]
YARN_COUNTS = ["40S", "32S/2", "60S", "21支", "150D", "75D/72F", "30tex", "Ne 40", "16S", "100D/2", "50S/2", "20tex"]
WEAVES = ["平纹", "斜纹", "缎纹", "提花", "纬编", "经编", "平纹", "斜纹", "plain", "twill"]
NONWOVEN = ["无纺布", "水刺", "纺粘", "平纹"]
COLORS = ["白色", "黑色", "藏青", "米白", "浅灰", "深灰", "红色", "酒红", "卡其", "天蓝", "墨绿", "本白",
          "漂白", "粉色", "驼色", "咖啡", "杏色", "军绿", "宝蓝", "紫色"]
WIDTHS = ["150", "160", "145", "57/58\"", "58/60\"", "150cm", "280", "63英寸", "175", "110"]
FEATURES = ["手感柔软", "透气舒适", "吸湿排汗", "抗皱免烫", "色牢度高", "不起球", "弹力好", "垂感好",
            "环保染色", "亲肤", "耐磨", "防静电", "抗菌防臭", "挺括有型", "光泽柔和", "缩水率低", "轻薄", "保暖",
            "易打理", "高支高密",
            "Soft hand feel", "Breathable", "Wrinkle resistant", "OEKO-TEX认证", "GRS再生"]
USES = ["衬衫", "连衣裙", "休闲裤", "西装", "工装", "童装", "运动服", "床上用品", "窗帘", "家居服", "箱包",
        "T恤", "卫衣", "医用", "过滤材料", "沙发布", "内衣", "外套", "校服", "酒店布草"]
TIME_FORMATS = ["%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M:%S", "%Y/%-m/%-d %H:%M", "%Y%m%d%H%M%S", "%Y年%-m月%-d日 %H时%M分"]


def generate_products(n: int, seed: int = 11, enterprises: int = 20) -> tuple[pl.DataFrame, list[str]]:
    """n product master rows. Returns (frame, USCCs)."""
    rng = np.random.default_rng(seed)
    usccs = uscc_list(enterprises, rng)
    ent_english = rng.random(enterprises) < 0.2
    ent_time = rng.integers(0, len(TIME_FORMATS), enterprises)
    ent_price_unit = rng.random(enterprises) < 0.2     # "18.50元/米"
    ent_weight_unit = rng.random(enterprises) < 0.25   # "180 g/m2" / "5.3oz" in the cell
    contacts = person_names(enterprises * 4, rng)

    n_dup = round(n * DUP_RATE)
    n_base = n - n_dup
    idx, is_copy = dup_order(rng, n_base, n_dup, spread=5000)
    ent_base = rng.integers(0, enterprises, n_base)
    ent = ent_base[idx]
    # sku: running number within the enterprise (base rows)
    order = np.argsort(ent_base, kind="stable")
    seq = np.empty(n_base, dtype=np.int64)
    counts = np.bincount(ent_base, minlength=enterprises)
    starts = np.concatenate([[0], np.cumsum(counts)[:-1]])
    seq[order] = np.arange(n_base) - np.repeat(starts, counts)
    seq = seq[idx]

    cat = choice_idx(rng, n_base, [c[0] for c in CATEGORIES])[idx]
    comp = rng.integers(0, len(COMPOSITIONS), n_base)[idx]
    cat_word = rng.integers(0, 4, n_base)[idx]
    hs_pick = rng.integers(0, 6, n_base)[idx]
    hs_style = choice_idx(rng, n_base, [0.55, 0.25, 0.1, 0.1])[idx]   # 520812 | 5208.12 | 5208120000 | empty
    noun = rng.integers(0, 8, n_base)[idx]
    color = rng.integers(0, len(COLORS), n_base)[idx]
    weave = rng.integers(0, len(WEAVES), n_base)[idx]
    gsm = rng.integers(60, 400, n_base)[idx]
    count = rng.integers(0, len(YARN_COUNTS), n_base)[idx]
    width = rng.integers(0, len(WIDTHS), n_base)[idx]
    price = np.round(rng.lognormal(3.0, 0.6, n_base), 2)[idx]
    f1, f2, use = (rng.integers(0, len(FEATURES), n_base)[idx], rng.integers(0, len(FEATURES), n_base)[idx],
                   rng.integers(0, len(USES), n_base)[idx])
    moq = (rng.integers(1, 60, n_base) * 100)[idx]
    desc_kind = choice_idx(rng, n_base, [0.55, 0.25, 0.1, 0.05, 0.03, 0.02])[idx]
    contact = rng.integers(0, len(contacts), n_base)[idx]
    phone = (13800000000 + rng.integers(0, 199999999, n_base))[idx]
    t_upd = int(dt.datetime(2024, 6, 1, tzinfo=dt.UTC).timestamp()) + rng.integers(0, 86400 * 850, n_base)[idx]
    # a copy is either an exact re-upload or a newer version (price and updated_at changed)
    newer = is_copy & (rng.random(n) < 0.7)
    price = np.where(newer, np.round(price * (1 + 0.1 * rng.random(n)), 2), price)
    t_upd = np.where(newer, t_upd + rng.integers(3600, 86400 * 30, n), t_upd)

    cat_words = []
    for c in CATEGORIES:
        cat_words += (c[1] * 4)[:4] + (c[2] * 4)[:4]
    hs_all = [code for c in CATEGORIES for code in (c[3] * 6)[:6]]
    nouns = [w for c in CATEGORIES for w in (c[4] * 8)[:8]]
    comp_text = [c[0] for c in COMPOSITIONS]
    comp_short = [c[1] for c in COMPOSITIONS]

    df = pl.DataFrame({
        "ent": ent.astype(np.int32), "seq": seq, "cat": cat.astype(np.int32), "en": ent_english[ent],
        "cw": cat_word.astype(np.int32), "hs": (cat * 6 + hs_pick).astype(np.int32), "hs_style": hs_style,
        "noun": (cat * 8 + noun).astype(np.int32), "comp": comp.astype(np.int32), "color": color.astype(np.int32),
        "weave": weave.astype(np.int32), "gsm": gsm, "count": count.astype(np.int32), "width": width.astype(np.int32),
        "price": price, "f1": f1.astype(np.int32), "f2": f2.astype(np.int32), "use": use.astype(np.int32),
        "moq": moq, "dk": desc_kind, "contact": contact.astype(np.int32), "phone": phone, "t": t_upd,
        "tf": ent_time[ent], "pu": ent_price_unit[ent], "wu": ent_weight_unit[ent],
        "wu_oz": rng.random(n_base)[idx] < 0.3,
    })
    is_yarn = pl.col("cat") == 0
    fabric = pl.col("cat").is_in([1, 2])
    home = pl.col("cat") == 3
    industrial = pl.col("cat") == 4
    comp_s = pick(comp_text, df["comp"])
    short = pick(comp_short, df["comp"])
    spec = (pl.when(is_yarn).then(pick(YARN_COUNTS, df["count"]))
            .when(fabric | industrial).then(pl.format("{}g", pl.col("gsm")))
            .otherwise(pl.lit("")))
    weave_s = pick(WEAVES, df["weave"])
    hs = pick(hs_all, df["hs"])
    sku = pl.format("TX{}-{}", (pl.col("ent") + 1).cast(pl.String).str.zfill(2), pl.col("seq").cast(pl.String)
                    .str.zfill(6))
    weight_num = pl.col("gsm").cast(pl.String)
    weight = (pl.when(~pl.col("wu")).then(weight_num)
              .when(pl.col("wu_oz")).then(pl.format("{}oz", (pl.col("gsm") / 33.906).round(1)))
              .otherwise(pl.format("{} g/m2", pl.col("gsm"))))
    desc = (pl.when(pl.col("dk") == 0).then(pl.format("{}，{}，适用于{}。", pick(FEATURES, df["f1"]),
                                                       pick(FEATURES, df["f2"]), pick(USES, df["use"])))
            .when(pl.col("dk") == 1).then(pl.format("{}{}，{}，起订量{}米，现货供应。", short,
                                                    pick(COLORS, df["color"]), pick(FEATURES, df["f1"]),
                                                    pl.col("moq")))
            .when(pl.col("dk") == 2).then(pl.format("{}; {}; for {}", pick(FEATURES, df["f1"]),
                                                    pick(FEATURES, df["f2"]), pick(USES, df["use"])))
            .when(pl.col("dk") == 3).then(pl.format("{}，大货交期15天。联系人：{} {}", pick(FEATURES, df["f1"]),
                                                    pick(contacts, df["contact"]), pl.col("phone")))
            .when(pl.col("dk") == 4).then(pl.format("{}，询价请发邮件 sales{}@example.com", pick(FEATURES, df["f2"]),
                                                    pl.col("contact")))
            .otherwise(None))
    upd = pl.from_epoch(pl.col("t"), "s")
    upd_s = pl.when(pl.col("tf") == 0).then(upd.dt.strftime(TIME_FORMATS[0]))
    for i, f in enumerate(TIME_FORMATS[1:], 1):
        upd_s = upd_s.when(pl.col("tf") == i).then(upd.dt.strftime(f))
    frame = df.select(
        pick(usccs, df["ent"]).alias("统一社会信用代码"),
        sku.alias("货号"),
        pl.concat_str([short, pl.when(is_yarn).then(pl.lit("")).otherwise(weave_s.str.replace(r"^[a-z]+$", "")),
                       spec, pick(nouns, df["noun"])]).alias("品名"),
        pick(cat_words, cat * 8 + np.where(ent_english[ent], 4, 0) + cat_word).alias("类别"),
        pl.when(pl.col("hs_style") == 0).then(hs)
        .when(pl.col("hs_style") == 1).then(hs.str.slice(0, 4) + "." + hs.str.slice(4, 2))
        .when(pl.col("hs_style") == 2).then(hs + "0000").otherwise(None).alias("海关编码"),
        comp_s.alias("成分"),
        pl.when(is_yarn).then(pick(YARN_COUNTS, df["count"])).otherwise(None).alias("纱支"),
        pl.when(fabric | industrial | (home & (pl.col("gsm") % 2 == 0))).then(weight).otherwise(None)
        .alias("克重(g/m²)"),
        pl.when(is_yarn).then(None).otherwise(pick(WIDTHS, df["width"])).alias("门幅"),
        pl.when(is_yarn).then(None).when(industrial).then(pick(NONWOVEN, df["weave"] % 4)).otherwise(weave_s)
        .alias("组织"),
        pick(COLORS, df["color"]).alias("颜色"),
        pl.when(pl.col("pu")).then(pl.format("{}元/米", fmt_num(pl.col("price"), 2)))
        .otherwise(fmt_num(pl.col("price"), 2)).alias("单价(元)"),
        desc.alias("产品描述"),
        upd_s.alias("更新时间"),
    )
    frame = scatter_bad(frame, rng, {
        "海关编码": ["847130", "9999.99", "12345"],
        "成分": ["见吊牌", "60%棉 50%涤纶", "棉/涤"],
        "类别": ["其他杂项", "服装"],
        "单价(元)": ["-5", "面议"],
        "更新时间": ["2026-02-30 10:00:00", "last week"],
        "门幅": ["宽幅", "150 furlongs"],
    })
    return frame, usccs


# ----------------------------------------------------------------------------------------------- output

def manifest_text(entries: list[tuple[str, str, str]], industry: str = "textiles") -> str:
    lines = ["# generated by benchmarks/generate.py", f"industry: {industry}", f"reference_date: {REFERENCE_DATE}",
             "sources:"]
    for path, table, enterprise in entries:
        lines += [f"  - path: {path}", f"    table: {table}", f"    enterprise_id: {enterprise}",
                  "    encoding: utf-8"]
    return "\n".join(lines) + "\n"


def write_table(table: str, rows: int, out_dir: Path, seed: int, industry: str = "textiles") -> tuple[str, str, str]:
    """Generate one table's CSV into out_dir; returns its manifest entry (path, table, enterprise_id)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    if industry == "chemicals":
        import generate_chemicals as chem

        if table == "process_readings":
            frame, usccs = chem.generate_process_readings(rows, seed=seed)
        elif table == "products":
            frame, usccs = chem.generate_chemical_products(rows, seed=seed + 4)
        else:
            raise ValueError(f"unknown chemicals table {table!r}")
    elif table == "machine_readings":
        frame, usccs = generate_readings(rows, seed=seed)
    elif table == "products":
        frame, usccs = generate_products(rows, seed=seed + 4)
    else:
        raise ValueError(f"unknown table {table!r}")
    name = f"{table}.csv"
    tmp = out_dir / f".{name}.tmp"
    frame.write_csv(tmp)
    tmp.replace(out_dir / name)
    return name, table, usccs[0]


def generate(out_dir: Path, readings: int, products: int, seed: int = 7, log=print,
             industry: str = "textiles") -> Path:
    """Write the requested tables and OUT_DIR/sources.yaml; returns the manifest path."""
    entries = []
    for table, rows in zip(TABLES[industry], (readings, products), strict=True):
        if rows <= 0:
            continue
        started = time.perf_counter()
        entries.append(write_table(table, rows, out_dir, seed, industry))
        size = (out_dir / entries[-1][0]).stat().st_size
        log(f"generated {table}: {rows:,} rows, {size / 1e6:,.0f} MB in {time.perf_counter() - started:.1f} s")
    manifest = out_dir / "sources.yaml"
    manifest.write_text(manifest_text(entries, industry), encoding="utf-8")
    return manifest


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out", type=Path, help="folder to write the CSVs and sources.yaml into")
    ap.add_argument("--industry", choices=tuple(TABLES), default="textiles")
    ap.add_argument("--readings", type=int, default=1_000_000,
                    help="machine_readings (textiles) or process_readings (chemicals) rows (0: none)")
    ap.add_argument("--products", type=int, default=100_000, help="products rows (0: none)")
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    print(generate(args.out, args.readings, args.products, args.seed, industry=args.industry))


if __name__ == "__main__":
    main()
