"""`indset publish`: to a hub (a fake hub on 127.0.0.1 speaking the calls used) and to a local hub folder
(`--to file://DIR`) that `datasets.load_dataset` reads at a tag; refusals."""

from __future__ import annotations

import json
import logging
import shutil
from pathlib import Path

import datasets
import pyarrow.parquet as pq
import pytest
from fake_hub import FakeHub
from release_kit import GIT_ENV, built_data, git, runner

from indset.cli import app
from indset.release_manifest import verify_manifest

TOKEN = "hf_test_SECRET_token_0123456789"
CLONE = "git -c advice.detachedHead=false clone --quiet --branch v0.1.0"


@pytest.fixture(autouse=True)
def _env(monkeypatch):
    for k, v in GIT_ENV.items():
        monkeypatch.setenv(k, v)
    monkeypatch.delenv("HF_ENDPOINT", raising=False)
    monkeypatch.delenv("HF_TOKEN", raising=False)


@pytest.fixture
def release(tmp_path_factory, tmp_path) -> Path:
    """A private copy of the small built release (tests may spoil it)."""
    dst = tmp_path / "textiles" / "release"
    shutil.copytree(built_data(tmp_path_factory) / "textiles" / "release", dst)
    return dst


def publish(release: Path, *args: str):
    return runner.invoke(app, ["publish", str(release), "--repo", "indset/textiles", *args])


def rows(release: Path, table: str) -> int:
    return sum(pq.read_metadata(p).num_rows for p in (release / "data" / table).glob("*.parquet"))


