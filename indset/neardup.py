"""Near-duplicate texts across a whole table: MinHash-LSH on character shingles, verified by true Jaccard.

STANDARD.md section 8: near-duplicate texts (names, descriptions) are clustered, reported, and a cluster
always lands in one split. The text of a row is its ``text_fields`` joined, lower-cased, with everything
but letters and digits removed (the fields already went through NFKC and Traditional -> Simplified), so
it works the same for Chinese and English: shingles are *characters*, not words.

Steps (all seeded; polars and numpy around compiled loops in ``indset.neardup_kernels``, run on every core):

1. distinct texts only (exact copies are one text), numbered in the order of a 64-bit xxh3 hash of the text
   (an integer sort; should two texts share a hash, by sorting the texts), so numbering does not depend on
   row order or on the polars version;
2. character k-shingles (``shingle``, default 3) hashed to 64 bits (a rolling multiply-add over UTF-32
   code points, then a 64-bit mixer); a text shorter than k is one shingle. Each text becomes the set of
   its shingles (shingle hashes numbered through one open-addressing table, then renumbered in hash order):
   a binary sparse text x shingle matrix;
3. MinHash, ``num_perm`` (default 384) seeded permutations with 16-bit values (multiply-shift hashes of
   the *distinct* shingles, one table), then the minimum over each text's shingles. (Not rensa: its
   digest matrix leaves Rust only as Python lists, slower than computing it here.);
4. LSH: ``bands`` (default 64) bands of ``num_perm / bands`` rows (6). A pair at Jaccard J shares a band
   with probability 1 - (1 - J^6)^64: 0.9997 at 0.7, 0.64 at 0.5, 0.05 at 0.3. Texts in the same band
   bucket are candidate pairs; a bucket of more than ``max_bucket`` (64) texts (templated texts) is
   linked as a star plus a chain through its texts instead of all pairs;
5. cheap filters on each candidate before any exact work: the shingle counts must allow the threshold
   (``min < threshold * max`` cannot), and a bit sketch (the lowest bit of the first 384 MinHash values,
   equal with probability (1 + J) / 2) may not differ in more bits than a pair at the threshold does at
   4 standard deviations (such a pair is dropped with probability < 1e-4);
6. every remaining candidate is verified by the true Jaccard of the shingle sets (sparse row products,
   in chunks), and pairs at or above ``threshold`` (0.7: one changed character in a 25-character text
   still counts with 3-char shingles) are the edges;
7. clusters are the connected components of the edges, numbered by their smallest text (``Clusters.label``;
   ``Clusters.key`` is that text). The split of a cluster follows its smallest record_id, not a text
   (:mod:`indset.split`): an entity whose edited text has no near-copies keeps its split.

On 1M generated textile products (983k distinct texts; 210,341 pairs at Jaccard >= 0.7, found offline by
an exact all-pairs join) the defaults verify 4.8M candidates and find 99.7% of those pairs and 99.9% of
the text pairs that share a cluster. On 2 cores that took about 20 s as numpy array operations and takes
about 5-6 s with the compiled loops (same pairs, same clusters; session 13 took 0.8 s of CPU off the candidate
pairs: band keys sorted on their top bits, pair codes deduplicated in partitions on every core); 2 GB.
``exact_pairs`` is such an exact join (prefix filtering) for evaluation on small sets.

Tunable per table in ``standard.yaml`` (all optional)::

    near_duplicates:
      threshold: 0.7      # true Jaccard of character shingle sets at or above which two texts are near-copies
      shingle: 3          # characters per shingle
      num_perm: 384       # MinHash permutations (a multiple of bands)
      bands: 64           # LSH bands (num_perm / bands = 6 rows each)
      max_bucket: 64      # LSH buckets above this size are linked as star + chain, not all pairs
      seed: 1729
"""

from __future__ import annotations

import math
from dataclasses import dataclass, fields
from typing import Any

import numpy as np
import polars as pl
from scipy.sparse import coo_matrix, csr_matrix
from scipy.sparse.csgraph import connected_components

