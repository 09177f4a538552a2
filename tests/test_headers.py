"""Header mapping through the alias table: width, case, script, units in headers, overrides."""

from __future__ import annotations

import pytest

from indset.headers import map_headers
from indset.standard import load_standard


def test_headers_in_many_dialects(textiles):
    cols = ["ＳＫＵ", "產品名稱", "Category", "克重（ｇ/㎡）", "Weight (oz/yd2)", "门幅/inch", "成分", "HS Code",
            "内部备注"]
    m = map_headers(cols, textiles, "products")
    assert m.renames["ＳＫＵ"] == "sku"
    assert m.renames["產品名稱"] == "name"
    assert m.renames["Category"] == "category"
    assert m.renames["克重（ｇ/㎡）"] == "fabric_weight_gsm"
    assert m.units["fabric_weight_gsm"] == "g/m²" or m.units["fabric_weight_gsm"].startswith("g/")
    assert m.renames["门幅/inch"] == "width_cm" and m.units["width_cm"] == "inch"
    # a second column for the same field is reported, never silently used
    assert "Weight (oz/yd2)" in m.unmapped and "内部备注" in m.unmapped


def test_manifest_override_wins_and_keeps_header_unit(textiles):
    m = map_headers(["面料重量(盎司)"], textiles, "products", {"面料重量(盎司)": "fabric_weight_gsm"})
    assert m.renames == {"面料重量(盎司)": "fabric_weight_gsm"}
    assert m.units["fabric_weight_gsm"] == "盎司"


def test_erp_headers_of_a_last_change_date_and_a_price_in_ten_thousands_per_tonne(textiles):
    """Red team 12: `最后修改日期` (updated_at) and `单价(万元/吨)` were unmapped (the price was lost); `重量(吨)` still
    names no field (a tonne is no fabric weight)."""
    m = map_headers(["货号", "最后修改日期", "单价(万元/吨)", "重量(吨)"], textiles, "products")
    assert m.renames == {"货号": "sku", "最后修改日期": "updated_at", "单价(万元/吨)": "unit_price_cny"}
    assert m.units["unit_price_cny"] == "万元/吨" and m.unmapped == ["重量(吨)"]


def test_percent_in_header(textiles):
    m = map_headers(["效率(%)", "Energy (Wh)"], textiles, "machine_readings")
    assert "efficiency_pct" in m.percent
    assert m.units["energy_kwh"] == "wh"


def test_header_unit_of_another_dimension_is_not_mapped(textiles):
    m = map_headers(["重量(kg)", "产量(kg)", "克重(g/m²)"], textiles, "products")
    assert m.renames == {"克重(g/m²)": "fabric_weight_gsm"}
    assert "重量(kg)" in m.unmapped


def test_more_header_spellings(textiles):
    for header, field in [("成份", "fiber_composition"), ("面料成份", "fiber_composition"),
                          ("Fabric Content", "fiber_composition"), ("克重(g)", "fabric_weight_gsm"),
                          ("克重(克)", "fabric_weight_gsm"), ("单价(元/码)", "unit_price_cny"),
                          ("Unit Price (RMB/m)", "unit_price_cny")]:
        assert map_headers([header], textiles, "products").renames == {header: field}, header


def test_bilingual_headers_name_the_field_twice_not_a_unit():
    from indset.standard import load_standard

    chem = load_standard("chemicals")
    for header, unit in [("分子量/Molecular Weight", None), ("分子量 MW", None), ("Molecular Weight/分子量", None),
                         ("分子量/Molecular Weight(g/mol)", "g/mol"), ("单价/Unit Price(元)", "元")]:
        m = map_headers([header], chem, "products")
        assert len(m.renames) == 1 and not m.unmapped, header
        field = next(iter(m.renames.values()))
        assert m.units.get(field) == unit, header


def test_a_supplier_column_is_another_party_not_the_enterprise(textiles):
    """A brand's export listing its suppliers: their codes must not become the row's enterprise."""
    for std_table in ("products",):
        hmap = map_headers(["供应商编码", "Supplier ID", "供应商", "统一社会信用代码"], textiles, std_table)
        assert hmap.renames == {"统一社会信用代码": "enterprise_id"}


