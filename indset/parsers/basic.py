"""Text, codes, enumerations and integers."""

from __future__ import annotations

import json
import re
from functools import cache
from typing import NamedTuple

import polars as pl

from indset.registry import ParseContext, Parsed, parser
from indset.standard import FieldSpec, IndustryStandard
from indset.text import apply_where, key_form, map_unique, normalize_text


def none_invalid(values: pl.Series) -> pl.Series:
    return pl.repeat(False, len(values), dtype=pl.Boolean, eager=True).alias("invalid")


def changed(raw: pl.Series, values: pl.Series) -> pl.Series:
    """Conformity: the raw text differed from the standard form."""
    return (raw.cast(pl.String) != values.cast(pl.String)).fill_null(False)


@parser("text")
def parse_text(raw: pl.Series, spec: FieldSpec, ctx: ParseContext) -> Parsed:
    values = normalize_text(raw)
    return Parsed(values, none_invalid(values), changed(raw, values))


@parser("code")
def parse_code(raw: pl.Series, spec: FieldSpec, ctx: ParseContext) -> Parsed:
    """Enterprise codes (sku, machine ids): normalized, upper case, no spaces, '-' kept. A JSON object or list
    (`{"id": "AJ-101", "type": ...}` of an API export) is no code: invalid."""
    values = normalize_text(raw).str.to_uppercase()
    # normalized text has no whitespace but single spaces (and upper-casing makes none)
    values = apply_where(values, values.str.contains(" ", literal=True),
                         lambda v: v.str.replace_all(" ", "", literal=True))
    values = values.set(values == "", None) if (values == "").any() else values
    structured = ((values.str.starts_with("{") & values.str.ends_with("}"))
                  | (values.str.starts_with("[") & values.str.ends_with("]"))).fill_null(False)
    values = values.set(structured, None) if structured.any() else values
    return Parsed(values, none_invalid(values) | structured, changed(raw, values))


@cache
def _value_index(std: IndustryStandard, table_field: FieldSpec) -> dict[str, str]:
    index: dict[str, str] = {}
    for canonical, words in table_field.values.items():
        for w in (canonical, canonical.replace("_", " "), *words):
            index.setdefault(key_form(w), canonical)
    return index


def code_key(text: str, suffixes: tuple[str, ...] = (), prefix_ends: tuple[str, ...] = ()) -> str:
    """A code's loose form: a leading plant, server or area name dropped up to the last of ``prefix_ends``
    (`ZH:PI-101.PV` -> `PI-101.PV`, `\\\\PISRV\\PI-101` -> `PI-101`, for `:` and `\\`), a trailing attribute word
    dropped (`PI-101.PV` -> `PI-101`, for ``suffixes`` `pv`), then separators (`-`, `_`, `.`, spaces) removed:
    `PI_101`, `pi 101` and `PI-101` are one code."""
    key = key_form(text)
    if prefix_ends and any(p in key for p in prefix_ends):
        key = re.split("|".join(map(re.escape, prefix_ends)), key)[-1].strip()
    if suffixes:
        key = re.sub(rf"[._](?:{'|'.join(map(re.escape, suffixes))})$", "", key)
    return re.sub(r"[-_\s.]", "", key)


def loose_get(loose: tuple[dict[str, str], tuple[str, ...], tuple[str, ...]], text: str) -> str | None:
    """The value a code names in a ``loose_codes`` index (:func:`loose_codes`), or None."""
    return loose[0].get(code_key(text, loose[1], loose[2]))


def loose_index(index: dict[str, str], suffixes: tuple[str, ...] = ()) -> dict[str, str]:
    """An enum index keyed by :func:`code_key` (the first word wins a shared key)."""
    out: dict[str, str] = {}
    for word, value in index.items():
        out.setdefault(code_key(word, suffixes), value)
    return out


_PATH_TAIL = re.compile(r"(?:>>?|»|›|→|＞)\s*([^>»›→＞]+?)\s*$")  # the last step of `a>b>>c`
_PATH_STEPS = re.compile(r"\s*(?:>>?|»|›|→|＞|/)\s*")


