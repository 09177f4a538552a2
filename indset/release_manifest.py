"""release/manifest.json: every release file with sha256 and size, sources by content hash, build
parameters, tool version, and one root hash over all of it."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from indset import __version__
from indset.errors import IndsetError
from indset.fsutil import sha256_file, write_text

MANIFEST = "manifest.json"


def canonical_json(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


# Not part of a release: git metadata of a published copy (a local hub repo or a clone of a hub repo) and
# huggingface_hub's download metadata. Builds never write these.
NOT_RELEASE = (".git", ".gitattributes", ".cache")


def release_files(release_dir: Path) -> list[dict[str, Any]]:
    files = []
    for p in sorted(release_dir.rglob("*")):
        rel = p.relative_to(release_dir)
        if p.is_file() and rel.as_posix() != MANIFEST and rel.parts[0] not in NOT_RELEASE:
            files.append({"path": rel.as_posix(), "sha256": sha256_file(p),
                          "size": p.stat().st_size})
    return files


def root_hash(body: dict[str, Any]) -> str:
    return hashlib.sha256(canonical_json(body).encode("utf-8")).hexdigest()


def write_manifest(release_dir: Path, sources: list[dict[str, Any]], params: dict[str, Any]) -> str:
    body = {"tool": {"name": "indset", "version": __version__}, "parameters": params, "sources": sources,
            "files": release_files(release_dir)}
    root = root_hash(body)
    write_text(release_dir / MANIFEST, json.dumps({**body, "root_hash": root}, ensure_ascii=False, indent=2,
                                                  sort_keys=True) + "\n")
    return root


def read_manifest(release_dir: Path) -> dict:
    """manifest.json, checked for the keys a release's manifest has; IndsetError names the file otherwise."""
    path = release_dir / MANIFEST
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise IndsetError(f"{path}: not a readable manifest ({type(exc).__name__})") from None
    files = data.get("files") if isinstance(data, dict) else None
    if not isinstance(files, list) or not all(isinstance(f, dict) and {"path", "sha256"} <= set(f) for f in files) \
            or not isinstance(data.get("parameters"), dict):
        raise IndsetError(f"{path}: not a release manifest (needs files with path and sha256, and parameters)")
    return data


def verify_manifest(release_dir: Path) -> list[str]:
    """Problems found (empty when every file and the root hash match); an unreadable manifest is one problem."""
    data = read_manifest(release_dir)
    problems = []
    listed = {f["path"]: f for f in data["files"]}
    actual = {f["path"]: f for f in release_files(release_dir)}
    for path in sorted(set(listed) | set(actual)):
        if path not in actual:
            problems.append(f"missing file {path}")
        elif path not in listed:
            problems.append(f"unlisted file {path}")
        elif listed[path]["sha256"] != actual[path]["sha256"]:
            problems.append(f"hash mismatch {path}")
    body = {k: v for k, v in data.items() if k != "root_hash"}
    if root_hash(body) != data.get("root_hash"):
        problems.append("root hash mismatch")
    return problems
