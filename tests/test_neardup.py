"""Text near-duplicates: MinHash-LSH candidates verified by Jaccard, clusters decide the split."""

from __future__ import annotations

import random

import numpy as np
import polars as pl
import pytest
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from indset.neardup import (
    NearDupConfig,
    exact_pairs,
    jaccard,
    near_duplicate_texts,
    shingle_hashes,
    shingle_sets,
    text_clusters,
)
from indset.split import GROUP, SPLIT, assign_splits

BASE = ["涤纶色丁面料50D酒红色缎纹组织抗起球适用于风衣西裤", "全棉府绸40S平纹免烫整理透气性好适用于衬衫",
        "Polyester polar fleece 150D/144F anti-pilling grade 4 for jackets", "锦纶塔丝隆防水涂层面料适用于羽绒服冲锋衣"]


def corpus(n_noise: int = 300) -> pl.DataFrame:
    rng = random.Random(5)
    names, descs = [], []
    for b in BASE:  # three near-copies of each: one char changed, spacing, punctuation
        for k in range(3):
            i = rng.randrange(len(b) - 1)
            text = b if k == 0 else (b[:i] + "X" + b[i + 1:] if k == 1 else " ".join(b))
            names.append(text[:12])
            descs.append(text[12:])
    alphabet = "棉麻丝涤纶锦氨粘胶羊毛绒府绸斜纹平纹缎纹提花针织经编纬编染色印花abcdefgh0123456789"
    for _ in range(n_noise):
        names.append("".join(rng.choice(alphabet) for _ in range(10)))
        descs.append("".join(rng.choice(alphabet) for _ in range(20)))
    return pl.DataFrame({"name": names, "description": descs})


def test_near_copies_cluster_and_noise_does_not():
    frame = corpus()
    c = text_clusters(frame, ("name", "description"))
    keys = c.key.to_list()
    for g in range(len(BASE)):
        assert len(set(keys[3 * g:3 * g + 3])) == 1
    assert len(set(keys[:12])) == len(BASE)
    assert c.stats["clusters"] == len(BASE) and c.stats["largest"] == 3 and c.stats["rows_in_clusters"] == 12


def test_shingles_of_short_and_empty_texts():
    hashes, offsets = shingle_hashes(["ab", "", "abcdef"], 4)
    assert offsets.tolist() == [0, 1, 1, 4]
    assert len(hashes) == 4


def test_deterministic_on_shuffled_input_and_no_cluster_spans_two_splits():
    frame = corpus().with_row_index("rid")
    a = text_clusters(frame, ("name", "description"))
    shuffled = frame.sample(fraction=1.0, shuffle=True, seed=11)
    b = text_clusters(shuffled, ("name", "description"))
    ka = dict(zip(frame["rid"], a.key, strict=True))
    kb = dict(zip(shuffled["rid"], b.key, strict=True))
    assert ka == kb and a.stats == b.stats
    out = assign_splits(frame.with_columns(a.key.alias(GROUP)), "text_cluster", ("name", "description"))
    assert out.group_by(GROUP).agg(pl.col(SPLIT).n_unique())[SPLIT].max() == 1


def test_threshold_is_configurable():
    frame = corpus()
    strict = text_clusters(frame, ("name", "description"), NearDupConfig(threshold=1.0))
    assert strict.stats["rows_in_clusters"] == 8  # only the exact copies (spacing) remain together


def test_exact_jaccard_of_shingle_sets():
    texts = ["abcdef", "abcdxf", "abcdef", "uvwxyz", "ab", "ab", "", "aaaa"]
    sets, _ = shingle_sets(texts, 3)
    a, b = np.array([0, 0, 0, 4, 6, 7]), np.array([1, 2, 3, 5, 6, 7])
    # {abc,bcd,cde,def} vs {abc,bcd,cdx,dxf}: 2 of 6; a short text is one shingle; "aaaa" is the set {aaa}
    assert jaccard(sets, a, b).tolist() == [2 / 6, 1.0, 0.0, 1.0, 0.0, 1.0]
    assert np.diff(sets.indptr).tolist() == [4, 4, 4, 4, 1, 1, 0, 1]


