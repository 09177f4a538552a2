"""Field parsers on the messy forms enterprises really export (STANDARD.md sections 3 and 5)."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import make_uscc, run_parser

UTC = dt.UTC


def at(*args):
    return dt.datetime(*args, tzinfo=UTC)


@pytest.mark.parametrize(("raw", "expected"), [
    ("2024-03-05T14:03:00+08:00", at(2024, 3, 5, 6, 3)),
    ("2024-03-05T06:03:00Z", at(2024, 3, 5, 6, 3)),
    ("2024/3/5 14:03", at(2024, 3, 5, 6, 3)),
    ("20240305140300", at(2024, 3, 5, 6, 3)),
    ("2024年3月5日 14时03分", at(2024, 3, 5, 6, 3)),
    ("2024年3月5日14時3分20秒", at(2024, 3, 5, 6, 3, 20)),
    ("45356.5", at(2024, 3, 5, 4, 0)),            # Excel serial, noon in Shanghai
    ("45356", at(2024, 3, 4, 16, 0)),
    ("1709618580", at(2024, 3, 5, 6, 3)),          # Unix seconds
    ("1709618580000", at(2024, 3, 5, 6, 3)),       # Unix milliseconds
    ("20240305", at(2024, 3, 4, 16, 0)),
    ("２０２４－０３－０５ １４：０３", at(2024, 3, 5, 6, 3)),  # full width
])
def test_timestamps_every_listed_form(textiles, raw, expected):
    parsed = run_parser(textiles, "products", "updated_at", [raw])
    assert parsed.values.to_list() == [expected]
    assert not parsed.invalid[0]


def test_timestamps_use_source_timezone_and_flag_garbage(textiles):
    parsed = run_parser(textiles, "products", "updated_at", ["2024-03-05 14:03", "not a date", None],
                        timezone="UTC")
    assert parsed.values.to_list() == [at(2024, 3, 5, 14, 3), None, None]
    assert parsed.invalid.to_list() == [False, True, False]


def test_fabric_weight_units_from_header_and_inline(textiles):
    parsed = run_parser(textiles, "products", "fabric_weight_gsm", ["4", "150g/m2", "5.5 oz", "很重", "-3"],
                        header_unit="oz/yd2")
    vals = parsed.values.to_list()
    assert vals[0] == pytest.approx(4 * 33.906, rel=1e-4)
    assert vals[1] == pytest.approx(150)
    assert vals[2] == pytest.approx(5.5 * 33.906, rel=1e-4)
    assert parsed.invalid.to_list() == [False, False, False, True, False]


def test_width_pairs_keep_the_smaller_and_convert_inches(textiles):
    parsed = run_parser(textiles, "products", "width_cm", ['57/58"', "150cm", "148", "58 inch", "1.5m"])
    assert parsed.values.to_list() == pytest.approx([57 * 2.54, 150, 148, 58 * 2.54, 150])


@pytest.mark.parametrize(("raw", "tex"), [
    ("40S", 590.54 / 40), ("40支", 590.54 / 40), ("32S/2", 2 * 590.54 / 32), ("150D", 150 / 9),
    ("75D/72F", 75 / 9), ("20tex", 20), ("167dtex", 16.7), ("Nm 50", 20), ("50公支", 20),
])
def test_yarn_counts_to_tex(textiles, raw, tex):
    parsed = run_parser(textiles, "products", "yarn_count_tex", [raw])
    assert parsed.values[0] == pytest.approx(tex, rel=1e-5)


@pytest.mark.parametrize(("raw", "expected"), [
    ("65%涤纶 35%棉", [("涤纶", 65), ("棉", 35)]),
    ("T/C 65/35", [("涤纶", 65), ("棉", 35)]),
    ("CVC 60/40", [("棉", 60), ("涤纶", 40)]),
    ("T/R 65/35", [("涤纶", 65), ("粘胶纤维", 35)]),
    ("Cotton 95% Spandex 5%", [("棉", 95), ("氨纶", 5)]),
    ("95% CO 5% EL", [("棉", 95), ("氨纶", 5)]),
    ("100%棉", [("棉", 100)]),
    ("全棉", [("棉", 100)]),
    ("滌綸100%", [("涤纶", 100)]),
    ("棉/氨纶 95/5", [("棉", 95), ("氨纶", 5)]),
    ("35%棉 65%涤纶", [("涤纶", 65), ("棉", 35)]),   # sorted by pct desc
    ("70%羊毛/30%羊绒", [("羊毛", 70), ("羊绒", 30)]),
])
def test_fiber_compositions(textiles, raw, expected):
    parsed = run_parser(textiles, "products", "fiber_composition", [raw])
    assert [(d["fiber"], d["pct"]) for d in parsed.values[0]] == expected


def test_unknown_fiber_is_invalid(textiles):
    parsed = run_parser(textiles, "products", "fiber_composition", ["50% unobtainium 50% 棉"])
    assert parsed.invalid.to_list() == [True]


@pytest.mark.parametrize(("raw", "code", "ok"), [
    ("5407.72", "540772", True), ("540772", "540772", True), ("5407720000", "540772", True),
    ("5208.12.00", "520812", True), ("8471.30", None, False),   # exists but not a textiles chapter
    ("999999", None, False), ("5407", None, False),
])
def test_hs_codes(textiles, raw, code, ok):
    parsed = run_parser(textiles, "products", "hs_code", [raw])
    assert parsed.values.to_list() == [code]
    assert parsed.invalid.to_list() == [not ok]


def test_uscc_check_character(textiles):
    good = make_uscc("91330600MA2BC1234")
    bad = good[:-1] + ("0" if good[-1] != "0" else "1")
    parsed = run_parser(textiles, "products", "enterprise_id", [good, bad.lower(), " " + good.lower() + " "])
    assert parsed.invalid.to_list() == [False, True, False]
    assert parsed.values.to_list()[2] == good


def test_enum_words_any_case_width_script(textiles):
    parsed = run_parser(textiles, "products", "category", ["面料", "GREIGE", "ｙａｒｎ", "紗線", "家紡", "banana"])
    assert parsed.values.to_list() == ["finished_fabric", "greige_fabric", "yarn", "yarn", "home_textile", None]
    assert parsed.invalid.to_list() == [False] * 5 + [True]


def test_percent_fractions_and_signs(textiles):
    frac = run_parser(textiles, "machine_readings", "efficiency_pct", ["0.85", "0.9", "1"])
    assert frac.values.to_list() == pytest.approx([85, 90, 100])
    plain = run_parser(textiles, "machine_readings", "efficiency_pct", ["85.2%", "≥90%", ">=99.5", "0.5"])
    assert plain.values.to_list() == pytest.approx([85.2, 90, 99.5, 0.5])
    header = run_parser(textiles, "machine_readings", "efficiency_pct", ["0.5"], header_has_percent=True)
    assert header.values.to_list() == [0.5]


def test_energy_units(textiles):
    parsed = run_parser(textiles, "machine_readings", "energy_kwh", ["12度", "1500 Wh", "0.002MWh", "3"])
    assert parsed.values.to_list() == pytest.approx([12, 1.5, 2, 3])


def test_codes_normalized(textiles):
    parsed = run_parser(textiles, "products", "sku", [" tx-0012 ", "ＴＸ 0013", "ab_1"])
    assert parsed.values.to_list() == ["TX-0012", "TX0013", "AB_1"]


def test_percent_fraction_rule_is_decided_on_the_whole_source_column(textiles):
    """A chunk of fractions inside a source of percentages stays as written (hint from the whole column)."""
    from indset.parsers.quantity import percent_fractions

    spec = textiles.tables["machine_readings"].field("efficiency_pct")
    import polars as pl

    whole = pl.Series(["0.5", "0.7", "85"])
    assert percent_fractions(whole, spec, False) is False
    chunk = run_parser(textiles, "machine_readings", "efficiency_pct", ["0.5", "0.7"], hint=False)
    assert chunk.values.to_list() == [0.5, 0.7]


def test_simplified_conversion_in_one_call_matches_per_value():
    from indset.text import to_simplified, to_simplified_many

    texts = ["精梳棉紗 40S/2", "滌綸長絲\n150D", "", "臺灣製造", "plain ascii", "含分隔符\ue000的值"]
    assert to_simplified_many(texts) == [to_simplified(t) for t in texts]
    assert to_simplified_many(texts[:5]) == ["精梳棉纱 40S/2", "涤纶长丝\n150D", "", "台湾制造", "plain ascii"]
