"""Execution engines for the row-local stages of a build.

``local`` (default) runs them in this process with polars; ``ray`` runs the same functions as Ray
tasks on a cluster (optional extra ``indset[ray]``; Ray is imported only when asked for). Both
return the same accumulators in the same order, so everything downstream is byte-identical.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from indset.errors import IndsetError

ENGINES = ("local", "ray")


def source_reader(engine: str, ray_address: str | None = None) -> Callable[..., Any]:
    """The ``read_sources(std, sources, reference, keep_going, log)`` function of an engine."""
    if engine == "local":
        if ray_address:
            raise IndsetError("--ray-address needs --engine ray")
        from indset.build import read_sources

        return read_sources
    if engine == "ray":
        try:
            from indset.engines import ray_engine
        except ImportError as exc:
            raise IndsetError(f"--engine ray needs Ray ({exc.name or 'ray'} is not installed): "
                              "pip install 'indset[ray]'") from None
        return functools.partial(ray_engine.read_sources, address=ray_address)
    raise IndsetError(f"unknown engine {engine!r} (expected one of {', '.join(ENGINES)})")
