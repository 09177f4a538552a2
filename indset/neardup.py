"""Near-duplicate texts across a whole table: MinHash-LSH on character shingles, verified by true Jaccard.

STANDARD.md section 8: near-duplicate texts (names, descriptions) are clustered, reported, and a cluster
always lands in one split. The text of a row is its ``text_fields`` joined, lower-cased, with everything
but letters and digits removed (the fields already went through NFKC and Traditional -> Simplified), so
it works the same for Chinese and English: shingles are *characters*, not words.

Steps (all seeded, no Python loop over rows):

1. distinct texts only (exact copies are one text);
2. character k-shingles (``shingle``, default 3) hashed to 64 bits with numpy (a rolling multiply-add
   over UTF-32 code points, then a 64-bit mixer); a text shorter than k is one shingle;
3. MinHash signatures with rensa (Rust), ``num_perm`` (default 96) permutations, seeded;
4. LSH with ``bands`` (default 24, so 4 rows per band: a pair at Jaccard 0.7 becomes a candidate with
   probability 0.998); rensa flags the texts that share any band with another text, and only those
   get a numpy MinHash and are banded again here to list candidate pairs (buckets larger than
   ``max_bucket`` are linked as a star plus a chain instead of all pairs); pairs whose MinHash estimate
   is more than 0.15 below the threshold are dropped;
5. every remaining candidate is verified by the true Jaccard of the shingle sets (``threshold``, default
   0.7: one changed character in a 25-character text still counts with 3-char shingles); pairs at or
   above it are edges;
6. clusters are the connected components of the edges (union-find); a cluster's key is its smallest
   text, so a text without near-copies keeps its exact-text key and its split.

Tunable per table in ``standard.yaml`` (all optional)::

    near_duplicates:
      threshold: 0.7      # true Jaccard of character shingle sets at or above which two texts are near-copies
      shingle: 3          # characters per shingle
      num_perm: 96        # MinHash permutations (a multiple of bands)
      bands: 24           # LSH bands
      max_bucket: 64      # LSH buckets above this size are linked as star + chain, not all pairs
      seed: 1729
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

import numpy as np
import polars as pl

NORM = r"[^\p{L}\p{N}]+"
_MIX1 = np.uint64(0xBF58476D1CE4E5B9)
_MIX2 = np.uint64(0x94D049BB133111EB)
ESTIMATE_MARGIN = 0.15  # candidates whose MinHash estimate is this far below the threshold are not verified


@dataclass(frozen=True)
class NearDupConfig:
    threshold: float = 0.7
    shingle: int = 3
    num_perm: int = 96
    bands: int = 24
    max_bucket: int = 64
    seed: int = 1729

    @classmethod
    def from_dict(cls, raw: dict[str, Any] | None) -> NearDupConfig:
        raw = dict(raw or {})
        known = {f.name for f in fields(cls)}
        unknown = set(raw) - known
        if unknown:
            raise ValueError(f"near_duplicates: unknown key(s) {sorted(unknown)} (known: {sorted(known)})")
        cfg = cls(**raw)
        if cfg.num_perm % cfg.bands:
            raise ValueError("near_duplicates: num_perm must be a multiple of bands")
        if not 0 < cfg.threshold <= 1 or cfg.shingle < 1:
            raise ValueError("near_duplicates: threshold in (0, 1], shingle >= 1")
        return cfg


@dataclass
class Clusters:
    key: pl.Series          # per input row: the cluster key (smallest normalized text of its cluster)
    stats: dict[str, int]   # clusters (of 2+ rows), rows_in_clusters, largest, near_copy_texts, edges


def normalized_text(text_fields: tuple[str, ...] | list[str]) -> pl.Expr:
    """The text a row is compared by: its text fields joined, lower case, letters and digits only."""
    joined = pl.concat_str([pl.col(f).fill_null("") for f in text_fields], separator=" ")
    return joined.str.to_lowercase().str.replace_all(NORM, "")


def _mix(h: np.ndarray) -> np.ndarray:
    h ^= h >> np.uint64(30)
    h *= _MIX1
    h ^= h >> np.uint64(27)
    h *= _MIX2
    h ^= h >> np.uint64(31)
    return h


def shingle_hashes(texts: list[str], k: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Flat 64-bit hashes of the character k-shingles of each text, and row offsets (len(texts) + 1).

    A text shorter than k is one shingle (itself); an empty text has none. Shingles repeat inside a
    text as they occur (MinHash does not care; Jaccard verification takes sets).
    """
    n = len(texts)
    lens = np.fromiter((len(t) for t in texts), dtype=np.int64, count=n)
    pad = "\x00" * (k - 1)
    big = pad.join(texts) + pad
    cp = np.frombuffer(big.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    starts = np.zeros(n, dtype=np.int64)
    if n > 1:
        starts[1:] = np.cumsum(lens[:-1] + (k - 1))
    counts = np.where(lens > 0, np.maximum(lens - k + 1, 1), 0)
    offsets = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(counts, out=offsets[1:])
    total = int(offsets[-1])
    pos = np.repeat(starts - offsets[:-1], counts) + np.arange(total, dtype=np.int64)
    rng = np.random.default_rng(seed)
    mult = rng.integers(1, 2**63, size=k, dtype=np.uint64) | np.uint64(1)
    window = len(cp) - k + 1
    roll = np.zeros(window, dtype=np.uint64)
    for j in range(k):
        roll += cp[j:j + window] * mult[j]
    return _mix(roll[pos]), offsets.astype(np.uint64)


def _digests(hashes: np.ndarray, offsets: np.ndarray, cfg: NearDupConfig):
    import rensa

    return rensa.RMinHash.digest_matrix_from_flat_token_hashes(hashes, offsets, cfg.num_perm, cfg.seed)


def minhash_matrix(tokens: pl.DataFrame, cfg: NearDupConfig) -> tuple[np.ndarray, np.ndarray]:
    """(docs, signatures): numpy MinHash of the unique (doc, t) tokens, ``num_perm`` seeded hash functions."""
    tokens = tokens.sort("doc")
    docs, starts = np.unique(tokens["doc"].to_numpy(), return_index=True)
    t = tokens["t"].to_numpy()
    salts = np.random.default_rng(cfg.seed + 1).integers(1, 2**63, size=cfg.num_perm, dtype=np.uint64)
    sig = np.empty((len(docs), cfg.num_perm), dtype=np.uint32)
    for j, salt in enumerate(salts):
        sig[:, j] = np.minimum.reduceat((_mix(t ^ salt) >> np.uint64(32)).astype(np.uint32), starts)
    return docs, sig


def band_pairs(docs: np.ndarray, sig: np.ndarray, cfg: NearDupConfig) -> pl.DataFrame:
    """Candidate pairs (a < b) sharing an LSH band, kept if their estimated Jaccard is near the threshold."""
    rows = cfg.num_perm // cfg.bands
    parts = []
    for b in range(cfg.bands):
        key = _band_key(sig[:, b * rows:(b + 1) * rows])
        parts.append(pl.DataFrame({"band": np.full(len(docs), b, dtype=np.int16), "h": key, "i": np.arange(len(docs))}))
    buckets = (pl.concat(parts).group_by("band", "h").agg(pl.col("i").sort())
               .filter(pl.col("i").list.len() > 1).select("i"))
    small = buckets.filter(pl.col("i").list.len() <= cfg.max_bucket).with_row_index("g")
    pairs = []
    if small.height:
        ex = small.explode("i")
        pairs.append(ex.join(ex, on="g", suffix="_b").filter(pl.col("i") < pl.col("i_b"))
                     .select(pl.col("i").alias("a"), pl.col("i_b").alias("b")))
    big = buckets.filter(pl.col("i").list.len() > cfg.max_bucket)
    if big.height:  # star from the first member plus a chain through the sorted members
        pairs.append(big.select(pl.col("i").list.first().alias("a"), pl.col("i").list.slice(1).alias("b")).explode("b"))
        pairs.append(big.select(pl.col("i").list.slice(0, pl.col("i").list.len() - 1).alias("a"),
                                pl.col("i").list.slice(1).alias("b")).explode("a", "b"))
    if not pairs:
        return pl.DataFrame(schema={"a": pl.Int64, "b": pl.Int64})
    ij = pl.concat([p.cast(pl.Int64) for p in pairs]).unique()
    a, b = ij["a"].to_numpy(), ij["b"].to_numpy()
    est = np.zeros(len(a))
    for lo in range(0, len(a), 1 << 18):  # bounded memory
        est[lo:lo + (1 << 18)] = (sig[a[lo:lo + (1 << 18)]] == sig[b[lo:lo + (1 << 18)]]).mean(axis=1)
    keep = est >= cfg.threshold - ESTIMATE_MARGIN
    return pl.DataFrame({"a": docs[a[keep]].astype(np.int64), "b": docs[b[keep]].astype(np.int64)})


def _band_key(block: np.ndarray) -> np.ndarray:
    h = np.zeros(block.shape[0], dtype=np.uint64)
    for j in range(block.shape[1]):
        h = _mix(h ^ block[:, j].astype(np.uint64))
    return h


def jaccard_pairs(pairs: pl.DataFrame, tokens: pl.DataFrame) -> pl.Series:
    """True Jaccard of the shingle sets of each pair (columns a, b); ``tokens``: unique (doc, t)."""
    if not pairs.height:
        return pl.Series("jaccard", [], dtype=pl.Float64)
    sizes = tokens.group_by("doc").len("n")
    p = pairs.with_row_index("pair")
    inter = (p.join(tokens, left_on="a", right_on="doc").join(tokens, left_on=["b", "t"], right_on=["doc", "t"])
             .group_by("pair").len("inter"))
    out = (p.join(sizes.rename({"doc": "a", "n": "na"}), on="a").join(sizes.rename({"doc": "b", "n": "nb"}), on="b")
           .join(inter, on="pair", how="left").sort("pair")
           .select((pl.col("inter").fill_null(0) / (pl.col("na") + pl.col("nb") - pl.col("inter").fill_null(0)))
                   .alias("jaccard")))
    return out["jaccard"]


def _ranges(starts: np.ndarray, lens: np.ndarray) -> np.ndarray:
    total = int(lens.sum())
    first = np.zeros(len(lens), dtype=np.int64)
    np.cumsum(lens[:-1], out=first[1:])
    return np.repeat(starts - first, lens) + np.arange(total, dtype=np.int64)


def _components(n: int, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Union-find over n nodes: the component label of each node (labels are node numbers)."""
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    graph = coo_matrix((np.ones(len(a), dtype=np.int8), (a, b)), shape=(n, n))
    return connected_components(graph, directed=False)[1]


def token_frame(docs: np.ndarray, hashes: np.ndarray, offsets: np.ndarray) -> pl.DataFrame:
    """Unique (doc, t) shingle hashes of the given text numbers."""
    lens = (offsets[1:] - offsets[:-1]).astype(np.int64)[docs]
    take = _ranges(offsets[:-1].astype(np.int64)[docs], lens)
    return pl.DataFrame({"doc": np.repeat(docs.astype(np.int64), lens), "t": hashes[take]}).unique()


def lsh_flags(hashes: np.ndarray, offsets: np.ndarray, cfg: NearDupConfig) -> np.ndarray:
    """rensa MinHash + LSH: True for each text that shares a band with another text (a possible near-copy)."""
    import rensa

    matrix = _digests(hashes, offsets, cfg)
    lsh = rensa.RMinHashLSH(cfg.threshold, cfg.num_perm, cfg.bands)
    return np.asarray(lsh.query_duplicate_flags_matrix_one_shot(matrix), dtype=bool)


def near_duplicate_texts(texts: list[str], cfg: NearDupConfig) -> tuple[np.ndarray, pl.DataFrame]:
    """For distinct texts: a component label per text, and the verified pairs (a, b, jaccard)."""
    n = len(texts)
    empty = pl.DataFrame(schema={"a": pl.Int64, "b": pl.Int64, "jaccard": pl.Float64})
    if n < 2:
        return np.arange(n), empty
    hashes, offsets = shingle_hashes(texts, cfg.shingle, cfg.seed)
    flagged = np.flatnonzero(lsh_flags(hashes, offsets, cfg) & (offsets[1:] > offsets[:-1]))
    if len(flagged) < 2:
        return np.arange(n), empty
    tokens = token_frame(flagged, hashes, offsets)
    pairs = band_pairs(*minhash_matrix(tokens, cfg), cfg)
    pairs = pairs.with_columns(jaccard_pairs(pairs, tokens)).filter(pl.col("jaccard") >= cfg.threshold - 1e-12)
    pairs = pairs.sort("a", "b")
    labels = _components(n, pairs["a"].to_numpy(), pairs["b"].to_numpy())
    return labels, pairs


def text_clusters(frame: pl.DataFrame, text_fields: tuple[str, ...], cfg: NearDupConfig | None = None) -> Clusters:
    """Cluster the rows of ``frame`` by near-duplicate text; the key is the smallest text of the cluster."""
    cfg = cfg or NearDupConfig()
    norm = frame.select(normalized_text(text_fields).alias("t"))["t"]
    distinct = norm.unique().sort()  # sorted: same numbering whatever the row order
    texts = distinct.to_list()
    labels, pairs = near_duplicate_texts(texts, cfg)
    # label -> smallest text of the component (texts are sorted, so the smallest index)
    lab = pl.DataFrame({"t": distinct, "label": labels, "i": np.arange(len(texts))})
    rep = lab.group_by("label").agg(pl.col("i").min().alias("rep"))
    lab = lab.join(rep, on="label").with_columns(
        pl.col("rep").replace_strict(pl.Series(np.arange(len(texts))), distinct).alias("key") if len(texts)
        else pl.lit(None, pl.String).alias("key"))
    keyed = pl.DataFrame({"t": norm}).join(lab.select("t", "key"), on="t", how="left", maintain_order="left")
    key = keyed["key"].rename("text_cluster")
    sizes = key.value_counts(name="n")
    multi = sizes.filter(pl.col("n") > 1)
    stats = {"clusters": multi.height, "rows_in_clusters": int(multi["n"].sum()) if multi.height else 0,
             "largest": int(sizes["n"].max()) if sizes.height else 0,
             "near_copy_texts": int(lab.filter(pl.col("i") != pl.col("rep")).height), "edges": pairs.height}
    return Clusters(key=key, stats=stats)