def _mutated_pairs(n: int, seed: int) -> list[str]:
    """n random Chinese texts and a copy of each with one or two characters changed (Jaccard about 0.6-0.85)."""
    rng = np.random.default_rng(seed)
    alphabet = np.array([chr(c) for c in range(0x4E00, 0x4E00 + 3000)])
    texts = []
    for _ in range(n):
        t = rng.choice(alphabet, size=int(rng.integers(20, 40)))
        u = t.copy()
        u[rng.choice(len(u), size=int(rng.integers(1, 3)), replace=False)] = rng.choice(alphabet, size=1)
        texts += ["".join(t), "".join(u)]
    return sorted(set(texts))


def test_exact_pairs_is_the_brute_force_answer():
    texts = _mutated_pairs(40, 3)
    sets, _ = shingle_sets(texts, 3)
    a, b = np.triu_indices(len(texts), k=1)
    j = jaccard(sets, a, b)
    brute = {(int(x), int(y)) for x, y, v in zip(a, b, j, strict=True) if v >= 0.7}
    exact = exact_pairs(texts, 0.7, 3)
    assert brute and set(zip(exact["a"], exact["b"], strict=True)) == brute
    assert (exact["jaccard"] >= 0.7).all()


def test_lsh_finds_pairs_at_the_threshold_and_keeps_only_verified_ones():
    texts = _mutated_pairs(1500, 7)
    exact = exact_pairs(texts, 0.7, 3)
    truth = set(zip(exact["a"], exact["b"], strict=True))
    near = {p for p, v in zip(truth, exact["jaccard"], strict=True) if v < 0.76}
    _, pairs = near_duplicate_texts(texts, NearDupConfig())
    found = set(zip(pairs["a"], pairs["b"], strict=True))
    assert len(near) > 300 and found <= truth  # verified: no pair below the threshold
    assert len(found & near) / len(near) >= 0.99 and len(found) / len(truth) >= 0.99


def test_large_buckets_still_link_their_near_copies():
    # one template with one character changed, 264 ways: most band buckets are far above max_bucket
    base = "锦纶塔丝隆防水涂层面料适用于羽绒服冲锋衣户外运动"
    texts = sorted({base[:i] + c + base[i + 1:] for i in range(len(base)) for c in "X0123456789"})
    exact = exact_pairs(texts, 0.7, 3)
    labels, pairs = near_duplicate_texts(texts, NearDupConfig(max_bucket=8))
    assert pairs.height < exact.height  # star + chain, not all pairs ...
    graph = coo_matrix((np.ones(exact.height), (exact["a"], exact["b"])), shape=(len(texts),) * 2)
    truth = connected_components(graph, directed=False)[1]  # ... yet the same clusters
    assert len(np.unique(np.stack([labels, truth]), axis=1)[0]) == len(set(labels)) == len(set(truth)) == 19


def test_config_is_validated():
    assert NearDupConfig.from_dict(None) == NearDupConfig()
    assert NearDupConfig.from_dict({"threshold": 0.8}).threshold == 0.8
    for bad in ({"bands": 7}, {"threshold": 0}, {"max_bucket": 1}, {"rows": 6}):
        with pytest.raises(ValueError):
            NearDupConfig.from_dict(bad)


def test_same_pairs_whatever_the_threads_table_passes_and_pair_room(monkeypatch):
    import numba

    from indset import neardup

    texts = _mutated_pairs(400, 11) + [f"面料{i:03d}适用于衬衫" for i in range(300)]  # a templated family
    labels, pairs = near_duplicate_texts(texts, NearDupConfig())
    threads = numba.get_num_threads()
    try:
        numba.set_num_threads(1)
        monkeypatch.setattr(neardup, "_TABLE_BYTES", 1)  # one band per MinHash pass
        monkeypatch.setattr(neardup, "_PAIR_ROOM", 1e-6)  # pair buffers overflow and grow
        labels1, pairs1 = near_duplicate_texts(texts, NearDupConfig())
    finally:
        numba.set_num_threads(threads)
    assert pairs.height > 200 and pairs.equals(pairs1) and (labels == labels1).all()


