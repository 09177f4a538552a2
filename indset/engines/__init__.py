"""Execution engines for the row-local stages and the validation of a build.

``local`` (default) runs them in this process with polars; ``ray`` runs the same functions as Ray
tasks on a cluster (optional extra ``indset[ray]``; Ray is imported only when asked for). Both
return the same accumulators in the same order, and validation results merged from shards equal
one pass over the table (:mod:`indset.validation.sharded`), so everything downstream is byte-identical.
"""

from __future__ import annotations

import contextlib
import functools
import importlib
from collections.abc import Callable, Iterator
from typing import Any

from indset.errors import IndsetError

ENGINES = ("local", "ray")


@contextlib.contextmanager
def session(engine: str, ray_address: str | None = None) -> Iterator[None]:
    """For ``ray``: one connection for a whole build (the read and validation steps join it, so a build
    without an address starts one private local Ray, not one per step); nothing for ``local``."""
    with _ray("ray_engine").joined(ray_address) if engine == "ray" else contextlib.nullcontext():
        yield


def source_reader(engine: str, ray_address: str | None = None) -> Callable[..., Any]:
    """The ``read_sources(std, sources, reference, keep_going, log)`` function of an engine."""
    if engine == "local":
        if ray_address:
            raise IndsetError("--ray-address needs --engine ray")
        from indset.build import read_sources

        return read_sources
    if engine == "ray":
        return functools.partial(_ray("ray_engine").read_sources, address=ray_address)
    raise _unknown(engine)


def validation_executor(engine: str, ray_address: str | None = None) -> Any:
    """None for the local engine (validation runs in this process); for ``ray``, an executor of shard tasks."""
    if engine == "local":
        return None
    if engine == "ray":
        return _ray("ray_validation").RayExecutor(ray_address)
    raise _unknown(engine)


def _ray(module: str) -> Any:
    try:
        return importlib.import_module(f"indset.engines.{module}")
    except ImportError as exc:
        raise IndsetError(f"--engine ray needs Ray ({exc.name or 'ray'} is not installed): "
                          "pip install 'indset[ray]'") from None


def _unknown(engine: str) -> IndsetError:
    return IndsetError(f"unknown engine {engine!r} (expected one of {', '.join(ENGINES)})")