def test_e_commerce_headers(textiles):
    """A Tmall/Taobao seller export names the fields its own way."""
    from indset.standard import load_standard

    for std in (textiles, load_standard("apparel")):
        hmap = map_headers(["商家编码", "商品标题", "类目", "材质成分"], std, "products")
        assert hmap.renames == {"商家编码": "sku", "商品标题": "name", "类目": "category",
                                "材质成分": "fiber_composition"}



def test_taobao_and_1688_export_headers_in_every_industry():
    """Red team round 14 C items 1-2: a Taobao seller-center export (宝贝类目, 宝贝描述 unmapped: every row
    missing_category), 淘宝助理's wording (宝贝名称: every row missing_name) and a 1688 export's 商品描述 (description
    null on all 39 rows)."""
    shop = ["宝贝标题", "商家编码", "宝贝类目", "一口价", "宝贝描述", "尺码", "材质成分", "安全类别", "修改时间"]
    assistant = ["宝贝名称", "商家编码", "商品类目", "宝贝价格", "商品描述", "尺码", "材质成分", "安全类别", "修改时间"]
    apparel = load_standard("apparel")
    assert map_headers(shop, apparel, "products").renames == {
        "宝贝标题": "name", "商家编码": "sku", "宝贝类目": "category", "一口价": "unit_price_cny",
        "宝贝描述": "description", "尺码": "sizes", "材质成分": "fiber_composition", "安全类别": "safety_category",
        "修改时间": "updated_at"}
    assert map_headers(assistant, apparel, "products").renames == {
        "宝贝名称": "name", "商家编码": "sku", "商品类目": "category", "宝贝价格": "unit_price_cny",
        "商品描述": "description", "尺码": "sizes", "材质成分": "fiber_composition", "安全类别": "safety_category",
        "修改时间": "updated_at"}
    for industry in ("textiles", "apparel", "chemicals"):
        std = load_standard(industry)
        for header in ("商品描述", "宝贝描述", "商品详情", "宝贝详情"):
            assert map_headers([header], std, "products").renames == {header: "description"}, (industry, header)
        for header in ("宝贝标题", "宝贝名称"):
            assert map_headers([header], std, "products").renames == {header: "name"}, (industry, header)
        for header in ("一口价", "宝贝价格", "商品价格"):
            assert map_headers([header], std, "products").renames == {header: "unit_price_cny"}, (industry, header)
        if industry != "chemicals":
            assert map_headers(["宝贝类目"], std, "products").renames == {"宝贝类目": "category"}
        # the 1688 export's own header (/tmp/rt14C/raw/kq_trading_1688.csv)
        m = map_headers(["商品编码", "商品名称", "类目", "成分含量", "商品描述", "最后修改时间"], std, "products")
        assert m.renames["商品描述"] == "description" and m.renames["商品名称"] == "name", industry
        # what stays as it was: a shop's own category (店铺类目) and the listing's attributes name no field,
        # and a shop's crossed-out 市场价 is still no price beside the 一口价
        m = map_headers(["宝贝名称", "店铺类目", "宝贝属性"], std, "products")
        assert m.unmapped == ["店铺类目", "宝贝属性"], industry
    both = map_headers(["市场价", "一口价"], apparel, "products")
    assert both.renames["一口价"] == "unit_price_cny" and "市场价" in both.unmapped

def test_a_weak_alias_names_a_field_only_when_nothing_else_does(textiles):
    """A JD/Tmall export lists the platform's item number (商品编号) beside the style's own code (款号)."""
    from indset.standard import load_standard

    apparel = load_standard("apparel")
    both = map_headers(["商品编号", "款号", "商品名称"], apparel, "products")
    assert both.renames == {"款号": "sku", "商品名称": "name"} and "商品编号" in both.unmapped
    assert map_headers(["商品编号", "商品名称"], apparel, "products").renames == {"商品编号": "sku", "商品名称": "name"}
    assert map_headers(["编号", "货号"], textiles, "products").renames == {"货号": "sku"}


