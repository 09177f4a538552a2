"""Nothing secret or personal leaves the platform (STANDARD.md section 6, issue 7).

For every industry and both release profiles, the canaries are every raw value of a personal or core
field, every enterprise id, and every phone number and e-mail address found in the raw exports. None
may appear anywhere under release/ (Parquet decoded, card, reports, Data Docs, manifest) nor in the
build's console output.
"""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

import polars as pl
import pytest
from typer.testing import CliRunner

from indset.cli import app
from indset.headers import map_headers
from indset.manifest import load_manifest
from indset.read import read_source
from indset.standard import load_standard

ROOT = Path(__file__).resolve().parents[1]
PHONE = re.compile(r"(?<!\d)(?:\+?86[\s-]?)?1[3-9]\d(?:[\s-]?\d){8}(?!\d)")
EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")


def canaries(industry: str) -> set[str]:
    std = load_standard(industry)
    manifest = load_manifest(ROOT / "samples" / industry / "sources.yaml")
    found: set[str] = {s.enterprise_id for s in manifest.sources}
    for src in manifest.sources:
        try:
            raw = read_source(src)
        except Exception:  # the deliberately invalid sources
            continue
        mapping = map_headers([c for c in raw.columns if not c.startswith("_")], std, src.table, src.columns)
        spec = std.tables[src.table]
        for col, field in mapping.renames.items():
            grade = spec.field(field).grade
            values = [v for v in raw[col].drop_nulls().unique().to_list() if v and len(v.strip()) >= 2]
            if grade in ("personal", "core") or field == "enterprise_id":
                found.update(v.strip() for v in values)
            if raw[col].dtype == pl.String:
                for v in values:
                    found.update(m.group(0) for m in PHONE.finditer(v))
                    found.update(m.group(0) for m in EMAIL.finditer(v))
    return found


def release_text(release: Path) -> dict[str, str]:
    out = {}
    for path in sorted(release.rglob("*")):
        if not path.is_file():
            continue
        if path.suffix == ".parquet":
            out[str(path)] = json.dumps(pl.read_parquet(path).to_dicts(), ensure_ascii=False, default=str)
        else:
            out[str(path)] = path.read_bytes().decode("utf-8", errors="ignore")
    return out


@pytest.mark.parametrize("profile", ["public", "internal"])
@pytest.mark.parametrize("industry", ["textiles", "apparel", "chemicals"])
def test_no_canary_reaches_the_release_or_the_log(industry, profile, tmp_path):
    secrets = canaries(industry)
    assert len(secrets) > 10, "the samples must carry personal data, or this test proves nothing"
    result = CliRunner().invoke(app, ["build", industry, "--sources", str(ROOT / "samples" / industry / "sources.yaml"),
                                      "--out", str(tmp_path), "--keep-going", "--profile", profile])
    assert result.exit_code == 0, result.output
    texts = release_text(tmp_path / "release")
    texts["<console>"] = result.output
    leaks = [(secret, where) for where, text in texts.items() for secret in secrets if secret in text]
    assert leaks == []


RT44_NOTES = ["质检人：冯子豪", "技术员：曹德旺 调整袖长", "PIC: Lu Xiaofeng",
 "联系邮箱 qianduoduo[at]163.com，欢迎咨询。",
              "微信号码：hzwwangqiang", "手机 138—5741—2368", "退货寄 柯桥区齐贤镇联谊村12组35号",
              "工号A0123 蒋雯丽 打版",
              "Sample approved, send to Ms. Gao Yuanyuan", "客户：柯桥恒泰印染厂", "合同价：86.5元/件",
              "车辆：浙D·52718 来厂取样", "面料由业务员负责，详询王建军", "由员工祝枝山打样"]
RT44_KEPT = ["客服工作服衬衫", "明星签名款卫衣", "主要销售江浙沪地区", "质检合格，联系方式见官网",
 "Manager Series Polo",
             "该产品符合集团标准", "联系我们获取色卡"]


