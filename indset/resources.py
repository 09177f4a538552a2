"""Where suites and card templates live: the repo's folders, or the copies packaged in the wheel.

Data stewards edit `expectations/` in their checkout; a `--suites DIR` or `INDSET_SUITES` wins,
then `./expectations` in the working directory, then the repo next to the code, then the wheel.
"""

from __future__ import annotations

import os
from pathlib import Path

_PKG = Path(__file__).resolve().parent
_REPO = _PKG.parent


def _first(candidates: list[Path], marker: str) -> Path:
    for c in candidates:
        if (c / marker).exists() if marker else c.is_dir():
            return c
    return candidates[-1]


def suites_dir(explicit: Path | None = None, industry: str = "") -> Path:
    env = os.environ.get("INDSET_SUITES")
    cands = [p for p in (explicit, Path(env) if env else None) if p is not None]
    if cands:
        return cands[0]
    marker = ""
    for c in (Path.cwd() / "expectations", _REPO / "expectations", _PKG / "_resources" / "expectations"):
        if c.is_dir() and (not industry or any(c.glob(f"{industry}.*.json"))):
            return c
    return _first([_REPO / "expectations", _PKG / "_resources" / "expectations"], marker)


def cards_dir() -> Path:
    for c in (_REPO / "cards", _PKG / "_resources" / "cards"):
        if c.is_dir():
            return c
    raise FileNotFoundError("card templates not found (cards/)")