def test_jaccard_of_pairs_in_any_order():
    texts = _mutated_pairs(30, 5)
    sets, _ = shingle_sets(texts, 3)
    rng = np.random.default_rng(2)
    a, b = rng.integers(0, len(texts), size=(2, 500))
    row = [set(sets.indices[sets.indptr[t]:sets.indptr[t + 1]]) for t in range(len(texts))]
    expected = [len(row[x] & row[y]) / len(row[x] | row[y]) for x, y in zip(a, b, strict=True)]
    assert jaccard(sets, a, b).tolist() == expected


def test_shingle_hashes_decode_every_utf8_width():
    """Hashes from the kernel's UTF-8 decoding equal a Python reference over ord() of each character."""
    texts = ["", "a", "ab", "abc", "é中😀", "Ωmega ünïcödé 棉/涤 65/35 😀😀", "x" * 5]
    k, seed = 3, 9
    mult = [int(m) for m in np.random.default_rng(seed).integers(1, 2**63, size=k, dtype=np.uint64) | np.uint64(1)]
    m64 = 2**64 - 1

    def mix(h: int) -> int:
        h ^= h >> 30
        h = (h * 0xBF58476D1CE4E5B9) & m64
        h ^= h >> 27
        h = (h * 0x94D049BB133111EB) & m64
        return h ^ (h >> 31)

    expected, offsets = [], [0]
    for t in texts:
        cps = [ord(c) for c in t] + [0] * k
        n = max(len(t) - k + 1, 1) if t else 0
        expected += [mix(sum(cps[i + j] * mult[j] for j in range(k)) & m64) for i in range(n)]
        offsets.append(offsets[-1] + n)
    hashes, offs = shingle_hashes(pl.Series(["pad", *texts]).slice(1), k, seed)  # a slice: Arrow offset
    assert [int(h) for h in hashes] == expected and offs.tolist() == offsets


def test_the_radix_sort_orders_rows_as_numpy_does():
    """Band keys and pair codes are sorted by a compiled radix sort; its order is np.sort's, also when a pass
    is skipped (every key shares that byte) and when an odd number of passes runs."""
    from indset.neardup_kernels import sort_rows

    rng = np.random.default_rng(3)
    for high in (2**64 - 1, 2**20, 2**40, 1):
        rows = rng.integers(0, high, size=(3, 5000), dtype=np.uint64, endpoint=True)
        rows[:, :7] = rows[0, 0]  # ties
        expected = np.sort(rows, axis=1)
        sort_rows(rows)
        assert (rows == expected).all()


def test_band_sort_orders_buckets_then_positions_as_a_full_sort_does():
    """LSH buckets are grouped by a radix sort on the bucket bits only: the result equals np.sort of the bucket
    bits with the position in the low bits (positions ascending within a bucket), for few and many buckets."""
    from indset.neardup_kernels import band_sort

    rng = np.random.default_rng(5)
    n, low_bits = 5000, (5000 - 1).bit_length()
    low = np.uint64((1 << low_bits) - 1)
    for buckets in (3, 100, 2**63):  # mostly shared buckets, some, nearly all distinct
        keys = rng.integers(0, buckets, size=(4, n), dtype=np.uint64) * np.uint64(0x9E3779B97F4A7C15)
        out = np.empty((3, n), dtype=np.uint64)
        band_sort(keys, 1, low_bits, out)
        expected = np.sort((keys[1:] & ~low) | np.arange(n, dtype=np.uint64), axis=1)
        assert (out == expected).all()


def test_shingle_vocabulary_numbering_and_sets_match_numpy():
    """Shingle hashes are numbered by a growing hash table (first seen first) and each text's set is its sorted
    distinct shingle numbers in hash order: the same sets as np.unique per text, past several table growths."""
    from indset.neardup_kernels import numbered

    rng = np.random.default_rng(9)
    values = rng.integers(0, 2**64 - 1, size=3000, dtype=np.uint64)[rng.integers(0, 3000, size=40_000)]
    ids, seen = numbered(values)
    assert (seen[ids] == values).all() and len(set(seen.tolist())) == len(seen)
    assert seen.tolist() == list(dict.fromkeys(values.tolist()))  # in order of first appearance
    texts = ["abcabcabc", "", "ab", "zzzzzz", "棉涤平纹棉涤平纹", "abcd"]
    sets, vocab = shingle_sets(texts, 3)
    hashes, offsets = shingle_hashes(texts, 3)
    assert (vocab[1:] > vocab[:-1]).all()
    for t in range(len(texts)):
        own = np.unique(hashes[offsets[t]:offsets[t + 1]])
        assert vocab[sets.indices[sets.indptr[t]:sets.indptr[t + 1]]].tolist() == own.tolist()


