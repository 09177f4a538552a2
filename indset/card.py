"""The dataset card: HF YAML metadata (one config per table, features from the Parquet schema)
plus a body rendered from the industry's template in `cards/`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jinja2
import pyarrow.parquet as pq
import yaml

from indset.resources import cards_dir
from indset.split import SPLITS

SIZE_CATEGORIES = ((1_000, "n<1K"), (10_000, "1K<n<10K"), (100_000, "10K<n<100K"), (1_000_000, "100K<n<1M"),
                   (10_000_000, "1M<n<10M"), (100_000_000, "10M<n<100M"), (1_000_000_000, "100M<n<1B"))


def size_category(rows: int) -> str:
    return next((label for bound, label in SIZE_CATEGORIES if rows < bound), "n>1B")


def features_yaml(parquet_file: Path) -> list[dict[str, Any]]:
    """HF features generated from the Parquet schema (never by hand)."""
    from datasets import Features

    return Features.from_arrow_schema(pq.read_schema(parquet_file))._to_yaml_list()


def card_metadata(std, release_dir: Path, split_rows: dict[str, dict[str, int]], default_table: str) -> dict:
    configs, infos = [], []
    for table, rows in split_rows.items():
        present = [s for s in SPLITS if rows[s]] or ["train"]  # an empty split cannot be loaded: leave it out
        config: dict[str, Any] = {"config_name": table, "data_files": [
            {"split": s, "path": f"data/{table}/{s}-*.parquet"} for s in present]}
        if table == default_table:
            config["default"] = True
        configs.append(config)
        tdir = release_dir / "data" / table
        first = sorted(tdir.glob(f"{present[0]}-*.parquet"))[0]
        sizes = {s: sum(p.stat().st_size for p in tdir.glob(f"{s}-*.parquet")) for s in present}
        infos.append({"config_name": table, "features": features_yaml(first),
                      "splits": [{"name": s, "num_bytes": sizes[s], "num_examples": rows[s]} for s in present],
                      "download_size": sum(sizes.values()), "dataset_size": sum(sizes.values())})
    total = sum(sum(r.values()) for r in split_rows.values())
    return {
        "pretty_name": std.title,
        "license": std.license,
        "language": list(std.language),
        "task_categories": list(std.task_categories),
        "size_categories": [size_category(total)],
        "tags": ["industrial", "manufacturing", "zhejiang", std.industry, "indset"],
        "configs": configs,
        "dataset_info": infos,
    }


def render_card(std, release_dir: Path, split_rows: dict[str, dict[str, int]], context: dict[str, Any]) -> str:
    """YAML front matter + body from `cards/<industry>.md.j2` (which extends `cards/base.md.j2`)."""
    meta = card_metadata(std, release_dir, split_rows, default_table=next(iter(split_rows)))
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(cards_dir())), autoescape=False,
                             keep_trailing_newline=True, undefined=jinja2.StrictUndefined)
    body = env.get_template(f"{std.industry}.md.j2").render(std=std, split_rows=split_rows, **context)
    front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=1000)
    return f"---\n{front}---\n\n{body.strip()}\n"


def validate_card_metadata(card_text: str) -> list[str]:
    """Offline checks with the datasets library's own metadata parser; returns problems."""
    from datasets.utils.metadata import MetadataConfigs
    from huggingface_hub import DatasetCard

    problems = []
    try:
        card = DatasetCard(card_text)
        MetadataConfigs.from_dataset_card_data(card.data)
        if not card.data.get("license"):
            problems.append("license missing")
        if not any(c.get("default") for c in card.data.get("configs", [])):
            problems.append("no default config")
    except Exception as exc:  # the library raises several types; all mean "invalid"
        problems.append(f"card metadata invalid: {type(exc).__name__}: {str(exc)[:200]}")
    return problems