def test_erp_decorations_around_a_label(textiles):
    """Kingdee/Yonyou/WPS templates mark required columns with a star, pad labels with ideographic spaces,
    end them with a colon or bracket them whole; every row was missing_sku before."""
    cols = ["*货号", "品名*", "类　别", "成　分", "克　重(g/m2)", "门幅：", "【HS编码】"]
    m = map_headers(cols, textiles, "products")
    assert [m.renames.get(c) for c in cols] == ["sku", "name", "category", "fiber_composition", "fabric_weight_gsm",
                                                "width_cm", "hs_code"]
    assert m.units["fabric_weight_gsm"] == "g/m2" and not m.unmapped


def test_iot_payload_keys_in_camel_case(textiles):
    """An IoT platform's JSON keys (deviceId, collectTime): 4 of 5 rows were missing_machine_id / missing_ts."""
    cols = ["deviceId", "collectTime", "runStatus", "spindleSpeed"]
    m = map_headers(cols, textiles, "machine_readings")
    assert [m.renames.get(c) for c in cols] == ["machine_id", "ts", "status", "speed_rpm"]


def test_a_unit_holding_a_bracket_of_its_own():
    """`压力(MPa(G))`, `Pressure (bar(g))`: the unit is what the outer bracket holds (a wide DCS export's tag
    columns were unmapped, and their readings never read)."""
    from indset.headers import header_candidates

    assert ("分离器压力", "mpa(g)") in list(header_candidates("分离器压力(MPa(G))"))
    assert ("汽提塔压力", "kpa(a)") in list(header_candidates("汽提塔压力（kPa(A)）"))
    assert ("reactor pressure", "bar(g)") in list(header_candidates("Reactor Pressure (bar(g))"))


def test_loom_and_spinning_headers(textiles):
    """`锭速`, `Weaver`, `Weft Stops`/`纬停` were unmapped; an API's `yarn` key is the yarn count (red team 15)."""
    m = map_headers(["Loom No.", "锭速(r/min)", "Weft Stops", "Weaver"], textiles, "machine_readings")
    assert m.renames == {"Loom No.": "machine_id", "锭速(r/min)": "speed_rpm", "Weft Stops": "breaks",
                         "Weaver": "operator"}
    assert map_headers(["纬停"], textiles, "machine_readings").renames == {"纬停": "breaks"}
    assert map_headers(["sku", "yarn"], textiles, "products").renames["yarn"] == "yarn_count_tex"


def test_a_last_word_that_is_no_unit_does_not_make_a_header_name_the_field():
    """Red team (jv_lims_spec.csv): `Product Group` mapped to name (`group` taken for a unit) and pushed the real
    `Product Name` out; `Hazard Class` took ghs_hazard_codes ahead of `Hazard Statements`."""
    from indset.standard import load_standard

    chem = load_standard("chemicals")
    cols = ["Item Code", "Product Group", "Product Name", "CAS No.", "Molecular Formula", "Assay", "Purity Method",
            "Hazard Class", "Hazard Statements", "Last Modified"]
    m = map_headers(cols, chem, "products")
    assert m.renames == {"Item Code": "sku", "Product Name": "name", "CAS No.": "cas_rn",
                         "Molecular Formula": "formula", "Assay": "purity_pct",
                         "Hazard Statements": "ghs_hazard_codes", "Last Modified": "updated_at"}
    assert m.unmapped == ["Product Group", "Purity Method", "Hazard Class"]
    for other, name in [("Product Type", "Product Name"), ("Product Status", "Chemical Name"),
                        ("Product hierarchy", "Material Description"), ("Product Count", "Product Name")]:
        m = map_headers([other, name], chem, "products")
        assert m.renames == {name: "name"} and m.unmapped == [other], other
    # a unit word after the name of a field taking units still reads as its unit; a bilingual name is no unit
    for header, field, unit in [("Molecular Weight g/mol", "molecular_weight", "g/mol"),
                                ("分子量 MW", "molecular_weight", None),
                                ("Mol. Weight [g/mol]", "molecular_weight", "g/mol")]:
        m = map_headers([header], chem, "products")
        assert m.renames == {header: field} and m.units.get(field) == unit, header
    assert map_headers(["Purity %"], chem, "products").percent == {"purity_pct"}


