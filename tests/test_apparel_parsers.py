"""Apparel domain parsers and rules (STANDARD.md section 4, apparel): sizes, safety category, colour
fastness, AQL, infant wear, inspection result vs defects, unknown sku."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
from conftest import make_uscc, run_parser

from indset.normalize import parse_column
from indset.registry import CHECKS, CROSS_CHECKS, ParseContext
from indset.standard import load_standard


@pytest.fixture(scope="module")
def apparel():
    return load_standard("apparel")


def sizes(std, values: list):
    parsed = run_parser(std, "products", "sizes", values)
    return parsed.values.to_list(), parsed.notes["invalid_size_dropped"].to_list(), parsed


# --- sizes (GB/T 1335) ---------------------------------------------------------------------------

@pytest.mark.parametrize(("raw", "expected"), [
    ("170/92A", ["170/92A"]),
    ("170/92 A", ["170/92A"]),
    ("170-92A", ["170/92A"]),
    ("M(170/92A)", ["170/92A"]),
    ("M（170/92A）", ["170/92A"]),
    ("１７０／９２Ａ", ["170/92A"]),                       # full width
    ("170/92a", ["170/92A"]),
    ("165/88Y,170/92B，175/96C", ["165/88Y", "170/92B", "175/96C"]),
    ("165/88A/170/92A/175/96A", ["165/88A", "170/92A", "175/96A"]),   # `/` as list separator
    ("165/88A、170/92A;175/96A 180/100A", ["165/88A", "170/92A", "175/96A", "180/100A"]),
    ("S(155/80A)/M(160/84A)/L(165/88A)", ["155/80A", "160/84A", "165/88A"]),
    ("165-70A;170-74A", ["165/70A", "170/74A"]),             # waist, 5.2 series
    ("160/66A,160/68A", ["160/66A", "160/68A"]),             # waist step 2
    ("175/96A,170/92A,175/96A", ["175/96A", "170/92A"]),     # order of first appearance, deduplicated
])
def test_sizes_normalize_adult_designations(apparel, raw, expected):
    values, dropped, parsed = sizes(apparel, [raw])
    assert values == [expected]
    assert dropped == [0]
    assert not parsed.invalid[0]


@pytest.mark.parametrize(("raw", "expected"), [
    ("130/64", ["130/64"]),
    ("52/40 59/44 66/48 73/48 80/48", ["52/40", "59/44", "66/48", "73/48", "80/48"]),  # infants
    ("90/52、100/52、110/56、120/60", ["90/52", "100/52", "110/56", "120/60"]),
    ("130/64/140/68/150/72", ["130/64", "140/68", "150/72"]),
    ("135/68,145/72,155/76,160/80", ["135/68", "145/72", "155/76", "160/80"]),  # every 5 from 130 to 160
    ("100/47", ["100/47"]),                                  # children's waist (steps of 3)
])
def test_sizes_children_without_body_type(apparel, raw, expected):
    values, dropped, _ = sizes(apparel, [raw])
    assert values == [expected]
    assert dropped == [0]


@pytest.mark.parametrize(("raw", "expected", "n_dropped"), [
    ("170/93A", None, 1),             # odd girth: neither chest (4) nor waist (2) series
    ("172/92A", None, 1),             # height off the 5 cm steps
    ("170/92D", None, 1),             # no body type D
    ("170/92", None, 1),              # adult height without body type
    ("125/60", None, 1),              # not a children's height (every 10 up to 130)
    ("60/40", None, 1),               # not an infant height (52, 59, 66, 73, 80)
    ("165/160A", None, 1),            # girth out of range
    ("170/92.5A", None, 1),
    ("均码", None, 1),
    ("S,M,L,XL", None, 4),
    ("165/84A,170/89A,175/92A", ["165/84A", "175/92A"], 1),
    ("M(170/88A),L(175/92A),XL", ["170/88A", "175/92A"], 1),
    ("110/56、125/60、130/64", ["110/56", "130/64"], 1),
    ("66-73", None, 1),               # a range of infant heights, not height/girth
    ("80-90", None, 1),
])
def test_invalid_designations_are_dropped_and_counted_row_kept(apparel, raw, expected, n_dropped):
    values, dropped, parsed = sizes(apparel, [raw])
    assert values == [expected]
    assert dropped == [n_dropped]
    assert not parsed.invalid[0]          # the row is kept (sizes is the standard's exception)
    assert parsed.converted[0]


def test_adult_sizes_without_a_body_type_are_not_read_as_childrens(apparel):
    """`S(155/80) ... XL(170/92)` lacks the body type GB/T 1335 requires of adults: all four are dropped (155/80
    and 160/84 were kept as children's sizes, a wrong partial list)."""
    parsed = run_parser(apparel, "products", "sizes", ["S(155/80) M(160/84) L(165/88) XL(170/92)",
                                                       "155/80A,160/84", "130/64,140/68", "160/84", "150/76"])
    assert parsed.values.to_list() == [None, ["155/80A"], ["130/64", "140/68"], None, ["150/76"]]
    assert parsed.notes["invalid_size_dropped"].to_list() == [4, 1, 0, 1, 0]  # 160/84 alone: no child is that wide


def test_sizes_nulls_and_conformity(apparel):
    values, dropped, parsed = sizes(apparel, [None, "165/88A,170/92A", "165/88 A"])
    assert values == [None, ["165/88A", "170/92A"], ["165/88A"]]
    assert dropped == [0, 0, 0]
    assert parsed.converted.to_list() == [False, False, True]


def test_sizes_notes_survive_the_distinct_value_fast_path(apparel):
    spec = apparel.tables["products"].field("sizes")
    raw = pl.Series("sizes", ["170/93A,175/96A", "165/88A"] * 15_000)
    parsed = parse_column(raw, spec, ParseContext(standard=apparel))
    assert parsed.notes["invalid_size_dropped"].sum() == 15_000
    assert parsed.values[0].to_list() == ["175/96A"]


# --- safety category, colour fastness, AQL, result -------------------------------------------------

@pytest.mark.parametrize(("raw", "expected"), [
    ("A类", "A"), ("Class A", "A"), ("A", "A"), ("b", "B"), ("GB18401 B类", "B"), ("GB 18401-2010 C类", "C"),
    ("A类(婴幼儿用品)", "A"), ("Ｂ类", "B"), ("class c", "C"),
    ("GB 31701-2015 A类", "A"), ("B类 直接接触皮肤", "B"), ("A类婴幼儿用品", "A"), ("GB18401-2010(B类)", "B"),
    ("GB18401—2010 B类", "B"), ("安全类别：B类", "B"),
])
def test_safety_category_forms(apparel, raw, expected):
    parsed = run_parser(apparel, "products", "safety_category", [raw])
    assert parsed.values.to_list() == [expected]
    assert not parsed.invalid[0]


@pytest.mark.parametrize("raw", ["D类", "婴幼儿", "AB", "1类", "B类/C类", "B类或C类", "A/B"])  # two name none
def test_safety_category_rejects_other_values(apparel, raw):
    parsed = run_parser(apparel, "products", "safety_category", [raw])
    assert parsed.values.to_list() == [None]
    assert parsed.invalid[0]


@pytest.mark.parametrize(("raw", "expected"), [
    ("3-4", 3.5), ("4级", 4.0), ("3.5", 3.5), ("4-5级", 4.5), ("5", 5.0), ("1", 1.0), ("4 级", 4.0), ("3~4", 3.5),
    ("3/4", 3.5), ("≥4级", 4.0), ("4级以上", 4.0), ("不低于4级", 4.0),
    ("4级(耐洗)", 4.0), ("4 (wash)", 4.0), ("3-4级（耐摩擦）", 3.5),   # the test named beside the grade
])
def test_colorfastness_half_grades(apparel, raw, expected):
    parsed = run_parser(apparel, "products", "colorfastness_grade", [raw])
    assert parsed.values.to_list() == [expected]
    assert not parsed.invalid[0]


@pytest.mark.parametrize("raw", ["4.3", "3-5", "良好", "4-3", "A"])
def test_colorfastness_other_values_invalid(apparel, raw):
    parsed = run_parser(apparel, "products", "colorfastness_grade", [raw])
    assert parsed.invalid[0]


def test_colorfastness_beyond_five_is_out_of_range(apparel):
    from indset.normalize import out_of_range

    spec = apparel.tables["products"].field("colorfastness_grade")
    parsed = run_parser(apparel, "products", "colorfastness_grade", ["6", "0", "5"])
    assert not parsed.invalid.any()
    assert out_of_range(parsed.values, spec).to_list() == [True, True, False]


@pytest.mark.parametrize(("raw", "expected"), [
    ("2.5", 2.5), ("AQL 2.5", 2.5), ("AQL2.5", 2.5), ("4.0", 4.0), ("4", 4.0), ("0.65", 0.65), ("6.5%", 6.5),
    ("2.5/4.0", 2.5), ("AQL 1.5/4.0", 1.5), ("0/2.5/4.0", 2.5), ("0.65/2.5/4.0", 2.5),  # one level per class: major
    ("AQL 2.5 Level II", 2.5), ("一般检验水平II AQL2.5", 2.5),  # the inspection level is apart
    ("AQL: II-2.5", 2.5), ("AQL2.5(一般检验水平II)", 2.5), ("一般II级 2.5", 2.5), ("2.5 (II)", 2.5),
    ("2,5", 2.5), ("0,65", 0.65), ("2,5/4,0", 2.5),  # a decimal comma
    ("Critical 0, Major 2.5, Minor 4.0", 2.5), ("主要2.5 次要4.0", 2.5), ("Major: 1.5 / Minor: 4.0", 1.5),
    ('{"major": 2.5, "minor": 4.0}', 2.5),  # a QC system's JSON object
    ("致命0 严重2.5 轻微4.0", 2.5), ("严重2.5 轻微4.0", 2.5), ("严重0 主要2.5 次要4.0", 2.5),  # 严重 as sheets mean
    ("Maj 2.5 Min 4.0", 2.5), ("Maj. 2.5 / Min. 4.0", 2.5), ("AQL 2.5 (Major)", 2.5),
])
def test_aql_levels(apparel, raw, expected):
    parsed = run_parser(apparel, "inspections", "aql", [raw])
    assert parsed.values.to_list() == [expected]


@pytest.mark.parametrize("raw", ["3.0", "10", "AQL", "II", "4.0/2.5", "2.5/3.0", "2.5/4.0/1.0", "Minor 4.0", "1,000",
                                 "Major 3.0 Minor 4.0"])
def test_aql_not_a_level(apparel, raw):
    assert run_parser(apparel, "inspections", "aql", [raw]).invalid[0]


def test_result_words(apparel):
    parsed = run_parser(apparel, "inspections", "result", ["合格", "通过", "PASS", "不合格", "FAIL", "fail", "待定",
                                                           "合格/PASS", "合格 Pass", "√", "Ac", "Re", "合格/不合格"])
    assert parsed.values.to_list() == ["pass", "pass", "pass", "fail", "fail", "fail", None,
                                       "pass", "pass", "pass", "pass", "fail", None]
    assert parsed.invalid.to_list() == [False] * 6 + [True] + [False] * 5 + [True]


def test_a_remark_qualifying_a_verdict_decides_it(apparel):
    """A lot accepted on concession, on condition or pending rework did not pass; pending is no verdict."""
    raw = ["Accepted (on concession)", "合格（让步）", "合格（客户特批）", "通过(需返工)", "PASS (Conditional)",
           "Pass (concession)", "不合格（返工）", "让步接收(合格)", "特采(合格)", "不合格(复检合格)",
           "合格(见附件)", "合格(待定)", "Pending"]
    parsed = run_parser(apparel, "inspections", "result", raw)
    assert parsed.values.to_list() == ["fail"] * 10 + ["pass", None, None]
    assert parsed.invalid.to_list() == [False] * 11 + [True, True]


def test_defect_counts_with_their_counting_word(apparel):
    assert run_parser(apparel, "inspections", "defects_minor", ["2处", "3 处", "5件"]).values.to_list() == [2, 3, 5]


def test_qc_sheet_headers(apparel):
    """致命/严重/轻微 are critical/major/minor; 严重/轻微 alone major/minor; a workflow Status column is no result
    beside a Result column; abbreviations with a dot name their field."""
    from indset.headers import map_headers

    three = map_headers(["致命缺陷", "严重缺陷", "轻微缺陷"], apparel, "inspections").renames
    assert three == {"致命缺陷": "defects_critical", "严重缺陷": "defects_major", "轻微缺陷": "defects_minor"}
    two = map_headers(["严重缺陷", "轻微缺陷"], apparel, "inspections").renames
    assert two == {"严重缺陷": "defects_major", "轻微缺陷": "defects_minor"}
    named = map_headers(["严重缺陷", "主要缺陷", "次要缺陷"], apparel, "inspections")
    assert named.renames == {"主要缺陷": "defects_major", "次要缺陷": "defects_minor"}
    assert named.unmapped == ["严重缺陷"]  # never read as major beside 主要 (reported)
    status = map_headers(["Status", "Result"], apparel, "inspections")
    assert status.renames == {"Result": "result"} and status.unmapped == ["Status"]
    assert map_headers(["Status"], apparel, "inspections").renames == {"Status": "result"}
    dots = map_headers(["Crit.", "Maj.", "Min."], apparel, "inspections").renames
    assert dots == {"Crit.": "defects_critical", "Maj.": "defects_major", "Min.": "defects_minor"}


def test_shop_category_paths_and_more_fibres(apparel):
    assert run_parser(apparel, "products", "category", ["女装/女士精品>>连衣裙", "男装>羽绒服"]).values.to_list() == [
        "dress", "coat"]
    parsed = run_parser(apparel, "products", "fiber_composition",
                        ["100% Organic Cotton", "95% Pima Cotton 5% Spandex", "70%羊驼毛 30%马海毛"])
    assert [[(d["fiber"], d["pct"]) for d in v] for v in parsed.values.to_list()] == [
        [("棉", 100.0)], [("棉", 95.0), ("氨纶", 5.0)], [("羊驼毛", 70.0), ("马海毛", 30.0)]]


def test_a_lot_taken_by_concession_failed_its_inspection(apparel):
    parsed = run_parser(apparel, "inspections", "result", ["让步接收", "特采", "Accepted on concession"])
    assert parsed.values.to_list() == ["fail", "fail", "fail"]


def test_counts_with_their_counting_word(apparel):
    parsed = run_parser(apparel, "inspections", "sample_size", ["125件", "125 pcs", "80个", "12.5件"])
    assert parsed.values.to_list() == [125, 125, 80, None]


def test_category_words(apparel):
    words = ["T恤", "衬衫", "休闲裤", "牛仔裤", "连衣裙", "半身裙", "夹克", "大衣", "针织衫", "内衣", "婴儿服",
             "运动服", "Jeans"]
    parsed = run_parser(apparel, "products", "category", words)
    assert parsed.values.to_list() == ["tshirt", "shirt", "trousers", "jeans", "dress", "skirt", "jacket", "coat",
                                       "sweater", "underwear", "infant_wear", "sportswear", "jeans"]


def test_category_words_after_qualifiers(apparel):
    """The category field's qualifiers (gender, age, knit, sleeve) may stand before the word; an infant word makes
    any garment infant wear (婴儿T恤 is never a plain T-shirt: infant wear must meet category A)."""
    words = ["男式T恤", "女式衬衫", "女士连衣裙", "儿童T恤", "针织T恤", "短袖衬衫", "牛仔夹克", "Men's T-shirt",
             "婴儿T恤", "男", "婴幼儿T恤", "宝宝爬服", "婴儿裤", "婴儿包屁衣", "新生儿和尚服", "婴儿背心", "baby tee",
             "男装/T恤", "Men’s Shirt", "婴儿abc"]
    parsed = run_parser(apparel, "products", "category", words)
    assert parsed.values.to_list() == ["tshirt", "shirt", "dress", "tshirt", "tshirt", "shirt", "jacket", "tshirt",
                                       "infant_wear", None, "infant_wear", "infant_wear", "infant_wear", "infant_wear",
                                       "infant_wear", "infant_wear", None, "tshirt", "shirt", None]


@pytest.mark.parametrize(("raw", "expected"), [
    ("Pajama Pants", "underwear"), ("Swim Shorts", "sportswear"), ("睡裤", "underwear"), ("泳裤", "sportswear"),
    ("男士睡裤", "underwear"), ("Men's Swim Shorts", "sportswear"), ("游泳短裤", "sportswear"),
    ("Sleep Shorts", "underwear"), ("Swim Trunks", "sportswear"), ("泳衣", "sportswear"), ("Pyjama Pants", "underwear"),
    # unchanged: trousers stay trousers, a sport word still makes sportswear, underwear keeps its head
    ("Cargo Pants", "trousers"), ("短裤", "trousers"), ("休闲裤", "trousers"), ("Shorts", "trousers"),
    ("Yoga Pants", "sportswear"), ("运动短裤", "sportswear"), ("运动内衣", "underwear"), ("睡衣", "underwear"),
])
def test_sleepwear_and_swimwear_are_no_trousers(apparel, raw, expected):
    """Red team (parsing), item 7: `Pajama Pants`, `睡裤` (sleepwear) and `Swim Shorts`, `泳裤` (swimwear) were
    trousers. The standard's categories have neither sleepwear nor swimwear: sleepwear is underwear, as 睡衣 and
    pajamas are; swimwear is sportswear (HS 6112 and 6211.1 class it with track suits; shops list it under sports)."""
    assert run_parser(apparel, "products", "category", [raw]).values.to_list() == [expected]


def test_hs_code_chapters_61_62(apparel):
    parsed = run_parser(apparel, "products", "hs_code", ["6109.10", "620462", "6111200000", "520812", "6109.99"])
    assert parsed.values.to_list() == ["610910", "620462", "611120", None, None]


def test_composition_is_the_textiles_parser(apparel):
    from builders.textiles.composition import parse_fiber_composition

    assert apparel.tables["products"].field("fiber_composition").parser == "fiber_composition"
    from indset.registry import PARSERS

    assert PARSERS["fiber_composition"] is parse_fiber_composition
    parsed = run_parser(apparel, "products", "fiber_composition", ["98% Cotton 2% Spandex"])
    assert parsed.values.to_list() == [[{"fiber": "棉", "pct": 98.0}, {"fiber": "氨纶", "pct": 2.0}]]


# --- rules -------------------------------------------------------------------------------------------

def test_infant_wear_must_be_class_a(apparel):
    frame = pl.DataFrame({"category": ["infant_wear", "infant_wear", "infant_wear", "tshirt", None],
                          "safety_category": ["A", "B", "C", "B", "B"]})
    fails = CHECKS["infant_wear_not_class_a"](frame, apparel.tables["products"])
    assert fails.to_list() == [False, True, True, False, False]


def test_a_product_in_infant_sizes_only_must_be_class_a(apparel):
    """GB 18401-2010: products for children of 100 cm and under are infant textiles, whatever the category."""
    frame = pl.DataFrame({"sizes": [["66/44", "73/48", "80/48"], ["66/44", "73/48"], ["90/52", "100/56"],
                                    ["90/52", "110/56"], ["170/92A"], None],
                          "safety_category": ["B", "A", "C", "B", "B", "B"]})
    fails = CHECKS["infant_sizes_not_class_a"](frame, apparel.tables["products"])
    assert fails.to_list() == [True, False, True, False, False, False]


def test_result_contradicts_critical_defects(apparel):
    frame = pl.DataFrame({"defects_critical": [1, 1, 0, None, 0], "result": ["pass", "fail", "pass", "pass", "fail"]},
                         schema={"defects_critical": pl.Int64, "result": pl.String})
    fails = CHECKS["result_contradicts_defects"](frame, apparel.tables["inspections"])
    assert fails.to_list() == [True, False, False, False, False]


def test_defects_cannot_exceed_sample_size(apparel):
    frame = pl.DataFrame({"sample_size": [50, 50, 50, None, 80],
                          "defects_critical": [0, 1, None, 3, 0],
                          "defects_major": [10, 20, 51, 3, None],
                          "defects_minor": [40, 30, None, 3, None]}, schema={c: pl.Int64 for c in (
                              "sample_size", "defects_critical", "defects_major", "defects_minor")})
    fails = CHECKS["defects_exceed_sample_size"](frame, apparel.tables["inspections"])
    assert fails.to_list() == [False, True, True, False, False]


def test_unknown_sku_compares_enterprise_and_normalized_sku(apparel):
    a, b = make_uscc("91330212MA2J6R8K3"), make_uscc("91330113MA2KC4W75")
    products = pl.DataFrame({"enterprise_id": [a, a, b], "sku": ["NBM-2601", "NBM-2602", "HZW-5101"]})
    inspections = pl.DataFrame({"enterprise_id": [a, a, a, b, b],
                                "sku": ["NBM-2601", "NBM2602", "HZW-5101", "HZW-5101", "HZW-9999"]})
    fails = CROSS_CHECKS["unknown_sku"](inspections, apparel.tables["inspections"], {"products": products})
    assert fails.to_list() == [False, False, True, False, True]
    none = CROSS_CHECKS["unknown_sku"](inspections, apparel.tables["inspections"], {})
    assert none.all()


def test_sizes_from_a_typed_list_count_no_dropped_tokens(apparel):
    """A Parquet list<str> or JSON array of sizes reads like the delimited cell (indset.raw_forms)."""
    spec = apparel.tables["products"].field("sizes")
    raw = pl.Series(['["170/92A", "175/96A"]', "170/92A,175/96A"])
    parsed = parse_column(raw, spec, ParseContext(standard=apparel))
    assert parsed.values.to_list() == [["170/92A", "175/96A"]] * 2
    assert parsed.notes["invalid_size_dropped"].to_list() == [0, 0]


def test_a_range_of_sizes_is_its_series(apparel):
    """`170/92A-185/104A` offers the sizes between its ends (5.4 series; 5.2 for waists), not only its ends."""
    raw = ["170/92A-185/104A", "160/84A～175/96A", "160/66A~170/70A", "175/96B 至 185/104B", "170/92A-185/103A"]
    p = run_parser(apparel, "products", "sizes", raw)
    assert p.values.to_list() == [["170/92A", "175/96A", "180/100A", "185/104A"],
                                  ["160/84A", "165/88A", "170/92A", "175/96A"], ["160/66A", "165/68A", "170/70A"],
                                  ["175/96B", "180/100B", "185/104B"], ["170/92A"]]   # 185/103A: no chest or waist


def test_infant_wear_in_the_words_shops_use(apparel):
    """婴儿服装 (the most common spelling), 宝宝连体衣, Baby Romper were invalid_category: infant wear must be
    recognised, or a class B romper is never checked against GB 31701's class A."""
    raw = ["婴儿服装", "婴儿", "baby", "婴儿哈衣", "宝宝连体衣", "婴童装", "Baby Romper", "新生儿服装"]
    p = run_parser(apparel, "products", "category", raw)
    assert p.values.to_list() == ["infant_wear"] * len(raw)


def test_inspection_results_in_short_codes_and_re_inspections(apparel):
    p = run_parser(apparel, "inspections", "result", ["ACC", "REJ", "复检合格", "复检不合格"])
    assert p.values.to_list() == ["pass", "fail", "pass", "fail"]


# --- red team round 42 ---------------------------------------------------------------------------------

def _composition(std, values: list):
    parsed = run_parser(std, "products", "fiber_composition", values)
    return [None if v is None else [(d["fiber"], d["pct"]) for d in v] for v in parsed.values.to_list()], parsed


def test_the_main_fabric_label_is_matched_whole(apparel):
    """`面料：` inside `拼接面料：`, `罗纹面料：`, `里面料：` was read as the main fabric: a contrast part's
    polyester was published as the garment's composition. 外面料 is the shell."""
    values, parsed = _composition(apparel, ["拼接面料：聚酯纤维100% 主面料：棉100%",
                                            "罗纹面料：棉95% 氨纶5% 主面料：棉100%",
                                            "里面料：涤纶100% 外面料：棉100%", "装饰面料：涤纶100% 面料：棉100%",
                                            "70%羊毛 30%涤纶里料：100%涤纶", "100% Cotton Lining: 100% Polyester"])
    assert values == [[("棉", 100.0)]] * 4 + [[("羊毛", 70.0), ("涤纶", 30.0)], [("棉", 100.0)]]
    assert not parsed.invalid.any()


@pytest.mark.parametrize(("raw", "expected"), [
    ("主面料 65%聚酯纤维 35%粘纤", [("涤纶", 65.0), ("粘胶纤维", 35.0)]),      # a label without its colon
    ("Fabric: 100% cotton", [("棉", 100.0)]),
    ("面料一：棉100%", [("棉", 100.0)]),                                     # a numbered main fabric
    ("Shell Fabric: 100% Cotton; Lining: 100% Polyester", [("棉", 100.0)]),
    ("Self: 100% Cotton", [("棉", 100.0)]),
    ("面布：棉100% 里布：涤纶100%", [("棉", 100.0)]), ("表布：棉100%", [("棉", 100.0)]),
    ("主体：棉100%", [("棉", 100.0)]),
    ("面料A：棉100% 面料B：棉100%", [("棉", 100.0)]),                         # two main fabrics that agree
])
def test_garment_label_forms(apparel, raw, expected):
    values, parsed = _composition(apparel, [raw])
    assert values == [expected]
    assert not parsed.invalid[0]


def test_two_main_fabrics_of_different_compositions_are_no_one_composition(apparel):
    """`面料A：棉100% 面料B：涤纶100%`: neither is the garment's; the first was never more right than the second."""
    values, parsed = _composition(apparel, ["面料A：棉100% 面料B：涤纶100%"])
    assert values == [None] and parsed.invalid[0]


def test_adult_sizes_on_infant_wear_are_quarantined(apparel):
    """Red team (parsing), item 6: infant wear (婴幼儿服装, infant) offered in adult sizes (`170/92A`, `L`, `XL`) was
    kept; infant wear is for children of 100 cm and 36 months and under (GB 18401-2010 3.2), so an adult's size
    contradicts the category: adult_size_for_infant_wear. Infant sizes (`0-3M`, `73/48`, `59cm`), a 婴童 line running
    into children's sizes (`73/48,90/52,110/56`), `均码` and no sizes pass; adult sizes on other categories too."""
    from builders.apparel.sizes import ADULT_SIZES

    raw = ["170/92A", "L", "XL", "M(165/88A)", "S,M,L", "160/84", "0-3M", "73/48", "66/44,73/48", "59cm,66cm",
           "73/48,90/52,110/56", "均码", "0-3M,3-6M,6-12M", None, "170/92A"]
    parsed = run_parser(apparel, "products", "sizes", raw)
    helper = parsed.columns[ADULT_SIZES]
    assert helper.to_list() == [True] * 6 + [False] * 7 + [None, True]
    frame = pl.DataFrame({"category": ["infant_wear"] * 14 + ["tshirt"], "sizes": parsed.values, ADULT_SIZES: helper})
    fails = CHECKS["adult_size_for_infant_wear"](frame, apparel.tables["products"])
    assert fails.to_list() == [True] * 6 + [False] * 9
    # a typed frame without the helper: a designation with a body type says so
    typed = CHECKS["adult_size_for_infant_wear"](frame.drop(ADULT_SIZES), apparel.tables["products"])
    assert typed.to_list() == [True, False, False, True] + [False] * 11
    assert "adult_size_for_infant_wear" in apparel.tables["products"].checks


def test_infant_sizes_in_months_or_centimetres_must_be_class_a(apparel):
    """`3-6个月`, `59cm` are no GB/T 1335 designations (dropped from the list), but they say the product is for
    infants (GB 18401: 36 months / 100 cm and under): such a product must be category A."""
    from builders.apparel.sizes import INFANT_SIZES

    raw = ["3-6个月,6-12个月,12-18个月", "59cm,66cm,73cm", "0-3个月,3-6个月", "110cm", "24-48个月", "S,M,L", "66/44",
           "90/52,110/56", "59cm,66cm,73cm", "3-6个月,6-12个月,12-18个月", "2-3岁", "3-4岁"]
    parsed = run_parser(apparel, "products", "sizes", raw)
    helper = parsed.columns[INFANT_SIZES]
    assert helper.to_list() == [True, True, True, False, False, None, True, False, True, True, True, False]
    assert parsed.values.to_list()[:2] == [None, None]   # no GB/T 1335 designations: not in the list
    frame = pl.DataFrame({"sizes": parsed.values, INFANT_SIZES: helper,
                          "safety_category": ["B"] * 8 + ["A", "A", "B", "B"]})
    fails = CHECKS["infant_sizes_not_class_a"](frame, apparel.tables["products"])
    assert fails.to_list() == [True, True, True, False, False, False, True, False, False, False, True, False]


def test_an_infant_step_of_a_category_path_makes_it_infant_wear(apparel):
    raw = ["童装/婴儿装>>连衣裙", "婴童>>T恤", "童装>>T恤", "女装>>婴儿T恤"]
    parsed = run_parser(apparel, "products", "category", raw)
    assert parsed.values.to_list() == ["infant_wear", "infant_wear", "tshirt", "infant_wear"]


def test_a_descending_price_range_is_its_lowest_price(apparel):
    parsed = run_parser(apparel, "products", "unit_price_cny", ["¥129.00 ~ ¥89.00", "¥89 - ¥129", "¥199-299"])
    assert parsed.values.to_list() == [89.0, 89.0, 199.0]


def test_taobao_leaf_categories_with_slashes_and_long_paths(apparel):
    """Synonyms of one class joined by `/` are that class when every part but the qualifiers names the same one;
    a path is its last step; a platform's JSON object of category levels is the path of its values."""
    raw = ["卫衣/绒衫", "睡衣/家居服套装", "蕾丝衫/雪纺衫", "棉衣/棉服", "连身衣/爬服/哈衣", "毛呢外套", "背心吊带",
           "服饰内衣/女装/连衣裙", "女装>>毛呢外套", '{"first":"女装","leaf":"T恤"}', "T恤/衬衫", "男装/T恤"]
    parsed = run_parser(apparel, "products", "category", raw)
    assert parsed.values.to_list() == ["sweater", "underwear", "shirt", "coat", "infant_wear", "coat", "underwear",
                                       "dress", "coat", "tshirt", None, "tshirt"]
    assert parsed.invalid.to_list() == [False] * 10 + [True, False]


@pytest.mark.parametrize(("raw", "expected"), [
    ("婴幼儿用品A类", "A"), ("婴幼儿A类", "A"), ("执行标准：FZ/T 73020-2019 安全类别：B类", "B"),
    ("符合GB18401-2010 B类", "B"), ("FZ/T 73020-2019 B类", "B"),
])
def test_safety_category_wordings_naming_one_letter(apparel, raw, expected):
    parsed = run_parser(apparel, "products", "safety_category", [raw])
    assert parsed.values.to_list() == [expected]
    assert not parsed.invalid[0]


@pytest.mark.parametrize("raw", ["FZ/T 73020-2019", "执行标准：FZ/T 73020", "婴幼儿用品", "FZ/T 73020-2019 B类或C类"])
def test_a_product_standards_number_is_no_safety_category(apparel, raw):
    parsed = run_parser(apparel, "products", "safety_category", [raw])
    assert parsed.values.to_list() == [None] and parsed.invalid[0]


def test_verdicts_in_more_words(apparel):
    raw = ["未通过", "Not Accepted", "判定合格", "不允收", "不接收", "Not OK", "Not Pass", "不合格品",
           "Rejected - rework", "√合格"]
    parsed = run_parser(apparel, "inspections", "result", raw)
    assert parsed.values.to_list() == ["fail", "fail", "pass", "fail", "fail", "fail", "fail", "fail", "fail", "pass"]
    assert not parsed.invalid.any()


def test_result_price_and_name_headers(apparel):
    """A shop's 市场价 is a crossed-out reference price: the unit price only when no other price column is there."""
    from indset.headers import map_headers

    for header in ["Overall Result", "Final Result", "最终结论", "综合判定"]:
        assert map_headers([header], apparel, "inspections").renames == {header: "result"}
    for header in ["一口价", "售价", "零售价", "市场价"]:
        assert map_headers([header], apparel, "products").renames == {header: "unit_price_cny"}
    both = map_headers(["市场价", "一口价"], apparel, "products")
    assert both.renames == {"一口价": "unit_price_cny"} and both.unmapped == ["市场价"]
    assert map_headers(["title"], apparel, "products").renames == {"title": "name"}


def test_aql_with_its_sampling_standard_or_a_bare_level_and_a_sample_size_with_its_code_letter(apparel):
    assert run_parser(apparel, "inspections", "aql", ["GB/T 2828.1 AQL2.5", "2.5 II"]).values.to_list() == [2.5, 2.5]
    parsed = run_parser(apparel, "inspections", "sample_size", ["32(G)", "32(2)"])
    assert parsed.values.to_list() == [32, None]


def test_price_ranges_in_words_and_trade_terms(apparel):
    """`FOB $3.20` is a price in dollars (no CNY value, noted, row kept), as `USD 12.5` is; it was invalid."""
    parsed = run_parser(apparel, "products", "unit_price_cny", ["89元-129元", "¥199起", "FOB $3.20", "USD 12.5"])
    assert parsed.values.to_list() == [89.0, 199.0, None, None]
    assert parsed.invalid.to_list() == [False] * 4
    assert parsed.notes["foreign_currency"].to_list() == [0, 0, 1, 1]


def test_colorfastness_with_its_test_named_before(apparel):
    parsed = run_parser(apparel, "products", "colorfastness_grade", ["耐洗4级", "耐摩擦：3-4级", "耐洗4级 耐摩3级"])
    assert parsed.values.to_list() == [4.0, 3.5, None]


def test_a_slash_joins_synonyms_only_when_every_part_names_the_value(apparel, textiles):
    """Review: `待定/无纺` (pending / nonwoven) and `A/passed` named a value through one part; they name none."""
    assert run_parser(textiles, "products", "weave", ["待定/无纺"]).values.to_list() == [None]
    result = run_parser(apparel, "inspections", "result", ["A/passed", "工业级/conditional"])
    assert result.values.to_list() == [None, None]


# --- red team round 12 (apparel) -------------------------------------------------------------------------------

def test_an_acceptance_number_column_is_never_the_defect_count(apparel):
    """`主要(允收)` (the acceptance number) lost its remark and became the major defects, the found counts unmapped:
    EN-02 (found 1/9/3) was published as 0/5/7. A remark naming a limit makes the header another column."""
    from indset.headers import map_headers

    zh = map_headers(["报告编号", "款号", "验货日期", "抽样数", "致命(允收)", "致命(实测)", "主要(允收)", "主要(实测)",
                      "次要(允收)", "次要(实测)", "结论"], apparel, "inspections")
    assert {k: v for k, v in zh.renames.items() if v.startswith("defects")} == {
        "致命(实测)": "defects_critical", "主要(实测)": "defects_major", "次要(实测)": "defects_minor"}
    assert zh.unmapped == ["致命(允收)", "主要(允收)", "次要(允收)"]
    en = map_headers(["Critical (Allowed)", "Critical (Found)", "Major (Allowed)", "Major (Found)", "Minor (Allowed)",
                      "Minor (Found)"], apparel, "inspections")
    assert en.renames == {"Critical (Found)": "defects_critical", "Major (Found)": "defects_major",
                          "Minor (Found)": "defects_minor"}
    limits = ["Major/Ac", "次要(Re)", "主要(允收数)", "致命(拒收)", "Critical Allowed"]
    others = map_headers(limits, apparel, "inspections")
    assert others.renames == {} and len(others.unmapped) == 5
    # a remark that is no limit still names the field
    plain = map_headers(["致命(实测)", "主要(件)", "Minor (pcs)"], apparel, "inspections").renames
    assert plain == {"致命(实测)": "defects_critical", "主要(件)": "defects_major", "Minor (pcs)": "defects_minor"}


def test_an_adults_word_rules_out_infant_wear(apparel):
    """`Women's Bodysuit` was published as infant wear and `Women's Romper` (class B) quarantined as infant wear not
    class A: a women's one-piece is no infant's garment (other; the standard has no category for it)."""
    raw = ["Women's Bodysuit", "Women's Romper", "女士连体衣", "Ladies' Romper", "女装连体衣",
           "Romper", "Bodysuit", "连体衣", "Baby Romper", "婴儿连体衣", "女婴连体衣", "Women's T-shirt", "Men's Jacket"]
    parsed = run_parser(apparel, "products", "category", raw)
    assert parsed.values.to_list() == ["other"] * 5 + ["infant_wear"] * 6 + ["tshirt", "jacket"]


def test_a_range_of_sizes_written_with_dashes_is_its_series(apparel):
    """`170-92A~180-100A` lost its middle size (published 170/92A, 180/100A)."""
    raw = ["170-92A~180-100A", "170/92A~180/100A", "170-92A-180-100A", "170-92A,180-100A", "165-70A;170-74A"]
    assert run_parser(apparel, "products", "sizes", raw).values.to_list() == [
        ["170/92A", "175/96A", "180/100A"]] * 3 + [["170/92A", "180/100A"], ["165/70A", "170/74A"]]


@pytest.mark.parametrize(("raw", "expected"), [
    ("Critical/Major/Minor: 0/2.5/4.0", 2.5), ("Major/Minor: 2.5/4.0", 2.5), ("AQL 2.5 Major / 4.0 Minor", 2.5),
    ("2.5 / 4.0 (Major/Minor)", 2.5), ("0/2.5/4.0", 2.5), ("Minor/Major: 4.0/1.5", 1.5),
    ("致命/严重/轻微: 0/1.5/4.0", 1.5),
    ("Critical 0 Major 2.5 Minor 4.0", 2.5), ("4.0 Minor 1.5 Major", 1.5),
    ("Major/Minor: 3.0/4.0", None), ("Major/Minor: 2.5", None), ("Critical/Major/Minor: 2.5/4.0", None),
])
def test_aql_quoted_per_named_class(apparel, raw, expected):
    assert run_parser(apparel, "inspections", "aql", [raw]).values.to_list() == [expected]


@pytest.mark.parametrize(("raw", "expected"), [
    ("Safety Category: B", "B"), ("Category: B", "B"), ("Safety: B", "B"), ("Class-B", "B"), ("B-Class", "B"),
    ("类别B", "B"), ("类别：C", "C"), ("Category: D", None), ("Safety Category: B/C", None), ("Safety", None),
])
def test_safety_category_after_its_label(apparel, raw, expected):
    assert run_parser(apparel, "products", "safety_category", [raw]).values.to_list() == [expected]


def test_colorfastness_with_its_test_method(apparel):
    raw = ["4级 (GB/T 3921)", "4-5 (ISO 105-C06)", "3-4 AATCC 61", "4级(耐洗)", "4 (6)", "ISO 4", "耐洗4级 耐摩3级"]
    parsed = run_parser(apparel, "products", "colorfastness_grade", raw)
    assert parsed.values.to_list() == [4.0, 4.5, 3.5, 4.0, None, None, None]


def test_a_category_compound_names_what_its_head_names(apparel):
    """Marketplace category words were invalid_category (`Denim Jacket`, `连身裙`, `T-shirt Dress`, ...) while
    `Knit Dress` was a dress."""
    raw = ["Denim Jacket", "连身裙", "T-shirt Dress", "Polo Dress", "Bodycon Dress", "牛仔裙", "吊带裙", "毛衣裙",
           "Knit Dress", "Shirt Dress", "Hoodies & Sweatshirts", "吊带连衣裙", "针织开衫", "Sweater Vest", "西装外套",
           "睡裙"]
    assert run_parser(apparel, "products", "category", raw).values.to_list() == [
        "jacket", "dress", "dress", "dress", "dress", "skirt", "dress", "dress", "dress", "dress", "sweater", "dress",
        "sweater", "sweater", "jacket", "underwear"]
    # no head, or a head ruled by a prefix's word, or a qualifier as the last word: unread as before
    unread = ["baby tee", "Baby Doll Dress", "衬衫短袖", "Tank Top", "婴儿abc", "T恤/衬衫"]
    parsed = run_parser(apparel, "products", "category", unread)
    assert parsed.values.to_list() == [None] * len(unread) and parsed.invalid.all()
    # a field without head_noun reads no compound: `Not Pass` is never `pass`
    assert run_parser(apparel, "inspections", "result", ["Not Pass", "Final Pass"]).values.to_list() == ["fail", None]


def test_a_compound_head_is_no_infant_wear_vest_or_plain_trousers_by_itself(apparel):
    """Review of round 12: by their head `Lace Bodysuit`, `Ribbed Bodysuit`, `Denim Romper`, `Floral Romper`,
    `Satin Romper`, `户外睡袋` read infant wear, `Puffer Vest`, `Down Vest`, `Suit Vest`, `羽绒背心`, `西装背心`
    underwear, `Yoga Pants`, `Track Pants` trousers (运动裤 is sportswear). A head gives infant wear only beside an
    infant word (or an adult's, which rules it out); a vest is no head; a sport word before the head makes
    sportswear."""
    unread = ["Lace Bodysuit", "Ribbed Bodysuit", "Denim Romper", "Floral Romper", "Satin Romper", "户外睡袋",
              "Puffer Vest", "Down Vest", "Suit Vest", "羽绒背心", "西装背心"]
    parsed = run_parser(apparel, "products", "category", unread)
    assert parsed.values.to_list() == [None] * len(unread) and parsed.invalid.all()
    sport = ["Yoga Pants", "Track Pants", "运动短裤", "Women's Yoga Pants", "Jogger Pants", "瑜伽裤", "Track Jacket"]
    assert run_parser(apparel, "products", "category", sport).values.to_list() == ["sportswear"] * len(sport)
    # unchanged: the red team's wins, infant words, adults' one-pieces, a vest alone, the plain heads
    kept = ["Denim Jacket", "T-shirt Dress", "Polo Dress", "Bodycon Dress", "吊带连衣裙", "Women's Bodysuit",
            "Women's Romper", "Adult Onesie", "Men's Romper", "Baby Bodysuit", "婴儿睡袋", "婴儿背心", "宝宝纯棉睡袋",
            "Newborn Romper", "Infant Cotton Romper", "Romper", "睡袋", "背心", "vest", "Sweater Vest", "吊带背心",
            "Cargo Pants", "运动裤", "Yoga Dress", "运动内衣"]
    assert run_parser(apparel, "products", "category", kept).values.to_list() == [
        "jacket", "dress", "dress", "dress", "dress", "other", "other", "other", "other", "infant_wear", "infant_wear",
        "infant_wear", "infant_wear", "infant_wear", "infant_wear", "infant_wear", "infant_wear", "underwear",
        "underwear", "sweater", "underwear", "trousers", "sportswear", "dress", "underwear"]
    baby = run_parser(apparel, "products", "category", ["Baby Tee"])
    assert baby.values.to_list() == [None] and baby.invalid.all()


def test_a_boolean_result_column_is_pass_or_fail(apparel):
    """A typed Parquet `result` = True (read as `true`) was invalid_result."""
    assert run_parser(apparel, "inspections", "result", ["true", "false", "True"]).values.to_list() == [
        "pass", "fail", "pass"]


# --- red team A (apparel/inspection findings) ------------------------------------------------------

def test_a_column_of_the_three_defect_classes_is_read_as_their_group(apparel):
    """`致命/严重/轻微` = `1/0/0`, `缺陷(CR/MA/MI)`, `缺陷数` = `CR0 MA2 MI5`: one column holding the three counts was
    unmapped, and a lot with a critical defect was published as `pass` with null counts."""
    from indset.headers import map_headers

    three = ("defects_critical", "defects_major", "defects_minor")
    hmap = map_headers(["Report No", "致命/严重/轻微", "缺陷(CR/MA/MI)", "缺陷数", "Critical / Major / Minor",
                        "严重/轻微"], apparel, "inspections")
    assert hmap.groups == {"致命/严重/轻微": (three, three, True), "缺陷(CR/MA/MI)": (three, three, True),
                           "缺陷数": (three, three, False), "Critical / Major / Minor": (three, three, True),
                           "严重/轻微": (three[1:], three, True)}   # was read as major, cells `2/5` invalid
    # unchanged: acceptance numbers, one class each, 严重 beside 主要 (never major), a defect description
    other = map_headers(["致命/严重/轻微(允收)", "致命缺陷", "主要缺陷", "严重/主要/次要", "缺陷描述", "AQL(CR/MA/MI)"],
                        apparel, "inspections")
    assert other.groups == {}
    assert other.renames == {"致命缺陷": "defects_critical", "主要缺陷": "defects_major", "缺陷描述": "notes",
                             "AQL(CR/MA/MI)": "aql"}
    assert other.unmapped == ["致命/严重/轻微(允收)", "严重/主要/次要"]
    assert map_headers(["严重/主要/次要"], apparel, "inspections").renames == {"严重/主要/次要": "defects_major"}


def _mapped_inspections(apparel, header: str, cells: list[str | None]):
    from indset.manifest import Source
    from indset.normalize import map_columns, parse_fields

    raw = pl.DataFrame({"检验单号": [f"Q{i}" for i in range(len(cells))], header: cells}, schema={
        "检验单号": pl.String, header: pl.String})
    src = Source(index=0, path="qc.csv", table="inspections", enterprise_id="91330621MA2BX5K7L2", file=Path("qc.csv"))
    frame, hmap = map_columns(raw, src, apparel)
    parsed = parse_fields(frame, apparel.tables["inspections"], apparel, hmap, src)
    fields = [parsed[f] for f in ("defects_critical", "defects_major", "defects_minor") if f in parsed]
    counts = [tuple(p.values[i] for p in fields) or (None, None, None) for i in range(len(cells))]
    invalid = [any(p.invalid[i] for p in fields) for i in range(len(cells))]
    return counts, invalid, hmap


def test_defect_classes_in_one_column_in_the_headers_order_or_by_their_words(apparel):
    counts, invalid, hmap = _mapped_inspections(apparel, "致命/严重/轻微", ["0/2/5", "0/6/3", "1/0/0", "0/1/2",
                                                                            "CR0 MA2 MI5", None, "0/2", "3"])
    assert counts[:6] == [(0, 2, 5), (0, 6, 3), (1, 0, 0), (0, 1, 2), (0, 2, 5), (None, None, None)]
    assert invalid == [False] * 6 + [True, True]    # two counts for three classes, one number: no class's count
    assert hmap.unmapped == []
    counts, invalid, _ = _mapped_inspections(apparel, "缺陷(CR/MA/MI)", ["1/0/0", "CR1 MA0 MI0"])
    assert counts == [(1, 0, 0), (1, 0, 0)] and invalid == [False, False]
    counts, invalid, _ = _mapped_inspections(apparel, "缺陷数", [
        "CR0 MA2 MI5", "CR0 MA6 MI3", "CR1 MA0 MI2", "CR0 MA1 MI1", "CR:0 MA:2 MI:5", "Critical 0 / Major 2 / Minor 5",
        "致命1 严重0 轻微2", "MA2 MI5", "0/2/5", "CR0 CR1 MA2", "CR0 MA2 XX5"])
    assert counts[:9] == [(0, 2, 5), (0, 6, 3), (1, 0, 2), (0, 1, 1), (0, 2, 5), (0, 2, 5), (1, 0, 2),
                          (None, 2, 5), (0, 2, 5)]
    assert invalid == [False] * 9 + [True, True]   # a class named twice, a word naming no class
    # a 缺陷 column of descriptions, or of totals, is no group: it stays unmapped as before
    counts, invalid, hmap = _mapped_inspections(apparel, "缺陷", ["线头", "跳针 2处", "污渍"])
    assert hmap.unmapped == ["缺陷"] and counts == [(None, None, None)] * 3 and not any(invalid)
    _, _, hmap = _mapped_inspections(apparel, "缺陷数", ["3", "5", "0"])
    assert hmap.unmapped == ["缺陷数"]


def test_a_group_column_beside_a_column_of_another_of_its_fields(apparel):
    """Reviewer: `…,致命,缺陷(严重/轻微),…` with row `0,3/9` left `缺陷(严重/轻微)` unmapped (the group's critical has
    its own column, and every field of the group was checked, not only those the header lists): major 3, minor 9. A
    group column listing the field that has its own column (`致命,缺陷(致命/严重/轻微)`) stays unmapped as before."""
    from indset.manifest import Source
    from indset.normalize import map_columns, parse_fields

    src = Source(index=0, path="qc.csv", table="inspections", enterprise_id="91330621MA2BX5K7L2", file=Path("qc.csv"))
    spec = apparel.tables["inspections"]
    raw = pl.DataFrame({"检验单号": ["Q1"], "致命": ["0"], "缺陷(严重/轻微)": ["3/9"], "检验结果": ["合格"]})
    frame, hmap = map_columns(raw, src, apparel)
    parsed = parse_fields(frame, spec, apparel, hmap, src)
    assert hmap.unmapped == []
    assert [(parsed[f].values[0], parsed[f].invalid[0]) for f in ("defects_critical", "defects_major",
                                                                   "defects_minor")] == [(0, False), (3, False),
                                                                                         (9, False)]
    raw = pl.DataFrame({"检验单号": ["Q1"], "致命": ["0"], "缺陷(致命/严重/轻微)": ["0/3/9"], "检验结果": ["合格"]})
    frame, hmap = map_columns(raw, src, apparel)
    assert hmap.unmapped == ["缺陷(致命/严重/轻微)"] and "defects_major" not in frame.columns


def test_us_toddler_sizes_2t_and_3t_are_an_infants(apparel):
    """`2T,3T` (US toddler sizes, ages 2 and 3: 36 months and under) make a product infant textiles (GB 18401),
    as `12M,18M,24M` do; like sizes by age they are no GB/T 1335 designation and stay out of `sizes` (dropped).
    `4T` (4 years) is not an infant's."""
    from builders.apparel.sizes import ADULT_SIZES, INFANT_SIZES

    raw = ["2T,3T", "12M,18M,24M", "4T", "2T,3T,4T", "2T-4T", "2-3T", "S,M,L", "XL/180"]
    parsed = run_parser(apparel, "products", "sizes", raw)
    assert parsed.columns[INFANT_SIZES].to_list() == [True, True, False, False, False, True, None, None]
    assert parsed.columns[ADULT_SIZES].to_list() == [False, False, False, False, False, False, True, True]
    assert parsed.values.to_list()[:6] == [None] * 6
    assert parsed.notes["invalid_size_dropped"].to_list()[:2] == [2, 3]
    frame = pl.DataFrame({"sizes": parsed.values, INFANT_SIZES: parsed.columns[INFANT_SIZES],
                          "safety_category": ["B", "B", "B", "B", "B", "A", "B", "B"]})
    fails = CHECKS["infant_sizes_not_class_a"](frame, apparel.tables["products"])
    assert fails.to_list() == [True, True, False, False, False, False, False, False]


def test_sweatpants_are_sportswear_as_track_pants_are(apparel):
    parsed = run_parser(apparel, "products", "category", ["卫裤", "男装卫裤", "男士加绒卫裤", "Sweatpants", "运动裤",
                                                          "卫衣", "裤子", "休闲裤"])
    assert parsed.values.to_list() == ["sportswear"] * 5 + ["sweater", "trousers", "trousers"]


def test_a_footnote_mark_after_a_verdict_does_not_hide_it(apparel):
    parsed = run_parser(apparel, "inspections", "result", ["Pass*", "合格※", "PASS #", "不合格＊", "Fail**",
                                                           "*", "待定*", "Pass*1", "合格"])
    assert parsed.values.to_list() == ["pass", "pass", "pass", "fail", "fail", None, None, None, "pass"]
    assert parsed.invalid.to_list() == [False] * 5 + [True, True, True, False]


def test_a_header_written_twice_gives_the_field_the_column_its_parser_reads(apparel):
    """bom_cr.csv: `成分,成分` with the part word (`面料`) in the first column and the composition (`棉100%`) in the
    second: every row was invalid_fiber_composition."""
    from indset.headers import map_headers
    from indset.manifest import Source
    from indset.normalize import map_columns

    raw = pl.DataFrame({"款号": ["款A-1", "款A-2"], "成分": ["面料", "面料"],
                        "成分_duplicated_0": ["棉100%", "涤纶100%"]})
    src = Source(index=0, path="bom.csv", table="products", enterprise_id="91330621MA2BX5K7L2", file=Path("bom.csv"))
    frame, hmap = map_columns(raw, src, apparel)
    assert frame["fiber_composition"].to_list() == ["棉100%", "涤纶100%"]
    assert hmap.unmapped == ["成分_duplicated_0"] and frame["成分_duplicated_0"].to_list() == ["面料", "面料"]
    # the first column wins when it reads as well (and headers written once map as before)
    raw = pl.DataFrame({"款号": ["款A-1"], "成分": ["棉100%"], "成分_duplicated_0": ["涤纶100%"]})
    frame, _ = map_columns(raw, src, apparel)
    assert frame["fiber_composition"].to_list() == ["棉100%"]
    assert map_headers(["成分", "面料成分"], apparel, "products").renames == {"成分": "fiber_composition"}


def test_a_totals_row_named_in_its_first_cell_is_a_summary_row(apparel):
    """A `合计` row whose total sits in an unmapped column was `missing_sku`: a row missing its key whose first
    non-empty cell is a totals word (合计, 总计, 小计, Total) is a summary row. A row with its key is not looked at."""
    from indset.normalize import summary_rows

    frame = pl.DataFrame({"序号": ["1", "合计", None, None, None, "2", "总计"],
                          "sku": ["YY-1001", None, None, None, None, None, "YY-1002"],
                          "name": ["男士商务衬衫", None, "小计", "Total", "男士西裤", "男士西裤", "男士西裤"],
                          "参考成本": ["45.6", "277.6", "100", "300", None, "12", "30"]})
    assert summary_rows(frame, apparel.tables["products"]).to_list() == [False, True, True, True, False, False, False]
