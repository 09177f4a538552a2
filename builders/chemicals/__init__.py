"""Chemicals (GB/T 4754 C26): the standard is standard.yaml; these modules add its domain parsers."""

from builders.chemicals import cas, formula, ghs, process  # noqa: F401
