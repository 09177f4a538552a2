"""Helpers for the release and publish tests: a SMALL textiles source set, `indset build` on it (once per
session, cached), and temp git + DVC projects to release from."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import yaml
from typer.testing import CliRunner

from indset.cli import app

SAMPLES = Path(__file__).resolve().parent.parent / "samples" / "textiles"
SMALL = [("raw/hz_weaving_products.csv", "products"), ("raw/hz_weaving_looms_2026-10-26.csv", "machine_readings")]
ENTERPRISE = "91330109MA2H3K7T46"
GIT_ENV = {"GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.com", "GIT_COMMITTER_NAME": "Test",
           "GIT_COMMITTER_EMAIL": "test@example.com", "DVC_NO_ANALYTICS": "1"}

runner = CliRunner()
_CACHE: dict[str, Path] = {}


def git(cwd: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(cwd), *args], check=True, capture_output=True, text=True).stdout


def write_sources(src: Path) -> Path:
    """Two of the bundled textiles exports (one mill, both tables) and their build manifest."""
    (src / "raw").mkdir(parents=True, exist_ok=True)
    for path, _ in SMALL:
        shutil.copyfile(SAMPLES / path, src / path)
    manifest = {"industry": "textiles", "reference_date": "2026-11-01",
                "sources": [{"path": p, "table": t, "enterprise_id": ENTERPRISE} for p, t in SMALL]}
    (src / "sources.yaml").write_text(yaml.safe_dump(manifest, allow_unicode=True), encoding="utf-8")
    return src / "sources.yaml"


def build(sources: Path, out: Path) -> None:
    result = runner.invoke(app, ["build", "textiles", "--sources", str(sources), "--out", str(out)])
    assert result.exit_code == 0, result.output


def built_data(tmp_path_factory) -> Path:
    """A `data/` folder holding `textiles/{release,internal}` built from the small sources (built once)."""
    if "v1" not in _CACHE:
        base = tmp_path_factory.mktemp("small-build")
        build(write_sources(base / "src"), base / "data" / "textiles")
        _CACHE["v1"] = base / "data"
    return _CACHE["v1"]


def init_project(path: Path, data_from: Path, remote_url: Path) -> Path:
    """A git + DVC project: the small sources committed, data/ git-ignored, a default local DVC remote."""
    from dvc.repo import Repo

    path.mkdir(parents=True)
    git(path, "init", "-q")
    git(path, "symbolic-ref", "HEAD", "refs/heads/main")
    write_sources(path / "src")
    (path / ".gitignore").write_text("/data/\n", encoding="utf-8")
    Repo.init(str(path)).close()
    with Repo(str(path)) as repo, repo.config.edit() as conf:
        conf["remote"]["local"] = {"url": str(remote_url)}
        conf["core"]["remote"] = "local"
        conf["core"]["analytics"] = False
    git(path, "add", "-A")
    git(path, "commit", "-q", "-m", "project")
    shutil.copytree(data_from, path / "data")
    return path


def file_hashes(folder: Path) -> dict[str, str]:
    from indset.fsutil import sha256_file

    return {p.relative_to(folder).as_posix(): sha256_file(p) for p in sorted(folder.rglob("*")) if p.is_file()}
