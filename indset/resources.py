"""Where suites and card templates live: the repo's folders, or the copies packaged in the wheel.

Data stewards edit `expectations/` in their checkout. For suites, `--suites DIR` wins, then
`INDSET_SUITES`, then `./expectations` in the working directory (when it holds the industry's
suites), then the repo next to the code, then the copy packaged in the wheel.
"""

from __future__ import annotations

import os
from pathlib import Path

_PKG = Path(__file__).resolve().parent
_REPO = _PKG.parent
_PACKAGED = _PKG / "_resources"


def suites_dir(explicit: Path | None = None, industry: str = "") -> Path:
    env = os.environ.get("INDSET_SUITES")
    if explicit is not None or env:
        return explicit or Path(env)
    for c in (Path.cwd() / "expectations", _REPO / "expectations", _PACKAGED / "expectations"):
        if c.is_dir() and any(c.glob(f"{industry}.*.json")):
            return c
    return _PACKAGED / "expectations"


def cards_dir() -> Path:
    for c in (_REPO / "cards", _PACKAGED / "cards"):
        if (c / "base.md.j2").is_file():
            return c
    raise FileNotFoundError("card templates not found (cards/)")
