"""Great Expectations layer: suites in ``expectations/*.json``, custom expectations, runner.

Public API: :func:`validate_tables` and :class:`TableValidation`. Suite conventions (severity,
``meta.profiles``) are described in :mod:`indset.validation.suites`; custom expectation types in
:mod:`indset.validation.custom` (imported lazily, because importing GE takes a few seconds).
"""

from __future__ import annotations

from indset.validation.runner import TableValidation, Validation, validate_tables
from indset.validation.suites import PROFILES, SuiteError, load_suite

__all__ = ["PROFILES", "SuiteError", "TableValidation", "Validation", "load_suite", "validate_tables"]
