"""Compiled inner loops of the near-duplicate stage (numba; cached on disk after the first call).

MinHash, LSH candidate pairs and exact Jaccard each touch every (text, permutation), every pair in a
bucket or every shingle of a pair: tens of millions of tiny steps per million texts. As numpy
operations those steps were whole-array temporaries and random gathers (about 17 s of the 20 s the
stage took on 1M products); here they are loops over a text, a bucket or a pair, run on every core
(``prange``), each writing only its own output slots, so results do not depend on the thread count.
The arithmetic (uint64 wrap-around, the mixer, bit order) is exactly that of the numpy version it
replaced: on 1M benchmark products both gave the same band keys, sketch bits, 4.8M candidate pairs and
Jaccard values (compared when it was replaced; tests/test_neardup.py checks recall, verification and
that thread count, table passes and pair-buffer growth do not change the pairs).

Session 13 (same pairs, clusters and release hashes): band keys are radix-sorted on their top 24 bits only
(3 passes, not 6; the few runs of equal top bits holding two buckets are then sorted by value), and the
19M pair codes of 1M texts (7.9M distinct) are deduplicated in 256 partitions sorted in the cache on both
cores instead of one single-thread radix sort plus numpy's mask, index, // and %. Tried and dropped
(measured): giving a pair only in the first band that links it (a per-pair look-up of the earlier bands'
buckets, by full keys or by one-byte prints checked against the keys, cost 1.4-2.5 s more CPU in
``band_pairs`` than the 11M codes it saved: 40M of the 59M bucket pairs are dropped by the sketch filter
anyway and the look-ups are cache misses), and stopping the exact Jaccard of a pair once it cannot reach the
threshold (90% of the candidates stop early, yet it saved 3%: the loop waits on memory, not arithmetic).
"""

from __future__ import annotations

import numpy as np
from numba import njit, prange

_M1, _M2 = np.uint64(0xBF58476D1CE4E5B9), np.uint64(0x94D049BB133111EB)
_S30, _S27, _S31 = np.uint64(30), np.uint64(27), np.uint64(31)
_K1, _K2, _K4 = np.uint64(0x5555555555555555), np.uint64(0x3333333333333333), np.uint64(0x0F0F0F0F0F0F0F0F)
_H01 = np.uint64(0x0101010101010101)
_PAIRS = 1 << 15  # pairs per task of jaccard_pairs
_SHORT_ROW = 64  # shingles per text up to which distinct_rows sorts by insertion
CHUNK = 256  # items per hand-out in parallel loops whose items differ in cost (numba.parallel_chunksize)
_ONE, _TWO, _FOUR, _B56 = np.uint64(1), np.uint64(2), np.uint64(4), np.uint64(56)


@njit(inline="always")
def _mix(h):
    h ^= h >> _S30
    h *= _M1
    h ^= h >> _S27
    h *= _M2
    h ^= h >> _S31
    return h


@njit(inline="always")
def _popcount(x):
    x = x - ((x >> _ONE) & _K1)
    x = (x & _K2) + ((x >> _TWO) & _K2)
    x = (x + (x >> _FOUR)) & _K4
    return (x * _H01) >> _B56


@njit(parallel=True, cache=True)
def minhash_pass(indptr, indices, order, first, table, p0, mult, b0, keys, bits, nbits):  # pragma: no cover
    """For the texts at sorted positions ``first..`` (``order``: position -> text), the minimum of ``table``
    (shingle x permutation, the permutations ``p0..`` of this pass) over each text's shingles; turned into
    the band keys of bands ``b0..`` (``keys``: bands x positions) and the sketch bits of permutations
    < ``nbits`` (``bits``: positions x words, bit k of word w = lowest bit of permutation 64w + k)."""
    n, width = order.shape[0], table.shape[1]
    r, nbands = mult.shape[0], width // mult.shape[0]
    for pos in prange(first, n):
        t = order[pos]
        vals = table[indices[indptr[t]]].copy()
        for s in range(indptr[t] + 1, indptr[t + 1]):
            row = table[indices[s]]
            for p in range(width):
                vals[p] = min(vals[p], row[p])
        for b in range(nbands):
            key = np.uint64(b0 + b)
            for j in range(r):
                key += np.uint64(vals[b * r + j]) * mult[j, b0 + b]
            keys[b0 + b, pos] = _mix(key)
        q, end = p0, min(p0 + width, nbits)
        while q < end:  # one 64-bit word of sketch bits at a time
            stop = min(end, ((q >> 6) + 1) << 6)
            word = np.uint64(0)
            for p in range(q, stop):
                word |= np.uint64(vals[p - p0] & 1) << np.uint64(p & 63)
            bits[pos, q >> 6] |= word
            q = stop