def _object_path(text: str) -> str | None:
    """A JSON object of words (a platform's category levels `{"first": "女装", "leaf": "T恤"}`) as the path of its
    values in order (`女装>>T恤`); None for any other text."""
    try:
        obj = json.loads(text)
    except ValueError:
        return None
    words = list(obj.values()) if isinstance(obj, dict) else []
    return ">>".join(words) if words and all(isinstance(w, str) and w.strip() for w in words) else None


_BRACKETED = re.compile(r"^(?P<out>[^(（\[【]+?)\s*[(（\[【](?P<in>[^)）\]】]+)[)）\]】]$")


_TWO_NAMES = re.compile(r"^(?P<out>.+?)\s*(?:/|\s)\s*(?P<in>[^/\s].*)$"
                        r"|^(?P<cjk>[\u4e00-\u9fff]+)(?P<latin>[A-Za-z-]+)$")


class HeadRules(NamedTuple):
    """A field's rules for compounds' heads (with ``head_noun``): ``not_heads``, words that name their value alone but
    no compound ending in them (`vest` is underwear, a `Puffer Vest` none); ``modifiers``, (value, heads, words): a
    word before a head naming one of ``heads`` makes the compound ``value`` (`Yoga Pants` is sportswear); ``ruled_out``,
    the field's (value, words) ruling a value out (`Adult Onesie` is read as infant wear, then ruled out)."""
    not_heads: frozenset[str] = frozenset()
    modifiers: tuple[tuple[str, frozenset[str], tuple[str, ...]], ...] = ()
    ruled_out: tuple[tuple[str, tuple[str, ...]], ...] = ()


def head_rules(spec: FieldSpec) -> HeadRules | bool:
    """The field's :class:`HeadRules` when it reads compounds by their head (``head_noun``), else False."""
    if not spec.options.get("head_noun"):
        return False
    modifiers = tuple((value, frozenset(m.get("heads", ())), tuple(key_form(w) for w in m["words"]))
                      for value, m in spec.options.get("head_modifiers", {}).items())
    ruled_out = tuple((v, tuple(key_form(w) for w in words)) for v, words in spec.options.get("ruled_out", {}).items())
    return HeadRules(frozenset(key_form(w) for w in spec.options.get("not_heads", ())), modifiers, ruled_out)