def test_red_team_round_44_shapes_do_not_reach_the_release(tmp_path):
    """Role labels, obfuscated e-mails, dashed phones, village addresses, staff numbers, customers' works, labelled
    prices, plates, and names from person columns under longer headers (`联系人/电话`, `员工姓名`) - while product
    words after role words stay."""
    raw = tmp_path / "raw"
    raw.mkdir()
    rows = ["款号,品名,品类,海关编码,面料成分,号型,安全类别,卖点,更新时间,联系人/电话,员工姓名"]
    for i, note in enumerate([*RT44_NOTES, *RT44_KEPT]):
        rows.append(f"AP-{i:03d},男士纯棉T恤 {i}号,T恤,610910,100%棉,M(170/88A),B类,\"{note}\",2026-09-01 10:00:00,"
                    f"王建军 13857412368,祝枝山")
    (raw / "products.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    (tmp_path / "sources.yaml").write_text("industry: apparel\nreference_date: 2026-11-01\nsources:\n"
                                           "  - path: raw/products.csv\n    table: products\n"
                                           "    enterprise_id: 91330113MA2KC4W754\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["build", "apparel", "--sources", str(tmp_path / "sources.yaml"),
                                      "--out", str(tmp_path / "out"), "--keep-going"])
    assert result.exit_code == 0, result.output
    texts = release_text(tmp_path / "out" / "release")
    texts["<console>"] = result.output
    secrets = ["冯子豪", "曹德旺", "Lu Xiaofeng", "qianduoduo", "hzwwangqiang", "5741—2368", "联谊村", "蒋雯丽",
     "A0123",
               "Gao Yuanyuan", "恒泰印染", "86.5元", "52718", "王建军", "13857412368", "祝枝山"]
    assert [(s, w) for w, t in texts.items() for s in secrets if s in t] == []
    data = "".join(t for w, t in texts.items() if w.endswith(".parquet"))
    assert [k for k in RT44_KEPT if unicodedata.normalize("NFKC", k) not in data] == []   # the build writes NFKC


def test_the_enterprise_id_in_any_form_does_not_reach_the_release(tmp_path):
    """Red team round 12 (items 1, 2): the build knows its enterprise's id, so its credit code with other separators,
    without the check character, its tax number body and organisation code are masked in text and in codes."""
    forms = ["91-330109-MA2H3K7T4-6", "91 330109 MA2H3K7T4 6", "91330109-MA2H3K7T4-6", "91.330109.MA2H3K7T46",
             "91330109_MA2H3K7T46", "91330109MA2H3K7T4", "税号：330109MA2H3K7T4", "组织机构代码：MA2H3K7T-4"]
    skus = ["91-330109-MA2H3K7T4-6", "91330109_MA2H3K7T46", "TX.91330109.MA2H3K7T46", "91330109MA2H3K7T4",
            "330109MA2H3K7T4-L1", "P05", "P06", "P07"]
    rows = ["货号,品名,类别,成分,克重(g/m²),备注,更新时间"]
    rows += [f"{sku},涤棉府绸{i},坯布,65%涤纶 35%棉,117,代码 {form},2026-10-01 10:00:00"
             for i, (sku, form) in enumerate(zip(skus, forms, strict=True))]
    texts = _released(tmp_path, "textiles", {"products": "\n".join(rows) + "\n"}, "91330109MA2H3K7T46")
    assert [(w, t) for w, t in texts.items() if re.search(r"(?i)MA2H3K7T|330109", t)] == []
    data = "".join(t for w, t in texts.items() if w.endswith(".parquet"))
    assert all(k in data for k in ("P05", "P06", "P07", "涤棉府绸7"))   # the other codes and text stay


