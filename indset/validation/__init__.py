"""Great Expectations layer: suites in ``expectations/*.json``, custom expectations, runner.

Public API: :func:`validate_tables`, :class:`Validation`, :class:`TableValidation` and :func:`release_order`
(rows in the order of the release's shards; :mod:`indset.validation.sharded`). Suite conventions (severity,
``meta.profiles``) are described in :mod:`indset.validation.suites`; custom expectation types in
:mod:`indset.validation.custom` (imported lazily, because importing GE takes a few seconds).
"""

from __future__ import annotations

from indset.package import ReleaseOrder, release_order
from indset.validation.runner import TableValidation, Validation, validate_tables
from indset.validation.suites import PROFILES, SuiteError, load_suite

__all__ = ["PROFILES", "ReleaseOrder", "SuiteError", "TableValidation", "Validation", "load_suite", "release_order",
           "validate_tables"]
