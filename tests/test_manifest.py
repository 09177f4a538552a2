"""The build manifest: local paths resolve against its folder, URLs stay URLs, storage_options without secrets."""

from __future__ import annotations

from pathlib import Path

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
