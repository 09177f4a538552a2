"""`indset release`: a full cycle in a temp git + DVC project, fresh clones restoring a tag byte for byte,
an S3-compatible remote (moto's server standing in for MinIO/OSS), and the refusals."""

from __future__ import annotations

import json
import shutil
import socket
from pathlib import Path

import pytest
from release_kit import GIT_ENV, build, built_data, file_hashes, git, init_project, runner

from indset.cli import app
from indset.release_manifest import verify_manifest


@pytest.fixture(autouse=True)
def _git_env(monkeypatch):
    for k, v in GIT_ENV.items():
        monkeypatch.setenv(k, v)


def release(project: Path, version: str, *extra: str):
    return runner.invoke(app, ["release", version, "--data", str(project / "data"), *extra])


def root_hash(project: Path) -> str:
    return json.loads((project / "data/textiles/release/manifest.json").read_text(encoding="utf-8"))["root_hash"]


def dvc_pull(clone: Path, remote: str | None = None) -> None:
    from dvc.repo import Repo

    with Repo(str(clone)) as repo:
        repo.pull(remote=remote, force=True)


def test_release_cycle_and_fresh_clone(tmp_path_factory, tmp_path, monkeypatch):
    project = init_project(tmp_path / "proj", built_data(tmp_path_factory), tmp_path / "storage")
    monkeypatch.chdir(project)
    result = release(project, "v0.1.0")
    assert result.exit_code == 0, result.output
    assert "released v0.1.0" in result.output
    v1_hashes, v1_root = file_hashes(project / "data"), root_hash(project)
    assert git(project, "tag", "--list") == "v0.1.0\n"
    assert set(git(project, "show", "--name-only", "--format=", "v0.1.0^{commit}").split()) == {"data.dvc"}
    assert v1_root in git(project, "log", "-1", "--format=%B")
    assert not git(project, "status", "--porcelain", "--untracked-files=no")

    # A source changes (one machine reading fewer), the data is rebuilt and released as v0.2.0.
    looms = project / "src/raw/hz_weaving_looms_2026-10-26.csv"
    lines = looms.read_text(encoding="utf-8").splitlines(keepends=True)
    looms.write_text("".join(lines[:-1]), encoding="utf-8")
    git(project, "commit", "-q", "-am", "mill re-export: one reading withdrawn")
    build(project / "src/sources.yaml", project / "data/textiles")
    v2_root = root_hash(project)
    assert v2_root != v1_root
    result = release(project, "v0.2.0")
    assert result.exit_code == 0, result.output
    assert git(project, "tag", "--list").split() == ["v0.1.0", "v0.2.0"]

    # An ML team reads a tagged release without checking it out: dvc.api / DVCFileSystem at the git tag.
    import hashlib

    import dvc.api
    from dvc.fs import DVCFileSystem

    shard = next(p for p in v1_hashes if p.startswith("textiles/release/data/machine_readings/"))
    with dvc.api.open(f"data/{shard}", repo=str(project), rev="v0.1.0", mode="rb") as f:
        assert hashlib.sha256(f.read()).hexdigest() == v1_hashes[shard]
    fs = DVCFileSystem(repo=str(project), rev="v0.1.0")
    with fs.open("data/textiles/release/manifest.json", "rb") as f:
        manifest = json.loads(f.read())
    assert manifest["root_hash"] == v1_root

    # A teammate's fresh clone: git clone, check the tag out, dvc pull -> exactly v0.1.0, byte for byte.
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", str(project), str(clone))
    git(clone, "checkout", "-q", "v0.1.0")
    dvc_pull(clone)
    assert file_hashes(clone / "data") == v1_hashes
    assert verify_manifest(clone / "data/textiles/release") == []
    verified = runner.invoke(app, ["verify", str(clone / "data/textiles/release")])
    assert verified.exit_code == 0 and f"ok {v1_root}" in verified.output
    # ... and moving to v0.2.0 restores v0.2.0.
    git(clone, "checkout", "-q", "v0.2.0")
    dvc_pull(clone)
    assert root_hash(clone) == v2_root
    assert verify_manifest(clone / "data/textiles/release") == []

    # Refusals, each leaving no new commit or tag: existing tag, dirty tree.
    head = git(project, "rev-parse", "HEAD")
    result = release(project, "v0.2.0")
    assert result.exit_code == 2 and "tag v0.2.0 already exists" in result.output
    (project / "src/sources.yaml").write_text("industry: textiles\nsources: []\n", encoding="utf-8")
    result = release(project, "v0.3.0")
    assert result.exit_code == 2
    assert "uncommitted changes to tracked files (src/sources.yaml)" in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert git(project, "rev-parse", "HEAD") == head and "v0.3.0" not in git(project, "tag", "--list")


