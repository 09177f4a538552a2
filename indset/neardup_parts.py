"""Near-duplicate clusters of a table held in parts: the clusters and counts :func:`indset.neardup.text_clusters`
gives on the whole table, with every step over a bounded part of the texts (the Ray engine's products in parts).

Everything a step needs of a text is the text itself: its 64-bit hash, its shingle set, its MinHash band keys and
bit sketch. The whole-table run numbers the distinct texts in hash order, orders them by (shingle count, number) and
links a bucket of a band in that order (all pairs, or a star plus a chain above ``max_bucket``); here each hash
range numbers its texts from the count of the ranges before it (:func:`offsets`), which is the same numbering (a
64-bit collision falls back to the whole-table run: :data:`COLLISION`). Steps, each a pure function over frames
(``run``, a :class:`Runner`, says where they run: in process, or as Ray tasks, :mod:`indset.engines.ray_engine`):

1. ``part_texts`` (per part of the rows): the part's distinct texts (hash, text) cut by hash range;
2. ``text_range`` (per hash range): the range's distinct texts of every part (collisions found here: equal hashes
   share a range), shingled and MinHashed once with the whole-table run's kernels; their band rows (band, key,
   range, index, shingle count) cut by key range of the key's top 32 bits (a bucket is in one range);
3. ``bucket_pairs`` (per key range): each band's buckets linked in (shingle count, number) order with the
   shingle-count filter, as distinct pair codes (a * n + b, a < b) cut by the hash range of a;
4. ``with_left`` (per hash range): its pairs deduplicated, with a's hash, text and sketch, cut by the range of b;
5. ``verified`` (per hash range): the sketch filter (the pairs left are the whole-table run's candidates), then
   the true Jaccard of the shingle sets: the edges (a, b, their texts);
6. on the caller: connected components of the edges, each named by its smallest text, mapped onto the rows by
   text hash (:func:`clusters_from_edges`).

Memory per step is bounded by its range of ``TEXTS_PER_RANGE`` texts (T): its texts with their sets and sketches
(~0.7 KB x T while MinHashing), band rows (64 x 22 B x T, ~350 MB) and pairs (~8 distinct bucket pairs per product
text before the sketch filter). The caller keeps each row's normalized text and hash, and the edges. On 1M
benchmark products (4 ranges, in process) it took 36 s of CPU where the whole-table run takes 5 s: the steps
shuffle, sort and deduplicate what that run keeps in place; it exists for tables one process cannot hold.
"""

from __future__ import annotations

import itertools
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
RANGE, INDEX, CODE = "range", "index", "code"
TEXTS_PER_RANGE = 250_000   # distinct texts per hash range and band rows of as many texts per key range (about)
COLLISION = "collision"     # a hash range's answer when two of its texts share a 64-bit hash
BUCKET_MASK = ~np.uint64(0xFFFF_FFFF)  # a bucket's key bits whatever the text count (below 2**32: low bits <= 32)


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