def enum_value(text: str, index: dict[str, str], qualifiers: tuple[str, ...] = (),
               loose: tuple[dict[str, str], tuple[str, ...], tuple[str, ...]] | None = None,
               dominant: str | None = None,
               prefixes: tuple[tuple[str, str], ...] = (), head_noun: bool | HeadRules = False) -> str | None:
    """The value a word names; a word with its synonym beside it (`AR(分析纯)`, `AR/分析纯`, `试剂级 AR`,
    `分析纯AR`) names it when the two agree (a bracketed remark that names nothing is left out; with
    a ``dominant`` value, a word and its remark naming two values are that value: `合格（让步）` and `让步接收(合格)`
    are a concession, i.e. fail). A field's ``qualifiers``
    (`男式`, `针织`, `men's`) may stand before the word: `男式针织T恤` is `T恤`; its ``prefixes`` (word, value)
    make the value of any word of the field they stand before: `婴儿背心` is infant wear. With ``head_noun``, a
    compound names what its head names (see :func:`_head_value`; ``head_noun`` may be the field's
    :class:`HeadRules`)."""
    if text.startswith("{") and text.endswith("}") and (path := _object_path(text)):
        return enum_value(path, index, qualifiers, loose, dominant, prefixes, head_noun)
    key = key_form(text)
    value = index.get(key)
    if value is None and (m := _PATH_TAIL.search(text)) and \
            (value := enum_value(m[1], index, qualifiers, prefixes=prefixes, head_noun=head_noun)) is not None:
        # a shop's category path (女装/女士精品>>连衣裙) is its last step; a step before it naming a prefix's value
        # makes it that value (童装/婴儿装>>连衣裙 is infant wear)
        head = [w for w in _PATH_STEPS.split(text[:m.start()]) if w.strip()]
        ruling = {v for _, v in prefixes}
        return next((v for w in head if (v := enum_value(w, index, qualifiers, prefixes=prefixes)) in ruling), value)
    if value is None and prefixes:
        p = next((p for p in prefixes if key.startswith(p[0]) and len(key) > len(p[0])), None)
        if p is not None and enum_value(key[len(p[0]):].strip(), index, qualifiers, head_noun=head_noun) is not None:
            return p[1]
    if value is None and qualifiers:
        while value is None and (q := next((q for q in qualifiers if key.startswith(q) and len(key) > len(q)), None)):
            key = key[len(q):].strip()
            value = index.get(key)
    if value is None and (m := _BRACKETED.match(text)):
        outer, inner = index.get(key_form(m["out"])), index.get(key_form(m["in"]))
        if inner is None or outer == inner:
            value = outer
        elif dominant is not None and dominant in (outer, inner):
            value = dominant
        else:
            value = inner if outer is None and dominant is not None else None
    if value is None and loose is None and "/" in text:
        # synonyms of one value (`卫衣/绒衫`, `连身衣/爬服/哈衣`, `服饰内衣/女装/连衣裙`): every part but the field's
        # qualifiers must name it; a part naming nothing (`待定/无纺`, `A/passed`) or another value is no synonym. Never
        # on codes (`PI-101/SP` is a setpoint, `反应器压力/设定值` no reading of the pressure)
        named = [enum_value(w, index, qualifiers, prefixes=prefixes, head_noun=head_noun) for w in text.split("/")
                 if w.strip() and key_form(w) not in qualifiers]
        value = named[0] if named and None not in named and len(set(named)) == 1 else None
    if value is None and (m := _TWO_NAMES.match(text.strip())):
        first, second = (m["out"], m["in"]) if m["out"] else (m["cjk"], m["latin"])
        a, b = index.get(key_form(first)), index.get(key_form(second))
        value = a if a is not None and a == b else b if a is None and key_form(first) in qualifiers else None
    if value is None and head_noun:
        value = _head_value(key, index, qualifiers, prefixes,
                            head_noun if isinstance(head_noun, HeadRules) else HeadRules())
    if value is None and loose is not None:  # a code field (`loose_codes`): PI_101, PI-101.PV, XMEAS_9
        value = loose_get(loose, text)
    return value


_LATIN_WORD = re.compile(r"[a-z][a-z'-]*|&")
_CJK = re.compile(r"[\u4e00-\u9fff]+")


def _head_value(key: str, index: dict[str, str], qualifiers: tuple[str, ...], prefixes: tuple[tuple[str, str], ...],
                rules: HeadRules) -> str | None:
    """The value a compound's head names (a field's ``head_noun``): the last word of English words (`Denim Jacket`,
    `T-shirt Dress`, `Hoodies & Sweatshirts`), the longest known word of two characters or more ending a Chinese
    compound (`吊带连衣裙`, `针织开衫`; never a qualifier: `衬衫短袖` is no T-shirt). A word before the head naming a
    value that a prefix gives (`baby` is infant wear: `Baby Tee`) leaves the compound unread (a women's cut or an
    infant's?); a head naming such a value gives it only beside one of its prefix words (`Lace Bodysuit`, `户外睡袋` are
    no infant wear) or one of its ``ruled_out`` words (`Adult Onesie`, then ruled out). A head among the rules'
    ``not_heads`` (`Puffer Vest`, `西装背心`) leaves the compound unread; a word of the rules' ``modifiers`` before the
    head makes their value (`Yoga Pants`, `运动短裤` are sportswear)."""
    words = key.split(" ")
    if len(words) > 1 and all(_LATIN_WORD.fullmatch(w) for w in words):
        end, before = words[-1], words[:-1]
    elif len(key) > 2 and _CJK.fullmatch(key):
        ends = (key[i:] for i in range(1, len(key) - 1))
        end = next((e for e in ends if e in index and e not in qualifiers), None)
        before = [key[:-len(end)]] if end else []
    else:
        return None
    head = index.get(end) if end is not None and end not in rules.not_heads else None
    ruling = {v for _, v in prefixes}
    if head is None or any(index.get(w) in ruling for w in before):
        return None
    before_text = " ".join(before)
    if (value := next((v for v, heads, mod in rules.modifiers if head in heads and has_word(before_text, mod)),
                      None)) is not None:
        return value
    if head in ruling and not has_word(key, tuple(w for w, v in prefixes if v == head)) and \
            not has_word(key, tuple(w for v, words in rules.ruled_out if v == head for w in words)):
        return None
    return head


