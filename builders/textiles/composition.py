"""Fibre compositions: `65%涤纶 35%棉`, `T/C 65/35`, `CVC 60/40`, `Cotton 95% Spandex 5%`, `全棉`, `涤粘65/35`.

Shared by every industry that sells fibres (textiles, apparel). Parsed once per distinct string
(compositions repeat heavily) into a sorted list of {fiber, pct}; the sum is a separate check.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import polars as pl
import yaml

from indset.normalize import POLARS_TYPES
from indset.parsers.basic import changed
from indset.registry import ParseContext, Parsed, check, parser
from indset.standard import FieldSpec, TableSpec
from indset.text import key_form, map_unique, normalize_text

COMPOSITION = POLARS_TYPES["composition"]
_NUM = r"\d+(?:\.\d+)?"
_SEP = r"[\s,，;；、+&/]+"
_WORD = r"[^\d%,，;；、+&/]+?"


@cache
def fiber_index() -> tuple[dict[str, str], dict[str, tuple[str, ...]]]:
    raw = yaml.safe_load((Path(__file__).parent / "fibers.yaml").read_text(encoding="utf-8"))
    index = {}
    for name, aliases in raw["fibers"].items():
        for a in (name, *aliases):
            index[key_form(str(a))] = name
    blends = {key_form(k): tuple(v) for k, v in raw.get("blends", {}).items()}
    return index, blends


@cache
def _graded_names() -> tuple[re.Pattern[str], dict[str, str]] | None:
    """Fibre aliases holding a number (`锦纶66`, `PA6`, `Nylon 6.6`, `T400`), spaced or not, as one pattern; and
    their standard names by the alias without spaces."""
    index, _ = fiber_index()
    graded = sorted((a for a in index if re.search(r"\d", a)), key=len, reverse=True)
    if not graded:
        return None
    chunks = [re.sub(r"(?<=[^\d\s.])(?=\d)", " ", a).split() for a in graded]   # nylon 6.6, pa66 -> pa 66
    flexible = "|".join(r"\s*".join(map(re.escape, c)) for c in chunks)
    names = {a.replace(" ", ""): index[a] for a in graded}
    return re.compile(rf"(?i)(?<![a-z\d.])({flexible})(?![\d.])(?!\s*%)"), names


def _graded(text: str) -> str:
    """`锦纶66 100%` -> `锦纶 100%`: a fibre name with a polymer grade as its standard name."""
    if (graded := _graded_names()) is None:
        return text
    pattern, names = graded
    return pattern.sub(lambda m: f" {names[key_form(m[1]).replace(' ', '')]} ", text).strip()


def fiber_name(word: str) -> str | None:
    index, _ = fiber_index()
    key = key_form(word).strip(" :：-")
    key = re.sub(r"(纤维|fibre|fiber)$", "", key).strip() if key not in index else key
    return index.get(key)


def _segments(word: str, parts: int) -> list[str] | None:
    """The one way to cut ``word`` into ``parts`` fibre aliases (`涤粘` -> 涤, 粘; `TRSP` -> t, r, sp), or None.

    None when there is no such cut, or when two cuts name different fibres (ambiguous shorthand).
    """
    index, _ = fiber_index()
    key = key_form(word).replace(" ", "")
    found: set[tuple[str, ...]] = set()

    def cut(rest: str, names: tuple[str, ...]) -> None:
        if len(found) > 1 or len(names) > parts:
            return
        if not rest:
            if len(names) == parts:
                found.add(names)
            return
        for end in range(1, len(rest) + 1):
            if rest[:end] in index:
                cut(rest[end:], (*names, index[rest[:end]]))

    cut(key, ())
    return list(found.pop()) if len(found) == 1 else None


def _named(names: list[str], pcts: list[float]) -> list[tuple[str, float]] | None:
    """Fibre names (or one blend shorthand: `T/C`, `CVC`, `涤粘`, `TRSP`) paired with their percentages."""
    _, blends = fiber_index()
    if len(names) == 1 and key_form(names[0]).replace(" ", "") in blends:
        names = list(blends[key_form(names[0]).replace(" ", "")])
    elif len(names) == 1 and len(pcts) > 1:  # "TC 65/35", "涤粘65/35"
        names = _segments(names[0], len(pcts)) or names
    fibers = [fiber_name(n) for n in names]
    if len(fibers) == len(pcts) and all(fibers):
        return list(zip(fibers, pcts, strict=True))
    return None


_WORDS = r"[A-Za-z\u4e00-\u9fff]+(?:\s*/\s*[A-Za-z\u4e00-\u9fff]+)*"
_NUMS = rf"{_NUM}(?:\s*/\s*{_NUM})*"


_WORDS_TO_NUMBER = r"[^\d%,，;；、+&/]+?(?=\s*(?:\d|[,，;；、+&/]|$))"  # a name up to the next number or separator


def _names_a_fiber(rest: str, read: set[str]) -> bool:
    """Whether the words left over after reading the pairs name another fibre (`65%涤纶 35%棉 氨纶`: a share is
    missing); a fibre named again (`100%棉 精梳棉`) or a Latin word of one or two letters (`PU coating`, `T`) is
    no other fibre."""
    words = [w.strip(" %:：") for w in re.split(_SEP, rest)]
    return any((name := fiber_name(w)) and name not in read and not (w.isascii() and len(w) <= 2)
               for w in words if w)


def _named_pairs(t: str, words: str = "") -> list[tuple[str, float]] | None:
    """`65%涤纶 35%棉`, `涤纶65% 棉35%` or `60棉40涤` as (fiber, pct) pairs; ``words`` lets a name hold spaces.

    A form counts only when no number and no fibre name is left over (other words may be: `95%棉 5%氨纶 水洗`):
    `60棉40涤` read name first was (棉, 40) with 60 dropped, `65涤35棉` was (涤纶, 35)."""
    word = words or rf"{_WORD}(?={_SEP}|$|\d)"
    forms = [(rf"({_NUM})\s*%\s*({word})", True), (rf"({_NUM})\s*({word})", True)] if t[:1].isdigit() else []
    forms.append((rf"\s*({words})\s*({_NUM})\s*%?" if words else rf"({_WORD})\s*({_NUM})\s*%?(?={_SEP}|$|[^\d.])",
                  False))
    for pattern, pct_first in forms:
        matches = list(re.finditer(pattern, t))
        rest = re.sub(pattern, " ", t)
        if not matches or re.search(r"\d", rest):  # a share went unread
            continue
        out = []
        for m in matches:
            pct, word_ = (m[1], m[2]) if pct_first else (m[2], m[1])
            name = fiber_name(word_.strip())
            if name is None:
                return None
            out.append((name, float(pct)))
        if _names_a_fiber(rest, {n for n, _ in out}):  # a fibre without its share
            continue
        return out
    return None


def _pairs(text: str) -> list[tuple[str, float]] | None:
    """Parse one normalized composition string into (fiber, pct) pairs, or None if unparseable."""
    t = re.sub(rf"[(\[]\s*({_NUMS})\s*%?\s*[)\]]", r" \1", text).strip()  # T/C(65/35)
    single = fiber_name(t)
    if single:
        return [(single, 100.0)]
    split = lambda names, pcts: ([n.strip() for n in names.split("/")],  # noqa: E731
                                 [float(p) for p in re.split(r"\s*/\s*", pcts)])
    m = re.fullmatch(rf"({_WORDS})\s*({_NUMS})\s*%?", t)  # T/C 65/35
    if m:
        return _named(*split(m[1], m[2]))
    m = re.fullmatch(rf"({_NUMS})\s*%?\s*({_WORDS})", t)  # 65/35 T/C
    if m and "/" in m[1]:
        return _named(*split(m[2], m[1]))
    out = _named_pairs(t) or _named_pairs(t, words=_WORDS_TO_NUMBER)  # 100% Organic Cotton: a name of two words
    if out is None:
        return None
    if "%" not in t and all(p <= 1 for _, p in out) and abs(sum(p for _, p in out) - 1) <= 0.005:
        out = [(name, round(p * 100, 4)) for name, p in out]  # shares of one: {"cotton": 0.95, "spandex": 0.05}
    return out


# A garment label's parts (GB/T 29862 5.3): each label is matched whole (`拼接面料：` is a contrast part, never
# `面料：` with a word before it); the main fabric's labels, and a numbered one (`面料一：`, `面料A：`, `Fabric 1:`)
_MAIN_LABELS = frozenset([
    "面料", "主料", "主面料", "大身", "大身面料", "大身布", "主体", "主体面料", "外面料", "外料", "外层",
    "外层面料", "面层", "表层", "面布", "表布", "主布", "面", "shell", "shell fabric", "outer shell", "self",
    "self fabric", "fabric", "main fabric", "main", "body", "body fabric", "outer", "outer fabric"])
_OTHER_LABELS = frozenset([
    "里料", "里布", "衬里", "内里", "里面料", "里", "衬", "衬布", "填充物", "填充", "絮料", "罗纹", "罗纹面料",
    "罗纹布", "拼接", "拼接面料", "拼料", "撞色", "撞色面料", "装饰", "装饰面料", "装饰物", "配料", "配布", "辅料",
    "袖子", "口袋布", "网布", "lining", "filling", "padding", "wadding", "insulation", "rib", "ribbing", "trim",
    "contrast", "contrast fabric", "pocketing", "interlining"])
# a label's last word naming a part of a garment: with other words before it (`袖口面料`, `Sleeve Lining`) it names
# another part, never the main fabric
_PART_WORDS = ("面料", "料", "布", "里", "fabric", "lining", "trim", "rib")
_LABEL_BEFORE = re.compile(r"(?:[A-Za-z]+\s+){0,2}[A-Za-z]+\s*(?:[A-Da-d]|\d)?\s*$"
                           r"|[\u4e00-\u9fff]+\s*(?:[A-Da-d]|\d)?\s*$")
_NUMBERED = re.compile(r"(?<=[\u4e00-\u9fff])[一二三四]$|\s*(?<![A-Za-z])(?:[A-Da-d]|\d)$|(?<=[a-z])\s+(?:[a-d]|\d)$")
# a known label standing at the start of the text or after a separator without its colon (`主面料 65%聚酯纤维`)
_BARE_LABEL = re.compile(r"(?:^|(?<=[\s,，;；、]))((?:[A-Za-z]+\s+){0,2}[A-Za-z]+|[\u4e00-\u9fff]+)\s*"
                         r"((?:[一二三四]|[A-Da-d]|\d)(?![A-Za-z\d%.])\s*)?\s+(?=\d)")


def _label_kind(word: str, exact: bool = False) -> str | None:
    """`main`, `other` or None (no label: `棉：100%`, `成分：`) of the words before a colon; ``exact``: only the
    listed labels, not any words ending in a part's word."""
    key = re.sub(r"\s+", " ", word.strip().lower())
    key = _NUMBERED.sub("", key).strip() or key
    if key in _MAIN_LABELS:
        return "main"
    if key in _OTHER_LABELS or (not exact and key.endswith(_PART_WORDS) and not fiber_name(key)):
        return "other"
    return None


