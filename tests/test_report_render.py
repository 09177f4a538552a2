"""The steward's quality page renders in a real browser, offline, with its charts (issue 5)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.mark.skipif(CHROMIUM is None, reason="chromium not installed (make test installs it with apt-get)")
def test_quality_page_renders_with_charts(tmp_path, monkeypatch):
    from PIL import Image

    from indset.build import build

    monkeypatch.setenv("INDSET_HMAC_KEY", "k")
    build("textiles", ROOT / "samples/textiles/sources.yaml", tmp_path / "out", keep_going=True)
    page = tmp_path / "out/release/reports/quality.html"
    assert not re.search(r"""(src|href)=["']https?://""", page.read_text(encoding="utf-8"))  # opens offline
    shot = tmp_path / "page.png"
    subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={tmp_path / 'profile'}", "--window-size=1200,2000",
                    f"--screenshot={shot}", page.as_uri()], check=True, capture_output=True, timeout=120)
    image = Image.open(shot).convert("RGB")
    colors = {c for _, c in image.getcolors(maxcolors=1_000_000)}
    # the charts' bars: output scores (#227744), input scores (#99aabb), quarantine reasons (#aa5544)
    for rgb in ((0x22, 0x77, 0x44), (0x99, 0xAA, 0xBB), (0xAA, 0x55, 0x44)):
        assert rgb in colors, f"chart color {rgb} not rendered"