def test_a_last_word_unit_in_textile_headers(textiles):
    m = map_headers(["Weight oz", "Width inch", "Category Group"], textiles, "products")
    assert m.renames == {"Weight oz": "fabric_weight_gsm", "Width inch": "width_cm"}
    assert m.units == {"fabric_weight_gsm": "oz", "width_cm": "inch"} and m.unmapped == ["Category Group"]


def test_sap_and_sds_header_words_of_chemicals():
    from indset.standard import load_standard

    chem = load_standard("chemicals")
    m = map_headers(["Material Description", "Mol. Weight [g/mol]", "Last Changed"], chem, "products")
    assert m.renames == {"Material Description": "name", "Mol. Weight [g/mol]": "molecular_weight",
                         "Last Changed": "updated_at"}
    assert map_headers(["Revision date"], chem, "products").renames == {"Revision date": "updated_at"}


@pytest.mark.parametrize(("industry", "table", "header", "field"), [
    ("chemicals", "products", "CAS 号", "cas_rn"), ("chemicals", "products", "含量 GC", "purity_pct"),
    ("chemicals", "products", "更新时间 北京时间", "updated_at"), ("chemicals", "products", "Purity GC", "purity_pct"),
    ("apparel", "products", "品名 Description", "name"),
    ("apparel", "products", "安全类别 Category", "safety_category"),
    ("apparel", "products", "品号 Art.", "sku"), ("apparel", "products", "Style No.", "sku"),
    ("textiles", "machine_readings", "时间 UTC", "ts"), ("textiles", "machine_readings", "Timestamp UTC", "ts"),
])
def test_a_label_with_a_qualifying_last_word_still_names_its_field(industry, table, header, field):
    """Review: the rule that took `Product Group` off name also took `CAS 号` off cas_rn (every row quarantined):
    after a Chinese label any word reads as a qualifier, after an English one a number word, method or zone does."""
    assert map_headers([header], load_standard(industry), table).renames == {header: field}


def test_a_time_zone_named_in_a_timestamp_header(textiles):
    """Red team round 12: `Timestamp (UTC)`, `时间(UTC)`, `Time (GMT)` were read in the source's zone (Asia/Shanghai),
    and a `北京时间` column was not the timestamp. The zone a header names is the zone of that column's naive times."""
    chem = load_standard("chemicals")
    for header, zone in [("Timestamp (UTC)", "UTC"), ("时间(UTC)", "UTC"), ("Time (GMT)", "UTC"),
                         ("北京时间", "Asia/Shanghai"), ("采集时间(UTC+8)", "Asia/Shanghai"),
                         ("时间(北京时间)", "Asia/Shanghai"), ("Timestamp CST", "Asia/Shanghai"),
                         ("Time (GMT-5)", "Etc/GMT+5")]:
        m = map_headers([header, "装置"], chem, "process_readings")
        assert m.renames[header] == "ts" and m.zones == {"ts": zone}, header
    # no zone named: the source's zone applies; a zone word in another field's header is no zone of it
    assert map_headers(["时间", "Time (local)"], chem, "process_readings").zones == {}
    assert map_headers(["更新时间(UTC)", "品名"], chem, "products").zones == {"updated_at": "UTC"}
    assert map_headers(["北京时间"], textiles, "machine_readings").renames == {"北京时间": "ts"}
    assert map_headers(["北京时间"], textiles, "products").renames == {}


def test_a_header_naming_a_field_and_a_number_after_a_slash_is_a_pair():
    """`分子式/分子量` names the formula and the molecular weight (its cells hold both); a bilingual header names one
    field twice, a unit after the slash is no field, and a second field that is no number is no pair."""
    from indset.headers import map_headers
    from indset.standard import load_standard

    chem = load_standard("chemicals")
    m = map_headers(["分子式/分子量", "分子量/Molecular Weight", "品名/规格", "含量/纯度"], chem, "products")
    assert m.renames["分子式/分子量"] == "formula" and m.pairs == {"分子式/分子量": "分子量"}
    textiles = load_standard("textiles")
    assert map_headers(["门幅/inch", "品名/规格"], textiles, "products").pairs == {}