from indset.resolve import stable_id
from indset.slices import select_in_slices

NORM = r"[^\p{L}\p{N}]+"
SKETCH_BITS = 384      # bits of the per-text sketch that filters candidates before the exact Jaccard
SKETCH_Z = 4.0         # ... allowed to differ by this many standard deviations more than a pair at the threshold
_TABLE_BYTES = 1 << 28  # MinHash tables per pass: at most this size
_PAIR_ROOM = 0.5        # room for candidate pairs per band, per text (grows when a band has more)


@dataclass(frozen=True)
class NearDupConfig:
    threshold: float = 0.7
    shingle: int = 3
    num_perm: int = 384
    bands: int = 64
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
        if cfg.bands < 1 or cfg.num_perm % cfg.bands:
            raise ValueError("near_duplicates: num_perm must be a multiple of bands")
        if not 0 < cfg.threshold <= 1 or cfg.shingle < 1 or cfg.max_bucket < 2:
            raise ValueError("near_duplicates: threshold in (0, 1], shingle >= 1, max_bucket >= 2")
        return cfg


@dataclass
class Clusters:
    label: pl.Series        # per input row: its cluster's number (of its smallest text among the distinct texts)
    texts: pl.Series        # the distinct normalized texts, by number
    stats: dict[str, int]   # clusters (of 2+ rows), rows_in_clusters, largest, near_copy_texts, edges, candidates

    @property
    def key(self) -> pl.Series:
        """Per input row: the cluster key (smallest normalized text of its cluster)."""
        return self.texts.gather(self.label).rename("text_cluster")


def _kernels() -> Any:
    """The compiled loops (imported on first use: numba takes ~0.4 s to import, readings never need it)."""
    from indset import neardup_kernels

    return neardup_kernels


def normalized_text(text_fields: tuple[str, ...] | list[str]) -> pl.Expr:
    """The text a row is compared by: its text fields joined, lower case, letters and digits only."""
    joined = pl.concat_str([pl.col(f).fill_null("") for f in text_fields], separator=" ")
    return joined.str.to_lowercase().str.replace_all(NORM, "")


def _ranges(starts: np.ndarray, lens: np.ndarray) -> np.ndarray:
    """Concatenated ``arange(s, s + n)`` for each start s and length n."""
    first = np.zeros(len(lens), dtype=np.int64)
    np.cumsum(lens[:-1], out=first[1:])
    return np.repeat(starts - first, lens) + np.arange(int(lens.sum()), dtype=np.int64)