def _spoil(project: Path, how: str) -> None:
    rel = project / "data/textiles/release"
    if how == "gate":
        q = rel / "reports/quality.json"
        report = json.loads(q.read_text(encoding="utf-8"))
        report["gate"] = {"passed": False, "reasons": ["products: 2 critical expectation(s) failed"]}
        q.write_text(json.dumps(report), encoding="utf-8")
    elif how == "manifest":
        shard = next((rel / "data/products").glob("train-*.parquet"))
        shard.write_bytes(shard.read_bytes() + b"\0")
    elif how == "leftover":
        (project / "data/textiles/.staging-x1").mkdir()
    elif how in ("other code", "other suites"):  # another checkout's build (its fingerprint is not this one's)
        build_json = project / "data/textiles/internal/build.json"
        record = json.loads(build_json.read_text(encoding="utf-8"))
        record["code"]["engine" if how == "other code" else "suites"] = "0" * 64
        build_json.write_text(json.dumps(record), encoding="utf-8")


@pytest.mark.parametrize(("how", "message"), [
    ("gate", "release gate not passed (products: 2 critical expectation(s) failed)"),
    ("manifest", "manifest does not verify (hash mismatch data/products/train-00000-of-00001.parquet)"),
    ("leftover", "data/textiles/.staging-x1: leftover of an interrupted build"),
    ("other code", "data/textiles/release: built by other code than this checkout"),
    ("other suites", "data/textiles/release: validated with other suites than"),
])
def test_refuses_a_release_that_failed_its_gate_or_does_not_verify(tmp_path_factory, tmp_path, how, message):
    project = init_project(tmp_path / "proj", built_data(tmp_path_factory), tmp_path / "storage")
    _spoil(project, how)
    result = release(project, "v0.1.0")
    assert result.exit_code == 2
    assert message in result.output
    assert git(project, "tag", "--list") == ""
    assert not (project / "data.dvc").exists() and not (tmp_path / "storage").exists()


def test_refuses_outside_git_without_remote_or_with_committed_credentials(tmp_path_factory, tmp_path):
    shutil.copytree(built_data(tmp_path_factory), tmp_path / "bare" / "data")
    result = release(tmp_path / "bare", "v0.1.0")
    assert result.exit_code == 2 and "not inside a git repository" in result.output

    project = init_project(tmp_path / "proj", built_data(tmp_path_factory), tmp_path / "storage")
    result = release(project, "v0.1.0", "--remote", "nowhere")
    assert result.exit_code == 2 and "DVC remote 'nowhere' is not configured" in result.output
    result = release(project, "bad..tag")
    assert result.exit_code == 2 and "not a valid git tag name" in result.output

    config = project / ".dvc/config"
    config.write_text(config.read_text(encoding="utf-8") + "    secret_access_key = oops\n", encoding="utf-8")
    git(project, "commit", "-q", "-am", "oops")
    result = release(project, "v0.1.0")
    assert result.exit_code == 2 and "holds credentials (remote 'local': secret_access_key)" in result.output
    assert "oops" not in result.output
    assert git(project, "tag", "--list") == ""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def s3_server():
    """moto's S3 in server mode on 127.0.0.1: a stand-in for MinIO, Alibaba OSS or any S3-compatible store."""
    moto_server = pytest.importorskip("moto.server", reason="moto[server] not installed (pip install 'moto[server]')")
    pytest.importorskip("dvc_s3", reason="dvc-s3 not installed (pip install dvc-s3)")
    boto3 = pytest.importorskip("boto3")
    import logging

    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    port = _free_port()
    server = moto_server.ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    url = f"http://127.0.0.1:{port}"
    s3 = boto3.client("s3", endpoint_url=url, aws_access_key_id="indset-test", aws_secret_access_key="s3-secret",
                      region_name="us-east-1")
    s3.create_bucket(Bucket="datasets")
    try:
        yield url, s3
    finally:
        server.stop()