def test_pair_split_is_unique_then_divided_whatever_the_threads():
    """Candidate pair codes a * n + b are partitioned by their top 8 bits, then sorted, deduplicated and split by
    compiled kernels on every core: the same a and b as np.unique, // and %, for many chunks and partitions,
    for codes below 256 (no shift), one code, and none."""
    import numba

    from indset.neardup_kernels import pair_split, partition_codes

    rng = np.random.default_rng(13)
    threads = numba.get_num_threads()
    for n, m in ((1_000_003, 300_000), (5000, 70_000), (15, 40), (7, 1), (9, 0)):
        codes = rng.integers(0, n * n, size=m, dtype=np.uint64)
        codes = codes[rng.integers(0, max(m, 1), size=m)] if m else codes  # repeats
        expected = np.unique(codes).astype(np.int64)
        for t in sorted({1, threads}):
            numba.set_num_threads(t)
            try:
                part, starts = partition_codes(codes, max(1, (n * n - 1).bit_length()))
                a, b = pair_split(part, starts, n)
            finally:
                numba.set_num_threads(threads)
            assert a.tolist() == (expected // n).tolist() and b.tolist() == (expected % n).tolist()


def test_band_sort_of_buckets_that_share_their_top_bits():
    """band_sort radix-sorts on the top 24 key bits only, then sorts the runs of equal top bits holding more than
    one bucket: keys equal above bit 40 but not below (runs of a few and of thousands of values, sorted by
    insertion or not) still come out as np.sort's, buckets apart and positions ascending within each."""
    from indset.neardup_kernels import band_sort

    rng = np.random.default_rng(8)
    n, low_bits = 6000, (6000 - 1).bit_length()
    low = np.uint64((1 << low_bits) - 1)
    top = rng.integers(0, 2**24, size=(2, n), dtype=np.uint64) << np.uint64(40)
    top[0, :4000] = top[0, 0]  # one run of 4000 values over three buckets
    top[1, rng.integers(0, n, size=n // 2)] = top[1, 1]  # a large run, and runs of a few (bits 40.. of 1000 values)
    top[1, :2000] = top[1, :2000] & ~np.uint64((2**24 - 1) << 40) | (np.arange(2000, dtype=np.uint64) % 1000 << 40)
    below = rng.integers(0, 3, size=(2, n), dtype=np.uint64) << np.uint64(30)  # buckets differing below bit 40
    keys = top | below | rng.integers(0, 2**low_bits, size=(2, n), dtype=np.uint64)  # low bits: replaced
    out = np.empty((2, n), dtype=np.uint64)
    band_sort(keys, 0, low_bits, out)
    expected = np.sort((keys & ~low) | np.arange(n, dtype=np.uint64), axis=1)
    assert (out == expected).all()
    assert len(np.unique(keys[0, :4000] & ~low)) == 3


# --- in parts (indset.neardup_parts: the Ray engine's products) -------------------------------------------------


def parts_corpus(noise: int = 600) -> pl.DataFrame:
    """Near-copies (BASE), a template changed one character 264 ways (buckets far above a small max_bucket),
    noise, texts repeated in several parts, an empty text and a text of one character."""
    base = "锦纶塔丝隆防水涂层面料适用于羽绒服冲锋衣户外运动"
    template = sorted({base[:i] + c + base[i + 1:] for i in range(len(base)) for c in "X0123456789"})
    frame = corpus(noise)
    extra = pl.DataFrame({"name": [t[:9] for t in template] + ["", "", "棉"], "description":
                          [t[9:] for t in template] + [None, "", ""]})
    return pl.concat([frame, extra, frame.head(40)]).sample(fraction=1.0, shuffle=True, seed=3)


@pytest.mark.parametrize(("per_range", "parts", "max_bucket", "noise"),
                         [(10**6, 1, 64, 600), (97, 3, 64, 600), (50, 7, 8, 600), (4, 3, 2, 2)])
def test_in_parts_same_clusters_and_counts_as_the_whole_table(per_range, parts, max_bucket, noise, monkeypatch):
    """Texts numbered by hash, shingled, MinHashed, banded, paired, filtered and verified a hash or key range at a time
    (up to 19 ranges, parts cut anywhere, texts repeated across parts): every row in the same cluster as the whole
    table run puts it, every count equal (candidates, edges, near-copy texts, clusters, rows, largest)."""
    from indset.neardup_parts import InProcess, row_hashes, text_clusters_in_parts
    from indset.split import smallest_id

    monkeypatch.setattr("indset.neardup_parts.TEXTS_PER_RANGE", per_range)
    frame, cfg, fields = parts_corpus(noise), NearDupConfig(max_bucket=max_bucket), ("name", "description")
    if noise == 2:  # 11 texts: fewer bucket bits than band bits (buckets sorted on all four keys)
        frame = pl.concat([corpus(2), corpus(2).head(5), pl.DataFrame({"name": [""], "description": [None]})])
    whole = text_clusters(frame, fields, cfg)
    step = -(-frame.height // parts)
    cut = [frame.slice(i, step) for i in range(0, frame.height, step)]
    got = text_clusters_in_parts(cut, row_hashes(frame, fields), fields, cfg, InProcess(), frame.height)
    assert got is not None
    ids = pl.Series(np.arange(frame.height, dtype=np.uint64))
    assert smallest_id(got.label, ids).equals(smallest_id(whole.label, ids))
    assert got.key.equals(whole.key)  # each row's cluster named by the same smallest text
    assert got.stats == whole.stats
    assert whole.stats["clusters"] >= len(BASE) and whole.stats["candidates"] >= whole.stats["edges"] > 0
    if max_bucket == 8:
        assert whole.stats["largest"] >= 19  # the template's clusters, linked through its large buckets


def test_in_parts_gives_way_when_two_texts_share_a_hash(monkeypatch):
    """A 64-bit collision (made here by a weak hash): no answer, the caller clusters the whole table."""
    from indset import neardup_parts

    monkeypatch.setattr(neardup_parts, "stable_id", lambda col: col.str.len_bytes().cast(pl.UInt64))
    frame = corpus(50)
    rows = neardup_parts.row_hashes(frame, ("name", "description"))
    assert neardup_parts.text_clusters_in_parts([frame], rows, ("name", "description"), NearDupConfig(),
                                                neardup_parts.InProcess(), frame.height) is None


def test_in_parts_of_no_rows():
    from indset.neardup_parts import InProcess, row_hashes, text_clusters_in_parts

    frame = corpus(0).head(0)
    got = text_clusters_in_parts([frame, frame], row_hashes(frame, ("name",)), ("name",), NearDupConfig(),
                                 InProcess(), 0)
    assert got is not None and got.label.len() == 0
    assert got.stats == text_clusters(frame, ("name",)).stats


def test_in_parts_a_bucket_across_a_key_range_bound_is_linked(monkeypatch):
    """Two near-copies whose band keys sit either side of a key range bound (3 ranges: not a power of two) but share
    their bucket bits: the band rows are cut by the keys' top 32 bits, so the bucket is paired in one range."""
    from indset import neardup_parts
    from indset.table_steps import ID_RANGE

    bound = -(-ID_RANGE // 3)  # the first key of range 1
    by_size = {8: bound - 1, 9: bound, 1: 12345}  # shingle count -> band key (3 texts: buckets clear 2 low bits)
    real = neardup_parts.sketches

    def straddling(sets, vocab, cfg):
        order, keys, bits, nbits = real(sets, vocab, cfg)
        keys[0] = [by_size[s] for s in np.diff(sets.indptr)[order]]
        return order, keys, bits, nbits

    monkeypatch.setattr(neardup_parts, "sketches", straddling)
    monkeypatch.setattr(neardup_parts, "TEXTS_PER_RANGE", 1)
    frame = pl.DataFrame({"name": ["abcdefghij", "qqqqqqq", "abcdefghijk"]})
    rows, cfg = neardup_parts.row_hashes(frame, ("name",)), NearDupConfig(num_perm=1, bands=1)
    got = neardup_parts.text_clusters_in_parts([frame], rows, ("name",), cfg, neardup_parts.InProcess(), 3)
    assert got is not None and got.stats["edges"] == 1
    assert got.label[0] == got.label[2] != got.label[1]
