"""Free-text scrubbing of personal information (STANDARD.md section 6): measure, then mask.

Findings are counted per field and kind (never their values). Recognizers are vectorized regular
expressions (polars); resident ID numbers are masked only with a valid check digit (ISO 7064
MOD 11-2, python-stdnum), and 18-digit numbers failing it are left alone but counted as
``suspicious_resident_id``. A phone is a mainland mobile number (1[3-9] + 9 digits, optional +86,
spaces or dashes) not embedded in a longer digit run, so order or batch numbers are not phones.
presidio was considered: its Chinese recognizers would need the same patterns plus a spaCy model
download, which this platform cannot fetch at run time.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import polars as pl
from stdnum.cn import ric, uscc

from indset.pseudonym import pseudonymize
from indset.slices import SLICE_ROWS, THREADS
from indset.text import map_unique

_COUNTRY = r"(?:(?:\+|00)86[\s-]?)"   # +86, 0086
_AREA = r"(?:10|2\d|[3-9]\d{2})"      # mainland area codes without their 0: 10, 2x, then three digits
# mobiles: 13812345678, 138 1234 5678, 138-1234-5678, 138.1234.5678, 1381234 5678, (138)0013-8000, with +86/0086/86
# before them (digits grouped otherwise are other numbers: 克重 135.2 140.6 138.9)
PHONE = (r"(?:(?:\+|00)?86[\s-]?)?(?:1[3-9]\d(?:\d{8}|[\s.-]\d{4}[\s.-]\d{4}|[\s.-]\d{8}|\d{4}[\s.-]\d{4})"
         r"|[(（]1[3-9]\d[)）]\s?\d{4}[\s.-]?\d{4})"
         # landlines: 0571-88886666, (0571) 8888 6666, 0571-8888-6666, 0570-812-3456, +86 571 8888 6666, 86-571-...,
         # +86 (0)571 ...; the subscriber number whole or split 4-4 or 3-4 (an order number 0001-2345-6789 has no
         # area code)
         rf"|(?:{_COUNTRY}(?:[(（]0[)）]\s?)?{_AREA}[\s-]?|86-{_AREA}-|[(（]0{_AREA}[)）]\s?|0{_AREA}[\s-]?)"
         r"(?:[2-9]\d{6,7}|[2-9]\d{3}[\s-]\d{4})(?:\s?(?:转|-|ext\.?|x)\s?\d{1,5})?"
         # a 7-digit number split 3-4 after a bracketed or dashed area code (0570-812-3456; not 规格 0571 800-1200)
         rf"|(?:[(（]0{_AREA}[)）]\s?|0{_AREA}-)[2-9]\d{{2}}[\s-]\d{{4}}"
         rf"|86[\s-]{_AREA}[\s-][2-9]\d{{3}}[\s-]\d{{4}}")   # a bare 86 before area and number in fours
# a unified social credit code (an enterprise's id): masked wherever it appears with a valid check digit, in any
# case, also grouped 4-4-4-4-2 (9133 0109 MA2H 3K7T 46)
_U = "0-9A-HJ-NP-RTUWXYa-hj-np-rtuwxy"
USCC = rf"[{_U}]{{2}}\d{{6}}[\s-]?[{_U}]{{10}}|\d{{4}}[\s-]\d{{4}}[\s-][{_U}]{{4}}[\s-][{_U}]{{4}}[\s-][{_U}]{{2}}"
EMAIL = r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.\u4e00-\u9fff-]+\.(?:[A-Za-z]{2,}|[\u4e00-\u9fff]{2,})"  # 浙江化工.中国
# resident IDs, also grouped 6-8-4 (330102 19900307 1003), 6-4-4-4 (330102 1990 0307 1003), 4-4-4-4-2
RESIDENT_ID = (r"\d{17}[\dXx]|\d{6}[\s-]\d{8}[\s-]\d{3}[\dXx]|\d{6}[\s-]\d{4}[\s-]\d{4}[\s-]\d{3}[\dXx]"
               r"|\d{4}[\s-]\d{4}[\s-]\d{4}[\s-]\d{4}[\s-]\d[\dXx]")
# a bank account after its label (账号 6222 0212 3456 7890 123; 色卡号, a colour card's, is set apart first)
BANK_ACCOUNT = (r"((?:银行账号|银行卡号|收款账号|开户账号|对公账号|账号|卡号"
                r"|(?i:\baccount\s*(?:no\.?|number)|\ba/c(?:\s*no\.?)?))\s*[:：]?\s*)"
                # whole, a card in fours (16 or 19 digits: a year after it is not taken), or 6 then the rest
                r"(?:\d{12,23}|\d{4}(?:[\s-]\d{4}){2,4}(?:[\s-]\d{1,3})?(?P<end>$|[^\d年./-])|\d{6}[\s-]\d{10,17})")
BANK_WORDS = ["账号", "卡号", "account", "a/c"]   # one of them stands in every BANK_ACCOUNT match
NOT_BANK_CARDS = r"(色|流转|工艺|工序|生产|流程|物料)卡号"   # a colour card's, a job ticket's: set apart first
# instant-messaging accounts after their label: 微信: hm_qc88, QQ:87654321, WeChat ID lily_w
IM_ACCOUNT = (r"((?:微信号?|微信(?i:id)|钉钉号?|QQ号|\b(?i:vx|wx|wechat(?:\s*id)?|weixin|qq))\s*[:：]?\s*)"
              r"[A-Za-z0-9][A-Za-z0-9_.-]{4,29}")
LABELS = ("联系人", "负责人", "业务员", "经办人", "经理", "销售", "质检员", "检验员", "操作员", "挡车工", "联系",
          "验货员", "验货人", "跟单员", "跟单", "主管", "厂长", "复检人", "检验人", "质检", "审核人", "制单人",
          "采购员", "设计师", "班长", "对接人", "联络人", "收货人", "打样人", "跟进人", "送货人", "签收人",
          "qc", "contact", "contact person", "sales rep", "sales", "attn", "inspector", "operator", "manager",
          "merchandiser", "inspected by", "checked by", "approved by", "prepared by",
          "记录人", "抽检人", "经手人", "填表人", "审批人", "批准人", "核对人", "验货人员", "质检人员", "检验人员",
          "操作人员", "签字人", "签名", "recorded by", "signed by",
          "化验员", "分析人", "分析员", "取样人", "取样员", "复核人", "送样人", "检测人", "试验员", "法定代表人",
          "法人代表", "法人", "客服", "客户代表", "业务代表", "联系人/电话", "customer service", "analyst",
          "sampled by", "姓名", "收件人", "收货人姓名", "司机", "驾驶员", "提货人", "收款人", "开户名", "account name",
          "payee")
# headers of a column of people that no field of the table maps (a `业务员` column in a products file): its names
# are masked in free text like a personal field's (with the personal fields' own aliases)
PERSON_HEADERS = ("联系人", "负责人", "业务员", "经办人", "跟单员", "跟单", "质检员", "检验员", "操作员", "挡车工",
                  "验货员", "采购员", "设计师", "联络人", "对接人", "收货人", "销售员", "业务经理", "销售经理",
                  "客户经理", "制单人", "审核人", "contact", "contact person", "sales rep", "salesperson",
                  "merchandiser")
# labels that are common words too (开发新产品, 业务范围, 审核通过): a name only after them and a colon
COLON_LABELS = ("开发", "业务", "打样", "设计", "跟单", "对接", "sales", "审核", "签字", "记录", "复核", "确认",
                "检验", "批准", "签发", "编制", "制单", "制表", "approved", "checked", "reviewed",
                "户名", "账户名")   # not 客户名称 浙江纺织
# an identity document after its label: old 15-digit resident IDs (no check digit), passports, permits
ID_AFTER_LABEL = (r"((?:身份证|身份证号码?|证件号码?|护照号?码?|通行证号?码?|(?i:\bpassport(?:\s*no\.?)?|\bid\s*no\.?))"
                  r"\s*[:：]?\s*)[A-Za-z]{0,2}\d{6,17}[\dXx]?")
# an address after its label: its words up to a separator, or up to the next `label:` (`收件人：`)
ADDRESS_LABELLED = (r"((?:送货|收货|家庭|通讯|联系|现|户籍)?(?:地址|住址)\s*[:：]\s*|(?i:\baddress)\s*[:：]\s*)"
                    r"[^\s,;，；|:：]+(?:\s[^\s,;，；|:：]+)*($|[\s,;，；|])")
# a street address with a house number, after its city or district (`杭州市西湖区文三路90号3幢502室`; not `回路2号泵`)
ADDRESS_STREET = (r"(?:[\u4e00-\u9fff]{2,12}(?:省|市|区|县|镇|乡))+[\u4e00-\u9fff]{1,10}(?:路|街|大道|巷|弄)\d+[号弄]"
                  r"(?:\d+(?:幢|栋|座|单元|楼|层|室|号)|[-—]\d+)*")
# a mainland vehicle plate (a driver's: 浙A12345, 浙A·D12345), in a text about a vehicle only (`苏E88888` is a style
# number in a catalogue)
_PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"
PLATE = rf"(^|[^A-Za-z0-9])([{_PROVINCES}][A-HJ-NP-Z][·\s-]?[A-HJ-NP-Z0-9]{{5,6}})($|[^A-Za-z0-9])"
# a company's registered name (an enterprise's or a customer's: either names a party the release keeps anonymous)
COMPANY = r"[\u4e00-\u9fff]{2,30}(?:股份有限公司|有限责任公司|有限公司)|[\u4e00-\u9fff]{4,30}(?:集团|公司)"
# words without which none of ID_AFTER_LABEL, the addresses, PLATE (in its vehicle context) or COMPANY can match
TRIGGERS = ["身份证", "证件", "护照", "通行证", "passport", "id", "地址", "住址", "address",
            "路", "街", "大道", "巷", "弄", "公司", "集团",
            "车牌", "车号", "牌照", "司机", "驾驶员", "货车", "卡车", "运输", "物流", "提货", "送货",
            "plate", "driver", "truck", "vehicle"]
VEHICLE_WORDS = r"车牌|车号|牌照|司机|驾驶员|货车|卡车|运输|物流|提货|送货|(?i:\bplate\b|\bdriver|\btruck|\bvehicle)"
# two-character surnames: the given name after them may be two characters (欧阳娜娜)
COMPOUND_SURNAMES = ("欧阳", "司马", "诸葛", "上官", "东方", "慕容", "皇甫", "尉迟", "公孙", "令狐", "长孙", "宇文",
                     "夏侯", "轩辕", "端木", "独孤", "南宫", "西门", "百里", "呼延", "申屠", "澹台", "太史", "司徒")
# after 联系, words that are not a name (联系电话: [PHONE]); kept apart from the label while names are masked
NOT_NAMES_AFTER_CONTACT = ("电话", "方式", "手机", "地址", "邮箱")
# 联系方式 (kept apart below) is a label too: `联系方式 张三 138...`
_LABEL = "|".join(sorted((*LABELS, "联系\x01方式"), key=len, reverse=True))
_CONTACT_WORD = rf"联系({'|'.join(NOT_NAMES_AFTER_CONTACT)})"
# a third character that starts the next word rather than ending a name (张磊负责, 王伟电话, 李明先生)
_NOT_NAME = "负电手联先女经的在是和及与为已将于请处部抽复确检验签审"
_TITLE = r"(?i:(?:mr|ms|mrs|miss|dr)\.?\s*)?"
_CJK_NAME = (rf"(?:(?:{'|'.join(COMPOUND_SURNAMES)})[\u4e00-\u9fff]{{1,2}}"
             rf"|[\u4e00-\u9fff](?:[\u4e00-\u9fff][\u4e00-\u9fff&&[^{_NOT_NAME}]]?"
             rf"|\s[\u4e00-\u9fff](?:\s[\u4e00-\u9fff&&[^{_NOT_NAME}]])?))")  # also spaced: 王 小 明, 李 四
_LATIN_NAME = r"[A-Z][A-Za-z]+(?:\s[A-Z][A-Za-z]+)?"
# `联系人：`, `业务员/电话：`, and in JSON text `"联系人": "`
_AFTER = r"""(?:/(?:电话|手机|联系方式|(?i:tel|phone)))?["'”」]?"""
_OPEN = r"""["'“「]?"""
NAME_AFTER_LABEL = (rf"((?i:(?:{_LABEL})\s*)+{_AFTER}\s*[:：]?\s*{_OPEN}{_TITLE})(?:{_CJK_NAME}|{_LATIN_NAME})"
                    # after a colon, lower case too
                    rf"|((?i:(?:{_LABEL})\s*)+{_AFTER}\s*[:：]\s*{_OPEN})[a-z]+(?:\s[a-z]+)?"
                    rf"|((?:{'|'.join(COLON_LABELS)}){_AFTER}\s*[:：]\s*{_OPEN})(?:{_CJK_NAME}|{_LATIN_NAME})")
# more names listed after a masked one: 联系人：[NAME]、郑爽
NAME_AFTER_NAME = rf"(\[NAME\]\s*[、/,，&和及]\s*)(?:{_CJK_NAME}|{_LATIN_NAME})"
# contact words that may follow a name (李晓红，微信：...): split (by \x01, removed after) so they read as no name
CONTACT_WORDS = r"(微|电|手|邮|地|传|座)(信|话|机|箱|址|真)"


def _bounded(pattern: str) -> str:
    return rf"(^|[^\d])({pattern})($|[^\d])"


def _checked_mask(pattern: str, is_valid: Callable[[str], bool], token: str, mark: str = "") -> Callable[[str], str]:
    """A masker of ``pattern``'s matches that pass their check digit (separators ignored): they become ``token``;
    the others stay, prefixed with ``mark`` (for counting)."""
    import re

    def sub(m: re.Match) -> str:
        return m[1] + (token if is_valid(re.sub(r"[\s-]", "", m[2])) else mark + m[2]) + m[3]

    return lambda text: re.sub(_bounded(pattern), sub, text)


def _known(names: list[str] | None) -> list[str]:
    """Personal names to look for: two characters or more, longest first (a name inside a longer one); a Chinese
    name also with a space after its surname or between its characters (`欧阳 娜娜`, `王 小 明`)."""
    out = set()
    for n in names or ():
        if not n or len(n) < 2:
            continue
        out.add(n)
        if 2 <= len(n) <= 4 and all("\u4e00" <= c <= "\u9fff" for c in n):
            surname = 2 if n[:2] in COMPOUND_SURNAMES and len(n) > 2 else 1
            out.update({f"{n[:surname]} {n[surname:]}", " ".join(n)})
    return sorted(out, key=len, reverse=True)


SUSPICIOUS = "\x00"  # transient marker: an 18-digit number that fails the check digit is left as is


def scrub_text(s: pl.Series, names: list[str] | None = None) -> tuple[pl.Series, dict[str, int]]:
    """Mask phones, e-mails, resident IDs, labelled names and known personal names; count findings.

    A long column is scrubbed in slices on two threads (a regex pass holds one core per Series)."""
    known = _known(names)
    parts = [s] if s.len() <= SLICE_ROWS else list(s.to_frame().iter_slices(SLICE_ROWS))
    if len(parts) == 1:
        return _scrub(s, known)
    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        done = list(pool.map(lambda part: _scrub(part.to_series(), known), parts))
    counts: dict[str, int] = {}
    for _, found in done:
        for kind, n in found.items():
            counts[kind] = counts.get(kind, 0) + n
    return pl.concat([out for out, _ in done], rechunk=True).alias(s.name), counts


def labelled_pattern(labels: list[str], whole_sentence: bool = True) -> tuple[list[str], str] | None:
    """Text labelled as a field withheld from the release, up to the end of its sentence: `配方：乙二醇60%、水38%`,
    `配方（保密）：...`, `【配方】...`, `配方 - ...`, `本品配方为...`, `"配方": "..."` (JSON text), `Recipe: ...`.
    From the labels (names and aliases) of the table's fields: (the label words, for a literal scan first; the
    pattern, whose groups 1-2 are what stands before the value); None when there are none. The value runs to the
    end of its sentence, or with ``whole_sentence=False`` (a price) to the next comma too. No ``\\b`` and no global
    case folding: both made the regex crawl over Chinese text (14 s on 1M descriptions)."""
    words = sorted({w for w in labels if len(w) >= 2 and (not w.isascii() or len(w) >= 4)}, key=len, reverse=True)
    if not words:
        return None
    cjk = "|".join(re.escape(w) for w in words if not w.isascii())
    latin = "|".join(re.escape(w) for w in words if w.isascii())
    remark = r"(?:\s*[(（][^()（）]{0,12}[)）])?"   # 配方（保密）
    quote = r"""\s*["'”」]*\s*"""
    # "配方": / 配方-... / 配方为 / 配方是 / 【配方】; a Latin label's dash needs a space before it (Enterprise-grade)
    labels = "|".join(p for p in (cjk and rf"(?:{cjk}){remark}(?:{quote}(?:[:：=]|-|为|是)|\s*[】\]]\s*[:：]?)",
                                  latin and rf"(?i:{latin}){remark}(?:{quote}(?:[:：=]|\s-)|\s*[】\]]\s*[:：]?)")
                      if p)
    # the value: not a question (单价是否含税); a price's stops at a comma that is no thousands separator (13,560)
    value = (r"[^否。；;\n][^。；;\n]*" if whole_sentence
             else r"(?:\d(?:,\d{3})+|[^否。；;\n，,])(?:\d(?:,\d{3})+|[^。；;\n，,])*")
    return words, rf"(^|[^A-Za-z])((?:【\s*|\[\s*)?(?:{labels}))\s*{value}"


def scrub_labelled(s: pl.Series, labelled: tuple[list[str], str] | None, token: str) -> tuple[pl.Series, int]:
    """Replace the value of each text labelled as a withheld field (:func:`labelled_pattern`) with ``token``;
    (texts, how many). The regex runs only on the texts that hold a label word."""
    if labelled is None or s.dtype != pl.String:
        return s, 0
    words, pattern = labelled
    rows = s.str.contains_any(words, ascii_case_insensitive=True).fill_null(False)
    fixed = _replaced(s, rows, lambda t: t.str.replace_all(pattern, f"${{1}}${{2}}{token}"))
    return fixed, int((fixed != s).fill_null(False).sum()) if rows.any() else 0


def _replaced(s: pl.Series, hit: pl.Series, fix: Callable[[pl.Series], pl.Series]) -> pl.Series:
    """``s`` with ``fix`` applied to the rows where ``hit`` (a recognizer's scan runs once over all rows)."""
    return s.clone().scatter(hit.arg_true(), fix(s.filter(hit))) if hit.any() else s  # scatter works in place


# a code that may carry a phone, an e-mail, an ID, a credit code or a name (CJK): the values looked at closer
_CODE_SIGNS = r"\d[\d\s-]{9,}\d|@|[0-9A-HJ-NP-RTUWXY]{2}\d{6}[\s-]?[0-9A-HJ-NP-RTUWXY]{10}|[\u4e00-\u9fff]{2}"


def scrub_codes(s: pl.Series, names: list[str], key: bytes) -> tuple[pl.Series, dict[str, int]]:
    """Mask phones, e-mails, resident IDs, credit codes and known personal names inside codes (`sku
    13857412368`, `run_id 徐文斌-夜班`, `batch_no B-91330100MA2ABCDE1R`). A masked code names what was masked and
    keeps a keyed suffix of the whole code (`SKU-PHONE-3F9A1C0D`), so distinct codes stay distinct and equal codes
    equal across tables (an inspection's sku still finds its product). Counts are of distinct codes. Label-based
    names, addresses and plates are free-text rules, not applied to codes."""
    known = _known(names)
    distinct = s.drop_nulls().unique()
    hit = distinct.str.contains(_CODE_SIGNS)
    if known:
        hit = hit | distinct.str.contains_any(known)
    if not hit.fill_null(False).any():
        return s, {}
    codes = distinct.filter(hit.fill_null(False))
    masked, counts = _scrub(codes, known, free_text=False)
    changed = masked != codes
    if not changed.any():
        return s, {}
    old = codes.filter(changed)
    # in the codes' own alphabet (a sku's expectation is `^[A-Z0-9][A-Z0-9._/-]*$`): SKU-[PHONE] -> SKU-PHONE-3F9A1C0D
    plain = masked.filter(changed).str.replace_all(r"\[([A-Z]+)\]", "${1}")
    new = plain + "-" + pseudonymize(old, key).str.slice(0, 8).str.to_uppercase()
    return s.replace(old, new), counts


def _scrub(s: pl.Series, known: list[str], free_text: bool = True) -> tuple[pl.Series, dict[str, int]]:
    counts: dict[str, int] = {}
    if not s.is_not_null().any():
        return s, counts
    out = s
    hit = out.str.contains(EMAIL).fill_null(False)
    counts["email"] = int(hit.sum())
    out = _replaced(out, hit, lambda v: v.str.replace_all(EMAIL, "[EMAIL]"))
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
    hit = out.str.contains(_bounded(PHONE)).fill_null(False)
    counts["phone"] = int(hit.sum())
    # twice: a match takes the separator after it, so a phone right after another (a/b) needs a second pass
    out = _replaced(out, hit, lambda v: v.str.replace_all(_bounded(PHONE), "${1}[PHONE]${3}")
                    .str.replace_all(_bounded(PHONE), "${1}[PHONE]${3}"))
    hit = out.str.contains(_bounded(USCC)).fill_null(False)
    if hit.any():
        fixed = map_unique(out.filter(hit), _checked_mask(USCC, uscc.is_valid, "[USCC]"))
        counts["uscc"] = int(fixed.str.contains(r"\[USCC\]").sum())
        out = out.clone().scatter(hit.arg_true(), fixed)
    if not free_text:
        out, counts = _known_names(out, known, counts)
        return out.alias(s.name), counts
    # (kind, pattern, replacement, text that must be present too); a plate right after another (a/b) takes the
    # separator with it, so plates are replaced twice
    kinds = (("labelled_id", ID_AFTER_LABEL, "${1}[ID]", None),
             ("address", ADDRESS_LABELLED, "${1}[ADDRESS]${2}", None), ("address", ADDRESS_STREET, "[ADDRESS]", None),
             ("plate", PLATE, "${1}[PLATE]${3}", VEHICLE_WORDS), ("company", COMPANY, "[COMPANY]", None))
    # every one of these patterns needs one of the TRIGGERS words: one literal scan (Aho-Corasick) finds the rows,
    # then each pattern is scanned there alone (their alternation compiles to a regex that took 7 s on 1M texts)
    rows = out.str.contains_any(TRIGGERS, ascii_case_insensitive=True).fill_null(False)
    if rows.any():
        found = out.filter(rows)
        for kind, pattern, fix, context in kinds:
            hit = found.str.contains(pattern).fill_null(False)
            if context is not None and hit.any():
                hit = hit & found.str.contains(context).fill_null(False)
            counts[kind] = counts.get(kind, 0) + int(hit.sum())
            found = _replaced(found, hit, lambda v, p=pattern, f=fix: v.str.replace_all(p, f).str.replace_all(p, f))
        out = out.clone().scatter(rows.arg_true(), found)
    hit = out.str.contains(IM_ACCOUNT).fill_null(False)
    counts["im_account"] = int(hit.sum())
    out = _replaced(out, hit, lambda v: v.str.replace_all(IM_ACCOUNT, "${1}[ACCOUNT]"))

    out = _replaced(out, out.str.contains_any(["联系", "户名"]).fill_null(False),  # only rows holding the words
                    lambda v: v.str.replace_all(_CONTACT_WORD, "联系\x01${1}")
                    .str.replace_all(r"([客用])户名", "${1}户\x01名"))
    hit = out.str.contains(NAME_AFTER_LABEL).fill_null(False)
    counts["labelled_name"] = int(hit.sum())
    out = _replaced(out, hit, lambda v: v.str.replace_all(NAME_AFTER_LABEL, "${1}${2}${3}[NAME]")
                    .str.replace_all(CONTACT_WORDS, "${1}\x01${2}")
                    .str.replace_all(NAME_AFTER_NAME, "${1}[NAME]").str.replace_all(NAME_AFTER_NAME, "${1}[NAME]"))
    out = out.str.replace_all("\x01", "", literal=True)
    out, counts = _known_names(out, known, counts)  # last: a label before a known name is masked as a label
    return out.alias(s.name), counts


def _known_names(out: pl.Series, known: list[str], counts: dict[str, int]) -> tuple[pl.Series, dict[str, int]]:
    """Names from personal fields: Chinese ones wherever they stand; Latin ones as words, in any case (`Wang Fang`,
    `WANG FANG`; never `Lin` in `lining`)."""
    if known:
        hit = out.str.contains_any(known, ascii_case_insensitive=True).fill_null(False)
        cjk = [n for n in known if not n.isascii()]
        latin = [n for n in known if n.isascii()]
        words = (rf"(^|[^A-Za-z])((?i:{'|'.join(re.escape(n) for n in latin)}))($|[^A-Za-z])" if latin else None)

        def fix(v: pl.Series) -> pl.Series:
            v = v.str.replace_many(cjk, ["[NAME]"] * len(cjk)) if cjk else v
            return v.str.replace_all(words, "${1}[NAME]${3}").str.replace_all(words, "${1}[NAME]${3}") if words else v

        fixed = _replaced(out, hit, fix)
        counts["known_name"] = int((fixed != out).fill_null(False).sum())
        out = fixed
    return out, {k: v for k, v in counts.items() if v}
