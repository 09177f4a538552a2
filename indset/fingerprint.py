"""The fingerprint of the code that makes an industry's build: what a release tag must name.

A build records two in ``internal/build.json``: ``engine`` (``indset/*.py``, every industry's builders: an industry
may use another's parsers, and the card templates) and ``suites`` (the industry's suites). ``indset release``
computes them again from the repository it tags (its ``indset/``, ``builders/``, ``cards/`` and
``expectations/`` when it holds them, else the installed package's) and refuses data built otherwise. Each is a
sha256 over file paths and bytes, in path order, of source and data files only (an editor's swap file or a
``.DS_Store`` is none of them). The engine's is not part of the release manifest (a refactor would change every
root hash); ``internal/`` is versioned with the data. The suites' is also in the release manifest's parameters
(``suites_fingerprint``): ``indset validate`` says when the suites it runs differ from the build's.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from indset.resources import cards_dir
from indset.standard import builders_root

_ENGINE = Path(__file__).resolve().parent
SOURCE_SUFFIXES = (".py", ".yaml", ".yml", ".json", ".j2", ".txt")


def engine_fingerprint(root: Path | None = None) -> str:
    """sha256 (hex) of the engine, the builders and the card templates: those of the repository ``root`` when it
    holds them, else the installed package's."""
    repo = root is not None and (root / "indset" / "__init__.py").is_file()
    dirs = ([("indset", root / "indset"), ("builders", root / "builders"), ("cards", root / "cards")] if repo else
            [("indset", _ENGINE), ("builders", builders_root()), ("cards", cards_dir())])
    return _digest((name, d, "**/*") for name, d in dirs)


def suites_fingerprint(industry: str, suites: Path) -> str:
    """sha256 (hex) of the industry's suites in ``suites``."""
    return _digest([("expectations", suites, f"{industry}.*.json")])


def _digest(groups) -> str:
    digest = hashlib.sha256()
    for name, root, pattern in groups:
        files = sorted(p for p in root.glob(pattern) if p.is_file() and p.suffix in SOURCE_SUFFIXES
                       and not {"__pycache__", "_resources"} & set(p.relative_to(root).parts)  # (a wheel's copies)
                       and not p.name.startswith("."))
        for p in files:
            digest.update(f"{name}/{p.relative_to(root).as_posix()}\0".encode())
            digest.update(hashlib.sha256(p.read_bytes()).digest())
    return digest.hexdigest()
