"""The `indset` command line: build, validate, verify."""

from __future__ import annotations

import atexit
import contextlib
import datetime as dt
import json
import os
import sys
import time
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from indset.errors import IndsetError

app = typer.Typer(help="Turn enterprise exports into clean, validated, versioned industry datasets.",
                  no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False)
err = Console(stderr=True)


def _fail(message: str, code: int = 2) -> None:
    err.print(f"[red]error:[/red] {message}", highlight=False, soft_wrap=True)
    raise typer.Exit(code)


@app.command()
def build(
    industry: Annotated[str, typer.Argument(help="textiles | apparel | chemicals")],
    sources: Annotated[Path, typer.Option("--sources", "-s", help="Build manifest (YAML) listing the exports.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Output folder; gets release/ and internal/.")],
    keep_going: Annotated[bool, typer.Option("--keep-going", help="Skip unreadable or invalid sources.")] = False,
    profile: Annotated[str, typer.Option(help="public (default) or internal.")] = "public",
    reference_date: Annotated[str | None, typer.Option(help="YYYY-MM-DD for timeliness (default: manifest).")] = None,
    suites: Annotated[Path | None, typer.Option(help="Folder of GE suites (default: ./expectations).")] = None,
    engine: Annotated[str, typer.Option(help="local (default: polars in this process) or ray (needs indset\\[ray]; "
                                             "see docs/ray.md).")] = "local",
    ray_address: Annotated[str | None, typer.Option(help="Ray cluster to join with --engine ray, e.g. HOST:6379 "
                                                         "(default: RAY_ADDRESS, else a new local Ray).")] = None,
) -> None:
    """Build a release from a manifest of enterprise exports."""
    from indset.build import build as run_build
    from indset.malloc import keep_freed_memory

    keep_freed_memory()

    ref = None
    if reference_date:
        try:
            ref = dt.date.fromisoformat(reference_date)
        except ValueError:
            _fail("--reference-date must be YYYY-MM-DD")
    started = time.monotonic()
    with err.status(f"building {industry}") as status:
        def log(msg: str) -> None:
            status.update(f"[{time.monotonic() - started:5.1f}s] {msg}")

        try:
            result = run_build(industry, sources, out, keep_going=keep_going, profile=profile, reference_date=ref,
                               suites=suites, log=log, engine=engine, ray_address=ray_address)
        except IndsetError as exc:
            status.stop()
            _fail(str(exc))
    _print_summary(result.report)
    err.print("time: " + ", ".join(f"{k} {v:.1f} s" for k, v in result.timings.items())
              + f"; total {time.monotonic() - started:.1f} s", highlight=False, soft_wrap=True)
    err.print(f"release: {out / 'release'}  root hash {result.root_hash[:16]}")
    if not result.passed:
        err.print("[red]gate NOT passed:[/red] " + "; ".join(result.report["gate"]["reasons"]))
        raise typer.Exit(1)


def _print_summary(report: dict) -> None:
    table = Table(title=f"{report['industry']} (reference date {report['reference_date']})")
    for col in ("table", "rows in", "out", "quarantined", "merged", "score in", "score out", "critical failed"):
        table.add_column(col, justify="right" if col != "table" else "left")
    for name, t in report["tables"].items():
        table.add_row(name, str(t["rows_in"]), str(t["rows_out"]), str(t["rows_quarantined"]), str(t["rows_merged"]),
                      f"{t['scores']['input']['overall']:.1f}", f"{t['scores']['output']['overall']:.1f}",
                      str(t["expectations"]["failed_critical"]))
    err.print(table)
    for s in report.get("skipped_sources", []):
        err.print(f"[yellow]skipped[/yellow] source #{s['source']} ({s['table']}): {s['reason']}")


def _release_files(table_dir: Path) -> list[Path]:
    """A table's Parquet shards in release order (as the build validated them): splits in SPLITS order."""
    from indset.split import SPLITS

    rank = {s: i for i, s in enumerate(SPLITS)}
    return sorted(table_dir.glob("*.parquet"), key=lambda p: (rank.get(p.name.split("-")[0], len(rank)), p.name))


@app.command()
def validate(
    path: Annotated[Path, typer.Argument(help="A release folder (with manifest.json) or a folder of Parquet tables.")],
    industry: Annotated[str | None, typer.Option(help="Industry, when PATH has no manifest.json.")] = None,
    suites: Annotated[Path | None, typer.Option(help="Folder of GE suites (default: ./expectations).")] = None,
    docs: Annotated[Path | None, typer.Option(help="Write Data Docs here.")] = None,
) -> None:
    """Re-run the industry's Great Expectations suites on a release; exit 1 on a critical failure."""
    import polars as pl

    from indset.release_manifest import read_manifest
    from indset.resources import suites_dir
    from indset.validation import validate_tables

    manifest = path / "manifest.json"
    profile, params = "public", None
    if manifest.is_file():
        try:
            params = read_manifest(path)["parameters"]
        except IndsetError as exc:
            _fail(str(exc))
        industry, profile = industry or params.get("industry"), params.get("profile", "public")
    if not industry:
        _fail(f"{path}: no manifest.json; pass --industry")
    if not path.is_dir():
        _fail(f"{path}: not a folder")
    data = path / "data" if (path / "data").is_dir() else path
    tables = {}
    for tdir in sorted(p for p in data.iterdir() if p.is_dir()):
        files = _release_files(tdir)
        if files:
            try:
                tables[tdir.name] = pl.concat([pl.read_parquet(f) for f in files])
            except (pl.exceptions.PolarsError, OSError) as exc:  # a truncated shard, shards of other columns
                _fail(f"{tdir}: cannot read its shards as one table ({type(exc).__name__}); "
                      "`indset verify` tells which file changed")
    if not tables:
        _fail(f"{path}: no Parquet tables found")
    suites_at = suites_dir(suites, industry)
    try:
        results = validate_tables(tables, industry, suites_at, docs, profile)
    except (IndsetError, FileNotFoundError, ValueError) as exc:
        _fail(str(exc))
    if params is not None:
        _say_other_suites(params, industry, suites_at)
    table = Table(title=f"validation of {path}")
    for col in ("table", "suite", "rows", "evaluated", "failed critical", "failed warning"):
        table.add_column(col)
    for name, r in results.items():
        table.add_row(name, r.suite, str(tables[name].height), str(r.evaluated), str(r.failed_critical),
                      str(r.failed_warning))
    Console().print(table)
    for name, r in results.items():
        for f in r.failures:
            Console().print(f"  {name}: {f['severity']} {f['expectation']} {f.get('column') or ''} "
                            f"({f.get('unexpected_count', '?')} unexpected)")
    if any(r.failed_critical for r in results.values()):
        raise typer.Exit(1)


