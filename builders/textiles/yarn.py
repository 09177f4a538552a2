"""Yarn counts to tex: tex, dtex/10, denier/9, Ne 590.54/Ne (`40S`, `40支`), Nm 1000/Nm, linen lea 1653.52/lea
(`14lea`, `14NeL`).

Plied yarns are the single count times the plies, however the ply is written: `32S/2`, `2/32S`, `40/2S`,
`60/2Nm`, `32S×2`, `20tex×2`. `40S*40S` (warp x weft) is the warp count. Without a unit (and none in the
header), a bare count is tex, but mill shorthand is Ne: `40*40` (warp x weft), `40*2` (a ply, like `40/2`),
`CM40*CM40`, `JC40` (a cotton-system prefix). A core-spun or covered yarn (`75D+40D`, `40S+40D`) is its first, main
yarn's count.

Words of how the yarn was spun or what it is made of, before or after the count, are no part of
it (`精梳40支`, `紧密纺JC40S`, `30S竹节`, `32S有机棉`, `100%棉 40S`, `C/T 60/40 45S`); nor is a fibre letter before a
filament count (`N70D/24F`, nylon). A raw silk's denier range (`20/22D`) is its mean (21 D).
"""

from __future__ import annotations

import re
from functools import cache

import polars as pl

from builders.textiles.composition import fiber_index
from indset.parsers.basic import changed
from indset.registry import ParseContext, Parsed, parser
from indset.standard import FieldSpec
from indset.text import alternation, key_form, map_unique, normalize_text

NE_TEX = 590.54
# linen (lea) count: leas of 300 yd per pound. tex = 453.59237 g / (lea x 0.27432 km) = 1653.52 / lea, the factor of
# ASTM D2260 Table 1 (linen lea = 1653.52 / tex; ISO 2947 agrees): `14lea` is 118.1 tex
LEA_TEX = 1653.52
# system word -> (kind, constant): direct tex = value * c, indirect tex = c / value
SYSTEMS = {
    "tex": ("direct", 1.0), "特": ("direct", 1.0), "特克斯": ("direct", 1.0),
    "dtex": ("direct", 0.1), "分特": ("direct", 0.1),
    "d": ("direct", 1 / 9), "den": ("direct", 1 / 9), "denier": ("direct", 1 / 9), "旦": ("direct", 1 / 9),
    "s": ("indirect", NE_TEX), "ne": ("indirect", NE_TEX), "支": ("indirect", NE_TEX), "英支": ("indirect", NE_TEX),
    "nec": ("indirect", NE_TEX),
    "nm": ("indirect", 1000.0), "公支": ("indirect", 1000.0),
    "lea": ("indirect", LEA_TEX), "nel": ("indirect", LEA_TEX),
}
_NUM = r"(\d+(?:\.\d+)?)"
MAX_PLIES = 6  # `40*40` is warp x weft; `32S×2` a two-ply yarn
# words around a count that name the yarn's kind, preparation or lustre (SD semi-dull, FD full dull), not its density
_KIND_WORDS = re.compile(r"^(?:dty|fdy|poy|aty|hty|ity|[a-z]{1,3}(?:/[a-z]{1,3})+(?=\d)|cvc|涤纶|锦纶|棉纱)"
                         r"|(?:紧密纺|赛络纺|环锭纺|气流纺|涡流纺|低弹丝|高弹丝|网络丝|长丝|纱|线|股|comb|combed|carded|精梳|普梳)$"
                         r"|(?<=[fd])(?:dty|fdy|poy|aty|hty|ity|sd|fd|br|sb|bright|半光|全消光|消光|有光|大有光)$")
