"""Text near-duplicates: MinHash-LSH candidates verified by Jaccard, clusters decide the split."""

from __future__ import annotations

import random

import polars as pl

from indset.neardup import NearDupConfig, shingle_hashes, text_clusters
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