# red team round 12: recipes under composition labels, costs and trade prices, a spaced price label, customers listed
# after a verb; and what must stay (a textile's fibre composition, ordinary words after 客户)
RT12 = {
    "textiles": ("货号,品名,类别,成分,克重(g/m²),备注,更新时间",
                 "P{i:02d},涤棉府绸{i},坯布,65%涤纶 35%棉,117,\"{note}\",2026-10-01 10:00:00",
                 ["主要客户为优衣库、ZARA", "客户包括恒逸石化和荣盛", "Customers include Uniqlo and Zara",
                  "供货给安踏、李宁", "OEM for Zara Home", "染色配方：活性艳红X-3B 2.5% owf，元明粉60g/L，纯碱20g/L",
                  "成本价：12元/米", "大货价18.5元/米", "拿货价 16元", "单 价：13.5元/米"],
                 ["优衣库", "ZARA", "恒逸石化", "荣盛", "Uniqlo", "Zara", "安踏", "李宁", "艳红", "元明粉", "12元/米",
                  "18.5元", "16元", "13.5元"],
                 ["客户满意", "适合客户定制", "主要成分：棉", "成分：100%棉"]),
    "chemicals": ("物料编码,品名,CAS号,分子式,含量,等级,备注,更新时间",
                  "C{i:02d},甲醇{i},67-56-1,CH4O,99.5%,工业级,\"{note}\",2026-10-01 10:00:00",
                  ["成份：乙醇99.5%、水0.5%。", "组成及含量：HEDP 30%，PBTCA 20%，水50%。",
                   "配料表：Pt 0.3%，Al2O3 载体 99.7%", "投料：丙二醇 20kg + 水 50kg + 消泡剂 0.5kg。",
                   "Components: water 50%, SLES 30%, citric acid 20%.", "配料：乙二醇60%、水38%、缓蚀剂2%",
                   "原料：乙二醇（60%），水（38%）", "Mix: EG 60%, DEG 30%, water 10%", "Components: EG 60%, water 40%",
                   "复配比例 乙二醇60份 水38份", "母液配比乙二醇/水 60/40",
                   "成本价：5200元/吨", "采购成本 4800元/吨", "Cost: USD 720/t", "单 价：5200元/吨"],
                  ["水0.5", "PBTCA", "Al2O3", "消泡剂", "SLES", "缓蚀剂", "水(38%)", "DEG 30", "water 40", "60份",
                   "水 60/40", "5200元", "4800元", "USD 720"],
                  ["新配方产品，纯度99%"]),
}


@pytest.mark.parametrize("industry", ["textiles", "chemicals"])
def test_red_team_round_12_recipes_prices_and_customers_do_not_reach_the_release(industry, tmp_path):
    header, row, notes, secrets, kept = RT12[industry]
    rows = [header, *(row.format(i=i, note=note) for i, note in enumerate([*notes, *kept]))]
    texts = _released(tmp_path, industry, {"products": "\n".join(rows) + "\n"}, "91330109MA2H3K7T46")
    assert [(s, w) for w, t in texts.items() for s in secrets if s in t] == []
    data = "".join(t for w, t in texts.items() if w.endswith(".parquet"))
    assert [k for k in kept if unicodedata.normalize("NFKC", k) not in data] == []   # the build writes NFKC


def _released(tmp_path: Path, industry: str, files: dict[str, str], enterprise: str) -> dict[str, str]:
    """A small build of ``files`` (table -> CSV text) of one enterprise; the release's texts (and the console
    output under `<console>`)."""
    raw = tmp_path / "raw"
    raw.mkdir()
    sources = []
    for table, text in files.items():
        (raw / f"{table}.csv").write_text(text, encoding="utf-8")
        sources.append(f"  - path: raw/{table}.csv\n    table: {table}\n    enterprise_id: {enterprise}\n")
    (tmp_path / "sources.yaml").write_text(f"industry: {industry}\nreference_date: 2026-11-01\nsources:\n"
                                           + "".join(sources), encoding="utf-8")
    result = CliRunner().invoke(app, ["build", industry, "--sources", str(tmp_path / "sources.yaml"),
                                      "--out", str(tmp_path / "out"), "--keep-going"])
    assert result.exit_code == 0, result.output
    texts = release_text(tmp_path / "out" / "release")
    texts["<console>"] = result.output
    return texts


def _apparel_build(tmp_path: Path, products: str, inspections: str | None = None) -> dict[str, str]:
    """A small apparel build from CSV text (:func:`_released`)."""
    files = {"products": products, **({"inspections": inspections} if inspections is not None else {})}
    return _released(tmp_path, "apparel", files, "91330113MA2KC4W754")


_PRODUCT = "款号,品名,品类,面料成分,安全类别,卖点,更新时间\nHZW-5101,连衣裙A,连衣裙,100%棉,B类,x,2026-10-01 08:00:00\n"