# how a yarn was spun or prepared, and what it looks like (`精梳40支`, `赛络纺40S`, `30S竹节`): with the fibres' Chinese
# names (fibers.yaml: `32S有机棉`), words before or after a count that are no part of it
_PROCESS_WORDS = ("精梳", "半精梳", "普梳", "紧密纺", "赛络纺", "赛络紧密纺", "环锭纺", "气流纺", "转杯纺",
                  "涡流纺", "喷气涡流纺", "竹节", "包芯", "包覆", "色纺", "烧毛", "丝光", "有机", "再生", "纱", "纱线",
                  "线", "股线", "单纱", "长丝", "针织用", "机织用")
# a ply in words after the count: `40S双股` is 40S/2
_PLY_WORDS = {"单": 1, "双": 2, "二": 2, "三": 3, "四": 4}
# cotton-system prefixes (combed, open-end, carded; fibre letters): a count after one is in Ne unless it says
_PREFIX = r"^(?:jc|oe|cm|cvc|tc|tr|jt|c|t|r)(?=\d+(?:\.\d+)?(?:s|支)?(?:/\d+)?$)"   # JC40S, JC40S/2
# a fibre letter before a filament count in a direct system: `N70D/24F` (nylon), `T150D`; no cotton system then
_FIBRE_LETTER = r"^(?:n|t|r|p)(?=\d+(?:\.\d+)?(?:d|den|denier|dtex|tex|旦)(?:/\d+)?$)"
# a raw silk's size: a denier range (`20/22D`, `13/15D`) whose ends lie close
_DENIER_RANGE = r"(\d+(?:\.\d+)?)/(\d+(?:\.\d+)?)(d|den|denier|旦)"
_UNIT = r"(tex|dtex|denier|den|d|lea|nel|nec|ne|nm|s|特克斯|特|分特|旦|英支|公支|支)"


def yarn_tex(text: str, default_unit: str | None) -> float | None:
    """Tex of one count string, or None when it is not a yarn count."""
    header = key_form(default_unit).replace(" ", "") if default_unit else None
    t = key_form(text)
    if " " in t:                                   # `100%棉 40S`, `C/T 60/40 45S`: a composition beside the count
        t = _composition_left_out(t)
    t = t.replace(" ", "").replace("'s", "s").replace("’s", "s")
    t = t.split("+")[0]                            # core-spun or covered `75D+40D`, `40S+40D`: the main yarn
    times = 1
    if m := re.fullmatch(rf"(.+?)([{''.join(_PLY_WORDS)}])股线?", t):   # 40S双股: two-ply
        t, times = m[1], _PLY_WORDS[m[2]]
    t = _KIND_WORDS.sub("", t)                     # DTY 150D/48F, T/C 45S, 40支纱, 30S/1 comb, 40S紧密纺, 150D/48F SD
    t = _descriptive_words().sub("", t)            # 精梳40支, 紧密纺JC40S, 30S竹节, 32S有机棉
    if m := re.fullmatch(rf"(.+?)[*×x]([1-{MAX_PLIES}])", t):  # 32S×2: plied (a bare small count)
        t, times = m[1], times * int(m[2])
    elif m := re.fullmatch(rf"([1-{MAX_PLIES}])[*×x](.+)", t):  # 2*150D
        times, t = times * int(m[1]), m[2]
    parts = re.split(r"[*×]|(?:(?<=[s支])|(?<=/\d))x(?=[a-z]*\d)", t)   # 40SX40S, 32S/2X16S
    t = parts[0]                                    # 40S*40S, 40S X 40S (warp x weft): the warp count
    t = re.sub(r"/\d+f(?=/|$)", "", t)             # 75D/72F, 75D/36F/2: filaments do not change the density
    t = re.sub(_FIBRE_LETTER, "", t)               # N70D/24F, T150D: the fibre, no system
    prefixed = re.sub(_PREFIX, "", t)               # fibre or spinning prefix: JC40S, OE10S, CM40
    # mill shorthand is Ne: warp x weft `40*40`, a ply `40*2` (as `40/2`), a prefixed count `CM40`
    cotton = len(parts) > 1 or times > 1 or prefixed != t
    t = prefixed
    plies = 1
    if m := re.fullmatch(rf"{_NUM}{_UNIT}?/(\d+)", t):
        value, unit, plies = float(m[1]), m[2], int(m[3])
        unit = unit or header or "ne"               # a bare count/ply (40/1, 32/2): the header's system, else Ne
    elif m := re.fullmatch(rf"{_NUM}/([1-{MAX_PLIES}]){_UNIT}", t):   # 40/2S, 60/2Nm: count/ply, then the system
        value, plies, unit = float(m[1]), int(m[2]), m[3]
    elif m := re.fullmatch(rf"{_UNIT}{_NUM}/(\d+)", t):
        unit, value, plies = m[1], float(m[2]), int(m[3])
    elif (r := re.fullmatch(_DENIER_RANGE, t)) and MAX_PLIES < float(r[1]) < float(r[2]) <= 1.5 * float(r[1]):
        value, unit = (float(r[1]) + float(r[2])) / 2, r[3]   # raw silk 20/22D: its mean size, 21 D
    elif m := re.fullmatch(rf"(\d+)/{_NUM}{_UNIT}", t):
        plies, value, unit = int(m[1]), float(m[2]), m[3]
    else:
        m = re.fullmatch(rf"{_NUM}{_UNIT}?", t) or re.fullmatch(rf"{_UNIT}{_NUM}", t)
        if not m:
            return None
        value, unit = (float(m[1]), m[2]) if m[1][0].isdigit() else (float(m[2]), m[1])
    if plies > MAX_PLIES:   # `2/40`, `Nm 2/48`: plies first; `75/72` (a filament shorthand): no count to trust
        if not (value.is_integer() and 1 <= value <= MAX_PLIES):
            return None
        value, plies = float(plies), int(value)
    unit = unit or header or ("ne" if cotton else "tex")
    system = SYSTEMS.get(unit)
    plies *= times
    if system is None or value <= 0 or plies <= 0:
        return None
    kind, c = system
    tex = value * c if kind == "direct" else c / value
    return round(tex * plies, 6)


