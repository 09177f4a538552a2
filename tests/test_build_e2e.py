"""End to end on the bundled textiles samples: accounting, lineage, loading, card, determinism."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import polars as pl
import pytest
import yaml
from contract import assert_accounting_and_lineage, assert_planted_outcomes, assert_planted_totals, build_samples
from typer.testing import CliRunner

from indset.build import build, chunk_rows
from indset.card import validate_card_metadata
from indset.cli import app
from indset.errors import SourceError
from indset.release_manifest import verify_manifest

SAMPLES = Path(__file__).resolve().parents[1] / "samples" / "textiles"
MANIFEST = SAMPLES / "sources.yaml"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return build_samples("textiles", MANIFEST, tmp_path_factory)


@pytest.mark.parametrize("table", ["products", "machine_readings"])
def test_accounting_and_lineage(built, table):
    assert_accounting_and_lineage(built, table, MANIFEST)


def test_load_dataset_per_config(built):
    import datasets

    release = built.out / "release"
    for table in ("products", "machine_readings"):
        ds = datasets.load_dataset(str(release), table)
        assert sum(len(s) for s in ds.values()) == built.report["tables"][table]["rows_out"]
        assert {k: len(v) for k, v in ds.items()} == {  # what the report says each split holds
            k: n for k, n in built.report["tables"][table]["split_rows"].items() if n}
        features = next(iter(ds.values())).features
        assert next(iter(features)) == "record_id"
        assert "enterprise_id" not in features and "enterprise_key" in features
    products = next(iter(datasets.load_dataset(str(release), "products").values()))
    assert products.features["fabric_weight_gsm"].dtype == "float64"
    assert products.features["updated_at"].dtype.startswith("timestamp[us")
    assert products.features["fiber_composition"].feature["pct"].dtype == "float64"
    readings = next(iter(datasets.load_dataset(str(release), "machine_readings").values()))
    assert readings.features["breaks"].dtype == "int64"
    assert "operator" not in readings.features   # personal: dropped from public releases


def test_card_yaml_is_valid_and_has_every_config(built):
    card = (built.out / "release" / "README.md").read_text(encoding="utf-8")
    assert validate_card_metadata(card) == []
    meta = yaml.safe_load(card.split("---")[1])
    assert {c["config_name"] for c in meta["configs"]} == {"products", "machine_readings"}
    assert meta["license"] and any(c.get("default") for c in meta["configs"])


def test_release_carries_no_clear_enterprise_id(built):
    from indset.manifest import load_manifest

    ids = {s.enterprise_id for s in load_manifest(MANIFEST).sources}
    for path in (built.out / "release").rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            if path.suffix == ".parquet":
                data = json.dumps(pl.read_parquet(path).to_dicts(), default=str, ensure_ascii=False).encode("utf-8")
            for eid in ids:
                assert eid.encode() not in data, f"{eid} found in {path}"


def test_manifest_hashes_verify(built):
    assert verify_manifest(built.out / "release") == []
    data = json.loads((built.out / "release" / "manifest.json").read_text(encoding="utf-8"))
    assert all("path" not in s for s in data["sources"])  # sources by content hash, never by path


def test_validate_on_the_release_gives_the_builds_data_docs(built, tmp_path, monkeypatch):
    """The build validates rows in release order, as `indset validate` reads the shards: same Data Docs."""
    midnight = dt.datetime.combine(dt.date.fromisoformat(built.report["reference_date"]), dt.time(), tzinfo=dt.UTC)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(midnight.timestamp())))  # the build's run time
    result = CliRunner().invoke(app, ["validate", str(built.out / "release"), "--docs", str(tmp_path / "gx")])
    assert result.exit_code in (0, 1), result.output

    def pages(docs: Path) -> dict[str, bytes]:
        return {str(p.relative_to(docs)): p.read_bytes() for p in sorted(docs.rglob("*.html"))}

    assert pages(tmp_path / "gx") == pages(built.out / "release" / "reports" / "gx")


def test_same_inputs_same_root_hash(built, tmp_path, monkeypatch):
    monkeypatch.setenv("INDSET_HMAC_KEY", "test-key")
    again = build("textiles", MANIFEST, tmp_path / "again", keep_going=True)
    assert again.root_hash == built.root_hash


def test_chunk_boundaries_do_not_change_the_release(built, tmp_path, monkeypatch):
    """Row-local stages run per chunk; chunks of 7 rows give the bytes of whole-source chunks."""
    monkeypatch.setenv("INDSET_HMAC_KEY", "test-key")
    monkeypatch.setattr("indset.build.CHUNK_ROWS", 7)
    monkeypatch.setattr("indset.build.MIN_CHUNK_ROWS", 1)
    assert build("textiles", MANIFEST, tmp_path / "small-chunks", keep_going=True).root_hash == built.root_hash


def test_chunk_rows_cuts_a_source_for_both_chunk_threads():
    assert chunk_rows(1_000_000) == 500_000             # one full chunk would leave a thread idle
    assert chunk_rows(10_000_000) == 1_000_000          # bounded working memory
    assert chunk_rows(150_000) == chunk_rows(40) == 100_000  # small sources: one chunk, no splitting cost
    assert chunk_rows(1_000_000, most=20_000) == 20_000


def test_url_sources_build_the_same_release(built, tmp_path, memory_fs, monkeypatch):
    """The samples read through fsspec (memory://, file:// for some) give the same release and root hash:
    the release names sources by content hash; their URLs stay in internal/."""
    monkeypatch.setenv("INDSET_HMAC_KEY", "test-key")
    raw = yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))
    for i, s in enumerate(raw["sources"]):
        if i % 4 == 3:
            s["path"] = (SAMPLES / s["path"]).as_uri()
        else:
            memory_fs.pipe_file(f"/t/textiles/{s['path']}", (SAMPLES / s["path"]).read_bytes())
            s["path"] = f"memory://t/textiles/{s['path']}"
    manifest = tmp_path / "sources.yaml"
    manifest.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    result = build("textiles", manifest, tmp_path / "out", keep_going=True)
    assert result.root_hash == built.root_hash
    files = pl.read_parquet(tmp_path / "out" / "internal" / "lineage" / "products.parquet")["_source_file"]
    assert files.str.starts_with("memory://t/textiles/raw/").any() and files.str.starts_with("file:///").any()


def test_invalid_source_stops_the_build_without_keep_going(tmp_path, monkeypatch):
    monkeypatch.setenv("INDSET_HMAC_KEY", "test-key")
    raw = yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))
    raw["sources"] = [s for s in raw["sources"] if "kq_trading" not in s["path"]]  # the invalid-id source
    eid = raw["sources"][0]["enterprise_id"]
    raw["sources"].append({"path": "nowhere.csv", "table": "products", "enterprise_id": eid})
    shutil.copytree(SAMPLES, tmp_path / "s")
    (tmp_path / "s" / "sources.yaml").write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    with pytest.raises(SourceError, match=r"nowhere\.csv: file not found"):
        build("textiles", tmp_path / "s" / "sources.yaml", tmp_path / "out")
    assert not (tmp_path / "out" / "release").exists()


PLANTED = json.loads((SAMPLES / "planted.json").read_text(encoding="utf-8"))


def lineage_of(built, table: str) -> dict[tuple[str, int], dict]:
    frame = pl.read_parquet(built.out / "internal" / "lineage" / f"{table}.parquet")
    return {(r["_source_file"], r["_source_row"]): r for r in frame.iter_rows(named=True)}


@pytest.mark.parametrize("table", ["products", "machine_readings"])
def test_every_planted_row_has_its_expected_outcome(built, table):
    """Each planted defect (samples/textiles/planted.json) ends as the standard says, row by row."""
    assert_planted_outcomes(built, table, PLANTED, skip_kinds=("relisting_original",))


@pytest.mark.parametrize("table", ["products", "machine_readings"])
def test_planted_totals(built, table):
    assert_planted_totals(built, table, PLANTED)
    if table == "products":
        relistings = PLANTED["expected"][table]["rows_merged_of_which_relistings"]
        assert built.report["tables"][table]["entity_resolution"] == {"merged": relistings}


def test_relistings_merge_into_the_relisting(built):
    lineage = lineage_of(built, "products")
    originals = [r for r in PLANTED["rows"] if r["kind"] == "relisting_original"]
    relistings = {r["of"]: r for r in PLANTED["rows"] if r["kind"] == "relisting"}
    assert originals
    for r in originals:
        row = lineage[(r["path"], r["row"])]
        survivor = lineage[(relistings[r["value"]]["path"], relistings[r["value"]]["row"])]
        assert (row["status"], row["_reason"]) == ("merged", "relisting")
        assert survivor["status"] == "kept" and row["record_id"] == survivor["record_id"]
    pairs = pl.read_parquet(built.out / "internal" / "resolution" / "products.parquet")
    assert pairs.height == len(originals) and pairs["name_similarity"].min() >= 0.85
    assert not list((built.out / "release").rglob("*resolution*"))


def test_near_duplicates_are_reported_and_share_a_split(built):
    from indset.neardup import text_clusters

    nd = built.report["tables"]["products"]["near_duplicates"]
    assert nd["clusters"] >= 1 and nd["largest"] >= 2 and nd["rows_in_clusters"] >= 2 * nd["clusters"]
    products = splits_of(built.out)
    clusters = text_clusters(products, ("name", "description"))  # of the released (scrubbed) texts
    per_cluster = products.with_columns(clusters.label.alias("cluster")).group_by("cluster").agg(
        pl.len(), pl.col("split").n_unique())
    assert clusters.stats["clusters"] >= 1 and per_cluster["split"].max() == 1


def splits_of(out: Path) -> pl.DataFrame:
    """The released products with the split each row is in."""
    return pl.concat([pl.read_parquet(p).with_columns(pl.lit(p.name.split("-")[0]).alias("split"))
                      for p in sorted((out / "release" / "data" / "products").glob("*.parquet"))])


# red team round 14 C item 3: this file, one more source of the samples, edits TX-0004's description; TX-0004 moved
# from test to train (its text was the key of its split group)
HZ_UPDATE = "\n".join([
    "货号,品名,类别,海关编码,成分,纱支,克重(g/m²),门幅/inch,组织,颜色,单价(元),备注,更新时间",
    "TX-0001,涤棉府绸 T/C 80/20 45S×45S 133×72 (新款),坯布,5208.21,80%涤纶 20%棉,45S,117,58/60,平纹,漂白,7.60,"
    "平纹组织，色牢度4级以上，手感柔软，适用于箱包、工装。,2026-10-30 10:25:00",
    "TX-0004,全棉细布,色布,5208.31,100%棉,60S,94,47,平纹,藏青,8.10,全新描述：高支高密，适合衬衫。,2026-10-30 11:00:00",
    ""])


def test_an_edited_description_keeps_its_entitys_split(built, tmp_path, monkeypatch):
    monkeypatch.setenv("INDSET_HMAC_KEY", "test-key")
    raw = yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))
    for s in raw["sources"]:
        s["path"] = str(SAMPLES / s["path"])
    (tmp_path / "hz_weaving_update_2026-10-30.csv").write_text(HZ_UPDATE, encoding="utf-8")
    raw["sources"].insert(-1, {"path": str(tmp_path / "hz_weaving_update_2026-10-30.csv"), "table": "products",
                               "enterprise_id": "91330109MA2H3K7T46"})
    manifest = tmp_path / "sources.yaml"
    manifest.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    build("textiles", manifest, tmp_path / "out", keep_going=True)
    one, two = splits_of(built.out), splits_of(tmp_path / "out")
    both = one.join(two, on="record_id", suffix="_2")
    assert both.height == one.height == two.height  # the same entities, two of them with a newer version
    edited = both.filter(pl.col("sku") == "TX-0004")
    assert edited.select("description", "description_2").rows() == [
        ("平纹组织,色牢度4级以上,预缩处理,适用于内衣、窗帘。", "全新描述:高支高密,适合衬衫。")]
    assert (both["split"] == both["split_2"]).all()  # TX-0004 and every other entity kept its split
    assert one["split"].n_unique() == 3


def test_contacts_in_descriptions_are_scrubbed(built):
    products = pl.concat([pl.read_parquet(p) for p in (built.out / "release" / "data" / "products").glob("*.parquet")])
    text = "\n".join(products["description"].drop_nulls().to_list())
    for fact in (r for r in PLANTED["rows"] if r["kind"] == "contact_in_description"):
        for token in __import__("re").findall(r"1[3-9]\d{9}|[\w.]+@[\w.]+", fact["value"]):
            assert token not in text
    assert "[PHONE]" in text


def test_validate_says_when_its_suites_differ_from_the_builds(built, tmp_path):
    """Red team round 14 C item 5a: `indset validate --suites S` with the hs_code expectations deleted from
    textiles.products passed silently. The release's manifest.json records the suites' fingerprint, and validate
    says in one warning line when the suites it runs differ; the exit code stays the validation's."""
    from indset.fingerprint import suites_fingerprint

    root = Path(__file__).resolve().parents[1]
    params = json.loads((built.out / "release" / "manifest.json").read_text(encoding="utf-8"))["parameters"]
    code = json.loads((built.out / "internal" / "build.json").read_text(encoding="utf-8"))["code"]
    assert params["suites_fingerprint"] == suites_fingerprint("textiles", root / "expectations") == code["suites"]
    suites = tmp_path / "suites"
    shutil.copytree(root / "expectations", suites)
    same = CliRunner().invoke(app, ["validate", str(built.out / "release"), "--suites", str(suites)])
    assert "warning:" not in same.output and "differ" not in same.output   # a copy of the same suites: no warning
    path = suites / "textiles.products.json"
    suite = json.loads(path.read_text(encoding="utf-8"))
    deleted = [{"column": "hs_code", "regex": "^[0-9]{6}$"},
               {"column": "hs_code", "chapters": [50, 51, 52, 53, 54, 55, 56, 57, 58, 59, 60, 63]},
               {"column": "hs_code", "mostly": 0.5}]
    suite["expectations"] = [e for e in suite["expectations"] if e["kwargs"] not in deleted]
    assert len(suite["expectations"]) == 24
    path.write_text(json.dumps(suite, ensure_ascii=False), encoding="utf-8")
    fewer = CliRunner().invoke(app, ["validate", str(built.out / "release"), "--suites", str(suites)])
    assert fewer.exit_code == same.exit_code, fewer.output
    lines = [line for line in fewer.output.splitlines() if line.startswith("warning:")]
    assert len(lines) == 1 and "differ from those the release was built with" in lines[0], fewer.output