def _say_other_suites(params: dict, industry: str, suites_at: Path) -> None:
    """One warning line when the suites run differ from those the release was built with (an expectation deleted
    from a suite passes silently otherwise); the exit code stays the validation's."""
    from indset.fingerprint import suites_fingerprint

    built_with, running = params.get("suites_fingerprint"), suites_fingerprint(industry, suites_at)
    if built_with is None:
        err.print("[yellow]warning:[/yellow] manifest.json records no suites fingerprint (built before it was "
                  "recorded): cannot tell whether these are the suites the release was built with",
                  highlight=False, soft_wrap=True)
    elif built_with != running:
        err.print(f"[yellow]warning:[/yellow] the {industry} suites in {suites_at} differ from those the release was "
                  f"built with (suites fingerprint {running[:12]}, manifest.json {str(built_with)[:12]}): "
                  "expectations may have been added, changed or deleted",
                  highlight=False, soft_wrap=True)


@app.command()
def verify(path: Annotated[Path, typer.Argument(help="A release folder with manifest.json.")]) -> None:
    """Check every release file and the root hash against manifest.json."""
    from indset.release_manifest import verify_manifest

    if not (path / "manifest.json").is_file():
        _fail(f"{path}: no manifest.json")
    try:
        problems = verify_manifest(path)
    except IndsetError as exc:
        _fail(str(exc))
    for p in problems:
        err.print(f"[red]{p}[/red]")
    if problems:
        raise typer.Exit(1)
    root = json.loads((path / "manifest.json").read_text(encoding="utf-8"))["root_hash"]
    print(f"ok {root}")


@app.command()
def release(
    version: Annotated[str, typer.Argument(help="Release version, e.g. v0.2.0; becomes a git tag.")],
    data: Annotated[Path, typer.Option(help="The data folder versioned by DVC (every <industry>/release in it).")]
    = Path("data"),
    remote: Annotated[str | None, typer.Option(help="DVC remote to push to (default: the repo's default).")] = None,
) -> None:
    """Version data/ with DVC, commit data.dvc, tag VERSION, push the data to the DVC remote."""
    from indset.release import release as run_release

    try:
        result = run_release(version, data, remote, log=lambda m: err.print(m, highlight=False, soft_wrap=True))
    except IndsetError as exc:
        _fail(str(exc))
    err.print(f"pushed {result.pushed} file(s) to DVC remote {result.remote!r}", highlight=False, soft_wrap=True)
    print(f"released {result.version} at {result.commit[:12]}"
          + ("" if result.committed else " (data unchanged since the last commit: tag only)"))
    print(f"share it: git push && git push origin {result.version}   "
          f"restore it: git checkout {result.version} && dvc pull")


@app.command()
def publish(
    path: Annotated[Path, typer.Argument(help="A release folder (data/<industry>/release).")],
    repo: Annotated[str, typer.Option("--repo", help="Dataset repository ORG/NAME.")],
    endpoint: Annotated[str | None, typer.Option(help="Hub URL (default: HF_ENDPOINT, else huggingface.co).")]
    = None,
    revision: Annotated[str | None, typer.Option(help="Tag the published commit with this version.")] = None,
    to: Annotated[str | None, typer.Option("--to", help="file://DIR: publish to a local hub folder instead.")]
    = None,
) -> None:
    """Publish a release folder to a Hugging Face hub (token from HF_TOKEN) or a local hub folder."""
    from indset.publish import publish as run_publish

    try:
        result = run_publish(path, repo, revision=revision, endpoint=endpoint, to=to,
                             log=lambda m: err.print(m, highlight=False, soft_wrap=True))
    except IndsetError as exc:
        _fail(str(exc))
    err.print(f"published {len(result.files)} files to {result.target}"
              + (f" tag {result.revision}" if result.revision else "") + f" (commit {result.commit[:12]})",
              highlight=False, soft_wrap=True)
    print(f"load it:  {result.load_line}")


def main() -> None:  # pragma: no cover
    """The console entry point: run a command, then leave without tearing the interpreter down.

    A build holds GBs of frames, pandas copies and GE objects; freeing them one by one at interpreter
    exit took 1.3 s after a 1M-row build (measured). Exit handlers still run and output is flushed
    first; an unexpected exception still ends the normal way, with its traceback."""
    try:
        app()
        code = 0
    except SystemExit as exc:  # typer ends every command with one
        if exc.code is not None and not isinstance(exc.code, int):
            print(exc.code, file=sys.stderr)
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError):  # e.g. a closed pipe
            stream.flush()
    os._exit(code)


if __name__ == "__main__":  # pragma: no cover
    main()