@cache
def _descriptive_words() -> re.Pattern[str]:
    """Process words and the fibres' Chinese names (no letters or digits in them), at either end of a count."""
    index, _ = fiber_index()
    fibres = {a for a in index if re.fullmatch(r"[\u4e00-\u9fff]+", a)}
    words = alternation({*_PROCESS_WORDS, *fibres})
    return re.compile(rf"^(?:{words})+|(?:{words})+$")


def _composition_left_out(t: str) -> str:
    """`100%棉 40s` -> `40s`, `c/t 60/40 45s` -> `c/t 45s`: shares (a `%`, or a ratio adding up to 100, the fibre
    letters before it kept) beside a count are the composition, no part of the count; kept when nothing else is left."""
    kept = []
    for tok in t.split(" "):
        if "%" in tok:
            continue
        if (m := re.fullmatch(r"([a-z]+(?:/[a-z]+)*)?(\d+(?:\.\d+)?(?:/\d+(?:\.\d+)?)+)", tok)) and \
                abs(sum(float(x) for x in m[2].split("/")) - 100) < 1e-6:
            if m[1]:
                kept.append(m[1])
            continue
        kept.append(tok)
    return " ".join(kept) if any(re.search(r"\d", k) for k in kept) else t


@parser("yarn_count")
def parse_yarn_count(raw: pl.Series, spec: FieldSpec, ctx: ParseContext) -> Parsed:
    text = normalize_text(raw)
    values = map_unique(text, lambda v: yarn_tex(v, ctx.header_unit), pl.Float64).alias(spec.name)
    plain = text.str.contains(r"^\d+(\.\d+)?$").fill_null(False) & (ctx.header_unit in (None, "tex"))
    return Parsed(values, text.is_not_null() & values.is_null(), ~plain & text.is_not_null() | changed(raw, text))
