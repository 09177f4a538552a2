"""The build manifest: local paths resolve against its folder, URLs stay URLs, storage_options without secrets."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import polars as pl
import pytest
import yaml

from indset.errors import IndsetError
from indset.fsutil import RemoteFile
from indset.manifest import load_manifest

EID = "91330109MA2H3K7T46"


def write(folder: Path, paths: list[str], **top: object) -> Path:
    manifest = folder / "sources.yaml"
    sources = [{"path": p, "table": "products", "enterprise_id": EID} for p in paths]
    manifest.write_text(yaml.safe_dump({"industry": "textiles", **top, "sources": sources}, allow_unicode=True),
                        encoding="utf-8")
    return manifest


def test_url_sources_stay_urls_and_carry_the_storage_options(tmp_path):
    options = {"endpoint_url": "https://oss-cn-hangzhou.aliyuncs.com", "anon": False,
               "client_kwargs": {"region_name": "cn-hangzhou"}}
    files = [s.file for s in load_manifest(write(tmp_path, [
        "raw/hz_weaving_products.csv", "s3://exports/textiles/a.csv", "oss://exports/b.csv", "memory://t/c.jsonl",
        (tmp_path / "d.xlsx").as_uri()], storage_options=options)).sources]
    assert files[0] == tmp_path.resolve() / "raw" / "hz_weaving_products.csv"
    assert files[1:4] == [RemoteFile(u, options) for u in
                          ("s3://exports/textiles/a.csv", "oss://exports/b.csv", "memory://t/c.jsonl")]
    assert files[4] == tmp_path / "d.xlsx"  # file:// is a local path: the local readers' fast paths
    assert [f.suffix for f in files] == [".csv", ".csv", ".csv", ".jsonl", ".xlsx"]
    assert load_manifest(write(tmp_path, ["s3://exports/a.csv"])).sources[0].file == RemoteFile("s3://exports/a.csv")


@pytest.mark.parametrize("options", [
    {"key": "AKIDEXAMPLE"}, {"secret": "wJalrXUtnFEMI"}, {"token": "FwoGZXIvYXdz"}, {"password": "hunter2"},
    {"endpoint_url": "http://minio:9000", "client_kwargs": {"aws_secret_access_key": "wJalrXUtnFEMI"}},
])
def test_storage_options_refuse_credentials(tmp_path, options):
    manifest = write(tmp_path, ["s3://exports/a.csv"], storage_options=options)
    with pytest.raises(IndsetError, match=r"storage_options\.\S+ looks like a credential") as exc:
        load_manifest(manifest)
    message = str(exc.value)
    assert message.startswith(f"{manifest}: ") and "\n" not in message
    assert not any(v in message for v in ("AKIDEXAMPLE", "wJalrXUtnFEMI", "FwoGZXIvYXdz", "hunter2", "minio"))


def test_storage_options_must_be_a_mapping(tmp_path):
    manifest = write(tmp_path, ["s3://exports/a.csv"], storage_options="anon")
    with pytest.raises(IndsetError, match=r"storage_options must be a mapping"):
        load_manifest(manifest)


@pytest.mark.parametrize(("text", "message"), [
    ("reference_date: 2026-13-45\n", "not valid YAML"),
    ("reference_date: soon\n", "reference_date must be a date"),
    ("owner: 张伟\n", "unknown key(s) 'owner'"),
    ("sources:\n- {path: a.csv, table: products, sheet_name: '2026'}\n", "source #1: unknown key(s) 'sheet_name'"),
    ("sources:\n- {path: a.csv, table: products, columns: [a, b]}\n", "'columns' must be a mapping"),
    ("sources:\n- {path: a.csv, table: products, shifts: [早班]}\n", "'shifts' must be a mapping"),
    ("sources:\n- {path: a.csv, table: products, sheet: [a]}\n", "'sheet' names one sheet"),
])
def test_a_malformed_manifest_is_one_clear_error(tmp_path, text, message):
    """A typo (`sheet_name:`) or a value of the wrong type was ignored or crashed the build with a traceback."""
    manifest = tmp_path / "sources.yaml"
    body = text if text.startswith("sources") else text + "sources:\n- {path: a.csv, table: products}\n"
    manifest.write_text("industry: textiles\n" + body, encoding="utf-8")
    with pytest.raises(IndsetError, match=re.escape(message)):
        load_manifest(manifest)


def test_manifest_values_people_write(tmp_path):
    """`reference_date: 20261101`, `sheet: 2026` (YAML reads a number), a source listed twice, no enterprise id."""
    import datetime as dt

    from indset.errors import SourceError
    from indset.standard import load_standard

    manifest = tmp_path / "sources.yaml"
    manifest.write_text(f"industry: textiles\nreference_date: 20261101\nsources:\n"
                        f"- {{path: a.xlsx, table: products, sheet: 2026, enterprise_id: {EID}}}\n"
                        f"- {{path: a.xlsx, table: products, sheet: 2025, enterprise_id: {EID}}}\n"
                        f"- {{path: ./a.xlsx, table: products, sheet: 2026, enterprise_id: {EID}}}\n"
                        f"- {{path: b.csv, table: products}}\n", encoding="utf-8")
    m = load_manifest(manifest)
    assert m.reference_date == dt.date(2026, 11, 1)
    assert [s.sheet for s in m.sources[:3]] == ["2026", "2025", "2026"]
    std = load_standard("textiles")
    m.sources[0].check(std)
    m.sources[1].check(std)
    with pytest.raises(SourceError, match=r"listed again \(as source #1\)"):
        m.sources[2].check(std)
    with pytest.raises(SourceError, match="enterprise_id is missing"):
        m.sources[3].check(std)


GOOD_CSV = ("货号,品名,类别,成分,纱支,克重(g/m²),门幅/inch,组织,颜色,单价(元),备注,更新时间\n"
            + "".join(f"TX-000{i},全棉府绸 40S,色布,100%棉,40S,10{i},58/60,平纹,藏青,7.5,平纹组织。,"
                      "2026-02-18 10:25:00\n"
                      for i in range(1, 6)))


def _rob_manifest(folder: Path, sources: list[dict[str, str]]) -> Path:
    (folder / "good.csv").write_text(GOOD_CSV, encoding="utf-8")
    (folder / "u16.txt").write_bytes(GOOD_CSV.replace(",", "\t").encode("utf-16"))
    (folder / "zero.csv").write_bytes(b"")
    manifest = folder / "sources.yaml"
    manifest.write_text(yaml.safe_dump({"industry": "textiles", "reference_date": "2026-11-01", "sources": sources},
                                       allow_unicode=True), encoding="utf-8")
    return manifest


@pytest.mark.parametrize(("sources", "message"), [
    ([{"path": "good.csv", "table": "products", "enterprise_id": EID},
      {"path": "zero.csv", "table": "products", "enterprise_id": EID},
      {"path": "u16.txt", "table": "produkts", "enterprise_id": "91330212MA2AF8Q31G"}],
     r"^u16\.txt: unknown table 'produkts'"),
    ([{"path": "good.csv", "table": "products", "enterprise_id": EID},
      {"path": "good.csv", "table": "products", "enterprise_id": EID},
      {"path": "plain.xlsx", "table": "products"},
      {"path": "u16.txt", "table": "product", "enterprise_id": "91330212MA2AF8Q31G"}],
     r"^good\.csv: listed again \(as source #1\)"),
    ([{"path": "good.csv", "table": "products", "enterprise_id": EID},
      {"path": "zero.csv", "table": "products", "enterprise_id": EID, "timezone": "Asia/Shangai"}],
     r"^zero\.csv: unknown timezone 'Asia/Shangai'"),
])
def test_every_manifest_entry_is_checked_before_any_source_is_read(tmp_path, monkeypatch, sources, message):
    """Red team round 14 B item 9: an unknown `table: produkts` was reported only after the sources before it
    were read, and an unreadable source before it (an empty file) hid it. Without --keep-going the first entry
    failing its own checks stops the build before any file is read."""
    from indset.build import build
    from indset.errors import SourceError

    monkeypatch.setenv("INDSET_HMAC_KEY", "test-key")
    lines: list[str] = []
    with pytest.raises(SourceError, match=message):
        build("textiles", _rob_manifest(tmp_path, sources), tmp_path / "out", log=lines.append)
    assert not any("reading" in line for line in lines), lines
    assert not (tmp_path / "out" / "release").exists()


def test_with_keep_going_failing_entries_are_skipped_and_the_rest_read(tmp_path):
    """What stays: with --keep-going each failing entry is skipped and reported (its own check or its file), the
    others are read."""
    from indset.build import read_sources
    from indset.manifest import load_manifest
    from indset.standard import load_standard

    manifest = load_manifest(_rob_manifest(tmp_path, [
        {"path": "good.csv", "table": "products", "enterprise_id": EID},
        {"path": "zero.csv", "table": "products", "enterprise_id": EID},
        {"path": "u16.txt", "table": "produkts", "enterprise_id": "91330212MA2AF8Q31G"},
        {"path": "u16.txt", "table": "products", "enterprise_id": "91330212MA2AF8Q31G"}]))
    acc, records, skipped = read_sources(load_standard("textiles"), manifest.sources, dt.date(2026, 11, 1), True,
                                         lambda _: None)
    assert [(s["path"], s["reason"]) for s in skipped] == [("zero.csv", "empty_file"), ("u16.txt", "unknown_table")]
    assert [r["source"] for r in records] == [1, 4] and acc["products"].measures.rows == 10


def test_nul_characters_in_a_cell_are_removed_and_counted(tmp_path):
    """Red team round 14 B item 9: NUL bytes inside a CSV cell (`TX-\\x000\\x0003`) were removed silently. A NUL is
    never data: it is still removed, and the values that held one are counted in the field notes (`nul_removed`);
    a file without NULs gets no such note."""
    from indset.build import read_sources
    from indset.manifest import load_manifest
    from indset.standard import load_standard

    (tmp_path / "nul.csv").write_bytes(GOOD_CSV.encode().replace(b"TX-0003", b"TX-\x000\x0003"))
    manifest = load_manifest(_rob_manifest(tmp_path, [
        {"path": "good.csv", "table": "products", "enterprise_id": EID},
        {"path": "nul.csv", "table": "products", "enterprise_id": "91330212MA2AF8Q31G"}]))
    std = load_standard("textiles")
    acc, _, _ = read_sources(std, manifest.sources, dt.date(2026, 11, 1), False, lambda _: None)
    assert acc["products"].measures.notes == {"sku": {"nul_removed": 1}}
    kept = pl.concat(acc["products"].kept, how="diagonal_relaxed")
    assert kept["sku"].to_list() == [f"TX-000{i}" for i in range(1, 6)] + ["TX-0001", "TX-0002", "TX-003", "TX-0004",
                                                                            "TX-0005"]  # `TX-`, NUL, `0`, NUL, `03`
    acc, _, _ = read_sources(std, manifest.sources[:1], dt.date(2026, 11, 1), False, lambda _: None)
    assert acc["products"].measures.notes == {}
