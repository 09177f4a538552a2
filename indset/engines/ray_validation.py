"""Validation slices as Ray tasks: the executor :mod:`indset.validation.sharded` runs a build's suites with.

The driver ``ray.put``s each slice's columns (polars, i.e. Arrow buffers: no shared file system needed)
and submits ``validate_slice`` on them; results come back in submission order, at most ``2 x CPUs`` in
flight. Failures surface as in :mod:`indset.engines.ray_engine`: one ``IndsetError`` line.
"""

from __future__ import annotations

import contextlib
from typing import Any

import ray
import ray.exceptions

from indset.engines.ray_engine import MAX_RETRIES, arrow_wire, joined, ray_errors
from indset.validation.sharded import validate_slice

IN_FLIGHT_PER_CPU = 2


@ray.remote(max_retries=MAX_RETRIES)
def slice_task(*args: Any) -> Any:
    """:func:`indset.validation.sharded.validate_slice` as a Ray task (put arguments arrive resolved)."""
    arrow_wire()
    return validate_slice(*args)


class RayExecutor:
    """Joins the cluster at ``address`` (else RAY_ADDRESS, else a new local Ray) for the time of a ``with``."""

    name = "ray"

    def __init__(self, address: str | None) -> None:
        self.address = address
        self.window = IN_FLIGHT_PER_CPU
        self._joined = contextlib.ExitStack()

    def __enter__(self) -> RayExecutor:
        self._joined.enter_context(joined(self.address))
        self.window = IN_FLIGHT_PER_CPU * max(1, int(ray.cluster_resources().get("CPU", 1)))
        return self

    def __exit__(self, *exc: object) -> None:
        self._joined.close()

    def put(self, value: Any) -> ray.ObjectRef:
        return ray.put(value)

    def submit(self, *args: Any) -> ray.ObjectRef:
        return slice_task.remote(*args)

    def get(self, handle: ray.ObjectRef) -> Any:
        with ray_errors("a validation task failed", "validation failed"):
            return ray.get(handle)