def has_word(key: str, words: tuple[str, ...]) -> bool:
    """``key`` holds one of ``words``: a Latin word as a whole word (`men` is not in `women`), a Chinese one
    anywhere."""
    return any(re.search(rf"(?<![a-z]){re.escape(w)}(?![a-z])", key) if w.isascii() else w in key for w in words)


@cache
def loose_codes(std: IndustryStandard, spec: FieldSpec
                ) -> tuple[dict[str, str], tuple[str, ...], tuple[str, ...]] | None:
    """(index by :func:`code_key`, attribute suffixes, prefix ends) of a field with ``loose_codes``; None for other
    fields. The field's ``prefix_ends`` end a plant, server or area name before the code (`ZH:PI-101.PV`)."""
    if not spec.options.get("loose_codes"):
        return None
    suffixes = tuple(key_form(w) for w in spec.options.get("suffixes", ()))
    return loose_index(_value_index(std, spec), suffixes), suffixes, tuple(spec.options.get("prefix_ends", ()))


# a status text's leading word before its detail (`Uncertain - Last Usable Value`, `Good;Interpolated`, `Bad:
# Sensor Failure`, `Good, Local Override`, `良好；插值`): the field's ``lead_word``
_LEAD_WORD = re.compile(r"^\s*([A-Za-z]+|[\u4e00-\u9fff]+)\s*(?:[-;,:：；，|]|\s)")
_NUMBER_CODE = re.compile(r"^\s*(?:0[xX](?P<hex>[0-9a-fA-F]{1,8})|(?P<dec>\d{1,10}))\s*$")


def bit_code(text: str, codes) -> str | None:
    """The value a numeric status code names by its bits: the field's ``bit_codes``, a list of {min, max, mask,
    values: {masked bits: value}} (OPC DA's quality byte by bits 7-6, OPC UA's status code by bits 31-30); the first
    rule whose range holds the number decides (None when the masked bits name no value)."""
    m = _NUMBER_CODE.match(text)
    if m is None:
        return None
    n = int(m["hex"], 16) if m["hex"] else int(m["dec"])
    for rule in codes:
        if rule.get("min", 0) <= n <= rule.get("max", 0xFFFFFFFF):
            return rule["values"].get(n & rule["mask"])
    return None


_FOOTNOTE_MARK = re.compile(r"\s*[*※#†]+$")   # a mark after a value referring to a footnote of the sheet