def test_sap_material_export_headers_of_textiles(textiles):
    """Red team A (textiles 3): in SAP's material export `Material` took fiber_composition while the real `Composition`
    stayed unmapped, and the description, group and change date were unmapped: every row was quarantined. `Material`
    is a weak alias of sku and of fiber_composition: it names the first that no other column takes."""
    cols = ["Material", "Material Description", "Material Group", "Base Unit of Measure", "Net Weight", "Weight Unit",
            "Composition", "Width", "Yarn Count", "Weave", "Color", "Last Changed On"]
    m = map_headers(cols, textiles, "products")
    assert m.renames == {"Material": "sku", "Material Description": "name", "Material Group": "category",
                         "Composition": "fiber_composition", "Width": "width_cm", "Yarn Count": "yarn_count_tex",
                         "Weave": "weave", "Color": "color", "Last Changed On": "updated_at"}
    assert m.unmapped == ["Base Unit of Measure", "Net Weight", "Weight Unit"]
    # negative: beside a code column `Material` is the fabric's material, as the sample's English export writes it
    m = map_headers(["Item No.", "Product Name", "Material", "Last Modified"], textiles, "products")
    assert m.renames == {"Item No.": "sku", "Product Name": "name", "Material": "fiber_composition",
                         "Last Modified": "updated_at"}
    # beside both, it names neither
    m = map_headers(["Material", "Composition", "Item No."], textiles, "products")
    assert m.renames == {"Composition": "fiber_composition", "Item No.": "sku"} and m.unmapped == ["Material"]


@pytest.mark.parametrize("industry", ["textiles", "apparel", "chemicals"])
def test_yonyou_u8_inventory_headers(industry):
    """Red team A (textiles 3): 用友 U8's generic inventory headers were unmapped in every industry."""
    m = map_headers(["存货编码", "存货名称", "存货分类", "规格型号"], load_standard(industry), "products")
    expected = {"存货编码": "sku", "存货名称": "name"}
    if industry != "chemicals":   # chemicals' products have no category
        expected["存货分类"] = "category"
    assert m.renames == expected and "规格型号" in m.unmapped


def test_mes_device_code_and_ten_thousand_in_a_header_unit(textiles):
    """Red team A (textiles 3): an MES API's `deviceCode` and `产量(万米)` were unmapped
    (the rows lost their machine and their output); 万 before a unit word is ten thousand of it.
    A plain `产量` keeps no unit."""
    m = map_headers(["deviceCode", "collectTime", "产量(万米)", "锭速"], textiles, "machine_readings")
    assert m.renames == {"deviceCode": "machine_id", "collectTime": "ts", "产量(万米)": "output_m",
                         "锭速": "speed_rpm"}
    assert m.units == {"output_m": "万米"}
    assert map_headers(["产量"], textiles, "machine_readings").units == {}


def _mapped(std, table: str, rows: list[list[str | None]], header: list[str]):
    """``map_columns`` of a raw frame with ``header`` and ``rows`` (strings)."""
    from pathlib import Path

    import polars as pl

    from indset.manifest import Source
    from indset.normalize import map_columns

    raw = pl.DataFrame([list(r) for r in zip(*rows, strict=True)], schema={h: pl.String for h in header}, orient="col")
    src = Source(index=0, path="x.csv", table=table, enterprise_id="91330211MA2GQ7K83Y", file=Path("x.csv"))
    return map_columns(raw, src, std)


