"""`indset publish PATH --repo ORG/NAME`: push a release folder to a Hugging Face hub, or to a local hub folder.

What is published is the release folder as built (`release/` is publishable by construction), with one
change: the card's "How to load" section is rewritten to name the repository and tag. Because the card is
part of the manifest, the published copy carries its own `manifest.json`: the same sources and parameters,
file hashes recomputed, and a `publication` entry with the repository, the tag and the root hash of the
release it came from. `indset verify` passes on the published copy as on the release.

Targets:
- a hub (huggingface.co, a self-hosted hub or a mirror: `--endpoint` or HF_ENDPOINT): the dataset repo is
  created if missing, then ONE commit replaces its files with the release, then the commit is tagged.
  The token comes from HF_TOKEN (else huggingface_hub's stored login) and is never printed.
- `file://DIR`: a local hub folder with one git repository per dataset (DIR/ORG/NAME), one commit and one
  tag per release. `datasets.load_dataset` ignores `revision=` for local folders (it reads the working
  tree), so the way to load a tag is to clone it: the card and the printed line say so.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import jinja2

from indset.card import validate_card_metadata
from indset.errors import IndsetError
from indset.release import check_tag_name, git, release_problems, tag_exists
from indset.release_manifest import MANIFEST, NOT_RELEASE, release_files, root_hash
from indset.resources import cards_dir

DEFAULT_ENDPOINT = "https://huggingface.co"
HUB_PLACEHOLDER = "path/to/hub"  # a local hub folder as a published card names it
_REPO_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*/[A-Za-z0-9][A-Za-z0-9_.-]*$")
_MARKED = re.compile(r"<!-- indset:how-to-load\b.*?<!-- /indset:how-to-load -->\n?", re.DOTALL)
_UNMARKED = re.compile(r"## How to load\n\n```python\n.*?```\n", re.DOTALL)  # cards built before the markers


class PublishError(IndsetError):
    """A publication refused or failed; one line, never the token."""


@dataclass
class PublishResult:
    repo_id: str
    target: str  # hub URL of the dataset, or the local git repository
    revision: str | None
    commit: str
    root_hash: str  # of the published copy
    release_root_hash: str  # of the release it came from
    load_line: str
    files: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)


def card_tables(card_text: str) -> tuple[list[str], str]:
    """Config names in card order, and the default config."""
    from huggingface_hub import DatasetCard

    configs = DatasetCard(card_text).data.get("configs") or []
    names = [c["config_name"] for c in configs]
    if not names:
        raise PublishError("the dataset card has no configs")
    default = next((c["config_name"] for c in configs if c.get("default")), names[0])
    return names, default


def render_how_to_load(tables: list[str], load_path: str, revision: str | None, checkout: str | None = None,
                       endpoint: str | None = None) -> str:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(cards_dir())), autoescape=False,
                             keep_trailing_newline=True, undefined=jinja2.StrictUndefined)
    return env.get_template("_how_to_load.md.j2").render(load_tables=tables, load_path=load_path, revision=revision,
                                                          checkout=checkout, endpoint=endpoint)


def patch_how_to_load(card_text: str, **context) -> str:
    """The card with its "How to load" section re-rendered for where it is published."""
    tables, _ = card_tables(card_text)
    block = render_how_to_load(tables, **context)
    for pattern in (_MARKED, _UNMARKED):
        if pattern.search(card_text):
            return pattern.sub(lambda _m: block, card_text, count=1)
    raise PublishError("the dataset card has no 'How to load' section to rewrite")


def stage_release(release: Path, dest: Path, publication: dict, how_to_load: dict) -> str:
    """Copy `release` into `dest` with the card patched and the manifest re-rooted; returns the new root hash."""
    shutil.copytree(release, dest, ignore=lambda d, names: [n for n in names if Path(d) == release
                                                            and n in NOT_RELEASE])
    card = dest / "README.md"
    patched = patch_how_to_load(card.read_text(encoding="utf-8"), **how_to_load)
    problems = validate_card_metadata(patched)
    if problems:
        raise PublishError(f"patched dataset card is invalid: {'; '.join(problems)}")
    card.write_text(patched, encoding="utf-8", newline="\n")
    data = json.loads((dest / MANIFEST).read_text(encoding="utf-8"))
    body = {k: v for k, v in data.items() if k != "root_hash"}
    body["publication"] = {**publication, "release_root_hash": data["root_hash"]}
    body["files"] = release_files(dest)
    root = root_hash(body)
    (dest / MANIFEST).write_text(json.dumps({**body, "root_hash": root}, ensure_ascii=False, indent=2,
                                            sort_keys=True) + "\n", encoding="utf-8", newline="\n")
    return root


def _check(release: Path, repo_id: str, revision: str | None) -> str:
    if not _REPO_ID.match(repo_id) or ".." in repo_id:
        raise PublishError(f"--repo must be ORG/NAME (letters, digits, '-', '_', '.'), got {repo_id!r}")
    if not release.is_dir():
        raise PublishError(f"{release}: no such release folder")
    if not (release / "README.md").is_file():
        raise PublishError(f"{release}: no README.md (dataset card)")
    problems = release_problems(release)
    if problems:
        raise PublishError(f"refusing to publish: {problems[0]}")
    manifest = json.loads((release / MANIFEST).read_text(encoding="utf-8"))
    profile = manifest.get("parameters", {}).get("profile")
    if profile != "public":  # an internal build keeps prices and hashed personal fields: never for a hub
        raise PublishError(f"refusing to publish: {release} was built with --profile {profile} (important fields and "
                           "pseudonymized personal fields); publish a public build")
    if revision is not None:
        check_tag_name(Path.cwd(), revision)
    return manifest["root_hash"]


def publish(release: Path, repo_id: str, *, revision: str | None = None, endpoint: str | None = None,
            to: str | None = None, token: str | None = None,
            log: Callable[[str], None] = lambda _m: None) -> PublishResult:
    release = release.resolve()
    release_root = _check(release, repo_id, revision)
    if to is not None:
        if not to.startswith("file://") or len(to) <= len("file://"):
            raise PublishError(f"--to must be file://DIR (a local hub folder), got {to!r}")
        return _publish_local(release, release_root, repo_id, revision, Path(to[len("file://"):]).resolve(), log)
    token = token if token is not None else os.environ.get("HF_TOKEN") or None
    endpoint = (endpoint or os.environ.get("HF_ENDPOINT") or DEFAULT_ENDPOINT).rstrip("/")
    try:
        return _publish_hub(release, release_root, repo_id, revision, endpoint, token, log)
    except PublishError:
        raise
    except Exception as exc:  # huggingface_hub raises many types; show one line, never the token
        raise PublishError(f"hub {endpoint}: {_one_line(exc, token)}") from None


def _one_line(exc: Exception, token: str | None) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    if token:
        text = text.replace(token, "***")
    return f"{type(exc).__name__}: {text[:300]}"


def _python_line(load_path: str, table: str, revision: str | None) -> str:
    rev = f", revision='{revision}'" if revision else ""
    return f"python -c \"import datasets; print(datasets.load_dataset('{load_path}', '{table}'{rev}))\""


def _publish_hub(release: Path, release_root: str, repo_id: str, revision: str | None, endpoint: str,
                 token: str | None, log: Callable[[str], None]) -> PublishResult:
    from huggingface_hub import CommitOperationAdd, CommitOperationDelete, HfApi
    from huggingface_hub.errors import EntryNotFoundError, RepositoryNotFoundError, RevisionNotFoundError

    api = HfApi(endpoint=endpoint, token=token)  # per call: HF_ENDPOINT is read once, at import
    shown_endpoint = None if endpoint == DEFAULT_ENDPOINT else endpoint
    log(f"create dataset repo {repo_id} on {endpoint} (if missing)")
    api.create_repo(repo_id, repo_type="dataset", exist_ok=True)
    if revision is not None:
        refs = api.list_repo_refs(repo_id, repo_type="dataset")
        if any(t.name == revision for t in refs.tags) or any(b.name == revision for b in refs.branches):
            raise PublishError(f"{repo_id} already has a tag or branch {revision!r}; releases are immutable")
    try:
        existing = api.list_repo_files(repo_id, repo_type="dataset")
    except (EntryNotFoundError, RevisionNotFoundError, RepositoryNotFoundError):
        existing = []  # a repo without commits
    with tempfile.TemporaryDirectory(prefix="indset-publish-") as tmp:
        stage = Path(tmp) / "release"
        root = stage_release(release, stage, {"repo": repo_id, "revision": revision},
                             {"load_path": repo_id, "revision": revision, "endpoint": shown_endpoint})
        files = sorted([MANIFEST, *(f["path"] for f in release_files(stage))])
        adds = [CommitOperationAdd(path_in_repo=f, path_or_fileobj=str(stage / f)) for f in files]
        deleted = sorted(f for f in existing if f not in set(files) and f != ".gitattributes")
        deletes = [CommitOperationDelete(path_in_repo=f) for f in deleted]
        log(f"commit {len(files)} files ({len(deleted)} removed) to {repo_id}")
        info = api.create_commit(repo_id, operations=[*adds, *deletes], repo_type="dataset",
                                 commit_message=f"indset release {revision or ''}".strip(),
                                 commit_description=f"Release root hash {release_root}; published root hash {root}.")
    if revision is not None:
        log(f"tag {revision} -> {info.oid}")
        api.create_tag(repo_id, tag=revision, revision=info.oid, repo_type="dataset",
                       tag_message=f"indset release {revision}")
    _, default = card_tables((release / "README.md").read_text(encoding="utf-8"))
    line = _python_line(repo_id, default, revision)
    if shown_endpoint:
        line = f"HF_ENDPOINT={shown_endpoint} {line}"
    return PublishResult(repo_id=repo_id, target=f"{endpoint}/datasets/{repo_id}", revision=revision,
                         commit=info.oid, root_hash=root, release_root_hash=release_root, load_line=line,
                         files=files, deleted=deleted)


def _git_identity(repo: Path) -> list[str]:
    if git(repo, "config", "--get", "user.email", check=False).returncode == 0:
        return []
    return ["-c", "user.name=indset publish", "-c", "user.email=indset@localhost"]


def _publish_local(release: Path, release_root: str, repo_id: str, revision: str | None, hub: Path,
                   log: Callable[[str], None]) -> PublishResult:
    repo = hub / repo_id
    name = repo_id.split("/")[1]
    if (repo / ".git").is_dir():
        if revision is not None and tag_exists(repo, revision):
            raise PublishError(f"{repo} already has tag {revision!r}; releases are immutable")
        if git(repo, "status", "--porcelain").stdout.strip():
            raise PublishError(f"{repo}: local hub repository has uncommitted changes; commit or discard them")
    elif repo.exists() and any(repo.iterdir()):
        raise PublishError(f"{repo}: exists and is not a git repository")
    else:
        repo.mkdir(parents=True, exist_ok=True)
        git(repo, "init", "-q")
        git(repo, "symbolic-ref", "HEAD", "refs/heads/main")
        log(f"created local hub repository {repo}")
    # the card names the hub folder by a placeholder: its absolute path (a home directory) may name a person, and
    # paths stay out of release/; the printed line, for the one who published, names the folder itself
    shown = f"{HUB_PLACEHOLDER}/{repo_id}"
    if revision is not None:
        folder = f"{name}-{revision}"
        clone = f"git -c advice.detachedHead=false clone --quiet --branch {revision} {{}} {folder}"
        checkout = clone.format(repo)
        how = {"load_path": folder, "revision": None, "checkout": clone.format(shown)}
    else:
        checkout, folder = None, str(repo)
        how = {"load_path": shown, "revision": None}
    with tempfile.TemporaryDirectory(prefix="indset-publish-") as tmp:
        stage = Path(tmp) / "release"
        root = stage_release(release, stage, {"repo": repo_id, "revision": revision}, how)
        before = set(git(repo, "ls-files", "-z").stdout.split("\0")) - {""}
        for p in repo.iterdir():
            if p.name != ".git":
                shutil.rmtree(p) if p.is_dir() and not p.is_symlink() else p.unlink()
        shutil.copytree(stage, repo, dirs_exist_ok=True)
    files = sorted(p.relative_to(repo).as_posix() for p in repo.rglob("*") if p.is_file() and ".git" not in
                   p.relative_to(repo).parts)
    git(repo, "add", "-A")
    git(repo, *_git_identity(repo), "commit", "-q", "--allow-empty", "-m",
        f"indset release {revision or ''}".strip(), "-m",
        f"Release root hash {release_root}; published root hash {root}.")
    commit = git(repo, "rev-parse", "HEAD").stdout.strip()
    if revision is not None:
        git(repo, *_git_identity(repo), "tag", "-a", revision, "-m", f"indset release {revision}")
        log(f"tag {revision} -> {commit}")
    _, default = card_tables((release / "README.md").read_text(encoding="utf-8"))
    line = _python_line(folder, default, None)
    if checkout:
        line = f"{checkout} && {line}"
    return PublishResult(repo_id=repo_id, target=str(repo), revision=revision, commit=commit, root_hash=root,
                         release_root_hash=release_root, load_line=line, files=files,
                         deleted=sorted(before - set(files)))
