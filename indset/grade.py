"""Security grading (STANDARD.md section 6): decide, per field and release profile, what ships.

| grade      | public                         | internal    |
|------------|--------------------------------|-------------|
| core       | dropped                        | dropped     |
| important  | dropped                        | kept        |

A field with ``replaced_by`` (enterprise_id) never ships in clear in any profile: its keyed
hash column (enterprise_key) does.
| general    | kept (free text scrubbed)      | kept (scrubbed) |
| personal   | dropped                        | keyed hash  |
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import polars as pl

from indset.pseudonym import pseudonym_table, with_pseudonyms
from indset.resolve import ENTERPRISE_KEY, RECORD_ID
from indset.scrub import (
    CodeMasks,
    code_candidates,
    code_masks,
    labelled_names,
    labelled_pattern,
    scrub_labelled,
    scrub_text,
    spaced_label,
    summed,
    with_code_masks,
)
from indset.scrub_patterns import COMPOUND_SURNAMES, PERSON_HEADERS, SURNAMES
from indset.standard import TableSpec
from indset.text import alternation, key_form

PROFILES = ("public", "internal")


def treatment(grade: str, profile: str) -> str:
    """keep | drop | hash for a grade under a profile."""
    if profile not in PROFILES:
        raise ValueError(f"unknown profile {profile!r} (public or internal)")
    if grade == "core":
        return "drop"
    if grade == "important":
        return "keep" if profile == "internal" else "drop"
    if grade == "personal":
        return "hash" if profile == "internal" else "drop"
    return "keep"


@dataclass
class Graded:
    frame: pl.DataFrame
    treatments: dict[str, str]                       # field -> keep | drop | hash | scrubbed | pseudonymized
    pii_findings: dict[str, dict[str, int]] = field(default_factory=dict)  # field -> kind -> count (kinds sorted)


@dataclass(frozen=True)
class GradeTables:
    """What grading needs the HMAC key for, made once for a whole table (where the key is: a Ray build's driver)
    from the distinct values its parts hold (:func:`grade_values`): the pseudonyms of hashed fields' values and the
    masks of code fields' codes (with their counts, of distinct codes)."""

    pseudonyms: dict[str, dict[str, str]]
    codes: dict[str, CodeMasks]


def _action(f, profile: str, dtype: pl.DataType | None) -> str:
    """What grading does to a field: replaced, drop, hash, text (scrubbed), code (masked) or keep."""
    if f.options.get("replaced_by"):
        return "replaced"
    action = treatment(f.grade, profile)
    if action in ("drop", "hash"):
        return action
    if f.parser == "text" and f.grade == "general":
        return "text"
    return "code" if f.parser == "code" and dtype == pl.String else "keep"


def grade_values(frame: pl.DataFrame, spec: TableSpec, profile: str, personal_names: list[str],
                 enterprise_ids: list[str] | tuple[str, ...] = ()) -> dict[str, list[str]]:
    """Per hashed field its distinct values, per code field its candidate codes (:func:`code_candidates`), sorted:
    what :func:`grade_tables` makes the key's work of. Computed where the rows are; a table's parts' lists join."""
    out = {}
    for f in spec.fields:
        action = _action(f, profile, frame.schema.get(f.name))
        if action == "hash":
            out[f.name] = frame[f.name].cast(pl.String).drop_nulls().unique().sort().to_list()
        elif action == "code":
            out[f.name] = code_candidates(frame[f.name], personal_names, enterprise_ids).to_list()
    return out


def grade_tables(values: dict[str, list[str]], spec: TableSpec, profile: str, key: bytes,
                 personal_names: list[str], enterprise_ids: list[str] | tuple[str, ...] = ()) -> GradeTables:
    """The pseudonyms and code masks of a table whose parts gave ``values`` (each field's lists joined)."""
    hashed = {f.name for f in spec.fields if f.name in values and treatment(f.grade, profile) == "hash"}
    return GradeTables(
        pseudonyms={n: pseudonym_table(v, key) for n, v in values.items() if n in hashed},
        codes={n: code_masks(pl.Series(n, v, dtype=pl.String), personal_names, key, enterprise_ids)
               for n, v in values.items() if n not in hashed})


def joined_findings(parts: list[dict[str, dict[str, int]]], tables: GradeTables) -> dict[str, dict[str, int]]:
    """The finding counts of a table from those of its parts (``apply_grades`` of each, with ``tables``): free-text
    counts are of rows (summed); a code field's are its distinct codes', counted for the whole table already."""
    fields = dict.fromkeys(name for part in parts for name in part)
    return {name: dict(sorted(tables.codes[name].counts.items())) if name in tables.codes
            else summed(part.get(name, {}) for part in parts) for name in fields}


def apply_grades(frame: pl.DataFrame, spec: TableSpec, profile: str, key: bytes | None,
                 personal_names: list[str], enterprise_ids: list[str] | tuple[str, ...] = (),
                 tables: GradeTables | None = None) -> Graded:
    """Drop, hash or scrub each field per its grade; returns the publishable frame. ``enterprise_ids``, the build's
    own enterprises' ids, are masked in text and codes in every form (:func:`indset.scrub.own_ids`). ``tables``:
    made for the whole table when ``frame`` is a part of it (then ``key`` is not needed here)."""
    if tables is None:
        assert key is not None
        tables = grade_tables(grade_values(frame, spec, profile, personal_names, enterprise_ids), spec, profile, key,
                              personal_names, enterprise_ids)
    cols: list[pl.Series] = [frame[RECORD_ID], frame[ENTERPRISE_KEY]]
    treatments: dict[str, str] = {ENTERPRISE_KEY: "pseudonymized (HMAC of enterprise_id)"}
    findings: dict[str, dict[str, int]] = {}
    # labels of fields no release holds (core), or not this one (important in public): their text is withheld too
    withheld = {g: withheld_pattern(spec, g) for g in ("core", "important")
                if g == "core" or treatment(g, profile) == "drop"}
    for f in spec.fields:
        action = _action(f, profile, frame.schema.get(f.name))
        if action == "replaced":
            treatments[f.name] = f"replaced by {f.options['replaced_by']}"
            continue
        if action == "drop":
            treatments[f.name] = "dropped"
            continue
        values = frame[f.name]
        if action == "hash":
            values = with_pseudonyms(values, tables.pseudonyms[f.name])
            treatments[f.name] = "pseudonymized (HMAC)"
        elif action == "text":
            labelled = {}
            for grade, pattern in withheld.items():  # a recipe or a price written into a description
                values, labelled[f"{grade}_labelled"] = scrub_labelled(values, pattern, f"[{grade.upper()}]")
            values, counts = scrub_text(values, personal_names, enterprise_ids)
            findings[f.name] = dict(sorted({**counts, **{k: n for k, n in labelled.items() if n}}.items()))
            treatments[f.name] = "kept, personal information masked"
        elif action == "code":
            values = with_code_masks(values, tables.codes[f.name])
            if tables.codes[f.name].counts:
                findings[f.name] = dict(sorted(tables.codes[f.name].counts.items()))
            treatments[f.name] = "kept, personal information masked"
        else:
            treatments[f.name] = "kept"
        cols.append(values.alias(f.name))
    return Graded(pl.DataFrame(cols), treatments, findings)


# text its writer marks as secret is core data whatever the table (`Formula (confidential): EG 60%, DEG 30%`,
# `工艺参数（保密）：...`, `技术保密：...`, `Process secret: ...`)
CONFIDENTIAL_WORDS = ("保密", "机密", "绝密", "confidential", "proprietary", "secret")
# a recipe is an enterprise's process secret in every industry, whether or not its standard has a formulation field
# (a dye house's `染色配方：活性艳红X-3B 2.5% owf，元明粉60g/L`, `染色处方`): text under these labels is core in every
# table. Not 配比 nor 成分: a textile's blend ratio and fibre composition are published (those are chemicals' aliases)
RECIPE_WORDS = ("配方", "处方", "recipe")
# a dyeing or finishing recipe's auxiliaries (red team round 13: `助剂：渗透剂JFC 0.5%，柔软剂15%`): a label only
# with its separator (a colon, a dash, 为): `印染助剂 有效含量30%` names a chemical product and its content
SEPARATED_RECIPE_WORDS = ("助剂",)
# process parameters are core like a recipe (red team B: `工艺参数：反应温度85℃，压力0.3MPa`,
# `工艺条件：酶洗pH5.5，50℃`, `染色工艺：分散/活性两浴法，130℃×45min`, `助剂用量：渗透剂JFC 0.5g/L`): in every
# table. `工艺` and a trade's `…工艺` with a separator only (`工艺精湛`, `水洗工艺，手感柔软`, `采用先进工艺` stay),
# and only when a process quantity follows before the next `label：` (review: `工艺：刺绣，面料：纯棉，颜色：白色`,
# `印花工艺：数码印花；适合季节：夏季` are a garment's attributes and stay); where a table publishes a field under
# `工艺` (a textile's weave: `工艺：平纹`) only the compounds are labels
PROCESS_WORDS = ("工艺参数", "工艺条件")
SEPARATED_PROCESS_WORDS = ("反应条件",)
QUANTIFIED_PROCESS_WORDS = ("工艺", "染色工艺", "印染工艺", "整理工艺", "后整理工艺", "水洗工艺", "洗水工艺",
                            "印花工艺")
# a mixture's contents (red team round 13: `Contains: 30% resin A, 15% hardener B`) are core in every table that
# publishes no composition: where one does (a textile's or a garment's fibre content, `Contains: 95% cotton 5%
# spandex`), `Contains` labels that published composition; with its separator only (`contains 5% water` stays)
MIXTURE_WORDS = ("contains",)
# a price under the names trade uses (合同价, 成交价, 年框协议价, 结算价), read as a price label only before a
# separator or an amount (not 热销售价优惠, 性价比, 价格实惠); never a chemical's acid or iodine value (酸价, 碘价,
# 皂化价, 胺价), a valence (化合价) or a review (评价): those are no prices
PRICE_WORDS = ("单价", "报价", "售价", "特价", "定价", "原价", "现价", "进价", "底价", "出厂价", "批发价", "零售价",
               "市场价", "合同价", "成交价", "协议价", "年框协议价", "框架价", "结算价", "采购价", "含税价", "不含税价",
               "未税价", "含税单价", "指导价", "参考价", "挂牌价", "吊牌价", "一口价", "到手价", "最低价", "优惠价",
               "促销价", "活动价", "团购价", "会员价", "供货价", "开票价", "离岸价", "到岸价", "价格",
               # what the enterprise pays or a trader's price to the trade (red team round 12): as secret as a price
               "成本价", "成本", "大货价", "拿货价", "进货价",
               # fees, margins and profits (red team B: `加工费：4.2元/件`, `毛利：600元/吨`, `利润率15%`, `本款执行价
               # 89元/件`): what an enterprise earns on a sale is as secret as its price
               "加工费", "工缴费", "代工费", "毛利", "毛利率", "利润", "利润率", "净利", "净利润", "执行价", "成交价格",
               # (red team round 14: `小样价 52元/kg`, `到厂价 4950元/吨`, `成本核算：原料4100元/吨`)
               "小样价", "样品价", "样价", "打样价", "到厂价", "到港价", "到货价", "送到价", "工厂价", "批量价",
               "经销价", "代理价", "分销价", "渠道价", "内部价", "净价", "收购价", "中标价", "投标价", "核算价",
               "成本核算", "单位成本",
               # (red team round 15: `工费：3.5元/米`, `人工费`)
               "工费", "人工费")
# `执行` (the price a month or an order runs at) only after a period or an order (`本月执行4800元/吨`; not `执行GB/T
# 18401`, `执行2024版标准`)
EXECUTED_PRICE = "(?:本月|当月|上月|下月|本周|本季度?|今年|本年|本单|本批|本款|订单|合同)执行"
PRICE_LABEL = ("(?:" + "|".join(spaced_label(w) for w in sorted(PRICE_WORDS, key=len, reverse=True)) + ")格?"
               f"|{EXECUTED_PRICE}")
# English cost labels (`Cost: USD 720/t`): withheld like a price, though a column of costs is no price field
COST_WORDS = ("cost", "unit cost", "cost price")


# an amount with a currency and a unit it is per (`4900元/吨`, `￥6,800/t`, `RMB 4900/MT`, `USD 720 per ton`), or
# with a trade term or a tax word (`USD 720 FOB`, `4900元(含税)`, `含税 4900 元`) is a price with or without a label
# (red team round 14); a bare amount (`5元`, a retail title's `¥29.9`) is not. A bare amount closing a later clause
# of a masked price's sentence after `的` is another price (`给巴斯夫的价格是4900元/吨，给万华的4700`)
_NUM = r"\d+(?:,\d{3})*(?:\.\d+)?"
_AMOUNT = rf"{_NUM}(?:\s*[-~～至到]\s*{_NUM})?"
CURRENCIES_BEFORE = ("¥", "￥", "$", "€", "£", "US$", "RMB", "rmb", "Rmb", "CNY", "cny", "USD", "usd", "EUR", "eur",
                     "HKD", "hkd", "人民币", "美元", "美金")
CURRENCIES_AFTER = ("元", "块钱", "块", "人民币", "美元", "美金", "欧元", "港币", "RMB", "CNY", "USD", "EUR")
PRICE_UNITS = ("吨", "噸", "公吨", "公斤", "千克", "克", "斤", "米", "码", "碼", "件", "条", "條", "套", "双", "雙",
               "个", "個", "只", "打", "箱", "桶", "包", "袋", "卷", "匹", "支", "根", "升", "平方米", "平米", "㎡",
               "方", "台", "kg", "KG", "Kg", "kgs", "KGS", "g", "G", "MT", "mt", "Mt", "ton", "tons", "tonne",
               "tonnes", "TON", "TONS", "t", "T", "m2", "M2", "sqm", "m", "M", "meter", "meters", "metre", "metres",
               "yd", "yds", "YD", "YDS", "yard", "yards", "L", "l", "lb", "lbs", "LB", "LBS", "pc", "pcs", "PC", "PCS",
               "Pcs", "piece", "pieces", "set", "sets", "SET", "SETS", "pair", "pairs", "dozen", "dz", "doz", "drum",
               "drums", "bag", "bags", "roll", "rolls")
TRADE_TERMS = ("FOB", "CIF", "CFR", "CNF", "EXW", "DDP", "DAP", "FCA", "含税", "不含税", "未税", "含运费", "含运",
               "含票", "不含票")
TAX_WORDS = ("含税", "不含税", "未税")


_CUR_BEFORE = f"(?:{alternation(CURRENCIES_BEFORE)})"
_CUR_AFTER = f"(?:{alternation(CURRENCIES_AFTER)})"
_PER_UNIT = rf"\s*(?:/|每|per\s*)\s*(?:{alternation(PRICE_UNITS)})"
_TERM = rf"\s*[(（]?\s*(?:{alternation(TRADE_TERMS)})[)）]?"
_WITH_CURRENCY = rf"(?:{_CUR_BEFORE}\s*{_AMOUNT}(?:\s*{_CUR_AFTER})?|{_AMOUNT}\s*{_CUR_AFTER})"
PRICE_AMOUNT = rf"{_WITH_CURRENCY}(?:{_PER_UNIT}|{_TERM})"
# an amount after a tax word, with or without a currency (`含税 4900 元`, `未税：4600`; not a tax rate `含税13%`);
# the word stays
TAXED_AMOUNT = (rf"((?:{alternation(TAX_WORDS)})\s*[:：]?\s*)(?:{_CUR_BEFORE}\s*)?{_AMOUNT}"
                rf"(?:\s*{_CUR_AFTER}(?:{_PER_UNIT})?|{_PER_UNIT}|($|[，,。；;\s)）]))")
# literals: every match holds a currency or a tax word (their cases listed): added to the price labels' literal scan
# (once each: the scan folds ASCII case, and listing `rmb` beside `RMB` made it 60% slower)
AMOUNT_WORDS = tuple(sorted({w.upper() for w in (*CURRENCIES_BEFORE, *CURRENCIES_AFTER, *TAX_WORDS)} - {"US$"},
                            key=len, reverse=True))
# an amount with a currency and a per-unit before it (red team round 15: `每米约 3.5 元的工费已含`: `每米` is the
# per-unit, `约` may stand between), or a price or fee word right after it (`3.5 元的工费`, `5元加工费`) is a price
# too; a bare amount still is not (`优惠券满 3.5 元`, `清仓 5元 一件`)
PER_UNIT_BEFORE = (rf"(每\s*(?:{alternation(PRICE_UNITS)})\s*(?:约|大约|大概|平均|仅|只要|才|为|是)?\s*[:：]?\s*)"
                   rf"{_WITH_CURRENCY}")
PRICE_NOUN_AFTER = rf"{_WITH_CURRENCY}(\s*的?\s*(?:{alternation(PRICE_WORDS)}))"
# another amount closing a later clause of the sentence of a masked price, after `的` (`，给万华的4700`)
_ANOTHER_PRICE = (r"[^。；;\n]*?[，,]\s*[\u4e00-\u9fffA-Za-z&\s]{0,10}?的\s*)"
                  rf"(?:{_CUR_BEFORE}\s*)?{_AMOUNT}(?:\s*{_CUR_AFTER})?(?:{_PER_UNIT})?($|[，,。；;\n])")


def mask_amounts(t: pl.Series, token: str) -> pl.Series:
    """Prices written without a label (:data:`PRICE_AMOUNT`, :data:`TAXED_AMOUNT`: `4900元/吨` -> ``token``), then
    an amount after `的` closing a later clause of the sentence of a masked price (`价格是[IMPORTANT]，给万华的4700`
    -> `给万华的[IMPORTANT]`). Runs after the price labels, on the texts their literal scan picked."""
    t = t.str.replace_all(PRICE_AMOUNT, token).str.replace_all(TAXED_AMOUNT, f"${{1}}{token}${{2}}")
    t = t.str.replace_all(PER_UNIT_BEFORE, f"${{1}}{token}").str.replace_all(PRICE_NOUN_AFTER, f"{token}${{1}}")
    after = rf"({re.escape(token)}{_ANOTHER_PRICE}"
    for _ in range(3):   # one more clause each time (`，给万华的4700，给陶氏的4600`)
        t = t.str.replace_all(after, f"${{1}}{token}${{2}}")
    return t


def withheld_pattern(spec: TableSpec, grade: str) -> tuple | None:
    """The labels of a grade's fields in free text (:func:`indset.scrub.labelled_pattern`): the names and aliases
    from the standard, and its ``text_labels`` (words that label the field in free text but name no column: a
    chemical's `原料：`, `Mix:`); for core also the words marking a text secret, a recipe's and a process's; for
    important, in every table, any `…价` label, the cost, fee and margin words."""
    fields = [f for f in spec.fields if f.grade == grade]
    labels = [key_form(a) for f in fields for a in (f.name, *f.aliases, *f.options.get("text_labels", ()))]
    if grade == "core":
        published = {key_form(a) for f in spec.fields if f.grade != "core" for a in (f.name, *f.aliases)}
        mixture = () if "composition" in published or "成分" in published else MIXTURE_WORDS
        process = tuple(w for w in SEPARATED_PROCESS_WORDS if w not in published)
        measured = tuple(w for w in QUANTIFIED_PROCESS_WORDS if w not in published)
        return labelled_pattern([*labels, *CONFIDENTIAL_WORDS, *RECIPE_WORDS, *PROCESS_WORDS],
                                separated=(*SEPARATED_RECIPE_WORDS, *process, *mixture),   # past commas
                                quantified=measured)
    # a price, a cost or a margin written in text is withheld like a price field in every table, also in one without
    # a price field (red team B: `订单单价USD 4.5/件` in an inspection's notes was published while the same text in a
    # product's description was masked)
    # and so is an amount with a currency and a per-unit or a trade term, without a label (:func:`mask_amounts`)
    labelled = labelled_pattern([*labels, *COST_WORDS], whole_sentence=False,  # stops at its comma
                                cjk_extra=PRICE_LABEL,
                                words_extra=("价", "执行", *(w for w in PRICE_WORDS if "价" not in w), *AMOUNT_WORDS))
    return labelled and (*labelled, mask_amounts)


# words a personal cell may hold besides a name (`质检部 张伟`): never masked as names in free text
NOT_PERSONAL_WORDS = frozenset({"工号", "姓名", "名字", "员工", "编号", "电话", "手机", "质检", "质检部", "检验",
                                "班组", "车间", "主管", "经理", "组长", "班长", "白班", "夜班", "早班", "中班",
                                # statuses and system users a column of people may hold
                                "系统", "自动", "自动审核", "管理员", "合格", "不合格", "待检", "通过", "待定", "暂无",
                                "驳回", "退回", "作废", "草稿", "完成", "审批中", "审核中", "同意", "不同意"})
# values of an audit column that are no person (review round 12: an `owner` column of departments, a `审批人` column
# of statuses, a `Creator` column of teams): a department, section, team or workshop (研发部, 技术科, 质检组, 化验室,
# 研发中心, 一车间, 设计团队, Product Team, QA Dept), a status (已审批, 未审批, 待审核, approved, pending)
NOT_PERSON_VALUE = (r"^(?:[\u4e00-\u9fff]{2,}[部科组室处]|[\u4e00-\u9fff]*(?:中心|车间|团队|小组|部门)"
                    r"|[已未待][\u4e00-\u9fff]{1,3}"
                    r"|.*\s(?i:team|dept\.?|department|group|office|division|unit)"
                    r"|(?i:approved|pending|rejected|passed|failed|done|draft|system|admin|administrator))$")
# a value that looks like a name: a Chinese one starting with a common surname, or a Latin first and last name
_SURNAMED = (rf"^(?:(?:{'|'.join(COMPOUND_SURNAMES)})[\u4e00-\u9fff]{{1,2}}|[{SURNAMES}][\u4e00-\u9fff]{{1,3}}"
             r"|[A-Z][a-z]+ [A-Z][a-z]+)$")


def personal_values(frame: pl.DataFrame, spec: TableSpec) -> list[str]:
    """Distinct values of personal fields, and the names in a cell listing several people (`张伟/李娜`,
    `张伟、周杰`, `王芳(QC)`): any of them found in free text is masked too. Also the names after a label in the
    free text the table publishes (:func:`indset.scrub.labelled_names`: `联系人：张伟` in a description makes 张伟 a
    known name, masked in the colour field too)."""
    out: set[str] = set()
    for f in spec.fields:
        if f.name not in frame.columns or frame[f.name].dtype != pl.String:
            continue
        if f.grade == "personal":
            out |= names_in(frame[f.name])
        elif f.parser == "text" and f.grade == "general":
            out |= labelled_names(frame[f.name]) - NOT_PERSONAL_WORDS
    return sorted(out)


_NAME_LIKE = r"^(?:[\u4e00-\u9fff]{2,4}|[A-Z][a-z]+ [A-Z][a-z]+)$"   # 张伟, Wang Fang (one Latin word is no name)


PERSON_COLUMN_MOST = 5000   # distinct values above which a column is no list of staff (phones, order numbers)


_PEOPLE = frozenset(key_form(h) for h in PERSON_HEADERS)
# a header naming people with more words (业务员姓名, 联系人/电话, 跟单员(姓名), Sales Rep Name, 员工姓名,
# 客户联系人): one of these in it is enough; split surname and given-name columns (姓 / 名) are joined row by row
_PEOPLE_WORDS = tuple(sorted(_PEOPLE | {"姓名", "员工", "人员", "person", "staff", "employee"}, key=len, reverse=True))
_SURNAME_HEADERS = ("姓", "姓氏", "surname", "last name", "family name")
_GIVEN_HEADERS = ("名", "名字", "given name", "first name")
# a phone, a staff number or punctuation beside the name in such a cell (王建军 13857412368, 张伟/A0123)
_BESIDE_NAME = r"(?:\+?86)?1[3-9]\d(?:[\s-]?\d){8}|[A-Za-z]{0,2}\d{2,}|[\s/、,，;；:：()（）-]+"


def _people_header(header: str) -> bool:
    key = key_form(header).strip(" *:：")
    return key in _PEOPLE or any(w in key for w in _PEOPLE_WORDS if len(w) >= 2)


def person_column_names(frame: pl.DataFrame, unmapped: list[str]) -> frozenset[str]:
    """Names in the unmapped columns whose header names people (:data:`indset.scrub_patterns.PERSON_HEADERS`, also
    within a longer header: `业务员姓名`, `联系人/电话`, `Sales Rep Name`, `姓名`): when most of a column's (few)
    distinct values are a Chinese name of two to four characters or a Latin first and last name (a phone or staff
    number beside it set aside: `王建军 13857412368`), those names (`张伟`, `Wang Fang`); a column of statuses,
    brands or numbers (`合格`, `Zara`, phones) adds none. Split surname and given-name columns (`姓` `欧阳`, `名`
    `娜娜`) give the whole name (`欧阳娜娜`)."""
    out: set[str] = set()
    present = [c for c in unmapped if c in frame.columns]
    for c in present:
        if not _people_header(c):
            continue
        values = frame[c].cast(pl.String).drop_nulls().unique()
        if not len(values) or len(values) > PERSON_COLUMN_MOST:
            continue
        bare = values.str.replace_all(_BESIDE_NAME, " ").str.strip_chars()
        # departments, teams and statuses are no names and do not count; of the rest, most must look like names
        # (a surname first, or a Latin first and last name), and then the name-shaped ones are names
        rest = bare.filter(~bare.str.contains(NOT_PERSON_VALUE).fill_null(False)
                           & ~bare.is_in(list(NOT_PERSONAL_WORDS)))
        names = [v for v in rest.to_list() if re.fullmatch(_NAME_LIKE, v)]
        if names and rest.str.contains(_SURNAMED).sum() * 2 >= len(rest):
            out.update(names)
    keys = {key_form(c).strip(" *:："): c for c in present}
    surname = next((keys[k] for k in _SURNAME_HEADERS if k in keys), None)
    given = next((keys[k] for k in _GIVEN_HEADERS if k in keys), None)
    if surname and given:
        whole = (frame.select(pl.concat_str([pl.col(surname).cast(pl.String).str.strip_chars(),
                                             pl.col(given).cast(pl.String).str.strip_chars()]).alias("n"))
                 .to_series().drop_nulls().unique())
        if len(whole) <= PERSON_COLUMN_MOST:
            names = [v for v in whole.to_list() if re.fullmatch(r"[\u4e00-\u9fff]{2,4}", v)]
            if len(names) * 2 >= len(whole):
                out.update(names)
    return frozenset(out)


def names_in(column: pl.Series) -> set[str]:
    """The values of a column of people, and the names inside them (see :func:`personal_values`)."""
    values = column.cast(pl.String).unique().drop_nulls()  # distinct first: no full-length copy
    out = {v for v in values.to_list() if v}
    names = (values.str.replace_all(r"[(（][^)）]*[)）]", " ")           # a role in brackets: 王芳(QC)
             .str.replace_all(r"[/、,，;；&|+]", "\n").str.split("\n").explode().str.strip_chars())
    out.update(n for n in names.to_list() if n and len(n) >= 2)
    # a name beside a staff number or phone (`A0123张伟`, `QC03-张伟`, `王芳 QC05`, `黄磊 139...`), or
    # the values of a JSON object (`{"工号": "A0456", "姓名": "刘洋"}`)
    words = (values.str.replace_all(r'"[^"]*"\s*:', " ")
             .str.extract_all(r"[\u4e00-\u9fff]{2,4}|[A-Z][a-z]+(?:\s[A-Z][a-z]+)?").explode())
    out.update(w for w in words.to_list() if w and w not in NOT_PERSONAL_WORDS)
    return out