def test_a_spec_or_shade_column_beside_the_grade_or_colour_is_no_second_name_of_it(textiles):
    """Red team round 14 A item 1: `规格` (a spec, often the packaging) and `色号` (a shade code) were aliases,
    so the first of `规格,等级` or `色号,颜色` took the field: the grade was null on every row (`规格` blank or
    `200L/桶`) and the colour was published as `C-1024`. They are weak aliases now: the field's own column wins,
    the other is unmapped and never merged into it. Alone they still name the field (the samples' `规格`, `色号`)."""
    chemicals = load_standard("chemicals")
    header = ["产品编号", "产品名称", "CAS号", "分子式", "纯度", "规格", "等级"]
    m = map_headers(header, chemicals, "products")
    assert m.renames["等级"] == "grade" and "规格" in m.unmapped and "grade" not in m.alternates
    frame, _ = _mapped(chemicals, "products", [
        ["P-01", "无水乙醇", "64-17-5", "C2H6O", "99.9 min", None, "工业级"],
        ["P-13", "乙醇7", "CAS:64-17-5", "C2H6O", "99.5", "25kg/桶", None],
        ["P-14", "乙醇8", "64-17-5", "C2H6O", "≥99.5(GC)", "200L/桶", "工业级"],
        ["P-15", "乙醇9", "64-17-5", "C2H6O", "99.5", "工业级", None]], header)
    assert frame["grade"].to_list() == ["工业级", None, "工业级", None]
    assert frame["规格"].to_list() == [None, "25kg/桶", "200L/桶", "工业级"]
    header = ["品号", "品名", "类别", "成分", "克重", "门幅", "色号", "颜色"]
    m = map_headers(header, textiles, "products")
    assert m.renames["颜色"] == "color" and "色号" in m.unmapped and "color" not in m.alternates
    frame, _ = _mapped(textiles, "products", [
        ["C-02", "涤棉府绸", "成品布", "T/C 65/35", "115g", "150cm", "C-1024", "大红"],
        ["C-03", "涤棉府绸", "成品布", "T/C 65/35", "115g", "150 +/- 2 cm", None, "白色"]], header)
    assert frame["color"].to_list() == ["大红", "白色"]
    # negative: alone, or after the field's own column, they name it as before
    assert map_headers(["产品编号", "规格"], chemicals, "products").renames == {"产品编号": "sku", "规格": "grade"}
    assert map_headers(["等级", "规格"], chemicals, "products").renames == {"等级": "grade"}
    assert map_headers(["品号", "色号"], textiles, "products").renames == {"品号": "sku", "色号": "color"}


def test_of_two_columns_naming_a_field_the_one_its_parser_reads_wins(textiles):
    """Red team round 14 A item 1: of two columns named by the field's own aliases the first won even where it held
    no value the parser reads. Where both hold values the column whose values the parser reads most on those rows
    wins (`等级` beside a `规格等级` of packaging); the other is reported unmapped under its own header."""
    chemicals = load_standard("chemicals")
    header = ["产品编号", "规格等级", "等级"]
    rows = [["P-13", "25kg/桶", None], ["P-14", "200L/桶", "工业级"], ["Q-02", "200L/桶", "试剂级"]]
    frame, hmap = _mapped(chemicals, "products", rows, header)
    assert frame["grade"].to_list() == [None, "工业级", "试剂级"]
    assert hmap.renames == {"产品编号": "sku", "等级": "grade"} and hmap.unmapped == ["规格等级"]
    assert frame["规格等级"].to_list() == ["25kg/桶", "200L/桶", "200L/桶"]
    # negative: where both read as well, the first stays (a tie); with no row holding both, they merge as before
    frame, hmap = _mapped(chemicals, "products", [["P-14", "AR", "工业级"], ["Q-02", "试剂级", "工业级"]], header)
    assert frame["grade"].to_list() == ["AR", "试剂级"] and hmap.unmapped == ["等级"]
    frame, hmap = _mapped(chemicals, "products", [["P-14", None, "工业级"], ["Q-02", "AR", None]], header)
    assert frame["grade"].to_list() == ["工业级", "AR"] and hmap.unmapped == []


def test_a_row_only_the_losing_column_fills_keeps_its_value():
    """Review of round 14: `售价` won on the rows holding both prices, and the rows only `吊牌价` filled (399, 499,
    599) lost their price. The winner's empty cells take another column's value where the parser reads it."""
    apparel = load_standard("apparel")
    header = ["款号", "品名", "吊牌价", "售价"]
    rows = [["T-001", "a", "299", "199"], ["T-002", "b", "面议", "189"], ["T-003", "c", "面议", "179"],
            ["T-004", "d", "399", None], ["T-005", "e", "499", ""], ["T-006", "f", "面议", None]]
    frame, hmap = _mapped(apparel, "products", rows, header)
    price = [c for c, t in hmap.renames.items() if t == "unit_price_cny"]
    assert price == ["售价"] and "吊牌价" in hmap.unmapped
    assert frame["unit_price_cny"].to_list() == ["199", "189", "179", "399", "499", None]