def test_names_of_merged_rows_are_known_names(tmp_path):
    """Red team round 12, item 4: the inspector of a row merged as a duplicate (Q001 twice: 猪八戒 then 沙和尚) is
    masked in another row's notes like the survivor's (names were collected from kept and quarantined rows only)."""
    texts = _apparel_build(tmp_path, _PRODUCT, "检验单号,款号,检验时间,抽样数量,判定,检验员,备注\n"
                           "Q001,HZW-5101,2026/10/20 11:51,80,合格,猪八戒,初检\n"
                           "Q001,HZW-5101,2026/10/20 11:51,80,合格,沙和尚,复检\n"
                           "Q002,HZW-5101,2026/10/21 11:51,80,合格,唐三藏,猪八戒和沙和尚共同复检\n")
    assert [(s, w) for w, t in texts.items() for s in ("猪八戒", "沙和尚", "唐三藏") if s in t] == []
    assert any("[NAME]和[NAME]共同复检" in t for t in texts.values())
    assert any('"notes": "复检"' in t for t in texts.values())   # the survivor's own note stays


def test_names_in_erp_audit_columns_are_known_names(tmp_path):
    """Red team round 12, item 6: an ERP's audit columns (创建人, 最后修改人, 录入人) name people; their values were
    published in descriptions. They are person columns now (never published, their names masked elsewhere)."""
    rows = ["款号,品名,品类,面料成分,安全类别,卖点,更新时间,创建人,最后修改人,录入人"]
    for i, note in enumerate(["样衣按柳岩意见改过", "蒲巴甲确认面料", "詹姆斯下单", "修改人已确认版型"]):
        rows.append(f"HZW-510{i},连衣裙{i},连衣裙,100%棉,B类,{note},2026-10-01 08:00:00,柳岩,蒲巴甲,詹姆斯")
    texts = _apparel_build(tmp_path, "\n".join(rows) + "\n")
    assert [(s, w) for w, t in texts.items() for s in ("柳岩", "蒲巴甲", "詹姆斯") if s in t] == []
    data = "".join(t for w, t in texts.items() if w.endswith(".parquet"))
    assert "样衣按[NAME]意见改过" in data and "修改人已确认版型" in data


def test_audit_columns_of_statuses_or_brands_add_no_names():
    from indset.grade import person_column_names

    frame = pl.DataFrame({"created_by": ["Liu Yan", "Yang Mi"], "Brand Owner": ["Zara", "H&M"],
                          "审批人": ["通过", "系统"], "最后修改时间": ["2026-10-01", "2026-10-02"]})
    assert person_column_names(frame, frame.columns) == {"Liu Yan", "Yang Mi"}


def test_known_names_that_are_words_mask_people_not_descriptions(tmp_path):
    """Red team round 12, item O: inspectors 高雅, 周杰/江南 (/tmp/rt12-sec/t5) masked `高雅气质 江南风` and cut
    `周杰伦同款` to `[NAME]伦同款`; where they name the inspector they are masked still."""
    products = ("款号,品名,品类,面料成分,安全类别,卖点,更新时间\n"
                "HZW-5101,连衣裙A,连衣裙,100%棉,B类,高雅气质 江南风,2026-10-01 08:00:00\n"
                "HZW-5102,连衣裙B,连衣裙,100%棉,B类,周杰伦同款,2026-10-01 08:00:00\n")
    texts = _apparel_build(tmp_path, products, "检验单号,款号,检验时间,抽样数量,判定,检验员,备注\n"
                           "Q001,HZW-5101,2026/10/20 11:51,80,合格,高雅,高雅复检\n"
                           "Q002,HZW-5102,2026/10/20 11:51,80,合格,周杰/江南,周杰抽检、江南复核\n")
    data = "".join(t for w, t in texts.items() if w.endswith(".parquet"))
    assert "高雅气质 江南风" in data and "[NAME]同款" in data
    assert "[NAME]复检" in data and "[NAME]抽检、[NAME]复核" in data
    assert [s for s in ("高雅复检", "周杰", "江南复核") if s in data] == []


