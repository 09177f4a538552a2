"""Near-duplicate clusters of a table held in parts: the clusters and counts :func:`indset.neardup.text_clusters`
gives on the whole table, with every step over a bounded part of the texts (the Ray engine's products in parts).

Everything a step needs of a text is the text itself: its 64-bit hash (which numbers it), its shingle set, its
MinHash band keys and bit sketch. The whole-table run orders texts by (shingle count, number) and links a bucket
of a band in that order (all pairs, or a star plus a chain above ``max_bucket``); here the texts are identified by
their hash, which orders them as their number does (a 64-bit collision falls back to the whole-table run:
:data:`COLLISION`). Steps, each a pure function over frames (``run`` says where they run: in process, or as Ray
tasks, :mod:`indset.engines.ray_engine`):

1. ``part_signatures`` (per part of the rows): the part's distinct texts with hash, shingle count and sketch, cut
   by hash range; its band rows (band, key, hash, shingle count) cut by key range (a bucket is in one range);
2. ``text_range`` (per hash range): the range's distinct texts (collisions detected here: equal hashes share a
   range);
3. ``bucket_pairs`` (per key range): each band's buckets linked in (shingle count, hash) order, the shingle-count
   filter applied: the distinct pairs (a < b by hash), cut by the range of a;
4. ``with_left`` (per hash range): a range's pairs, deduplicated, with text a's text and sketch, cut by the range
   of b;
5. ``verified`` (per hash range): the sketch filter (the pairs left are the whole-table run's candidates), then
   the true Jaccard of the shingle sets: the edges (a, b, their texts);
6. on the caller: connected components of the edges, each named by its smallest text, mapped onto the rows by
   text hash (:func:`clusters_from_edges`).

Memory per step is bounded by its part: ~1.4 KB per distinct text of a part of the rows (its band rows), and per
range its texts, band rows and pairs (~5 candidate pairs per text on product names). The caller keeps each row's
text hash and the edges' texts.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np
import polars as pl

from indset.neardup import (
    SKETCH_BITS,
    SKETCH_Z,
    Clusters,
    NearDupConfig,
    _kernels,
    jaccard,
    normalized_text,
    shingle_sets,
    sketches,
)
from indset.resolve import Resolved, stable_id
from indset.slices import select_in_slices
from indset.table_steps import id_range

HASH, TEXT, SIZE, BITS, BAND, KEY, A, B = "hash", "text", "size", "bits", "band", "key", "a", "b"
TEXTS_PER_RANGE = 250_000   # distinct texts per hash range and band rows of as many texts per key range (about)
COLLISION = "collision"     # a hash range's answer when two of its texts share a 64-bit hash


@dataclass(frozen=True)
class Sketch:
    """The sketch filter: bits compared, and how many may differ (-1: no sketch)."""

    nbits: int
    most: int

    @classmethod
    def of(cls, cfg: NearDupConfig) -> Sketch:
        nbits = min(SKETCH_BITS, cfg.num_perm) // 8 * 8
        diff = (1 - cfg.threshold) / 2  # a sketch bit differs with probability (1 - J) / 2
        most = int(nbits * diff + SKETCH_Z * math.sqrt(nbits * diff * (1 - diff))) if nbits else -1
        return cls(nbits, most)


def row_hashes(frame: pl.DataFrame, text_fields: Sequence[str]) -> pl.DataFrame:
    """Each row's normalized text (:func:`indset.neardup.normalized_text`) and its 64-bit hash."""
    half = max(1, -(-frame.height // 2))
    norm = select_in_slices(frame, normalized_text(tuple(text_fields)).alias(TEXT), half)
    return norm.to_frame().with_columns(stable_id(pl.col(TEXT)).alias(HASH))


def part_texts(part: pl.DataFrame | Resolved, text_fields: Sequence[str], ranges: int) -> tuple[pl.DataFrame, ...]:
    """Step 1 for a part of the rows (a frame, or the survivors of a resolved part): its distinct texts (hash, text)
    cut into ``ranges`` by hash range."""
    frame = part.survivors if isinstance(part, Resolved) else part
    assert frame is not None
    return _cut(row_hashes(frame, text_fields).unique(TEXT), HASH, ranges)


def text_range(*pieces: pl.DataFrame, cfg: NearDupConfig, key_ranges: int) -> tuple[pl.DataFrame | str, ...]:
    """Step 2: a hash range's distinct texts (of every part: hash, text, size, bits; or :data:`COLLISION`), then
    their band rows (band, key, hash, size) cut into ``key_ranges`` by key range (a bucket is in one range)."""
    texts = pl.concat(pieces).unique(TEXT).sort(HASH, TEXT)
    rows = pl.DataFrame(schema={BAND: pl.UInt16, KEY: pl.UInt64, HASH: pl.UInt64, SIZE: pl.UInt32})
    if texts[HASH].n_unique() < texts.height:
        return (COLLISION, *_cut(rows, KEY, key_ranges))
    words = -(-Sketch.of(cfg).nbits // 64)
    if not texts.height:
        texts = texts.with_columns(pl.lit(0, pl.UInt32).alias(SIZE),
                                   pl.lit(None, pl.Array(pl.UInt64, words)).alias(BITS))
        return (texts, *_cut(rows, KEY, key_ranges))
    sets, vocab = shingle_sets(texts[TEXT], cfg.shingle, cfg.seed)
    order, keys, bits, _ = sketches(sets, vocab, cfg)
    at = np.empty_like(order)
    at[order] = np.arange(len(order))  # text -> its position (keys and bits are by position)
    size = np.diff(sets.indptr).astype(np.uint32)
    texts = texts.with_columns(pl.Series(SIZE, size), pl.Series(BITS, bits[at], dtype=pl.Array(pl.UInt64, words)))
    n, bands = texts.height, keys.shape[0]
    rows = pl.DataFrame({BAND: np.repeat(np.arange(bands, dtype=np.uint16), n), KEY: keys[:, at].ravel(),
                         HASH: np.tile(texts[HASH].to_numpy(), bands), SIZE: np.tile(size, bands)})
    return (texts, *_cut(rows, KEY, key_ranges))


def bucket_pairs(*pieces: pl.DataFrame, texts: int, cfg: NearDupConfig, ranges: int) -> tuple[pl.DataFrame, ...]:
    """Step 3: the pairs of a key range's buckets (``texts``: distinct texts of the table, which sets the bucket
    bits), each band linked as the whole-table run links it, by range of a."""
    low_bits = max(1, (texts - 1).bit_length())
    low = np.uint64((1 << low_bits) - 1)
    # by band, bucket, then the whole-table run's position order (shingle count, then number: hash): a text's
    # place in its band's slice is a position that orders a bucket as that run does
    rows = pl.concat(pieces).with_columns(pl.col(KEY) & pl.lit(int(~low & np.uint64(2**64 - 1)), pl.UInt64)).sort(
        BAND, KEY, SIZE, HASH)
    kernels, found = _kernels(), []
    bands = rows[BAND].to_numpy()
    cuts = np.flatnonzero(np.diff(bands)) + 1
    starts, ends = np.concatenate([[0], cuts]), np.concatenate([cuts, [len(bands)]])
    key, size, hashes = rows[KEY].to_numpy(), rows[SIZE].to_numpy().astype(np.int64), rows[HASH].to_numpy()
    no_bits = np.zeros((int((ends - starts).max(initial=0)), 1), dtype=np.uint64)
    for s, e in zip(starts.tolist(), ends.tolist(), strict=True):
        n = e - s
        if n < 2:
            continue
        ranked = (key[s:e] | np.arange(n, dtype=np.uint64))[None, :]
        cap = max(1, n // 2)
        while True:
            out, counts = np.empty((1, cap), dtype=np.int64), np.empty(1, dtype=np.int64)
            kernels.band_pairs(ranked, low, cfg.max_bucket, size[s:e], no_bits, cfg.threshold, -1, out, counts)
            if counts[0] >= 0:
                break
            cap *= 2
        codes = out[0, :counts[0]]
        x, y = hashes[s:e][codes // n], hashes[s:e][codes % n]
        found.append(pl.DataFrame({A: np.minimum(x, y), B: np.maximum(x, y)}))
    pairs = (pl.concat(found).unique() if found else pl.DataFrame(schema={A: pl.UInt64, B: pl.UInt64}))
    return _cut(pairs, A, ranges)


def with_left(*pieces: pl.DataFrame, texts: pl.DataFrame, ranges: int) -> tuple[pl.DataFrame, ...]:
    """Step 4: a hash range's distinct pairs (a in the range) with a's text, size and sketch, by range of b."""
    pairs = pl.concat(pieces).unique()
    left = texts.select(pl.col(HASH).alias(A), pl.col(TEXT).alias("text_a"), pl.col(BITS).alias("bits_a"))
    return _cut(pairs.join(left, on=A, how="inner"), B, ranges)


def verified(*pieces: pl.DataFrame, texts: pl.DataFrame, cfg: NearDupConfig) -> tuple[pl.DataFrame, int]:
    """Step 5: a hash range's pairs (b in the range) that pass the sketch filter (counted: the candidates), and of
    those the edges: Jaccard of the shingle sets at or above the threshold (a, b, text_a, text_b)."""
    right = texts.select(pl.col(HASH).alias(B), pl.col(TEXT).alias("text_b"), pl.col(BITS).alias("bits_b"))
    pairs = pl.concat(pieces).join(right, on=B, how="inner").sort(A, B)
    sketch = Sketch.of(cfg)
    if sketch.most >= 0 and pairs.height:
        ones = np.bitwise_count(pairs["bits_a"].to_numpy() ^ pairs["bits_b"].to_numpy()).sum(axis=1)
        pairs = pairs.filter(pl.Series(ones <= sketch.most))
    empty = pl.DataFrame(schema={A: pl.UInt64, B: pl.UInt64, "text_a": pl.String, "text_b": pl.String})
    if not pairs.height:
        return empty, 0
    both = pl.concat([pairs["text_a"], pairs["text_b"]]).unique(maintain_order=True)
    index = pl.DataFrame({TEXT: both, "i": pl.int_range(both.len(), eager=True)})
    ia = pairs.select(pl.col("text_a").alias(TEXT)).join(index, on=TEXT, how="left", maintain_order="left")["i"]
    ib = pairs.select(pl.col("text_b").alias(TEXT)).join(index, on=TEXT, how="left", maintain_order="left")["i"]
    sets, _ = shingle_sets(both, cfg.shingle, cfg.seed)
    jac = jaccard(sets, ia.to_numpy(), ib.to_numpy())
    edges = pairs.select(A, B, "text_a", "text_b").filter(pl.Series(jac >= cfg.threshold - 1e-12))
    return edges, pairs.height


def clusters_from_edges(rows: pl.DataFrame, edges: pl.DataFrame, candidates: int) -> Clusters:
    """Step 6: each row (``row_hashes``) labelled by the smallest text of its component of ``edges``, with the
    whole-table run's stats. Labels number the clusters' smallest texts by hash (a cluster: same rows)."""
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    nodes = pl.concat([edges.select(pl.col(A).alias(HASH), pl.col("text_a").alias(TEXT)),
                       edges.select(pl.col(B).alias(HASH), pl.col("text_b").alias(TEXT))]).unique(HASH).sort(HASH)
    number = pl.DataFrame({HASH: nodes[HASH], "n": pl.int_range(nodes.height, dtype=pl.Int64, eager=True)})
    ends = [edges.select(pl.col(end).alias(HASH)).join(number, on=HASH, how="left", maintain_order="left")["n"]
            for end in (A, B)]
    graph = coo_matrix((np.ones(edges.height, dtype=np.int8), (ends[0].to_numpy(), ends[1].to_numpy())),
                       shape=(nodes.height, nodes.height))
    comp = connected_components(graph, directed=False)[1] if nodes.height else np.zeros(0, dtype=np.int32)
    nodes = nodes.with_columns(pl.Series("c", comp))
    smallest = nodes.group_by("c").agg(pl.col(HASH).sort_by(TEXT).first().alias("rep"),
                                       pl.col(TEXT).min().alias("rep_text"))
    reps = nodes.join(smallest, on="c").select(HASH, "rep", "rep_text")
    per_row = (rows.join(reps, on=HASH, how="left", maintain_order="left")
               .select(pl.col("rep").fill_null(pl.col(HASH)), pl.col("rep_text").fill_null(pl.col(TEXT))))
    keys = per_row.unique("rep", keep="first").sort("rep")
    label = per_row["rep"].rank("dense").cast(pl.Int64) - 1
    sizes = label.value_counts()["count"]
    multi = sizes.filter(sizes > 1)
    stats = {"clusters": multi.len(), "rows_in_clusters": int(multi.sum()), "largest": int(sizes.max() or 0),
             "near_copy_texts": int((reps[HASH] != reps["rep"]).sum()), "edges": edges.height,
             "candidates": candidates}
    return Clusters(label=label.rename("text_cluster"), texts=keys["rep_text"], stats=stats)


class Runner(Protocol):
    """Where the steps run: ``run(fn, calls, returns)`` calls ``fn(*args, **kwargs)`` for each ``(args, kwargs)`` of
    ``calls``, each giving ``returns`` values (:func:`values`), and gives each call's list of handles, which later
    calls may take as arguments (the values themselves in process; object references on Ray); ``run.get(handles)``
    gives their values."""

    def __call__(self, fn: Callable[..., Any], calls: list[tuple[tuple[Any, ...], dict[str, Any]]],
                 returns: int) -> list[Any]: ...

    def get(self, handles: list[Any]) -> list[Any]: ...


def text_clusters_in_parts(parts: Sequence[Any], rows: pl.DataFrame, text_fields: Sequence[str],
                           cfg: NearDupConfig, run: Runner, texts_hint: int) -> Clusters | None:
    """:func:`indset.neardup.text_clusters` of the rows of ``parts`` (handles of frames or resolved parts, in
    order; ``rows``: their ``row_hashes``, in the same order), steps 1-5 run by ``run``; ``texts_hint``: about how
    many distinct texts (sets the number of ranges). None when two texts share a hash (the caller clusters the
    whole table instead)."""
    ranges = max(1, -(-texts_hint // TEXTS_PER_RANGE))
    cut = run(part_texts, [((p, tuple(text_fields), ranges), {}) for p in parts], ranges)
    signed = run(text_range, [(tuple(c[r] for c in cut), {"cfg": cfg, "key_ranges": ranges})
                              for r in range(ranges)], 1 + ranges)
    del cut
    text_refs = [s[0] for s in signed]
    counts = run.get([call[0] for call in run(_height, [((ref,), {}) for ref in text_refs], 1)])
    if COLLISION in counts:
        return None
    paired = run(bucket_pairs, [(tuple(s[1 + q] for s in signed), {"texts": sum(counts), "cfg": cfg,
                                                                     "ranges": ranges}) for q in range(ranges)],
                 ranges)
    del signed
    left = run(with_left, [(tuple(p[r] for p in paired), {"texts": text_refs[r], "ranges": ranges})
                           for r in range(ranges)], ranges)
    del paired
    done = run.get([call[0] for call in run(verified, [(tuple(p[r] for p in left), {"texts": text_refs[r],
                                                                                     "cfg": cfg})
                                                       for r in range(ranges)], 1)])
    return clusters_from_edges(rows, pl.concat([e for e, _ in done]), sum(n for _, n in done))


def _height(texts: pl.DataFrame | str) -> int | str:
    return texts if isinstance(texts, str) else texts.height


def _cut(frame: pl.DataFrame, by: str, parts: int) -> tuple[pl.DataFrame, ...]:
    """``frame`` cut into ``parts`` by the range of the 64-bit column ``by`` (row order kept in each)."""
    if parts == 1:
        return (frame,)
    cut = frame.with_columns(id_range(pl.col(by), parts).alias("_part")).partition_by(
        "_part", include_key=False, as_dict=True, maintain_order=True)
    return tuple(cut.get((p,), frame.head(0)) for p in range(parts))


def values(value: Any, returns: int) -> Any:
    """A step's answer as ``run`` hands it out: ``returns`` values (a 1-tuple of a cut into one range: its value)."""
    if returns == 1:
        return value[0] if isinstance(value, tuple) and len(value) == 1 else value
    return tuple(value)


class InProcess:
    """``run`` in this process (tests; the steps of one machine): handles are the values."""

    def __call__(self, fn: Callable[..., Any], calls: list[tuple[tuple[Any, ...], dict[str, Any]]],
                 returns: int) -> list[Any]:
        out = []
        for args, kwargs in calls:
            value = values(fn(*args, **kwargs), returns)
            out.append(value if returns > 1 else (value,))
        return out

    def get(self, handles: list[Any]) -> list[Any]:
        return handles
