"""Atomic outputs (build into a staging folder, then swap it into place), hashes, and URL sources."""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any


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


@dataclass
class RemoteFile:
    """A source at an fsspec URL (s3://, oss://, memory://, ...), opened by whoever reads it (a Ray worker too).

    ``read_bytes`` fetches the object once and keeps the sha256 of those very bytes, so ``sha256_file``
    after a read fetches nothing. Credentials come from the environment or fsspec's config, never from here.
    """

    url: str
    storage_options: dict[str, Any] = field(default_factory=dict, repr=False)
    digest: str | None = field(default=None, compare=False, repr=False)  # sha256 of the bytes last read

    @property
    def suffix(self) -> str:
        return PurePosixPath(self.url.split("?", 1)[0]).suffix

    def read_bytes(self) -> bytes:
        import fsspec.core

        fs, path = fsspec.core.url_to_fs(self.url, **self.storage_options)
        data = fs.cat_file(path)
        self.digest = hashlib.sha256(data).hexdigest()
        return data


def sha256_file(path: Path | RemoteFile) -> str:
    """Hex sha256 of a local file, or of a URL source (as last read, else streamed through fsspec)."""
    if isinstance(path, RemoteFile):
        if path.digest is None:
            import fsspec

            with fsspec.open(path.url, "rb", **path.storage_options) as f:
                path.digest = hashlib.file_digest(f, "sha256").hexdigest()
        return path.digest
    h = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def write_text(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8", newline="\n")
