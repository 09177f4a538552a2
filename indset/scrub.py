"""Free-text scrubbing of personal information (STANDARD.md section 6): measure, then mask.

Findings are counted per field and kind (never their values). Recognizers are vectorized regular
expressions (polars); resident ID numbers are masked only with a valid check digit (ISO 7064
MOD 11-2, python-stdnum), and 18-digit numbers failing it are left alone but counted as
``suspicious_resident_id``. A phone is a mainland mobile number (1[3-9] + 9 digits, optional +86,
spaces or dashes) not embedded in a longer digit run, so order or batch numbers are not phones.
presidio was considered: its Chinese recognizers would need the same patterns plus a spaCy model
download, which this platform cannot fetch at run time. The patterns are data, in :mod:`indset.scrub_patterns`;
this module applies them.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import lru_cache

import polars as pl
from stdnum import luhn
from stdnum.cn import ric, uscc

from indset.pseudonym import pseudonymize
from indset.scrub_patterns import (
    ADDRESS_AREA_AFTER_LABEL,
    ADDRESS_COMPOUND,
    ADDRESS_EN,
    ADDRESS_EN_LABELLED_RE,
    ADDRESS_LABELLED,
    ADDRESS_STREET,
    ADDRESS_STREET_AFTER_LABEL,
    ANY_LABEL,
    BANK_ACCOUNT,
    BANK_CARD,
    BANK_CARD_NUMBER,
    BANK_WORDS,
    BARE_SUPPLY_GATE,
    BATCH_DATE,
    CLOSING_NAME,
    CLOSING_WORDS,
    COLON_LABELS,
    COMMON_WORD_NAMES,
    COMPANY,
    COMPANY_AFTER_BARE_CUSTOMER,
    COMPANY_AFTER_BARE_LABEL,
    COMPANY_AFTER_BARE_SUPPLY,
    COMPANY_AFTER_COMPANY,
    COMPANY_AFTER_CUSTOMER_IS,
    COMPANY_AFTER_FOR,
    COMPANY_AFTER_LABEL,
    COMPANY_AFTER_VERB,
    COMPANY_EN,
    COMPANY_IN_BRACKETS,
    COMPOUND,
    COMPOUND_SURNAMES,
    CONTACT_CONTEXT,
    CONTACT_WORD,
    CONTACT_WORDS,
    EMAIL,
    EMAIL_AT,
    EMAIL_AT_SIGNS,
    EMAIL_OBFUSCATED,
    EMAIL_OBFUSCATED_SIGNS,
    EMAIL_PROVIDER,
    EMAIL_PROVIDER_SIGNS,
    EMAIL_SPACED,
    EMAIL_SPELLED,
    EMAIL_SPELLED_SIGNS,
    FIND_GATE,
    ID_AFTER_LABEL,
    ID_PARTIAL,
    IM_ACCOUNT,
    IM_LINE,
    IM_LINE_BARE,
    IM_NAME,
    IM_WORDS,
    JP_SURNAME,
    JSON_PERSON_KEYS,
    LABELS,
    MAIL_PROVIDERS,
    MAIL_PROVIDERS_NUMERIC,
    NAME_AFTER_LABEL,
    NAME_AFTER_NAME,
    NAME_AFTER_NUMBER,
    NAME_BESIDE_NAME,
    NAME_NEXT,
    NAME_SIGNS,
    NAME_STOPS,
    NAME_TRAILER,
    NAME_WITH_TITLE,
    NICKNAMES,
    NOT_BANK_CARDS,
    NOT_BRACKET_COMPANY,
    NOT_CUSTOMER,
    NOT_CUSTOMER_IS,
    NOT_FOR_CUSTOMER,
    NOT_NAME_WORDS,
    NOT_PRICE_CUSTOMER,
    OPEN_QUOTE,
    OWN_ID_SEP,
    PAYMENT_ACCOUNT,
    PHONE,
    PHONE_AFTER_LABEL,
    PHONE_HAN,
    PHONE_STARRED,
    PHONE_WORDS,
    PINYIN_WORD,
    PLATE,
    PRICE_CUSTOMER,
    PRICE_CUSTOMER_ANY,
    PRODUCT_LINE,
    RESIDENT_ID,
    SELF_AFTER_LABEL,
    SIGN_OFF_LABELS,
    SIZE_STARRED,
    SOCIAL_HANDLE,
    SOCIAL_WORDS,
    SPLIT_NOT_NAME_WORDS,
    SURNAMES,
    TITLE_WORDS,
    TITLES_CASED,
    TRIGGERS,
    USCC,
    VEHICLE_WORDS,
    WEIBO_ACCOUNT,
    intl_phones,
    named_customers,
)
from indset.slices import SLICE_ROWS, THREADS
from indset.text import alternation, map_unique


def _bounded(pattern: str) -> str:
    return rf"(^|[^\d])({pattern})($|[^\d])"


def _checked_mask(pattern: str, is_valid: Callable[[str], bool], token: str, mark: str = "") -> Callable[[str], str]:
    """A masker of ``pattern``'s matches that pass their check digit (separators ignored): they become ``token``;
    the others stay, prefixed with ``mark`` (for counting)."""
    import re

    def sub(m: re.Match) -> str:
        return m[1] + (token if is_valid(re.sub(r"[\s._-]", "", m[2])) else mark + m[2]) + m[3]

    return lambda text: re.sub(_bounded(pattern), sub, text)


def _known(names: list[str] | None) -> list[str]:
    """Personal names to look for: two characters or more, longest first (a name inside a longer one); a Chinese
    name also with a space after its surname or between its characters (`欧阳 娜娜`, `王 小 明`), and one written
    spaced in its field also without the spaces (`陈 晓 明` is `陈晓明` in a note)."""
    out = set()
    for n in names or ():
        if not n or len(n) < 2:
            continue
        out.add(n)
        compact = re.sub(r"\s+", "", n)
        if compact != n and all("\u4e00" <= c <= "\u9fff" for c in compact):
            n = compact
            out.add(n)
        if 2 <= len(n) <= 4 and all("\u4e00" <= c <= "\u9fff" for c in n):
            surname = 2 if n[:2] in COMPOUND_SURNAMES and len(n) > 2 else 1
            out.update({f"{n[:surname]} {n[surname:]}", " ".join(n), *_romanized(n, surname), *_joined(n)})
    return sorted(out, key=len, reverse=True)


# surnames read otherwise than the character's common reading (单 dan, 曾 ceng, 解 jie as words)
_SURNAME_READINGS = {"单": "shan", "曾": "zeng", "解": "xie", "仇": "qiu", "区": "ou", "查": "zha", "朴": "piao",
                     "盖": "ge", "乐": "yue", "覃": "qin", "缪": "miao", "翟": "zhai", "召": "shao", "秘": "bi",
                     "种": "chong", "繁": "po", "黑": "he", "重": "chong", "长孙": "zhangsun"}


@lru_cache(maxsize=65536)
def _romanized(name: str, surname: int) -> tuple[str, ...]:
    """A Chinese name's pinyin forms (red team round 13: inspector 张伟 written `Zhang Wei` or `Wei Zhang` in a note):
    surname and given name in either order, the given name's syllables joined (`Wang Xiaoming`, `Xiaoming Wang`) or
    apart (`Wang Xiao Ming`); ü also as u (吕 `Lv`, `Lu`). Matched as words in any case, like any Latin known name."""
    from pypinyin import lazy_pinyin  # 0.1 s to load: only for a build that knows Chinese names

    family = _SURNAME_READINGS.get(name[:surname]) or "".join(lazy_pinyin(name[:surname]))
    given = lazy_pinyin(name[surname:])
    if not family.isascii() or not all(g.isascii() and g.isalpha() for g in given):
        return ()
    forms = set()
    for f, g in ((family, given), (family.replace("v", "u"), [x.replace("v", "u") for x in given])):
        f, joined = f.capitalize(), "".join(g).capitalize()
        forms |= {f"{f} {joined}", f"{joined} {f}", " ".join([f, *(x.capitalize() for x in g)])}
    return tuple(sorted(forms))


@lru_cache(maxsize=65536)
def _joined(name: str) -> tuple[str, ...]:
    """A Chinese name's pinyin written as one word, surname first (red team round 14 B: 张伟 `ZHANGWEI签字`; ü also as
    u): masked only where it reads as a name (:func:`_known_names`), as one word may be an English one too (林恩
    `Linen`)."""
    if not (2 <= len(name) <= 4 and all("\u4e00" <= c <= "\u9fff" for c in name)):
        return ()
    from pypinyin import lazy_pinyin

    surname = 2 if name[:2] in COMPOUND_SURNAMES and len(name) > 2 else 1
    family = _SURNAME_READINGS.get(name[:surname]) or "".join(lazy_pinyin(name[:surname]))
    word = (family + "".join(lazy_pinyin(name[surname:]))).capitalize()
    if not (word.isascii() and word.isalpha()):
        return ()
    return tuple(sorted({word, word.replace("v", "u")}))


SUSPICIOUS = "\x00"  # transient marker: an 18-digit number that fails the check digit is left as is


def _bank_cards(text: str) -> str:
    """``text`` with each bank card of :data:`BANK_CARD` masked: after a bank word when it passes Luhn or starts with
    62 (UnionPay), elsewhere when it does both."""
    def sub(m: re.Match) -> str:
        digits = re.sub(r"\D", "", m[2])
        card = (luhn.is_valid(digits) or digits.startswith("62")) if m[1] else (
            digits.startswith("62") and luhn.is_valid(digits))
        return m[0][:m.start(2) - m.start(0)] + "[ACCOUNT]" if card else m[0]

    return _BANK_CARD.sub(sub, text)


_BANK_CARD = re.compile(BANK_CARD)


def scrub_text(s: pl.Series, names: list[str] | None = None,
               enterprise_ids: list[str] | tuple[str, ...] = ()) -> tuple[pl.Series, dict[str, int]]:
    """Mask phones, e-mails, resident IDs, labelled names, known personal names and the build's own enterprise ids
    (:func:`own_ids`); count findings.

    A long column is scrubbed in slices on two threads (a regex pass holds one core per Series)."""
    known = _known(names)
    own = own_ids(enterprise_ids)
    parts = [s] if s.len() <= SLICE_ROWS else list(s.to_frame().iter_slices(SLICE_ROWS))
    if len(parts) == 1:
        return _scrub(s, known, own=own)
    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        done = list(pool.map(lambda part: _scrub(part.to_series(), known, own=own), parts))
    return pl.concat([out for out, _ in done], rechunk=True).alias(s.name), summed([found for _, found in done])


def summed(counts: Iterable[dict[str, int]]) -> dict[str, int]:
    """Finding counts of parts of a column (of rows: they add up), kinds sorted."""
    total: Counter[str] = Counter()
    for part in counts:
        total.update(part)
    return dict(sorted(total.items()))


def labelled_pattern(labels: list[str], whole_sentence: bool = True,
                     cjk_extra: str = "", words_extra: tuple[str, ...] = (),
                     separated: tuple[str, ...] = (),
                     quantified: tuple[str, ...] = ()) -> tuple[list[str], str] | None:
    """Text labelled as a field withheld from the release, up to the end of its sentence: `配方：乙二醇60%、水38%`,
    `配方（保密）：...`, `【配方】...`, `配方 - ...`, `配方——...`, `本品配方为...`, `配方比例：...`, `"配方": "..."`
    (JSON text), `Recipe: ...`; a recipe also after `配方中含` and, without a separator, when its value holds a share
    or a ratio (`推荐配比 乙二醇:水=1:1.37`); a price (``whole_sentence=False``) also when an amount follows its label
    right away (`单价86.5元/件`, `报价 ¥91.8/件`, `Unit price USD 12.34 FOB`). A recipe's value holds a share in
    parts too (`复配比例 乙二醇60份 水38份`) or a ratio with a slash (`乙二醇/水 60/40`), and a Chinese label needs no
    space before it when the share stands before the next comma (`母液配比乙二醇/水 60/40`; not `新配方产品，纯度99%`).
    A Chinese label may have a space between its characters (`单 价：5200元/吨`), and `及含量` after it
    (`组成及含量：`). ``separated`` are labels only with a separator after them (`助剂：`, `Contains:`), never bare
    (`印染助剂 有效含量30%` is a product's). ``quantified`` are labels with a separator whose value is withheld only
    when it holds a process quantity (:data:`PROCESS_QUANTITY`: `工艺：酵素洗+石磨，浮石用量3kg/100件`), and then only
    up to the next `label：` (`工艺：刺绣，面料：纯棉` stays; an attribute list is no process); the term after the value
    (a comma, a space) is group 7.
    From the labels (names and aliases) of the table's fields, plus ``cjk_extra`` (a regex of more Chinese labels, whose
    literals ``words_extra`` are): (the label words, for a literal scan first; the pattern, whose groups 1-4 are what
    stands before the value); None when there are none. The value runs to the end of its sentence, or with
    ``whole_sentence=False`` (a price) to the next comma too. No ``\\b`` and no global case folding: both made the
    regex crawl over Chinese text (14 s on 1M descriptions)."""
    words = sorted({w for w in labels if len(w) >= 2 and (not w.isascii() or len(w) >= 3)}, key=len, reverse=True)
    bare_words = [w for w in words if w not in separated]
    words = sorted({*words, *separated}, key=len, reverse=True)
    quantified = tuple(w for w in quantified if w not in words)
    if not words:
        return None
    cjk = "|".join([*(spaced_label(w) for w in words if not w.isascii()), *([cjk_extra] if cjk_extra else [])])
    latin = "|".join(re.escape(w) for w in words if w.isascii())
    remark = r"(?:\s*[(（][^()（）]{0,12}[)）])?[)）]?"   # 配方（保密）; Formula (confidential)
    quote = r"""\s*["'”」]*\s*"""
    # what may stand between a Chinese label and the colon (配方比例：), and a recipe's `中含` (配方中含乙二醇61.5%)
    more = r"(?:比例|配比|组成|明细|详情|如下|信息|数据|参数|用量)?(?:及含量)?"
    contains = "|中?含有?" if whole_sentence else ""
    # "配方": / 配方-... / 配方——... / 配方为 / 配方是 / 【配方】; a Latin label's dash needs a space before it
    labels = "|".join(p for p in (cjk and rf"(?:{cjk}){remark}{more}(?:{quote}(?:[:：=]|-|—+|–|－|为|是{contains})"
                                          r"|\s*[】\]]\s*[:：]?)",
                                  latin and rf"(?i:{latin}){remark}(?:{quote}(?:[:：=]|\s-)|\s*[】\]]\s*[:：]?)")
                      if p)
    bare_cjk = "|".join([*(spaced_label(w) for w in bare_words if not w.isascii()),
                         *([cjk_extra] if cjk_extra else [])])
    bare_latin = "|".join(re.escape(w) for w in bare_words if w.isascii())
    bare = "|".join(p for p in (bare_cjk, bare_latin and rf"(?i:{bare_latin})") if p)
    # the value: not a question (单价是否含税); a price's stops at a comma that is no thousands separator (13,560)
    if whole_sentence:
        value = r"[^否。；;\n][^。；;\n]*"
        # no separator: a share (in parts too) or a ratio in the value (推荐配比 乙二醇:水=1:1.37, 乙二醇60份, 60/40);
        # glued to the label, a share or a slashed ratio before the next comma and no label's separator, the value
        # starting with no Latin letter (母液配比乙二醇/水 60/40; not `Compositional 50%`; `保密配方——...` is 配方's)
        share = r"(?:\d\s*[%％份]|\d\s*[:：/]\s*\d|[=＝])[^。；;\n]*"
        bare_value = (rf"\s+[^。；;\n]*?{share}|[^\sA-Za-z。；;\n，,:：=＝—–】\]-][^。；;\n，,:：=＝—–】\]-]*?"
                      r"(?:\d\s*[%％份]|\d\s*/\s*\d)[^。；;\n]*")
    else:
        rest = r"(?:\d(?:,\d{3})+|[^。；;\n，,])*"
        value = rf"(?:\d(?:,\d{{3}})+|[^否。；;\n，,]){rest}"
        # no separator: an amount right after the label (单价86.5元/件, 报价 ¥91.8/件, Unit price USD 12.34 FOB), its
        # thousands too (red team round 14: `报价 4,900元/吨` kept `,900元/吨`)
        # (also after `约`: red team round 15, `加工费约3元`)
        bare_value = (rf"\s*(?:约|大约|大概)?\s*(?:[¥￥$€£]|(?i:usd|us\$|rmb|cny|eur|hkd)|人民币)?\s*\d(?:,\d{{3}})*"
                      rf"{rest}")
    spaced = [s for w in words if not w.isascii() and len(w) > 1 for s in (" ".join(w), "\u3000".join(w))]
    without = rf"|{_BEFORE}((?:{bare}){remark}{more})(?:{bare_value})" if bare else "()()"
    spaced += [s for w in quantified if len(w) > 1 for s in (" ".join(w), "\u3000".join(w))]
    measured = ""
    if quantified:   # its clauses (no colon in them) up to one with a quantity, then more clauses but no next label
        clause = r"[^。；;\n:：，,\s]"
        head = "|".join(spaced_label(w) for w in sorted(quantified, key=len, reverse=True))
        measured = (rf"|{_BEFORE}((?:{head}){remark}(?:{quote}(?:[:：]|—+|－)))\s*[^。；;\n:：]*?(?:{PROCESS_QUANTITY})"
                    rf"{clause}*(?:[，,\s]+{clause}+)*($|[，,\s。；;\n])")
    pattern = rf"(?:{_BEFORE}((?:【\s*|\[\s*)?(?:{labels}))\s*{value}{without})"
    return ([*words, *words_extra, *spaced, *quantified], pattern + measured)


# a process quantity (a `工艺：` label's value is a process parameter only with one): a temperature, a share, a
# concentration, a time, a pressure, a pH, a dosage (`130℃×45min`, `pH5.5`, `2%owf`, `0.5g/L`, `3kg/100件`, `用量`)
PROCESS_QUANTITY = (r"\d\s*(?:℃|°\s?C|%|％|[gG]/[lL]|m[lL]/[lL]|min|h|小时|分钟|[MkK][Pp]a|bar|owf"
                    r"|[kK]?g/)|(?:pH|PH)\s*=?\s*\d|用量|浴比|×\s*\d")


def spaced_label(word: str) -> str:
    """A Chinese label as a regex that also takes a space between its characters (`单 价`, `配　方`)."""
    return r"[ \u3000]?".join(re.escape(c) for c in word)


# what may stand before a label: not a letter (a Latin label starts a word), or a Latin word glued to a Chinese
# label (`FOB参考价 €3.20/kg`, `PP单价：`)
_BEFORE = r"(^|[^A-Za-z]|[A-Za-z]+)"


def scrub_labelled(s: pl.Series, labelled: tuple | None, token: str) -> tuple[pl.Series, int]:
    """Replace the value of each text labelled as a withheld field (:func:`labelled_pattern`) with ``token``;
    (texts, how many). The regex runs only on the texts that hold a label word. A third element of ``labelled``, a
    function (texts, token) -> texts, runs after it on the same texts (prices without a label:
    :func:`indset.grade.mask_amounts`)."""
    if labelled is None or s.dtype != pl.String:
        return s, 0
    words, pattern, *more = labelled   # more: a function (texts, token) -> texts, on the same texts after the labels
    rows = s.str.contains_any(words, ascii_case_insensitive=True).fill_null(False)
    to = f"${{1}}${{2}}${{3}}${{4}}${{5}}${{6}}{token}${{7}}"   # groups 5-7: a quantified label's (a term after it)
    fixed = _replaced(s, rows, lambda t: more[0](t.str.replace_all(pattern, to), token) if more
                      else t.str.replace_all(pattern, to))
    return fixed, int((fixed != s).fill_null(False).sum()) if rows.any() else 0


def _replaced(s: pl.Series, hit: pl.Series, fix: Callable[[pl.Series], pl.Series]) -> pl.Series:
    """``s`` with ``fix`` applied to the rows where ``hit`` (a recognizer's scan runs once over all rows)."""
    return s.clone().scatter(hit.arg_true(), fix(s.filter(hit))) if hit.any() else s  # scatter works in place


# the literals one of which stands in every NAME_AFTER_LABEL match
LABEL_SIGNS = sorted({w for w in (*LABELS, *COLON_LABELS, *SIGN_OFF_LABELS)}
                     | {w if not w.isascii() else '"' + w for w in JSON_PERSON_KEYS})
_LABEL_GATE = "(?i:" + alternation(LABEL_SIGNS) + ")"
# what a name found after a label must look like to join the build's known names (:func:`labelled_names`): a Chinese
# one starting with a common surname, or a Latin first and last name one of which is a romanized Chinese surname
_LABELLED_NAME_SHAPE = (rf"^(?:{JP_SURNAME}|(?:{COMPOUND})[\u4e00-\u9fff]{{1,2}}|[{SURNAMES}][\u4e00-\u9fff]{{1,2}}"
                        rf"|{PINYIN_WORD} [A-Z][A-Za-z]+|[A-Z][a-z]+ {PINYIN_WORD})$")
# words that start with a surname after a label but name no one (负责人：周一, 周末)
_NOT_LABELLED_NAMES = frozenset({*NOT_NAME_WORDS, "周一", "周二", "周三", "周四", "周五", "周六", "周日", "周天",
                                 "全体", "全员", "本厂", "本司"})


def labelled_names(s: pl.Series) -> set[str]:
    """The names after a contact or sign-off label in free text (:data:`NAME_AFTER_LABEL`: `联系人：张伟`, `质检员王芳`,
    `Contact: Lisa Chen`) that look like names (:data:`_LABELLED_NAME_SHAPE`; `QC: Passed`, `负责人：周一` add none):
    they join the build's known names, so the same person is masked in every other field (red team round 14 B: 颜色
    `张伟` beside 备注 `联系人：张伟 ...`). Its regexes run on the distinct texts holding a label word only."""
    if s.dtype != pl.String:
        return set()
    values = s.filter(s.str.contains(_LABEL_GATE).fill_null(False)).unique()   # (faster than contains_any here)
    if not len(values):
        return set()
    values = (values.str.replace_all(CONTACT_WORD, "联系\x01${1}").str.replace_all(r"([客用])户名", "${1}户\x01名")
              .str.replace_many(list(NOT_NAME_WORDS), SPLIT_NOT_NAME_WORDS))
    out: set[str] = set()
    for pattern, fix in NAME_AFTER_LABEL:
        found = values.str.extract_all(pattern).explode().drop_nulls()
        if not len(found):
            continue
        # the match less what the replacement keeps around [NAME] (the label before it, a delimiter after it)
        kept = found.str.replace(pattern, fix).str.split_exact("[NAME]", 1).struct.unnest()
        frame = pl.DataFrame({"m": found, "p": kept["field_0"], "s": kept["field_1"]})
        names = frame.select(pl.col("m").str.slice(pl.col("p").str.len_chars(), pl.col("m").str.len_chars()
                                                   - pl.col("p").str.len_chars() - pl.col("s").str.len_chars()))
        names = names.to_series().str.replace_all("\x01", "", literal=True).str.strip_chars()
        cjk = names.str.contains(r"^[\u4e00-\u9fff\s]+$")
        names = pl.select(pl.when(cjk).then(names.str.replace_all(r"\s", "")).otherwise(names)).to_series()
        out.update(n for n in names.filter(names.str.contains(_LABELLED_NAME_SHAPE)).to_list()
                   if n not in _NOT_LABELLED_NAMES)
    return out


# a code that may carry a phone, an e-mail, an ID, a credit code or a name (CJK): the values looked at closer
_CODE_SIGNS = rf"\d[\d\s-]{{9,}}\d|@|{USCC}|[\u4e00-\u9fff]{{2}}"
# a company's name inside a code (run_id 万华化学代工-01, unit_id 宁波镇海炼化有限公司-R2): a registered name, or a
# name of two characters or more before a company or trade word (codes carry no product words of this kind)
CODE_COMPANY = (rf"{COMPANY}|[\u4e00-\u9fff]{{2,10}}(?:股份|集团|化学|化工|石化|炼化|化纤|纺织|印染|织造|染整|实业|控股"
                r"|科技|制衣|服饰|服装)")


def own_ids(ids: list[str] | tuple[str, ...]) -> tuple[list[str], str] | None:
    """The build's own enterprises' ids, wherever they stand: each one's organisation code (`MA2H3K7T4`,
    `MA2H3K7T-4`) with whatever part of the id stands before it (`330109MA2H3K7T4`, the old tax number;
    `91330109MA2H3K7T4`, the id without its check character) and the check character after it, in any case and
    with separators between any characters (`91-330109-MA2H3K7T4-6`, `TX.91330109.MA2H3K7T46`). (literal pieces of
    the organisation codes, one of which stands in every match unless separators split each; the pattern); None
    without ids."""
    def char(c: str) -> str:
        return f"[{c}{c.lower()}]" if c.isalpha() else c

    pieces: set[str] = set()
    alternatives = []
    for eid in sorted({i.strip().upper() for i in ids if i and uscc.is_valid(i.strip())}):
        org = eid[8:17]
        pieces |= {org[0:4], org[2:6], org[4:8], org[5:9]}   # one stays whole when one or two separators split it
        pieces |= {org[0:3], org[3:6], org[6:9]}   # and grouped 3-3-3 (`MA2 H3K 7T4`, `MA2.H3K.7T4-6`)
        before = ""
        for c in eid[:8]:   # any tail of the first eight characters: nested optional groups
            before = f"(?:{before}{char(c)}{OWN_ID_SEP})?"
        alternatives.append(before + OWN_ID_SEP.join(char(c) for c in org) + f"(?:{OWN_ID_SEP}{char(eid[17])})?")
    return (sorted(pieces), "|".join(alternatives)) if alternatives else None


def scrub_codes(s: pl.Series, names: list[str], key: bytes,
                enterprise_ids: list[str] | tuple[str, ...] = ()) -> tuple[pl.Series, dict[str, int]]:
    """Mask phones, e-mails, resident IDs, credit codes and known personal names inside codes (`sku
    13857412368`, `run_id 徐文斌-夜班`, `batch_no B-91330100MA2ABCDE1R`). A masked code names what was masked and
    keeps a keyed suffix of the whole code (`SKU-PHONE-3F9A1C0D`), so distinct codes stay distinct and equal codes
    equal across tables (an inspection's sku still finds its product). Counts are of distinct codes. Label-based
    names, addresses and plates are free-text rules, not applied to codes; the build's own enterprise ids
    (:func:`own_ids`) and company names (:data:`CODE_COMPANY`) are.

    In three steps, so a table in parts is masked as a whole: :func:`code_candidates` where the rows are,
    :func:`code_masks` once on every part's candidates (it needs the key), :func:`with_code_masks` where the rows
    are."""
    masks = code_masks(code_candidates(s, names, enterprise_ids), names, key, enterprise_ids)
    return with_code_masks(s, masks), masks.counts


@dataclass(frozen=True)
class CodeMasks:
    """The codes of a field to replace (``old`` -> ``new``) and the counts of what was masked (of distinct codes)."""

    old: list[str]
    new: list[str]
    counts: dict[str, int]


def code_candidates(s: pl.Series, names: list[str], enterprise_ids: list[str] | tuple[str, ...] = ()) -> pl.Series:
    """The distinct codes of ``s`` that a mask may change (a sign of a phone, an e-mail, an ID, a credit code, a
    Chinese name; a known name; an own enterprise id), sorted."""
    known = _known(names)
    own = own_ids(enterprise_ids)
    distinct = s.drop_nulls().unique()
    hit = distinct.str.contains(_CODE_SIGNS)
    if known:
        hit = hit | distinct.str.contains_any(known)
    if own:
        hit = hit | distinct.str.contains_any(own[0], ascii_case_insensitive=True)
    return distinct.filter(hit.fill_null(False)).sort()


def code_masks(codes: pl.Series, names: list[str], key: bytes,
               enterprise_ids: list[str] | tuple[str, ...] = ()) -> CodeMasks:
    """How each of the candidate ``codes`` (distinct) is masked, with the counts of distinct codes masked."""
    if not len(codes):
        return CodeMasks([], [], {})
    known = _known(names)
    masked, counts = _scrub(codes, known, free_text=False, own=own_ids(enterprise_ids))
    company = masked.str.contains(CODE_COMPANY).fill_null(False)
    if company.any():
        masked = _replaced(masked, company, lambda v: v.str.replace_all(CODE_COMPANY, "[COMPANY]"))
        counts["company"] = int(company.sum())
    changed = masked != codes
    if not changed.any():
        return CodeMasks([], [], {})
    old = codes.filter(changed)
    # in the codes' own alphabet (a sku's expectation is `^[A-Z0-9][A-Z0-9._/-]*$`): SKU-[PHONE] -> SKU-PHONE-3F9A1C0D
    plain = masked.filter(changed).str.replace_all(r"\[([A-Z]+)\]", "${1}")
    new = plain + "-" + pseudonymize(old, key).str.slice(0, 8).str.to_uppercase()
    return CodeMasks(old.to_list(), new.to_list(), counts)


def with_code_masks(s: pl.Series, masks: CodeMasks) -> pl.Series:
    """``s`` with its masked codes replaced."""
    return s.replace(masks.old, masks.new) if masks.old else s


# every recognizer of :func:`_scrub_rows` needs one of these in its text: four digits in a row (phones, IDs, credit
# codes, accounts), an `@`, a Taiwan mobile's `+886` (in groups of three: `+886 912-345-678`), a mobile's first two
# Chinese numerals, or a word one of its literal scans looks for (or the \x01 it removes). One scan of their
# alternation finds the rows worth scrubbing (30% of 1M descriptions, none of the product names): a tenth of the
# dozen scans each recognizer makes over every row.
_SCAN_WORDS = sorted({*EMAIL_OBFUSCATED_SIGNS, *EMAIL_SPELLED_SIGNS, *EMAIL_AT_SIGNS, *BANK_WORDS, *TRIGGERS,
                      *(f" at {p}" for p in (*MAIL_PROVIDERS, *MAIL_PROVIDERS_NUMERIC)),
                      *IM_WORDS, "联系", "户名", *NAME_SIGNS, *TITLE_WORDS, *TITLES_CASED},
                     key=len, reverse=True)
# (an international number's plus and code, `+44 20 ...`; cheques' formal numerals; a mobile spaced digit by digit)
MAYBE_PERSONAL = (r"\d{4}|@|\+886|\+[1-9]\d{0,2}[\s-][(（]?\d|[一幺]\s?[三四五六七八九]|[壹幺]\s?[叁肆伍陆柒捌玖]"
                  rf"|1 {{1,2}}[3-9](?: {{1,2}}| ?- ?)\d|\x01|{BARE_SUPPLY_GATE}|{FIND_GATE}|(?i:"
                  + "|".join(re.escape(w) for w in _SCAN_WORDS) + ")")


def _scrub(s: pl.Series, known: list[str], free_text: bool = True,
           own: tuple[list[str], str] | None = None) -> tuple[pl.Series, dict[str, int]]:
    """:func:`_scrub_rows` on the rows that may hold personal information (:data:`MAYBE_PERSONAL`, a known name, a
    piece of an own enterprise id); the other rows are returned as they are, which is what every recognizer leaves
    them as."""
    rows = s.str.contains(MAYBE_PERSONAL).fill_null(False)
    if known:
        rows = rows | s.str.contains_any(known, ascii_case_insensitive=True).fill_null(False)
    if own:
        rows = rows | s.str.contains_any(own[0], ascii_case_insensitive=True).fill_null(False)
    if rows.all():
        return _scrub_rows(s, known, free_text, own)
    if not rows.any():
        return s, {}
    found, counts = _scrub_rows(s.filter(rows), known, free_text, own)
    return s.clone().scatter(rows.arg_true(), found), counts


def _scrub_rows(s: pl.Series, known: list[str], free_text: bool = True,
                own: tuple[list[str], str] | None = None) -> tuple[pl.Series, dict[str, int]]:
    counts: dict[str, int] = {}
    if not s.is_not_null().any():
        return s, counts
    out = s
    hit = out.str.contains(EMAIL).fill_null(False)
    counts["email"] = int(hit.sum())
    out = _replaced(out, hit, lambda v: v.str.replace_all(EMAIL, "[EMAIL]"))
    hit = out.str.contains_any(["@"]).fill_null(False)
    if hit.any():   # zhang wei @ 163 . com: the regex only where an `@` is left
        fixed = _replaced(out, hit, lambda v: v.str.replace_all(EMAIL_SPACED, "${1}[EMAIL]${2}"))
        counts["email"] += int((fixed != out).fill_null(False).sum())
        out = fixed
    hit = out.str.contains_any(EMAIL_OBFUSCATED_SIGNS, ascii_case_insensitive=True).fill_null(False)
    if hit.any():   # qianduoduo[at]163.com, zhouxun.tex#163.com: the regex only where `at]`, `at)` or `#` stands
        fixed = _replaced(out, hit, lambda v: v.str.replace_all(EMAIL_OBFUSCATED, "[EMAIL]"))
        counts["email"] += int((fixed != out).fill_null(False).sum())
        out = fixed
    hit = out.str.contains_any(EMAIL_SPELLED_SIGNS, ascii_case_insensitive=True).fill_null(False)
    if hit.any():   # zhangwei at 163 dot com
        fixed = _replaced(out, hit, lambda v: v.str.replace_all(EMAIL_SPELLED, "[EMAIL]"))
        counts["email"] += int((fixed != out).fill_null(False).sum())
        out = fixed
    hit = out.str.contains_any(EMAIL_AT_SIGNS, ascii_case_insensitive=True).fill_null(False)
    if hit.any():   # zhangwei at 163.com
        fixed = _replaced(out, hit, lambda v: v.str.replace_all(EMAIL_AT, "[EMAIL]"))
        counts["email"] += int((fixed != out).fill_null(False).sum())
        out = fixed
    hit = out.str.contains_any(EMAIL_PROVIDER_SIGNS, ascii_case_insensitive=True).fill_null(False)
    if hit.any():   # zhangwei at gmail
        fixed = _replaced(out, hit, lambda v: v.str.replace_all(EMAIL_PROVIDER, "[EMAIL]${1}${2}"))
        counts["email"] += int((fixed != out).fill_null(False).sum())
        out = fixed
    # before phones (its digit groups read as a landline); the regex only where a label word is (a literal scan)
    hit = out.str.contains_any(BANK_WORDS, ascii_case_insensitive=True).fill_null(False)
    fixed = _replaced(out, hit, lambda v: v.str.replace_all(NOT_BANK_CARDS, "${1}卡\x01号")  # not a bank's
                      .str.replace_all(BANK_ACCOUNT, "${1}[ACCOUNT]${end}").str.replace_all("\x01", "", literal=True))
    counts["bank_account"] = int((fixed != out).fill_null(False).sum()) if hit.any() else 0
    out = fixed
    # resident IDs with a valid check digit; 18-digit numbers failing it are only counted (suspicious)
    hit = out.str.contains(_bounded(RESIDENT_ID)).fill_null(False)
    if hit.any():
        fixed = map_unique(out.filter(hit), _checked_mask(RESIDENT_ID, ric.is_valid, "[ID]", SUSPICIOUS))
        counts["resident_id"] = int(fixed.str.contains(r"\[ID\]").sum())
        counts["suspicious_resident_id"] = int(fixed.str.contains(SUSPICIOUS, literal=True).sum())
        out = out.clone().scatter(hit.arg_true(), fixed.str.replace_all(SUSPICIOUS, "", literal=True))
    hit = out.str.contains(_bounded(BANK_CARD_NUMBER)).fill_null(False)   # bank cards without 账号/卡号
    if hit.any():
        fixed = _replaced(out, hit, lambda v: map_unique(v, _bank_cards))
        counts["bank_account"] += int((fixed != out).fill_null(False).sum())
        out = fixed
    hit = out.str.contains_any(PHONE_WORDS, ascii_case_insensitive=True).fill_null(False)   # 电话 8888 6666
    fixed = _replaced(out, hit, lambda v: v.str.replace_all(PHONE_AFTER_LABEL, "${1}[PHONE]${2}"))
    phones = int((fixed != out).fill_null(False).sum()) if hit.any() else 0
    out = fixed
    hit = out.str.contains(_bounded(PHONE)).fill_null(False)
    # twice: a match takes the separator after it, so a phone right after another (a/b) needs a second pass; a
    # batch number (an area code, a dash, a date: 0301-20261026) is set apart first (\x02, removed after)
    fixed = _replaced(out, hit, lambda v: v.str.replace_all(BATCH_DATE, "${1}${2}\x02${3}${4}")
                      .str.replace_all(_bounded(PHONE), "${1}[PHONE]${3}")
                      .str.replace_all(_bounded(PHONE), "${1}[PHONE]${3}").str.replace_all("\x02", "", literal=True))
    counts["phone"] = phones + (int((fixed != out).fill_null(False).sum()) if hit.any() else 0)
    out = fixed
    hit = out.str.contains_any(["+"]).fill_null(False)   # +44 20 7946 0958: the regex only where a plus is
    if hit.any() and (hit := hit & out.str.contains(r"\+\d").fill_null(False)).any():
        fixed = _replaced(out, hit, lambda v: map_unique(v, intl_phones))
        counts["phone"] += int((fixed != out).fill_null(False).sum())
        out = fixed
    hit = out.str.contains_any(["*", "~"]).fill_null(False)   # 138*0013*8000: the regex only where a star or tilde is
    if hit.any():
        fixed = _replaced(out, hit, lambda v: v.str.replace_all(SIZE_STARRED, "${1}${3}\x02${2}${4}")
                          .str.replace_all(PHONE_STARRED, "${1}[PHONE]${3}").str.replace_all("\x02", "", literal=True))
        counts["phone"] += int((fixed != out).fill_null(False).sum())
        out = fixed
    hit = out.str.contains(PHONE_HAN).fill_null(False)   # 一三八五七四一二三六八
    if hit.any():
        counts["phone"] += int(hit.sum())
        out = _replaced(out, hit, lambda v: v.str.replace_all(PHONE_HAN, "[PHONE]"))
    before = out
    if own:   # the build's own enterprise ids, whole or in part, with any separators
        hit = out.str.contains_any(own[0], ascii_case_insensitive=True).fill_null(False)
        out = _replaced(out, hit, lambda v: v.str.replace_all(own[1], "[USCC]"))
    hit = out.str.contains(_bounded(USCC)).fill_null(False)
    if hit.any():
        fixed = map_unique(out.filter(hit), _checked_mask(USCC, uscc.is_valid, "[USCC]"))
        out = out.clone().scatter(hit.arg_true(), fixed)
    counts["uscc"] = int((out != before).fill_null(False).sum())
    if not free_text:
        out, counts = _known_names(out, known, counts)
        return out.alias(s.name), counts
    # (kind, pattern, replacement, text that must be present too); a plate right after another (a/b) takes the
    # separator with it, so plates are replaced twice
    kinds = (("labelled_id", ID_AFTER_LABEL, "${1}[ID]", None), ("labelled_id", ID_PARTIAL, "${1}[ID]", None),
             ("address", ADDRESS_LABELLED, "${1}[ADDRESS]${2}", None), ("address", ADDRESS_STREET, "[ADDRESS]", None),
             ("address", ADDRESS_COMPOUND, "[ADDRESS]", None), ("address", ADDRESS_EN, "[ADDRESS]", None),
             ("address", ADDRESS_STREET_AFTER_LABEL, "${1}[ADDRESS]", None),
             ("address", ADDRESS_AREA_AFTER_LABEL, "${1}[ADDRESS]", None),
             ("plate", PLATE, "${1}[PLATE]${3}", VEHICLE_WORDS), ("company", COMPANY, "[COMPANY]", None),
             ("company", COMPANY_EN, "[COMPANY]", None), ("company", COMPANY_AFTER_LABEL, "${1}[COMPANY]", None),
             ("company", COMPANY_AFTER_BARE_LABEL, "${1}[COMPANY]", None),
             ("company", COMPANY_AFTER_VERB, "${1}[COMPANY]", None),
             ("company", COMPANY_AFTER_BARE_SUPPLY, "${1}[COMPANY]${2}", None),
             ("company", COMPANY_AFTER_FOR, "${1}[COMPANY]${2}", None),
             ("company", COMPANY_AFTER_CUSTOMER_IS, "${1}[COMPANY]", None),
             ("company", COMPANY_AFTER_BARE_CUSTOMER, "${1}[COMPANY]", None),
             ("company", COMPANY_IN_BRACKETS, "${1}[COMPANY]${2}", None),
             ("company", COMPANY_AFTER_COMPANY, "${1}[COMPANY]", None),
             ("payment_account", PAYMENT_ACCOUNT, "${1}[ACCOUNT]", None))
    # every one of these patterns needs one of the TRIGGERS words: one literal scan (Aho-Corasick) finds the rows,
    # then each pattern is scanned there alone (their alternation compiles to a regex that took 7 s on 1M texts)
    rows = out.str.contains_any(TRIGGERS, ascii_case_insensitive=True).fill_null(False)
    rows = rows | out.str.contains(BARE_SUPPLY_GATE).fill_null(False)   # a bare 供应 before a name (not `现货供应。`)
    if rows.any():
        found = out.filter(rows)
        verbs = found.str.contains(NOT_CUSTOMER).fill_null(False)   # no customer after a verb: set apart (\x01)
        found = _replaced(found, verbs, lambda v: map_unique(v, named_customers)   # unless a name is listed too
                          .str.replace_all(NOT_CUSTOMER, "${1}${3}${5}${7}\x01${2}${4}${6}${8}"))
        found = (found.str.replace_all(NOT_BRACKET_COMPANY, "${1}\x01${2}")   # an industry, a trade's acronym
                 .str.replace_all(NOT_CUSTOMER_IS, "${1}\x01${2}").str.replace_all(SELF_AFTER_LABEL, "${1}\x01${2}"))
        hit = found.str.contains(PRICE_CUSTOMER).fill_null(False)   # 给巴斯夫的价格是..., 给万华的4700
        if hit.any():
            fixed = _replaced(found, hit, lambda v: v.str.replace_all(NOT_PRICE_CUSTOMER, "${1}\x01${2}"))
            hit = fixed.str.contains(PRICE_CUSTOMER).fill_null(False)
            counts["company"] = counts.get("company", 0) + int(hit.sum())
            found = _replaced(fixed, hit, lambda v: v.str.replace_all(PRICE_CUSTOMER_ANY, "${1}[COMPANY]${3}${4}"))
        hit = found.str.contains(COMPANY_AFTER_FOR).fill_null(False)   # `for South China`: no customer
        found = _replaced(found, hit, lambda v: v.str.replace_all(NOT_FOR_CUSTOMER, "${1}\x01${2}"))
        hit = found.str.contains_any(["address"], ascii_case_insensitive=True).fill_null(False)
        if hit.any():   # set apart from its label (\x01): ADDRESS_LABELLED would run on past its end
            fixed = _replaced(found, hit, lambda v: map_unique(v, lambda t: ADDRESS_EN_LABELLED_RE.sub(
                "\\1\x01[ADDRESS]", t)))
            counts["address"] = int((fixed != found).fill_null(False).sum())
            found = fixed
        for kind, pattern, fix, context in kinds:
            hit = found.str.contains(pattern).fill_null(False)
            if context is not None and hit.any():
                hit = hit & found.str.contains(context).fill_null(False)
            counts[kind] = counts.get(kind, 0) + int(hit.sum())
            found = _replaced(found, hit, lambda v, p=pattern, f=fix: v.str.replace_all(p, f).str.replace_all(p, f))
        out = out.clone().scatter(rows.arg_true(), found)
    rows = out.str.contains_any(IM_WORDS, ascii_case_insensitive=True).fill_null(False)
    if rows.any():
        def handles(v: pl.Series) -> pl.Series:
            v = v.str.replace_all(IM_ACCOUNT, "${1}[ACCOUNT]").str.replace_all(IM_NAME, "${1}[ACCOUNT]")
            social = v.str.contains_any(SOCIAL_WORDS, ascii_case_insensitive=True).fill_null(False)
            v = _replaced(v, social, lambda t: t.str.replace_all(SOCIAL_HANDLE, "${1}[ACCOUNT]")
                          .str.replace_all(WEIBO_ACCOUNT, "${1}[ACCOUNT]"))
            line = v.str.contains_any(["line"], ascii_case_insensitive=True).fill_null(False)
            if not line.any():
                return v

            def lines(t: pl.Series) -> pl.Series:   # a production line is set apart (\x01) first
                t = t.str.replace_all(PRODUCT_LINE, "${1}\x01${2}").str.replace_all(IM_LINE, "${1}[ACCOUNT]")
                bare = t.str.contains(CONTACT_CONTEXT).fill_null(False)
                t = _replaced(t, bare, lambda b: b.str.replace_all(IM_LINE_BARE, "${1}[ACCOUNT]"))
                return t.str.replace_all("\x01", "", literal=True)

            return _replaced(v, line, lines)

        fixed = _replaced(out, rows, handles)
        counts["im_account"] = int((fixed != out).fill_null(False).sum())
        out = fixed

    out = _replaced(out, out.str.contains_any(["联系", "户名"]).fill_null(False),  # only rows holding the words
                    lambda v: v.str.replace_all(CONTACT_WORD, "联系\x01${1}")
                    .str.replace_all(r"([客用])户名", "${1}户\x01名"))
    # the name patterns only on the texts holding a label or title word (a literal scan); words that start with a
    # surname but are no name (江浙, 白色, 合格) are split first, so they read as none
    rows = (out.str.contains_any(NAME_SIGNS, ascii_case_insensitive=True)
            | out.str.contains_any([*TITLE_WORDS, *TITLES_CASED, "找"])).fill_null(False)
    if rows.any():
        def names(v: pl.Series) -> pl.Series:
            v = v.str.replace_many(list(NOT_NAME_WORDS), SPLIT_NOT_NAME_WORDS)
            for pattern, fix in (*NAME_AFTER_LABEL, *NAME_WITH_TITLE):
                v = v.str.replace_all(pattern, fix)
            kin = v.str.contains_any(["老", "小", "姐", "哥"]).fill_null(False)   # 老李说, 陈姐确认
            v = _replaced(v, kin, lambda t: functools.reduce(lambda x, pf: x.str.replace_all(*pf), NICKNAMES, t))
            closing = v.str.contains_any(list(CLOSING_WORDS), ascii_case_insensitive=True).fill_null(False)
            v = _replaced(v, closing, lambda t: t.str.replace_all(CLOSING_NAME, "${1}[NAME]${2}"))
            return (v.str.replace_all(CONTACT_WORDS, "${1}\x01${2}")
                    .str.replace_all(NAME_AFTER_NAME, "${1}[NAME]").str.replace_all(NAME_AFTER_NAME, "${1}[NAME]")
                    .str.replace_all(NAME_BESIDE_NAME, "${1}[NAME]${2}")
                    .str.replace_all(NAME_AFTER_NUMBER, "${1}[NAME]"))

        found = out.filter(rows)
        fixed = names(found)
        counts["labelled_name"] = int((fixed.str.replace_all("\x01", "", literal=True)
                                       != found.str.replace_all("\x01", "", literal=True)).fill_null(False).sum())
        out = out.clone().scatter(rows.arg_true(), fixed)
    out = out.str.replace_all("\x01", "", literal=True)
    out, counts = _known_names(out, known, counts)  # last: a label before a known name is masked as a label
    return out.alias(s.name), counts


def _known_names(out: pl.Series, known: list[str], counts: dict[str, int]) -> tuple[pl.Series, dict[str, int]]:
    """Names from personal fields: Chinese ones wherever they stand (a two-character one also glued to one more
    character that may end a longer name, masked whole: 周杰伦同款 -> [NAME]同款), except those that are common words
    too (:data:`COMMON_WORD_NAMES`: where they read as a name only); Latin ones as words, in any case (`Wang Fang`,
    `WANG FANG`; never `Lin` in `lining`)."""
    if known:
        hit = out.str.contains_any(known, ascii_case_insensitive=True).fill_null(False)
        cjk = [n for n in known if not n.isascii() and n not in COMMON_WORD_NAMES]
        common = "|".join(re.escape(n) for n in known if n in COMMON_WORD_NAMES)
        # a name's pinyin as one word (`Zhangwei`) only where it reads as a name, like a common word's
        joined = {j for n in cjk for j in _joined(n)}
        latin = [n for n in known if n.isascii() and n not in joined]
        one_word = alternation(joined)
        words = (rf"(^|[^A-Za-z])((?i:{'|'.join(re.escape(n) for n in latin)}))($|[^A-Za-z])" if latin else None)
        # a two-character name is marked (\x03) first, then masked with a character after it that is no stop
        marks = ["\x03" if len(n) == 2 else "[NAME]" for n in cjk]
        glued = rf"\x03[\u4e00-\u9fff&&[^{NAME_STOPS}]]?"
        listed = r"\s*[、/,，&和及]\s*"
        in_context = (
            (rf"^(\s*)(?:{common})(\s*)$", "${1}[NAME]${2}"),
            (rf"((?i:(?:{ANY_LABEL})\s*)+{NAME_TRAILER}\s*[:：]?\s*{OPEN_QUOTE}|\[NAME\]{listed})(?:{common})",
             "${1}[NAME]"),
            (rf"(?:{common})(\s*(?:{NAME_NEXT})|\s*[(（]?\s*\[PHONE\]|{listed}\[NAME\])", "[NAME]${1}"),
        )

        in_words = (   # the same places, as a word (`ZHANGWEI签字`, `联系人 zhangwei`, `ZHANGWEI 138...`)
            (rf"^(\s*)(?i:{one_word})(\s*)$", "${1}[NAME]${2}"),
            (rf"((?i:(?:{ANY_LABEL})\s*)+{NAME_TRAILER}\s*[:：]?\s*{OPEN_QUOTE}|\[NAME\]{listed}|(?:^|[^A-Za-z]))(?i:{one_word})"
             rf"(\s*(?:{NAME_NEXT})|\s*[(（]?\s*\[PHONE\]|{listed}\[NAME\])", "${1}[NAME]${2}"),
            (rf"((?i:(?:{ANY_LABEL})\s*)+{NAME_TRAILER}\s*[:：]?\s*{OPEN_QUOTE}|\[NAME\]{listed})(?i:{one_word})($|[^A-Za-z])",
             "${1}[NAME]${2}"),
        )

        def fix(v: pl.Series) -> pl.Series:
            v = v.str.replace_many(cjk, marks).str.replace_all(glued, "[NAME]") if cjk else v
            for pattern, to in in_context if common else ():
                v = v.str.replace_all(pattern, to)
            for pattern, to in in_words if joined else ():
                v = v.str.replace_all(pattern, to)
            return v.str.replace_all(words, "${1}[NAME]${3}").str.replace_all(words, "${1}[NAME]${3}") if words else v

        fixed = _replaced(out, hit, fix)
        counts["known_name"] = int((fixed != out).fill_null(False).sum())
        out = fixed
    return out, {k: v for k, v in counts.items() if v}
