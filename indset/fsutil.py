"""Atomic outputs: build into a staging folder, then swap it into place."""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def staging(out: Path) -> Iterator[Path]:
    """Yield an empty folder beside ``out``; on success its zones replace those of ``out``.

    A build killed before the swap leaves the previous release untouched (and a stale
    ``.staging-*`` folder that the next build removes).
    """
    out.mkdir(parents=True, exist_ok=True)
    for stale in out.glob(".staging-*"):
        shutil.rmtree(stale, ignore_errors=True)
    stage = Path(tempfile.mkdtemp(prefix=".staging-", dir=out))
    try:
        yield stage
        for zone in sorted(p.name for p in stage.iterdir()):
            target = out / zone
            old = out / f".old-{zone}"
            if target.exists():
                shutil.rmtree(old, ignore_errors=True)
                os.replace(target, old)
            os.replace(stage / zone, target)
            shutil.rmtree(old, ignore_errors=True)
    finally:
        shutil.rmtree(stage, ignore_errors=True)


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def write_text(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8", newline="\n")
