"""Nothing secret or personal leaves the platform (STANDARD.md section 6, issue 7).

For every industry and both release profiles, the canaries are every raw value of a personal or core
field, every enterprise id, and every phone number and e-mail address found in the raw exports. None
may appear anywhere under release/ (Parquet decoded, card, reports, Data Docs, manifest) nor in the
build's console output.
"""

from __future__ import annotations

import json
import re
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