def _label_in(run: str) -> tuple[int, str] | None:
    """(offset, kind) of the label that ``run`` (the words before a colon) ends with: the run as a whole when it is
    a listed label, else a listed label after a fibre (`30%涤纶里料：`, `100% Cotton Lining:`), else the run when
    it ends in a part's word (`袖口面料`: another part)."""
    if kind := _label_kind(run, exact=True):
        return 0, kind
    for i in range(1, len(run)):
        head, tail = run[:i], run[i:]
        if tail[:1].isspace() or (head[-1].isascii() and head[-1].isalpha() and tail[0].isascii()):
            continue  # never inside a Latin word
        if (kind := _label_kind(tail, exact=True)) and fiber_name(head.strip()):
            return i, kind
    return (0, kind) if (kind := _label_kind(run)) else None


def _labels(text: str) -> list[tuple[int, int, str]]:
    """(start, end, kind) of each part label of ``text``, in order: the words before each colon, and without a
    colon a listed label before a number (`主面料 65%聚酯纤维 35%粘纤`)."""
    found = []
    for colon in re.finditer(r"[:：]", text):
        if (m := _LABEL_BEFORE.search(text, 0, colon.start())) and (label := _label_in(m[0])):
            found.append((m.start() + label[0], colon.end(), label[1]))
    if not found:
        found = [(m.start(1), m.end(), kind) for m in _BARE_LABEL.finditer(text)
                 if (kind := _label_kind(m[1] + (m[2] or ""), exact=True))]
    return found