@njit(cache=True)
def _runs(ranked, low):
    """Start of each run of equal bucket bits in ``ranked`` (sorted), plus its end."""
    hi = ~low
    n = ranked.shape[0]
    starts = np.empty(n + 1, dtype=np.int64)
    k = 0
    for i in range(n):
        if i == 0 or (ranked[i] & hi) != (ranked[i - 1] & hi):
            starts[k] = i
            k += 1
    starts[k] = n
    return starts[:k + 1]


@njit(inline="always")
def _keep(x, y, size, rows, threshold, most):
    sx, sy = size[x], size[y]
    lo, hi = min(sx, sy), max(sx, sy)
    if lo < threshold * hi - 1e-9:  # also rejects the empty text (size 0)
        return False
    if most < 0:  # no sketch
        return True
    differ = np.uint64(0)
    for w in range(rows.shape[1]):
        differ += _popcount(rows[x, w] ^ rows[y, w])
    return np.int64(differ) <= most


@njit(parallel=True, cache=True)
def band_pairs(ranked, low, cap, size, rows, threshold, most, out, counts):  # pragma: no cover
    """Pairs of sorted positions sharing a bucket in each band (``ranked``: bands x positions, each row
    sorted, bucket bits above ``low``, the position in the low bits) that pass the size and sketch
    filters. A bucket of at most ``cap`` positions gives all its pairs, a larger one a star from its first
    position plus a chain through the rest. Band i writes pairs (smaller position * n + larger) to
    ``out[i]`` and their number to ``counts[i]``; -1 when ``out[i]`` is too short (call again, longer)."""
    n = ranked.shape[1]
    for i in prange(ranked.shape[0]):
        keyed = ranked[i]
        starts = _runs(keyed, low)
        k = 0
        for g in range(starts.shape[0] - 1):
            s, e = starts[g], starts[g + 1]
            if e - s < 2:
                continue
            for u in range(s, e - 1):
                x = np.int64(keyed[u] & low)
                if e - s <= cap:
                    partners = range(u + 1, e)
                elif u == s:
                    partners = range(u + 1, e)  # the star
                else:
                    partners = range(u + 1, u + 2)  # the chain
                for v in partners:
                    y = np.int64(keyed[v] & low)
                    if _keep(x, y, size, rows, threshold, most):
                        if k == out.shape[1]:
                            k = -1
                            break
                        out[i, k] = min(x, y) * n + max(x, y)
                        k += 1
                if k < 0:
                    break
            if k < 0:
                break
        counts[i] = k