RT13_NOTES = ["港区 852-9123-4567", "ins: lily_fashion", "微博：@丽丽服饰", "工行 622202 1234567890123",
              "Customers include Large Retailers and Zara", "Regards, lily wang", "王厂长签字",
              "助剂：渗透剂JFC 0.5%，柔软剂15%", "Inspector Zhang Wei approved"]
RT13_KEPT = ["规格 852-120 型", "门幅 150cm", "Zara style", "regards, the sales team",
             "Contains: 95% cotton 5% spandex"]


def test_red_team_round_13_shapes_do_not_reach_the_release(tmp_path):
    """Red team round 13: a Hong Kong phone, social handles, a bank card in two groups, a customer beside generic
    nouns, a name after a closing, a surname with a title, a dyeing recipe, and the inspector's name in pinyin (张伟
    in the inspections' personal field, `Wei Zhang` in its note) - while ordinary product text stays."""
    rows = ["款号,品名,品类,面料成分,安全类别,卖点,更新时间"]
    rows += [f"HZW-51{i:02d},连衣裙{i},连衣裙,100%棉,B类,\"{note}\",2026-10-01 08:00:00"
             for i, note in enumerate([*RT13_NOTES, *RT13_KEPT])]
    texts = _apparel_build(tmp_path, "\n".join(rows) + "\n", "检验单号,款号,检验时间,抽样数量,判定,检验员,备注\n"
                           "Q001,HZW-5100,2026/10/20 11:51,80,合格,张伟,Wei Zhang re-checked\n")
    secrets = ["9123-4567", "lily_fashion", "丽丽服饰", "1234567890123", "Zara", "lily wang", "王厂长", "JFC",
               "柔软剂", "Zhang Wei", "Wei Zhang", "张伟"]
    data = "".join(t for w, t in texts.items() if w.endswith(".parquet"))
    assert [(s, w) for w, t in texts.items() for s in secrets if s in t and s not in ("Zara",)] == []
    assert "Customers include [COMPANY]" in data and "[NAME] re-checked" in data
    assert [k for k in RT13_KEPT if unicodedata.normalize("NFKC", k) not in data] == []   # the build writes NFKC


RT14_NOTES = ["供应优衣库、GAP", "主要出口巴斯夫", "产品远销巴斯夫", "主要卖给巴斯夫", "供货巴斯夫", "客户为 zara",
              "Acetone for BASF Shanghai", "支付宝：lina@alipay", "支付宝账号 13800138000", "alipay: lina_88",
              "老板娘陈姐确认", "老李说", "身份证后四位1003", "身份证号后6位 100312", "家住萧山区宁围街道利一村3组"]
RT14_KEPT = ["供应链管理", "远销欧美", "主要出口欧洲", "出口日本", "for industrial use", "Acetone for HPLC", "家用",
             "小张力", "老化"]


def test_red_team_round_14_shapes_do_not_reach_the_release(tmp_path):
    """Red team round 14: customers after export and supply verbs, a lowercase brand after 客户为, an English customer
    after `for`, payment accounts, a surname with a kinship word, part of a resident ID, a home address after 家住 -
    while ordinary product text stays."""
    rows = ["款号,品名,品类,面料成分,安全类别,卖点,更新时间"]
    rows += [f"HZW-51{i:02d},连衣裙{i},连衣裙,100%棉,B类,\"{note}\",2026-10-01 08:00:00"
             for i, note in enumerate([*RT14_NOTES, *RT14_KEPT])]
    texts = _apparel_build(tmp_path, "\n".join(rows) + "\n")
    secrets = ["优衣库", "巴斯夫", "zara", "BASF", "lina", "13800138000", "陈姐", "老李", "位1003", "100312", "利一村"]
    assert [(s, w) for w, t in texts.items() for s in secrets if s in t] == []
    data = "".join(t for w, t in texts.items() if w.endswith(".parquet"))
    assert "GAP" not in data and "供应[COMPANY]" in data   # (`GAP` is in the bytes of Data Docs' images)
    assert [k for k in RT14_KEPT if unicodedata.normalize("NFKC", k) not in data] == []   # the build writes NFKC


