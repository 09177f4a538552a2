"""Keyed pseudonyms (HMAC-SHA256) for enterprise identities and personal fields.

The key comes from ``INDSET_HMAC_KEY`` or, failing that, a git-ignored local file
``.indset/hmac.key`` created on first use. It is never written to a release, a log or a card.
The same key gives the same pseudonyms across releases.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import sys
from pathlib import Path

import polars as pl

KEY_ENV = "INDSET_HMAC_KEY"
KEY_FILE = Path(".indset") / "hmac.key"
KEY_CHARS = 32


def load_key(key_file: Path | None = None) -> bytes:
    env = os.environ.get(KEY_ENV)
    if env:
        return env.encode("utf-8")
    path = key_file or KEY_FILE
    if not path.is_file():
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(secrets.token_hex(32), encoding="utf-8")
        os.chmod(tmp, 0o600)
        tmp.replace(path)
        print(f"indset: created a pseudonymization key in {path} (git-ignored; keep it to get stable "
              f"pseudonyms, or set {KEY_ENV})", file=sys.stderr)
    return path.read_text(encoding="utf-8").strip().encode("utf-8")


def pseudonym(key: bytes, value: str) -> str:
    return hmac.new(key, value.encode("utf-8"), hashlib.sha256).hexdigest()[:KEY_CHARS]


def pseudonymize(values: pl.Series, key: bytes) -> pl.Series:
    """HMAC every distinct value once; nulls stay null."""
    values = values.cast(pl.String)
    return with_pseudonyms(values, pseudonym_table(values.drop_nulls().unique().to_list(), key))


def pseudonym_table(values: list[str], key: bytes) -> dict[str, str]:
    """The pseudonym of each value: made where the key is (a Ray build's driver), applied where the rows are."""
    return {v: pseudonym(key, v) for v in values}


def with_pseudonyms(values: pl.Series, table: dict[str, str]) -> pl.Series:
    """``values`` (strings) replaced by their pseudonyms from ``table``; nulls stay null."""
    return values.cast(pl.String).replace_strict(list(table), list(table.values()), default=None,
                                                 return_dtype=pl.String)