@parser("enum")
def parse_enum(raw: pl.Series, spec: FieldSpec, ctx: ParseContext) -> Parsed:
    """A value from the field's code list, through its value words (any case, width, script).

    A word with its synonym in brackets (`AR(分析纯)`) is that value when the words agree (see :func:`enum_value`
    for ``dominant``, ``qualifiers`` and ``prefixes``); a text holding one of the field's ``undecided`` words
    (`待定`, `pending`) is invalid. What the field's ``not_values`` pattern matches (a packaging `25kg/桶` under
    规格) is no value rather than an invalid one, and is left out beside a value (`工业级 25kg/袋` is 工业级). With
    ``head_noun`` a compound names what its head names (`Denim Jacket`); a value holding a word of its ``ruled_out``
    list (`infant_wear: [women's, 女士]`) is the field's ``ruled_out_as`` value instead (`Women's Romper` is other)."""
    index = _value_index(ctx.standard, spec)
    qualifiers = tuple(sorted((key_form(q) for q in spec.options.get("qualifiers", ())), key=len, reverse=True))
    prefixes = tuple(sorted(((key_form(w), v) for v, words in spec.options.get("prefixes", {}).items() for w in words),
                            key=lambda p: -len(p[0])))
    loose = loose_codes(ctx.standard, spec)
    dominant = spec.options.get("dominant")
    head_noun = head_rules(spec)
    ruled_out = {v: tuple(key_form(w) for w in words) for v, words in spec.options.get("ruled_out", {}).items()}
    text = normalize_text(raw)

    codes = spec.options.get("bit_codes", ())
    lead = spec.options.get("lead_word", False)

    def read(v: str) -> str | None:
        value = read_word(v)
        if value is None and v and (bare := _FOOTNOTE_MARK.sub("", v)) != v:  # `Pass*`, `合格※`: a footnote's mark
            value = read_word(bare)
        return value

    def read_word(v: str) -> str | None:
        if not v:
            return None
        value = enum_value(v, index, qualifiers, loose, dominant, prefixes, head_noun)
        if value is None and codes:
            value = bit_code(v, codes)
        if value is None and lead and (m := _LEAD_WORD.match(v)):
            value = index.get(key_form(m[1]))
        # a word of the value's ``ruled_out`` (an adult's: `Women's Romper`) makes it ``ruled_out_as``, unless a word of
        # the value's own prefixes says it too (`女装>>婴儿T恤`)
        if value in ruled_out and has_word(key := key_form(v), ruled_out[value]) and \
                not has_word(key, tuple(w for w, p in prefixes if p == value)):
            return spec.options["ruled_out_as"]
        return value

    values = map_unique(text, read)
    if spec.options.get("undecided"):  # `合格(待定)`: no value yet, whatever stands beside the word
        words = [key_form(w) for w in spec.options["undecided"]]
        values = values.set(text.str.to_lowercase().str.contains_any(words).fill_null(False), None)
    invalid = text.is_not_null() & values.is_null()
    if (other := spec.options.get("not_values")) and invalid.any():  # values of another kind the column may hold
        rest = apply_where(text, invalid, lambda v: v.str.replace_all(other, " ").str.strip_chars(" ,;/，；、"))
        found = invalid & (rest != text).fill_null(False)
        if found.any():
            values = values.zip_with(~found, map_unique(rest.set(~found, None), read))
            invalid = invalid & ~(found & (values.is_not_null() | (rest == "")).fill_null(False))
    return Parsed(values, invalid, changed(raw, values))


_COUNT_WORD = r"(?i)(\d)\s*(?:件|个|只|条|套|双|台|次|根|处|pcs|pc|pieces|piece|units|unit|ea)\.?\s*$"


@parser("integer")
def parse_integer(raw: pl.Series, spec: FieldSpec, ctx: ParseContext) -> Parsed:
    from indset.parsers.quantity import strip_thousands

    text = strip_thousands(normalize_text(raw))
    counted = text.str.replace(_COUNT_WORD, "$1")  # `125件`, `125 pcs`: a count with its counting word
    # a remark in brackets after it, without digits (`32(G)`: a sample size with its code letter), is no part of it
    counted = apply_where(counted, counted.str.contains_any(["(", "（"]).fill_null(False),
                          lambda v: v.str.replace(r"^([+-]?\d+)\s*[(（][^()（）\d]+[)）]$", "$1"))
    num = counted.cast(pl.Float64, strict=False)
    integral = (num.round(0) == num).fill_null(False)
    values = pl.Series(spec.name, num.cast(pl.Int64, strict=False)).set(~integral, None) if len(num) else \
        num.cast(pl.Int64)
    return Parsed(values, text.is_not_null() & values.is_null(), changed(raw, values))


@parser("boolean")
def parse_boolean(raw: pl.Series, spec: FieldSpec, ctx: ParseContext) -> Parsed:
    words = {"true": True, "yes": True, "y": True, "1": True, "是": True, "有": True,
             "false": False, "no": False, "n": False, "0": False, "否": False, "无": False}
    text = normalize_text(raw)
    values = map_unique(text, lambda v: words.get(v.lower()), pl.Boolean)
    return Parsed(values, text.is_not_null() & values.is_null(), changed(raw, values))