@njit(parallel=True, cache=True)
def jaccard_pairs(indptr, indices, width, a, b):  # pragma: no cover
    """True Jaccard of the (distinct) shingle rows a[i] and b[i] of a CSR matrix of ``width`` columns; 0 when
    both are empty. Row a[i] is marked in a byte map (once per run of equal a[i]: pairs come sorted), then
    the shingles of b[i] are looked up in it."""
    out = np.zeros(a.shape[0])
    for c in prange((a.shape[0] + _PAIRS - 1) // _PAIRS):
        mark = np.zeros(width, dtype=np.uint8)
        cur = -1
        for i in range(c * _PAIRS, min(a.shape[0], (c + 1) * _PAIRS)):
            if a[i] != cur:
                if cur >= 0:
                    mark[indices[indptr[cur]:indptr[cur + 1]]] = 0
                cur = a[i]
                mark[indices[indptr[cur]:indptr[cur + 1]]] = 1
            inter = 0
            for s in range(indptr[b[i]], indptr[b[i] + 1]):
                inter += mark[indices[s]]
            union = (indptr[cur + 1] - indptr[cur]) + (indptr[b[i] + 1] - indptr[b[i]]) - inter
            if union > 0:
                out[i] = inter / union
    return out


@njit(cache=True)
def numbered(values):  # pragma: no cover
    """Each value's number in order of first appearance, and the distinct values in that order: an
    open-addressing table on the low bits of the (already mixed) 64-bit values, doubled at half full. One
    pass, no sort; the table of a vocabulary of thousands of shingles stays in cache."""
    cap = 1 << 10
    keys, used, number = np.zeros(cap, np.uint64), np.zeros(cap, np.bool_), np.zeros(cap, np.int32)
    out = np.empty(values.shape[0], np.int32)
    m = 0
    for i in range(values.shape[0]):
        v = values[i]
        slot = np.int64(v & np.uint64(cap - 1))
        while used[slot] and keys[slot] != v:
            slot = (slot + 1) & (cap - 1)
        if not used[slot]:
            used[slot], keys[slot], number[slot] = True, v, m
            m += 1
            if 2 * m > cap:  # grow: re-insert every value seen so far
                old_keys, old_used, old_number = keys, used, number
                cap *= 2
                keys, used, number = np.zeros(cap, np.uint64), np.zeros(cap, np.bool_), np.zeros(cap, np.int32)
                for s in range(old_keys.shape[0]):
                    if old_used[s]:
                        t = np.int64(old_keys[s] & np.uint64(cap - 1))
                        while used[t]:
                            t = (t + 1) & (cap - 1)
                        used[t], keys[t], number[t] = True, old_keys[s], old_number[s]
                out[i] = m - 1
                continue
        out[i] = number[slot]
    firsts = np.empty(m, np.uint64)
    for s in range(cap):
        if used[s]:
            firsts[number[s]] = keys[s]
    return out, firsts


@njit(parallel=True, cache=True)
def distinct_rows(ids, offsets, remap):  # pragma: no cover
    """CSR index pointer and indices of the sorted distinct values of each row ``remap[ids[offsets[t]:offsets[t+1]]]``
    (a short row by insertion sort, a long one by numpy's sort)."""
    n = offsets.shape[0] - 1
    rows = np.empty_like(ids)
    lens = np.zeros(n + 1, dtype=np.int64)
    for t in prange(n):
        lo, hi = offsets[t], offsets[t + 1]
        if hi - lo > _SHORT_ROW:
            for i in range(lo, hi):
                rows[i] = remap[ids[i]]
            rows[lo:hi].sort()
        else:
            for i in range(lo, hi):
                v = remap[ids[i]]
                j = i
                while j > lo and rows[j - 1] > v:
                    rows[j] = rows[j - 1]
                    j -= 1
                rows[j] = v
        k = lo
        for i in range(lo, hi):
            if i == lo or rows[i] != rows[k - 1]:
                rows[k] = rows[i]
                k += 1
        lens[t + 1] = k - lo
    indptr = np.cumsum(lens)
    indices = np.empty(indptr[-1], dtype=ids.dtype)
    for t in prange(n):
        indices[indptr[t]:indptr[t + 1]] = rows[offsets[t]:offsets[t] + indptr[t + 1] - indptr[t]]
    return indptr, indices


@njit(parallel=True, cache=True)
def shingle_rows_utf8(offsets, data, starts, mult):  # pragma: no cover
    """Mixed 64-bit hash of every character k-shingle (k = len(mult)): shingle i of a text is
    sum_j cp[i + j] * mult[j] over its code points (uint64 wrap-around), decoded from UTF-8. Text t is
    ``data[offsets[t]:offsets[t + 1]]`` (an Arrow string array's buffers); its shingles go to
    ``starts[t]..starts[t + 1]``; code points past its end are 0 (a text shorter than k is one shingle)."""
    k = mult.shape[0]
    out = np.empty(starts[-1], dtype=np.uint64)
    for t in prange(starts.shape[0] - 1):
        cp = np.zeros(offsets[t + 1] - offsets[t] + k, dtype=np.uint64)  # at least as many slots as chars
        p, n = offsets[t], 0
        while p < offsets[t + 1]:
            b = np.uint64(data[p])
            if b < 0x80:
                c, m = b, 1
            elif b < 0xE0:
                c, m = b & np.uint64(0x1F), 2
            elif b < 0xF0:
                c, m = b & np.uint64(0x0F), 3
            else:
                c, m = b & np.uint64(0x07), 4
            for q in range(1, m):
                c = (c << np.uint64(6)) | (np.uint64(data[p + q]) & np.uint64(0x3F))
            cp[n] = c
            n += 1
            p += m
        for i in range(starts[t + 1] - starts[t]):
            h = np.uint64(0)
            for j in range(k):
                h += cp[i + j] * mult[j]
            out[starts[t] + i] = _mix(h)
    return out


_BYTE = np.uint64(255)


@njit(cache=True)
def _radix_sort(a, first_bit):  # pragma: no cover
    """Sort a 1-D uint64 array in place by its bits from ``first_bit`` up (stable: values equal there keep their
    order): an LSD radix sort, 8 bits a pass."""
    n = a.shape[0]
    src, b = a, np.empty(n, dtype=np.uint64)
    for shift in range(first_bit, 64, 8):
        sh = np.uint64(shift)
        counts = np.zeros(257, dtype=np.int64)
        for i in range(n):
            counts[((src[i] >> sh) & _BYTE) + 1] += 1
        if counts.max() == n:  # every key has this digit: the pass would not move anything
            continue
        for d in range(256):
            counts[d + 1] += counts[d]
        for i in range(n):
            d = (src[i] >> sh) & _BYTE
            b[counts[d]] = src[i]
            counts[d] += 1
        src, b = b, src
    if src.ctypes.data != a.ctypes.data:  # an odd number of passes ran: the result is in the buffer
        a[:] = src


@njit(parallel=True, cache=True)
def sort_rows(rows):  # pragma: no cover
    """Sort each row of a 2-D uint64 array in place: an LSD radix sort, 8 bits a pass, rows in parallel
    (``_radix_sort``'s entry point for tests; the stage sorts through ``band_sort`` and ``pair_split``).
    The same order as ``np.sort`` (integers), at about a fifth of its time on a million keys."""
    for j in prange(rows.shape[0]):
        _radix_sort(rows[j], 0)


@njit(parallel=True, cache=True)
def band_codes(out, counts, order, n, dest, start):  # pragma: no cover
    """The text pairs of ``band_pairs`` output (pairs of sorted positions; ``order``: position -> text) as codes
    ``a * n + b`` (texts a < b), band after band, written to ``dest`` from ``start`` on; bands in parallel.
    Returns where they end."""
    at = np.zeros(counts.shape[0] + 1, dtype=np.int64)
    at[0] = start
    for i in range(counts.shape[0]):
        at[i + 1] = at[i] + counts[i]
    for i in prange(counts.shape[0]):
        for j in range(counts[i]):
            x, y = order[out[i, j] // n], order[out[i, j] % n]
            dest[at[i] + j] = np.uint64(min(x, y) * n + max(x, y))
    return at[-1]


_GROUP_BIT = 40  # band_sort radix-sorts on the key bits from here up (3 passes), then sorts the rare mixed runs
_INSERTION = 16  # ... by insertion up to this many values


@njit(parallel=True, cache=True)
def band_sort(keys, b0, low_bits, out):  # pragma: no cover
    """``out[j]``: band ``b0 + j``'s keys with their low ``low_bits`` bits replaced by the position (bucket bits
    | position), sorted; bands in parallel. Equal to ``np.sort((keys[b0 + j] & ~low) | arange(n))``, in fewer
    passes: the values start in position order and an LSD radix sort is stable, so sorting on the top 24 bits
    alone (the keys are mixed hashes) leaves each run of equal top bits in position order; the few runs whose
    values differ below the top bits (different buckets, about 6% of the values of a band of a million texts)
    are then sorted by value, which is by bucket, then position."""
    m, n = out.shape
    low = (np.uint64(1) << np.uint64(low_bits)) - _ONE
    first = max(low_bits, _GROUP_BIT)
    top = np.uint64(first)
    for j in prange(m):
        a, src = out[j], keys[b0 + j]
        for i in range(n):
            a[i] = (src[i] & ~low) | np.uint64(i)
        _radix_sort(a, first)
        if first == low_bits:
            continue
        s = 0
        for i in range(1, n + 1):
            if i == n or (a[i] >> top) != (a[s] >> top):
                if i - s > 1:
                    mixed = False
                    for u in range(s + 1, i):
                        if (a[u] ^ a[s]) & ~low:
                            mixed = True
                            break
                    if mixed:
                        if i - s <= _INSERTION:
                            for u in range(s + 1, i):
                                v, w = a[u], u
                                while w > s and a[w - 1] > v:
                                    a[w] = a[w - 1]
                                    w -= 1
                                a[w] = v
                        else:
                            a[s:i].sort()
                s = i


_PARTS = 256  # partitions of the pair codes (by their top 8 bits)


@njit(parallel=True, cache=True)
def partition_codes(codes, top_bits):  # pragma: no cover
    """The codes (each below ``1 << top_bits``) copied into 256 partitions by their top 8 bits, in parallel
    chunks (each partition keeps the codes' order), and where each partition starts (257 values)."""
    m = codes.shape[0]
    shift = np.uint64(max(0, top_bits - 8))
    chunks = max(1, min(64, m >> 16))
    counts = np.zeros((chunks, _PARTS), dtype=np.int64)
    for c in prange(chunks):
        for i in range(c * m // chunks, (c + 1) * m // chunks):
            counts[c, codes[i] >> shift] += 1
    at = np.empty((chunks, _PARTS), dtype=np.int64)  # where chunk c writes partition p: partitions in order,
    starts = np.zeros(_PARTS + 1, dtype=np.int64)  # chunks in order within each
    k = 0
    for p in range(_PARTS):
        starts[p] = k
        for c in range(chunks):
            at[c, p] = k
            k += counts[c, p]
    starts[_PARTS] = k
    part = np.empty(m, dtype=np.uint64)
    for c in prange(chunks):
        for i in range(c * m // chunks, (c + 1) * m // chunks):
            p = codes[i] >> shift
            part[at[c, p]] = codes[i]
            at[c, p] += 1
    return part, starts


@njit(parallel=True, cache=True)
def pair_split(part, starts, n):  # pragma: no cover
    """The distinct codes ``a * n + b`` of ``partition_codes`` output in ascending order, as arrays a and b:
    each partition radix sorted in place (in the cache; partitions in parallel), its repeats dropped (equal
    codes share their partition) and split. The same a and b as ``np.unique(codes)`` divided and taken
    modulo n; with the partitioning, about 0.75 of one radix sort's single-thread time over 19M codes (and
    both cores)."""
    parts = starts.shape[0] - 1
    kept = np.zeros(parts + 1, dtype=np.int64)
    for p in prange(parts):
        s, e = starts[p], starts[p + 1]
        if e > s:
            _radix_sort(part[s:e], 0)
            k = s
            for i in range(s, e):  # repeats dropped in place, the partition's distinct codes at its start
                if i == s or part[i] != part[k - 1]:
                    part[k] = part[i]
                    k += 1
            kept[p + 1] = k - s
    for p in range(parts):
        kept[p + 1] += kept[p]
    a, b = np.empty(kept[parts], dtype=np.int64), np.empty(kept[parts], dtype=np.int64)
    for p in prange(parts):
        s = starts[p]
        for i in range(kept[p + 1] - kept[p]):
            code = np.int64(part[s + i])
            a[kept[p] + i], b[kept[p] + i] = code // n, code % n
    return a, b
