"""Entity resolution within an enterprise: re-listings (STANDARD.md section 8).

A product listed again by the same enterprise under a differently formatted code (``TX-0012``,
``TX0012``, ``tx 0012``, ``TX-12``) or with a typo or spacing change in its name, but with the same
specification, is the same entity. It is merged by the same survivor rule as versions (latest
``version_field``, then the last uploaded); the survivor's record_id names the entity. Records whose
specification differs are never merged, however close their names; records of different enterprises
are never merged.

Method (generic; what "the specification" is comes from the table's ``resolution`` block):

1. runs on the entities left by the version step (one row per entity key);
2. blocking: rows are compared only within (enterprise_key, specification key), where the
   specification key is the exact tuple of ``spec_fields`` (text lower-cased with spaces and
   punctuation removed, numbers rounded to ``decimals`` or the field's own ``field_decimals``, nested
   values such as compositions as they are; a missing value only equals a missing value); with
   ``code_min_similarity: 1.0`` (default) the canonical code joins the block key too, so blocks stay tiny at
   any table size;
3. canonical code: upper case, leading zeros of digit runs dropped, separators between a letter and a digit
   removed (``TX-0012`` = ``TX0012`` = ``tx 0012`` = ``TX-12``); a separator between two digit groups (or two
   letter groups) is kept as one ``-``, since it tells the groups apart (``HS-1-12`` is not ``HS-11-2``, nor
   ``AB-10-0`` ``AB-100``);
4. a pair in a block matches when code similarity >= ``code_min_similarity`` and name similarity
   >= ``name_min_similarity`` (rapidfuzz normalized Indel similarity, 0-1, on names lower-cased with
   spaces and punctuation removed; NFKC and Traditional -> Simplified were applied by normalize);
5. matched pairs are closed transitively (union-find); each component keeps one survivor.

Schema of the block (under ``tables.<table>`` in ``builders/<industry>/standard.yaml``)::

    resolution:
      code_field: sku                 # required: the enterprise's own product code
      name_field: name                # required: the product name
      spec_fields: [category, ...]    # required: fields that must be identical for a merge
      name_min_similarity: 0.85       # default 0.85
      code_min_similarity: 1.0        # default 1.0 (canonical codes equal); < 1 allows code typos
      decimals: 2                     # default 2: numbers are compared rounded to this many decimals
      field_decimals: {purity_pct: 6} # optional: a field's own (a purity's nines: 99.999 is not 99.9999)
      max_block: 500                  # default 500: blocks larger than this are not compared (counted)
      reason: relisting               # default "relisting": the _reason of merged rows in lineage
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any

import numpy as np
import polars as pl

from indset.normalize import REASON
from indset.read import SOURCE_INDEX, SOURCE_ROW

RECORD_ID = "record_id"
ENTERPRISE_KEY = "enterprise_key"
NORM = r"[^\p{L}\p{N}]+"


@dataclass(frozen=True)
class ResolutionConfig:
    code_field: str
    name_field: str
    spec_fields: tuple[str, ...]
    name_min_similarity: float = 0.85
    code_min_similarity: float = 1.0
    decimals: int = 2
    field_decimals: dict[str, int] = field(default_factory=dict)
    max_block: int = 500
    reason: str = "relisting"
    extra: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> ResolutionConfig:
        known = {f.name for f in fields(cls)} - {"extra"}
        unknown = set(raw) - known
        if unknown:
            raise ValueError(f"resolution: unknown key(s) {sorted(unknown)} (known: {sorted(known)})")
        missing = {"code_field", "name_field", "spec_fields"} - set(raw)
        if missing:
            raise ValueError(f"resolution: missing {sorted(missing)}")
        cfg = cls(**{**raw, "spec_fields": tuple(raw["spec_fields"]),
                     "field_decimals": dict(raw.get("field_decimals") or {})})
        if set(cfg.field_decimals) - set(cfg.spec_fields):
            raise ValueError("resolution: field_decimals names fields that are not spec_fields")
        for v in (cfg.name_min_similarity, cfg.code_min_similarity):
            if not 0 <= v <= 1:
                raise ValueError("resolution: similarities are between 0 and 1")
        return cfg


def canonical_code(col: str) -> pl.Expr:
    """``TX-0012``, ``TX0012``, ``tx 0012``, ``TX-12`` -> ``TX12``; ``HS-1-12`` -> ``HS1-12`` (not ``HS-11-2``).

    A run of separators between a letter and a digit (or at either end) is formatting and goes; between two digit
    groups (or two letter groups) it tells the groups apart and stays, as one ``-``: ``AB-100`` and ``AB-10-0``,
    ``5-01`` and ``50-1`` are different codes. (The letter-digit replacements cannot overlap: each consumes a
    letter and a digit, and the next match of the same pattern starts with the other kind.)"""
    return (pl.col(col).cast(pl.String).str.to_uppercase()
            .str.replace_all(r"(^|[^0-9])0+([0-9])", "${1}${2}")
            .str.replace_all(NORM, "-")
            .str.replace_all(r"(\p{L})-(\p{N})", "${1}${2}")
            .str.replace_all(r"(\p{N})-(\p{L})", "${1}${2}")
            .str.strip_chars("-"))


def normalized_name(col: str) -> pl.Expr:
    return pl.col(col).cast(pl.String).str.to_lowercase().str.replace_all(NORM, "")


def spec_key(frame: pl.DataFrame, cfg: ResolutionConfig) -> pl.Expr:
    """One hash per row over the specification fields (see module docstring)."""
    parts = []
    for c in cfg.spec_fields:
        dtype = frame.schema[c]
        if dtype.is_float():
            parts.append(pl.col(c).round(cfg.field_decimals.get(c, cfg.decimals)))
        elif dtype == pl.String:
            parts.append(pl.col(c).str.to_lowercase().str.replace_all(NORM, ""))
        else:
            parts.append(pl.col(c))
    return pl.struct(parts).hash(seed=11)


def similarity(left: list[str], right: list[str]) -> np.ndarray:
    """Normalized Indel similarity (0-1) of each pair, rapidfuzz, vectorized."""
    from rapidfuzz import fuzz, process

    if not left:
        return np.zeros(0)
    return process.cpdist(left, right, scorer=fuzz.ratio, dtype=np.float32, workers=1).astype(np.float64) / 100.0


@dataclass
class Matches:
    winner: pl.DataFrame   # record_id (loser) -> survivor record_id, for every merged entity
    pairs: pl.DataFrame    # matched pairs for stewards


def match_entities(entities: pl.DataFrame, cfg: ResolutionConfig, version: str | None) -> Matches:
    """Find re-listings among ``entities`` (one row per entity key, with record_id and lineage columns)."""
    order = [*([version] if version else []), SOURCE_INDEX, SOURCE_ROW]
    base = entities.select(
        RECORD_ID, ENTERPRISE_KEY, *order,
        canonical_code(cfg.code_field).alias("_code"), normalized_name(cfg.name_field).alias("_name"),
        pl.col(cfg.code_field).alias("_code_raw"), pl.col(cfg.name_field).alias("_name_raw"),
        spec_key(entities, cfg).alias("_spec"),
    ).with_columns(pl.concat_str([pl.col(ENTERPRISE_KEY), pl.col("_spec").cast(pl.String),
                                  *([pl.col("_code")] if cfg.code_min_similarity >= 1 else [])],
                                 separator="\x1f").alias("_block"))
    sizes = base.group_by("_block").len("_n")
    cand = base.join(sizes.filter((pl.col("_n") > 1) & (pl.col("_n") <= cfg.max_block)), on="_block")
    pairs = (cand.join(cand, on="_block", suffix="_b").filter(pl.col(RECORD_ID) < pl.col(f"{RECORD_ID}_b"))
             .sort(RECORD_ID, f"{RECORD_ID}_b"))
    code_sim = similarity(pairs["_code"].to_list(), pairs["_code_b"].to_list())
    name_sim = similarity(pairs["_name"].to_list(), pairs["_name_b"].to_list())
    pairs = pairs.with_columns(pl.Series("code_similarity", code_sim), pl.Series("name_similarity", name_sim))
    pairs = pairs.filter((pl.col("code_similarity") >= cfg.code_min_similarity - 1e-9)
                         & (pl.col("name_similarity") >= cfg.name_min_similarity - 1e-9))
    if not pairs.height:
        return Matches(pl.DataFrame(schema={RECORD_ID: pl.UInt64, "_winner": pl.UInt64}), _pair_frame(pairs))
    ids = pl.concat([pairs[RECORD_ID], pairs[f"{RECORD_ID}_b"]]).unique().sort()
    index = {v: i for i, v in enumerate(ids.to_list())}
    a = np.fromiter((index[v] for v in pairs[RECORD_ID].to_list()), dtype=np.int64, count=pairs.height)
    b = np.fromiter((index[v] for v in pairs[f"{RECORD_ID}_b"].to_list()), dtype=np.int64, count=pairs.height)
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    comp = connected_components(coo_matrix((np.ones(len(a), np.int8), (a, b)), shape=(len(ids), len(ids))),
                                directed=False)[1]
    members = (pl.DataFrame({RECORD_ID: ids, "_comp": comp}).join(base.select(RECORD_ID, *order), on=RECORD_ID)
               .sort(["_comp", *order], nulls_last=False))
    winners = members.group_by("_comp").agg(pl.col(RECORD_ID).last().alias("_winner"))
    winner = (members.join(winners, on="_comp").filter(pl.col(RECORD_ID) != pl.col("_winner"))
              .select(RECORD_ID, "_winner").sort(RECORD_ID))
    comp_of = pl.DataFrame({RECORD_ID: ids, "_comp": comp}).join(winners, on="_comp")
    pairs = pairs.join(comp_of.select(RECORD_ID, "_winner"), on=RECORD_ID)
    return Matches(winner, _pair_frame(pairs))


def _pair_frame(pairs: pl.DataFrame) -> pl.DataFrame:
    if "_winner" not in pairs.columns:
        pairs = pairs.with_columns(pl.lit(None, pl.UInt64).alias("_winner"))
    if "code_similarity" not in pairs.columns:
        pairs = pairs.with_columns(pl.lit(None, pl.Float64).alias("code_similarity"),
                                   pl.lit(None, pl.Float64).alias("name_similarity"))
    return pairs.select(
        pl.col("_winner").alias(RECORD_ID), ENTERPRISE_KEY,
        pl.col(RECORD_ID).alias("left_record_id"), pl.col("_code_raw").alias("left_code"),
        pl.col("_name_raw").alias("left_name"),
        pl.col(f"{RECORD_ID}_b").alias("right_record_id"), pl.col("_code_raw_b").alias("right_code"),
        pl.col("_name_raw_b").alias("right_name"),
        pl.col("code_similarity").cast(pl.Float64), pl.col("name_similarity").cast(pl.Float64),
    ).sort(RECORD_ID, "left_record_id", "right_record_id")


def apply_matches(survivors: pl.DataFrame, merged: pl.DataFrame, matches: Matches, reason: str,
                  ) -> tuple[pl.DataFrame, pl.DataFrame, int]:
    """Merge the losing entities into their survivors: (survivors, merged lineage, relistings merged)."""
    if not matches.winner.height:
        return survivors, merged, 0
    w = matches.winner
    losers = survivors.join(w, on=RECORD_ID, how="semi")
    extra = [c for c in ("_source_column",) if c in merged.columns]
    newly = losers.join(w, on=RECORD_ID).select(
        SOURCE_ROW, SOURCE_INDEX, *extra, pl.col("_winner").alias(RECORD_ID), pl.lit(reason).alias(REASON))
    remapped = (merged.join(w, on=RECORD_ID, how="left")
                .with_columns(pl.coalesce("_winner", RECORD_ID).alias(RECORD_ID)).drop("_winner"))
    return (survivors.join(w, on=RECORD_ID, how="anti"),
            pl.concat([remapped, newly.select(remapped.columns)], how="vertical_relaxed"), newly.height)
