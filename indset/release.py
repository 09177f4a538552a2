"""`indset release VERSION`: version the built data with DVC, commit the pointer with git, tag, push.

A release is the whole `data/` folder (every industry's `release/` and `internal/` zones) as one DVC
output, `data.dvc`, committed and tagged in git; the bytes go to a DVC remote. `git clone` + `git checkout
VERSION` + `dvc pull` restores exactly the tagged data, and `indset verify` checks each root hash.

Order matters: every check runs before anything is written; `dvc add` and `dvc push` run before the git
commit and tag, so a failed push leaves no tag pointing at data that no remote holds (rerun the release).
DVC calls are serialized: one process-wide lock plus DVC's own repository lock held across add + push.
"""

from __future__ import annotations

import json
import logging
import subprocess
import threading
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from indset.errors import IndsetError
from indset.logs import quieted
from indset.release_manifest import MANIFEST, verify_manifest

_DVC_LOCK = threading.Lock()
# Keys that must never sit in the committed .dvc/config (they belong in the git-ignored .dvc/config.local).
SECRET_KEYS = ("access_key_id", "secret_access_key", "session_token", "password", "token", "key_secret",
               "credentialpath", "gdrive_client_secret", "account_key", "sas_token", "connection_string")


class ReleaseError(IndsetError):
    """A release refused or failed; the message is one line the user can act on."""


@dataclass
class ReleaseResult:
    version: str
    commit: str
    remote: str
    releases: dict[str, str] = field(default_factory=dict)  # release folder (repo-relative) -> root hash
    pushed: int = 0
    committed: bool = True


def release_problems(release_dir: Path) -> list[str]:
    """Why a built release may not be released or published (empty when the gate passed and it verifies)."""
    if not (release_dir / MANIFEST).is_file():
        return [f"{release_dir}: no {MANIFEST}"]
    quality = release_dir / "reports" / "quality.json"
    if not quality.is_file():
        return [f"{release_dir}: no reports/quality.json"]
    try:
        gate = json.loads(quality.read_text(encoding="utf-8")).get("gate", {})
    except json.JSONDecodeError:
        return [f"{release_dir}: reports/quality.json is not valid JSON"]
    if gate.get("passed") is not True:
        reasons = "; ".join(gate.get("reasons") or []) or "gate.passed is not true"
        return [f"{release_dir}: release gate not passed ({reasons})"]
    try:
        problems = verify_manifest(release_dir)
    except (json.JSONDecodeError, KeyError) as exc:
        return [f"{release_dir}: {MANIFEST} unreadable ({type(exc).__name__})"]
    if problems:
        more = f" and {len(problems) - 3} more" if len(problems) > 3 else ""
        return [f"{release_dir}: manifest does not verify ({'; '.join(problems[:3])}{more})"]
    return []


def root_hash_of(release_dir: Path) -> str:
    return json.loads((release_dir / MANIFEST).read_text(encoding="utf-8"))["root_hash"]


