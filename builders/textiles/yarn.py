"""Yarn counts to tex: tex, dtex/10, denier/9, Ne 590.54/Ne (`40S`, `40支`), Nm 1000/Nm.

Plied yarns are the single count times the plies, however the ply is written: `32S/2`, `2/32S`, `40/2S`,
`60/2Nm`, `32S×2`, `20tex×2`. `40S*40S` (warp x weft) is the warp count. Without a unit (and none in the
header), a bare count is tex, but mill shorthand is Ne: `40*40` (warp x weft), `40*2` (a ply, like `40/2`),
`CM40*CM40`, `JC40` (a cotton-system prefix). A core-spun or covered yarn (`75D+40D`, `40S+40D`) is its first, main
yarn's count.
"""

from __future__ import annotations

import re

import polars as pl

from indset.parsers.basic import changed
from indset.registry import ParseContext, Parsed, parser
from indset.standard import FieldSpec
from indset.text import key_form, map_unique, normalize_text

NE_TEX = 590.54
# system word -> (kind, constant): direct tex = value * c, indirect tex = c / value
SYSTEMS = {
    "tex": ("direct", 1.0), "特": ("direct", 1.0), "特克斯": ("direct", 1.0),
    "dtex": ("direct", 0.1), "分特": ("direct", 0.1),
    "d": ("direct", 1 / 9), "den": ("direct", 1 / 9), "denier": ("direct", 1 / 9), "旦": ("direct", 1 / 9),
    "s": ("indirect", NE_TEX), "ne": ("indirect", NE_TEX), "支": ("indirect", NE_TEX), "英支": ("indirect", NE_TEX),
    "nec": ("indirect", NE_TEX),
    "nm": ("indirect", 1000.0), "公支": ("indirect", 1000.0),
}
_NUM = r"(\d+(?:\.\d+)?)"
MAX_PLIES = 6  # `40*40` is warp x weft; `32S×2` a two-ply yarn
# words around a count that name the yarn's kind, preparation or lustre (SD semi-dull, FD full dull), not its density
_KIND_WORDS = re.compile(r"^(?:dty|fdy|poy|aty|hty|ity|t/c|t/r|cvc|涤纶|锦纶|棉纱)"
                         r"|(?:紧密纺|赛络纺|环锭纺|气流纺|涡流纺|低弹丝|高弹丝|网络丝|长丝|纱|线|股|comb|combed|carded|精梳|普梳)$"
                         r"|(?<=[fd])(?:dty|fdy|poy|aty|hty|ity|sd|fd|br|sb|bright|半光|全消光|消光|有光|大有光)$")
# a ply in words after the count: `40S双股` is 40S/2
_PLY_WORDS = {"单": 1, "双": 2, "二": 2, "三": 3, "四": 4}
# cotton-system prefixes (combed, open-end, carded; fibre letters): a count after one is in Ne unless it says
_PREFIX = r"^(?:jc|oe|cm|cvc|tc|tr|jt|c|t|r)(?=\d+(?:\.\d+)?(?:s|支)?(?:/\d+)?$)"   # JC40S, JC40S/2
_UNIT = r"(tex|dtex|denier|den|d|nec|ne|nm|s|特克斯|特|分特|旦|英支|公支|支)"


def yarn_tex(text: str, default_unit: str | None) -> float | None:
    """Tex of one count string, or None when it is not a yarn count."""
    header = key_form(default_unit).replace(" ", "") if default_unit else None
    t = key_form(text).replace(" ", "").replace("'s", "s").replace("’s", "s")
    t = t.split("+")[0]                            # core-spun or covered `75D+40D`, `40S+40D`: the main yarn
    times = 1
    if m := re.fullmatch(rf"(.+?)([{''.join(_PLY_WORDS)}])股线?", t):   # 40S双股: two-ply
        t, times = m[1], _PLY_WORDS[m[2]]
    t = _KIND_WORDS.sub("", t)                     # DTY 150D/48F, T/C 45S, 40支纱, 30S/1 comb, 40S紧密纺, 150D/48F SD
    if m := re.fullmatch(rf"(.+?)[*×x]([1-{MAX_PLIES}])", t):  # 32S×2: plied (a bare small count)
        t, times = m[1], times * int(m[2])
    elif m := re.fullmatch(rf"([1-{MAX_PLIES}])[*×x](.+)", t):  # 2*150D
        times, t = times * int(m[1]), m[2]
    parts = re.split(r"[*×]|(?:(?<=[s支])|(?<=/\d))x(?=[a-z]*\d)", t)   # 40SX40S, 32S/2X16S
    t = parts[0]                                    # 40S*40S, 40S X 40S (warp x weft): the warp count
    t = re.sub(r"/\d+f(?=/|$)", "", t)             # 75D/72F, 75D/36F/2: filaments do not change the density
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


@parser("yarn_count")
def parse_yarn_count(raw: pl.Series, spec: FieldSpec, ctx: ParseContext) -> Parsed:
    text = normalize_text(raw)
    values = map_unique(text, lambda v: yarn_tex(v, ctx.header_unit), pl.Float64).alias(spec.name)
    plain = text.str.contains(r"^\d+(\.\d+)?$").fill_null(False) & (ctx.header_unit in (None, "tex"))
    return Parsed(values, text.is_not_null() & values.is_null(), ~plain & text.is_not_null() | changed(raw, text))