_REMARK = re.compile(r"[(（][^()（）\d]*[)）]")   # (不含装饰物), (excluding trims): no numbers inside
# a tolerance on the shares (`±3%`, `(+/-3%)`): no share itself
_TOLERANCE = re.compile(r"[(（]?\s*(?:±|\+/-|\+-)\s*\d+(?:\.\d+)?\s*%?\s*[)）]?")
# 羊毛(48Nm): the yarn's count, not a share
# a fabric's other specification after the composition (`95% cotton 5% spandex, 180gsm`): no share
_SPEC_TAIL = re.compile(r"(?i)[,，;；]\s*\d+(?:\.\d+)?\s*(?:gsm|g/m2|g/m²|克重|克|g|支|s|d|dtex|cm|mm|inch|英寸|码)"
                        r"(?![a-z%]).*$")
_YARN_REMARK = re.compile(r"(?i)[(（]\s*\d+(?:\.\d+)?\s*(?:nm|ne|s|支|d|dtex|tex)\s*[)）]")


def main_parts(text: str) -> list[str]:
    """A garment label listing parts (`面料：70%羊毛 30%涤纶 里料：100%涤纶`) -> the main fabric's part; bracketed
    remarks (`（不含装饰物）`) and tolerances (`±3%`) left out. Unlabelled text before the first label
    (`80%羊毛 20%锦纶 里料：...`) is the main fabric; with neither, the first labelled part. A label naming two
    main fabrics (`面料A：... 面料B：...`) gives both (one composition only when they agree)."""
    text = _TOLERANCE.sub(" ", _YARN_REMARK.sub(" ", _REMARK.sub(" ", text))).strip()
    labels = _labels(text)
    if not labels:
        return [_SPEC_TAIL.sub("", text).strip()]

    def part(i: int) -> str:
        end = labels[i + 1][0] if i + 1 < len(labels) else len(text)
        return _SPEC_TAIL.sub("", text[labels[i][1]:end]).strip(" ，,;；、")   # a part's tail

    mains = [i for i, (_, _, kind) in enumerate(labels) if kind == "main"]
    if not mains and text[:labels[0][0]].strip(" ，,;；、"):  # unlabelled text first: the main fabric
        return [_SPEC_TAIL.sub("", text[:labels[0][0]]).strip(" ，,;；、")]
    return [part(i) for i in mains] or [part(0)]