def test_local_hub_one_commit_and_tag_per_release_loadable_at_the_tag(release, tmp_path):
    hub = tmp_path / "hub"
    root = json.loads((release / "manifest.json").read_text(encoding="utf-8"))["root_hash"]
    result = publish(release, "--revision", "v0.1.0", "--to", f"file://{hub}")
    assert result.exit_code == 0, result.output
    repo = hub / "indset" / "textiles"
    assert git(repo, "tag", "--list") == "v0.1.0\n"
    assert git(repo, "rev-list", "--count", "HEAD") == "1\n"
    load_line = next(ln for ln in result.output.splitlines() if ln.startswith("load it:"))
    assert f"{CLONE} {repo} textiles-v0.1.0 && python -c" in load_line
    assert "load_dataset('textiles-v0.1.0', 'products')" in load_line

    # A second release of the same dataset: one more commit, one more tag; the first stays reachable.
    result = publish(release, "--revision", "v0.2.0", "--to", f"file://{hub}")
    assert result.exit_code == 0, result.output
    assert git(repo, "tag", "--list").split() == ["v0.1.0", "v0.2.0"]
    assert git(repo, "rev-list", "--count", "HEAD") == "2\n"

    # load_dataset ignores revision= for a local folder, so the tag is checked out first (the printed way).
    clone = tmp_path / "textiles-v0.1.0"
    git(tmp_path, "clone", "--quiet", "--branch", "v0.1.0", str(repo), str(clone))
    ds = datasets.load_dataset(str(clone), "products", cache_dir=str(tmp_path / "cache"))
    assert sum(ds.num_rows.values()) == rows(release, "products")
    assert set(ds) == {"train", "validation", "test"}
    card = (clone / "README.md").read_text(encoding="utf-8")
    # red team round 14 C item 5b: the card named the absolute hub folder (a home directory names a person);
    # it names the hub by a placeholder, and no published file names a local folder
    assert f"{CLONE} path/to/hub/indset/textiles textiles-v0.1.0" in card
    assert str(tmp_path) not in card and str(hub) not in card
    assert not [p for p in clone.rglob("*") if p.is_file() and ".git" not in p.relative_to(clone).parts
                and str(tmp_path).encode() in p.read_bytes()]
    assert 'datasets.load_dataset("textiles-v0.1.0", "machine_readings")' in card
    assert "path/to/release" not in card
    # The published copy verifies on its own, and names the release it came from.
    assert verify_manifest(clone) == []
    manifest = json.loads((clone / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["publication"] == {"repo": "indset/textiles", "revision": "v0.1.0", "release_root_hash": root}
    published = {f["path"] for f in manifest["files"]}
    assert published == {p.relative_to(release).as_posix() for p in release.rglob("*") if p.is_file()} - {
        "manifest.json"}

    # Releases are immutable: the same tag again is refused and changes nothing.
    result = publish(release, "--revision", "v0.1.0", "--to", f"file://{hub}")
    assert result.exit_code == 2 and "already has tag 'v0.1.0'" in result.output
    assert git(repo, "rev-list", "--count", "HEAD") == "2\n"


def test_local_hub_without_a_tag_names_no_local_folder_in_the_card(release, tmp_path):
    """Red team round 14 C item 5b: `--to file://.../proj/.hub` wrote /tmp/rt14C/proj/.hub/indset/textiles into the
    published card's "How to load"; the card names `path/to/hub/ORG/NAME`, the printed line the real folder."""
    hub = tmp_path / "proj" / ".hub"
    result = publish(release, "--to", f"file://{hub}")
    assert result.exit_code == 0, result.output
    repo = hub / "indset" / "textiles"
    card = (repo / "README.md").read_text(encoding="utf-8")
    assert 'datasets.load_dataset("path/to/hub/indset/textiles", "products")' in card
    assert str(hub) not in card and ".hub" not in card and "path/to/release" not in card
    load_line = next(ln for ln in result.output.splitlines() if ln.startswith("load it:"))
    assert f"load_dataset('{repo}', 'products')" in load_line
    assert verify_manifest(repo) == []


def test_hub_publish_one_commit_tagged_token_never_shown(release, tmp_path, monkeypatch, caplog):
    caplog.set_level(logging.DEBUG)
    monkeypatch.setenv("HF_TOKEN", TOKEN)
    with FakeHub(token=TOKEN) as hub:
        result = publish(release, "--endpoint", hub.url, "--revision", "v0.1.0")
        assert result.exit_code == 0, result.output
        calls = hub.calls()
        assert calls[0] == "POST /api/repos/create"
        assert calls[1] == "GET /api/datasets/indset/textiles/refs"
        assert sum(c.startswith("POST /api/datasets/indset/textiles/commit/") for c in calls) == 1
        assert calls[-1] == "POST /api/datasets/indset/textiles/tag/" + hub.repos["indset/textiles"].head
        assert all(r["headers"].get("authorization") == f"Bearer {TOKEN}" for r in hub.requests)

        repo = hub.repos["indset/textiles"]
        assert len(repo.commits) == 1 and repo.tags == {"v0.1.0": repo.head}
        sent = repo.files
        expected = {p.relative_to(release).as_posix() for p in release.rglob("*") if p.is_file()}
        assert set(sent) == expected  # card, Parquet, reports (with Data Docs), manifest: nothing left out
        for path in expected - {"README.md", "manifest.json"}:
            assert sent[path] == (release / path).read_bytes(), path
        card = sent["README.md"].decode()
        assert 'datasets.load_dataset("indset/textiles", "products", revision="v0.1.0")' in card
        assert f"HF_ENDPOINT={hub.url}" in card
        assert json.loads(sent["manifest.json"])["publication"]["revision"] == "v0.1.0"
        assert f"HF_ENDPOINT={hub.url} python -c" in result.output
        assert "load_dataset('indset/textiles', 'products', revision='v0.1.0')" in result.output

        # The next release replaces the files (a file gone from the release is deleted) in one commit.
        repo.files["data/products/train-00000-of-00002.parquet"] = b"stale shard"
        n = len(hub.requests)
        monkeypatch.setenv("HF_ENDPOINT", hub.url)  # read per call, not only at import
        result = publish(release, "--revision", "v0.2.0")
        assert result.exit_code == 0, result.output
        commit = next(r for r in hub.requests[n:] if "/commit/" in r["path"])
        ops = [json.loads(x) for x in commit["body"].splitlines()]
        assert {"key": "deletedFile", "value": {"path": "data/products/train-00000-of-00002.parquet"}} in ops
        assert len(repo.commits) == 2 and set(repo.tags) == {"v0.1.0", "v0.2.0"}

        # An existing tag is refused before any commit.
        result = publish(release, "--revision", "v0.2.0")
        assert result.exit_code == 2 and "already has a tag or branch 'v0.2.0'" in result.output
        assert len(repo.commits) == 2

    text = result.output + caplog.text + json.dumps([r["path"] for r in hub.requests])
    assert TOKEN not in text


def test_hub_errors_are_one_line_without_the_token(release, monkeypatch):
    monkeypatch.setenv("HF_TOKEN", TOKEN)
    with FakeHub(token="a-different-token") as hub:
        result = publish(release, "--endpoint", hub.url, "--revision", "v0.1.0")
    assert result.exit_code == 2
    errors = [ln for ln in result.output.splitlines() if ln.startswith("error:")]
    assert len(errors) == 1 and errors[0].startswith(f"error: hub {hub.url}: ") and "401" in errors[0]
    assert TOKEN not in result.output


@pytest.mark.parametrize(("spoil", "message"), [
    ("gate", "release gate not passed (products: 1 critical expectation(s) failed)"),
    ("manifest", "manifest does not verify (hash mismatch reports/quality.html)"),
])
def test_refuses_failed_gate_or_unverified_manifest(release, tmp_path, spoil, message):
    if spoil == "gate":
        q = release / "reports" / "quality.json"
        report = json.loads(q.read_text(encoding="utf-8"))
        report["gate"] = {"passed": False, "reasons": ["products: 1 critical expectation(s) failed"]}
        q.write_text(json.dumps(report), encoding="utf-8")
    else:
        (release / "reports" / "quality.html").write_text("<p>edited by hand</p>", encoding="utf-8")
    with FakeHub() as hub:
        result = publish(release, "--endpoint", hub.url, "--revision", "v0.1.0")
        assert hub.requests == []
    assert result.exit_code == 2 and message in result.output
    assert result.output.startswith("error: refusing to publish: ")
    result = publish(release, "--revision", "v0.1.0", "--to", f"file://{tmp_path / 'hub'}")
    assert result.exit_code == 2 and not (tmp_path / "hub").exists()


def test_refuses_bad_arguments(release):
    result = runner.invoke(app, ["publish", str(release), "--repo", "textiles", "--to", "file:///tmp/x"])
    assert result.exit_code == 2 and "--repo must be ORG/NAME" in result.output
    result = publish(release, "--to", "s3://bucket/x")
    assert result.exit_code == 2 and "--to must be file://DIR" in result.output


def test_refuses_an_internal_profile_build(release, tmp_path):
    """An internal build keeps prices and pseudonymized personal fields: published, it leaked them to a hub."""
    from indset.release_manifest import root_hash

    path = release / "manifest.json"
    manifest = json.loads(path.read_text(encoding="utf-8"))
    manifest["parameters"]["profile"] = "internal"
    body = {k: v for k, v in manifest.items() if k != "root_hash"}
    path.write_text(json.dumps({**body, "root_hash": root_hash(body)}, ensure_ascii=False, indent=2, sort_keys=True)
                    + "\n", encoding="utf-8")
    result = publish(release, "--revision", "v0.1.0", "--to", f"file://{tmp_path / 'hub'}")
    assert result.exit_code == 2 and "built with --profile internal" in result.output
    assert not (tmp_path / "hub").exists()
