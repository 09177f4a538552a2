"""Textiles (GB/T 4754 C17): the standard is standard.yaml; these modules add its domain parsers."""

from builders.textiles import checks, composition, machines, width, yarn  # noqa: F401