def test_red_team_round_14_b_people_under_role_headers_do_not_reach_the_release(tmp_path):
    """Red team round 14 B, item 2: an inspections file's `记录人` column (孙丽) was no person column, so 孙丽 was
    published in a batch number (`B-孙丽`) and notes (`孙丽复核`, `孫麗說OK`); 周杰 under `跟单` was masked."""
    header = "检验单号,款号,批号,检验时间,抽样数量,致命缺陷,主要缺陷,次要缺陷,AQL,判定,检验员,备注,记录人,跟单\n"
    rows = ("HZQ26003,HZW-5101,B-孙丽,2026/1/15 17:40,125,0,0,1,1.5,通过,黄磊,孙丽复核,孙丽,周杰\n"
            "HZQ26004,HZW-5101,B-周杰,2026/1/15 17:40,125,0,0,1,1.5,通过,黄磊,周杰跟进,孙丽,周杰\n"
            "HZQ26011,HZW-5101,B706,2026/1/15 17:40,125,0,0,1,1.5,通过,黄磊,孫麗說OK,孙丽,周杰\n")
    texts = _apparel_build(tmp_path, _PRODUCT, header + rows)
    assert [(s, w) for w, t in texts.items() for s in ("孙丽", "孫麗", "周杰", "黄磊") if s in t] == []
    data = "".join(t for w, t in texts.items() if w.endswith(".parquet"))
    assert "[NAME]复核" in data and "[NAME]说OK" in data and "B706" in data


def test_red_team_round_14_b_a_labelled_name_is_masked_in_every_field(tmp_path):
    """Red team round 14 B, item 5: a product's colour `张伟` was published beside its note
    `联系人：张伟 １３８５７４１２３６８`, which was masked: a name after a label in free text is a known name of
    the build. Another product's colour and note stay."""
    texts = _released(tmp_path, "textiles", {"products": (
        "货号,品名,类别,成分,纱支,克重(g/m²),门幅/inch,组织,颜色,单价(元),备注,更新时间\n"
        "TX-0007,全棉府绸 40S 7,色布,100%棉,40S,126,58/60,平纹,张伟,7.5,"
        "联系人：张伟 １３８５７４１２３６８,2026-02-18 10:25:00\n"
        "TX-0008,全棉府绸 40S 8,色布,100%棉,40S,127,58/60,平纹,藏青,7.5,平纹组织，手感柔软。,2026-02-18 10:25:00\n")},
        "91330109MA2H3K7T46")
    assert [w for w, t in texts.items() if "张伟" in t] == []
    data = "".join(t for w, t in texts.items() if w.endswith(".parquet"))
    assert "藏青" in data and "手感柔软" in data


RT14B_CHEM = ["配方见附件；成本核算：原料4100元/吨，毛利18%", "大货价 4,900元/吨；小样价 52元/kg",
              "乙二醇：水 = 6：4 复配，￥6,800/t 含税", "含税 4900 元/吨", "给巴斯夫的价格是4900元/吨，给万华的4700",
              "4900元/吨(含税)，量大可谈", "RMB 4900/MT CIF Ningbo", "USD 720/MT FOB Shanghai", "样品价 52元/kg",
              "到厂价 4950元/吨"]
RT14B_CHEM_KEPT = ["量大可谈", "CIF Ningbo", "FOB Shanghai", "反应釜清洗后 ¥29.9 包邮"]


def test_red_team_round_14_b_prices_and_customers_do_not_reach_the_release(tmp_path):
    """Red team round 14 B, items 1 and 6: prices cut by a thousands comma, under more `…价` words, in a costing or
    without a label, a second price in one sentence, and the customers given them or named after a bare 客户 or
    客人, were published."""
    header = "物料编码,品名,CAS号,分子式,含量,等级,单价(元/吨),备注,更新时间"
    rows = [header, *(f"ZH-{i:03d},丙酮 {i},67-64-1,C3H6O,99.5%,工业级,5000,\"{note}\",2026-01-18 14:50:00"
                      for i, note in enumerate([*RT14B_CHEM, *RT14B_CHEM_KEPT]))]
    texts = _released(tmp_path, "chemicals", {"products": "\n".join(rows) + "\n"}, "91330211MA2GQ7K83Y")
    secrets = ["4100", "900元", "52元", "6,800", "6800", "4900", "4700", "4950", "巴斯夫", "万华", "USD 720"]
    data = "".join(t for w, t in texts.items() if w.endswith(".parquet"))
    assert [s for s in secrets if s in data] == []
    assert [k for k in RT14B_CHEM_KEPT if unicodedata.normalize("NFKC", k) not in data] == []