def shingle_hashes(texts: list[str] | pl.Series, k: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Flat 64-bit hashes of the character k-shingles of each text, and row offsets (len(texts) + 1).

    A text shorter than k is one shingle (itself); an empty text has none. Shingles repeat inside a
    text as they occur (``shingle_sets`` makes them sets).
    """
    texts = pl.Series(texts, dtype=pl.String).fill_null("")
    lens = texts.str.len_chars().to_numpy().astype(np.int64)
    counts = np.where(lens > 0, np.maximum(lens - k + 1, 1), 0)
    offsets = np.zeros(len(texts) + 1, dtype=np.int64)
    np.cumsum(counts, out=offsets[1:])
    mult = np.random.default_rng(seed).integers(1, 2**63, size=k, dtype=np.uint64) | np.uint64(1)
    utf8 = texts.to_arrow(compat_level=pl.CompatLevel.oldest())  # large_string: offsets and bytes
    _, starts, data = utf8.buffers()
    starts = np.frombuffer(starts, dtype=np.int64)[utf8.offset:utf8.offset + len(texts) + 1]
    data = np.frombuffer(data, dtype=np.uint8) if data is not None else np.zeros(0, dtype=np.uint8)
    return _kernels().shingle_rows_utf8(starts, data, offsets, mult), offsets.astype(np.uint64)


def shingle_sets(texts: list[str] | pl.Series, k: int, seed: int = 0) -> tuple[csr_matrix, np.ndarray]:
    """Binary text x shingle matrix (each row: the sorted distinct shingle numbers of a text) and the
    64-bit hash of each shingle number."""
    hashes, offsets = shingle_hashes(texts, k, seed)
    kernels = _kernels()
    ids, seen = kernels.numbered(hashes)  # numbered as first seen ...
    vocab = np.sort(seen)
    remap = np.empty(len(seen), dtype=np.int32)
    remap[np.argsort(seen)] = np.arange(len(seen), dtype=np.int32)  # ... and renumbered by hash
    indptr, indices = kernels.distinct_rows(ids, offsets.astype(np.int64), remap)
    sets = csr_matrix((np.ones(len(indices), dtype=np.int8), indices, indptr), shape=(len(texts), len(vocab)))
    sets.has_sorted_indices = True
    return sets, vocab


def sketches(sets: csr_matrix, vocab: np.ndarray, cfg: NearDupConfig) -> tuple[np.ndarray, np.ndarray, np.ndarray, int]:
    """MinHash of every text, kept as LSH band keys and a bit sketch, with texts in order of size.

    Returns the text numbers in that order (so the star + chain of a large bucket links texts of similar
    size), the band keys (bands x texts, uint64), the bit sketch (texts x words, uint64: the lowest bit of
    the first ``SKETCH_BITS`` MinHash values) and its bit count. Permutation p of shingle s is the top 16
    bits of a_p * hash(s) + c_p (multiply-shift hashing of the mixed 64-bit shingle hash), looked up in a
    shingle x permutation table of at most ``_TABLE_BYTES`` per pass. Texts without shingles get band
    keys 0 (their size, 0, keeps them out of every pair).
    """
    import numba

    kernels = _kernels()
    n, size = sets.shape[0], np.diff(sets.indptr)
    r = cfg.num_perm // cfg.bands
    rng = np.random.default_rng(cfg.seed)
    a, c = rng.integers(1, 2**63, size=(2, cfg.num_perm), dtype=np.uint64)
    a |= np.uint64(1)
    mult = rng.integers(1, 2**63, size=(r, cfg.bands), dtype=np.uint64) | np.uint64(1)
    per = min(cfg.bands, max(1, _TABLE_BYTES // (2 * r * max(len(vocab), 1))))  # bands per pass
    nbits = min(SKETCH_BITS, cfg.num_perm) // 8 * 8
    keys = np.zeros((cfg.bands, n), dtype=np.uint64)
    bits = np.zeros((n, -(-nbits // 64)), dtype=np.uint64)
    order = np.argsort(size, kind="stable")
    first = int(np.searchsorted(size[order], 0, side="right"))  # texts before it have no shingles
    for b0 in range(0, cfg.bands, per):
        ps = slice(b0 * r, min(b0 + per, cfg.bands) * r)
        table = ((vocab[:, None] * a[ps] + c[ps]) >> np.uint64(48)).astype(np.uint16)
        with numba.parallel_chunksize(kernels.CHUNK):  # texts in order of size: small chunks balance the threads
            kernels.minhash_pass(sets.indptr, sets.indices, order, first, table, ps.start, mult, b0, keys, bits,
                                 nbits)
    return order, keys, bits, nbits


def candidate_pairs(order: np.ndarray, keys: np.ndarray, bits: np.ndarray, nbits: int, size: np.ndarray,
                    cfg: NearDupConfig) -> tuple[np.ndarray, np.ndarray]:
    """Distinct text pairs (a < b) sharing an LSH band that pass the size and bit-sketch filters
    (``sketches`` output; ``size``: shingles per text)."""
    n = keys.shape[1]
    diff = (1 - cfg.threshold) / 2  # a sketch bit differs with probability (1 - J) / 2
    most = int(nbits * diff + SKETCH_Z * math.sqrt(nbits * diff * (1 - diff))) if nbits else -1
    low_bits = max(1, (n - 1).bit_length())  # low key bits -> the text's position
    low = np.uint64((1 << low_bits) - 1)
    import numba

    kernels = _kernels()
    group = 4 * numba.get_num_threads()  # bands keyed and sorted (a band per thread), then paired (a band per task)
    cap, ordered_size = max(1, int(n * _PAIR_ROOM)), size[order]
    codes, ncodes = np.empty(len(keys) * cap, dtype=np.uint64), 0  # pages are only resident once written
    for b0 in range(0, len(keys), group):
        ranked = np.empty((min(group, len(keys) - b0), n), dtype=np.uint64)
        kernels.band_sort(keys, b0, low_bits, ranked)  # by bucket, then by position
        while True:
            out, counts = np.empty((len(ranked), cap), dtype=np.int64), np.empty(len(ranked), dtype=np.int64)
            kernels.band_pairs(ranked, low, cfg.max_bucket, ordered_size, bits, cfg.threshold, most, out,
                               counts)
            if (counts >= 0).all():
                break
            cap *= 2  # a band had more pairs than fit: again, with room for twice as many
        if ncodes + counts.sum() > len(codes):  # more codes than room: twice as much
            codes = np.concatenate([codes[:ncodes], np.empty(max(len(codes), counts.sum()), dtype=np.uint64)])
        ncodes = kernels.band_codes(out, counts, order, n, codes, ncodes)
    del out, ranked
    part, starts = kernels.partition_codes(codes[:ncodes], max(1, (n * n - 1).bit_length()))
    del codes
    return kernels.pair_split(part, starts, n)  # sorted, distinct, on every core


def jaccard(sets: csr_matrix, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """True Jaccard of the shingle sets of texts a[i] and b[i] (rows of ``shingle_sets``: sorted, distinct)."""
    return _kernels().jaccard_pairs(sets.indptr, sets.indices, sets.shape[1], np.asarray(a, dtype=np.int64),
                                 np.asarray(b, dtype=np.int64))


def _pairs_frame(a: np.ndarray, b: np.ndarray, jac: np.ndarray, threshold: float) -> pl.DataFrame:
    keep = jac >= threshold - 1e-12
    return pl.DataFrame({"a": a[keep].astype(np.int64), "b": b[keep].astype(np.int64), "jaccard": jac[keep]})


def exact_pairs(texts: list[str] | pl.Series, threshold: float, k: int = 3, seed: int = 0) -> pl.DataFrame:
    """Every pair (a < b, jaccard) of texts at Jaccard >= ``threshold``: an exact prefix-filtering join.

    With shingles ordered rarest first, two sets at Jaccard >= t share one of the first |x| - ceil(t|x|) + 1
    shingles of each. Exact but quadratic in the texts sharing a rare shingle: for evaluation and tests
    (100k texts at 0.8 take seconds; 1M templated texts at 0.7 would join billions of pairs).
    """
    sets, _ = shingle_sets(texts, k, seed)
    n, size = sets.shape[0], np.diff(sets.indptr)
    rank = np.empty(sets.shape[1], dtype=np.int32)
    rank[np.argsort(np.bincount(sets.indices, minlength=sets.shape[1]), kind="stable")] = np.arange(sets.shape[1])
    ordered = csr_matrix((sets.data, rank[sets.indices], sets.indptr), shape=sets.shape)
    ordered.sort_indices()
    prefix = np.minimum(size - np.ceil(threshold * size - 1e-9).astype(np.int64) + 1, size)
    first = ordered.indices[_ranges(ordered.indptr[:-1], prefix)]
    pre = pl.DataFrame({"a": np.repeat(np.arange(n), prefix), "s": first})
    ab = (pre.join(pre.rename({"a": "b"}), on="s").filter(pl.col("a") < pl.col("b"))
          .select("a", "b").unique().sort("a", "b"))
    a, b = ab["a"].to_numpy(), ab["b"].to_numpy()
    return _pairs_frame(a, b, jaccard(sets, a, b), threshold)


def _verified(texts: list[str] | pl.Series, cfg: NearDupConfig) -> tuple[pl.DataFrame, int]:
    """Verified pairs (a < b, jaccard) of distinct texts, and how many candidate pairs were verified."""
    if len(texts) < 2:
        return pl.DataFrame(schema={"a": pl.Int64, "b": pl.Int64, "jaccard": pl.Float64}), 0
    sets, vocab = shingle_sets(texts, cfg.shingle, cfg.seed)
    a, b = candidate_pairs(*sketches(sets, vocab, cfg), np.diff(sets.indptr), cfg)
    return _pairs_frame(a, b, jaccard(sets, a, b), cfg.threshold), len(a)


def _components(n: int, pairs: pl.DataFrame) -> np.ndarray:
    graph = coo_matrix((np.ones(pairs.height, dtype=np.int8), (pairs["a"].to_numpy(), pairs["b"].to_numpy())),
                       shape=(n, n))
    return connected_components(graph, directed=False)[1]


def near_duplicate_texts(texts: list[str] | pl.Series, cfg: NearDupConfig) -> tuple[np.ndarray, pl.DataFrame]:
    """For distinct texts: a component label per text, and the verified pairs (a < b, jaccard)."""
    pairs, _ = _verified(texts, cfg)
    return _components(len(texts), pairs), pairs


def _first_of(groups: np.ndarray) -> np.ndarray:
    """For group numbers 0..g-1 of positions, the first position of each group."""
    first = np.full(groups.max() + 1 if len(groups) else 0, len(groups), dtype=np.int64)
    np.minimum.at(first, groups, np.arange(len(groups)))
    return first


def _distinct(norm: pl.Series) -> tuple[np.ndarray, pl.Series]:
    """Each row's number among the distinct texts, and those texts, numbered in the order of a 64-bit hash
    (xxh3, stable across versions; sorting integers, not strings; the numbering does not depend on row order).
    Should two texts share a hash, they are numbered by sorting the texts instead."""
    hashed = norm.to_frame("t").select(stable_id(pl.col("t"))).to_series()  # stable across polars versions
    for ranked in (hashed, norm):
        rank = (ranked.rank("dense") - 1).cast(pl.Int64).to_numpy()
        distinct = norm.gather(_first_of(rank))
        if ranked is norm or distinct.gather(rank).equals(norm):
            break
    return rank, distinct


def _smallest(labels: np.ndarray, texts: pl.Series) -> np.ndarray:
    """For component labels of distinct texts, the number of the smallest text of each text's component."""
    rep = np.arange(len(labels))
    multi = np.flatnonzero(np.bincount(labels)[labels] > 1)  # texts with near-copies
    if len(multi):
        members = pl.DataFrame({"c": labels[multi], "i": multi, "t": texts.gather(multi)})
        first = members.group_by("c").agg(pl.col("i").sort_by("t").first().alias("r"))
        smallest = np.zeros(labels.max() + 1, dtype=np.int64)
        smallest[first["c"].to_numpy()] = first["r"].to_numpy()
        rep[multi] = smallest[labels[multi]]
    return rep


def text_clusters(frame: pl.DataFrame, text_fields: tuple[str, ...], cfg: NearDupConfig | None = None) -> Clusters:
    """Cluster the rows of ``frame`` by near-duplicate text, numbered (and keyed) by the cluster's smallest text."""
    cfg = cfg or NearDupConfig()
    half = max(1, -(-frame.height // 2))
    norm = select_in_slices(frame, normalized_text(text_fields).alias("t"), half)  # two threads
    rank, distinct = _distinct(norm)
    pairs, candidates = _verified(distinct, cfg)
    labels = _components(len(distinct), pairs)
    rep = _smallest(labels, distinct)  # each text's component's smallest text
    row_rep = rep[rank]
    sizes = np.bincount(row_rep)  # rows per cluster, by its smallest text's number (0: not a cluster key)
    multi = sizes[sizes > 1]
    stats = {"clusters": len(multi), "rows_in_clusters": int(multi.sum()), "largest": int(sizes.max(initial=0)),
             "near_copy_texts": int((rep != np.arange(len(rep))).sum()), "edges": pairs.height,
             "candidates": candidates}
    return Clusters(label=pl.Series("text_cluster", row_rep), texts=distinct, stats=stats)