def _s3_remote(project: Path, url: str, *, committed: bool) -> None:
    """`dvc remote add s3 s3://datasets/indset` (committed) + endpoint and keys in .dvc/config.local."""
    from dvc.repo import Repo

    with Repo(str(project)) as repo:
        if committed:
            with repo.config.edit() as conf:
                conf["remote"]["s3"] = {"url": "s3://datasets/indset"}
        with repo.config.edit("local") as conf:
            conf["remote"]["s3"] = {"endpointurl": url, "access_key_id": "indset-test",
                                    "secret_access_key": "s3-secret"}


def test_s3_compatible_remote_push_and_pull(tmp_path_factory, tmp_path, s3_server, monkeypatch):
    url, s3 = s3_server
    for k in ("AWS_PROFILE", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_ENDPOINT_URL"):
        monkeypatch.delenv(k, raising=False)
    project = init_project(tmp_path / "proj", built_data(tmp_path_factory), tmp_path / "storage")
    _s3_remote(project, url, committed=True)
    git(project, "commit", "-q", "-am", "S3-compatible DVC remote")
    result = release(project, "v0.1.0", "--remote", "s3")
    assert result.exit_code == 0, result.output
    assert "DVC remote 's3'" in result.output
    keys = [o["Key"] for o in s3.list_objects_v2(Bucket="datasets", Prefix="indset/")["Contents"]]
    assert f"pushed {len(keys)} file(s)" in result.output  # distinct contents + the .dir listing
    assert all(k.startswith("indset/files/md5/") for k in keys) and any(k.endswith(".dir") for k in keys)
    assert not (tmp_path / "storage").exists()  # nothing went to the default remote
    tracked = git(project, "ls-files", ".dvc").split()
    assert ".dvc/config.local" not in tracked and "s3-secret" not in (project / ".dvc/config").read_text()

    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", str(project), str(clone))
    git(clone, "checkout", "-q", "v0.1.0")
    _s3_remote(clone, url, committed=False)  # each teammate keeps the endpoint and keys in their local config
    dvc_pull(clone, remote="s3")
    assert file_hashes(clone / "data") == file_hashes(project / "data")
    assert verify_manifest(clone / "data/textiles/release") == []


def test_the_code_fingerprint_is_of_source_files_only(tmp_path):
    """An editor's swap file or a .DS_Store beside the builders changed the fingerprint (a false refusal)."""
    from indset.fingerprint import engine_fingerprint

    for rel in ("indset/__init__.py", "builders/t/standard.yaml", "cards/base.md.j2"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(rel, encoding="utf-8")
    before = engine_fingerprint(tmp_path)
    (tmp_path / "builders/t/.standard.yaml.swp").write_bytes(b"x")
    (tmp_path / "builders/.DS_Store").write_bytes(b"x")
    assert engine_fingerprint(tmp_path) == before
    (tmp_path / "builders/t/standard.yaml").write_text("changed", encoding="utf-8")
    assert engine_fingerprint(tmp_path) != before


def test_a_wheels_packaged_copies_are_no_part_of_the_engine_fingerprint(tmp_path):
    """An installed wheel's indset/ holds copies of the suites and cards (_resources/): a repository checkout has
    none, so counting them refused every release made with a non-editable install."""
    from indset.fingerprint import engine_fingerprint

    for rel in ("indset/__init__.py", "builders/t/standard.yaml", "cards/base.md.j2"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(rel, encoding="utf-8")
    before = engine_fingerprint(tmp_path)
    (tmp_path / "indset/_resources/cards").mkdir(parents=True)
    (tmp_path / "indset/_resources/cards/base.md.j2").write_text("copy", encoding="utf-8")
    assert engine_fingerprint(tmp_path) == before
