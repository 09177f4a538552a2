"""The fingerprint of the code that makes an industry's build: what a release tag must name.

A build records it in ``internal/build.json``; ``indset release`` refuses data whose fingerprint is not the
checkout's (built by other code: rebuild first). It is a sha256 over the engine (``indset/*.py``), every
industry's builders (an industry may use another's parsers), the industry's suites and the card templates:
file paths and bytes, in path order. Not part of the release manifest (a refactor would change every root
hash); ``internal/`` is versioned with the data.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from indset.resources import cards_dir
from indset.standard import builders_root

_ENGINE = Path(__file__).resolve().parent


def code_fingerprint(industry: str, suites: Path) -> str:
    """sha256 (hex) of the engine, the builders, ``suites``' files for ``industry`` and the card templates."""
    groups = [("indset", _ENGINE, "**/*.py"), ("builders", builders_root(), "**/*"),
              ("expectations", suites, f"{industry}.*.json"), ("cards", cards_dir(), "*.j2")]
    digest = hashlib.sha256()
    for name, root, pattern in groups:
        files = sorted(p for p in root.glob(pattern) if p.is_file() and "__pycache__" not in p.parts)
        for p in files:
            digest.update(f"{name}/{p.relative_to(root).as_posix()}\0".encode())
            digest.update(hashlib.sha256(p.read_bytes()).digest())
    return digest.hexdigest()