def main_part(text: str) -> str:
    """The main fabric's part of a garment label (the first, when it names two: see :func:`main_parts`)."""
    return main_parts(text)[0]


def _whole(pairs: list[tuple[str, float]] | None) -> bool:
    return bool(pairs) and abs(sum(p for _, p in pairs) - 100) <= 0.5


def _parse_part(main: str) -> list[dict] | None:
    pairs = _pairs(main)
    if not _whole(pairs) and _whole(graded := _pairs(_graded(main))):  # 锦纶66 100%, PA6: a grade, not a share
        pairs = graded
    if not pairs:
        return None
    merged: dict[str, float] = {}
    for fiber, pct in pairs:
        merged[fiber] = round(merged.get(fiber, 0.0) + pct, 4)
    return [{"fiber": f, "pct": p} for f, p in sorted(merged.items(), key=lambda kv: (-kv[1], kv[0]))]


# a decimal comma in a share (`棉 52,5% 涤纶 47,5%`, a European-locale export): one or two digits and a `%` after it
_DECIMAL_COMMA_SHARE = re.compile(r"(\d),(\d{1,2})(?=\s*%)")


def parse_one(text: str) -> list[dict] | None:
    """The composition of a text's main fabric; two main fabrics of different compositions (`面料A：棉100%
    面料B：涤纶100%`) are no one composition: None. A share may hold a decimal comma (`52,5%`)."""
    text = _DECIMAL_COMMA_SHARE.sub(r"\1.\2", text)
    found = [_parse_part(main) for main in main_parts(text)]
    return found[0] if all(f == found[0] for f in found) else None


@parser("fiber_composition")
def parse_fiber_composition(raw: pl.Series, spec: FieldSpec, ctx: ParseContext) -> Parsed:
    text = normalize_text(raw)
    values = map_unique(text, parse_one, COMPOSITION).alias(spec.name)
    standard_form = values.list.eval(
        pl.format("{}%{}", pl.element().struct.field("pct").round(4), pl.element().struct.field("fiber"))
    ).list.join(" ")
    return Parsed(values, text.is_not_null() & values.is_null(), changed(text, standard_form) | changed(raw, text))


@check("composition_sum_not_100")
def composition_sum_not_100(frame: pl.DataFrame, table: TableSpec) -> pl.Series:
    """A composition's percentages must sum to 100 +- 0.5."""
    total = frame["fiber_composition"].list.eval(pl.element().struct.field("pct")).list.sum()
    return ((total - 100).abs() > 0.5).fill_null(False)