def test_red_team_round_14_b_brands_after_a_bare_customer_word_do_not_reach_the_release(tmp_path):
    notes = ["客户H&M验货通过", "客户ZARA下单", "客人 Uniqlo 驻厂QC 确认", "客户QC验货通过"]
    inspections = "检验单号,款号,检验时间,抽样数量,判定,检验员,备注\n" + "".join(
        f"Q{i:03d},HZW-5101,2026-10-02 09:00:00,125,合格,黄磊,{note}\n" for i, note in enumerate(notes))
    texts = _apparel_build(tmp_path, _PRODUCT, inspections)
    data = "".join(t for w, t in texts.items() if w.endswith(".parquet"))
    assert [s for s in ("H&M", "ZARA", "Uniqlo") if s in data] == []
    assert "客户QC验货通过" in data and "客人 [COMPANY] 驻厂QC" in data


RT15_NOTES = ["供应优衣库", "驻厂QC佐藤确认", "大货价 4900元/吨 老王说可以", "有问题打 2368 找王建国",
              "手机:138 5741 2368", "手机：138-5741-2368", "zhangwei at gmail", "每米约 3.5 元的工费已含"]
RT15_KEPT = ["供应充足", "供应商：本厂", "驻厂QC检验合格", "老化测试", "找平", "找色", "138 5741", "made at factory",
             "优惠券满 3.5 元"]


@pytest.mark.parametrize("profile", ["public", "internal"])
def test_red_team_round_15_shapes_do_not_reach_the_release(profile, tmp_path):
    """Red team round 15: a Chinese customer brand after a bare 供应, a Japanese surname after `驻厂QC`, a nickname
    after a price, a name after `找` and an extension, a mobile in groups after a label, an e-mail without its domain
    ending, a fee before its fee word (public profile) - in a product's description and an inspection's notes, while
    ordinary text stays."""
    notes = [*RT15_NOTES, *RT15_KEPT]
    products = "款号,品名,品类,面料成分,安全类别,卖点,更新时间\n" + "".join(
        f"HZW-51{i:02d},连衣裙{i},连衣裙,100%棉,B类,\"{n}\",2026-10-01 08:00:00\n" for i, n in enumerate(notes))
    inspections = "检验单号,款号,检验时间,抽样数量,判定,检验员,备注\n" + "".join(
        f"Q{i:03d},HZW-5100,2026-10-02 09:00:00,125,合格,黄磊,\"{n}\"\n" for i, n in enumerate(notes))
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "products.csv").write_text(products, encoding="utf-8")
    (raw / "inspections.csv").write_text(inspections, encoding="utf-8")
    (tmp_path / "sources.yaml").write_text(
        "industry: apparel\nreference_date: 2026-11-01\nsources:\n" + "".join(
            f"  - path: raw/{t}.csv\n    table: {t}\n    enterprise_id: 91330113MA2KC4W754\n"
            for t in ("products", "inspections")), encoding="utf-8")
    result = CliRunner().invoke(app, ["build", "apparel", "--sources", str(tmp_path / "sources.yaml"),
                                      "--out", str(tmp_path / "out"), "--keep-going", "--profile", profile])
    assert result.exit_code == 0, result.output
    texts = release_text(tmp_path / "out" / "release")
    texts["<console>"] = result.output
    secrets = ["优衣库", "佐藤", "老王", "王建国", "5741 2368", "5741-2368", "zhangwei", "at gmail",
               *(["3.5 元的"] if profile == "public" else [])]
    assert [(s, w) for w, t in texts.items() for s in secrets if s in t] == []
    data = "".join(t for w, t in texts.items() if w.endswith(".parquet"))
    assert [k for k in RT15_KEPT if unicodedata.normalize("NFKC", k) not in data] == []   # the build writes NFKC