def git(cwd: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    proc = subprocess.run(["git", "-C", str(cwd), *args], capture_output=True, text=True)
    if check and proc.returncode != 0:
        lines = [ln for ln in (proc.stderr or proc.stdout).strip().splitlines() if ln.strip()]
        raise ReleaseError(f"git {args[0]} failed: {lines[-1] if lines else f'exit {proc.returncode}'}")
    return proc


def tag_exists(cwd: Path, tag: str) -> bool:
    return git(cwd, "rev-parse", "-q", "--verify", f"refs/tags/{tag}", check=False).returncode == 0


def check_tag_name(cwd: Path, tag: str) -> None:
    if not tag or git(cwd, "check-ref-format", f"refs/tags/{tag}", check=False).returncode != 0:
        raise ReleaseError(f"{tag!r} is not a valid git tag name")


def quiet_dvc() -> AbstractContextManager[None]:
    """DVC logs hints ('To track the changes with git, run: ...') at INFO; we commit ourselves."""
    return quieted("dvc", logging.WARNING)


@contextmanager
def dvc_repo(root: Path) -> Iterator[object]:
    """The DVC repository at `root`, with its lock held for the whole block (serialized DVC calls)."""
    from dvc.exceptions import DvcException
    from dvc.repo import Repo, lock_repo

    with _DVC_LOCK, quiet_dvc():
        try:
            with Repo(str(root)) as repo, lock_repo(repo):
                yield repo
        except DvcException as exc:
            msg = " ".join(str(exc).split()) or type(exc).__name__
            raise ReleaseError(f"dvc: {msg}") from exc


def _dirty_paths(root: Path, allowed: Callable[[str], bool]) -> list[str]:
    out = git(root, "status", "--porcelain=v1", "-z", "--untracked-files=no").stdout
    paths, entries, i = [], out.split("\0"), 0
    while i < len(entries):
        entry = entries[i]
        i += 1
        if not entry:
            continue
        status, path = entry[:2], entry[3:]
        if "R" in status or "C" in status:
            i += 1  # the rename/copy source follows
        if not allowed(path):
            paths.append(path)
    return paths


def _committed_secrets(root: Path) -> list[str]:
    from dvc.config import Config

    found = []
    conf = Config(dvc_dir=str(root / ".dvc"), validate=False).load_one("repo")
    for name, remote in (conf.get("remote") or {}).items():
        found += [f"remote {name!r}: {k}" for k in remote if k in SECRET_KEYS]
    return found


def _built_by_other_code(release_dir: Path, root: Path) -> list[str]:
    """[a problem] when the build beside ``release_dir`` was made by other code or suites than the repository
    ``root`` holds (``internal/build.json``'s fingerprints, :mod:`indset.fingerprint`); [] otherwise."""
    from indset.fingerprint import engine_fingerprint, suites_fingerprint
    from indset.resources import suites_dir

    build_json = release_dir.parent / "internal" / "build.json"
    manifest = json.loads((release_dir / "manifest.json").read_text(encoding="utf-8"))
    industry = manifest.get("parameters", {}).get("industry", "")
    try:
        recorded = json.loads(build_json.read_text(encoding="utf-8")).get("code", {})
    except (OSError, ValueError):
        recorded = {}
    if recorded.get("engine") != engine_fingerprint(root):
        return [f"{release_dir}: built by other code than this checkout's (indset, builders or cards changed since): "
                "rebuild it, so the tag names the code that built the data"]
    local = root / "expectations"   # as a build finds them: the repository's when it holds this industry's suites
    suites = local if any(local.glob(f"{industry}.*.json")) else suites_dir(None, industry)
    if recorded.get("suites") != suites_fingerprint(industry, suites):
        return [f"{release_dir}: validated with other suites than {suites.name}/ holds ({industry}.*.json changed "
                "since, or the build used --suites): rebuild it with the repository's suites"]
    return []


def release(version: str, data: Path = Path("data"), remote: str | None = None,
            log: Callable[[str], None] = lambda _m: None) -> ReleaseResult:
    """Check, `dvc add`, `dvc push`, git commit data.dvc (+ .gitignore), git tag VERSION."""
    data = data.resolve()
    top = git(data.parent if not data.exists() else data, "rev-parse", "--show-toplevel", check=False)
    if top.returncode != 0:
        raise ReleaseError(f"{data.parent}: not inside a git repository (run `git init` and `dvc init`)")
    root = Path(top.stdout.strip()).resolve()
    if not (root / ".dvc").is_dir():
        raise ReleaseError(f"{root}: not a DVC repository (run `dvc init` and commit .dvc/)")
    try:
        rel = data.relative_to(root).as_posix()
    except ValueError:
        raise ReleaseError(f"{data}: not inside the repository {root}") from None
    if rel == ".":
        raise ReleaseError("--data must be a folder inside the repository, not its root")
    dvcfile = f"{rel}.dvc"

    check_tag_name(root, version)
    if tag_exists(root, version):
        raise ReleaseError(f"tag {version} already exists; releases are immutable: choose a new version")

    def allowed(path: str) -> bool:
        return path in (dvcfile, rel) or path.startswith(rel + "/")

    dirty = _dirty_paths(root, allowed)
    if dirty:
        shown = ", ".join(dirty[:5]) + (f" and {len(dirty) - 5} more" if len(dirty) > 5 else "")
        raise ReleaseError(f"working tree has uncommitted changes to tracked files ({shown}); commit or stash "
                           "them first: a release tag must name exactly the code that built the data")

    if not data.is_dir():
        raise ReleaseError(f"{data}: no such folder; build first (indset build ... --out {rel}/<industry>)")
    leftovers = sorted(p.relative_to(root).as_posix() for p in data.glob("*/.*")
                       if p.is_dir() and p.name.startswith((".staging-", ".old-")))
    if leftovers:
        raise ReleaseError(f"{leftovers[0]}: leftover of an interrupted build; rebuild or delete it")
    releases = sorted(p for p in data.glob("*/release") if p.is_dir())
    if not releases:
        raise ReleaseError(f"{rel}: no built release (expected {rel}/<industry>/release/)")
    hashes = {}
    for r in releases:
        problems = release_problems(r) or _built_by_other_code(r, root)
        if problems:
            raise ReleaseError(problems[0].replace(str(r), r.relative_to(root).as_posix()))
        hashes[r.relative_to(root).as_posix()] = root_hash_of(r)
        log(f"ok {r.relative_to(root).as_posix()} gate passed, root hash {hashes[r.relative_to(root).as_posix()]}")

    secrets = _committed_secrets(root)
    if secrets:
        raise ReleaseError(f".dvc/config holds credentials ({secrets[0]}); move them to .dvc/config.local with "
                           "`dvc remote modify --local`")

    with dvc_repo(root) as repo:
        remotes = dict(repo.config.get("remote") or {})
        name = remote or repo.config["core"].get("remote")
        if not name:
            raise ReleaseError("no DVC remote: pass --remote NAME or set a default (`dvc remote default NAME`)")
        if name not in remotes:
            raise ReleaseError(f"DVC remote {name!r} is not configured (known: {', '.join(remotes) or 'none'})")
        log(f"dvc add {rel}")
        repo.add(str(root / rel))  # absolute: DVC resolves targets against the working directory
        log(f"dvc push -r {name}")
        pushed = repo.push(targets=[str(root / dvcfile)], remote=name)

    gitignore = (Path(rel).parent / ".gitignore").as_posix()
    to_stage = [dvcfile] + [g for g in (gitignore,) if git(root, "status", "--porcelain", "--", g).stdout.strip()]
    git(root, "add", "--", *to_stage)
    committed = git(root, "diff", "--cached", "--quiet", "--", *to_stage, check=False).returncode != 0
    if committed:
        body = "\n".join(f"{p}: root hash {h}" for p, h in hashes.items())
        git(root, "commit", "-q", "-m", f"Release {version}", "-m", body, "--", *to_stage)
    git(root, "tag", "-a", version, "-m", f"indset release {version}")
    commit = git(root, "rev-parse", "HEAD").stdout.strip()
    return ReleaseResult(version=version, commit=commit, remote=name, releases=hashes, pushed=pushed,
                         committed=committed)
