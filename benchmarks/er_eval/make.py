"""Labelled evaluation set for entity resolution and text near-duplicates (seeded; writes products.jsonl).

    python benchmarks/er_eval/make.py

Each row carries ``entity`` (true entity: same enterprise + same product) and ``text_group`` (true
near-copy group of name + description). Positives: re-listings with a reformatted code (TX-0012,
TX0012, tx 0012, TX-12), name spacing, width and one-character typos. Hard negatives: same name and
code style with another weight, colour, composition or width; identical records of another enterprise;
same code with an unrelated name.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

OUT = Path(__file__).with_name("products.jsonl")
FIBERS = ["棉", "涤纶", "锦纶", "粘胶", "羊毛", "亚麻"]
KINDS = ["府绸", "色丁", "斜纹布", "牛津布", "汗布", "摇粒绒", "塔丝隆", "雪纺", "帆布", "灯芯绒"]
COLORS = ["酒红", "藏青", "本白", "深灰", "黑色", "米黄"]
USES = ["适用于衬衫", "适用于风衣", "适用于童装", "适用于家纺", "适用于户外", "适用于校服"]
FEATURES = ["抗起球", "免烫整理", "透气舒适", "防水涂层", "高支高密", "手感柔软"]


def fmt_code(prefix: str, no: int, style: int) -> str:
    return [f"{prefix}-{no:04d}", f"{prefix}{no:04d}", f"{prefix.lower()} {no:04d}", f"{prefix}-{no}"][style]


def typo(name: str, rng: random.Random) -> str:
    i = rng.randrange(len(name))
    return name[:i] + rng.choice(["纺", "绵", "x", " "]) + name[i + 1:]


def main(seed: int = 4, enterprises: int = 6, products: int = 60) -> None:
    rng = random.Random(seed)
    rows = []
    for e in range(enterprises):
        prefix = "TX" if e % 2 == 0 else "SXD"
        for p in range(products):
            no = 1000 + p
            fiber, kind = rng.choice(FIBERS), KINDS[p % len(KINDS)]
            spec = {"category": "finished_fabric", "fiber_composition": [{"fiber": fiber, "pct": 100.0}],
                    "fabric_weight_gsm": float(rng.choice([90, 109, 120, 150, 180, 220])),
                    "width_cm": float(rng.choice([145, 150, 160])), "color": rng.choice(COLORS)}
            name = f"{fiber}{kind} {rng.randint(20, 80)}D"
            desc = f"{rng.choice(FEATURES)},{rng.choice(FEATURES)},{rng.choice(USES)}。"
            ent = f"E{e}-P{p}"
            rows.append({"enterprise": f"E{e}", "sku": fmt_code(prefix, no, 0), "name": name, "description": desc,
                         **spec, "updated_day": 1, "entity": ent, "text_group": ent})
            r = rng.random()
            if r < 0.35:   # re-listing: reformatted code, maybe spacing / width / typo in the name
                style = rng.randrange(1, 4)
                variant = rng.choice([name.replace(" ", ""), name.replace("D", "Ｄ").upper(), typo(name, rng), name])
                rows.append({"enterprise": f"E{e}", "sku": fmt_code(prefix, no, style), "name": variant,
                             "description": desc, **spec, "updated_day": 9, "entity": ent, "text_group": ent})
            elif r < 0.55:  # hard negative: same name, other weight or colour (a different product)
                other = dict(spec)
                key = rng.choice(["fabric_weight_gsm", "color", "width_cm"])
                other[key] = other[key] + 30.0 if key != "color" else "白色"
                rows.append({"enterprise": f"E{e}", "sku": fmt_code(prefix, no + 500, 0), "name": name,
                             "description": desc, **other, "updated_day": 5, "entity": ent + "-x",
                             "text_group": ent})
            elif r < 0.65:  # hard negative: same code reformatted, unrelated name
                rows.append({"enterprise": f"E{e}", "sku": fmt_code(prefix, no, 1), "name": f"{kind}{fiber}提花毯",
                             "description": "全新款式。", **spec, "updated_day": 5, "entity": ent + "-y",
                             "text_group": ent + "-y"})
            if rng.random() < 0.15:  # hard negative: identical record of another enterprise
                rows.append({**rows[-1], "enterprise": f"E{(e + 1) % enterprises}",
                             "entity": rows[-1]["entity"] + f"@E{(e + 1) % enterprises}"})
    with OUT.open("w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    print(f"wrote {OUT} ({len(rows)} rows)")


if __name__ == "__main__":
    main()
