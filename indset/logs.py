"""Logging helpers shared by the modules that wrap a chatty library."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def quieted(logger: str, level: int) -> Iterator[None]:
    """The library logger ``logger`` shows only records of ``level`` and above for the time of a ``with``."""
    log = logging.getLogger(logger)
    before = log.level
    log.setLevel(level)
    try:
        yield
    finally:
        log.setLevel(before)