def text_range(*pieces: pl.DataFrame, cfg: NearDupConfig, key_ranges: int, at_range: int
               ) -> tuple[pl.DataFrame | str, ...]:
    """Step 2: hash range ``at_range``'s distinct texts (of every part) by hash (hash, text, size, bits; or
    :data:`COLLISION`), then their band rows (band, key, range, index: the text's place in the range, size) cut into
    ``key_ranges`` by the range of the key's top 32 bits (:func:`_cut_keys`: a bucket is in one range). A text's
    number in the table is its range's offset plus its index (:func:`offsets`): texts numbered in hash order, as the
    whole-table run numbers them."""
    texts = pl.concat(pieces).unique(TEXT).sort(HASH, TEXT)
    rows = pl.DataFrame(schema={BAND: pl.UInt32, KEY: pl.UInt64, RANGE: pl.UInt32, INDEX: pl.UInt32,
                                SIZE: pl.UInt32})
    if texts[HASH].n_unique() < texts.height:
        return (COLLISION, *_cut_keys(rows, key_ranges))
    words = -(-Sketch.of(cfg).nbits // 64)
    if not texts.height:
        texts = texts.with_columns(pl.lit(0, pl.UInt32).alias(SIZE),
                                   pl.lit(None, pl.Array(pl.UInt64, words)).alias(BITS))
        return (texts, *_cut_keys(rows, key_ranges))
    sets, vocab = shingle_sets(texts[TEXT], cfg.shingle, cfg.seed)
    order, keys, bits, _ = sketches(sets, vocab, cfg)
    at = np.empty_like(order)
    at[order] = np.arange(len(order))  # text -> its position (keys and bits are by position)
    size = np.diff(sets.indptr).astype(np.uint32)
    texts = texts.with_columns(pl.Series(SIZE, size), pl.Series(BITS, bits[at], dtype=pl.Array(pl.UInt64, words)))
    n, bands = texts.height, keys.shape[0]
    rows = pl.DataFrame({BAND: np.repeat(np.arange(bands, dtype=np.uint32), n), KEY: keys[:, at].ravel(),
                         RANGE: np.full(n * bands, at_range, dtype=np.uint32),
                         INDEX: np.tile(np.arange(n, dtype=np.uint32), bands), SIZE: np.tile(size, bands)})
    return (texts, *_cut_keys(rows, key_ranges))


def offsets(counts: Sequence[int]) -> list[int]:
    """The number of the first text of each hash range (``counts``: texts per range), then the table's texts."""
    return [0, *itertools.accumulate(counts)]


def bucket_pairs(*pieces: pl.DataFrame, starts: list[int], cfg: NearDupConfig) -> tuple[pl.DataFrame, ...]:
    """Step 3: the pairs of a key range's buckets, each band linked as the whole-table run links it (``starts``:
    :func:`offsets`, which number the texts and, by their count, set the bucket bits), as pair codes (a * n + b,
    a < b: text numbers of the n texts) by hash range of a."""
    texts = starts[-1]
    low_bits = max(1, (texts - 1).bit_length())
    if low_bits > 32:  # buckets would be wider than the 32 low key bits the key ranges are cut above
        raise ValueError(f"near-duplicates in parts: {texts:,} distinct texts, at most 2**32")
    low = np.uint64((1 << low_bits) - 1)
    rows = pl.concat(pieces)
    band, key = rows[BAND].to_numpy(), rows[KEY].to_numpy() & ~low
    number = np.asarray(starts, dtype=np.uint64)[rows[RANGE].to_numpy()] + rows[INDEX].to_numpy()
    size = rows[SIZE].to_numpy().astype(np.int64)
    del rows
    order = _bucket_order(band, key, size, number, low_bits)
    band, key, size, number = band[order], key[order], size[order], number[order]
    del order
    kernels, found = _kernels(), []
    cuts = np.flatnonzero(np.diff(band)) + 1
    no_bits = np.zeros((1, 1), dtype=np.uint64)  # the sketch filter comes later (step 5)
    n_all = np.uint64(texts)
    for s, e in zip(np.concatenate([[0], cuts]).tolist(), np.concatenate([cuts, [len(band)]]).tolist(), strict=True):
        n = e - s
        if n < 2:
            continue
        ranked = (key[s:e] | np.arange(n, dtype=np.uint64))[None, :]  # a row's place in its band: its position
        cap = max(1, n // 2)
        while True:
            out, counts = np.empty((1, cap), dtype=np.int64), np.empty(1, dtype=np.int64)
            kernels.band_pairs(ranked, low, cfg.max_bucket, size[s:e], no_bits, cfg.threshold, -1, out, counts)
            if counts[0] >= 0:
                break
            cap *= 2
        codes = out[0, :counts[0]]
        x, y = number[s:e][codes // n], number[s:e][codes % n]
        found.append(np.minimum(x, y) * n_all + np.maximum(x, y))
    pairs = pl.Series(CODE, np.concatenate(found) if found else np.zeros(0, dtype=np.uint64)).unique().to_frame()
    return _cut_numbers(pairs, pl.col(CODE) // texts, starts)


def _bucket_order(band: np.ndarray, key: np.ndarray, size: np.ndarray, number: np.ndarray,
                  low_bits: int) -> np.ndarray:
    """Rows by band, bucket (``key``, its low bits cleared), then the whole-table run's position order (shingle
    count, then number). Sorted on one 64-bit value of band and bucket where both fit (the bucket bits above
    ``low_bits``), then the rows sharing a bucket by shingle count and number; else on all four."""
    band_bits = max(1, int(band.max(initial=0)).bit_length())
    if low_bits < band_bits:
        return np.lexsort((number, size, key, band))
    slot = (band.astype(np.uint64) << np.uint64(64 - band_bits)) | (key >> np.uint64(band_bits))
    order = pl.Series(slot).arg_sort().to_numpy().copy()  # (a view of polars memory is read-only)
    ranked = slot[order]
    shared = np.zeros(len(ranked), dtype=bool)
    same = ranked[1:] == ranked[:-1]
    shared[1:] |= same
    shared[:-1] |= same
    at = np.flatnonzero(shared)  # rows of buckets of two or more, contiguous per bucket, buckets in order
    rows = order[at]
    number_bits = max(1, int(number.max(initial=0)).bit_length())
    if int(size.max(initial=0)).bit_length() + number_bits <= 64:  # (size, number) as one integer
        within = (size[rows].astype(np.uint64) << np.uint64(number_bits)) | number[rows]
        both = pl.DataFrame({"bucket": ranked[at], "within": within})
        order[at] = rows[both.select(pl.arg_sort_by("bucket", "within"))["bucket"].to_numpy()]
    else:
        order[at] = rows[np.lexsort((number[rows], size[rows], ranked[at]))]
    return order


def with_left(*pieces: pl.DataFrame, texts: pl.DataFrame, starts: list[int], at_range: int) -> tuple[pl.DataFrame, ...]:
    """Step 4: hash range ``at_range``'s distinct pair codes (a in the range: ``texts``) with a's hash, text and
    sketch, by hash range of b."""
    n = starts[-1]
    pairs = pl.concat(pieces).unique().sort(CODE)
    at = pairs.select((pl.col(CODE) // n - starts[at_range]).alias("i"))["i"]
    pairs = pairs.with_columns(texts[HASH].gather(at).alias(A), texts[TEXT].gather(at).alias("text_a"),
                               texts[BITS].gather(at).alias("bits_a"))
    return _cut_numbers(pairs, pl.col(CODE) % n, starts)


def verified(*pieces: pl.DataFrame, texts: pl.DataFrame, starts: list[int], at_range: int,
             cfg: NearDupConfig) -> tuple[pl.DataFrame, int]:
    """Step 5: hash range ``at_range``'s pairs (b in the range: ``texts``) that pass the sketch filter (counted: the
    candidates), and of those the edges: Jaccard of the shingle sets at or above the threshold (a, b: hashes;
    text_a, text_b)."""
    n = starts[-1]
    pairs = pl.concat(pieces).sort(CODE)
    at = (pairs[CODE].to_numpy() % np.uint64(n) - np.uint64(starts[at_range])).astype(np.int64)
    sketch = Sketch.of(cfg)
    if sketch.most >= 0 and pairs.height:
        ones = np.bitwise_count(pairs["bits_a"].to_numpy() ^ texts[BITS].to_numpy()[at]).sum(axis=1)
        keep = ones <= sketch.most
        pairs, at = pairs.filter(pl.Series(keep)), at[keep]
    if not pairs.height:
        return pl.DataFrame(schema={A: pl.UInt64, B: pl.UInt64, "text_a": pl.String, "text_b": pl.String}), 0
    # shingle sets of the range's texts (rows 0..), then of the distinct texts a (codes are sorted: a ascending)
    a = pairs[CODE].to_numpy() // np.uint64(n)
    first = np.concatenate([[True], a[1:] != a[:-1]])
    ia = texts.height + np.cumsum(first) - 1
    sets, _ = shingle_sets(pl.concat([texts[TEXT], pairs["text_a"].filter(pl.Series(first))]), cfg.shingle, cfg.seed)
    jac = jaccard(sets, ia, at)
    edges = pairs.select(A, texts[HASH].gather(pl.Series(at)).alias(B), "text_a",
                         texts[TEXT].gather(pl.Series(at)).alias("text_b"))
    return edges.filter(pl.Series(jac >= cfg.threshold - 1e-12)), pairs.height


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
    signed = run(text_range, [(tuple(c[r] for c in cut), {"cfg": cfg, "key_ranges": ranges, "at_range": r})
                              for r in range(ranges)], 1 + ranges)
    del cut
    text_refs = [s[0] for s in signed]
    counts = run.get([call[0] for call in run(_height, [((ref,), {}) for ref in text_refs], 1)])
    if COLLISION in counts:
        return None
    starts = offsets([int(c) for c in counts])
    paired = run(bucket_pairs, [(tuple(s[1 + q] for s in signed), {"starts": starts, "cfg": cfg})
                                for q in range(ranges)], ranges)
    del signed
    left = run(with_left, [(tuple(p[r] for p in paired), {"texts": text_refs[r], "starts": starts, "at_range": r})
                           for r in range(ranges)], ranges)
    del paired
    done = run.get([call[0] for call in run(verified, [(tuple(p[r] for p in left), {
        "texts": text_refs[r], "starts": starts, "at_range": r, "cfg": cfg}) for r in range(ranges)], 1)])
    return clusters_from_edges(rows, pl.concat([e for e, _ in done]), sum(n for _, n in done))


def _height(texts: pl.DataFrame | str) -> int | str:
    return texts if isinstance(texts, str) else texts.height


def _cut_numbers(frame: pl.DataFrame, number: pl.Expr, starts: list[int]) -> tuple[pl.DataFrame, ...]:
    """``frame`` cut by the hash range of a text ``number`` (:func:`offsets`: ``starts``; row order kept in each)."""
    if len(starts) == 2:
        return (frame,)
    part = np.searchsorted(np.asarray(starts[1:-1], dtype=np.uint64), frame.select(number).to_series().to_numpy(),
                           side="right")
    cut = frame.with_columns(pl.Series("_part", part, dtype=pl.UInt32)).partition_by(
        "_part", include_key=False, as_dict=True, maintain_order=True)
    return tuple(cut.get((p,), frame.head(0)) for p in range(len(starts) - 1))


def _cut_keys(rows: pl.DataFrame, parts: int) -> tuple[pl.DataFrame, ...]:
    """Band ``rows`` cut into ``parts`` by the range of their key's top 32 bits: the bucket bits of any text count
    below 2**32 (:func:`bucket_pairs` clears the low bits of the count's width), so a bucket is in one range."""
    return _cut(rows, pl.col(KEY) & pl.lit(BUCKET_MASK, pl.UInt64), parts)


def _cut(frame: pl.DataFrame, by: str | pl.Expr, parts: int) -> tuple[pl.DataFrame, ...]:
    """``frame`` cut into ``parts`` by the range of the 64-bit column or expression ``by`` (row order kept in each)."""
    if parts == 1:
        return (frame,)
    cut = frame.with_columns(id_range(pl.col(by) if isinstance(by, str) else by, parts).alias("_part")).partition_by(
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
